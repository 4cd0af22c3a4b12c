//! Policy files: a trained policy's greedy network as versioned JSON, with the learner, its
//! full configuration, the fingerprint of the scenario it was trained for and the split it
//! learned from. Strings in and out (no file IO), so the web page can use them too.
//! Version-1 files (A2C and RC-A2C, no split recorded) still load.

use crate::config::{ConfigError, LearnerConfig};
use crate::learner::Learner;
use crate::model::MlpWeights;
use crate::policy::GreedyPolicy;
use crate::trained::TrainedPolicy;
use serde::{Deserialize, Serialize};
use tmo_core::Simulator;
use tmo_core::dataset::Dataset;
use tmo_core::split::{Shuffle, Split};

/// The `format` tag of a policy file.
pub const FORMAT: &str = "tmo-lab-policy";
/// The version of the policy-file layout this build writes (it also reads version 1).
pub const VERSION: u32 = 2;
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
    /// The fingerprint of `sim` (built from a dataset with vocabulary `tasks`) for a policy
    /// trained with `config` (its resource constraints and ablation shape the network).
    pub fn of(sim: &Simulator, tasks: &[String], config: &LearnerConfig) -> Self {
        let resource_constraints = config.resource_constraints.is_some();
        Self {
            num_views: sim.num_views(),
            time_span: sim.scenario().time_span,
            resource_constraints,
            tasks: tasks.to_vec(),
            obs_layout: OBS_LAYOUT.to_string(),
            obs_len: sim.obs_len(resource_constraints),
            num_actions: config
                .ablation
                .map_or(sim.num_actions(), |a| a.agent_actions(sim.actions())),
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

/// The episodes a policy learned from, so it is evaluated on the others only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum TrainedOn {
    /// The training side of the seeded 80/20 split made by `shuffle` with `seed`.
    Seeded {
        /// How the seed shuffled the episodes.
        shuffle: Shuffle,
        /// The split's seed.
        seed: u64,
    },
    /// The episodes with these ids (the test side is every other episode).
    Episodes {
        /// Episode ids of the training side.
        train_ids: Vec<u64>,
    },
    /// A version-1 file, which recorded no split: read as the ChaCha split of its training
    /// seed (what `tmo train` used unless told `--split python`).
    Unrecorded {
        /// The training seed.
        seed: u64,
    },
}

impl TrainedOn {
    /// The seed of a seeded ChaCha split (the page's seeds), if this is one.
    pub fn chacha_seed(&self) -> Option<u64> {
        match self {
            TrainedOn::Seeded {
                shuffle: Shuffle::Chacha8,
                seed,
            }
            | TrainedOn::Unrecorded { seed } => Some(*seed),
            _ => None,
        }
    }

    /// The split of `dataset` whose training side this is.
    pub fn split(&self, dataset: &Dataset) -> Result<Split, String> {
        let n = dataset.episodes().len();
        match self {
            TrainedOn::Seeded { shuffle, seed } => Split::shuffled(n, *seed, *shuffle),
            TrainedOn::Unrecorded { seed } => Split::seeded(n, *seed),
            TrainedOn::Episodes { train_ids } => {
                let test: Vec<u64> = (0..n)
                    .map(|i| dataset.episode_id(i))
                    .filter(|id| !train_ids.contains(id))
                    .collect();
                Split::from_ids(dataset, train_ids, &test)
            }
        }
        .map_err(|e| e.to_string())
    }

    /// In words, e.g. "the ChaCha split of seed 0".
    pub fn describe(&self) -> String {
        match self {
            TrainedOn::Seeded { shuffle, seed } => {
                format!("the {} split of seed {seed}", shuffle.name())
            }
            TrainedOn::Episodes { train_ids } => format!("{} listed episodes", train_ids.len()),
            TrainedOn::Unrecorded { seed } => {
                format!(
                    "an unrecorded split (version-1 file; read as the chacha8 split of seed {seed})"
                )
            }
        }
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
    /// The learner (`ppo`, …, `rc-dqn`).
    pub learner: Learner,
    /// How it was trained.
    pub config: LearnerConfig,
    /// The scenario it was trained for.
    pub fingerprint: Fingerprint,
    /// The episodes it learned from.
    pub trained_on: TrainedOn,
    /// The network whose largest output is the action taken (the actor, or DQN's Q-network).
    pub policy: MlpWeights,
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
    #[error("policy file version {0} is not supported (this build reads versions 1 and {VERSION})")]
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
    /// A file for `policy` trained with `config` for `fingerprint` on `trained_on`.
    pub fn new(
        config: LearnerConfig,
        fingerprint: Fingerprint,
        trained_on: TrainedOn,
        policy: MlpWeights,
    ) -> Self {
        Self {
            format: FORMAT.to_string(),
            version: VERSION,
            learner: config.learner(),
            config,
            fingerprint,
            trained_on,
            policy,
        }
    }

    /// The file as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| unreachable!("a policy file always serialises: {e}"))
    }

    /// Reads and checks a policy file (format, version, configuration, weights against its
    /// fingerprint); a version-1 file is read as its version-2 equivalent.
    pub fn from_json(text: &str) -> Result<Self, PolicyFileError> {
        let value: serde_json::Value = serde_json::from_str(text)?;
        let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
        if format != FORMAT {
            return Err(PolicyFileError::Format(format.to_string()));
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        let file: PolicyFile = match version {
            1 => serde_json::from_value::<v1::PolicyFile>(value)?.upgrade(),
            2 => serde_json::from_value(value)?,
            other => {
                return Err(PolicyFileError::Version(
                    u32::try_from(other).unwrap_or(u32::MAX),
                ));
            }
        };
        file.config.validate()?;
        if file.learner != file.config.learner() {
            return Err(PolicyFileError::Weights(format!(
                "the file says {} but its configuration trains {}",
                file.learner,
                file.config.learner()
            )));
        }
        file.policy.check().map_err(PolicyFileError::Weights)?;
        let fp = &file.fingerprint;
        if file.policy.inputs() != fp.obs_len || file.policy.outputs() != fp.num_actions {
            return Err(PolicyFileError::Weights(format!(
                "the network maps {} inputs to {} outputs, the fingerprint says {} to {}",
                file.policy.inputs(),
                file.policy.outputs(),
                fp.obs_len,
                fp.num_actions
            )));
        }
        Ok(file)
    }

    /// The policy, if it fits the scenario with fingerprint `scenario`; `seed` seeds what an
    /// ablation leaves to chance.
    pub fn policy_for(
        &self,
        scenario: &Fingerprint,
        seed: u64,
    ) -> Result<TrainedPolicy, PolicyFileError> {
        if let Some(e) = self.fingerprint.mismatch(scenario) {
            return Err(e);
        }
        Ok(TrainedPolicy::new(
            GreedyPolicy::new(&self.policy),
            &self.config,
            seed,
        ))
    }
}

/// The version-1 layout (A2C and RC-A2C only, one flat configuration, no split).
mod v1 {
    use super::{Fingerprint, TrainedOn};
    use crate::a2c::A2cConfig;
    use crate::config::{
        AlgorithmConfig, LearnerConfig, NetworkConfig, OptimizerConfig, OptimizerMethod,
    };
    use crate::constraint::ResourceConstraints;
    use crate::model::MlpWeights;
    use serde::Deserialize;

    /// A version-1 file (its `format`, `version` and `algorithm` are checked or implied
    /// elsewhere).
    #[derive(Deserialize)]
    pub struct PolicyFile {
        config: TrainerConfig,
        fingerprint: Fingerprint,
        actor: MlpWeights,
    }

    /// Version 1's flat A2C configuration (its `algorithm` is always `a2c`).
    #[derive(Deserialize)]
    struct TrainerConfig {
        timesteps: u64,
        learning_rate: f32,
        rms_alpha: f32,
        rms_eps: f32,
        gamma: f32,
        gae_lambda: f32,
        ent_coef: f32,
        vf_coef: f32,
        max_grad_norm: f32,
        hidden_size: usize,
        hidden_layers: usize,
        n_steps: usize,
        n_envs: usize,
        seed: u64,
        resource_constraints: Option<ResourceConstraints>,
    }

    impl PolicyFile {
        /// The same policy in the version-2 layout.
        pub fn upgrade(self) -> super::PolicyFile {
            let c = self.config;
            let config = LearnerConfig {
                timesteps: c.timesteps,
                n_envs: c.n_envs,
                seed: c.seed,
                network: NetworkConfig {
                    hidden_size: c.hidden_size,
                    hidden_layers: c.hidden_layers,
                },
                optimizer: OptimizerConfig {
                    learning_rate: c.learning_rate,
                    max_grad_norm: c.max_grad_norm,
                    method: OptimizerMethod::Rmsprop {
                        alpha: c.rms_alpha,
                        eps: c.rms_eps,
                    },
                },
                algorithm: AlgorithmConfig::A2c(A2cConfig {
                    n_steps: c.n_steps,
                    gamma: c.gamma,
                    gae_lambda: c.gae_lambda,
                    ent_coef: c.ent_coef,
                    vf_coef: c.vf_coef,
                }),
                resource_constraints: c.resource_constraints,
                ablation: None,
            };
            super::PolicyFile::new(
                config,
                self.fingerprint,
                TrainedOn::Unrecorded { seed: c.seed },
                self.actor,
            )
        }
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
        let config = "rc-a2c"
            .parse::<Learner>()
            .unwrap()
            .config(crate::Preset::Ours);
        let trained_on = TrainedOn::Seeded {
            shuffle: Shuffle::Python,
            seed: 3,
        };
        PolicyFile::new(config, fingerprint(), trained_on, actor)
    }

    #[test]
    fn a_version_1_file_loads_as_rc_a2c_with_its_split_unrecorded() {
        let f = file();
        let v1 = serde_json::json!({
            "format": FORMAT,
            "version": 1,
            "algorithm": "rc-a2c",
            "config": {
                "algorithm": "a2c", "timesteps": 30000, "learning_rate": 0.0007,
                "rms_alpha": 0.99, "rms_eps": 1e-5, "gamma": 0.99, "gae_lambda": 1.0,
                "ent_coef": 0.0, "vf_coef": 0.5, "max_grad_norm": 0.5, "hidden_size": 64,
                "hidden_layers": 2, "n_steps": 5, "n_envs": 16, "seed": 4,
                "resource_constraints": {"lambda": 10.0, "dual_step": 0.0, "excess_scale": "budget-range"}
            },
            "fingerprint": fingerprint(),
            "actor": {"layers": f.policy.layers},
        });
        let back = PolicyFile::from_json(&v1.to_string()).unwrap();
        assert_eq!(back.version, VERSION);
        assert_eq!(back.learner.name(), "rc-a2c");
        assert_eq!(back.trained_on, TrainedOn::Unrecorded { seed: 4 });
        assert_eq!(back.trained_on.chacha_seed(), Some(4));
        assert_eq!(back.policy, f.policy);
        let mut ours = f.config.clone();
        ours.seed = 4;
        assert_eq!(back.config, ours, "version 1 held our A2C preset");
    }

    #[test]
    fn round_trips_bit_exactly_and_fits_its_own_scenario() {
        let f = file();
        let back = PolicyFile::from_json(&f.to_json()).unwrap();
        assert_eq!(back, f);
        let policy = back.policy_for(&fingerprint(), 0).unwrap();
        let obs = vec![0.5; 27];
        assert_eq!(
            GreedyPolicy::new(&f.policy).act(&obs),
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
        let err = file().policy_for(&other, 0).unwrap_err();
        assert!(
            matches!(err, PolicyFileError::Mismatch { field: "tasks", .. }),
            "{err}"
        );
        let mut other = fingerprint();
        other.resource_constraints = false;
        let err = file().policy_for(&other, 0).unwrap_err().to_string();
        assert!(err.contains("resource_constraints"), "{err}");
    }

    #[test]
    fn malformed_files_are_refused() {
        let json = file().to_json();
        assert!(matches!(
            PolicyFile::from_json(&json.replace("\"version\": 2", "\"version\": 3")),
            Err(PolicyFileError::Version(3))
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
        f.policy.layers[1].bias.pop();
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
