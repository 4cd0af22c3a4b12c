//! Policies (SIMULATOR.md §8): one trait for anything that picks an action, the rule
//! baselines, the clairvoyant optimum, the budget shield, and parsing policy names.

mod baselines;
mod optimal;
mod shield;
mod spec;

pub use baselines::{AllViews, CloudUniform, Greedy, Local, RandomMix, Sequence, TextOnly};
pub use optimal::Optimal;
pub use shield::{SHIELD_SUFFIX, Shielded, Shielding, unshielded};
pub use spec::{BaselineFactory, PolicyError, PolicyFactory, PolicySpec};

use crate::actions::Action;
use crate::env::EpisodeState;
use crate::metrics::Caveats;
use crate::simulator::{Outcome, Simulator};

/// What a policy sees when it decides: the observation and the scenario context.
#[derive(Clone, Copy, Debug)]
pub struct Decision<'a> {
    sim: &'a Simulator,
    state: &'a EpisodeState,
    obs: &'a [f32],
}

impl<'a> Decision<'a> {
    /// A decision at `state`, whose observation is `obs`.
    pub fn new(sim: &'a Simulator, state: &'a EpisodeState, obs: &'a [f32]) -> Decision<'a> {
        Decision { sim, state, obs }
    }

    /// The observation (with budgets when the policy [`Policy::uses_budgets`]).
    pub fn obs(&self) -> &'a [f32] {
        self.obs
    }

    /// The simulator (action space, costs, scenario).
    pub fn simulator(&self) -> &'a Simulator {
        self.sim
    }

    /// The episode in progress.
    pub fn state(&self) -> &'a EpisodeState {
        self.state
    }

    /// What `action` would do now (uses the estimate: only [`Greedy`] and [`Optimal`] look).
    pub fn outcome(&self, action: Action) -> Outcome {
        self.sim.outcome(self.state, action)
    }
}

/// The preferences of a policy that ranks nothing but its choice: `choice`, then answering
/// locally.
pub fn choice_then_local(choice: Action) -> Vec<Action> {
    if choice == Action::LOCAL {
        vec![choice]
    } else {
        vec![choice, Action::LOCAL]
    }
}

/// Anything that maps a decision to an action. `&mut self` so random or stateful policies
/// work; random ones are seeded when built.
pub trait Policy {
    /// Whether the observation should carry the remaining budgets (resource constraints).
    fn uses_budgets(&self) -> bool {
        false
    }

    /// Picks an action of `decision.simulator().actions()`.
    fn act(&mut self, decision: &Decision<'_>) -> Action;

    /// Actions in order of preference, most preferred first, in place of [`act`](Self::act)
    /// (never empty; need not list every action). [`Shielded`] takes the first it allows.
    ///
    /// The default is this policy's choice, then answering locally; learners rank every
    /// action by their output.
    fn preferences(&mut self, decision: &Decision<'_>) -> Vec<Action> {
        choice_then_local(self.act(decision))
    }

    /// What this policy's results must be read with, over every decision since it was built
    /// (none by default).
    fn caveats(&self) -> Caveats {
        Caveats::default()
    }
}
