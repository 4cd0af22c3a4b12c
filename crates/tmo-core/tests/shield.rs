//! The shield (EXPERIMENTS.md §1): over random rules, budgets and generated datasets, a
//! shielded policy never exceeds a budget in an episode whose all-local answer fits them, and
//! says so when one does not.
#![cfg(not(target_arch = "wasm32"))] // proptest does not build for wasm32

use proptest::prelude::*;
use std::sync::Arc;
use tmo_core::generator::{GeneratorConfig, TurnCounts, generate};
use tmo_core::policy::{BaselineFactory, PolicyFactory, Shielding};
use tmo_core::{Action, Budgets, Scenario, Simulator, Split, evaluate_with_traces};

fn simulator(seed: u64, views: usize, max_turns: usize, scenario: &Scenario) -> Arc<Simulator> {
    let dataset = generate(&GeneratorConfig {
        seed,
        views,
        tasks: 3,
        turns: TurnCounts::Uniform {
            min: 1,
            max: max_turns,
        },
        episodes: 15,
    })
    .expect("generated dataset");
    let split = Split::seeded(dataset.episodes().len(), seed).expect("split");
    Arc::new(Simulator::new(&dataset, scenario, &split).expect("simulator"))
}

/// Whether answering all `turns` locally fits `budgets` (summed turn by turn, as evaluated).
fn local_fits(sim: &Simulator, turns: usize, budgets: Budgets) -> bool {
    let slot = sim.actions().cost_slot(Action::LOCAL);
    let (mut latency, mut usage) = (0.0, 0.0);
    for _ in 0..turns {
        latency += sim.costs().latency.raw()[slot];
        usage += sim.costs().usage.raw()[slot];
    }
    latency <= budgets.latency_s && usage <= budgets.usage_usd
}

fn rule() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("cloud".to_owned()),
        Just("random".to_owned()),
        Just("all-views".to_owned()),
        Just("greedy".to_owned()),
        Just("optimal".to_owned()),
        proptest::collection::vec(0usize..3, 1..8).prop_map(|ids| {
            let ids: Vec<String> = ids.iter().map(usize::to_string).collect();
            format!("sequence:{}", ids.join(","))
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_shielded_policy_stays_within_budgets_whenever_all_local_fits(
        seed in 0u64..1_000,
        views in 1usize..=3,
        max_turns in 1usize..=5,
        latency_s in 0.0f64..20.0,
        usage_usd in 0.0f64..0.03,
        // Device speed: from a Raspberry Pi 4B (local answers take over a second) upwards.
        gflops in prop_oneof![Just(13.5), Just(1330.0)],
        rule in rule(),
    ) {
        let budgets = Budgets { latency_s, usage_usd };
        let mut scenario = Scenario::default_for(views);
        scenario.budgets = budgets;
        scenario.device.gflops_peak = gflops;
        let sim = simulator(seed, views, max_turns, &scenario);
        let mut policy = Shielding(BaselineFactory)
            .build(&format!("{rule}+shield"), seed, &sim)
            .expect("a shielded rule");
        let (metrics, traces) = evaluate_with_traces(&sim, policy.as_mut());
        let mut unguaranteed = false;
        for trace in &traces {
            let end = trace.steps.last().expect("episodes have turns");
            if local_fits(&sim, trace.steps.len(), budgets) {
                prop_assert!(end.total_latency_s <= latency_s, "{rule}: {end:?}");
                prop_assert!(end.total_usage_usd <= usage_usd, "{rule}: {end:?}");
            } else {
                unguaranteed = true;
            }
        }
        prop_assert_eq!(metrics.caveats.shield_unguaranteed, unguaranteed);
    }
}
