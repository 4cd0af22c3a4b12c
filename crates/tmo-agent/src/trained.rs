//! A trained learner as a policy of the simulator (greedy, as at evaluation).

use crate::config::LearnerConfig;
use crate::policy::GreedyPolicy;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tmo_core::ablation::Ablation;
use tmo_core::policy::choice_then_local;
use tmo_core::{Action, Decision, Policy};

/// ChaCha stream of an ablated policy's coin and random views at evaluation (stream 0 of the
/// seed shuffles the split, stream 1 seeds the rule policies).
const ABLATION_STREAM: u64 = 2;

/// A trained network acting greedily on the simulator's observations.
#[derive(Debug)]
pub struct TrainedPolicy {
    greedy: GreedyPolicy,
    resource_constraints: bool,
    /// An ablation that turns the network's output into an action by chance, with its
    /// generator.
    chance: Option<(Ablation, ChaCha8Rng)>,
}

impl TrainedPolicy {
    /// Wraps `greedy`, trained with `config`; `seed` seeds what an ablation leaves to chance.
    pub fn new(greedy: GreedyPolicy, config: &LearnerConfig, seed: u64) -> Self {
        let chance = config
            .ablation
            .filter(|a| *a != Ablation::NoScoreEstimation)
            .map(|a| {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_stream(ABLATION_STREAM);
                (a, rng)
            });
        Self {
            greedy,
            resource_constraints: config.resource_constraints.is_some(),
            chance,
        }
    }

    /// The greedy network.
    pub fn greedy(&self) -> &GreedyPolicy {
        &self.greedy
    }
}

impl Policy for TrainedPolicy {
    fn uses_budgets(&self) -> bool {
        self.resource_constraints
    }

    fn act(&mut self, decision: &Decision<'_>) -> Action {
        let output = self.greedy.act(decision.obs());
        let actions = decision.simulator().actions();
        match &mut self.chance {
            Some((ablation, rng)) => ablation.action(output, actions, rng),
            // The network has one output per action of the scenario it was checked against.
            None => actions.action(output).unwrap_or(Action::LOCAL),
        }
    }

    /// Every action, most preferred first (the first is [`act`](Policy::act)'s); with an
    /// ablation that leaves the action to chance, the action drawn, then answering locally.
    fn preferences(&mut self, decision: &Decision<'_>) -> Vec<Action> {
        if self.chance.is_some() {
            return choice_then_local(self.act(decision));
        }
        let actions = decision.simulator().actions();
        self.greedy
            .ranking(decision.obs())
            .into_iter()
            .filter_map(|i| actions.action(i))
            .collect()
    }
}
