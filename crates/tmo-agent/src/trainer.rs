//! A training run of any learner, advanced a budget of updates at a time (fit for a Web
//! Worker: call [`Trainer::advance`] between messages; to cancel, stop calling; to resume,
//! call again). The algorithm's own update rule sits behind [`Update`]; what every learner
//! shares (environments, seed, step counts, λ, progress) sits here.

use crate::a2c::A2c;
use crate::backend::Backend;
use crate::config::{AlgorithmConfig, ConfigError, LearnerConfig};
use crate::constraint::Lagrangian;
use crate::dqn::Dqn;
use crate::env::Environment;
use crate::model::MlpWeights;
use crate::policy::GreedyPolicy;
use crate::ppo::Ppo;
use crate::vec_env::VecEnv;
use burn::tensor::Device;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// One of an algorithm's own numbers after an update (a loss, ε, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// Its name, e.g. `policy_loss`, `td_loss`, `epsilon`.
    pub name: String,
    /// Its value.
    pub value: f32,
}

impl Metric {
    /// A metric named `name`.
    pub fn new(name: &str, value: f32) -> Self {
        Self {
            name: name.to_owned(),
            value,
        }
    }
}

/// Where a training run stands, after the latest update.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Environment steps taken so far (summed over environments).
    pub timesteps: u64,
    /// Environment steps the run was asked for.
    pub total_timesteps: u64,
    /// Updates done so far.
    pub updates: u64,
    /// Episodes finished so far.
    pub episodes: u64,
    /// Mean total reward of the last (up to 100) finished episodes.
    pub mean_episode_reward: Option<f32>,
    /// Share of the last (up to 100) finished episodes that went over a budget.
    pub violation_rate: Option<f32>,
    /// The penalty weight λ used by the latest update (`None` without resource constraints).
    pub lambda: Option<f32>,
    /// The algorithm's own numbers from the latest update, in a fixed order per algorithm.
    pub metrics: Vec<Metric>,
    /// Whether the run has reached its timesteps.
    pub finished: bool,
}

impl Progress {
    /// The metric named `name`, if the latest update reported it.
    pub fn metric(&self, name: &str) -> Option<f32> {
        self.metrics
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.value)
    }
}

/// Why a trainer could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    /// The configuration has a bad field.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The environments given do not match the configuration or each other.
    #[error("environments: {0}")]
    Environments(String),
}

/// The observation length and action count the networks are built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Observation length.
    pub obs_len: usize,
    /// Number of the agent's actions (outputs).
    pub num_actions: usize,
}

/// What an update may use: the environments, the run's generator, λ and where the run stands.
pub(crate) struct Context<'a, E> {
    /// The environments, stepped by the update.
    pub envs: &'a mut VecEnv<E>,
    /// The run's generator.
    pub rng: &'a mut ChaCha8Rng,
    /// λ and the penalty, for a constrained learner.
    pub lagrangian: Option<&'a mut Lagrangian>,
    /// Environment steps taken before this update.
    pub timesteps: u64,
    /// Environment steps the run was asked for.
    pub total_timesteps: u64,
}

/// An algorithm's update rule and networks.
pub(crate) trait Update<E> {
    /// Collects experience and learns from it; returns the algorithm's metrics.
    fn update(&mut self, cx: Context<'_, E>) -> Vec<Metric>;
    /// The greedy policy of the current networks.
    fn policy(&self) -> GreedyPolicy;
    /// Every network's current weights (for checks of determinism).
    fn networks(&self) -> Vec<MlpWeights>;
}

/// A training run of one learner over `n_envs` environments.
pub struct Trainer<E> {
    config: LearnerConfig,
    envs: VecEnv<E>,
    rng: ChaCha8Rng,
    algorithm: Box<dyn Update<E>>,
    lagrangian: Option<Lagrangian>,
    timesteps: u64,
    updates: u64,
    metrics: Vec<Metric>,
}

impl<E: Environment + 'static> Trainer<E> {
    /// A run of `config` over `envs` (exactly `config.n_envs` of them, all alike) on the
    /// chosen backend.
    pub fn new(config: LearnerConfig, envs: Vec<E>) -> Result<Self, TrainError> {
        Self::on_backend(config, envs, Backend::CHOSEN)
    }

    /// As [`new`](Self::new), on a given backend (for benchmarks).
    pub fn on_backend(
        config: LearnerConfig,
        envs: Vec<E>,
        backend: Backend,
    ) -> Result<Self, TrainError> {
        config.validate()?;
        let shape = check_environments(&config, &envs)?;
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        let device: Device = backend.autodiff_device();
        // The networks draw their weights before the environments their first episodes.
        let algorithm: Box<dyn Update<E>> = match &config.algorithm {
            AlgorithmConfig::A2c(c) => {
                Box::new(A2c::new(c.clone(), &config, shape, &mut rng, device))
            }
            AlgorithmConfig::Ppo(c) => {
                Box::new(Ppo::new(c.clone(), &config, shape, &mut rng, device))
            }
            AlgorithmConfig::Dqn(c) => {
                Box::new(Dqn::new(c.clone(), &config, shape, &mut rng, device))
            }
        };
        let envs = VecEnv::new(envs, &mut rng);
        Ok(Self {
            lagrangian: config.resource_constraints.as_ref().map(Lagrangian::new),
            config,
            envs,
            rng,
            algorithm,
            timesteps: 0,
            updates: 0,
            metrics: Vec::new(),
        })
    }
}

impl<E: Environment> Trainer<E> {
    /// The run's configuration.
    pub fn config(&self) -> &LearnerConfig {
        &self.config
    }

    /// Whether the run has reached its timesteps.
    pub fn is_finished(&self) -> bool {
        self.updates >= self.config.total_updates()
    }

    /// Runs up to `max_updates` more updates (fewer if the run finishes) and reports.
    pub fn advance(&mut self, max_updates: u64) -> Progress {
        for _ in 0..max_updates {
            if self.is_finished() {
                break;
            }
            let cx = Context {
                envs: &mut self.envs,
                rng: &mut self.rng,
                lagrangian: self.lagrangian.as_mut(),
                timesteps: self.timesteps,
                total_timesteps: self.config.timesteps,
            };
            self.metrics = self.algorithm.update(cx);
            self.updates += 1;
            self.timesteps += self.config.steps_per_update();
        }
        self.progress()
    }

    /// Runs the remaining updates, reporting after every `every` of them.
    pub fn run_to_end(&mut self, every: u64, mut report: impl FnMut(&Progress)) -> Progress {
        loop {
            let p = self.advance(every.max(1));
            report(&p);
            if p.finished {
                return p;
            }
        }
    }

    /// Where the run stands.
    pub fn progress(&self) -> Progress {
        Progress {
            timesteps: self.timesteps,
            total_timesteps: self.config.timesteps,
            updates: self.updates,
            episodes: self.envs.episodes(),
            mean_episode_reward: self.envs.mean_episode_reward(),
            violation_rate: self.envs.violation_rate(),
            lambda: self.lagrangian.map(|l| l.lambda()),
            metrics: self.metrics.clone(),
            finished: self.is_finished(),
        }
    }

    /// Every network's current weights (actor then critic; or the Q-network then its target).
    pub fn networks(&self) -> Vec<MlpWeights> {
        self.algorithm.networks()
    }

    /// The current policy, acting greedily.
    pub fn policy(&self) -> GreedyPolicy {
        self.algorithm.policy()
    }
}

/// The shape of `envs`, checked against `config` and each other.
fn check_environments<E: Environment>(
    config: &LearnerConfig,
    envs: &[E],
) -> Result<Shape, TrainError> {
    if envs.len() != config.n_envs {
        return Err(TrainError::Environments(format!(
            "{} given, n_envs is {}",
            envs.len(),
            config.n_envs
        )));
    }
    let (obs_len, num_actions) = (envs[0].obs_len(), envs[0].num_actions());
    if obs_len == 0 || num_actions == 0 {
        return Err(TrainError::Environments(
            "empty observation or no action".into(),
        ));
    }
    if envs
        .iter()
        .any(|e| e.obs_len() != obs_len || e.num_actions() != num_actions)
    {
        return Err(TrainError::Environments(
            "observation lengths or action counts differ".into(),
        ));
    }
    Ok(Shape {
        obs_len,
        num_actions,
    })
}
