//! A trained policy acting greedily (the largest output), as at evaluation: a forward pass in
//! plain Rust over the network's weights, with no tensor library, so that a page that only
//! runs trained policies carries no training framework.

use crate::model::{Activation, MlpWeights};
use crate::portable_math::tanh_f32;

/// A trained network (an actor's logits or DQN's Q-values), choosing its largest output.
#[derive(Clone, Debug, PartialEq)]
pub struct GreedyPolicy {
    weights: MlpWeights,
}

impl GreedyPolicy {
    /// The policy with weights `weights` (which must pass [`MlpWeights::check`]).
    pub fn new(weights: &MlpWeights) -> Self {
        Self {
            weights: weights.clone(),
        }
    }

    /// The network's weights.
    pub fn weights(&self) -> MlpWeights {
        self.weights.clone()
    }

    /// Observation length the policy reads.
    pub fn obs_len(&self) -> usize {
        self.weights.inputs()
    }

    /// The network's outputs for `obs` ([`forward`] of one row).
    pub fn outputs(&self, obs: &[f32]) -> Vec<f32> {
        forward(&self.weights, obs)
    }

    /// The largest output's index for `obs` (of length [`obs_len`](Self::obs_len)); the
    /// lowest index on ties.
    pub fn act(&self, obs: &[f32]) -> usize {
        self.ranking(obs).first().copied().unwrap_or(0)
    }

    /// Every output index for `obs`, largest first (ties: lower index first; a NaN output
    /// ranks last).
    pub fn ranking(&self, obs: &[f32]) -> Vec<usize> {
        let outputs: Vec<f32> = self
            .outputs(obs)
            .into_iter()
            .map(|l| if l.is_nan() { f32::NEG_INFINITY } else { l })
            .collect();
        let mut order: Vec<usize> = (0..outputs.len()).collect();
        // Stable, so equal outputs (0.0 and -0.0 included) keep index order.
        order.sort_by(|&a, &b| {
            outputs[b]
                .partial_cmp(&outputs[a])
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        order
    }
}

/// The outputs of the network `weights` for the rows of `obs` (row-major, `rows × inputs`;
/// rows × outputs out): each layer `x · W + b` (products summed in input order, then the bias,
/// as the training network's matrix product does), its activation between layers
/// ([`tanh_f32`], as in training). Plain `+` and `×`, so the same bits natively and in wasm32,
/// and the same as burn's forward pass on the same weights.
///
/// Where no gradient is needed and only a few rows go through at a time (PPO's rollout of one
/// environment, DQN's acting and targets) this is faster than a tensor library's forward
/// pass, whose cost per operation dwarfs a 64-wide layer of one row.
pub fn forward(weights: &MlpWeights, obs: &[f32]) -> Vec<f32> {
    let rows = obs.len() / weights.inputs().max(1);
    let last = weights.layers.len().saturating_sub(1);
    let mut x = obs.to_vec();
    for (i, layer) in weights.layers.iter().enumerate() {
        let mut y = vec![0.0f32; rows * layer.outputs];
        for (x_row, y_row) in x
            .chunks_exact(layer.inputs)
            .zip(y.chunks_exact_mut(layer.outputs))
        {
            for (input, w_row) in x_row.iter().zip(layer.weight.chunks_exact(layer.outputs)) {
                for (out, w) in y_row.iter_mut().zip(w_row) {
                    *out += input * w;
                }
            }
            for (out, b) in y_row.iter_mut().zip(&layer.bias) {
                *out += b;
                if i < last {
                    *out = match weights.activation {
                        Activation::Tanh => tanh_f32(*out),
                        Activation::Relu => out.max(0.0),
                    };
                }
            }
        }
        x = y;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Backend;
    use crate::model::{Mlp, floats};
    use burn::tensor::{Tensor, TensorData};
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The training network's outputs for the rows of `obs` (burn, inference device).
    fn burn_outputs(weights: &MlpWeights, obs: &[f32]) -> Vec<f32> {
        let device = Backend::CHOSEN.inference_device();
        let net = Mlp::from_weights(weights, &device);
        let shape = [obs.len() / weights.inputs(), weights.inputs()];
        let input = Tensor::<2>::from_data(TensorData::new(obs.to_vec(), shape), &device);
        floats(net.forward(input))
    }

    #[test]
    fn the_plain_forward_pass_of_many_rows_is_burns_bit_for_bit() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let nets = [
            MlpWeights::orthogonal(&[27, 64, 64, 9], 0.01, &mut rng),
            MlpWeights::orthogonal(&[27, 64, 64, 1], 1.0, &mut rng),
            MlpWeights::pytorch_default_relu(&[27, 64, 64, 9], &mut rng),
        ];
        let obs: Vec<f32> = (0..40 * 27)
            .map(|_| rng.random_range(-3.0f32..3.0))
            .collect();
        for weights in &nets {
            let (ours, theirs) = (forward(weights, &obs), burn_outputs(weights, &obs));
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&ours), bits(&theirs), "{:?}", weights.activation);
        }
    }

    #[test]
    fn the_plain_forward_pass_gives_the_training_networks_outputs_and_choices() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let nets = [
            MlpWeights::orthogonal(&[27, 64, 64, 9], 1.0, &mut rng),
            MlpWeights::pytorch_default_relu(&[27, 64, 64, 9], &mut rng),
        ];
        for weights in &nets {
            let policy = GreedyPolicy::new(weights);
            for k in 0..50 {
                let obs: Vec<f32> = (0..27)
                    .map(|i| ((i * 7 + k * 13) % 11) as f32 - 5.0)
                    .collect();
                let (ours, theirs) = (policy.outputs(&obs), burn_outputs(weights, &obs));
                for (a, b) in ours.iter().zip(&theirs) {
                    assert!((a - b).abs() <= 1e-5 * (1.0 + b.abs()), "{a} vs {b}");
                }
                let best = (0..theirs.len())
                    .fold(0, |best, i| if theirs[i] > theirs[best] { i } else { best });
                assert_eq!(policy.act(&obs), best, "{:?}", weights.activation);
            }
        }
    }

    #[test]
    fn ranking_orders_every_output() {
        let weights = MlpWeights::orthogonal(&[6, 8, 5], 1.0, &mut ChaCha8Rng::seed_from_u64(3));
        let policy = GreedyPolicy::new(&weights);
        for k in 0..10 {
            let obs: Vec<f32> = (0..6).map(|i| (i * k) as f32 / 7.0 - 1.0).collect();
            let outputs = policy.outputs(&obs);
            let ranking = policy.ranking(&obs);
            let mut sorted = ranking.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..5).collect::<Vec<_>>());
            assert!(ranking.windows(2).all(|w| outputs[w[0]] >= outputs[w[1]]));
            assert_eq!(policy.act(&obs), ranking[0]);
        }
    }
}
