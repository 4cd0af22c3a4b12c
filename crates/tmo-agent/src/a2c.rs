//! A2C (stable-baselines3's, SIMULATOR.md §9): collect `n_steps` per environment by sampling
//! the actor, compute GAE returns, take one optimiser step on policy-gradient + value −
//! entropy loss; RC-A2C adds λ × the expected budget excess of the batch to that loss.

use crate::config::{ConfigError, LearnerConfig, OptimizerConfig, OptimizerMethod, check};
use crate::env::Environment;
use crate::model::{ActorCritic, ActorCriticWeights, MlpWeights};
use crate::policy::GreedyPolicy;
use crate::portable_math::{exp, log_softmax};
use crate::rollout::{Rollout, current_values};
use crate::trainer::{Context, Metric, Update};
use burn::module::Module;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Tensor, TensorData};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// A2C's own settings (stable-baselines3's defaults).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct A2cConfig {
    /// Steps per environment per update.
    pub n_steps: usize,
    /// Discount factor γ.
    pub gamma: f32,
    /// GAE λ (1 = Monte-Carlo returns within a rollout).
    pub gae_lambda: f32,
    /// Entropy bonus coefficient.
    pub ent_coef: f32,
    /// Value loss coefficient.
    pub vf_coef: f32,
}

impl Default for A2cConfig {
    fn default() -> Self {
        Self {
            n_steps: 5,
            gamma: 0.99,
            gae_lambda: 1.0,
            ent_coef: 0.0,
            vf_coef: 0.5,
        }
    }
}

impl A2cConfig {
    /// RMSprop, lr 7e-4, α 0.99, ε 1e-5, gradient norm clipped at 0.5.
    pub const OPTIMIZER: OptimizerConfig = OptimizerConfig {
        learning_rate: 7e-4,
        max_grad_norm: 0.5,
        method: OptimizerMethod::Rmsprop {
            alpha: 0.99,
            eps: 1e-5,
        },
    };

    /// Our environments per update: 16 rows of 5 steps (80 per update) instead of the
    /// reference's one. Measured with `benches/train.rs` on M4A1 (30 000 steps), the run
    /// takes a fraction of the one-environment time (6 000 small updates become 375) and
    /// RC-A2C reaches the same test reward.
    pub const OUR_N_ENVS: usize = 16;

    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check::within("n_steps", self.n_steps as u64, 1, 4096)?;
        check::unit("gamma", self.gamma)?;
        check::unit("gae_lambda", self.gae_lambda)?;
        check::non_negative("ent_coef", self.ent_coef)?;
        check::non_negative("vf_coef", self.vf_coef)
    }
}

/// An A2C run's networks, optimiser and buffer.
pub(crate) struct A2c {
    config: A2cConfig,
    optimizer: OptimizerConfig,
    device: Device,
    model: ActorCritic,
    optim: ModuleOptimizer,
    rollout: Rollout,
}

impl A2c {
    /// Fresh networks (drawn from `rng`) for `obs_len` inputs and `num_actions` actions.
    pub fn new(
        config: A2cConfig,
        run: &LearnerConfig,
        obs_len: usize,
        num_actions: usize,
        rng: &mut ChaCha8Rng,
        device: Device,
    ) -> Self {
        let weights = ActorCriticWeights::init(obs_len, num_actions, &run.network.hidden(), rng);
        Self {
            model: ActorCritic::from_weights(&weights, &device),
            optim: run.optimizer.init(),
            optimizer: run.optimizer,
            rollout: Rollout::new(run.n_envs, obs_len, num_actions),
            config,
            device,
        }
    }
}

impl<E: Environment> Update<E> for A2c {
    fn update(&mut self, cx: Context<'_, E>) -> Vec<Metric> {
        let inference = self.device.clone().without_autodiff();
        let constrained = cx.lagrangian.is_some();
        let model = &self.model;
        self.rollout.collect(
            model,
            cx.envs,
            cx.rng,
            self.config.n_steps,
            constrained,
            &inference,
        );
        let last_values = current_values(model, cx.envs, &inference);
        let (advantages, returns) = self.rollout.advantages_and_returns(
            &last_values,
            self.config.gamma,
            self.config.gae_lambda,
        );
        let rows = ActorCriticRows::new(&self.rollout, &self.device);
        let log_probs = log_softmax(model.actor.forward(rows.obs.clone()));
        let probs = exp(log_probs.clone());
        let taken = (log_probs.clone() * rows.one_hot.clone()).sum_dim(1);
        let policy = -(taken * rows.column(&advantages)).mean();
        let values = model.critic.forward(rows.obs.clone());
        let value = (rows.column(&returns) - values).square().mean();
        let entropy = -(probs.clone() * log_probs).sum_dim(1).mean();
        let mut total = policy.clone() + value.clone() * self.config.vf_coef
            - entropy.clone() * self.config.ent_coef;
        let mut metrics = vec![
            Metric::new("policy_loss", policy.into_scalar()),
            Metric::new("value_loss", value.into_scalar()),
            Metric::new("entropy", entropy.into_scalar()),
        ];
        if let Some(lagrangian) = cx.lagrangian {
            let (penalty, expected) =
                lagrangian.expected_excess(probs, &self.rollout.excess, &self.device);
            total = total + penalty * lagrangian.lambda();
            lagrangian.ascend(expected);
            metrics.push(Metric::new("expected_excess", expected));
        }
        self.model = step(&self.optimizer, &mut self.optim, self.model.clone(), total);
        metrics
    }

    fn policy(&self) -> GreedyPolicy {
        GreedyPolicy::new(&self.model.actor.weights())
    }

    fn networks(&self) -> Vec<MlpWeights> {
        let w = self.model.weights();
        vec![w.actor, w.critic]
    }
}

/// The tensors of a batch of rollout rows that both actor–critic losses read.
pub(crate) struct ActorCriticRows {
    /// Observations, `rows × obs_len`.
    pub obs: Tensor<2>,
    /// The actions taken, one-hot, `rows × actions`.
    pub one_hot: Tensor<2>,
    rows: usize,
    device: Device,
}

impl ActorCriticRows {
    /// Every row of `rollout`.
    pub fn new(rollout: &Rollout, device: &Device) -> Self {
        let all: Vec<usize> = (0..rollout.len()).collect();
        Self::of(rollout, &all, device)
    }

    /// Rows `rows` of `rollout`, in that order.
    pub fn of(rollout: &Rollout, rows: &[usize], device: &Device) -> Self {
        let (n, obs_len, a) = (rows.len(), rollout.obs_len(), rollout.num_actions());
        let mut obs = Vec::with_capacity(n * obs_len);
        let mut one_hot = vec![0.0f32; n * a];
        for (i, &r) in rows.iter().enumerate() {
            obs.extend_from_slice(&rollout.obs[r * obs_len..(r + 1) * obs_len]);
            one_hot[i * a + rollout.actions[r]] = 1.0;
        }
        Self {
            obs: Tensor::from_data(TensorData::new(obs, [n, obs_len]), device),
            one_hot: Tensor::from_data(TensorData::new(one_hot, [n, a]), device),
            rows: n,
            device: device.clone(),
        }
    }

    /// `values` (one per row) as a `rows × 1` column.
    pub fn column(&self, values: &[f32]) -> Tensor<2> {
        Tensor::from_data(
            TensorData::new(values.to_vec(), [self.rows, 1]),
            &self.device,
        )
    }
}

/// One optimiser step on `loss` with the gradient norm clipped; returns the stepped module.
pub(crate) fn step<M: Module>(
    config: &OptimizerConfig,
    optim: &mut ModuleOptimizer,
    model: M,
    loss: Tensor<1>,
) -> M {
    let mut grads = GradientsParams::from_grads(loss.backward(), &model);
    crate::clip::clip_global_norm(&model, &mut grads, config.max_grad_norm);
    optim.step(f64::from(config.learning_rate), model, grads)
}
