//! What a [`TableJob`](super::TableJob) produces: one row per policy, summarised over seeds.

use crate::actions::ActionSpace;
use crate::metrics::Caveats;
use crate::stats::{MeanSd, Summary};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One policy's metrics over the seeds it was evaluated on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The policy name, as the entry gave it.
    pub policy: String,
    /// The seeds it was evaluated on, for an entry limited to some; `None`: every seed.
    pub only_seeds: Option<BTreeSet<u64>>,
    /// Mean ± sd (population) of each metric, mean action counts, caveats.
    pub summary: Summary,
    /// Reward as a percentage of the optimum's, per seed on the same test episodes, then
    /// mean ± sd; `None` when some seed's optimum reward is not positive.
    pub pct_of_optimum: Option<MeanSd>,
}

/// Why a policy has no row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SkipReason {
    /// The policy could not be built (an optional entry): the error.
    Failed(String),
    /// The entry is limited to these seeds, none of which the job ran.
    SeedsNotEvaluated(BTreeSet<u64>),
}

/// A policy left out of the table, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The policy name.
    pub policy: String,
    /// Why it has no row.
    pub reason: SkipReason,
}

/// The result of a [`TableJob`](super::TableJob).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Seeds `0 .. seeds` were run.
    pub seeds: u64,
    /// Views of the dataset (the action space is `1 + 2^views` actions).
    pub num_views: usize,
    /// One row per evaluated entry, in the entries' order.
    pub rows: Vec<Row>,
    /// Entries with no row.
    pub skipped: Vec<Skipped>,
    /// What the optimum behind the % column must be read with (a lower bound when its search
    /// stopped at the node budget; no plan within the budgets in some episode).
    pub optimum: Caveats,
}

impl Table {
    /// The action space of the rows' action counts (`None` only for a table not made by a
    /// job, e.g. edited JSON, whose view count is out of range).
    pub fn actions(&self) -> Option<ActionSpace> {
        ActionSpace::new(self.num_views)
    }
}
