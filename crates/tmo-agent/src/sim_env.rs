//! The simulator's training environment as the learners see it, and training on a simulator.

use crate::config::LearnerConfig;
use crate::env::{Environment, EpisodeEnd, Step};
use crate::trainer::{TrainError, Trainer};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;
use tmo_core::ablation::Ablation;
use tmo_core::{Action, ExcessScale, Simulator, TrainEnv};

/// ChaCha streams of the environments' own generators (an ablation's coin and random views),
/// one per environment from this one on; the trainer's generator is stream 0 of the seed.
const FIRST_ENV_STREAM: u64 = 16;

/// tmo-core's training environment with the scale of its RC budget excess and, for an
/// ablation, the mapping from the agent's outputs to actions.
#[derive(Clone, Debug)]
pub struct SimEnv {
    env: TrainEnv,
    excess_scale: ExcessScale,
    /// An ablation that changes the agent's outputs, with its generator.
    ablation: Option<(Ablation, ChaCha8Rng)>,
}

impl SimEnv {
    /// The `index`-th training environment of a run of `config` on `sim`.
    pub fn new(sim: &Arc<Simulator>, config: &LearnerConfig, index: usize) -> SimEnv {
        let env = TrainEnv::new(Arc::clone(sim), config.resource_constraints.is_some());
        let env = match config.ablation {
            Some(Ablation::NoScoreEstimation) => env.without_score_estimation(),
            _ => env,
        };
        let ablation = config
            .ablation
            .filter(|a| *a != Ablation::NoScoreEstimation)
            .map(|a| {
                let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
                rng.set_stream(FIRST_ENV_STREAM + index as u64);
                (a, rng)
            });
        SimEnv {
            env,
            excess_scale: config
                .resource_constraints
                .map(|c| c.excess_scale)
                .unwrap_or_default(),
            ablation,
        }
    }
}

impl Environment for SimEnv {
    fn obs_len(&self) -> usize {
        self.env.obs_len()
    }

    fn num_actions(&self) -> usize {
        match &self.ablation {
            Some((a, _)) => a.agent_actions(self.env.simulator().actions()),
            None => self.env.num_actions(),
        }
    }

    fn reset(&mut self, rng: &mut ChaCha8Rng, obs: &mut [f32]) {
        obs.copy_from_slice(self.env.reset(rng));
    }

    fn step(&mut self, output: usize, obs: &mut [f32]) -> Step {
        let sim = Arc::clone(self.env.simulator());
        let action = match &mut self.ablation {
            Some((a, rng)) => a.action(output, sim.actions(), rng),
            // The learners only pick outputs below `num_actions`, which all exist.
            None => sim.actions().action(output).unwrap_or(Action::LOCAL),
        };
        let env = &mut self.env;
        let step = env.step(action);
        let reward = step.reward as f32;
        if step.done {
            let over_budget = env.state().over_budget();
            return Step {
                reward,
                end: Some(EpisodeEnd { over_budget }),
            };
        }
        obs.copy_from_slice(env.obs());
        Step { reward, end: None }
    }

    fn budget_excess(&self, out: &mut [f32]) {
        match &self.ablation {
            None => self.env.excess_per_action(self.excess_scale, out),
            Some((a, _)) => {
                let mut per_action = vec![0.0; self.env.num_actions()];
                self.env
                    .excess_per_action(self.excess_scale, &mut per_action);
                a.expected(self.env.simulator().actions(), &per_action, out);
            }
        }
    }

    fn excess_so_far(&self) -> f32 {
        self.env.excess_so_far(self.excess_scale)
    }
}

impl Trainer<SimEnv> {
    /// A run of `config` on the training episodes of `sim`, with the budget-carrying
    /// observation and zeroed rewards past a budget when `config` has resource constraints,
    /// and its ablation if any.
    pub fn for_simulator(config: LearnerConfig, sim: &Arc<Simulator>) -> Result<Self, TrainError> {
        let envs = (0..config.n_envs)
            .map(|i| SimEnv::new(sim, &config, i))
            .collect();
        Trainer::new(config, envs)
    }
}
