//! The resource constraints every RC learner shares (SIMULATOR.md §7–§9, LEARNERS.md §1):
//!
//! - the observation carries the remaining budgets and a step past a budget earns 0, with
//!   training budgets drawn per episode (the environment's part: `TrainEnv` with resource
//!   constraints, switched on by [`ResourceConstraints`] being set);
//! - a penalty that carries a gradient, weighted by λ: the expected budget excess
//!   `E_s[Σ_a π(a|s) · excess(s, a)]` for the actor–critics ([`Lagrangian::expected_excess`]),
//!   the excess an action adds inside DQN's TD target ([`Lagrangian::shaped_reward`]);
//! - λ itself, optionally raised by dual ascent on the measured excess
//!   ([`Lagrangian::ascend`]).

use crate::config::{ConfigError, check};
use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};
use tmo_core::ExcessScale;

/// The resource-constraint section of a configuration.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceConstraints {
    /// Initial (or fixed) weight λ of the penalty.
    pub lambda: f32,
    /// Dual-ascent step: after each update λ ← max(0, λ + step · measured excess); 0 keeps
    /// λ fixed.
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

impl ResourceConstraints {
    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::non_negative("lambda", self.lambda)?;
        check::non_negative("dual_step", self.dual_step)
    }
}

/// λ during a run, and the penalty terms built with it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lagrangian {
    lambda: f32,
    dual_step: f32,
}

impl Lagrangian {
    /// λ at the start of a run of `rc`.
    pub fn new(rc: &ResourceConstraints) -> Self {
        Self {
            lambda: rc.lambda,
            dual_step: rc.dual_step,
        }
    }

    /// The current weight λ.
    pub fn lambda(&self) -> f32 {
        self.lambda
    }

    /// The expected excess `mean_rows Σ_a probs · excess` (a differentiable scalar of the
    /// policy's probabilities, `rows × actions`) and its value; `excess` is row-major alike.
    pub fn expected_excess(
        &self,
        probs: Tensor<2>,
        excess: &[f32],
        device: &Device,
    ) -> (Tensor<1>, f32) {
        let shape = probs.dims();
        let excess = Tensor::<2>::from_data(TensorData::new(excess.to_vec(), shape), device);
        let expected = (probs * excess).sum_dim(1).mean();
        let value = expected.clone().into_scalar::<f32>();
        (expected, value)
    }

    /// The reward inside DQN's TD target: `reward − λ · added`, where `added` is how much
    /// the action raised the episode's normalised budget excess.
    pub fn shaped_reward(&self, reward: f32, added: f32) -> f32 {
        reward - self.lambda * added
    }

    /// One dual-ascent step on the measured excess (λ stays ≥ 0).
    pub fn ascend(&mut self, measured_excess: f32) {
        self.lambda = (self.lambda + self.dual_step * measured_excess).max(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Backend;

    #[test]
    fn expected_excess_weights_each_action_by_its_probability() {
        let device = Backend::CHOSEN.inference_device();
        let probs =
            Tensor::<2>::from_data(TensorData::new(vec![0.5, 0.5, 1.0, 0.0], [2, 2]), &device);
        let lagrangian = Lagrangian::new(&ResourceConstraints::default());
        let (_, value) = lagrangian.expected_excess(probs, &[0.0, 2.0, 4.0, 8.0], &device);
        assert_eq!(value, (1.0 + 4.0) / 2.0);
    }

    #[test]
    fn dual_ascent_raises_lambda_and_never_below_zero() {
        let mut l = Lagrangian::new(&ResourceConstraints {
            lambda: 1.0,
            dual_step: 2.0,
            ..ResourceConstraints::default()
        });
        l.ascend(0.5);
        assert_eq!(l.lambda(), 2.0);
        l.ascend(-5.0);
        assert_eq!(l.lambda(), 0.0);
        assert_eq!(l.shaped_reward(1.0, 0.25), 1.0);
    }
}
