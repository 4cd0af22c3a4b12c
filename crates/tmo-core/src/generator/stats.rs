//! Summary statistics of a dataset, laid out like KITCHEN-DATASET.md's calibration figures.

use std::collections::BTreeMap;
use std::fmt;

use crate::dataset::{Dataset, Placement, Turn};
use crate::preprocess::{REFUSAL_MARKERS, logged_reward};
use crate::stats::MeanSd;

/// Logged rewards of one (task, call) cell.
#[derive(Clone, Debug, PartialEq)]
pub struct CellStats {
    /// Task category.
    pub task: String,
    /// Views uploaded; `None` for local calls.
    pub views: Option<usize>,
    /// Turns in the cell.
    pub turns: usize,
    /// Of those, answers the keyword rule zeroes.
    pub zeroed: usize,
    /// Logged reward (score after the keyword rule).
    pub reward: MeanSd,
}

/// What a dataset looks like, in the terms of the calibration figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// Episodes per turn count.
    pub turn_counts: BTreeMap<usize, usize>,
    /// Local turns.
    pub local: usize,
    /// Cloud turns by number of uploaded views (index `j` for `j` views).
    pub cloud: Vec<usize>,
    /// Association scores over every turn and view.
    pub association: MeanSd,
    /// Smallest and largest association score.
    pub association_range: (f64, f64),
    /// Mean association of each view.
    pub association_by_view: Vec<f64>,
    /// Mean association of each task (in vocabulary order).
    pub association_by_task: Vec<f64>,
    /// Reward per task (vocabulary order) and call (local, then cloud with 0..=X views).
    pub cells: Vec<CellStats>,
    /// Mean logged latency per call (local, then cloud with 0..=X views), when logged.
    pub latency: Vec<Option<f64>>,
    /// Mean logged usage in USD per call, when logged.
    pub usage: Vec<Option<f64>>,
}

impl Stats {
    /// Local answers zeroed by the keyword rule.
    pub fn zeroed_local(&self) -> usize {
        self.zeroed(|c| c.views.is_none())
    }

    /// Cloud answers zeroed by the keyword rule.
    pub fn zeroed_cloud(&self) -> usize {
        self.zeroed(|c| c.views.is_some())
    }

    fn zeroed(&self, keep: impl Fn(&CellStats) -> bool) -> usize {
        self.cells
            .iter()
            .filter(|c| keep(c))
            .map(|c| c.zeroed)
            .sum()
    }

    /// The cell of `task` and `views`.
    pub fn cell(&self, task: &str, views: Option<usize>) -> Option<&CellStats> {
        self.cells
            .iter()
            .find(|c| c.task == task && c.views == views)
    }
}

/// Index of a call: 0 local, `1 + j` cloud with `j` views.
fn call(turn: &Turn) -> usize {
    match turn.action {
        Placement::Local => 0,
        Placement::Cloud => 1 + turn.image_index.as_ref().map_or(0, Vec::len),
    }
}

/// Computes [`Stats`] of `dataset`.
pub fn stats(dataset: &Dataset) -> Stats {
    let x = dataset.num_views();
    let tasks = dataset.tasks();
    let turns = || {
        dataset
            .episodes()
            .iter()
            .flat_map(|e| e.interactions.iter())
    };
    let rows = || {
        dataset.episodes().iter().flat_map(|e| {
            e.association_score
                .iter()
                .zip(e.interactions.iter().map(|t| t.task_cat.as_str()))
        })
    };
    let mut turn_counts = BTreeMap::new();
    for e in dataset.episodes() {
        *turn_counts.entry(e.interactions.len()).or_insert(0) += 1;
    }
    let mut calls = vec![0; x + 2];
    for t in turns() {
        calls[call(t)] += 1;
    }
    let all: Vec<f64> = rows().flat_map(|(row, _)| row.iter().copied()).collect();
    let association_by_view = (0..x)
        .map(|m| MeanSd::of(&rows().map(|(row, _)| row[m]).collect::<Vec<_>>()).mean)
        .collect();
    let association_by_task = tasks
        .iter()
        .map(|name| {
            let values: Vec<f64> = rows()
                .filter(|(_, task)| task == name)
                .flat_map(|(row, _)| row.iter().copied())
                .collect();
            MeanSd::of(&values).mean
        })
        .collect();
    let cells = tasks
        .iter()
        .flat_map(|name| (0..x + 2).map(move |c| (name, c)))
        .map(|(name, c)| {
            let members: Vec<&Turn> = turns()
                .filter(|t| &t.task_cat == name && call(t) == c)
                .collect();
            let rewards: Vec<f64> = members.iter().map(|t| logged_reward(t)).collect();
            CellStats {
                task: name.clone(),
                views: c.checked_sub(1),
                turns: members.len(),
                zeroed: members
                    .iter()
                    .filter(|t| REFUSAL_MARKERS.iter().any(|m| t.answer.contains(m)))
                    .count(),
                reward: MeanSd::of(&rewards),
            }
        })
        .collect();
    let mean_of = |c: usize, field: fn(&Turn) -> Option<f64>| {
        let values: Vec<f64> = turns().filter(|t| call(t) == c).filter_map(field).collect();
        (!values.is_empty()).then(|| MeanSd::of(&values).mean)
    };
    Stats {
        turn_counts,
        local: calls[0],
        cloud: calls[1..].to_vec(),
        association: MeanSd::of(&all),
        association_range: all
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &a| {
                (lo.min(a), hi.max(a))
            }),
        association_by_view,
        association_by_task,
        cells,
        latency: (0..x + 2)
            .map(|c| mean_of(c, |t| t.interaction_time))
            .collect(),
        usage: (0..x + 2).map(|c| mean_of(c, |t| t.usage_cost)).collect(),
    }
}

/// Column headings: local, then cloud with 0..=X views.
fn headings(x: usize) -> Vec<String> {
    std::iter::once("local".to_owned())
        .chain((0..=x).map(|j| format!("cloud {j}v")))
        .collect()
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.association_by_view.len();
        let counts: Vec<String> = self
            .turn_counts
            .iter()
            .map(|(n, e)| format!("{n}: {e}"))
            .collect();
        writeln!(f, "episodes per turn count: {}", counts.join(", "))?;
        let cloud: Vec<String> = self.cloud.iter().map(usize::to_string).collect();
        writeln!(
            f,
            "actions: {} local, {} cloud (by views 0..={x}: {})",
            self.local,
            self.cloud.iter().sum::<usize>(),
            cloud.join(" / ")
        )?;
        let (lo, hi) = self.association_range;
        writeln!(
            f,
            "association: mean {:.3}, sd {:.3}, range {lo:.3}..{hi:.3}",
            self.association.mean, self.association.sd
        )?;
        let by_view: Vec<String> = self
            .association_by_view
            .iter()
            .map(|a| format!("{a:.3}"))
            .collect();
        writeln!(f, "association by view: {}", by_view.join(", "))?;
        let tasks: Vec<&str> = self
            .cells
            .iter()
            .filter(|c| c.views.is_none())
            .map(|c| c.task.as_str())
            .collect();
        let by_task: Vec<String> = tasks
            .iter()
            .zip(&self.association_by_task)
            .map(|(t, a)| format!("{t} {a:.3}"))
            .collect();
        writeln!(f, "association by task: {}", by_task.join(", "))?;
        writeln!(
            f,
            "keyword rule zeroes {} local and {} cloud answers",
            self.zeroed_local(),
            self.zeroed_cloud()
        )?;
        writeln!(f, "\n| task | {} |", headings(x).join(" | "))?;
        writeln!(f, "|---|{}", "---|".repeat(x + 2))?;
        for task in tasks {
            let row: Vec<String> = self
                .cells
                .iter()
                .filter(|c| c.task == task)
                .map(|c| format!("{:.2} ({:.2}) n={}", c.reward.mean, c.reward.sd, c.turns))
                .collect();
            writeln!(f, "| {task} | {} |", row.join(" | "))?;
        }
        let show = |values: &[Option<f64>], scale: f64| -> Vec<String> {
            values
                .iter()
                .map(|v| v.map_or("-".to_owned(), |v| format!("{:.2}", v * scale)))
                .collect()
        };
        writeln!(
            f,
            "| latency s | {} |",
            show(&self.latency, 1.0).join(" | ")
        )?;
        write!(
            f,
            "| usage 1e-3 USD | {} |",
            show(&self.usage, 1e3).join(" | ")
        )
    }
}
