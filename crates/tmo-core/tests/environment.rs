//! Environment, evaluation and policy behaviour on generated datasets (no `../shared` needed).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;
use tmo_core::actions::Destination;
use tmo_core::dataset::Dataset;
use tmo_core::generator::{GeneratorConfig, TurnCounts, generate};
use tmo_core::policy::{AllViews, Greedy, Local, Sequence};
use tmo_core::{
    Action, EpisodeState, Policy, PolicySpec, Scenario, ScenarioError, Simulator, Split, TrainEnv,
    evaluate,
};

fn dataset(views: usize, episodes: usize) -> Dataset {
    generate(&GeneratorConfig {
        seed: 5,
        views,
        tasks: 4,
        turns: TurnCounts::Uniform { min: 2, max: 7 },
        episodes,
    })
    .expect("generated dataset")
}

fn simulator(ds: &Dataset, scenario: &Scenario) -> Arc<Simulator> {
    let split = Split::seeded(ds.episodes().len(), 0).unwrap();
    Arc::new(Simulator::new(ds, scenario, &split).unwrap())
}

#[test]
fn every_supported_view_count_simulates() {
    for x in 1..=6 {
        let ds = dataset(x, 30);
        let sim = simulator(&ds, &Scenario::default_for(x));
        assert_eq!(sim.num_actions(), 1 + (1 << x));
        assert_eq!(sim.obs_len(false), 5 * (x + 2));
        let m = evaluate(&sim, &mut Greedy);
        assert_eq!(m.action_counts.len(), sim.num_actions());
        let steps: usize = sim
            .split()
            .test()
            .iter()
            .map(|&e| sim.episode(e).turns.len())
            .sum();
        assert_eq!(m.action_counts.iter().sum::<u64>() as usize, steps);
        // Cloud with all views costs the most: its latency is X cloud-table entries' last one.
        let all = evaluate(&sim, &mut AllViews);
        assert!(all.latency > evaluate(&sim, &mut Local).latency);
    }
}

#[test]
fn a_network_table_of_the_wrong_length_is_rejected() {
    let ds = dataset(2, 10);
    let split = Split::seeded(10, 0).unwrap();
    let err = Simulator::new(&ds, &Scenario::default_for(3), &split).unwrap_err();
    assert!(
        matches!(
            err,
            ScenarioError::CostTableLength {
                found: 4,
                views: 2,
                ..
            }
        ),
        "{err}"
    );
    let bad_split = Split::seeded(50, 0).unwrap();
    assert!(Simulator::new(&ds, &Scenario::default_for(2), &bad_split).is_err());
}

#[test]
fn closed_loop_history_holds_the_agents_own_actions() {
    let ds = dataset(3, 20);
    let sim = simulator(&ds, &Scenario::default_for(3));
    let e = sim.split().test()[0];
    let mut state = EpisodeState::start(&sim, e, sim.scenario().budgets);
    let a = sim.actions().action(6).unwrap(); // cloud with views {0, 2}
    let outcome = sim.outcome(&state, a);
    state.apply(&sim, a, &outcome);
    let h = state.history();
    let last = &h[h.len() - 5..];
    assert_eq!(last, &[1, 1, 0, 1, sim.episode(e).turns[1].task]);
    assert_eq!(
        &h[h.len() - 10..h.len() - 5],
        &[-1, 0, 0, 0, sim.episode(e).turns[0].task]
    );
    assert!(h[..h.len() - 10].iter().all(|&v| v == -1));
}

#[test]
fn train_env_zeroes_reward_past_budget_only_with_constraints() {
    let ds = dataset(3, 40);
    let mut scenario = Scenario::default_for(3);
    scenario.budget_distribution = tmo_core::BudgetDistribution::Uniform;
    let sim = simulator(&ds, &scenario);
    let all = sim.actions().action(8).unwrap();
    for rc in [false, true] {
        let mut env = TrainEnv::new(sim.clone(), rc);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let (mut zeroed, mut steps) = (0, 0);
        for _ in 0..200 {
            let obs = env.reset(&mut rng).to_vec();
            assert_eq!(obs.len(), env.obs_len());
            if rc {
                let b = env.state().budgets();
                let range = sim.budget_range();
                assert!(
                    (f64::from(obs[obs.len() - 2]) - b.latency_s / range.latency_s.hi).abs() < 1e-6
                );
                assert!(
                    (f64::from(obs[obs.len() - 1]) - b.usage_usd / range.usage_usd.hi).abs() < 1e-6
                );
            }
            loop {
                let mut excess = vec![0.0f32; env.num_actions()];
                env.excess_per_action(tmo_core::ExcessScale::Budget, &mut excess);
                let s = env.state();
                let lat = sim.costs().latency.raw()[sim.actions().cost_slot(all)];
                let expected = (s.spent_latency_s() + lat - s.budgets().latency_s).max(0.0)
                    / s.budgets().latency_s;
                assert!(f64::from(excess[8]) >= expected as f32 as f64 - 1e-6);
                assert!(excess.iter().all(|&e| e >= 0.0));
                let step = env.step(all);
                steps += 1;
                let over = env.state().over_budget();
                if rc && over {
                    assert_eq!(step.reward, 0.0);
                    zeroed += 1;
                } else {
                    assert_eq!(step.reward, step.outcome.terms.total());
                }
                if step.done {
                    break;
                }
            }
        }
        assert!(steps > 500);
        if rc {
            assert!(zeroed > 0, "all-views must overrun some sampled budgets");
        }
    }
}

#[test]
fn excess_is_zero_within_budget_and_grows_past_it() {
    let ds = dataset(3, 20);
    let sim = simulator(&ds, &Scenario::default_for(3));
    let e = sim.split().test()[0];
    let budgets = tmo_core::Budgets {
        latency_s: 5.0,
        usage_usd: 0.012,
    };
    let state = EpisodeState::start(&sim, e, budgets);
    let mut out = vec![0.0f32; sim.num_actions()];
    state.write_excess(&sim, tmo_core::ExcessScale::Budget, &mut out);
    assert_eq!(out[0], 0.0);
    // action 8 (Wired, all views): 6.98211 s over 5 s, 0.01368 USD over 0.012.
    let expected = (6.98211 - 5.0) / 5.0 + (0.01368 - 0.012) / 0.012;
    assert!((f64::from(out[8]) - expected).abs() < 1e-5, "{}", out[8]);
    // action 2 (one view): 4.76134 s within 5 s, 0.005 within 0.012.
    assert_eq!(out[2], 0.0);
    // Scaled by the range's upper bounds instead: τ = 5 times the all-views costs.
    state.write_excess(&sim, tmo_core::ExcessScale::BudgetRange, &mut out);
    let expected = (6.98211 - 5.0) / (5.0 * 6.98211) + (0.01368 - 0.012) / (5.0 * 0.01368);
    assert!((f64::from(out[8]) - expected).abs() < 1e-6, "{}", out[8]);
    assert_eq!(out[2], 0.0);
}

#[test]
fn greedy_beats_the_other_rules_on_the_estimated_reward() {
    let ds = dataset(3, 30);
    let sim = simulator(&ds, &Scenario::default_for(3));
    let greedy = evaluate(&sim, &mut Greedy);
    for spec in ["local", "cloud", "random", "all-views", "text-only"] {
        let mut p = spec.parse::<PolicySpec>().unwrap().build(&sim, 1).unwrap();
        let m = evaluate(&sim, p.as_mut());
        assert!(
            greedy.reward >= m.reward,
            "{spec}: {} > greedy {}",
            m.reward,
            greedy.reward
        );
    }
}

#[test]
fn baselines_take_the_documented_actions() {
    let ds = dataset(3, 200);
    let sim = simulator(&ds, &Scenario::default_for(3));
    let count = |name: &str| {
        let mut p = name.parse::<PolicySpec>().unwrap().build(&sim, 9).unwrap();
        evaluate(&sim, p.as_mut()).action_counts
    };
    let total: u64 = count("local").iter().sum();
    assert_eq!(count("local")[0], total);
    assert_eq!(count("all-views")[8], total);
    assert_eq!(count("text-only")[1], total);
    let cloud = count("cloud");
    assert_eq!(cloud[0], 0);
    assert!(cloud[1..].iter().all(|&c| c > 0));
    let random = count("random");
    let local_share = random[0] as f64 / total as f64;
    assert!((0.4..0.6).contains(&local_share), "{local_share}");
    let groups = sim.actions().group_by_views(&random);
    assert_eq!(
        groups.local + groups.cloud_by_views.iter().sum::<u64>(),
        total
    );
    assert_eq!(count("random"), random, "seeded policies repeat");
    let mut seq = Sequence::new(vec![Action::LOCAL, sim.actions().action(3).unwrap()]).unwrap();
    let m = evaluate(&sim, &mut seq);
    assert_eq!(m.action_counts[0] + m.action_counts[3], total);
    assert!(
        matches!(sim.actions().destination(sim.actions().action(3).unwrap()), Destination::Cloud(v) if v.len() == 1)
    );
}

#[test]
fn violations_are_means_over_all_episodes() {
    let ds = dataset(3, 50);
    let mut scenario = Scenario::default_for(3);
    scenario.budgets.latency_s = 10.0;
    let sim = simulator(&ds, &scenario);
    let m = evaluate(&sim, &mut AllViews);
    let test = sim.split().test();
    let mut excess = 0.0;
    let mut over = 0;
    for &e in test {
        let total = sim.episode(e).turns.len() as f64 * 6.98211;
        if total > 10.0 {
            over += 1;
            excess += total - 10.0;
        }
    }
    assert!((m.latency_violation - excess / test.len() as f64).abs() < 1e-9);
    assert_eq!(m.violation_rate, over as f64 / test.len() as f64);
    assert!(!AllViews.uses_budgets());
}
