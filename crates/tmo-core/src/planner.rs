//! The optimum of one episode (EXPERIMENTS.md §1): the action sequence with the highest summed
//! reward whose total latency and usage stay within the budgets, the estimate queried on the
//! history the sequence itself builds (closed loop, as evaluation does).
//!
//! Depth-first search over the action tree, children that can still end within the budgets
//! first, each group by its reward now (so the first leaf is already a good sequence). A prefix
//! is cut when
//! - even the cheapest remaining turns would exceed a budget more than the best sequence so
//!   far does (costs are non-negative; once an in-budget sequence is known, this cuts every
//!   prefix that cannot stay in budget), checked from the costs before any estimate;
//! - its reward so far plus an upper bound of the remaining turns' rewards cannot beat the
//!   best so far. The bound is, per turn, the best over actions of the reward with the
//!   estimate at its largest value: the estimate is a weighted mean of logged training rewards.
//!
//! There is no memoisation: besides the action, the estimate reads only the history, and with
//! M4A1's `τ = 5` and at most 5 turns the history is the whole prefix, so no two nodes share a
//! subtree. Each computed estimate counts as a node; past the node budget the search stops and
//! returns the best found, marked not exact: a lower bound on the optimum.

use crate::actions::Action;
use crate::budget::Budgets;
use crate::env::EpisodeState;
use crate::simulator::Simulator;

/// Nodes per episode before the search settles for the best found. M4A1's largest tree
/// (5 turns, 9 actions) has 66 429 nodes, so M4A1 is solved exactly.
pub const DEFAULT_NODE_BUDGET: u64 = 100_000;

/// Slack for rounding when a reward bound is compared with the best so far.
const ROUNDING: f64 = 1e-9;

/// The best action sequence found for the rest of an episode.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    actions: Vec<Action>,
    reward: f64,
    exact: bool,
    within_budgets: bool,
}

impl Plan {
    /// One action per remaining turn.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The summed reward of those turns.
    pub fn reward(&self) -> f64 {
        self.reward
    }

    /// Whether the search covered the whole tree; if not, this is the best found, a lower
    /// bound on the optimum.
    pub fn exact(&self) -> bool {
        self.exact
    }

    /// Whether the episode's totals stay within both budgets. If not, no sequence does (when
    /// [`exact`](Self::exact)) or none was found, and this is the least violating (by excess
    /// relative to each budget), then the most rewarding of those.
    pub fn within_budgets(&self) -> bool {
        self.within_budgets
    }
}

/// Plans the rest of the episode at `start` within `start.budgets()`, computing about
/// `node_budget` estimates at most (always enough to reach one complete sequence).
pub fn plan(sim: &Simulator, start: &EpisodeState, node_budget: u64) -> Plan {
    let mut search = Search::new(sim, start, node_budget);
    search.descend(start, 0.0);
    Plan {
        within_budgets: search.best.violation == 0.0,
        actions: search.best.actions,
        reward: search.best.reward,
        exact: !search.truncated,
    }
}

/// The best complete sequence so far (initially none: infinitely violating).
struct Best {
    violation: f64,
    reward: f64,
    actions: Vec<Action>,
}

struct Search<'a> {
    sim: &'a Simulator,
    budgets: Budgets,
    turns: usize,
    /// Upper bound of the summed reward of turns `t ..`, indexed by `t`.
    reward_bound: Vec<f64>,
    /// Cheapest latency and usage of any action.
    cheapest: (f64, f64),
    nodes: u64,
    node_budget: u64,
    truncated: bool,
    path: Vec<Action>,
    best: Best,
}

impl<'a> Search<'a> {
    fn new(sim: &'a Simulator, start: &EpisodeState, node_budget: u64) -> Search<'a> {
        let turns = sim.episode(start.episode()).turns.len();
        let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
        let costs = sim.costs();
        Search {
            sim,
            budgets: start.budgets(),
            turns,
            reward_bound: reward_bounds(sim, start.episode()),
            cheapest: (min(costs.latency.raw()), min(costs.usage.raw())),
            nodes: 0,
            node_budget,
            truncated: false,
            path: Vec::with_capacity(turns),
            best: Best {
                violation: f64::INFINITY,
                reward: f64::NEG_INFINITY,
                actions: Vec::new(),
            },
        }
    }

    fn descend(&mut self, state: &EpisodeState, reward: f64) {
        let turn = state.turn();
        if turn >= self.turns {
            self.offer(state, reward);
            return;
        }
        let spent = (state.spent_latency_s(), state.spent_usage_usd());
        if self.cannot_improve(spent, self.turns - turn, reward + self.reward_bound[turn]) {
            return;
        }
        if self.nodes >= self.node_budget && self.best.violation.is_finite() {
            self.truncated = true;
            return;
        }
        let (sim, to_beat) = (self.sim, self.best.violation);
        let (latency, usage) = (sim.costs().latency.raw(), sim.costs().usage.raw());
        let mut children: Vec<_> = sim
            .actions()
            .iter()
            .filter_map(|a| {
                let slot = sim.actions().cost_slot(a);
                let after = (spent.0 + latency[slot], spent.1 + usage[slot]);
                let least = self.least_violation(after, self.turns - turn - 1);
                (least <= to_beat).then(|| {
                    let outcome = sim.outcome(state, a);
                    (a, outcome, outcome.terms.total(), least)
                })
            })
            .collect();
        self.nodes += children.len() as u64;
        // Children that can still end within the budgets first, then by reward now (stable:
        // equal keys keep action-id order), so the first sequence reached is a good one.
        children.sort_by(|a, b| a.3.total_cmp(&b.3).then(b.2.total_cmp(&a.2)));
        for (action, outcome, r, _) in children {
            let mut next = state.clone();
            next.apply(sim, action, &outcome);
            self.path.push(action);
            self.descend(&next, reward + r);
            self.path.pop();
        }
    }

    /// Whether a prefix that has spent `spent` with `turns_left` turns to go, whose reward is
    /// at most `reward_bound`, can no longer beat the best sequence.
    fn cannot_improve(&self, spent: (f64, f64), turns_left: usize, reward_bound: f64) -> bool {
        let least = self.least_violation(spent, turns_left);
        least > self.best.violation
            || (least >= self.best.violation && reward_bound < self.best.reward - ROUNDING)
    }

    /// The least violation reachable from `spent` with `turns_left` turns to go (each at the
    /// cheapest cost, summed in turn order as the episode sums them).
    fn least_violation(&self, spent: (f64, f64), turns_left: usize) -> f64 {
        let (mut latency, mut usage) = spent;
        for _ in 0..turns_left {
            latency += self.cheapest.0;
            usage += self.cheapest.1;
        }
        violation(self.budgets, latency, usage)
    }

    fn offer(&mut self, end: &EpisodeState, reward: f64) {
        let v = violation(self.budgets, end.spent_latency_s(), end.spent_usage_usd());
        if v < self.best.violation || (v == self.best.violation && reward > self.best.reward) {
            self.best = Best {
                violation: v,
                reward,
                actions: self.path.clone(),
            };
        }
    }
}

/// Excess over each budget relative to it (a zero budget counts the excess itself): 0 exactly
/// when both totals are within their budgets.
fn violation(budgets: Budgets, latency: f64, usage: f64) -> f64 {
    let over = |total: f64, budget: f64| {
        (total - budget).max(0.0) / if budget > 0.0 { budget } else { 1.0 }
    };
    over(latency, budgets.latency_s) + over(usage, budgets.usage_usd)
}

/// For each turn `t` of the episode at dataset position `episode`, an upper bound of the summed
/// reward of turns `t ..` (one more entry, 0, for the end).
fn reward_bounds(sim: &Simulator, episode: usize) -> Vec<f64> {
    let (lo, hi) = sim
        .split()
        .train()
        .iter()
        .flat_map(|&e| &sim.episode(e).turns)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), t| {
            (lo.min(t.logged_reward), hi.max(t.logged_reward))
        });
    let w = &sim.scenario().weights;
    let response = match (lo <= hi, w.response >= 0.0) {
        (false, _) => f64::INFINITY,
        (true, true) => w.response * hi,
        (true, false) => w.response * lo,
    };
    let costs = sim.costs();
    let turns = &sim.episode(episode).turns;
    let mut bounds = vec![0.0; turns.len() + 1];
    for (t, turn) in turns.iter().enumerate().rev() {
        let step = sim
            .actions()
            .iter()
            .map(|a| {
                let slot = sim.actions().cost_slot(a);
                // The terms in the order of `RewardTerms::total`, the estimate at its largest.
                response
                    + w.association * turn.association_normalised[a.index()]
                    + -(w.latency * costs.latency.normalised()[slot])
                    + -(w.usage * costs.usage.normalised()[slot])
            })
            .fold(f64::NEG_INFINITY, f64::max);
        bounds[t] = step + bounds[t + 1];
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violation_is_zero_exactly_within_budgets() {
        let b = Budgets {
            latency_s: 10.0,
            usage_usd: 0.0,
        };
        assert_eq!(violation(b, 10.0, 0.0), 0.0);
        assert_eq!(violation(b, 15.0, 0.5), 0.5 + 0.5);
    }
}
