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
        self.ranking(obs).first().copied().unwrap_or(0)
    }

    /// Every action index for `obs`, most probable first (ties: lower index first; a NaN
    /// logit ranks as the least probable).
    pub fn ranking(&self, obs: &[f32]) -> Vec<usize> {
        let input =
            Tensor::<2>::from_data(TensorData::new(obs.to_vec(), [1, obs.len()]), &self.device);
        let logits: Vec<f32> = floats(self.actor.forward(input))
            .into_iter()
            .map(|l| if l.is_nan() { f32::NEG_INFINITY } else { l })
            .collect();
        let mut order: Vec<usize> = (0..logits.len()).collect();
        // Stable, so equal logits (0.0 and -0.0 included) keep index order.
        order.sort_by(|&a, &b| {
            logits[b]
                .partial_cmp(&logits[a])
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn ranking_orders_every_action_by_its_logit() {
        let weights = MlpWeights::orthogonal(&[6, 8, 5], 1.0, &mut ChaCha8Rng::seed_from_u64(3));
        let policy = GreedyPolicy::new(&weights);
        for k in 0..10 {
            let obs: Vec<f32> = (0..6).map(|i| (i * k) as f32 / 7.0 - 1.0).collect();
            let input =
                Tensor::<2>::from_data(TensorData::new(obs.clone(), [1, 6]), &policy.device);
            let logits = floats(policy.actor.forward(input));
            let ranking = policy.ranking(&obs);
            let mut sorted = ranking.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..5).collect::<Vec<_>>());
            assert!(ranking.windows(2).all(|w| logits[w[0]] >= logits[w[1]]));
            assert_eq!(policy.act(&obs), ranking[0]);
        }
    }
}
