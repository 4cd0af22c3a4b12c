//! What a learner needs from an environment, independent of how the simulator builds it.

use rand_chacha::ChaCha8Rng;

/// How an episode ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpisodeEnd {
    /// Whether the episode spent more than one of its budgets.
    pub over_budget: bool,
}

/// What one step gives back.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// The reward of the step.
    pub reward: f32,
    /// `Some` when this step ended the episode (the observation is then not written).
    pub end: Option<EpisodeEnd>,
}

/// An episodic environment with discrete actions and flat f32 observations, as the learners
/// see it.
pub trait Environment {
    /// Length of an observation.
    fn obs_len(&self) -> usize;
    /// Number of discrete actions.
    fn num_actions(&self) -> usize;
    /// Starts an episode and writes its first observation into `obs`.
    fn reset(&mut self, rng: &mut ChaCha8Rng, obs: &mut [f32]);
    /// Takes `action` (below [`num_actions`](Self::num_actions)); unless the episode ends,
    /// writes the next observation into `obs`.
    fn step(&mut self, action: usize, obs: &mut [f32]) -> Step;
    /// For each action, how far taking it now would push the episode's spending past its
    /// budgets, as `excess_latency / latency_budget + excess_usage / usage_budget`
    /// (0 when within both). Written into `out` (length [`num_actions`](Self::num_actions)).
    fn budget_excess(&self, out: &mut [f32]);
    /// The same measure for the spending so far (0 within both budgets).
    fn excess_so_far(&self) -> f32;
}
