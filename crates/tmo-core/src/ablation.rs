//! The paper's ablations (EXPERIMENTS.md §2): a learner with one of TMO's parts removed.
//!
//! - **No LLM selection**: a fair coin picks local or cloud at each turn (in training and
//!   evaluation); the agent chooses only which views to upload, one output per subset.
//! - **No modality selection**: the agent chooses local or cloud (two outputs); on cloud the
//!   subset is uniform over all 2^X (text-only included).
//! - **No score estimation**: the training reward's response term is the mean logged score
//!   of the chosen LLM (local or cloud) over the training episodes instead of the kNN
//!   estimate ([`LoggedMeans`]); evaluation always uses the full estimate.

use crate::actions::{Action, ActionSpace, Destination};
use crate::simulator::Simulator;
use rand::{Rng, RngExt};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A part of TMO removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ablation {
    /// A fair coin picks local or cloud; the agent picks the views.
    NoLlmSelection,
    /// The agent picks local or cloud; a uniform subset of views is uploaded.
    NoModalitySelection,
    /// Trained on the mean logged score of the chosen LLM instead of the estimate.
    NoScoreEstimation,
}

impl Ablation {
    /// Every ablation, in the paper's row order.
    pub const ALL: [Ablation; 3] = [
        Ablation::NoLlmSelection,
        Ablation::NoModalitySelection,
        Ablation::NoScoreEstimation,
    ];

    /// Its name: `no-llm-selection`, `no-modality-selection`, `no-score-estimation`.
    pub fn name(self) -> &'static str {
        match self {
            Ablation::NoLlmSelection => "no-llm-selection",
            Ablation::NoModalitySelection => "no-modality-selection",
            Ablation::NoScoreEstimation => "no-score-estimation",
        }
    }

    /// As the paper's table writes it.
    pub fn label(self) -> &'static str {
        match self {
            Ablation::NoLlmSelection => "w/o LLM selection",
            Ablation::NoModalitySelection => "w/o modality selection",
            Ablation::NoScoreEstimation => "w/o score estimation",
        }
    }

    /// What is removed, in one sentence.
    pub fn description(self) -> &'static str {
        match self {
            Ablation::NoLlmSelection => {
                "A fair coin picks local or cloud at each turn; the agent only picks which views to upload."
            }
            Ablation::NoModalitySelection => {
                "The agent picks local or cloud; on cloud a uniformly random set of views is uploaded."
            }
            Ablation::NoScoreEstimation => {
                "Trained on the mean logged score of the chosen LLM instead of the estimated score (evaluated with the estimate)."
            }
        }
    }

    /// Number of outputs the agent chooses among in `actions`.
    pub fn agent_actions(self, actions: &ActionSpace) -> usize {
        match self {
            Ablation::NoLlmSelection => actions.len() - 1,
            Ablation::NoModalitySelection => 2,
            Ablation::NoScoreEstimation => actions.len(),
        }
    }

    /// The action taken when the agent chooses output `agent` (below
    /// [`agent_actions`](Self::agent_actions)); the coin and the random subset come from `rng`.
    pub fn action<R: Rng + ?Sized>(
        self,
        agent: usize,
        actions: &ActionSpace,
        rng: &mut R,
    ) -> Action {
        let cloud = |subset: usize| actions.action(1 + subset).unwrap_or(Action::LOCAL);
        let subsets = (actions.len() - 1) as u32;
        match self {
            Ablation::NoLlmSelection => {
                if rng.random::<bool>() {
                    cloud(agent)
                } else {
                    Action::LOCAL
                }
            }
            Ablation::NoModalitySelection => {
                if agent == 0 {
                    Action::LOCAL
                } else {
                    cloud(rng.random_range(0..subsets) as usize)
                }
            }
            Ablation::NoScoreEstimation => actions.action(agent).unwrap_or(Action::LOCAL),
        }
    }

    /// For each agent output, the expected value of `per_action` (one value per action of
    /// `actions`) over what the output may turn into, written into `out`.
    pub fn expected(self, actions: &ActionSpace, per_action: &[f32], out: &mut [f32]) {
        match self {
            Ablation::NoLlmSelection => {
                for (i, o) in out.iter_mut().enumerate() {
                    *o = 0.5 * per_action[0] + 0.5 * per_action[1 + i];
                }
            }
            Ablation::NoModalitySelection => {
                let cloud = &per_action[1..actions.len()];
                out[0] = per_action[0];
                out[1] = cloud.iter().sum::<f32>() / cloud.len() as f32;
            }
            Ablation::NoScoreEstimation => out.copy_from_slice(&per_action[..actions.len()]),
        }
    }
}

impl fmt::Display for Ablation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Ablation {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Ablation::ALL
            .into_iter()
            .find(|a| a.name() == name.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Ablation::ALL.iter().map(|a| a.name()).collect();
                format!("unknown ablation `{name}` (expected {})", names.join(", "))
            })
    }
}

/// The mean logged score of each LLM over the training episodes, the response score of the
/// no-score-estimation ablation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoggedMeans {
    /// Mean logged score of the turns answered locally.
    pub local: f64,
    /// Mean logged score of the turns answered in the cloud (any views).
    pub cloud: f64,
}

impl LoggedMeans {
    /// The means over `sim`'s training episodes; an LLM never logged there gets the mean of
    /// every logged turn.
    pub fn of(sim: &Simulator) -> LoggedMeans {
        let (mut sums, mut counts) = ([0.0; 2], [0usize; 2]);
        for &e in sim.split().train() {
            for turn in &sim.episode(e).turns {
                let i = usize::from(
                    sim.actions().destination(turn.logged_action) != Destination::Local,
                );
                sums[i] += turn.logged_reward;
                counts[i] += 1;
            }
        }
        let all = (sums[0] + sums[1]) / (counts[0] + counts[1]).max(1) as f64;
        let mean = |i: usize| {
            if counts[i] == 0 {
                all
            } else {
                sums[i] / counts[i] as f64
            }
        };
        LoggedMeans {
            local: mean(0),
            cloud: mean(1),
        }
    }

    /// The mean of the LLM that `action` calls.
    pub fn score(&self, actions: &ActionSpace, action: Action) -> f64 {
        match actions.destination(action) {
            Destination::Local => self.local,
            Destination::Cloud(_) => self.cloud,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn the_coin_is_fair_and_the_subsets_uniform() {
        let actions = ActionSpace::new(3).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let n = 40_000;
        let local = (0..n)
            .filter(|_| Ablation::NoLlmSelection.action(2, &actions, &mut rng) == Action::LOCAL)
            .count();
        assert!((local as f64 / n as f64 - 0.5).abs() < 0.01, "{local}");
        let mut by_size = [0usize; 4];
        for _ in 0..n {
            match actions.destination(Ablation::NoModalitySelection.action(1, &actions, &mut rng)) {
                Destination::Cloud(v) => by_size[v.len()] += 1,
                Destination::Local => panic!("output 1 is the cloud"),
            }
        }
        for (size, want) in [1.0, 3.0, 3.0, 1.0].into_iter().enumerate() {
            let share = by_size[size] as f64 / n as f64;
            assert!((share - want / 8.0).abs() < 0.01, "size {size}: {share}");
        }
        assert_eq!(
            Ablation::NoModalitySelection.action(0, &actions, &mut rng),
            Action::LOCAL
        );
    }

    #[test]
    fn outputs_and_expectations_follow_the_ablation() {
        let actions = ActionSpace::new(3).unwrap();
        let per_action: Vec<f32> = (0..9).map(|i| i as f32).collect();
        let mut out = vec![0.0; 8];
        Ablation::NoLlmSelection.expected(&actions, &per_action, &mut out);
        assert_eq!((out[0], out[7]), (0.5, 4.0));
        let mut two = vec![0.0; 2];
        Ablation::NoModalitySelection.expected(&actions, &per_action, &mut two);
        assert_eq!(two, vec![0.0, 4.5]);
        assert_eq!(Ablation::ALL.map(|a| a.agent_actions(&actions)), [8, 2, 9]);
        for a in Ablation::ALL {
            assert_eq!(a.name().parse::<Ablation>(), Ok(a));
        }
    }
}
