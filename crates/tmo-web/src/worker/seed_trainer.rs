//! TMO trained once per seed, as the paper's table has it. Compare's TMO row evaluates, on each
//! seed's test split, TMO's learner trained on that seed's training split: the shipped policy
//! file for seed 0 (when the scenario is the one it learned under), and for every other seed
//! the same learner and configuration trained here, in the background, in a worker instance of
//! its own (so Train and Compare's evaluation go on meanwhile). Seed `s` is trained exactly as
//! `tmo table --policies rc-ppo` trains it: configuration seed `s` on split `s`. The files are
//! kept per dataset and scenario for the page's lifetime.

use super::TrainWorker;
use super::eval_client::{EvalSession, EvalStatus};
use super::protocol::{Reply, Request, TrainJob};
use crate::bundle::use_bundled;
use crate::learned::shipped_applies;
use crate::state::Lab;
use crate::state::LabDataset;
use gloo_worker::WorkerBridge;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use tmo_agent::PolicyFile;
use tmo_core::Scenario;

/// TMO's policy files by the seed of the split each learned from.
pub type SeedFiles = BTreeMap<u64, Arc<str>>;

/// What the background training is doing for the current dataset and scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SeedTraining {
    /// Every seed Compare shows has its file.
    #[default]
    Idle,
    /// Training seed `seed`, `fraction` done.
    Training {
        /// The seed.
        seed: u64,
        /// Share of its run done, in [0, 1].
        fraction: f64,
    },
    /// TMO cannot be trained here (the error in words); Compare shows the seeds it has.
    Failed(String),
}

/// The dataset and scenario a set of files is for.
#[derive(Clone)]
struct Inputs {
    dataset: LabDataset,
    scenario: Scenario,
    /// Whether the shipped policy was trained on them (seed 0's file).
    shipped_applies: bool,
}

impl Inputs {
    fn is(&self, other: &Inputs) -> bool {
        Arc::ptr_eq(&self.dataset.data, &other.dataset.data) && self.scenario == other.scenario
    }
}

/// The session's bookkeeping (not reactive).
#[derive(Default)]
struct Books {
    bridge: Option<WorkerBridge<TrainWorker>>,
    /// The shipped policy file: seed 0's where it applies, and the configuration of the rest.
    shipped: Option<Arc<str>>,
    /// Files trained (or shipped) so far, per dataset and scenario.
    kept: Vec<(Inputs, SeedFiles)>,
    /// What Compare shows now, and how many seeds.
    wanted: Option<(Inputs, u64)>,
    /// The run in progress: for which inputs and seed.
    running: Option<(Inputs, u64)>,
}

impl Books {
    fn files_for(&mut self, inputs: &Inputs) -> &mut SeedFiles {
        let at = match self.kept.iter().position(|(i, _)| i.is(inputs)) {
            Some(at) => at,
            None => {
                let shipped = self.shipped.clone().filter(|_| inputs.shipped_applies);
                self.kept.push((
                    inputs.clone(),
                    shipped.map(|f| (0, f)).into_iter().collect(),
                ));
                self.kept.len() - 1
            }
        };
        &mut self.kept[at].1
    }

    /// Stops the run in progress, if any.
    fn stop(&mut self) {
        if self.running.take().is_some()
            && let Some(bridge) = &self.bridge
        {
            bridge.send(Request::Stop);
        }
    }

    /// The first seed Compare wants that has no file yet.
    fn next_missing(&mut self) -> Option<(Inputs, u64)> {
        let (inputs, seeds) = self.wanted.clone()?;
        let files = self.files_for(&inputs);
        (0..seeds)
            .find(|s| !files.contains_key(s))
            .map(|s| (inputs, s))
    }
}

/// The background training of TMO per seed: reactive state plus the worker bridge.
#[derive(Clone)]
pub struct TmoSeeds {
    /// TMO's files for the lab's current dataset and scenario, by seed.
    pub files: ArcRwSignal<SeedFiles>,
    /// What the background training is doing.
    pub status: ArcRwSignal<SeedTraining>,
    books: Rc<RefCell<Books>>,
}

thread_local! {
    static SESSION: TmoSeeds = TmoSeeds {
        files: ArcRwSignal::new(SeedFiles::new()),
        status: ArcRwSignal::new(SeedTraining::Idle),
        books: Rc::new(RefCell::new(Books::default())),
    };
}

impl TmoSeeds {
    /// The page's session.
    pub fn get() -> TmoSeeds {
        SESSION.with(Clone::clone)
    }

    /// Keeps TMO's files current: whenever the dataset, scenario or Compare's seed count
    /// changes, shows the files kept for them and trains the missing seeds in order, each
    /// once Compare's evaluation is not running (so the baselines' numbers come first).
    pub fn keep_current(lab: Lab) {
        TmoSeeds::get().books.borrow_mut().shipped = Some(use_bundled().shipped_policy);
        let evaluation = EvalSession::get().status;
        Effect::new(move |_| {
            let settled = evaluation.with(|s| {
                matches!(
                    s,
                    EvalStatus::Done | EvalStatus::Stopped | EvalStatus::Failed(_)
                )
            });
            let scenario = lab.scenario.get();
            let inputs = lab.dataset.with(|d| Inputs {
                dataset: d.clone(),
                shipped_applies: shipped_applies(d, &scenario),
                scenario,
            });
            TmoSeeds::get().want(inputs, lab.seeds.get().get(), settled);
        });
    }

    /// Shows the files of `inputs` for `seeds` seeds; with `start`, trains the next missing one
    /// unless the run in progress is still wanted.
    fn want(&self, inputs: Inputs, seeds: u64, start: bool) {
        let files = {
            let mut books = self.books.borrow_mut();
            books.wanted = Some((inputs.clone(), seeds));
            // A run for other inputs would only slow the evaluation of these down.
            if books.running.as_ref().is_some_and(|(r, _)| !r.is(&inputs)) {
                books.stop();
                self.status.set(SeedTraining::Idle);
            }
            books.files_for(&inputs).clone()
        };
        if self.files.with_untracked(|f| *f != files) {
            self.files.set(files);
        }
        if start {
            self.train_next();
        }
    }

    /// Starts the next missing seed unless the run in progress is still wanted.
    fn train_next(&self) {
        let mut books = self.books.borrow_mut();
        let next = books.next_missing();
        let still_wanted = match (&books.running, &books.wanted) {
            (Some((running, seed)), Some((wanted, seeds))) => running.is(wanted) && seed < seeds,
            _ => false,
        };
        if still_wanted {
            return;
        }
        let Some((inputs, seed)) = next else {
            books.stop();
            self.status.set(SeedTraining::Idle);
            return;
        };
        let shipped = books.shipped.clone().unwrap_or_default();
        let config = match PolicyFile::from_json(&shipped) {
            Ok(file) => {
                let mut config = file.config;
                config.seed = seed;
                config
            }
            Err(e) => {
                self.status
                    .set(SeedTraining::Failed(format!("the shipped policy: {e}")));
                return;
            }
        };
        let job = TrainJob {
            config,
            dataset: inputs.dataset.source(),
            scenario: inputs.scenario.clone(),
            split_seed: seed,
        };
        if books.bridge.is_none() {
            books.bridge = Some(self.spawn());
        }
        if let Some(bridge) = &books.bridge {
            bridge.send(Request::Start(Box::new(job)));
        }
        books.running = Some((inputs, seed));
        self.status.set(SeedTraining::Training {
            seed,
            fraction: 0.0,
        });
    }

    fn spawn(&self) -> WorkerBridge<TrainWorker> {
        let session = self.clone();
        super::spawn(move |reply| session.receive(reply))
    }

    fn receive(&self, reply: Reply) {
        let running = self.books.borrow().running.clone();
        let Some((inputs, seed)) = running else {
            return; // a reply of a run no longer wanted
        };
        match reply {
            Reply::Progress(report) => self.status.set(SeedTraining::Training {
                seed,
                fraction: report.fraction(),
            }),
            // A run replaced just as it finished could still answer: only its own seed's file
            // is taken.
            Reply::Done { policy_json, .. } if learned_from(&policy_json) == Some(seed) => {
                self.status.set(SeedTraining::Idle);
                let current = {
                    let mut books = self.books.borrow_mut();
                    books.running = None;
                    books
                        .files_for(&inputs)
                        .insert(seed, Arc::from(policy_json.as_str()));
                    let current = books.wanted.as_ref().is_some_and(|(w, _)| w.is(&inputs));
                    current.then(|| books.files_for(&inputs).clone())
                };
                match current {
                    // Compare evaluates the new seed; the next starts once it is done.
                    Some(files) => self.files.set(files),
                    None => self.train_next(),
                }
            }
            Reply::Failed(e) => {
                self.books.borrow_mut().running = None;
                self.status.set(SeedTraining::Failed(e));
            }
            // A stopped run (replaced by another), or evaluation replies (never sent here).
            _ => {}
        }
    }
}

/// The seed of the split a policy file learned from.
fn learned_from(json: &str) -> Option<u64> {
    PolicyFile::from_json(json).ok()?.trained_on.chacha_seed()
}
