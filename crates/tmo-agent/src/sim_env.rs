//! The simulator's training environment as the learners see it, and training on a simulator.

use crate::config::TrainerConfig;
use crate::env::{Environment, EpisodeEnd, Step};
use crate::trainer::{TrainError, Trainer};
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;
use tmo_core::{Action, Simulator, TrainEnv};

impl Environment for TrainEnv {
    fn obs_len(&self) -> usize {
        TrainEnv::obs_len(self)
    }

    fn num_actions(&self) -> usize {
        TrainEnv::num_actions(self)
    }

    fn reset(&mut self, rng: &mut ChaCha8Rng, obs: &mut [f32]) {
        obs.copy_from_slice(TrainEnv::reset(self, rng));
    }

    fn step(&mut self, action: usize, obs: &mut [f32]) -> Step {
        // The learners only pick actions below `num_actions`, which all exist.
        let action = self
            .simulator()
            .actions()
            .action(action)
            .unwrap_or(Action::LOCAL);
        let step = TrainEnv::step(self, action);
        let reward = step.reward as f32;
        if step.done {
            let over_budget = self.state().over_budget();
            return Step {
                reward,
                end: Some(EpisodeEnd { over_budget }),
            };
        }
        obs.copy_from_slice(self.obs());
        Step { reward, end: None }
    }

    fn budget_excess(&self, out: &mut [f32]) {
        self.excess_per_action(out);
    }
}

impl Trainer<TrainEnv> {
    /// A run of `config` on the training episodes of `sim`, with the budget-carrying
    /// observation and zeroed rewards past a budget when `config` has resource constraints.
    pub fn for_simulator(config: TrainerConfig, sim: &Arc<Simulator>) -> Result<Self, TrainError> {
        let rc = config.resource_constraints.is_some();
        let envs = (0..config.n_envs)
            .map(|_| TrainEnv::new(Arc::clone(sim), rc))
            .collect();
        Trainer::new(config, envs)
    }
}
