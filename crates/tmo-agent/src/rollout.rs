//! The rollout buffer of on-policy learners and its returns and advantages (GAE).

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
        self.excess.clear();
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

#[cfg(test)]
mod tests {
    use super::*;

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
