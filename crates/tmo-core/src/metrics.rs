//! Evaluation metrics (SIMULATOR.md §10) and their accumulation over episodes.

use crate::budget::Budgets;
use crate::simulator::Outcome;
use serde::{Deserialize, Serialize};

/// The §10 metrics of one evaluation (each a mean over test episodes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Mean over episodes of the mean per-step estimate `Ŝ`.
    pub response_score: f64,
    /// Mean over episodes of the mean per-step raw association.
    pub association_score: f64,
    /// Mean episode total latency, seconds.
    pub latency: f64,
    /// Mean episode total usage, USD (tables show it × 1000).
    pub usage: f64,
    /// Mean over episodes of the mean per-step reward (never zeroed in evaluation).
    pub reward: f64,
    /// Mean over episodes of `max(0, total latency − budget)`, seconds.
    pub latency_violation: f64,
    /// Mean over episodes of `max(0, total usage − budget)`, USD.
    pub usage_violation: f64,
    /// Share of episodes over either budget.
    pub violation_rate: f64,
    /// How often each action id was taken.
    pub action_counts: Vec<u64>,
    /// What these numbers must be read with (see [`Caveats`]).
    #[serde(default)]
    pub caveats: Caveats,
}

/// Facts a policy's numbers must be read with; all false for most policies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caveats {
    /// The optimum's search stopped at its node budget in some episode: its reward is the
    /// best found, a lower bound on the optimum.
    pub lower_bound: bool,
    /// In some episode no action sequence within both budgets exists (or, with
    /// `lower_bound`, none was found): the least-violating one was played.
    pub no_plan_within_budgets: bool,
    /// In some episode answering every turn locally does not fit the budgets, so the shield
    /// could not guarantee them.
    pub shield_unguaranteed: bool,
}

impl Caveats {
    /// Each caveat: whether it is set, its key (CSV/JSON) and a sentence saying what it means.
    fn entries(self) -> [(bool, &'static str, &'static str); 3] {
        [
            (
                self.lower_bound,
                "lower_bound",
                "best found within the node budget (a lower bound on the optimum)",
            ),
            (
                self.no_plan_within_budgets,
                "no_plan_within_budgets",
                "some episode has no action sequence within the budgets; the least-violating one was played",
            ),
            (
                self.shield_unguaranteed,
                "shield_unguaranteed",
                "some episode's budgets do not cover answering every turn locally, so the shield could not guarantee them",
            ),
        ]
    }

    /// Both sets of caveats.
    pub fn union(self, other: Caveats) -> Caveats {
        Caveats {
            lower_bound: self.lower_bound || other.lower_bound,
            no_plan_within_budgets: self.no_plan_within_budgets || other.no_plan_within_budgets,
            shield_unguaranteed: self.shield_unguaranteed || other.shield_unguaranteed,
        }
    }

    /// Whether no caveat is set.
    pub fn is_empty(self) -> bool {
        self == Caveats::default()
    }

    /// The keys of the set caveats (`lower_bound`, `no_plan_within_budgets`,
    /// `shield_unguaranteed`).
    pub fn keys(self) -> Vec<&'static str> {
        self.entries()
            .into_iter()
            .filter_map(|(set, key, _)| set.then_some(key))
            .collect()
    }

    /// One sentence per set caveat.
    pub fn notes(self) -> Vec<&'static str> {
        self.entries()
            .into_iter()
            .filter_map(|(set, _, note)| set.then_some(note))
            .collect()
    }
}

/// Sums of one episode in progress.
#[derive(Clone, Copy, Debug, Default)]
struct EpisodeSums {
    steps: usize,
    response: f64,
    association: f64,
    reward: f64,
    latency: f64,
    usage: f64,
}

/// Accumulates steps and episodes into [`Metrics`].
#[derive(Clone, Debug)]
pub struct MetricsBuilder {
    episodes: usize,
    over_budget: usize,
    current: EpisodeSums,
    totals: Metrics,
}

impl MetricsBuilder {
    /// An empty accumulator for `num_actions` actions.
    pub fn new(num_actions: usize) -> MetricsBuilder {
        MetricsBuilder {
            episodes: 0,
            over_budget: 0,
            current: EpisodeSums::default(),
            totals: Metrics {
                response_score: 0.0,
                association_score: 0.0,
                latency: 0.0,
                usage: 0.0,
                reward: 0.0,
                latency_violation: 0.0,
                usage_violation: 0.0,
                violation_rate: 0.0,
                action_counts: vec![0; num_actions],
                caveats: Caveats::default(),
            },
        }
    }

    /// Records one step of the current episode.
    pub fn step(&mut self, action_index: usize, outcome: &Outcome, reward: f64) {
        let c = &mut self.current;
        c.steps += 1;
        c.response += outcome.estimate.score;
        c.association += outcome.association;
        c.reward += reward;
        c.latency += outcome.latency_s;
        c.usage += outcome.usage_usd;
        self.totals.action_counts[action_index] += 1;
    }

    /// Closes the current episode against its budgets.
    pub fn end_episode(&mut self, budgets: Budgets) {
        let c = std::mem::take(&mut self.current);
        let n = c.steps.max(1) as f64;
        let t = &mut self.totals;
        t.response_score += c.response / n;
        t.association_score += c.association / n;
        t.reward += c.reward / n;
        t.latency += c.latency;
        t.usage += c.usage;
        let over_l = (c.latency - budgets.latency_s).max(0.0);
        let over_u = (c.usage - budgets.usage_usd).max(0.0);
        t.latency_violation += over_l;
        t.usage_violation += over_u;
        if over_l > 0.0 || over_u > 0.0 {
            self.over_budget += 1;
        }
        self.episodes += 1;
    }

    /// The means over the closed episodes.
    pub fn finish(self) -> Metrics {
        let n = self.episodes.max(1) as f64;
        let t = self.totals;
        Metrics {
            response_score: t.response_score / n,
            association_score: t.association_score / n,
            latency: t.latency / n,
            usage: t.usage / n,
            reward: t.reward / n,
            latency_violation: t.latency_violation / n,
            usage_violation: t.usage_violation / n,
            violation_rate: self.over_budget as f64 / n,
            action_counts: t.action_counts,
            caveats: t.caveats,
        }
    }
}
