//! The worker's side of Experiments: a sweep (tmo-core's [`SweepJob`], learners from
//! tmo-agent's registry through [`sweep_factory`]) advanced in chunks, each answered with the
//! points whose tables changed since the last.

use super::now_ms;
use super::protocol::{Reply, SweepJobRequest};
use gloo_worker::HandlerId;
use std::sync::Arc;
use tmo_agent::{LearnerFactory, sweep_factory};
use tmo_core::Shuffle;
use tmo_core::experiment::Entry;
use tmo_core::experiment::sweep::{PointResult, PointStatus, SweepJob, points, trains_once};
use tmo_core::policy::PolicyFactory;

/// The factory a sweep's policies are built with.
type Factory = Arc<dyn PolicyFactory + Send + Sync>;

/// A sweep in progress.
pub struct Sweeping {
    /// The bridge that asked (replies go there).
    pub client: HandlerId,
    /// The request.
    pub id: u64,
    /// Which sweep the scheduled ticks belong to.
    pub generation: u64,
    job: SweepJob<Factory>,
    /// Every point as last sent.
    sent: Vec<Option<(PointResult, PointStatus)>>,
    started_ms: f64,
}

impl Sweeping {
    /// The sweep `request` describes; fails on a dataset, value or policy that does not do.
    pub fn start(
        request: SweepJobRequest,
        client: HandlerId,
        generation: u64,
    ) -> Result<Sweeping, String> {
        let dataset = Arc::new(request.dataset.dataset()?);
        let once = trains_once(request.axis, &request.scenario)?;
        let points = points(request.axis, &request.values, &dataset, &request.scenario)?;
        let entries = request
            .policies
            .iter()
            .map(|p| Entry::every_seed(p))
            .collect();
        let factory = sweep_factory(LearnerFactory::default(), once);
        let job = SweepJob::new(points, Shuffle::Chacha8, request.seeds, entries, factory)?;
        Ok(Sweeping {
            client,
            id: request.id,
            generation,
            sent: vec![None; job.points().len()],
            job,
            started_ms: now_ms(),
        })
    }

    /// Advances for about `budget_ms` (at least one unit), or until a row changes, so it is
    /// shown before a long unit (a learner training) starts, and says where the sweep
    /// stands; the second value is whether it is over (finished or failed).
    pub fn chunk(&mut self, budget_ms: f64) -> (Reply, bool) {
        let until = now_ms() + budget_ms;
        let id = self.id;
        let runs = self.job.runs_done();
        let stepped = loop {
            match self.job.step() {
                Ok(p) if p.finished() || now_ms() >= until || self.job.runs_done() > runs => {
                    break Ok(p);
                }
                Ok(_) => {}
                Err(message) => break Err(message),
            }
        };
        match stepped {
            Err(message) => (Reply::SweepFailed { id, message }, true),
            Ok(progress) => {
                let now = self.job.so_far();
                let points = now
                    .iter()
                    .zip(&self.sent)
                    .enumerate()
                    .filter(|(_, (now, sent))| now != sent)
                    .filter_map(|(i, (now, _))| {
                        let (point, status) = now.clone()?;
                        Some((i, point.into(), status))
                    })
                    .collect();
                self.sent = now;
                let reply = Reply::SweepProgress {
                    id,
                    progress,
                    points,
                };
                (reply, progress.finished())
            }
        }
    }

    /// The final reply of a finished sweep.
    pub fn done(&self) -> Reply {
        Reply::SweepDone {
            id: self.id,
            elapsed_ms: now_ms() - self.started_ms,
        }
    }
}
