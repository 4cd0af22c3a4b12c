//! The training loop, advanced a budget of updates at a time (fit for a Web Worker: call
//! [`Trainer::advance`] between messages; to cancel, stop calling; to resume, call again).

use crate::a2c::{Batch, LossParts, LossWeights, loss};
use crate::backend::Backend;
use crate::clip::clip_global_norm;
use crate::config::{ConfigError, TrainerConfig};
use crate::env::Environment;
use crate::model::{ActorCritic, ActorCriticWeights, floats};
use crate::policy::GreedyPolicy;
use crate::portable_math::softmax_rows;
use crate::rollout::Rollout;
use crate::vec_env::VecEnv;
use burn::module::Module;
use burn::optim::{GradientsParams, ModuleOptimizer, RmsPropConfig};
use burn::tensor::{Device, Tensor, TensorData};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

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
    /// The latest update's loss parts.
    pub loss: LossParts,
    /// The penalty weight λ used by the latest update (`None` without the penalty).
    pub lambda: Option<f32>,
    /// Whether the run has reached its timesteps.
    pub finished: bool,
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

/// An A2C / RC-A2C training run over `n_envs` environments.
pub struct Trainer<E> {
    config: TrainerConfig,
    device: Device,
    model: ActorCritic,
    optim: ModuleOptimizer,
    envs: VecEnv<E>,
    rollout: Rollout,
    rng: ChaCha8Rng,
    timesteps: u64,
    updates: u64,
    lambda: Option<f32>,
    last_loss: LossParts,
}

impl<E: Environment> Trainer<E> {
    /// A run of `config` over `envs` (exactly `config.n_envs` of them, all alike) on the
    /// chosen backend.
    pub fn new(config: TrainerConfig, envs: Vec<E>) -> Result<Self, TrainError> {
        Self::on_backend(config, envs, Backend::CHOSEN)
    }

    /// As [`new`](Self::new), on a given backend (for benchmarks).
    pub fn on_backend(
        config: TrainerConfig,
        envs: Vec<E>,
        backend: Backend,
    ) -> Result<Self, TrainError> {
        config.validate()?;
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
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        let weights = ActorCriticWeights::init(obs_len, num_actions, &config.hidden(), &mut rng);
        let device = backend.autodiff_device();
        let model = ActorCritic::from_weights(&weights, &device);
        let optim = RmsPropConfig::new()
            .with_alpha(config.rms_alpha)
            .with_epsilon(config.rms_eps)
            .with_momentum(0.0)
            .init();
        let envs = VecEnv::new(envs, &mut rng);
        Ok(Self {
            lambda: config.resource_constraints.map(|rc| rc.lambda),
            rollout: Rollout::new(config.n_envs, obs_len, num_actions),
            config,
            device,
            model,
            optim,
            envs,
            rng,
            timesteps: 0,
            updates: 0,
            last_loss: LossParts::default(),
        })
    }

    /// The run's configuration.
    pub fn config(&self) -> &TrainerConfig {
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
            self.update();
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
            loss: self.last_loss,
            lambda: self.lambda,
            finished: self.is_finished(),
        }
    }

    /// The current actor and critic weights.
    pub fn weights(&self) -> ActorCriticWeights {
        self.model.weights()
    }

    /// The current policy, acting greedily.
    pub fn policy(&self) -> GreedyPolicy {
        GreedyPolicy::new(&self.model.actor.weights())
    }

    /// Collects one rollout and takes one optimiser step on it.
    fn update(&mut self) {
        self.collect();
        let last_values = self.values_of_current_observations();
        let (advantages, returns) = self.rollout.advantages_and_returns(
            &last_values,
            self.config.gamma,
            self.config.gae_lambda,
        );
        let batch = Batch {
            obs: &self.rollout.obs,
            actions: &self.rollout.actions,
            advantages: &advantages,
            returns: &returns,
            excess: &self.rollout.excess,
            num_actions: self.rollout.num_actions(),
        };
        let weights = LossWeights {
            entropy: self.config.ent_coef,
            value: self.config.vf_coef,
            penalty: self.lambda.unwrap_or(0.0),
        };
        let (total, parts) = loss(&self.model, &batch, weights, &self.device);
        let mut grads = GradientsParams::from_grads(total.backward(), &self.model);
        clip_global_norm(&self.model, &mut grads, self.config.max_grad_norm);
        let model = self.model.clone();
        self.model = self
            .optim
            .step(f64::from(self.config.learning_rate), model, grads);
        if let (Some(lambda), Some(p)) = (self.lambda.as_mut(), self.config.resource_constraints) {
            *lambda += p.dual_step * parts.expected_excess;
        }
        self.last_loss = parts;
        self.updates += 1;
        self.timesteps += self.config.batch_size() as u64;
    }

    /// Steps every environment `n_steps` times with actions sampled from the policy.
    fn collect(&mut self) {
        self.rollout.clear();
        let infer = self.model.valid();
        let device = self.device.clone().without_autodiff();
        let (n, a) = (self.envs.len(), self.envs.num_actions());
        let mut actions = vec![0; n];
        let mut rewards = vec![0.0; n];
        let mut dones = vec![false; n];
        let mut excess = vec![0.0; n * a];
        for _ in 0..self.config.n_steps {
            let obs = self.observations(&device);
            let probs = softmax_rows(&floats(infer.actor.forward(obs.clone())), a);
            let values = floats(infer.critic.forward(obs));
            for (action, p) in actions.iter_mut().zip(probs.chunks_exact(a)) {
                *action = sample(p, self.rng.random());
            }
            if self.lambda.is_some() {
                self.envs.budget_excess(&mut excess);
                self.rollout.excess.extend_from_slice(&excess);
            }
            self.rollout.obs.extend_from_slice(self.envs.observations());
            self.envs
                .step(&actions, &mut self.rng, &mut rewards, &mut dones);
            self.rollout.actions.extend_from_slice(&actions);
            self.rollout.rewards.extend_from_slice(&rewards);
            self.rollout.dones.extend_from_slice(&dones);
            self.rollout.values.extend_from_slice(&values);
        }
    }

    fn values_of_current_observations(&self) -> Vec<f32> {
        let device = self.device.clone().without_autodiff();
        floats(
            self.model
                .critic
                .valid()
                .forward(self.observations(&device)),
        )
    }

    fn observations(&self, device: &Device) -> Tensor<2> {
        let shape = [self.envs.len(), self.envs.obs_len()];
        Tensor::from_data(
            TensorData::new(self.envs.observations().to_vec(), shape),
            device,
        )
    }
}

/// The action whose cumulative probability first exceeds `u` (uniform in [0, 1)); the last
/// action with positive probability if rounding leaves `u` beyond the total.
fn sample(probs: &[f32], u: f32) -> usize {
    let mut acc = 0.0;
    let mut last = 0;
    for (i, &p) in probs.iter().enumerate() {
        if p > 0.0 {
            acc += p;
            last = i;
            if u < acc {
                return i;
            }
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_follows_the_cumulative_distribution() {
        let p = [0.25, 0.0, 0.5, 0.25];
        assert_eq!(sample(&p, 0.0), 0);
        assert_eq!(sample(&p, 0.2499), 0);
        assert_eq!(sample(&p, 0.25), 2);
        assert_eq!(sample(&p, 0.7499), 2);
        assert_eq!(sample(&p, 0.75), 3);
        assert_eq!(sample(&[0.5, 0.4999, 0.0], 0.99999), 1);
    }
}
