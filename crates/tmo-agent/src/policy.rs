//! A trained policy acting greedily (the most probable action), as at evaluation.

use crate::backend::Backend;
use crate::model::{Mlp, MlpWeights, floats};
use burn::tensor::{Device, Tensor, TensorData};

/// The actor network of a trained policy, choosing its most probable action.
#[derive(Debug)]
pub struct GreedyPolicy {
    actor: Mlp,
    device: Device,
    obs_len: usize,
}

impl GreedyPolicy {
    /// The policy with actor weights `weights` (which must pass [`MlpWeights::check`]).
    pub fn new(weights: &MlpWeights) -> Self {
        let device = Backend::CHOSEN.inference_device();
        Self {
            actor: Mlp::from_weights(weights, &device),
            obs_len: weights.inputs(),
            device,
        }
    }

    /// The actor's weights.
    pub fn weights(&self) -> MlpWeights {
        self.actor.weights()
    }

    /// Observation length the policy reads.
    pub fn obs_len(&self) -> usize {
        self.obs_len
    }

    /// The most probable action for `obs` (of length [`obs_len`](Self::obs_len)); the lowest
    /// index on ties.
    pub fn act(&self, obs: &[f32]) -> usize {
        let input =
            Tensor::<2>::from_data(TensorData::new(obs.to_vec(), [1, obs.len()]), &self.device);
        let logits = floats(self.actor.forward(input));
        logits
            .iter()
            .enumerate()
            .fold((0, f32::NEG_INFINITY), |best, (i, &l)| {
                if l > best.1 { (i, l) } else { best }
            })
            .0
    }
}
