//! The evaluation job: seeds × (split, simulator, optimum, entries), advanced one unit at a time.

use super::table::{Row, SkipReason, Skipped, Table};
use super::units::{self, Units};
use crate::dataset::Dataset;
use crate::evaluate::{Evaluation, evaluate};
use crate::metrics::Metrics;
use crate::planner::DEFAULT_NODE_BUDGET;
use crate::policy::{Policy, PolicyFactory, PolicySpec};
use crate::scenario::Scenario;
use crate::simulator::Simulator;
use crate::split::{Shuffle, Split};
use crate::stats::{Summary, pct_of_optimum};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The optimum every row is measured against; an entry with this name reuses it.
const OPTIMUM: PolicySpec = PolicySpec::Optimal {
    node_budget: DEFAULT_NODE_BUDGET,
};

/// A policy to evaluate: a name for the factory, on which seeds, and what its failure means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The name the factory builds (e.g. `local`, `optimal`, `rc-a2c+shield`).
    pub policy: String,
    /// Only these seeds (a trained policy on the splits it learned from, never on episodes it
    /// trained on); `None`: every seed.
    pub only_seeds: Option<BTreeSet<u64>>,
    /// Whether a failure to build it leaves its row out ([`Skipped`]) instead of failing the
    /// whole job.
    pub optional: bool,
}

impl Entry {
    /// `policy` on every seed; a failure to build it fails the job.
    pub fn every_seed(policy: &str) -> Entry {
        Entry {
            policy: policy.to_owned(),
            only_seeds: None,
            optional: false,
        }
    }

    /// `policy` on `seed` only; a failure to build it fails the job.
    pub fn only_on(policy: &str, seed: u64) -> Entry {
        Entry {
            only_seeds: Some(BTreeSet::from([seed])),
            ..Entry::every_seed(policy)
        }
    }

    /// A trained `policy`, evaluated on `seed`'s test split only; left out if it does not
    /// build (e.g. it does not fit the scenario).
    pub fn trained_on(policy: &str, seed: u64) -> Entry {
        Entry::trained_on_seeds(policy, [seed])
    }

    /// A `policy` trained once per seed of `seeds` (the factory builds the one of each seed),
    /// evaluated on those seeds' test splits only; left out if it does not build.
    pub fn trained_on_seeds(policy: &str, seeds: impl IntoIterator<Item = u64>) -> Entry {
        Entry {
            policy: policy.to_owned(),
            only_seeds: Some(seeds.into_iter().collect()),
            optional: true,
        }
    }

    fn runs_on(&self, seed: u64) -> bool {
        self.only_seeds.as_ref().is_none_or(|s| s.contains(&seed))
    }

    fn is_optimum(&self) -> bool {
        self.policy.parse::<PolicySpec>().as_ref() == Ok(&OPTIMUM)
    }
}

/// How far a job is: units of work done out of the total. A unit is building one seed's
/// simulator, playing the optimum over one test episode, or building and evaluating one entry
/// on one seed (a learner trains in that unit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Units done.
    pub done: u64,
    /// Units in the whole job.
    pub total: u64,
}

impl Progress {
    /// Whether every unit is done.
    pub fn finished(self) -> bool {
        self.done >= self.total
    }

    /// Share done, in [0, 1].
    pub fn fraction(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            (self.done as f64 / self.total as f64).min(1.0)
        }
    }
}

/// The optimum of the current seed, still to play (`None`: known from an earlier job).
type Pending = Option<(Box<dyn Policy>, Box<Evaluation>)>;

/// Where the current seed stands: the entries first, so their rows can be shown while the
/// optimum, by far the slowest part, is played.
enum Phase {
    /// Next: build the seed's simulator.
    Setup,
    /// Evaluating the entries from index `next` on.
    Entries {
        sim: Arc<Simulator>,
        next: usize,
        optimum: Pending,
    },
    /// Playing the optimum, one test episode per unit.
    Optimum {
        sim: Arc<Simulator>,
        policy: Box<dyn Policy>,
        evaluation: Box<Evaluation>,
    },
    /// Every seed done.
    Done,
}

impl<F: PolicyFactory> Units for TableJob<F> {
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

/// Evaluates `entries` over seeds `0 .. seeds` (see the [module](super) documentation),
/// building policies with `F`.
pub struct TableJob<F> {
    dataset: Arc<Dataset>,
    scenario: Scenario,
    factory: F,
    entries: Vec<Entry>,
    splits: Vec<Split>,
    seed: u64,
    phase: Phase,
    progress: Progress,
    /// Per entry: one metrics per seed run, or why an optional entry failed.
    runs: Vec<Result<Vec<Metrics>, String>>,
    /// The optimum's metrics per seed.
    optima: Vec<Metrics>,
    /// Optima computed before (see [`TableJob::with_known_optima`]), by seed.
    known_optima: BTreeMap<u64, Metrics>,
    num_views: usize,
    failed: Option<String>,
}

impl<F: PolicyFactory> TableJob<F> {
    /// A job over seeds `0 .. seeds`, each splitting `dataset` 80/20 as `shuffle` says; fails
    /// when a seed's split cannot be made (too few episodes) or `seeds` is 0.
    pub fn new(
        dataset: Arc<Dataset>,
        scenario: Scenario,
        shuffle: Shuffle,
        seeds: u64,
        entries: Vec<Entry>,
        factory: F,
    ) -> Result<TableJob<F>, String> {
        if seeds == 0 {
            return Err("no seed to run".to_owned());
        }
        let splits = (0..seeds)
            .map(|seed| Split::shuffled(dataset.episodes().len(), seed, shuffle))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let mut job = TableJob {
            runs: vec![Ok(Vec::new()); entries.len()],
            num_views: dataset.num_views(),
            dataset,
            scenario,
            factory,
            entries,
            splits,
            seed: 0,
            phase: Phase::Setup,
            progress: Progress::default(),
            optima: Vec::new(),
            known_optima: BTreeMap::new(),
            failed: None,
        };
        job.progress.total = job.total_units();
        Ok(job)
    }

    /// Reuses the optimum's metrics of earlier jobs on the same dataset, scenario and split kind
    /// (by seed, as [`optima`](Self::optima) gave them), so those seeds skip its units: the
    /// optimum is deterministic, and by far the slowest part of a table.
    pub fn with_known_optima(mut self, known: BTreeMap<u64, Metrics>) -> Self {
        self.known_optima = known;
        self.progress.total = self.total_units();
        self
    }

    /// Units of the whole job: per seed, its simulator, the optimum's test episodes (unless
    /// known) and the entries that run on it.
    fn total_units(&self) -> u64 {
        (0u64..)
            .zip(&self.splits)
            .map(|(seed, split)| {
                let entries = self.entries.iter().filter(|e| e.runs_on(seed)).count();
                let optimum = if self.known_optima.contains_key(&seed) {
                    0
                } else {
                    split.test().len() as u64
                };
                1 + optimum + entries as u64
            })
            .sum()
    }

    /// The optimum's metrics of every seed computed so far, by seed.
    pub fn optima(&self) -> BTreeMap<u64, Metrics> {
        (0u64..).zip(self.optima.iter().cloned()).collect()
    }

    /// Units done and in total.
    pub fn progress(&self) -> Progress {
        self.progress
    }

    /// Does one unit of work (nothing once finished) and says where the job stands; the first
    /// error (a simulator that cannot be built, a required entry that does not build) ends the
    /// job, and every later call returns it again.
    pub fn step(&mut self) -> Result<Progress, String> {
        units::step(self)
    }

    /// Does up to `units` units of work.
    pub fn advance(&mut self, units: u64) -> Result<Progress, String> {
        units::advance(self, units)
    }

    fn step_result(&self) -> Result<Progress, String> {
        self.failed.clone().map_or(Ok(self.progress), Err)
    }

    /// Runs the job to the end and returns its table.
    pub fn run(mut self) -> Result<Table, String> {
        while !self.progress.finished() {
            self.step()?;
        }
        self.table()
    }

    /// One unit of work, then the transitions that do no work (the optimum finished, no entry
    /// left for the seed, the next seed), so the job is [`Phase::Done`] when finished.
    fn work(&mut self) -> Result<(), String> {
        match std::mem::replace(&mut self.phase, Phase::Done) {
            Phase::Done => return Ok(()),
            Phase::Setup => {
                let split = &self.splits[self.seed as usize];
                let sim = Arc::new(
                    Simulator::new(&self.dataset, &self.scenario, split)
                        .map_err(|e| e.to_string())?,
                );
                let optimum = match self.known_optima.get(&self.seed).cloned() {
                    Some(known) => {
                        self.record_optimum(known);
                        None
                    }
                    None => {
                        let policy = OPTIMUM.build(&sim, self.seed).map_err(|e| e.to_string())?;
                        let evaluation = Box::new(Evaluation::new(&sim, policy.as_ref()));
                        Some((policy, evaluation))
                    }
                };
                self.phase = Phase::Entries {
                    sim,
                    next: 0,
                    optimum,
                };
            }
            Phase::Entries { sim, next, optimum } => {
                self.evaluate_entry(&sim, next)?;
                self.phase = Phase::Entries {
                    sim,
                    next: next + 1,
                    optimum,
                };
            }
            Phase::Optimum {
                sim,
                mut policy,
                mut evaluation,
            } => {
                evaluation.next_episode(&sim, policy.as_mut(), None);
                self.phase = Phase::Optimum {
                    sim,
                    policy,
                    evaluation,
                };
            }
        }
        self.progress.done += 1;
        self.settle();
        Ok(())
    }

    /// Takes the transitions that need no work.
    fn settle(&mut self) {
        loop {
            match std::mem::replace(&mut self.phase, Phase::Done) {
                Phase::Entries { sim, next, optimum } => {
                    let seed = self.seed;
                    if let Some(next) =
                        (next..self.entries.len()).find(|&i| self.entries[i].runs_on(seed))
                    {
                        self.phase = Phase::Entries { sim, next, optimum };
                        return;
                    }
                    self.phase = match optimum {
                        Some((policy, evaluation)) => Phase::Optimum {
                            sim,
                            policy,
                            evaluation,
                        },
                        None => self.next_seed(),
                    };
                }
                Phase::Optimum {
                    sim,
                    policy,
                    evaluation,
                } if evaluation.episodes_done() >= sim.split().test().len() => {
                    self.record_optimum(evaluation.finish(policy.as_ref()));
                    self.phase = self.next_seed();
                    return;
                }
                other => {
                    self.phase = other;
                    return;
                }
            }
        }
    }

    /// Moves on to the next seed, if any.
    fn next_seed(&mut self) -> Phase {
        self.seed += 1;
        if (self.seed as usize) < self.splits.len() {
            Phase::Setup
        } else {
            Phase::Done
        }
    }

    /// Records the current seed's optimum, which is also the run of every entry naming it
    /// (deterministic: played again it would give the same metrics).
    fn record_optimum(&mut self, optimum: Metrics) {
        let seed = self.seed;
        for (entry, runs) in self.entries.iter().zip(&mut self.runs) {
            if let Ok(runs) = runs
                && entry.is_optimum()
                && entry.runs_on(seed)
            {
                runs.push(optimum.clone());
            }
        }
        self.optima.push(optimum);
    }

    fn evaluate_entry(&mut self, sim: &Arc<Simulator>, index: usize) -> Result<(), String> {
        let entry = &self.entries[index];
        let Ok(runs) = &mut self.runs[index] else {
            return Ok(()); // an optional entry that failed on an earlier seed
        };
        if entry.is_optimum() {
            return Ok(()); // its run is the seed's optimum, once played (`record_optimum`)
        }
        match self.factory.build(&entry.policy, self.seed, sim) {
            Ok(mut policy) => runs.push(evaluate(sim, policy.as_mut())),
            Err(e) if entry.optional => self.runs[index] = Err(e.to_string()),
            Err(e) => return Err(e.to_string()),
        }
        Ok(())
    }

    /// Entry runs recorded so far, over all entries and seeds: a cheap sign that
    /// [`table_so_far`](Self::table_so_far) changed.
    pub fn runs_done(&self) -> usize {
        self.runs.iter().flatten().map(Vec::len).sum()
    }

    /// Seeds whose every unit is done (all of them once [`Progress::finished`]).
    pub fn seeds_done(&self) -> u64 {
        self.seed
    }

    /// The table of seeds `0 .. seeds_done()` so far, for showing a job that is still running
    /// (rows not evaluated yet are left out; the same as [`table`](Self::table) once finished).
    /// Before seed 0 is done it previews seed 0: the entries evaluated on it so far (without a
    /// % of optimum until the optimum is played, last), so the first rows show at once.
    pub fn table_so_far(&self) -> Result<Table, String> {
        self.tabulate(false)
    }

    /// The table of a finished job; an entry with no run (its seed outside the job) is listed
    /// as skipped.
    pub fn table(&self) -> Result<Table, String> {
        self.tabulate(true)
    }

    /// The table of seeds `0 .. seeds_done()` (or seed 0's preview, see
    /// [`table_so_far`](Self::table_so_far)); an entry with no run yet is skipped, listed as
    /// such when `list_unevaluated`.
    fn tabulate(&self, list_unevaluated: bool) -> Result<Table, String> {
        self.step_result()?;
        let done = match self.seed {
            0 if !list_unevaluated => 1,
            seeds => seeds as usize,
        };
        // The optimum of each seed once played: a row's % of optimum needs all of its seeds'.
        let optima = |seeds: &mut dyn Iterator<Item = u64>| -> Vec<Metrics> {
            seeds
                .filter_map(|s| self.optima.get(s as usize).cloned())
                .collect()
        };
        let mut rows = Vec::new();
        let mut skipped = Vec::new();
        for (entry, runs) in self.entries.iter().zip(&self.runs) {
            let runs = match runs {
                Err(e) => {
                    skipped.push(Skipped {
                        policy: entry.policy.clone(),
                        reason: SkipReason::Failed(e.clone()),
                    });
                    continue;
                }
                Ok(runs) => runs,
            };
            // Runs are kept in seed order, one per seed the entry runs on.
            let seeds: Option<BTreeSet<u64>> = entry
                .only_seeds
                .as_ref()
                .map(|s| s.range(..done as u64).copied().collect());
            let (runs, optima) = match &seeds {
                Some(seeds) => (
                    &runs[..seeds.len().min(runs.len())],
                    optima(&mut seeds.iter().copied()),
                ),
                None => {
                    let runs = &runs[..done.min(runs.len())];
                    (runs, optima(&mut (0..runs.len() as u64)))
                }
            };
            if runs.is_empty() {
                if list_unevaluated {
                    skipped.push(Skipped {
                        policy: entry.policy.clone(),
                        reason: SkipReason::SeedsNotEvaluated(
                            entry.only_seeds.clone().unwrap_or_default(),
                        ),
                    });
                }
                continue;
            }
            rows.push(Row {
                policy: entry.policy.clone(),
                only_seeds: seeds,
                summary: Summary::of(runs),
                pct_of_optimum: pct_of_optimum(runs, &optima),
            });
        }
        Ok(Table {
            seeds: done as u64,
            num_views: self.num_views,
            rows,
            skipped,
            optimum: Summary::of(&self.optima[..done.min(self.optima.len())]).caveats,
        })
    }
}
