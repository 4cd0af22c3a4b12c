//! Sweeps: one [`TableJob`] per point of an axis, and its rows with the point's axis values.
//!
//! A sweep varies one [`Axis`] over a list of values (or the latency × usage budget grid);
//! [`points`] turns the values into [`Point`]s (axis values, dataset, scenario). A
//! [`SweepJob`] evaluates the same [`Entry`] list over seeds `0 .. N` at every point with the
//! engine of `tmo table` ([`TableJob`], one per point, seed 0 at every point first), advancing
//! in slices with [`Progress`] so a web worker can run and stop it and show every point so far;
//! [`SweepJob::run`] drives it to the end. Natively, [`run_parallel`] runs the points on several threads and returns the same
//! results in point order. [`shard`] picks one contiguous slice of the points, so shards run
//! apart concatenate into the whole.
//!
//! ```
//! use std::sync::Arc;
//! use tmo_core::experiment::Entry;
//! use tmo_core::experiment::sweep::{Axis, SweepJob, Values, points};
//! use tmo_core::generator::{GeneratorConfig, generate};
//! use tmo_core::policy::BaselineFactory;
//! use tmo_core::{Scenario, Shuffle};
//!
//! let dataset = Arc::new(generate(&GeneratorConfig::kitchen()).unwrap());
//! let mut scenario = Scenario::default_for(3);
//! scenario.budgets.latency_s = 3.0;
//! let values = Values::List(vec!["Jetson Nano".into(), "Jetson TX2".into()]);
//! let points = points(Axis::Device, &values, &dataset, &scenario).unwrap();
//! let entries = vec![Entry::every_seed("local")];
//! let job = SweepJob::new(points, Shuffle::Chacha8, 1, entries, BaselineFactory).unwrap();
//! let results = job.run().unwrap();
//! assert_eq!(results[1].values.device.as_deref(), Some("Jetson TX2"));
//! ```

mod axis;
pub mod export;
#[cfg(not(target_arch = "wasm32"))]
mod parallel;

pub use axis::{Axis, AxisValues, Point, SHAPES, Shape, Values, default_budget_grid, points};
#[cfg(not(target_arch = "wasm32"))]
pub use parallel::run_parallel;

use super::units::{self, Units};
use super::{Entry, Progress, Table, TableJob};
use crate::budget::BudgetDistribution;
use crate::policy::PolicyFactory;
use crate::scenario::Scenario;
use crate::split::Shuffle;
use serde::{Deserialize, Serialize};

/// The table of one point, with its axis values.
#[derive(Clone, Debug, PartialEq)]
pub struct PointResult {
    /// The point's axis values.
    pub values: AxisValues,
    /// Its table: one row per policy, as `tmo table` gives it for the point's scenario.
    pub table: Table,
}

impl PointResult {
    /// Every row of every point, with its point: the sweep's rows.
    pub fn rows(
        results: &[PointResult],
    ) -> impl Iterator<Item = (&AxisValues, &super::Row, &Table)> {
        results
            .iter()
            .flat_map(|p| p.table.rows.iter().map(move |r| (&p.values, r, &p.table)))
    }
}

/// Whether a sweep over `axis` trains each learner once per seed (the budget axes: the
/// points differ only in evaluation budgets) rather than per point and seed. Fails when
/// `scenario`'s training budgets would follow the evaluation budgets
/// ([`BudgetDistribution::AroundEvaluation`]), which a single training cannot do.
pub fn trains_once(axis: Axis, scenario: &Scenario) -> Result<bool, String> {
    let once = axis.varies_budgets_only();
    if once && scenario.budget_distribution == BudgetDistribution::AroundEvaluation {
        return Err(format!(
            "over {axis}: learners are trained once per seed and evaluated at every point, so their training budgets cannot be drawn around the evaluation budgets; choose the budget distribution uniform, normal or extreme-aware"
        ));
    }
    Ok(once)
}

/// Points `I` of `N` (1-based): the `I`-th of `N` contiguous, nearly equal slices, so the
/// shards `1 ..= N` in order are the whole. Fails with a message on a bad `I/N`.
pub fn shard<T>(items: Vec<T>, index: usize, count: usize) -> Result<Vec<T>, String> {
    if count == 0 || index == 0 || index > count {
        return Err(format!(
            "shard {index}/{count}: expected I/N with 1 ≤ I ≤ N"
        ));
    }
    let len = items.len();
    let (start, end) = shard_range(len, index, count);
    Ok(items.into_iter().skip(start).take(end - start).collect())
}

/// The index range of shard `index` of `count` over `len` items.
pub fn shard_range(len: usize, index: usize, count: usize) -> (usize, usize) {
    (len * (index - 1) / count, len * index / count)
}

/// What every point's [`TableJob`] is made from, besides the point.
#[derive(Clone, Debug)]
struct Plan<F> {
    shuffle: Shuffle,
    seeds: u64,
    entries: Vec<Entry>,
    factory: F,
}

impl<F: PolicyFactory + Clone> Plan<F> {
    fn job(&self, point: &Point) -> Result<TableJob<F>, String> {
        TableJob::new(
            point.dataset.clone(),
            point.scenario.clone(),
            self.shuffle,
            self.seeds,
            self.entries.clone(),
            self.factory.clone(),
        )
        .map_err(|e| at(point, e))
    }
}

/// An error at a point, prefixed by its axis values.
fn at(point: &Point, e: String) -> String {
    let v = serde_json::to_string(&point.values).unwrap_or_default();
    format!("at {v}: {e}")
}

/// A sweep in progress: the points' [`TableJob`]s, seed by seed. Seed 0 runs at every point
/// first, then seed 1 at every point, and so on, so the whole axis is on screen early and
/// sharpens as seeds come in; each point's numbers are the same as when it runs alone.
pub struct SweepJob<F> {
    points: Vec<Point>,
    /// One job per point.
    jobs: Vec<TableJob<F>>,
    seeds: u64,
    /// The seed under way at every point, and the point it is at.
    pass: u64,
    at: usize,
    progress: Progress,
    failed: Option<String>,
}

impl<F: PolicyFactory + Clone> Units for SweepJob<F> {
    fn unit(&mut self) -> Result<(), String> {
        self.work()
    }

    fn units(&self) -> Progress {
        self.progress
    }

    fn failure(&mut self) -> &mut Option<String> {
        &mut self.failed
    }
}

impl<F: PolicyFactory + Clone> SweepJob<F> {
    /// A sweep over `points`, each a [`TableJob`] over seeds `0 .. seeds` of `entries` built
    /// by `factory` (cloned per point; share state through a reference or an `Arc`). Fails
    /// when a point's job cannot be made (no seed, too few episodes for a split).
    pub fn new(
        points: Vec<Point>,
        shuffle: Shuffle,
        seeds: u64,
        entries: Vec<Entry>,
        factory: F,
    ) -> Result<SweepJob<F>, String> {
        let plan = Plan {
            shuffle,
            seeds,
            entries,
            factory,
        };
        let jobs = points
            .iter()
            .map(|p| plan.job(p))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SweepJob {
            progress: Progress {
                done: 0,
                total: jobs.iter().map(|j| j.progress().total).sum(),
            },
            points,
            jobs,
            seeds,
            pass: 0,
            at: 0,
            failed: None,
        })
    }

    /// Units done and in total (the sum over the points' jobs).
    pub fn progress(&self) -> Progress {
        self.progress
    }

    /// The points, in order.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// Entry runs recorded so far over every point ([`TableJob::runs_done`]): when it grows,
    /// [`so_far`](Self::so_far) has changed.
    pub fn runs_done(&self) -> usize {
        self.jobs.iter().map(TableJob::runs_done).sum()
    }

    /// Every point's table so far, in point order (for showing a sweep while it runs):
    /// `None` while a point has nothing to show, its [`TableJob::table_so_far`] while it
    /// runs, and its full table, [`PointStatus::Complete`], once every seed is in.
    pub fn so_far(&self) -> Vec<Option<(PointResult, PointStatus)>> {
        self.points
            .iter()
            .zip(&self.jobs)
            .map(|(point, job)| {
                let (table, status) = if job.progress().finished() {
                    (job.table().ok()?, PointStatus::Complete)
                } else {
                    (job.table_so_far().ok()?, PointStatus::Partial)
                };
                let result = PointResult {
                    values: point.values.clone(),
                    table,
                };
                (!result.table.rows.is_empty() || status == PointStatus::Complete)
                    .then_some((result, status))
            })
            .collect()
    }

    /// Does one unit of work (nothing once finished); the first error ends the sweep and
    /// every later call returns it again.
    pub fn step(&mut self) -> Result<Progress, String> {
        units::step(self)
    }

    /// Does up to `units` units of work.
    pub fn advance(&mut self, units: u64) -> Result<Progress, String> {
        units::advance(self, units)
    }

    /// Runs the sweep to the end and returns every point's result, in point order.
    pub fn run(mut self) -> Result<Vec<PointResult>, String> {
        while !self.progress.finished() {
            self.step()?;
        }
        self.points
            .iter()
            .zip(&self.jobs)
            .map(|(point, job)| {
                Ok(PointResult {
                    values: point.values.clone(),
                    table: job.table().map_err(|e| at(point, e))?,
                })
            })
            .collect()
    }

    /// One unit of the first point, in pass order, whose job has not done the pass's seed.
    fn work(&mut self) -> Result<(), String> {
        while self.pass < self.seeds {
            let Some(job) = self.jobs.get_mut(self.at) else {
                return Ok(()); // no point
            };
            if job.seeds_done() > self.pass || job.progress().finished() {
                self.at += 1;
                if self.at == self.jobs.len() {
                    self.at = 0;
                    self.pass += 1;
                }
                continue;
            }
            let before = job.progress().done;
            let after = job.step().map_err(|e| at(&self.points[self.at], e))?;
            self.progress.done += after.done - before;
            return Ok(());
        }
        Ok(())
    }
}

/// How far a point of a running sweep is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PointStatus {
    /// Some seeds (or seed 0's first rows) are in.
    Partial,
    /// Every seed is in: the point's final table.
    Complete,
}

#[cfg(test)]
mod tests;
