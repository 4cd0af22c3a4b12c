//! Policy files: a trained actor as versioned JSON, with the fingerprint of the scenario it
//! was trained for. Strings in and out (no file IO), so the web page can use them too.

use crate::config::{ConfigError, TrainerConfig};
use crate::model::MlpWeights;
use crate::policy::GreedyPolicy;
use crate::trained::TrainedPolicy;
use serde::{Deserialize, Serialize};
use tmo_core::Simulator;

/// The `format` tag of a policy file.
pub const FORMAT: &str = "tmo-lab-policy";
/// The version of the policy-file layout this build writes and reads.
pub const VERSION: u32 = 1;
/// The observation layout this build's learners read (SIMULATOR.md §2, closed-loop history).
pub const OBS_LAYOUT: &str = "tau blocks [prev_action, uploaded views.., task_id], then with RC [remaining latency, remaining usage] / range upper bound";

/// What a policy must agree with to act in a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fingerprint {
    /// Camera views `X`.
    pub num_views: usize,
    /// History length `τ`.
    pub time_span: usize,
    /// Whether the observation carries the remaining budgets.
    pub resource_constraints: bool,
    /// The task vocabulary, in task-id order.
    pub tasks: Vec<String>,
    /// The observation layout ([`OBS_LAYOUT`]).
    pub obs_layout: String,
    /// Observation length.
    pub obs_len: usize,
    /// Number of actions.
    pub num_actions: usize,
}

impl Fingerprint {
    /// The fingerprint of `sim` (built from a dataset with vocabulary `tasks`), with or
    /// without resource constraints.
    pub fn of(sim: &Simulator, tasks: &[String], resource_constraints: bool) -> Self {
        Self {
            num_views: sim.num_views(),
            time_span: sim.scenario().time_span,
            resource_constraints,
            tasks: tasks.to_vec(),
            obs_layout: OBS_LAYOUT.to_string(),
            obs_len: sim.obs_len(resource_constraints),
            num_actions: sim.num_actions(),
        }
    }

    /// The first field where `self` (a file's) and `scenario` differ.
    fn mismatch(&self, scenario: &Fingerprint) -> Option<PolicyFileError> {
        let differ = |field: &'static str, file: String, scenario: String| {
            (file != scenario).then_some(PolicyFileError::Mismatch {
                field,
                file,
                scenario,
            })
        };
        differ(
            "num_views",
            self.num_views.to_string(),
            scenario.num_views.to_string(),
        )
        .or_else(|| {
            differ(
                "time_span",
                self.time_span.to_string(),
                scenario.time_span.to_string(),
            )
        })
        .or_else(|| {
            differ(
                "resource_constraints",
                self.resource_constraints.to_string(),
                scenario.resource_constraints.to_string(),
            )
        })
        .or_else(|| differ("tasks", self.tasks.join(", "), scenario.tasks.join(", ")))
        .or_else(|| {
            differ(
                "obs_layout",
                self.obs_layout.clone(),
                scenario.obs_layout.clone(),
            )
        })
        .or_else(|| {
            differ(
                "obs_len",
                self.obs_len.to_string(),
                scenario.obs_len.to_string(),
            )
        })
        .or_else(|| {
            differ(
                "num_actions",
                self.num_actions.to_string(),
                scenario.num_actions.to_string(),
            )
        })
    }
}

/// A saved trained policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Layout version ([`VERSION`]).
    pub version: u32,
    /// `a2c` or `rc-a2c`.
    pub algorithm: String,
    /// How it was trained.
    pub config: TrainerConfig,
    /// The scenario it was trained for.
    pub fingerprint: Fingerprint,
    /// The actor network.
    pub actor: MlpWeights,
}

/// Why a policy file cannot be read or used.
#[derive(Debug, thiserror::Error)]
pub enum PolicyFileError {
    /// Not JSON of the expected shape.
    #[error("not a policy file: {0}")]
    Json(#[from] serde_json::Error),
    /// A JSON file of another kind.
    #[error("not a policy file: format is `{0}`, expected `{FORMAT}`")]
    Format(String),
    /// Written by another version.
    #[error("policy file version {0} is not supported (this build reads version {VERSION})")]
    Version(u32),
    /// The training configuration is invalid.
    #[error("policy file: {0}")]
    Config(#[from] ConfigError),
    /// The weights are malformed or do not fit the fingerprint.
    #[error("policy file weights: {0}")]
    Weights(String),
    /// The policy was trained for another scenario.
    #[error(
        "the policy does not fit this scenario: {field} is `{file}` in the file but `{scenario}` here"
    )]
    Mismatch {
        /// The fingerprint field that differs.
        field: &'static str,
        /// Its value in the file.
        file: String,
        /// Its value in the scenario.
        scenario: String,
    },
}

impl PolicyFile {
    /// A file for actor `actor` trained with `config` for `fingerprint`.
    pub fn new(config: TrainerConfig, fingerprint: Fingerprint, actor: MlpWeights) -> Self {
        Self {
            format: FORMAT.to_string(),
            version: VERSION,
            algorithm: config.name().to_string(),
            config,
            fingerprint,
            actor,
        }
    }

    /// The file as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| unreachable!("a policy file always serialises: {e}"))
    }

    /// Reads and checks a policy file (format, version, weights against its fingerprint).
    pub fn from_json(text: &str) -> Result<Self, PolicyFileError> {
        let value: serde_json::Value = serde_json::from_str(text)?;
        let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
        if format != FORMAT {
            return Err(PolicyFileError::Format(format.to_string()));
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version != u64::from(VERSION) {
            return Err(PolicyFileError::Version(
                u32::try_from(version).unwrap_or(u32::MAX),
            ));
        }
        let file: PolicyFile = serde_json::from_value(value)?;
        file.config.validate()?;
        file.actor.check().map_err(PolicyFileError::Weights)?;
        let fp = &file.fingerprint;
        if file.actor.inputs() != fp.obs_len || file.actor.outputs() != fp.num_actions {
            return Err(PolicyFileError::Weights(format!(
                "the actor maps {} inputs to {} outputs, the fingerprint says {} to {}",
                file.actor.inputs(),
                file.actor.outputs(),
                fp.obs_len,
                fp.num_actions
            )));
        }
        Ok(file)
    }

    /// The policy, if it fits the scenario with fingerprint `scenario`.
    pub fn policy_for(&self, scenario: &Fingerprint) -> Result<TrainedPolicy, PolicyFileError> {
        if let Some(e) = self.fingerprint.mismatch(scenario) {
            return Err(e);
        }
        Ok(TrainedPolicy::new(
            GreedyPolicy::new(&self.actor),
            self.fingerprint.resource_constraints,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn fingerprint() -> Fingerprint {
        Fingerprint {
            num_views: 3,
            time_span: 5,
            resource_constraints: true,
            tasks: vec!["A".into(), "B".into()],
            obs_layout: OBS_LAYOUT.into(),
            obs_len: 27,
            num_actions: 9,
        }
    }

    fn file() -> PolicyFile {
        let actor = MlpWeights::orthogonal(&[27, 8, 9], 0.01, &mut ChaCha8Rng::seed_from_u64(1));
        PolicyFile::new(TrainerConfig::default(), fingerprint(), actor)
    }

    #[test]
    fn round_trips_bit_exactly_and_fits_its_own_scenario() {
        let f = file();
        let back = PolicyFile::from_json(&f.to_json()).unwrap();
        assert_eq!(back, f);
        let policy = back.policy_for(&fingerprint()).unwrap();
        let obs = vec![0.5; 27];
        assert_eq!(
            GreedyPolicy::new(&f.actor).act(&obs),
            policy_action(&policy, &obs)
        );
    }

    fn policy_action(p: &TrainedPolicy, obs: &[f32]) -> usize {
        p.greedy().act(obs)
    }

    #[test]
    fn another_scenario_is_refused_naming_the_field() {
        let mut other = fingerprint();
        other.tasks.push("C".into());
        let err = file().policy_for(&other).unwrap_err();
        assert!(
            matches!(err, PolicyFileError::Mismatch { field: "tasks", .. }),
            "{err}"
        );
        let mut other = fingerprint();
        other.resource_constraints = false;
        let err = file().policy_for(&other).unwrap_err().to_string();
        assert!(err.contains("resource_constraints"), "{err}");
    }

    #[test]
    fn malformed_files_are_refused() {
        let json = file().to_json();
        assert!(matches!(
            PolicyFile::from_json(&json.replace("\"version\": 1", "\"version\": 2")),
            Err(PolicyFileError::Version(2))
        ));
        assert!(matches!(
            PolicyFile::from_json(&json.replace(FORMAT, "other")),
            Err(PolicyFileError::Format(_))
        ));
        assert!(matches!(
            PolicyFile::from_json("[1, 2"),
            Err(PolicyFileError::Json(_))
        ));
        let mut f = file();
        f.actor.layers[1].bias.pop();
        assert!(matches!(
            PolicyFile::from_json(&f.to_json()),
            Err(PolicyFileError::Weights(_))
        ));
        let mut f = file();
        f.fingerprint.obs_len = 29;
        assert!(matches!(
            PolicyFile::from_json(&f.to_json()),
            Err(PolicyFileError::Weights(_))
        ));
    }
}
