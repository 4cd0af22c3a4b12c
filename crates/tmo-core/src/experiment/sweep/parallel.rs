//! Natively: a sweep's points on several threads, results in point order.

use super::{Plan, Point, PointResult, at};
use crate::experiment::{Entry, Progress};
use crate::policy::PolicyFactory;
use crate::split::Shuffle;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// Runs every point's [`TableJob`](crate::experiment::TableJob) as
/// [`SweepJob`](super::SweepJob) does, on `threads` threads taking points from a shared
/// queue in order; `on_progress` is called after every unit (from any thread) with the
/// units done over all points. The results are in point order and equal to
/// [`SweepJob::run`](super::SweepJob::run)'s, provided the factory builds the same policy
/// whichever thread asks first. The first error (in point order) is returned.
pub fn run_parallel<F>(
    points: &[Point],
    shuffle: Shuffle,
    seeds: u64,
    entries: Vec<Entry>,
    factory: F,
    threads: usize,
    on_progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<PointResult>, String>
where
    F: PolicyFactory + Clone + Send + Sync,
{
    let plan = Plan {
        shuffle,
        seeds,
        entries,
        factory,
    };
    let total = points
        .iter()
        .map(|p| plan.job(p).map(|j| j.progress().total))
        .sum::<Result<u64, String>>()?;
    let next = AtomicUsize::new(0);
    let done = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let slots: Mutex<Vec<Option<Result<PointResult, String>>>> =
        Mutex::new(vec![None; points.len()]);
    let worker = || {
        loop {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(point) = points.get(index) else {
                return;
            };
            let result = run_point(&plan, point, &|units| {
                let d = done.fetch_add(units, Ordering::Relaxed) + units;
                on_progress(Progress { done: d, total });
            });
            if result.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            if let Ok(mut slots) = slots.lock() {
                slots[index] = Some(result);
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, points.len().max(1)) {
            scope.spawn(worker);
        }
    });
    let slots = slots
        .into_inner()
        .map_err(|_| "a sweep thread panicked".to_owned())?;
    let mut results = Vec::with_capacity(points.len());
    for slot in slots {
        match slot {
            Some(r) => results.push(r?),
            // Not run because an earlier-taken point failed; its error comes first in order
            // or was already returned above.
            None => return Err("the sweep stopped after an error".to_owned()),
        }
    }
    Ok(results)
}

fn run_point<F: PolicyFactory + Clone>(
    plan: &Plan<F>,
    point: &Point,
    report: &dyn Fn(u64),
) -> Result<PointResult, String> {
    let mut job = plan.job(point)?;
    while !job.progress().finished() {
        let before = job.progress().done;
        let after = job.step().map_err(|e| at(point, e))?;
        report(after.done - before);
    }
    Ok(PointResult {
        values: point.values.clone(),
        table: job.table().map_err(|e| at(point, e))?,
    })
}
