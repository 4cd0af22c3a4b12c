//! The scenario-bound simulator: a dataset, a scenario and a split with everything precomputed
//! (costs, association vectors, the estimator and its cache). Build once, share by `Arc`.

use crate::actions::{Action, ActionSpace};
use crate::budget::{BudgetRange, Interval};
use crate::costs::CostTable;
use crate::dataset::Dataset;
use crate::env::{EpisodeState, History};
use crate::estimator::{Estimate, Estimator, MAX_VALUE, TurnRef};
use crate::preprocess::{ProcessedEpisode, preprocess};
use crate::scenario::{Scenario, ScenarioError};
use crate::split::Split;
use serde::{Deserialize, Serialize};

/// Most task categories a dataset may have: task ids stay within the estimator's value range.
pub const MAX_TASKS: usize = MAX_VALUE as usize + 1;

/// The four signed reward contributions of one step (§6); their sum is the reward.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RewardTerms {
    /// `α · Ŝ`.
    pub response: f64,
    /// `β_A · Â_norm`.
    pub association: f64,
    /// `−β_L · C_L,norm`.
    pub latency: f64,
    /// `−β_U · C_U,norm`.
    pub usage: f64,
}

impl RewardTerms {
    /// The reward, summed left to right as the reference does.
    pub fn total(&self) -> f64 {
        self.response + self.association + self.latency + self.usage
    }
}

/// What one action does at one state, before any budget rule.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The response-score estimate `Ŝ` and its nearest same-action neighbour.
    pub estimate: Estimate,
    /// Raw association of the uploaded views (0 for local and text-only).
    pub association: f64,
    /// Latency spent, seconds.
    pub latency_s: f64,
    /// Usage spent, USD.
    pub usage_usd: f64,
    /// Reward contributions.
    pub terms: RewardTerms,
}

/// A dataset, a scenario and a split, ready to simulate.
#[derive(Debug)]
pub struct Simulator {
    scenario: Scenario,
    actions: ActionSpace,
    costs: CostTable,
    episodes: Vec<ProcessedEpisode>,
    split: Split,
    estimator: Estimator,
    budget_range: BudgetRange,
}

impl Simulator {
    /// Validates the scenario against the dataset's views and precomputes everything.
    pub fn new(
        dataset: &Dataset,
        scenario: &Scenario,
        split: &Split,
    ) -> Result<Simulator, ScenarioError> {
        let x = dataset.num_views();
        let actions = ActionSpace::new(x).ok_or(ScenarioError::UnsupportedViews(x))?;
        scenario.validate(x)?;
        if dataset.tasks().len() > MAX_TASKS {
            return Err(ScenarioError::TooManyTasks(dataset.tasks().len()));
        }
        split.check_fits(dataset.episodes().len())?;
        let episodes = preprocess(dataset, &actions)?;
        let costs = CostTable::new(scenario);
        let tau = scenario.time_span as f64;
        let (lat, usage) = (costs.latency.raw(), costs.usage.raw());
        let budget_range = BudgetRange {
            latency_s: Interval {
                lo: tau * lat[0],
                hi: tau * lat[x + 1],
            },
            usage_usd: Interval {
                lo: tau * usage[0],
                hi: tau * usage[x + 1],
            },
        };
        let estimator = logged_pairs(&episodes, split, &actions, scenario);
        Ok(Simulator {
            scenario: scenario.clone(),
            estimator,
            actions,
            costs,
            episodes,
            split: split.clone(),
            budget_range,
        })
    }

    fn write_query(&self, history: &[i16], action: Action, out: &mut [i16]) {
        write_query(&self.actions, history, action, out);
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The action space.
    pub fn actions(&self) -> &ActionSpace {
        &self.actions
    }

    /// Number of actions, `1 + 2^X`.
    pub fn num_actions(&self) -> usize {
        self.actions.len()
    }

    /// Number of views `X`.
    pub fn num_views(&self) -> usize {
        self.actions.num_views()
    }

    /// `C_L` and `C_U`.
    pub fn costs(&self) -> &CostTable {
        &self.costs
    }

    /// The split.
    pub fn split(&self) -> &Split {
        &self.split
    }

    /// Training budget ranges (§7); their upper bounds normalise the budgets in observations.
    pub fn budget_range(&self) -> &BudgetRange {
        &self.budget_range
    }

    /// A preprocessed episode by dataset position.
    pub fn episode(&self, position: usize) -> &ProcessedEpisode {
        &self.episodes[position]
    }

    /// Number of logged training pairs behind the estimate.
    pub fn num_logged_pairs(&self) -> usize {
        self.estimator.len()
    }

    /// Width of one per-step state, `X + 2`.
    pub fn block_len(&self) -> usize {
        self.num_views() + 2
    }

    /// Width of the history part of an observation, `τ (X + 2)`.
    pub fn history_len(&self) -> usize {
        self.scenario.time_span * self.block_len()
    }

    /// Observation length: `τ (X + 2)`, plus 2 with resource constraints.
    pub fn obs_len(&self, resource_constraints: bool) -> usize {
        self.history_len() + if resource_constraints { 2 } else { 0 }
    }

    /// The estimate for an integer history and an action (memoised).
    pub fn estimate(&self, history: &[i16], action: Action) -> Estimate {
        self.with_query(history, action, |q| self.estimator.estimate(q))
    }

    /// The estimate computed from scratch, bypassing the cache.
    pub fn estimate_uncached(&self, history: &[i16], action: Action) -> Estimate {
        self.with_query(history, action, |q| self.estimator.compute(q))
    }

    /// Calls `f` with the query `[history, action vector]`, on the stack when it fits.
    fn with_query<T>(&self, history: &[i16], action: Action, f: impl FnOnce(&[i16]) -> T) -> T {
        let len = self.history_len() + self.num_views() + 1;
        let mut stack = [0i16; 128];
        let mut heap = Vec::new();
        let buf = match stack.get_mut(..len) {
            Some(buf) => buf,
            None => {
                heap.resize(len, 0);
                &mut heap[..]
            }
        };
        self.write_query(history, action, buf);
        f(buf)
    }

    /// What `action` does at `state` (estimate, association, costs, reward terms).
    pub fn outcome(&self, state: &EpisodeState, action: Action) -> Outcome {
        let turn = &self.episodes[state.episode()].turns[state.turn()];
        let slot = self.actions.cost_slot(action);
        let w = &self.scenario.weights;
        let estimate = self.estimate(state.history(), action);
        Outcome {
            estimate,
            association: turn.association[action.index()],
            latency_s: self.costs.latency.raw()[slot],
            usage_usd: self.costs.usage.raw()[slot],
            terms: RewardTerms {
                response: w.response * estimate.score,
                association: w.association * turn.association_normalised[action.index()],
                latency: -(w.latency * self.costs.latency.normalised()[slot]),
                usage: -(w.usage * self.costs.usage.normalised()[slot]),
            },
        }
    }
}

/// Writes the estimator query `[history, action vector]`.
fn write_query(actions: &ActionSpace, history: &[i16], action: Action, out: &mut [i16]) {
    let h = history.len();
    out[..h].copy_from_slice(history);
    actions.write_vector(action, &mut out[h..]);
}

/// The estimator over every logged turn of the training episodes, with the logged history (§5).
fn logged_pairs(
    episodes: &[ProcessedEpisode],
    split: &Split,
    actions: &ActionSpace,
    scenario: &Scenario,
) -> Estimator {
    let x = actions.num_views();
    let width = scenario.time_span * (x + 2) + x + 1;
    let mut est = Estimator::new(width, x + 1, scenario.k);
    let mut row = vec![0i16; width];
    for &e in split.train() {
        let episode = &episodes[e];
        let mut history = History::new(actions, scenario.time_span, episode.turns[0].task);
        for (t, turn) in episode.turns.iter().enumerate() {
            write_query(actions, history.values(), turn.logged_action, &mut row);
            let origin = TurnRef {
                episode_id: episode.id,
                turn: t,
            };
            est.push(&row, turn.logged_reward, origin);
            let next_task = episode.turns.get(t + 1).map(|n| n.task);
            history.advance(actions, turn.logged_action, next_task);
        }
    }
    est
}
