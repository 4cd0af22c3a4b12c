//! Several copies of an environment stepped in lock step, resetting each as its episode ends,
//! with the statistics of the episodes they finish.

use crate::env::Environment;
use rand_chacha::ChaCha8Rng;
use std::collections::VecDeque;

/// How many finished episodes the running statistics cover (as stable-baselines3's logger).
const STATS_WINDOW: usize = 100;

/// One finished episode.
#[derive(Clone, Copy, Debug)]
struct Finished {
    reward: f32,
    over_budget: bool,
}

/// Environments stepped together; their current observations sit in one row-major buffer.
pub struct VecEnv<E> {
    envs: Vec<E>,
    obs: Vec<f32>,
    episode_reward: Vec<f32>,
    recent: VecDeque<Finished>,
    episodes: u64,
}

impl<E: Environment> VecEnv<E> {
    /// Wraps `envs` (non-empty, all with the same observation length and action count) and
    /// starts an episode in each.
    pub fn new(mut envs: Vec<E>, rng: &mut ChaCha8Rng) -> Self {
        let obs_len = envs.first().map_or(0, Environment::obs_len);
        let mut obs = vec![0.0; envs.len() * obs_len];
        for (env, row) in envs.iter_mut().zip(obs.chunks_exact_mut(obs_len.max(1))) {
            env.reset(rng, row);
        }
        let n = envs.len();
        Self {
            envs,
            obs,
            episode_reward: vec![0.0; n],
            recent: VecDeque::with_capacity(STATS_WINDOW),
            episodes: 0,
        }
    }

    /// Number of environments.
    pub fn len(&self) -> usize {
        self.envs.len()
    }

    /// Whether there are no environments (never, once built by a trainer).
    pub fn is_empty(&self) -> bool {
        self.envs.is_empty()
    }

    /// Observation length.
    pub fn obs_len(&self) -> usize {
        self.envs.first().map_or(0, Environment::obs_len)
    }

    /// Number of actions.
    pub fn num_actions(&self) -> usize {
        self.envs.first().map_or(0, Environment::num_actions)
    }

    /// The current observations, one row per environment.
    pub fn observations(&self) -> &[f32] {
        &self.obs
    }

    /// Writes each environment's per-action budget excess into `out` (one row per environment).
    pub fn budget_excess(&self, out: &mut [f32]) {
        let a = self.num_actions();
        for (env, row) in self.envs.iter().zip(out.chunks_exact_mut(a)) {
            env.budget_excess(row);
        }
    }

    /// Environment `i`'s normalised budget excess of the spending so far.
    pub fn excess_so_far(&self, i: usize) -> f32 {
        self.envs[i].excess_so_far()
    }

    /// Steps environment `i` with `actions[i]`, writing its reward and whether its episode
    /// ended; an ended episode is recorded and a new one started.
    pub fn step(
        &mut self,
        actions: &[usize],
        rng: &mut ChaCha8Rng,
        rewards: &mut [f32],
        dones: &mut [bool],
    ) {
        let obs_len = self.obs_len();
        for (i, (env, row)) in self
            .envs
            .iter_mut()
            .zip(self.obs.chunks_exact_mut(obs_len))
            .enumerate()
        {
            let step = env.step(actions[i], row);
            rewards[i] = step.reward;
            self.episode_reward[i] += step.reward;
            dones[i] = step.end.is_some();
            if let Some(end) = step.end {
                if self.recent.len() == STATS_WINDOW {
                    self.recent.pop_front();
                }
                self.recent.push_back(Finished {
                    reward: self.episode_reward[i],
                    over_budget: end.over_budget,
                });
                self.episodes += 1;
                self.episode_reward[i] = 0.0;
                env.reset(rng, row);
            }
        }
    }

    /// Episodes finished so far.
    pub fn episodes(&self) -> u64 {
        self.episodes
    }

    /// Mean total reward of the last (up to 100) finished episodes, if any.
    pub fn mean_episode_reward(&self) -> Option<f32> {
        self.mean_of(|f| f.reward)
    }

    /// Share of the last (up to 100) finished episodes that went over a budget, if any.
    pub fn violation_rate(&self) -> Option<f32> {
        self.mean_of(|f| if f.over_budget { 1.0 } else { 0.0 })
    }

    fn mean_of(&self, f: impl Fn(&Finished) -> f32) -> Option<f32> {
        (!self.recent.is_empty())
            .then(|| self.recent.iter().map(f).sum::<f32>() / self.recent.len() as f32)
    }
}
