//! The page's side of Compare's evaluations: a worker instance of its own (so training and
//! evaluating run side by side), the inputs it was sent, and the latest table, which outlives
//! view changes and stays on screen while the next one is computed. The same worker reads
//! uploaded and listed datasets (keeping each for the evaluations) and plays Replay's
//! baselines.

use super::TrainWorker;
use super::page_now_ms as now_ms;
use super::protocol::{EvalJob, Reply, Request, TraceJob};
use super::seed_trainer::{SeedFiles, TmoSeeds};
use crate::comparison::{self, Comparison, Trained};
use crate::learned::SHIPPED_NAME;
use crate::state::{DatasetUrl, Lab, LabDataset};
use crate::views::replay::TraceResult;
use gloo_worker::WorkerBridge;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use tmo_core::Scenario;
use tmo_core::dataset::{Dataset, DatasetError, Episode};
use tmo_core::experiment::Progress;
use tmo_core::policy::PolicySpec;

/// What a table was computed for: equal requests are not computed twice.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalKey {
    dataset_key: u64,
    scenario: Scenario,
    seeds: u64,
    shield: bool,
    trained: Vec<Trained>,
}

impl EvalKey {
    /// The scenario the table was computed for.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
}

/// The state of the latest request.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum EvalStatus {
    /// Nothing asked yet.
    #[default]
    Idle,
    /// Being computed (the progress so far).
    Running(Progress),
    /// The latest request's table is [`EvalSession::result`].
    Done,
    /// Stopped on request before it finished.
    Stopped,
    /// The latest request failed (the error in words).
    Failed(String),
}

/// A finished table and what it was computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluated {
    /// The table.
    pub table: Comparison,
    /// Milliseconds the worker took.
    pub elapsed_ms: f64,
    /// Milliseconds from the request to the table arriving in the page.
    pub wall_ms: f64,
    /// Whether every seed is in; `false` for the seeds done so far of a running evaluation.
    pub complete: bool,
    /// The request it answers.
    pub key: EvalKey,
}

/// What the worker already holds, so each input is sent once.
#[derive(Default)]
struct Sent {
    dataset: Option<(Arc<Dataset>, u64)>,
    /// Policy files by name and the seed each learned from.
    policies: BTreeMap<(String, u64), Arc<str>>,
    next_key: u64,
}

/// The episode Replay shows: the worker's dataset, the scenario, the shield and the position.
#[derive(Clone, Debug, PartialEq)]
struct EpisodeKey {
    dataset_key: u64,
    scenario: Scenario,
    shield: bool,
    position: usize,
}

/// What a baseline's play was asked for: the episode and the baseline's name.
type TraceKey = (EpisodeKey, String);

/// What a dataset read reports to the page.
#[derive(Debug)]
pub enum ReadEvent {
    /// Bytes of the file read and checked by the worker so far, of `total`.
    Reading {
        /// Read.
        bytes: u64,
        /// The file's size.
        total: u64,
    },
    /// Episodes received so far, of `total` (valid: the worker checked them).
    Progress {
        /// Received.
        received: usize,
        /// In all.
        total: usize,
    },
    /// Every episode, the FNV-1a 64 of the file's bytes and the key the worker keeps them
    /// under (see [`EvalSession::held`]).
    Done {
        /// The episodes, in file order.
        episodes: Vec<Episode>,
        /// The file's hash.
        fnv1a_64: u64,
        /// The worker's key for the dataset.
        key: u64,
    },
    /// Not a valid dataset.
    Rejected(DatasetError),
    /// Not read (the error in words).
    Failed(String),
}

/// A dataset being read by the worker.
struct Reading {
    id: u64,
    key: u64,
    total: usize,
    fnv1a_64: u64,
    episodes: Vec<Episode>,
    /// Where it is read from, kept until the worker has read it.
    _url: Arc<DatasetUrl>,
    /// `None` once stopped.
    report: Option<Rc<dyn Fn(ReadEvent)>>,
}

/// The evaluation session: reactive state plus the worker bridge.
#[derive(Clone)]
pub struct EvalSession {
    /// The latest request's state.
    pub status: ArcRwSignal<EvalStatus>,
    /// The latest finished table (possibly of an earlier request).
    pub result: ArcRwSignal<Option<Evaluated>>,
    bridge: Rc<RefCell<Option<WorkerBridge<TrainWorker>>>>,
    sent: Rc<RefCell<Sent>>,
    /// The request in progress: its id, key and start time.
    pending: Rc<RefCell<Option<(u64, EvalKey, f64)>>>,
    next_id: Rc<RefCell<u64>>,
    /// The baselines' plays of Replay's episode from the worker.
    played: ArcRwSignal<Vec<(TraceKey, TraceResult)>>,
    /// The plays asked for and not in yet: id and key.
    playing: Rc<RefCell<Vec<(u64, TraceKey)>>>,
    /// The dataset being read.
    reading: Rc<RefCell<Option<Reading>>>,
}

thread_local! {
    static SESSION: EvalSession = EvalSession {
        status: ArcRwSignal::new(EvalStatus::Idle),
        result: ArcRwSignal::new(None),
        bridge: Rc::new(RefCell::new(None)),
        sent: Rc::new(RefCell::new(Sent::default())),
        pending: Rc::new(RefCell::new(None)),
        next_id: Rc::new(RefCell::new(0)),
        played: ArcRwSignal::new(Vec::new()),
        playing: Rc::new(RefCell::new(Vec::new())),
        reading: Rc::new(RefCell::new(None)),
    };
}

impl EvalSession {
    /// The page's session.
    pub fn get() -> EvalSession {
        SESSION.with(Clone::clone)
    }

    /// A new request id.
    fn next_id(&self) -> u64 {
        let mut next = self.next_id.borrow_mut();
        *next += 1;
        *next
    }

    /// The worker's key for `dataset`, sending it first when the worker holds another.
    fn dataset_key(&self, bridge: &WorkerBridge<TrainWorker>, dataset: &LabDataset) -> u64 {
        let mut sent = self.sent.borrow_mut();
        if let Some((held, key)) = &sent.dataset
            && Arc::ptr_eq(held, &dataset.data)
        {
            return *key;
        }
        sent.next_key += 1;
        let key = sent.next_key;
        bridge.send(Request::LoadDataset {
            key,
            source: dataset.source(),
        });
        sent.dataset = Some((dataset.data.clone(), key));
        key
    }

    /// Reads the dataset at `url` in the worker (replacing any read in progress), reporting
    /// to `report` as its parts arrive, each decoded in a task of its own.
    pub fn read(&self, url: Arc<DatasetUrl>, report: impl Fn(ReadEvent) + 'static) {
        let id = self.next_id();
        let key = {
            let mut sent = self.sent.borrow_mut();
            // The worker replaces the dataset it holds.
            sent.dataset = None;
            sent.next_key += 1;
            sent.next_key
        };
        *self.reading.borrow_mut() = Some(Reading {
            id,
            key,
            total: 0,
            fnv1a_64: 0,
            episodes: Vec::new(),
            _url: url.clone(),
            report: Some(Rc::new(report)),
        });
        let mut bridge = self.bridge.borrow_mut();
        let bridge = bridge.get_or_insert_with(|| self.spawn());
        bridge.send(Request::ReadDataset {
            id,
            key,
            url: url.0.clone(),
        });
    }

    /// Stops the read in progress: nothing more is reported, and its URL is kept until the
    /// worker has read it.
    pub fn stop_read(&self) {
        if let Some(r) = self.reading.borrow_mut().as_mut()
            && r.report.take().is_some()
            && let Some(bridge) = self.bridge.borrow().as_ref()
        {
            bridge.send(Request::StopRead);
        }
    }

    /// Records that the worker holds `dataset` under `key` (a read's, see [`ReadEvent::Done`]),
    /// unless another dataset was sent since.
    pub fn held(&self, dataset: &LabDataset, key: u64) {
        let mut sent = self.sent.borrow_mut();
        if sent.dataset.is_none() && sent.next_key == key {
            sent.dataset = Some((dataset.data.clone(), key));
        }
    }

    /// The play of the baseline `spec` over the episode at `position` of the lab's dataset
    /// under its scenario (shielded when `shield`) once the worker has played it; `None`
    /// meanwhile (the worker is asked once). Tracks the arrival.
    pub fn baseline_trace(
        &self,
        lab: Lab,
        spec: &PolicySpec,
        position: usize,
        shield: bool,
    ) -> Option<TraceResult> {
        let dataset = lab.dataset.get_untracked();
        let mut bridge = self.bridge.borrow_mut();
        let bridge = bridge.get_or_insert_with(|| self.spawn());
        let episode = EpisodeKey {
            dataset_key: self.dataset_key(bridge, &dataset),
            scenario: lab.scenario.get_untracked(),
            shield,
            position,
        };
        let key = (episode, spec.to_string());
        let played = self.played.with(|p| {
            p.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, trace)| trace.clone())
        });
        if played.is_some() {
            return played;
        }
        let mut playing = self.playing.borrow_mut();
        if !playing.iter().any(|(_, k)| *k == key) {
            // Plays of another episode are no longer wanted.
            playing.retain(|(_, (episode, _))| *episode == key.0);
            let id = self.next_id();
            bridge.send(Request::Trace(Box::new(TraceJob {
                id,
                dataset_key: key.0.dataset_key,
                scenario: key.0.scenario.clone(),
                policy: key.1.clone(),
                shield,
                position,
            })));
            playing.push((id, key));
        }
        None
    }

    /// Asks for Compare's table of the lab's current dataset, scenario, seeds, shield and
    /// trained policies, unless it is shown or being computed already.
    pub fn request(&self, lab: Lab) {
        let dataset = lab.dataset.get_untracked();
        let scenario = lab.scenario.get_untracked();
        let seeds = lab.seeds.get_untracked().get();
        let shield = lab.shield.get_untracked();
        let learned = lab.learned.get_untracked();
        let mut bridge = self.bridge.borrow_mut();
        let bridge = bridge.get_or_insert_with(|| self.spawn());
        // The dataset: sent when it is not the one the worker holds.
        let dataset_key = self.dataset_key(bridge, &dataset);
        let mut sent = self.sent.borrow_mut();
        // The policy files, by seed: each sent when new or changed. TMO's are the ones trained
        // per seed so far; any other policy has its one file.
        let tmo = TmoSeeds::get().files.get_untracked();
        let mut trained = Vec::new();
        for p in &learned {
            let files: SeedFiles = if p.name == SHIPPED_NAME {
                tmo.clone()
            } else {
                p.file_json
                    .iter()
                    .map(|json| (p.split_seed, json.clone()))
                    .collect()
            };
            if files.is_empty() {
                continue;
            }
            for (&seed, json) in &files {
                let held = sent.policies.get(&(p.name.clone(), seed));
                if held.is_none_or(|held| !Arc::ptr_eq(held, json)) {
                    bridge.send(Request::LoadPolicy {
                        name: p.name.clone(),
                        json: json.to_string(),
                    });
                    // A changed file makes the tables that show its old version wrong.
                    if sent
                        .policies
                        .insert((p.name.clone(), seed), json.clone())
                        .is_some()
                    {
                        self.result.set(None);
                    }
                }
            }
            trained.push(Trained {
                name: p.name.clone(),
                seeds: files.keys().copied().collect(),
            });
        }
        let key = EvalKey {
            dataset_key,
            scenario: scenario.clone(),
            seeds,
            shield,
            trained: trained.clone(),
        };
        let shown = self
            .result
            .with_untracked(|r| r.as_ref().is_some_and(|r| r.complete && r.key == key));
        let computing = self
            .pending
            .borrow()
            .as_ref()
            .is_some_and(|(_, k, _)| *k == key);
        if shown {
            if self.pending.borrow_mut().take().is_some() {
                bridge.send(Request::StopEvaluation);
            }
            self.status.set(EvalStatus::Done);
            return;
        }
        if computing {
            return;
        }
        let id = self.next_id();
        *self.pending.borrow_mut() = Some((id, key, now_ms()));
        self.status.set(EvalStatus::Running(Progress::default()));
        bridge.send(Request::Evaluate(Box::new(EvalJob {
            id,
            dataset_key,
            scenario,
            seeds,
            entries: comparison::entries(&trained, shield),
        })));
    }

    /// Keeps the table current: asks the worker for it now and whenever the dataset, scenario,
    /// seeds, shield, trained policies or TMO's seeds change (a table already shown or being
    /// computed for the same inputs is not asked again). The headline and Compare both read it.
    pub fn keep_current(lab: Lab) {
        let tmo = TmoSeeds::get().files;
        Effect::new(move |_| {
            tmo.track();
            lab.dataset.track();
            lab.scenario.track();
            lab.seeds.track();
            lab.shield.track();
            lab.learned.track();
            EvalSession::get().request(lab);
        });
    }

    /// Stops the evaluation in progress (the last table stays).
    pub fn stop(&self) {
        if self.pending.borrow_mut().take().is_some() {
            if let Some(bridge) = self.bridge.borrow().as_ref() {
                bridge.send(Request::StopEvaluation);
            }
            self.status.set(EvalStatus::Stopped);
        }
    }

    fn spawn(&self) -> WorkerBridge<TrainWorker> {
        let session = self.clone();
        super::spawn(move |reply| session.receive(reply))
    }

    /// Whether `id` is the request in progress.
    fn is_pending(&self, id: u64) -> bool {
        self.pending
            .borrow()
            .as_ref()
            .is_some_and(|(p, _, _)| *p == id)
    }

    fn receive(&self, reply: Reply) {
        match reply {
            Reply::EvalProgress {
                id,
                progress,
                partial,
            } if self.is_pending(id) => {
                if let Some(table) = partial.and_then(|t| Comparison::new(*t).ok()) {
                    let (key, started) = match self.pending.borrow().as_ref() {
                        Some((_, key, started)) => (key.clone(), *started),
                        None => return,
                    };
                    self.result.set(Some(Evaluated {
                        table,
                        elapsed_ms: 0.0,
                        wall_ms: now_ms() - started,
                        complete: false,
                        key,
                    }));
                }
                self.status.set(EvalStatus::Running(progress));
            }
            Reply::Evaluated {
                id,
                table,
                elapsed_ms,
            } if self.is_pending(id) => {
                let Some((_, key, started)) = self.pending.borrow_mut().take() else {
                    return;
                };
                match Comparison::new(*table) {
                    Ok(table) => {
                        self.result.set(Some(Evaluated {
                            table,
                            elapsed_ms,
                            wall_ms: now_ms() - started,
                            complete: true,
                            key,
                        }));
                        self.status.set(EvalStatus::Done);
                    }
                    Err(e) => self.status.set(EvalStatus::Failed(e)),
                }
            }
            Reply::EvalFailed { id, message } if self.is_pending(id) => {
                self.pending.borrow_mut().take();
                self.status.set(EvalStatus::Failed(message));
            }
            Reply::Traced { id, trace } => {
                let mut playing = self.playing.borrow_mut();
                let Some(at) = playing.iter().position(|(p, _)| *p == id) else {
                    return;
                };
                let (_, key) = playing.swap_remove(at);
                drop(playing);
                self.played.update(|played| {
                    played.retain(|((episode, _), _)| *episode == key.0);
                    played.push((key, trace.map(|trace| Arc::new(*trace))));
                });
            }
            Reply::DatasetReading { id, .. }
            | Reply::DatasetRead { id, .. }
            | Reply::DatasetPart { id, .. }
            | Reply::DatasetRejected { id, .. }
            | Reply::DatasetFailed { id, .. } => self.read_reply(id, reply),
            // Replies of replaced requests, and training replies (another instance's).
            _ => {}
        }
    }

    /// Takes a reply of the read in progress (one of a replaced or stopped read is dropped).
    fn read_reply(&self, id: u64, reply: Reply) {
        let mut reading = self.reading.borrow_mut();
        let Some(r) = reading.as_mut().filter(|r| r.id == id) else {
            return;
        };
        let Some(report) = r.report.clone() else {
            // Stopped: the worker is done with the URL.
            *reading = None;
            return;
        };
        let event = match reply {
            Reply::DatasetReading { bytes, total, .. } => ReadEvent::Reading { bytes, total },
            Reply::DatasetRead {
                episodes, fnv1a_64, ..
            } => {
                r.total = episodes;
                r.fnv1a_64 = fnv1a_64;
                ReadEvent::Progress {
                    received: 0,
                    total: episodes,
                }
            }
            Reply::DatasetPart { json, .. } => match serde_json::from_str::<Vec<Episode>>(&json) {
                Ok(mut part) => {
                    r.episodes.append(&mut part);
                    if r.episodes.len() < r.total {
                        ReadEvent::Progress {
                            received: r.episodes.len(),
                            total: r.total,
                        }
                    } else {
                        ReadEvent::Done {
                            episodes: std::mem::take(&mut r.episodes),
                            fnv1a_64: r.fnv1a_64,
                            key: r.key,
                        }
                    }
                }
                Err(e) => ReadEvent::Failed(format!("the worker's episodes did not read: {e}")),
            },
            Reply::DatasetRejected { error, .. } => ReadEvent::Rejected(error),
            Reply::DatasetFailed { message, .. } => ReadEvent::Failed(message),
            _ => return,
        };
        if !matches!(
            event,
            ReadEvent::Reading { .. } | ReadEvent::Progress { .. }
        ) {
            *reading = None;
        }
        drop(reading);
        report(event);
    }
}
