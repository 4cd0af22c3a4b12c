//! What the two actor–critics (A2C, PPO) share: the networks, the optimiser and the rollout
//! buffer, collecting a rollout and its returns, the tensors of a batch of its rows, and one
//! optimiser step.

use crate::config::{LearnerConfig, OptimizerConfig};
use crate::env::Environment;
use crate::model::{ActorCritic, ActorCriticWeights, MlpWeights};
use crate::policy::GreedyPolicy;
use crate::rollout::{Acting, ActingPass, Rollout};
use crate::trainer::{Context, Shape};
use burn::module::Module;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Tensor, TensorData};
use rand_chacha::ChaCha8Rng;

/// An actor–critic run's networks, optimiser and buffer.
pub(crate) struct ActorCriticParts {
    /// The training device.
    pub device: Device,
    /// Actor and critic.
    pub model: ActorCritic,
    optim: ModuleOptimizer,
    optimizer: OptimizerConfig,
    /// The latest rollout.
    pub rollout: Rollout,
    /// The forward pass rollouts act by.
    acting: ActingPass,
}

impl ActorCriticParts {
    /// Fresh stable-baselines3-style networks (drawn from `rng`) for `shape`, acting in
    /// rollouts by the `acting` forward pass.
    pub fn new(
        run: &LearnerConfig,
        shape: Shape,
        rng: &mut ChaCha8Rng,
        device: Device,
        acting: ActingPass,
    ) -> Self {
        let weights =
            ActorCriticWeights::init(shape.obs_len, shape.num_actions, &run.network.hidden(), rng);
        Self {
            model: ActorCritic::from_weights(&weights, &device),
            optim: run.optimizer.init(),
            optimizer: run.optimizer,
            rollout: Rollout::new(run.n_envs, shape.obs_len, shape.num_actions),
            device,
            acting,
        }
    }

    /// Collects `n_steps` per environment (with each action's budget excess for a constrained
    /// learner) and returns the rollout's advantages and returns by GAE.
    pub fn collect<E: Environment>(
        &mut self,
        cx: &mut Context<'_, E>,
        n_steps: usize,
        gamma: f32,
        gae_lambda: f32,
    ) -> (Vec<f32>, Vec<f32>) {
        let inference = self.device.clone().without_autodiff();
        let acting = match self.acting {
            ActingPass::Plain => Acting::Plain(self.model.weights()),
            ActingPass::Tensors => Acting::Tensors {
                model: self.model.valid(),
                device: &inference,
            },
        };
        let constrained = cx.lagrangian.is_some();
        self.rollout
            .collect(&acting, cx.envs, cx.rng, n_steps, constrained);
        let (_, last_values) = acting.logits_and_values(cx.envs.observations(), cx.envs.len());
        self.rollout
            .advantages_and_returns(&last_values, gamma, gae_lambda)
    }

    /// One optimiser step on `loss`.
    pub fn step(&mut self, loss: Tensor<1>) {
        self.model = optimizer_step(&self.optimizer, &mut self.optim, self.model.clone(), loss);
    }

    /// The actor, acting greedily.
    pub fn policy(&self) -> GreedyPolicy {
        GreedyPolicy::new(&self.model.actor.weights())
    }

    /// Actor then critic weights.
    pub fn networks(&self) -> Vec<MlpWeights> {
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
pub(crate) fn optimizer_step<M: Module>(
    config: &OptimizerConfig,
    optim: &mut ModuleOptimizer,
    model: M,
    loss: Tensor<1>,
) -> M {
    let mut grads = GradientsParams::from_grads(loss.backward(), &model);
    crate::clip::clip_global_norm(&model, &mut grads, config.max_grad_norm);
    optim.step(f64::from(config.learning_rate), model, grads)
}
