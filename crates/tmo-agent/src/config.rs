//! What a training run is asked to do, in parts: the run itself (timesteps, environments,
//! seed), the network, the optimiser, the algorithm's own section and the resource-constraint
//! section. Serde round-trippable and validated field by field; each error names the field by
//! its key in [`crate::settings`].

use crate::a2c::A2cConfig;
use crate::constraint::ResourceConstraints;
use crate::dqn::DqnConfig;
use crate::learner::{Algorithm, Learner};
use crate::ppo::PpoConfig;
use serde::{Deserialize, Serialize};
use tmo_core::ablation::Ablation;

/// A complete training configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnerConfig {
    /// Environment steps to train for (summed over environments; the last update may
    /// overshoot, as in stable-baselines3).
    pub timesteps: u64,
    /// Environments stepped together.
    pub n_envs: usize,
    /// Seed of everything random in the run (weights, budgets, exploration, sampling).
    pub seed: u64,
    /// The networks' shape.
    pub network: NetworkConfig,
    /// The optimiser.
    pub optimizer: OptimizerConfig,
    /// The algorithm and its own settings.
    pub algorithm: AlgorithmConfig,
    /// Resource constraints (the RC learners); `None` for the plain ones.
    pub resource_constraints: Option<ResourceConstraints>,
    /// The part of TMO removed (the ablations); `None` for the full learner.
    #[serde(default)]
    pub ablation: Option<Ablation>,
}

/// Hidden layers of every network of the learner (actor, critic or Q-network).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkConfig {
    /// Units per hidden layer.
    pub hidden_size: usize,
    /// Number of hidden layers.
    pub hidden_layers: usize,
}

impl NetworkConfig {
    /// Widths of the hidden layers.
    pub fn hidden(&self) -> Vec<usize> {
        vec![self.hidden_size; self.hidden_layers]
    }
}

impl Default for NetworkConfig {
    fn default() -> Self {
        Self {
            hidden_size: 64,
            hidden_layers: 2,
        }
    }
}

/// The optimiser and its step.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimizerConfig {
    /// Step size.
    pub learning_rate: f32,
    /// Global gradient-norm clip.
    pub max_grad_norm: f32,
    /// Which optimiser, with its own constants.
    pub method: OptimizerMethod,
}

/// An optimiser and its constants (PyTorch's meaning of each).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum OptimizerMethod {
    /// RMSprop without momentum (A2C's).
    Rmsprop {
        /// Smoothing constant α.
        alpha: f32,
        /// ε added to the root of the mean square.
        eps: f32,
    },
    /// Adam (PPO's and DQN's).
    Adam {
        /// ε added to the root of the second moment.
        eps: f32,
    },
}

impl OptimizerConfig {
    /// The optimiser as burn builds it.
    pub(crate) fn init(&self) -> burn::optim::ModuleOptimizer {
        match self.method {
            OptimizerMethod::Rmsprop { alpha, eps } => burn::optim::RmsPropConfig::new()
                .with_alpha(alpha)
                .with_epsilon(eps)
                .with_momentum(0.0)
                .init(),
            OptimizerMethod::Adam { eps } => burn::optim::AdamConfig::new()
                .with_beta_1(0.9)
                .with_beta_2(0.999)
                .with_epsilon(eps)
                .init(),
        }
    }
}

/// The algorithm and its own section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum AlgorithmConfig {
    /// Proximal policy optimisation.
    Ppo(PpoConfig),
    /// Advantage actor–critic.
    A2c(A2cConfig),
    /// Deep Q-network.
    Dqn(DqnConfig),
}

impl AlgorithmConfig {
    /// Which algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self {
            AlgorithmConfig::Ppo(_) => Algorithm::Ppo,
            AlgorithmConfig::A2c(_) => Algorithm::A2c,
            AlgorithmConfig::Dqn(_) => Algorithm::Dqn,
        }
    }
}

/// A configuration field with a value it cannot take.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid training setting `{field}`: {reason}")]
pub struct ConfigError {
    /// The field's key (as [`crate::settings::SETTINGS`] names it).
    pub field: &'static str,
    /// What is wrong with its value.
    pub reason: String,
}

/// Checks of single values, each naming the field it checks.
pub(crate) mod check {
    use super::ConfigError;

    fn bad(field: &'static str, reason: String) -> Result<(), ConfigError> {
        Err(ConfigError { field, reason })
    }

    /// A finite number > 0.
    pub fn positive(field: &'static str, v: f32) -> Result<(), ConfigError> {
        if v.is_finite() && v > 0.0 {
            Ok(())
        } else {
            bad(field, format!("must be a finite number > 0, got {v}"))
        }
    }

    /// A finite number ≥ 0.
    pub fn non_negative(field: &'static str, v: f32) -> Result<(), ConfigError> {
        if v.is_finite() && v >= 0.0 {
            Ok(())
        } else {
            bad(field, format!("must be a finite number ≥ 0, got {v}"))
        }
    }

    /// A number in [0, 1].
    pub fn unit(field: &'static str, v: f32) -> Result<(), ConfigError> {
        if (0.0..=1.0).contains(&v) {
            Ok(())
        } else {
            bad(field, format!("must lie in [0, 1], got {v}"))
        }
    }

    /// A number in the open interval (0, 1).
    pub fn open_unit(field: &'static str, v: f32) -> Result<(), ConfigError> {
        if v > 0.0 && v < 1.0 {
            Ok(())
        } else {
            bad(field, format!("must lie in (0, 1), got {v}"))
        }
    }

    /// A whole number in `lo..=hi`.
    pub fn within(field: &'static str, v: u64, lo: u64, hi: u64) -> Result<(), ConfigError> {
        if (lo..=hi).contains(&v) {
            Ok(())
        } else {
            bad(field, format!("must lie in {lo}..={hi}, got {v}"))
        }
    }
}

impl LearnerConfig {
    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::within("timesteps", self.timesteps, 1, 100_000_000)?;
        check::within("n_envs", self.n_envs as u64, 1, 1024)?;
        check::within("hidden_size", self.network.hidden_size as u64, 1, 1024)?;
        check::within("hidden_layers", self.network.hidden_layers as u64, 1, 8)?;
        check::positive("learning_rate", self.optimizer.learning_rate)?;
        check::positive("max_grad_norm", self.optimizer.max_grad_norm)?;
        match self.optimizer.method {
            OptimizerMethod::Rmsprop { alpha, eps } => {
                check::open_unit("rms_alpha", alpha)?;
                check::positive("optimizer_eps", eps)?;
            }
            OptimizerMethod::Adam { eps } => check::positive("optimizer_eps", eps)?,
        }
        match &self.algorithm {
            AlgorithmConfig::Ppo(c) => c.validate()?,
            AlgorithmConfig::A2c(c) => c.validate()?,
            AlgorithmConfig::Dqn(c) => c.validate()?,
        }
        if let Some(rc) = &self.resource_constraints {
            rc.validate()?;
        }
        Ok(())
    }

    /// The learner this configuration trains (algorithm and whether it is constrained).
    pub fn learner(&self) -> Learner {
        Learner {
            algorithm: self.algorithm.algorithm(),
            constrained: self.resource_constraints.is_some(),
            ablation: self.ablation,
        }
    }

    /// Environment steps one update takes (over all environments).
    pub fn steps_per_update(&self) -> u64 {
        let per_env = match &self.algorithm {
            AlgorithmConfig::Ppo(c) => c.n_steps,
            AlgorithmConfig::A2c(c) => c.n_steps,
            AlgorithmConfig::Dqn(_) => 1,
        };
        (per_env * self.n_envs) as u64
    }

    /// Updates needed to reach [`timesteps`](Self::timesteps).
    pub fn total_updates(&self) -> u64 {
        self.timesteps.div_ceil(self.steps_per_update().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learner::{LEARNERS, Preset};

    #[test]
    fn every_preset_is_valid_and_round_trips_through_json() {
        for learner in LEARNERS.iter().chain(&crate::learner::ABLATIONS).copied() {
            for preset in [Preset::Paper, Preset::Ours] {
                let c = learner.config(preset);
                c.validate().unwrap();
                assert_eq!(c.learner(), learner);
                let json = serde_json::to_string(&c).unwrap();
                assert_eq!(serde_json::from_str::<LearnerConfig>(&json).unwrap(), c);
            }
        }
    }

    #[test]
    fn paper_step_counts() {
        let ppo: Learner = "ppo".parse().unwrap();
        let c = ppo.config(Preset::Paper);
        assert_eq!(c.total_updates() * c.steps_per_update(), 30_720);
        let a2c: Learner = "a2c".parse().unwrap();
        assert_eq!(a2c.config(Preset::Paper).total_updates(), 6_000);
    }

    #[test]
    fn bad_fields_are_named() {
        type Breaker = fn(&mut LearnerConfig);
        let cases: [(&str, &str, Breaker); 5] = [
            ("rc-a2c", "timesteps", |c| c.timesteps = 0),
            ("rc-a2c", "learning_rate", |c| {
                c.optimizer.learning_rate = f32::NAN
            }),
            ("a2c", "n_envs", |c| c.n_envs = 0),
            ("rc-ppo", "lambda", |c| {
                if let Some(rc) = c.resource_constraints.as_mut() {
                    rc.lambda = -1.0
                }
            }),
            ("ppo", "clip_range", |c| {
                if let AlgorithmConfig::Ppo(p) = &mut c.algorithm {
                    p.clip_range = 0.0
                }
            }),
        ];
        for (learner, field, break_it) in cases {
            let mut c = learner.parse::<Learner>().unwrap().config(Preset::Ours);
            break_it(&mut c);
            assert_eq!(c.validate().unwrap_err().field, field, "{learner}");
        }
    }
}
