//! What a training run is asked to do: serde-serialisable, validated field by field.

use serde::{Deserialize, Serialize};
use tmo_core::ExcessScale;

/// The learning algorithm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// Advantage actor–critic (synchronous, stable-baselines3's A2C).
    #[default]
    A2c,
}

/// Resource constraints (RC-A2C): the observation carries the remaining budgets, a step past a
/// budget earns 0, and the loss adds the expected budget-excess penalty
/// `λ · E_s[Σ_a π(a|s) · excess(s, a)]`. Training budgets are drawn from the scenario's
/// budget distribution.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ResourceConstraints {
    /// Initial (or fixed) weight λ.
    pub lambda: f32,
    /// Dual-ascent step: after each update λ ← λ + step · (measured expected excess);
    /// 0 keeps λ fixed.
    pub dual_step: f32,
    /// What the budget excess is divided by: the range's upper bound (ours, default) or
    /// the episode's budget (SIMULATOR.md §9 as written).
    pub excess_scale: ExcessScale,
}

impl Default for ResourceConstraints {
    fn default() -> Self {
        Self {
            lambda: 10.0,
            dual_step: 0.0,
            excess_scale: ExcessScale::default(),
        }
    }
}

/// Hyperparameters of a training run; defaults are stable-baselines3's A2C with 16
/// environments per update.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrainerConfig {
    /// Learning algorithm.
    pub algorithm: Algorithm,
    /// Environment steps to train for (summed over environments).
    pub timesteps: u64,
    /// RMSprop learning rate.
    pub learning_rate: f32,
    /// RMSprop smoothing constant α.
    pub rms_alpha: f32,
    /// RMSprop ε (added to the root of the mean square, as PyTorch).
    pub rms_eps: f32,
    /// Discount factor γ.
    pub gamma: f32,
    /// GAE λ (1 = Monte-Carlo returns within a rollout).
    pub gae_lambda: f32,
    /// Entropy bonus coefficient.
    pub ent_coef: f32,
    /// Value loss coefficient.
    pub vf_coef: f32,
    /// Global gradient-norm clip.
    pub max_grad_norm: f32,
    /// Width of each hidden layer of the actor and the critic.
    pub hidden_size: usize,
    /// Number of hidden layers of the actor and the critic.
    pub hidden_layers: usize,
    /// Steps per environment per update.
    pub n_steps: usize,
    /// Environments stepped in parallel (rows per update = `n_envs · n_steps`).
    pub n_envs: usize,
    /// Seed of everything random in the run (weights, budgets, action sampling).
    pub seed: u64,
    /// Resource constraints (RC-A2C); `None` for plain A2C.
    pub resource_constraints: Option<ResourceConstraints>,
}

impl Default for TrainerConfig {
    fn default() -> Self {
        Self {
            algorithm: Algorithm::A2c,
            timesteps: 30_000,
            learning_rate: 7e-4,
            rms_alpha: 0.99,
            rms_eps: 1e-5,
            gamma: 0.99,
            gae_lambda: 1.0,
            ent_coef: 0.0,
            vf_coef: 0.5,
            max_grad_norm: 0.5,
            hidden_size: 64,
            hidden_layers: 2,
            n_steps: 5,
            n_envs: 16,
            seed: 0,
            resource_constraints: None,
        }
    }
}

/// A configuration field with a value it cannot take.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid training setting `{field}`: {reason}")]
pub struct ConfigError {
    /// The field's name, as in the serialised configuration.
    pub field: &'static str,
    /// What is wrong with its value.
    pub reason: String,
}

impl TrainerConfig {
    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |field, reason: &str| {
            Err(ConfigError {
                field,
                reason: reason.to_string(),
            })
        };
        let positive = |field, v: f32| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                bad(field, &format!("must be a finite number > 0, got {v}"))
            }
        };
        let non_negative = |field, v: f32| {
            if v.is_finite() && v >= 0.0 {
                Ok(())
            } else {
                bad(field, &format!("must be a finite number ≥ 0, got {v}"))
            }
        };
        let unit = |field, v: f32| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                bad(field, &format!("must lie in [0, 1], got {v}"))
            }
        };
        if self.timesteps == 0 {
            return bad("timesteps", "must be at least 1");
        }
        positive("learning_rate", self.learning_rate)?;
        if !(self.rms_alpha > 0.0 && self.rms_alpha < 1.0) {
            return bad(
                "rms_alpha",
                &format!("must lie in (0, 1), got {}", self.rms_alpha),
            );
        }
        positive("rms_eps", self.rms_eps)?;
        unit("gamma", self.gamma)?;
        unit("gae_lambda", self.gae_lambda)?;
        non_negative("ent_coef", self.ent_coef)?;
        non_negative("vf_coef", self.vf_coef)?;
        positive("max_grad_norm", self.max_grad_norm)?;
        if !(1..=1024).contains(&self.hidden_size) {
            return bad("hidden_size", "must lie in 1..=1024");
        }
        if !(1..=8).contains(&self.hidden_layers) {
            return bad("hidden_layers", "must lie in 1..=8");
        }
        if !(1..=1024).contains(&self.n_steps) {
            return bad("n_steps", "must lie in 1..=1024");
        }
        if !(1..=1024).contains(&self.n_envs) {
            return bad("n_envs", "must lie in 1..=1024");
        }
        if let Some(rc) = &self.resource_constraints {
            non_negative("resource_constraints.lambda", rc.lambda)?;
            non_negative("resource_constraints.dual_step", rc.dual_step)?;
        }
        Ok(())
    }

    /// Rows of experience per update.
    pub fn batch_size(&self) -> usize {
        self.n_envs * self.n_steps
    }

    /// Updates needed to reach [`timesteps`](Self::timesteps) (the last rollout may overshoot,
    /// as in stable-baselines3).
    pub fn total_updates(&self) -> u64 {
        self.timesteps.div_ceil(self.batch_size().max(1) as u64)
    }

    /// The algorithm's name: `a2c`, or `rc-a2c` with resource constraints.
    pub fn name(&self) -> &'static str {
        match (self.algorithm, self.resource_constraints.is_some()) {
            (Algorithm::A2c, false) => "a2c",
            (Algorithm::A2c, true) => "rc-a2c",
        }
    }

    /// Widths of the hidden layers.
    pub fn hidden(&self) -> Vec<usize> {
        vec![self.hidden_size; self.hidden_layers]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_round_trip_through_json() {
        let c = TrainerConfig::default();
        c.validate().unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<TrainerConfig>(&json).unwrap(), c);
        assert_eq!(c.total_updates(), 375);
    }

    #[test]
    fn bad_fields_are_named() {
        type Breaker = fn(&mut TrainerConfig);
        let cases: [(&str, Breaker); 6] = [
            ("timesteps", |c| c.timesteps = 0),
            ("learning_rate", |c| c.learning_rate = f32::NAN),
            ("gamma", |c| c.gamma = 1.5),
            ("n_envs", |c| c.n_envs = 0),
            ("rms_alpha", |c| c.rms_alpha = 1.0),
            ("resource_constraints.lambda", |c| {
                c.resource_constraints = Some(ResourceConstraints {
                    lambda: -1.0,
                    ..ResourceConstraints::default()
                })
            }),
        ];
        for (field, break_it) in cases {
            let mut c = TrainerConfig::default();
            break_it(&mut c);
            assert_eq!(c.validate().unwrap_err().field, field);
        }
    }

    #[test]
    fn unknown_fields_and_partial_configs() {
        assert!(serde_json::from_str::<TrainerConfig>(r#"{"timestep": 5}"#).is_err());
        let c: TrainerConfig = serde_json::from_str(r#"{"timesteps": 500, "seed": 3}"#).unwrap();
        assert_eq!((c.timesteps, c.seed, c.n_envs), (500, 3, 16));
    }
}
