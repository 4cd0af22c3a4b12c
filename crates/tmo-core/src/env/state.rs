//! The state of one episode in progress: position, history, spending and budgets.

use super::History;
use crate::actions::Action;
use crate::budget::{Budgets, ExcessScale};
use crate::simulator::{Outcome, Simulator};

/// One episode being played with the agent's own (closed-loop) history.
#[derive(Clone, Debug, PartialEq)]
pub struct EpisodeState {
    episode: usize,
    turn: usize,
    history: History,
    spent_latency_s: f64,
    spent_usage_usd: f64,
    budgets: Budgets,
    remaining: Budgets,
}

impl EpisodeState {
    /// Starts the episode at dataset position `episode` with `budgets`.
    pub fn start(sim: &Simulator, episode: usize, budgets: Budgets) -> EpisodeState {
        EpisodeState {
            episode,
            turn: 0,
            history: History::new(
                sim.actions(),
                sim.scenario().time_span,
                sim.episode(episode).turns[0].task,
            ),
            spent_latency_s: 0.0,
            spent_usage_usd: 0.0,
            budgets,
            remaining: budgets,
        }
    }

    /// Dataset position of the episode.
    pub fn episode(&self) -> usize {
        self.episode
    }

    /// Index of the current turn.
    pub fn turn(&self) -> usize {
        self.turn
    }

    /// The integer history (the observation without budgets).
    pub fn history(&self) -> &[i16] {
        self.history.values()
    }

    /// The episode's budgets.
    pub fn budgets(&self) -> Budgets {
        self.budgets
    }

    /// Latency spent so far in this episode, seconds.
    pub fn spent_latency_s(&self) -> f64 {
        self.spent_latency_s
    }

    /// Usage spent so far in this episode, USD.
    pub fn spent_usage_usd(&self) -> f64 {
        self.spent_usage_usd
    }

    /// What remains of each budget (negative once exceeded), each cost subtracted in turn.
    pub fn remaining(&self) -> Budgets {
        self.remaining
    }

    /// Whether either budget has gone negative.
    pub fn over_budget(&self) -> bool {
        let r = self.remaining();
        r.latency_s < 0.0 || r.usage_usd < 0.0
    }

    /// Writes the observation: the history, then with resource constraints
    /// `[remaining_latency / hi_L, remaining_usage / hi_U]` where `hi` is the upper bound of
    /// the training budget range (§7; 1 when that bound is 0).
    pub fn write_obs(&self, sim: &Simulator, resource_constraints: bool, out: &mut [f32]) {
        let h = self.history.values();
        for (o, &v) in out.iter_mut().zip(h) {
            *o = f32::from(v);
        }
        if resource_constraints {
            let range = sim.budget_range();
            let r = self.remaining();
            out[h.len()] = (r.latency_s / nonzero(range.latency_s.hi)) as f32;
            out[h.len() + 1] = (r.usage_usd / nonzero(range.usage_usd.hi)) as f32;
        }
    }

    /// For every action, `excess_L / S_L + excess_U / S_U` if it were taken now, where the
    /// excess is how far spending so far plus the action would exceed the budget (0 within)
    /// and `S` is the budget or the budget range's upper bound, as `scale` says (a zero
    /// scale divides by 1).
    pub fn write_excess(&self, sim: &Simulator, scale: ExcessScale, out: &mut [f32]) {
        let (lat, usage) = (sim.costs().latency.raw(), sim.costs().usage.raw());
        for (o, a) in out.iter_mut().zip(sim.actions().iter()) {
            let slot = sim.actions().cost_slot(a);
            *o = self.excess_after(sim, scale, lat[slot], usage[slot]);
        }
    }

    /// The same measure as [`write_excess`](Self::write_excess) for the spending so far.
    pub fn excess(&self, sim: &Simulator, scale: ExcessScale) -> f32 {
        self.excess_after(sim, scale, 0.0, 0.0)
    }

    /// The normalised excess once `latency_s` and `usage_usd` more are spent.
    fn excess_after(
        &self,
        sim: &Simulator,
        scale: ExcessScale,
        latency_s: f64,
        usage_usd: f64,
    ) -> f32 {
        let (scale_l, scale_u) = match scale {
            ExcessScale::Budget => (self.budgets.latency_s, self.budgets.usage_usd),
            ExcessScale::BudgetRange => {
                let range = sim.budget_range();
                (range.latency_s.hi, range.usage_usd.hi)
            }
        };
        let el = (self.spent_latency_s + latency_s - self.budgets.latency_s).max(0.0);
        let eu = (self.spent_usage_usd + usage_usd - self.budgets.usage_usd).max(0.0);
        (el / nonzero(scale_l) + eu / nonzero(scale_u)) as f32
    }

    /// Spends the outcome of `action` and moves to the next turn; returns whether the episode ended.
    pub fn apply(&mut self, sim: &Simulator, action: Action, outcome: &Outcome) -> bool {
        self.spent_latency_s += outcome.latency_s;
        self.spent_usage_usd += outcome.usage_usd;
        self.remaining.latency_s -= outcome.latency_s;
        self.remaining.usage_usd -= outcome.usage_usd;
        let turns = &sim.episode(self.episode).turns;
        let next_task = turns.get(self.turn + 1).map(|t| t.task);
        self.history.advance(sim.actions(), action, next_task);
        self.turn += 1;
        self.turn >= turns.len()
    }

    /// Whether every turn has been played.
    pub fn is_done(&self, sim: &Simulator) -> bool {
        self.turn >= sim.episode(self.episode).turns.len()
    }
}

fn nonzero(v: f64) -> f64 {
    if v > 0.0 { v } else { 1.0 }
}
