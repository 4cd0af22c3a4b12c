//! Messages between the page and the lab's worker (one instance trains, another evaluates).
//!
//! Training: the page sends [`Request::Start`] (a [`TrainJob`]); the worker answers with
//! periodic [`Reply::Progress`] and finally [`Reply::Done`] with the policy file, or
//! [`Reply::Stopped`] after a [`Request::Stop`], or [`Reply::Failed`] if the job cannot run.
//!
//! Evaluation (Compare's table): the page sends the dataset ([`Request::LoadDataset`]) and each
//! trained policy's file ([`Request::LoadPolicy`]) once, when they change, and then any number
//! of [`Request::Evaluate`] that name them; the worker answers with
//! [`Reply::EvalProgress`] and finally [`Reply::Evaluated`] (the table) or
//! [`Reply::EvalFailed`]. A new [`Request::Evaluate`] replaces the one in progress;
//! [`Request::StopEvaluation`] drops it.
//!
//! Sweeps (Experiments): the page sends [`Request::Sweep`] (a [`SweepJobRequest`]); the worker
//! answers with [`Reply::SweepProgress`] (the points whose tables changed since the last
//! reply: seed 0 at every point first, then the next seeds) and finally [`Reply::SweepDone`]
//! or [`Reply::SweepFailed`]. A new sweep replaces the one in progress; [`Request::StopSweep`]
//! drops it.

use serde::{Deserialize, Serialize};
use tmo_agent::{LearnerConfig, Progress};
use tmo_core::Scenario;
use tmo_core::experiment::sweep::{Axis, AxisValues, PointResult, PointStatus, Values};
use tmo_core::experiment::{self, Entry, Table};

/// Everything a training run needs, self-contained (the worker shares no memory with the page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainJob {
    /// Hyperparameters (validated again by the trainer).
    pub config: LearnerConfig,
    /// The dataset as JSON (the M4A1 format).
    pub dataset_json: String,
    /// The scenario, including the training budget distribution.
    pub scenario: Scenario,
    /// Seed of the 80/20 split whose training episodes are used.
    pub split_seed: u64,
}

/// An evaluation of Compare's policies over seeds, on the dataset and policy files the worker
/// was sent before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvalJob {
    /// Names this request in the replies.
    pub id: u64,
    /// The key of the dataset sent by [`Request::LoadDataset`].
    pub dataset_key: u64,
    /// The scenario (evaluation budgets included).
    pub scenario: Scenario,
    /// Seeds `0 .. seeds`.
    pub seeds: u64,
    /// The policies: rule names, `optimal`, names of policy files sent by
    /// [`Request::LoadPolicy`], any of them ending in `+shield`.
    pub entries: Vec<Entry>,
}

/// A sweep to run (tmo-core's [`SweepJob`](tmo_core::experiment::sweep::SweepJob), learners
/// from tmo-agent's registry), self-contained.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepJobRequest {
    /// Names this request in the replies.
    pub id: u64,
    /// The dataset as JSON.
    pub dataset_json: String,
    /// The base scenario every point changes.
    pub scenario: Scenario,
    /// What is varied.
    pub axis: Axis,
    /// Its values.
    pub values: Values,
    /// The policies, by name.
    pub policies: Vec<String>,
    /// Seeds `0 .. seeds`.
    pub seeds: u64,
}

/// A sweep's point as it crosses to the page: every axis field written, set or not (the
/// worker codec cannot read back the JSON form, which leaves unset fields out).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WirePoint {
    device: Option<String>,
    network: Option<String>,
    model_size: Option<f64>,
    latency_budget: Option<f64>,
    usage_budget: Option<f64>,
    shape: Option<String>,
    table: Table,
}

impl From<PointResult> for WirePoint {
    fn from(p: PointResult) -> WirePoint {
        let AxisValues {
            device,
            network,
            model_size,
            latency_budget,
            usage_budget,
            shape,
        } = p.values;
        WirePoint {
            device,
            network,
            model_size,
            latency_budget,
            usage_budget,
            shape,
            table: p.table,
        }
    }
}

impl From<WirePoint> for PointResult {
    fn from(w: WirePoint) -> PointResult {
        PointResult {
            values: AxisValues {
                device: w.device,
                network: w.network,
                model_size: w.model_size,
                latency_budget: w.latency_budget,
                usage_budget: w.usage_budget,
                shape: w.shape,
            },
            table: w.table,
        }
    }
}

/// From the page to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Start a run (replacing any run in progress).
    Start(Box<TrainJob>),
    /// Stop the run in progress.
    Stop,
    /// Keep this dataset (M4A1 JSON) for evaluations under `key`, replacing the one kept.
    LoadDataset {
        /// What [`EvalJob::dataset_key`] calls it.
        key: u64,
        /// The dataset as JSON.
        json: String,
    },
    /// Keep this policy file for evaluations under `name`, replacing one of that name.
    LoadPolicy {
        /// The policy's name (entries name it, optionally with `+shield`).
        name: String,
        /// The policy file as JSON.
        json: String,
    },
    /// Evaluate (replacing any evaluation in progress).
    Evaluate(Box<EvalJob>),
    /// Drop the evaluation in progress.
    StopEvaluation,
    /// Run a sweep (replacing any sweep in progress).
    Sweep(Box<SweepJobRequest>),
    /// Drop the sweep in progress.
    StopSweep,
}

/// Where a run stands and how long it has taken.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The trainer's progress after its latest update.
    pub progress: Progress,
    /// Wall-clock milliseconds since the run started, measured in the worker.
    pub elapsed_ms: f64,
}

impl Report {
    /// Environment steps per second so far (`None` before any time has passed).
    pub fn steps_per_second(&self) -> Option<f64> {
        (self.elapsed_ms > 0.0).then(|| self.progress.timesteps as f64 / (self.elapsed_ms / 1000.0))
    }

    /// Estimated seconds left at the current speed.
    pub fn seconds_left(&self) -> Option<f64> {
        let left = self
            .progress
            .total_timesteps
            .saturating_sub(self.progress.timesteps);
        self.steps_per_second()
            .filter(|s| *s > 0.0)
            .map(|s| left as f64 / s)
    }

    /// Share of the run done, in [0, 1].
    pub fn fraction(&self) -> f64 {
        let p = &self.progress;
        if p.total_timesteps == 0 {
            return 0.0;
        }
        (p.timesteps as f64 / p.total_timesteps as f64).min(1.0)
    }
}

/// From the worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The run advanced by a chunk of updates.
    Progress(Report),
    /// The run reached its timesteps; the trained policy as a policy file (JSON).
    Done {
        /// The final state.
        report: Report,
        /// The policy file, as `tmo train` writes it.
        policy_json: String,
    },
    /// The run was stopped on request.
    Stopped(Report),
    /// The job could not start (bad dataset, scenario or configuration).
    Failed(String),
    /// Evaluation `id` advanced.
    EvalProgress {
        /// The request.
        id: u64,
        /// Units done and in total.
        progress: experiment::Progress,
        /// The table of the seeds done so far, when a seed was completed since the last reply.
        partial: Option<Box<Table>>,
    },
    /// Evaluation `id` finished.
    Evaluated {
        /// The request.
        id: u64,
        /// Its table.
        table: Box<Table>,
        /// Wall-clock milliseconds it took in the worker.
        elapsed_ms: f64,
    },
    /// Sweep `id` advanced.
    SweepProgress {
        /// The request.
        id: u64,
        /// Units done and in total.
        progress: experiment::Progress,
        /// The points whose tables changed since the last reply: index, table so far, and
        /// whether it is complete.
        points: Vec<(usize, WirePoint, PointStatus)>,
    },
    /// Sweep `id` finished (every point was sent before).
    SweepDone {
        /// The request.
        id: u64,
        /// Wall-clock milliseconds it took in the worker.
        elapsed_ms: f64,
    },
    /// Sweep `id` could not run or failed (the error in words).
    SweepFailed {
        /// The request.
        id: u64,
        /// What went wrong.
        message: String,
    },
    /// Evaluation `id` could not run or failed (the error in words).
    EvalFailed {
        /// The request.
        id: u64,
        /// What went wrong.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_and_time_left_follow_from_the_report() {
        let report = Report {
            progress: Progress {
                timesteps: 1_000,
                total_timesteps: 4_000,
                ..Progress::default()
            },
            elapsed_ms: 500.0,
        };
        assert_eq!(report.steps_per_second(), Some(2_000.0));
        assert_eq!(report.seconds_left(), Some(1.5));
        assert_eq!(report.fraction(), 0.25);
        assert_eq!(Report::default().steps_per_second(), None);
    }

    #[test]
    fn messages_survive_the_worker_codec() {
        let job = Request::Start(Box::new(TrainJob {
            config: crate::train_form::preset(crate::train_form::DEFAULT_LEARNER),
            dataset_json: "{}".into(),
            scenario: Scenario::default_for(3),
            split_seed: 4,
        }));
        let bytes = bincode::serialize(&job).expect("serialises");
        assert_eq!(
            bincode::deserialize::<Request>(&bytes).expect("deserialises"),
            job
        );
        let eval = Request::Evaluate(Box::new(EvalJob {
            id: 3,
            dataset_key: 1,
            scenario: Scenario::default_for(3),
            seeds: 2,
            entries: crate::comparison::entries(&[], true),
        }));
        let bytes = bincode::serialize(&eval).expect("serialises");
        assert_eq!(
            bincode::deserialize::<Request>(&bytes).expect("deserialises"),
            eval
        );
        // A sweep's point, whose JSON form leaves unset axis fields out.
        let point = PointResult {
            values: AxisValues {
                network: Some("4G".into()),
                ..AxisValues::default()
            },
            table: Table {
                seeds: 1,
                num_views: 3,
                rows: Vec::new(),
                skipped: Vec::new(),
                optimum: Default::default(),
            },
        };
        let reply = Reply::SweepProgress {
            id: 1,
            progress: experiment::Progress::default(),
            points: vec![(3, point.clone().into(), PointStatus::Partial)],
        };
        let bytes = bincode::serialize(&reply).expect("serialises");
        let Reply::SweepProgress { points, .. } =
            bincode::deserialize::<Reply>(&bytes).expect("deserialises")
        else {
            panic!("another reply");
        };
        let (index, wire, status) = points[0].clone();
        assert_eq!(
            (index, PointResult::from(wire), status),
            (3, point, PointStatus::Partial)
        );
    }
}
