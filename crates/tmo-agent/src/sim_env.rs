//! The simulator's training environment as the learners see it, and training on a simulator.

use crate::config::LearnerConfig;
use crate::env::{Environment, EpisodeEnd, Step};
use crate::trainer::{TrainError, Trainer};
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;
use tmo_core::{Action, ExcessScale, Simulator, TrainEnv};

/// tmo-core's training environment with the scale of its RC-A2C budget excess.
#[derive(Clone, Debug)]
pub struct SimEnv {
    env: TrainEnv,
    excess_scale: ExcessScale,
}

impl Environment for SimEnv {
    fn obs_len(&self) -> usize {
        self.env.obs_len()
    }

    fn num_actions(&self) -> usize {
        self.env.num_actions()
    }

    fn reset(&mut self, rng: &mut ChaCha8Rng, obs: &mut [f32]) {
        obs.copy_from_slice(self.env.reset(rng));
    }

    fn step(&mut self, action: usize, obs: &mut [f32]) -> Step {
        let env = &mut self.env;
        // The learners only pick actions below `num_actions`, which all exist.
        let action = env
            .simulator()
            .actions()
            .action(action)
            .unwrap_or(Action::LOCAL);
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
        self.env.excess_per_action(self.excess_scale, out);
    }

    fn excess_so_far(&self) -> f32 {
        self.env.excess_so_far(self.excess_scale)
    }
}

impl Trainer<SimEnv> {
    /// A run of `config` on the training episodes of `sim`, with the budget-carrying
    /// observation and zeroed rewards past a budget when `config` has resource constraints.
    pub fn for_simulator(config: LearnerConfig, sim: &Arc<Simulator>) -> Result<Self, TrainError> {
        let rc = config.resource_constraints.is_some();
        let excess_scale = config
            .resource_constraints
            .map(|c| c.excess_scale)
            .unwrap_or_default();
        let envs = (0..config.n_envs)
            .map(|_| SimEnv {
                env: TrainEnv::new(Arc::clone(sim), rc),
                excess_scale,
            })
            .collect();
        Trainer::new(config, envs)
    }
}
