//! The page runs trained policies with the plain-Rust forward pass of [`GreedyPolicy`]; the
//! training network (burn) must make the same choice at every decision of the test split.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use burn::tensor::{Tensor, TensorData};
use tmo_agent::backend::Backend;
use tmo_agent::model::Mlp;
use tmo_agent::{LearnerFactory, Preset, TrainedPolicy, Trainer};
use tmo_core::{Action, Decision, Policy, evaluate};

/// The trained policy, checking at each decision that burn's forward pass agrees.
struct Checked {
    plain: TrainedPolicy,
    burn: Mlp,
    decisions: usize,
    disagreements: usize,
}

impl Policy for Checked {
    fn uses_budgets(&self) -> bool {
        self.plain.uses_budgets()
    }

    fn act(&mut self, decision: &Decision<'_>) -> Action {
        let obs = decision.obs();
        let device = Backend::CHOSEN.inference_device();
        let input = Tensor::<2>::from_data(TensorData::new(obs.to_vec(), [1, obs.len()]), &device);
        let out: Vec<f32> = self
            .burn
            .forward(input)
            .into_data()
            .try_to_vec::<f32>()
            .expect("f32 outputs");
        let best = (0..out.len()).fold(0, |b, i| if out[i] > out[b] { i } else { b });
        self.decisions += 1;
        self.disagreements += usize::from(self.plain.greedy().act(obs) != best);
        self.plain.act(decision)
    }
}

#[test]
fn plain_and_burn_forward_passes_choose_alike_on_every_test_decision() {
    let sim = common::kitchen_simulator();
    let factory = LearnerFactory {
        preset: Preset::Ours,
        timesteps: Some(3_000),
        ..LearnerFactory::default()
    };
    for name in ["rc-ppo", "rc-a2c", "rc-dqn"] {
        let config = factory.config_for(name, 0).expect("a learner");
        let mut trainer = Trainer::for_simulator(config.clone(), &sim).expect("trainer");
        trainer.run_to_end(u64::MAX, |_| {});
        let weights = trainer.policy().weights();
        let mut checked = Checked {
            plain: TrainedPolicy::new(trainer.policy(), &config, 0),
            burn: Mlp::from_weights(&weights, &Backend::CHOSEN.inference_device()),
            decisions: 0,
            disagreements: 0,
        };
        let m = evaluate(&sim, &mut checked);
        assert!(checked.decisions > 50, "{name}");
        assert_eq!(
            checked.disagreements, 0,
            "{name}: {} decisions",
            checked.decisions
        );
        assert!(m.reward.is_finite());
    }
}
