//! The training environment: random training episodes, budgets drawn per episode (§7),
//! closed-loop history (§2 **Ours**), and with resource constraints the budget-carrying
//! observation and zero reward once a budget is exceeded.

use super::EpisodeState;
use crate::ablation::LoggedMeans;
use crate::actions::Action;
use crate::budget::ExcessScale;
use crate::simulator::{Outcome, Simulator};
use rand::{Rng, RngExt};
use std::sync::Arc;

/// The result of one training step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// The reward: the outcome's reward, or 0 with resource constraints once a budget is
    /// negative after this step's spending.
    pub reward: f64,
    /// Whether the episode ended (reset before stepping again).
    pub done: bool,
    /// Everything the action did.
    pub outcome: Outcome,
}

/// A training environment over the simulator's training episodes.
#[derive(Clone, Debug)]
pub struct TrainEnv {
    sim: Arc<Simulator>,
    resource_constraints: bool,
    state: EpisodeState,
    obs: Vec<f32>,
    /// For the no-score-estimation ablation: the response scores that replace the estimate.
    logged_means: Option<LoggedMeans>,
}

impl TrainEnv {
    /// A new environment; call [`TrainEnv::reset`] before the first step.
    pub fn new(sim: Arc<Simulator>, resource_constraints: bool) -> TrainEnv {
        let first = sim.split().train()[0];
        let state = EpisodeState::start(&sim, first, sim.scenario().budgets);
        let mut obs = vec![0.0; sim.obs_len(resource_constraints)];
        state.write_obs(&sim, resource_constraints, &mut obs);
        TrainEnv {
            sim,
            resource_constraints,
            state,
            obs,
            logged_means: None,
        }
    }

    /// The same environment whose reward's response term is the mean logged score of the
    /// chosen LLM over the training episodes instead of the estimate (the
    /// no-score-estimation ablation, [`crate::ablation`]).
    pub fn without_score_estimation(mut self) -> TrainEnv {
        self.logged_means = Some(LoggedMeans::of(&self.sim));
        self
    }

    /// The simulator.
    pub fn simulator(&self) -> &Arc<Simulator> {
        &self.sim
    }

    /// Observation length (see [`EpisodeState::write_obs`] for the layout).
    pub fn obs_len(&self) -> usize {
        self.obs.len()
    }

    /// Number of actions.
    pub fn num_actions(&self) -> usize {
        self.sim.num_actions()
    }

    /// The current observation.
    pub fn obs(&self) -> &[f32] {
        &self.obs
    }

    /// The episode in progress.
    pub fn state(&self) -> &EpisodeState {
        &self.state
    }

    /// Starts a uniformly drawn training episode with budgets from the scenario's distribution.
    pub fn reset<R: Rng + ?Sized>(&mut self, rng: &mut R) -> &[f32] {
        let train = self.sim.split().train();
        let episode = train[rng.random_range(0..train.len() as u32) as usize];
        let budgets = self.sim.scenario().budget_distribution.sample(
            self.sim.budget_range(),
            self.sim.scenario().budgets,
            rng,
        );
        self.state = EpisodeState::start(&self.sim, episode, budgets);
        self.state
            .write_obs(&self.sim, self.resource_constraints, &mut self.obs);
        &self.obs
    }

    /// Takes `action`; the next observation is then [`TrainEnv::obs`]. After `done`, the
    /// observation holds the finished history and the episode must be reset.
    ///
    /// # Panics
    /// If called again after `done` without [`TrainEnv::reset`].
    pub fn step(&mut self, action: Action) -> Step {
        let mut outcome = self.sim.outcome(&self.state, action);
        if let Some(means) = &self.logged_means {
            outcome.terms.response =
                self.sim.scenario().weights.response * means.score(self.sim.actions(), action);
        }
        let done = self.state.apply(&self.sim, action, &outcome);
        self.state
            .write_obs(&self.sim, self.resource_constraints, &mut self.obs);
        let zeroed = self.resource_constraints && self.state.over_budget();
        Step {
            reward: if zeroed { 0.0 } else { outcome.terms.total() },
            done,
            outcome,
        }
    }

    /// Per action, the normalised budget excess it would cause now (RC-A2C's penalty, §9).
    pub fn excess_per_action(&self, scale: ExcessScale, out: &mut [f32]) {
        self.state.write_excess(&self.sim, scale, out);
    }

    /// The normalised budget excess of the spending so far (same measure).
    pub fn excess_so_far(&self, scale: ExcessScale) -> f32 {
        self.state.excess(&self.sim, scale)
    }
}
