//! The page's side of the training worker: one session per page that outlives view changes,
//! holding the run's status, its reports and the policy files it produced.

use super::TrainWorker;
use super::protocol::{Reply, Report, Request, TrainJob};
use crate::learned;
use crate::state::Lab;
use gloo_worker::WorkerBridge;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// What the session is doing.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Status {
    /// No run yet.
    #[default]
    Idle,
    /// A run is in progress.
    Running,
    /// The last run finished; its policy joined the lab under this name.
    Done(String),
    /// The last run was stopped.
    Stopped,
    /// The last run could not start or its policy could not be read.
    Failed(String),
}

/// A policy file produced or loaded in this page, offered for download.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedPolicy {
    /// Its name in the lab.
    pub name: String,
    /// The policy file.
    pub json: String,
}

/// The training session: reactive state plus the worker bridge.
#[derive(Clone)]
pub struct TrainSession {
    /// What the session is doing.
    pub status: ArcRwSignal<Status>,
    /// Every report of the current (or last) run, in order.
    pub reports: ArcRwSignal<Vec<Report>>,
    /// Policy files trained or uploaded here.
    pub saved: ArcRwSignal<Vec<SavedPolicy>>,
    bridge: Rc<RefCell<Option<WorkerBridge<TrainWorker>>>>,
    /// The name the running job's policy will get.
    pending_name: Rc<RefCell<String>>,
}

thread_local! {
    static SESSION: TrainSession = TrainSession {
        status: ArcRwSignal::new(Status::Idle),
        reports: ArcRwSignal::new(Vec::new()),
        saved: ArcRwSignal::new(Vec::new()),
        bridge: Rc::new(RefCell::new(None)),
        pending_name: Rc::new(RefCell::new(String::new())),
    };
}

impl TrainSession {
    /// The page's session.
    pub fn get() -> TrainSession {
        SESSION.with(Clone::clone)
    }

    /// Starts `job` in the worker (spawned on first use); the trained policy joins `lab` as
    /// `name` when done.
    pub fn start(&self, lab: Lab, name: String, job: TrainJob) {
        self.reports.set(Vec::new());
        self.status.set(Status::Running);
        let mut bridge = self.bridge.borrow_mut();
        let bridge = bridge.get_or_insert_with(|| self.spawn(lab));
        *self.pending_name.borrow_mut() = name;
        bridge.send(Request::Start(Box::new(job)));
    }

    /// Asks the worker to stop the run.
    pub fn stop(&self) {
        if let Some(bridge) = self.bridge.borrow().as_ref() {
            bridge.send(Request::Stop);
        }
    }

    fn spawn(&self, lab: Lab) -> WorkerBridge<TrainWorker> {
        let session = self.clone();
        super::spawn(move |reply| session.receive(lab, reply))
    }

    fn receive(&self, lab: Lab, reply: Reply) {
        match reply {
            Reply::Progress(report) => self.reports.update(|r| r.push(report)),
            Reply::Stopped(report) => {
                self.reports.update(|r| r.push(report));
                self.status.set(Status::Stopped);
            }
            Reply::Failed(e) => self.status.set(Status::Failed(e)),
            Reply::Done {
                report,
                policy_json,
            } => {
                self.reports.update(|r| r.push(report));
                let base = self.pending_name.borrow().clone();
                let name = learned::unique_name(lab, &base);
                match learned::from_json(lab, &name, &policy_json) {
                    Ok(policy) => {
                        learned::add(lab, policy);
                        self.keep(name.clone(), policy_json);
                        self.status.set(Status::Done(name));
                    }
                    Err(e) => self.status.set(Status::Failed(e)),
                }
            }
            // Evaluation replies come from the evaluating instance, never from this one.
            _ => {}
        }
    }

    /// Offers `json` for download as `name`.
    pub fn keep(&self, name: String, json: String) {
        self.saved.update(|s| {
            s.retain(|p| p.name != name);
            s.push(SavedPolicy { name, json });
        });
    }
}
