//! Sweeps: one [`TableJob`] per point of an axis, and its rows with the point's axis values.
//!
//! A sweep varies one [`Axis`] over a list of values (or the latency × usage budget grid);
//! [`points`] turns the values into [`Point`]s (axis values, dataset, scenario). A
//! [`SweepJob`] evaluates the same [`Entry`] list over seeds `0 .. N` at every point with the
//! engine of `tmo table` ([`TableJob`], one per point, in point order), advancing in slices
//! with [`Progress`] so a web worker can run and stop it; [`SweepJob::run`] drives it to the
//! end. Natively, [`run_parallel`] runs the points on several threads and returns the same
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

/// A sweep in progress: the points' [`TableJob`]s run one after the other.
pub struct SweepJob<F> {
    plan: Plan<F>,
    points: Vec<Point>,
    /// Units of each point's job.
    totals: Vec<u64>,
    /// The running point's index and job.
    current: Option<(usize, TableJob<F>)>,
    results: Vec<PointResult>,
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
        let totals = points
            .iter()
            .map(|p| plan.job(p).map(|j| j.progress().total))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SweepJob {
            progress: Progress {
                done: 0,
                total: totals.iter().sum(),
            },
            plan,
            points,
            totals,
            current: None,
            results: Vec::new(),
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

    /// The results of the points finished so far, in point order.
    pub fn results(&self) -> &[PointResult] {
        &self.results
    }

    /// The running point's table over the seeds it has finished so far, if any (for showing a
    /// sweep while it runs; the point's result once all its seeds are done).
    pub fn running_so_far(&self) -> Option<PointResult> {
        let (index, job) = self.current.as_ref()?;
        if job.seeds_done() == 0 {
            return None;
        }
        Some(PointResult {
            values: self.points[*index].values.clone(),
            table: job.table_so_far().ok()?,
        })
    }

    /// Does one unit of the current point's job (nothing once finished); the first error
    /// ends the sweep and every later call returns it again.
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
        Ok(self.results)
    }

    fn work(&mut self) -> Result<(), String> {
        let (index, mut job) = match self.current.take() {
            Some(current) => current,
            None => {
                let index = self.results.len();
                let Some(point) = self.points.get(index) else {
                    return Ok(());
                };
                (index, self.plan.job(point)?)
            }
        };
        let point = &self.points[index];
        let before = job.progress().done;
        let after = job.step().map_err(|e| at(point, e))?;
        self.progress.done += after.done - before;
        if after.finished() {
            let table = job.table().map_err(|e| at(point, e))?;
            self.results.push(PointResult {
                values: point.values.clone(),
                table,
            });
            debug_assert_eq!(
                self.progress.done,
                self.totals[..=index].iter().sum::<u64>()
            );
        } else {
            self.current = Some((index, job));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
