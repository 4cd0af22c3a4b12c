//! The networks: multilayer perceptrons (tanh for the actor–critics, ReLU for DQN's
//! Q-network), and the separate actor and critic of A2C and PPO.

use crate::init::orthogonal;
use crate::portable_math;
use burn::module::{Module, Param};
use burn::nn::Linear;
use burn::tensor::{Device, Tensor, TensorData};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// The weights of one dense layer, as plain numbers (what policy files store).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DenseWeights {
    /// Input width.
    pub inputs: usize,
    /// Output width.
    pub outputs: usize,
    /// `inputs × outputs` weights, row-major (row = input).
    pub weight: Vec<f32>,
    /// `outputs` biases.
    pub bias: Vec<f32>,
}

/// The nonlinearity between consecutive dense layers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Activation {
    /// Hyperbolic tangent (stable-baselines3's actor–critic policies; version-1 files).
    #[default]
    Tanh,
    /// max(0, x) (stable-baselines3's DQN).
    Relu,
}

/// The weights of a multilayer perceptron, first layer first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MlpWeights {
    /// The dense layers.
    pub layers: Vec<DenseWeights>,
    /// What sits between consecutive layers (none after the last).
    #[serde(default)]
    pub activation: Activation,
}

impl MlpWeights {
    /// Orthogonally initialised tanh layers of widths `widths` (input first), with zero
    /// biases, gain √2 on the hidden layers and `output_gain` on the last, as
    /// stable-baselines3 initialises its actor–critic policies.
    pub fn orthogonal(widths: &[usize], output_gain: f64, rng: &mut ChaCha8Rng) -> Self {
        let last = widths.len().saturating_sub(2);
        let layers = widths
            .windows(2)
            .enumerate()
            .map(|(i, w)| {
                let gain = if i == last {
                    output_gain
                } else {
                    std::f64::consts::SQRT_2
                };
                DenseWeights {
                    inputs: w[0],
                    outputs: w[1],
                    weight: orthogonal(w[0], w[1], gain, rng),
                    bias: vec![0.0; w[1]],
                }
            })
            .collect();
        Self {
            layers,
            activation: Activation::Tanh,
        }
    }

    /// ReLU layers of widths `widths` with PyTorch's default initialisation of `nn.Linear`
    /// (weights and biases uniform in ±1/√inputs), as stable-baselines3's DQN gets them.
    pub fn pytorch_default_relu(widths: &[usize], rng: &mut ChaCha8Rng) -> Self {
        let layers = widths
            .windows(2)
            .map(|w| {
                let bound = 1.0 / (w[0] as f64).sqrt();
                let mut draw = |n: usize| -> Vec<f32> {
                    (0..n)
                        .map(|_| rng.random_range(-bound..bound) as f32)
                        .collect()
                };
                DenseWeights {
                    inputs: w[0],
                    outputs: w[1],
                    weight: draw(w[0] * w[1]),
                    bias: draw(w[1]),
                }
            })
            .collect();
        Self {
            layers,
            activation: Activation::Relu,
        }
    }

    /// Checks that the layers chain (each output width is the next input width) and that every
    /// array has the length its widths say, naming the first layer that does not.
    pub fn check(&self) -> Result<(), String> {
        if self.layers.is_empty() {
            return Err("no layers".into());
        }
        for (i, l) in self.layers.iter().enumerate() {
            if l.inputs == 0 || l.outputs == 0 {
                return Err(format!("layer {i} has a zero width"));
            }
            if l.weight.len() != l.inputs * l.outputs {
                return Err(format!(
                    "layer {i}: weight has {} numbers, expected {}",
                    l.weight.len(),
                    l.inputs * l.outputs
                ));
            }
            if l.bias.len() != l.outputs {
                return Err(format!(
                    "layer {i}: bias has {} numbers, expected {}",
                    l.bias.len(),
                    l.outputs
                ));
            }
            if l.weight.iter().chain(&l.bias).any(|x| !x.is_finite()) {
                return Err(format!("layer {i} holds a non-finite number"));
            }
            if let Some(next) = self.layers.get(i + 1)
                && next.inputs != l.outputs
            {
                return Err(format!(
                    "layer {} takes {} inputs but layer {i} gives {}",
                    i + 1,
                    next.inputs,
                    l.outputs
                ));
            }
        }
        Ok(())
    }

    /// Input width of the first layer.
    pub fn inputs(&self) -> usize {
        self.layers.first().map_or(0, |l| l.inputs)
    }

    /// Output width of the last layer.
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, |l| l.outputs)
    }
}

/// A multilayer perceptron with its activation between its dense layers and none after the
/// last.
#[derive(Module, Debug)]
pub struct Mlp {
    layers: Vec<Linear>,
    relu: bool,
}

impl Mlp {
    /// The network holding `weights` (which must pass [`MlpWeights::check`]) on `device`.
    pub fn from_weights(weights: &MlpWeights, device: &Device) -> Self {
        let layers = weights
            .layers
            .iter()
            .map(|l| Linear {
                weight: Param::from_data(
                    TensorData::new(l.weight.clone(), [l.inputs, l.outputs]),
                    device,
                ),
                bias: Some(Param::from_data(
                    TensorData::new(l.bias.clone(), [l.outputs]),
                    device,
                )),
            })
            .collect();
        Self {
            layers,
            relu: weights.activation == Activation::Relu,
        }
    }

    /// The network's current weights as plain numbers.
    pub fn weights(&self) -> MlpWeights {
        let layers = self
            .layers
            .iter()
            .map(|l| {
                let [inputs, outputs] = l.weight.val().dims();
                DenseWeights {
                    inputs,
                    outputs,
                    weight: floats(l.weight.val()),
                    bias: l.bias.as_ref().map_or_else(Vec::new, |b| floats(b.val())),
                }
            })
            .collect();
        MlpWeights {
            layers,
            activation: if self.relu {
                Activation::Relu
            } else {
                Activation::Tanh
            },
        }
    }

    /// Outputs for a batch of inputs (`rows × inputs` → `rows × outputs`).
    pub fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let last = self.layers.len().saturating_sub(1);
        self.layers.iter().enumerate().fold(input, |x, (i, layer)| {
            let y = layer.forward(x);
            match (i < last, self.relu) {
                (false, _) => y,
                (true, false) => portable_math::tanh(y),
                (true, true) => burn::tensor::activation::relu(y),
            }
        })
    }
}

/// The numbers of an f32 tensor (the networks hold nothing else).
pub(crate) fn floats<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data()
        .try_into_vec::<f32>()
        .unwrap_or_else(|e| unreachable!("the networks hold f32 tensors only: {e:?}"))
}

/// The weights of an actor–critic pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorCriticWeights {
    /// The policy network: observation → one logit per action.
    pub actor: MlpWeights,
    /// The value network: observation → one value.
    pub critic: MlpWeights,
}

impl ActorCriticWeights {
    /// Fresh stable-baselines3-style weights: `hidden`-wide tanh layers, actor output gain
    /// 0.01 (a near-uniform first policy), critic output gain 1.
    pub fn init(
        obs_len: usize,
        num_actions: usize,
        hidden: &[usize],
        rng: &mut ChaCha8Rng,
    ) -> Self {
        let widths = |out: usize| {
            std::iter::once(obs_len)
                .chain(hidden.iter().copied())
                .chain(std::iter::once(out))
                .collect::<Vec<_>>()
        };
        let actor = MlpWeights::orthogonal(&widths(num_actions), 0.01, rng);
        let critic = MlpWeights::orthogonal(&widths(1), 1.0, rng);
        Self { actor, critic }
    }
}

/// Separate actor and critic networks (stable-baselines3's A2C and PPO default, no shared
/// layers).
#[derive(Module, Debug)]
pub struct ActorCritic {
    /// The policy network (logits).
    pub actor: Mlp,
    /// The value network.
    pub critic: Mlp,
}

impl ActorCritic {
    /// The networks holding `weights` on `device`.
    pub fn from_weights(weights: &ActorCriticWeights, device: &Device) -> Self {
        Self {
            actor: Mlp::from_weights(&weights.actor, device),
            critic: Mlp::from_weights(&weights.critic, device),
        }
    }

    /// The current weights as plain numbers.
    pub fn weights(&self) -> ActorCriticWeights {
        ActorCriticWeights {
            actor: self.actor.weights(),
            critic: self.critic.weights(),
        }
    }
}
