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
//! Reading an uploaded or listed dataset: the page sends [`Request::ReadDataset`] (a URL); the
//! worker reads and validates it chunk by chunk, answering [`Reply::DatasetReading`] after
//! each, keeps it for evaluations and answers [`Reply::DatasetRead`], then one
//! [`Reply::DatasetPart`] per [`PART_EPISODES`] episodes, or [`Reply::DatasetRejected`] (its
//! problems) or [`Reply::DatasetFailed`]. [`Request::StopRead`] stops the read or its parts.
//!
//! Replay's baselines: the page sends [`Request::Trace`] (a [`TraceJob`] on the dataset sent
//! before); the worker plays the episode (the optimum plans it) and answers [`Reply::Traced`].
//!
//! Sweeps (Experiments): the page sends [`Request::Sweep`] (a [`SweepJobRequest`]); the worker
//! answers with [`Reply::SweepProgress`] (the points whose tables changed since the last
//! reply: seed 0 at every point first, then the next seeds) and finally [`Reply::SweepDone`]
//! or [`Reply::SweepFailed`]. A new sweep replaces the one in progress; [`Request::StopSweep`]
//! drops it.

use serde::{Deserialize, Serialize};
use tmo_agent::{LearnerConfig, Progress};
use tmo_core::Scenario;
use tmo_core::dataset::{Dataset, DatasetError};
use tmo_core::evaluate::EpisodeTrace;
use tmo_core::experiment::sweep::{Axis, AxisValues, PointResult, PointStatus, Values};
use tmo_core::experiment::{self, Entry, Table};

/// Episodes per [`Reply::DatasetPart`]: each part is decoded by the page in a task of its own.
pub const PART_EPISODES: usize = 500;

/// Where a worker reads a dataset (the M4A1 format) from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DatasetSource {
    /// Its JSON text.
    Json(String),
    /// A URL the worker reads it from itself (an uploaded file's blob URL, a listed dataset).
    Url(String),
}

impl DatasetSource {
    /// The validated dataset; a URL is read synchronously, blocking the worker's thread only.
    pub fn dataset(&self) -> Result<Dataset, String> {
        match self {
            DatasetSource::Json(text) => Dataset::from_json(text).map_err(|e| e.to_string()),
            DatasetSource::Url(url) => super::reading::read_whole(url),
        }
    }
}

/// One of Replay's baselines played over one episode, on the dataset sent before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceJob {
    /// Names this request in the reply.
    pub id: u64,
    /// The key of the dataset sent by [`Request::LoadDataset`] or [`Request::ReadDataset`].
    pub dataset_key: u64,
    /// The scenario (its seed-0 simulator is the page's).
    pub scenario: Scenario,
    /// The baseline, by name (tmo-core's `PolicySpec`).
    pub policy: String,
    /// Whether it is shielded.
    pub shield: bool,
    /// The episode's position in the dataset.
    pub position: usize,
}

/// Everything a training run needs, self-contained (the worker shares no memory with the page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainJob {
    /// Hyperparameters (validated again by the trainer).
    pub config: LearnerConfig,
    /// The dataset.
    pub dataset: DatasetSource,
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
    /// The dataset.
    pub dataset: DatasetSource,
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
    /// Keep this dataset for evaluations under `key`, replacing the one kept.
    LoadDataset {
        /// What [`EvalJob::dataset_key`] calls it.
        key: u64,
        /// The dataset.
        source: DatasetSource,
    },
    /// Read and validate the dataset at `url`, keep it as [`Request::LoadDataset`] does and
    /// send its episodes back (replacing any read in progress).
    ReadDataset {
        /// Names this request in the replies.
        id: u64,
        /// What [`EvalJob::dataset_key`] calls it.
        key: u64,
        /// Where it is.
        url: String,
    },
    /// Stop the read in progress (reading its file or sending its parts).
    StopRead,
    /// Play one of Replay's baselines over one episode.
    Trace(Box<TraceJob>),
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
    /// Read `id` advanced: bytes of its file read and checked so far, and in all.
    DatasetReading {
        /// The request.
        id: u64,
        /// Bytes read so far.
        bytes: u64,
        /// The file's size in bytes.
        total: u64,
    },
    /// Read `id` is valid: its size; its episodes follow in parts.
    DatasetRead {
        /// The request.
        id: u64,
        /// Episodes in all.
        episodes: usize,
        /// FNV-1a 64 of the file's bytes.
        fnv1a_64: u64,
    },
    /// The next episodes of read `id`, as a JSON array.
    DatasetPart {
        /// The request.
        id: u64,
        /// The episodes (the JSON form: the worker codec cannot read `Episode`'s optional
        /// fields back).
        json: String,
    },
    /// Read `id` is not a valid dataset.
    DatasetRejected {
        /// The request.
        id: u64,
        /// Its problems.
        error: DatasetError,
    },
    /// Read `id` could not be read at all (the error in words).
    DatasetFailed {
        /// The request.
        id: u64,
        /// What went wrong.
        message: String,
    },
    /// The play of trace request `id`, or why there is none.
    Traced {
        /// The request.
        id: u64,
        /// The baseline's play of the episode.
        trace: Result<Box<EpisodeTrace>, String>,
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
            dataset: DatasetSource::Url("blob:x".into()),
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

    #[test]
    fn a_datasets_parts_rebuild_it_and_its_problems_cross_intact() {
        let kitchen = crate::bundle::fixtures::kitchen();
        let episodes = kitchen.data.episodes();
        let mut received = Vec::new();
        for part in episodes.chunks(PART_EPISODES.min(episodes.len() / 3)) {
            let reply = Reply::DatasetPart {
                id: 1,
                json: serde_json::to_string(part).unwrap(),
            };
            let bytes = bincode::serialize(&reply).unwrap();
            let Reply::DatasetPart { json, .. } = bincode::deserialize(&bytes).unwrap() else {
                panic!("another reply");
            };
            received
                .extend(serde_json::from_str::<Vec<tmo_core::dataset::Episode>>(&json).unwrap());
        }
        assert_eq!(Dataset::from_episodes(received).unwrap(), *kitchen.data);
        let error = Dataset::from_json("[{}]").unwrap_err();
        let reply = Reply::DatasetRejected { id: 2, error };
        let bytes = bincode::serialize(&reply).unwrap();
        assert_eq!(bincode::deserialize::<Reply>(&bytes).unwrap(), reply);
    }
}
