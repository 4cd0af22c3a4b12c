//! The clairvoyant optimum played as a policy.

use super::{Decision, Policy};
use crate::actions::Action;
use crate::env::EpisodeState;
use crate::metrics::Caveats;
use crate::planner::{self, DEFAULT_NODE_BUDGET};
use crate::simulator::Simulator;

/// The optimum within the budgets (EXPERIMENTS.md §1) as a policy: at an episode's first turn
/// it plans the whole episode with [`planner::plan`], seeing the dialogue's future turns, and
/// then plays the plan. A clairvoyant bound, not a policy that could be deployed: no policy
/// acting turn by turn is sure to reach it.
///
/// It replans from any state its plan did not lead to (e.g. under a shield). Its
/// [`caveats`](Policy::caveats) say when a plan was only the best found within the node budget
/// (a lower bound) or when an episode had no sequence within the budgets.
#[derive(Clone, Debug)]
pub struct Optimal {
    node_budget: u64,
    /// The states the current plan passes through, each with the action it takes there.
    route: Vec<(EpisodeState, Action)>,
    caveats: Caveats,
}

impl Optimal {
    /// The optimum, searching at most about `node_budget` nodes (estimates) per episode.
    pub fn new(node_budget: u64) -> Optimal {
        Optimal {
            node_budget,
            route: Vec::new(),
            caveats: Caveats::default(),
        }
    }

    fn replan(&mut self, sim: &Simulator, state: &EpisodeState) {
        let plan = planner::plan(sim, state, self.node_budget);
        self.caveats = self.caveats.union(Caveats {
            lower_bound: !plan.exact(),
            no_plan_within_budgets: !plan.within_budgets(),
            ..Caveats::default()
        });
        self.route.clear();
        let mut at = state.clone();
        for &action in plan.actions() {
            self.route.push((at.clone(), action));
            let outcome = sim.outcome(&at, action);
            at.apply(sim, action, &outcome);
        }
    }
}

impl Default for Optimal {
    /// With [`DEFAULT_NODE_BUDGET`].
    fn default() -> Optimal {
        Optimal::new(DEFAULT_NODE_BUDGET)
    }
}

impl Policy for Optimal {
    fn act(&mut self, d: &Decision<'_>) -> Action {
        let planned = |route: &[(EpisodeState, Action)]| {
            route.iter().find(|(s, _)| s == d.state()).map(|&(_, a)| a)
        };
        if let Some(action) = planned(&self.route) {
            return action;
        }
        self.replan(d.simulator(), d.state());
        planned(&self.route).unwrap_or(Action::LOCAL)
    }

    fn caveats(&self) -> Caveats {
        self.caveats
    }
}
