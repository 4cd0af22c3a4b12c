//! The rollout buffer of the on-policy learners (A2C, PPO): experience collected by sampling
//! the actor, and its returns and advantages (GAE).

use crate::env::Environment;
use crate::model::{ActorCritic, ActorCriticWeights, floats};
use crate::policy::forward;
use crate::portable_math::softmax_rows;
use crate::vec_env::VecEnv;
use burn::tensor::{Device, Tensor, TensorData};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// Transitions of `n_envs` environments over `n_steps` steps, stored step-major
/// (row `t · n_envs + e` is environment `e` at step `t`).
pub struct Rollout {
    n_envs: usize,
    obs_len: usize,
    num_actions: usize,
    /// Observations the actions were taken from.
    pub obs: Vec<f32>,
    /// Actions taken.
    pub actions: Vec<usize>,
    /// Rewards received.
    pub rewards: Vec<f32>,
    /// Whether the step ended its episode.
    pub dones: Vec<bool>,
    /// The critic's values of `obs`.
    pub values: Vec<f32>,
    /// Log-probabilities of the actions taken, under the policy that took them.
    pub log_probs: Vec<f32>,
    /// Per-action budget excess at `obs` (empty unless the learner penalises it).
    pub excess: Vec<f32>,
}

impl Rollout {
    /// An empty buffer for `n_envs` environments.
    pub fn new(n_envs: usize, obs_len: usize, num_actions: usize) -> Self {
        Self {
            n_envs,
            obs_len,
            num_actions,
            obs: Vec::new(),
            actions: Vec::new(),
            rewards: Vec::new(),
            dones: Vec::new(),
            values: Vec::new(),
            log_probs: Vec::new(),
            excess: Vec::new(),
        }
    }

    /// Empties the buffer, keeping its memory.
    pub fn clear(&mut self) {
        self.obs.clear();
        self.actions.clear();
        self.rewards.clear();
        self.dones.clear();
        self.values.clear();
        self.log_probs.clear();
        self.excess.clear();
    }

    /// Empties the buffer, then steps every environment `n_steps` times with actions sampled
    /// from `acting`'s actor, recording the budget excess of every action when `with_excess`.
    pub fn collect<E: Environment>(
        &mut self,
        acting: &Acting<'_>,
        envs: &mut VecEnv<E>,
        rng: &mut ChaCha8Rng,
        n_steps: usize,
        with_excess: bool,
    ) {
        self.clear();
        let (n, a) = (envs.len(), envs.num_actions());
        let mut actions = vec![0; n];
        let mut rewards = vec![0.0; n];
        let mut dones = vec![false; n];
        let mut excess = vec![0.0; n * a];
        for _ in 0..n_steps {
            let (logits, values) = acting.logits_and_values(envs.observations(), n);
            let probs = softmax_rows(&logits, a);
            for (action, p) in actions.iter_mut().zip(probs.chunks_exact(a)) {
                *action = sample(p, rng.random());
                self.log_probs.push(libm::logf(p[*action]));
            }
            if with_excess {
                envs.budget_excess(&mut excess);
                self.excess.extend_from_slice(&excess);
            }
            self.obs.extend_from_slice(envs.observations());
            envs.step(&actions, rng, &mut rewards, &mut dones);
            self.actions.extend_from_slice(&actions);
            self.rewards.extend_from_slice(&rewards);
            self.dones.extend_from_slice(&dones);
            self.values.extend_from_slice(&values);
        }
    }

    /// Number of transitions stored.
    pub fn len(&self) -> usize {
        self.actions.len()
    }

    /// Whether no transition is stored.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// Observation length.
    pub fn obs_len(&self) -> usize {
        self.obs_len
    }

    /// Number of actions.
    pub fn num_actions(&self) -> usize {
        self.num_actions
    }

    /// Advantages and returns by generalised advantage estimation, bootstrapping from
    /// `last_values` (the critic's values of the observations after the last step).
    pub fn advantages_and_returns(
        &self,
        last_values: &[f32],
        gamma: f32,
        gae_lambda: f32,
    ) -> (Vec<f32>, Vec<f32>) {
        let n = self.n_envs;
        let mut advantages = vec![0.0; self.len()];
        let mut running = last_values.iter().map(|_| 0.0f32).collect::<Vec<_>>();
        for row in (0..self.len()).rev() {
            let e = row % n;
            let next_value = if row + n < self.len() {
                self.values[row + n]
            } else {
                last_values[e]
            };
            let not_done = if self.dones[row] { 0.0 } else { 1.0 };
            let delta = self.rewards[row] + gamma * next_value * not_done - self.values[row];
            running[e] = delta + gamma * gae_lambda * not_done * running[e];
            advantages[row] = running[e];
        }
        let returns = advantages
            .iter()
            .zip(&self.values)
            .map(|(a, v)| a + v)
            .collect();
        (advantages, returns)
    }
}

/// Which forward pass a learner's rollouts act by ([`Acting`] holds what each needs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActingPass {
    /// burn's, on the inference device ([`Acting::Tensors`]).
    Tensors,
    /// The plain-Rust one ([`Acting::Plain`]).
    Plain,
}

/// How a rollout runs the actor and the critic on the observations it acts from (no
/// gradient either way, and the same numbers: [`forward`] gives burn's bit for bit).
pub enum Acting<'a> {
    /// burn's forward pass on the inference device, one call per step for every environment:
    /// the faster when many environments step together (A2C's 16 rows of 5 steps, whose
    /// update would otherwise copy the weights out every 80 steps).
    Tensors {
        /// The networks' inference copy ([`burn::module::Module::valid`]).
        model: ActorCritic,
        /// The inference device.
        device: &'a Device,
    },
    /// The plain-Rust forward pass over a copy of the weights taken once per rollout: no
    /// per-operation cost, the faster for one environment's long rollout (PPO's 2 048 steps:
    /// 30 720 steps of PPO took 2.9 s of CPU instead of 3.9 s, same weights).
    Plain(ActorCriticWeights),
}

impl Acting<'_> {
    /// The actor's logits (`rows × actions`) and the critic's values (`rows`) of the
    /// row-major observations `obs`.
    pub fn logits_and_values(&self, obs: &[f32], rows: usize) -> (Vec<f32>, Vec<f32>) {
        match self {
            Acting::Tensors { model, device } => {
                let shape = [rows, obs.len() / rows.max(1)];
                let input = Tensor::<2>::from_data(TensorData::new(obs.to_vec(), shape), *device);
                (
                    floats(model.actor.forward(input.clone())),
                    floats(model.critic.forward(input)),
                )
            }
            Acting::Plain(w) => (forward(&w.actor, obs), forward(&w.critic, obs)),
        }
    }
}

/// The action whose cumulative probability first exceeds `u` (uniform in [0, 1)); the last
/// action with positive probability if rounding leaves `u` beyond the total.
pub fn sample(probs: &[f32], u: f32) -> usize {
    let mut acc = 0.0;
    let mut last = 0;
    for (i, &p) in probs.iter().enumerate() {
        if p > 0.0 {
            acc += p;
            last = i;
            if u < acc {
                return i;
            }
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_follows_the_cumulative_distribution() {
        let p = [0.25, 0.0, 0.5, 0.25];
        assert_eq!(sample(&p, 0.0), 0);
        assert_eq!(sample(&p, 0.2499), 0);
        assert_eq!(sample(&p, 0.25), 2);
        assert_eq!(sample(&p, 0.7499), 2);
        assert_eq!(sample(&p, 0.75), 3);
        assert_eq!(sample(&[0.5, 0.4999, 0.0], 0.99999), 1);
    }

    fn rollout(rewards: &[f32], dones: &[bool], values: &[f32], n_envs: usize) -> Rollout {
        let mut r = Rollout::new(n_envs, 1, 2);
        r.rewards = rewards.to_vec();
        r.dones = dones.to_vec();
        r.values = values.to_vec();
        r.actions = vec![0; rewards.len()];
        r
    }

    #[test]
    fn lambda_one_gives_discounted_returns_bootstrapped_at_the_end() {
        // One environment, three steps, no episode end: return_t = r_t + γ r_{t+1} + … + γ^k V_last.
        let r = rollout(&[1.0, 2.0, 3.0], &[false; 3], &[0.5, 0.25, 0.125], 1);
        let (adv, ret) = r.advantages_and_returns(&[10.0], 0.5, 1.0);
        let want = [
            1.0 + 0.5 * 2.0 + 0.25 * 3.0 + 0.125 * 10.0,
            2.0 + 0.5 * 3.0 + 0.25 * 10.0,
            3.0 + 0.5 * 10.0,
        ];
        for t in 0..3 {
            assert!((ret[t] - want[t]).abs() < 1e-6, "return {t}");
            assert!(
                (adv[t] - (want[t] - r.values[t])).abs() < 1e-6,
                "advantage {t}"
            );
        }
    }

    #[test]
    fn an_episode_end_stops_the_bootstrap_per_environment() {
        // Two environments interleaved; env 0 ends at step 0, env 1 never ends.
        let r = rollout(
            &[1.0, 1.0, 2.0, 2.0],
            &[true, false, false, false],
            &[0.0; 4],
            2,
        );
        let (_, ret) = r.advantages_and_returns(&[4.0, 8.0], 0.5, 1.0);
        assert_eq!(
            ret,
            vec![1.0, 1.0 + 0.5 * 2.0 + 0.25 * 8.0, 2.0 + 2.0, 2.0 + 4.0]
        );
    }

    #[test]
    fn lambda_zero_gives_one_step_td_errors() {
        let r = rollout(&[1.0, 2.0], &[false, false], &[3.0, 5.0], 1);
        let (adv, _) = r.advantages_and_returns(&[7.0], 0.9, 0.0);
        assert!((adv[0] - (1.0 + 0.9 * 5.0 - 3.0)).abs() < 1e-6);
        assert!((adv[1] - (2.0 + 0.9 * 7.0 - 5.0)).abs() < 1e-6);
    }
}
