//! The ablations trained on the kitchen dataset act as EXPERIMENTS.md §2 says: without LLM
//! selection half the turns are local whatever the agent learned; without modality selection
//! the cloud's views are uniform over the subsets (1:3:3:1 by size with three views).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use tmo_agent::learner::ABLATIONS;
use tmo_agent::{LearnerFactory, Preset};
use tmo_core::ablation::Ablation;
use tmo_core::evaluate;
use tmo_core::policy::PolicyFactory;

/// Action counts of `name` (trained once, 10 000 steps) summed over evaluations with the
/// seeds `0..32` (each seed draws other coins and views), grouped as local, cloud by views.
fn grouped_counts(name: &str) -> (u64, Vec<u64>) {
    let sim = common::kitchen_simulator();
    let factory = LearnerFactory {
        preset: Preset::Ours,
        timesteps: Some(10_000),
        ..LearnerFactory::default()
    };
    let config = factory.config_for(name, 0).expect("a learner");
    let mut trainer = tmo_agent::Trainer::for_simulator(config.clone(), &sim).expect("trainer");
    trainer.run_to_end(u64::MAX, |_| {});
    let mut counts = vec![0u64; sim.num_actions()];
    for seed in 0..32 {
        let mut policy = tmo_agent::TrainedPolicy::new(trainer.policy(), &config, seed);
        let m = evaluate(&sim, &mut policy);
        counts
            .iter_mut()
            .zip(&m.action_counts)
            .for_each(|(c, n)| *c += n);
    }
    let g = sim.actions().group_by_views(&counts);
    (g.local, g.cloud_by_views)
}

#[test]
fn without_llm_selection_a_coin_answers_half_the_turns_locally() {
    let (local, cloud) = grouped_counts("rc-a2c/no-llm-selection");
    let total = local + cloud.iter().sum::<u64>();
    let share = local as f64 / total as f64;
    println!("no-llm-selection: {local} of {total} turns local ({share:.3})");
    assert!((share - 0.5).abs() < 0.06, "local share {share}");
}

#[test]
fn without_modality_selection_the_views_are_uniform_over_the_subsets() {
    let (local, cloud) = grouped_counts("rc-a2c/no-modality-selection");
    let calls = cloud.iter().sum::<u64>();
    println!("no-modality-selection: {local} local, cloud by views {cloud:?}");
    assert!(
        calls >= 400,
        "too few cloud calls ({calls}) to check the views"
    );
    for (size, want) in [1.0, 3.0, 3.0, 1.0].into_iter().enumerate() {
        let share = cloud[size] as f64 / calls as f64;
        assert!((share - want / 8.0).abs() < 0.07, "{size} views: {share}");
    }
}

#[test]
fn every_ablation_is_named_and_trains_through_the_factory() {
    let sim = common::kitchen_simulator();
    let factory = LearnerFactory {
        preset: Preset::Ours,
        timesteps: Some(2_000),
        ..LearnerFactory::default()
    };
    for learner in ABLATIONS {
        let ablation = learner.ablation.expect("an ablation");
        assert!(Ablation::ALL.contains(&ablation));
        let mut policy = factory.build(&learner.name(), 0, &sim).expect("trains");
        let m = evaluate(&sim, policy.as_mut());
        assert!(m.reward.is_finite(), "{learner}");
    }
}
