//! The A2C loss, with RC-A2C's differentiable expected budget-excess penalty.

use crate::model::ActorCritic;
use crate::portable_math::{exp, log_softmax};
use burn::tensor::{Device, Tensor, TensorData};

/// The coefficients of the loss terms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossWeights {
    /// Weight of the entropy bonus.
    pub entropy: f32,
    /// Weight of the value loss.
    pub value: f32,
    /// Weight λ of the expected budget-excess penalty (RC-A2C); 0 for plain A2C.
    pub penalty: f32,
}

/// One batch of experience in the layout the loss reads (rows are transitions).
pub struct Batch<'a> {
    /// Observations, `rows × obs_len`.
    pub obs: &'a [f32],
    /// Actions taken.
    pub actions: &'a [usize],
    /// Advantages of the actions.
    pub advantages: &'a [f32],
    /// Targets of the critic.
    pub returns: &'a [f32],
    /// Per-action budget excess, `rows × num_actions` (ignored when the penalty weight is 0).
    pub excess: &'a [f32],
    /// Number of actions.
    pub num_actions: usize,
}

/// The scalar parts of a loss, for reporting.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LossParts {
    /// Policy-gradient loss `−mean(A · log π(a|s))`.
    pub policy: f32,
    /// Value loss `mean((R − V(s))²)`.
    pub value: f32,
    /// Mean entropy of the policy.
    pub entropy: f32,
    /// Expected normalised budget excess `mean_s Σ_a π(a|s) · excess(s, a)` (0 without RC).
    pub expected_excess: f32,
}

/// The differentiable A2C (+ penalty) loss of `batch` under `model` (on `device`), and its parts.
pub fn loss(
    model: &ActorCritic,
    batch: &Batch,
    weights: LossWeights,
    device: &Device,
) -> (Tensor<1>, LossParts) {
    let rows = batch.actions.len();
    let a = batch.num_actions;
    let obs_len = batch.obs.len() / rows.max(1);
    let column = |v: &[f32]| Tensor::<2>::from_data(TensorData::new(v.to_vec(), [rows, 1]), device);
    let obs = Tensor::<2>::from_data(TensorData::new(batch.obs.to_vec(), [rows, obs_len]), device);
    let mut one_hot = vec![0.0f32; rows * a];
    for (r, &action) in batch.actions.iter().enumerate() {
        one_hot[r * a + action] = 1.0;
    }
    let one_hot = Tensor::<2>::from_data(TensorData::new(one_hot, [rows, a]), device);

    let log_probs = log_softmax(model.actor.forward(obs.clone()));
    let probs = exp(log_probs.clone());
    let taken = (log_probs.clone() * one_hot).sum_dim(1);
    let policy = -(taken * column(batch.advantages)).mean();
    let values = model.critic.forward(obs);
    let value = (column(batch.returns) - values).square().mean();
    let entropy = -(probs.clone() * log_probs).sum_dim(1).mean();

    let mut total =
        policy.clone() + value.clone() * weights.value - entropy.clone() * weights.entropy;
    let mut expected_excess = 0.0;
    if weights.penalty != 0.0 {
        let excess =
            Tensor::<2>::from_data(TensorData::new(batch.excess.to_vec(), [rows, a]), device);
        let penalty = (probs * excess).sum_dim(1).mean();
        expected_excess = scalar(penalty.clone());
        total = total + penalty * weights.penalty;
    }
    let parts = LossParts {
        policy: scalar(policy),
        value: scalar(value),
        entropy: scalar(entropy),
        expected_excess,
    };
    (total, parts)
}

fn scalar(t: Tensor<1>) -> f32 {
    t.into_scalar::<f32>()
}
