//! A trained learner as a policy of the simulator (greedy, as at evaluation).

use crate::policy::GreedyPolicy;
use tmo_core::{Action, Decision, Policy};

/// A trained actor acting greedily on the simulator's observations.
#[derive(Debug)]
pub struct TrainedPolicy {
    greedy: GreedyPolicy,
    resource_constraints: bool,
}

impl TrainedPolicy {
    /// Wraps `greedy`, trained with (`resource_constraints`) or without the budget-carrying
    /// observation.
    pub fn new(greedy: GreedyPolicy, resource_constraints: bool) -> Self {
        Self {
            greedy,
            resource_constraints,
        }
    }
}

impl TrainedPolicy {
    /// The greedy actor.
    pub fn greedy(&self) -> &GreedyPolicy {
        &self.greedy
    }
}

impl Policy for TrainedPolicy {
    fn uses_budgets(&self) -> bool {
        self.resource_constraints
    }

    fn act(&mut self, decision: &Decision<'_>) -> Action {
        let index = self.greedy.act(decision.obs());
        // The actor has one output per action of the scenario it was checked against.
        decision
            .simulator()
            .actions()
            .action(index)
            .unwrap_or(Action::LOCAL)
    }

    /// Every action, most probable first (the first is [`act`](Policy::act)'s).
    fn preferences(&mut self, decision: &Decision<'_>) -> Vec<Action> {
        let actions = decision.simulator().actions();
        self.greedy
            .ranking(decision.obs())
            .into_iter()
            .filter_map(|i| actions.action(i))
            .collect()
    }
}
