//! The page's side of Experiments: a worker instance of its own for sweeps, and the latest
//! sweep's points as they arrive (they outlive view changes).

use super::TrainWorker;
use super::page_now_ms as now_ms;
use super::protocol::{Reply, Request, SweepJobRequest};
use crate::state::LabDataset;
use crate::sweep_settings::Sweep;
use gloo_worker::WorkerBridge;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use tmo_core::experiment::Progress;
use tmo_core::experiment::sweep::export::DatasetInfo;
use tmo_core::experiment::sweep::{PointResult, PointStatus};

/// The state of the latest sweep.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SweepStatus {
    /// Nothing run yet.
    #[default]
    Idle,
    /// Running (the progress so far).
    Running(Progress),
    /// Every point is in.
    Done,
    /// Stopped on request; the points so far stay.
    Stopped,
    /// It could not run or failed (the error in words).
    Failed(String),
}

/// The latest sweep: what was asked and the points so far.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepRun {
    /// The sweep.
    pub sweep: Sweep,
    /// Its dataset, for the exports' provenance.
    pub dataset: DatasetInfo,
    /// Every point's table so far, by index (`None`: nothing yet), and whether it is complete.
    pub points: Vec<Option<(PointResult, PointStatus)>>,
    /// Milliseconds from Run to the first point on screen.
    pub first_ms: Option<f64>,
    /// Milliseconds the worker took for the whole sweep, once done.
    pub elapsed_ms: Option<f64>,
    started_ms: f64,
}

impl SweepRun {
    /// The points to show: every point with a table so far, in order.
    pub fn shown(&self) -> Vec<PointResult> {
        self.points
            .iter()
            .flatten()
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// The points with every seed in, in order (what an export holds).
    pub fn complete(&self) -> Vec<PointResult> {
        self.points
            .iter()
            .flatten()
            .filter(|(_, s)| *s == PointStatus::Complete)
            .map(|(p, _)| p.clone())
            .collect()
    }
}

/// The sweep session: reactive state plus the worker bridge.
#[derive(Clone)]
pub struct SweepSession {
    /// The latest sweep's state.
    pub status: ArcRwSignal<SweepStatus>,
    /// The latest sweep and its points.
    pub run: ArcRwSignal<Option<SweepRun>>,
    bridge: Rc<RefCell<Option<WorkerBridge<TrainWorker>>>>,
    /// The id of the sweep in progress.
    pending: Rc<RefCell<Option<u64>>>,
    next_id: Rc<RefCell<u64>>,
}

thread_local! {
    static SESSION: SweepSession = SweepSession {
        status: ArcRwSignal::new(SweepStatus::Idle),
        run: ArcRwSignal::new(None),
        bridge: Rc::new(RefCell::new(None)),
        pending: Rc::new(RefCell::new(None)),
        next_id: Rc::new(RefCell::new(0)),
    };
}

impl SweepSession {
    /// The page's session.
    pub fn get() -> SweepSession {
        SESSION.with(Clone::clone)
    }

    /// Runs `sweep` on `dataset`, replacing any sweep in progress.
    pub fn start(&self, sweep: Sweep, dataset: &LabDataset) {
        let info = dataset.info();
        let id = {
            let mut next = self.next_id.borrow_mut();
            *next += 1;
            *next
        };
        *self.pending.borrow_mut() = Some(id);
        self.run.set(Some(SweepRun {
            sweep: sweep.clone(),
            dataset: info,
            points: Vec::new(),
            first_ms: None,
            elapsed_ms: None,
            started_ms: now_ms(),
        }));
        self.status.set(SweepStatus::Running(Progress::default()));
        let mut bridge = self.bridge.borrow_mut();
        let bridge = bridge.get_or_insert_with(|| self.spawn());
        bridge.send(Request::Sweep(Box::new(SweepJobRequest {
            id,
            dataset: dataset.source(),
            scenario: sweep.scenario,
            axis: sweep.axis,
            values: sweep.values,
            policies: sweep.policies,
            seeds: sweep.seeds,
        })));
    }

    /// Stops the sweep in progress (its points so far stay).
    pub fn stop(&self) {
        if self.pending.borrow_mut().take().is_some() {
            if let Some(bridge) = self.bridge.borrow().as_ref() {
                bridge.send(Request::StopSweep);
            }
            self.status.set(SweepStatus::Stopped);
        }
    }

    fn spawn(&self) -> WorkerBridge<TrainWorker> {
        let session = self.clone();
        super::spawn(move |reply| session.receive(reply))
    }

    fn is_pending(&self, id: u64) -> bool {
        *self.pending.borrow() == Some(id)
    }

    fn receive(&self, reply: Reply) {
        match reply {
            Reply::SweepProgress {
                id,
                progress,
                points,
            } if self.is_pending(id) => {
                let now = now_ms();
                self.run.update(|run| {
                    let Some(run) = run else { return };
                    for (index, point, status) in points {
                        if run.points.len() <= index {
                            run.points.resize(index + 1, None);
                        }
                        run.points[index] = Some((point.into(), status));
                    }
                    if run.first_ms.is_none() && run.points.iter().any(Option::is_some) {
                        run.first_ms = Some(now - run.started_ms);
                    }
                });
                self.status.set(SweepStatus::Running(progress));
            }
            Reply::SweepDone { id, elapsed_ms } if self.is_pending(id) => {
                self.pending.borrow_mut().take();
                self.run.update(|run| {
                    if let Some(run) = run {
                        run.elapsed_ms = Some(elapsed_ms);
                    }
                });
                self.status.set(SweepStatus::Done);
            }
            Reply::SweepFailed { id, message } if self.is_pending(id) => {
                self.pending.borrow_mut().take();
                self.status.set(SweepStatus::Failed(message));
            }
            // Replies of replaced sweeps.
            _ => {}
        }
    }
}
