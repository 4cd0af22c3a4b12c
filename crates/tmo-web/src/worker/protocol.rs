//! Messages between the page and the training worker.
//!
//! The page sends [`Request::Start`] (a [`TrainJob`]); the worker answers with periodic
//! [`Reply::Progress`] and finally [`Reply::Done`] with the policy file, or
//! [`Reply::Stopped`] after a [`Request::Stop`], or [`Reply::Failed`] if the job cannot run.

use serde::{Deserialize, Serialize};
use tmo_agent::{LearnerConfig, Progress};
use tmo_core::Scenario;

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

/// From the page to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Start a run (replacing any run in progress).
    Start(Box<TrainJob>),
    /// Stop the run in progress.
    Stop,
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
    }
}
