//! The optimum (EXPERIMENTS.md §1): the planner against brute force on small generated
//! episodes with binding budgets, its fallbacks (node budget, no in-budget sequence), and the
//! check values on M4A1 (skipped when `../shared` is absent).

mod common;

use std::sync::Arc;
use tmo_core::generator::{GeneratorConfig, TurnCounts, generate};
use tmo_core::planner::{DEFAULT_NODE_BUDGET, plan};
use tmo_core::policy::Optimal;
use tmo_core::{Action, Budgets, EpisodeState, Scenario, Simulator, Split, evaluate};

fn simulator(views: usize, budgets: Budgets) -> Arc<Simulator> {
    let dataset = generate(&GeneratorConfig {
        seed: 9,
        views,
        tasks: 3,
        turns: TurnCounts::Uniform { min: 1, max: 4 },
        episodes: 40,
    })
    .expect("generated dataset");
    let mut scenario = Scenario::default_for(views);
    scenario.budgets = budgets;
    let split = Split::seeded(dataset.episodes().len(), 0).expect("split");
    Arc::new(Simulator::new(&dataset, &scenario, &split).expect("simulator"))
}

/// Whether the totals so far are within the budgets (compared as the metrics compare them).
fn within(state: &EpisodeState) -> bool {
    let b = state.budgets();
    state.spent_latency_s() <= b.latency_s && state.spent_usage_usd() <= b.usage_usd
}

/// The best summed reward of any in-budget sequence from `state`, over every sequence.
fn brute_force(sim: &Simulator, state: &EpisodeState, reward: f64) -> Option<f64> {
    if state.is_done(sim) {
        return within(state).then_some(reward);
    }
    sim.actions()
        .iter()
        .filter_map(|a| {
            let outcome = sim.outcome(state, a);
            let mut next = state.clone();
            next.apply(sim, a, &outcome);
            brute_force(sim, &next, reward + outcome.terms.total())
        })
        .reduce(f64::max)
}

/// Replays `actions` from `start`: the summed reward and whether it ends within the budgets.
fn replay(sim: &Simulator, start: &EpisodeState, actions: &[Action]) -> (f64, bool) {
    let mut state = start.clone();
    let mut reward = 0.0;
    for &a in actions {
        let outcome = sim.outcome(&state, a);
        reward += outcome.terms.total();
        state.apply(sim, a, &outcome);
    }
    assert!(state.is_done(sim), "a plan covers every remaining turn");
    (reward, within(&state))
}

#[test]
fn the_planner_finds_the_brute_force_optimum_where_budgets_bind() {
    // The synthetic profile: cloud latency 0.5 + 1.5 j s, usage 0.0005 + 0.004 j USD.
    for (latency_s, usage_usd) in [(30.0, 0.05), (4.0, 0.009), (2.2, 0.02), (6.0, 0.0021)] {
        let budgets = Budgets {
            latency_s,
            usage_usd,
        };
        let sim = simulator(2, budgets);
        let mut binding = 0;
        for &e in sim.split().test() {
            let start = EpisodeState::start(&sim, e, budgets);
            let best = brute_force(&sim, &start, 0.0).expect("all local fits these budgets");
            let p = plan(&sim, &start, DEFAULT_NODE_BUDGET);
            assert!(p.exact() && p.within_budgets(), "episode {e}");
            assert!(
                (p.reward() - best).abs() < 1e-12,
                "episode {e}: {p:?} vs {best}"
            );
            assert_eq!(replay(&sim, &start, p.actions()), (p.reward(), true));
            let unconstrained = plan(
                &sim,
                &EpisodeState::start(&sim, e, Budgets::default()),
                u64::MAX,
            );
            binding += usize::from(unconstrained.reward() > p.reward() + 1e-12);
        }
        if latency_s < 30.0 {
            assert!(binding > 0, "budgets {budgets:?} never bind");
        }
    }
}

#[test]
fn with_no_in_budget_sequence_it_plays_the_least_violating_and_says_so() {
    // Zero latency: every answer, local included, takes time.
    let budgets = Budgets {
        latency_s: 0.0,
        usage_usd: 1.0,
    };
    let sim = simulator(2, budgets);
    let e = sim.split().test()[0];
    let start = EpisodeState::start(&sim, e, budgets);
    let p = plan(&sim, &start, DEFAULT_NODE_BUDGET);
    assert!(p.exact() && !p.within_budgets());
    // The least latency is local at every turn (the synthetic profile's cloud is slower).
    assert!(p.actions().iter().all(|&a| a == Action::LOCAL), "{p:?}");
    let m = evaluate(&sim, &mut Optimal::default());
    assert!(m.caveats.no_plan_within_budgets && !m.caveats.lower_bound);
}

#[test]
fn past_the_node_budget_it_reports_the_best_found_as_a_lower_bound() {
    let budgets = Budgets::default();
    let sim = simulator(3, budgets);
    let mut truncated = 0;
    for &e in sim.split().test() {
        let start = EpisodeState::start(&sim, e, budgets);
        let exact = plan(&sim, &start, DEFAULT_NODE_BUDGET);
        let bounded = plan(&sim, &start, 1);
        assert!(exact.exact());
        assert_eq!(bounded.actions().len(), sim.episode(e).turns.len());
        assert!(bounded.within_budgets() && bounded.reward() <= exact.reward());
        if bounded.exact() {
            assert_eq!(bounded.reward(), exact.reward());
        } else {
            truncated += 1;
        }
    }
    assert!(truncated > 0, "one node never truncates the search");
    let m = evaluate(&sim, &mut Optimal::new(1));
    assert!(m.caveats.lower_bound);
    assert_eq!(m.violation_rate, 0.0);
}

#[test]
fn the_optimal_policy_plays_its_plans() {
    let budgets = Budgets {
        latency_s: 4.0,
        usage_usd: 0.009,
    };
    let sim = simulator(2, budgets);
    let m = evaluate(&sim, &mut Optimal::default());
    let test = sim.split().test();
    let mean: f64 = test
        .iter()
        .map(|&e| {
            let p = plan(
                &sim,
                &EpisodeState::start(&sim, e, budgets),
                DEFAULT_NODE_BUDGET,
            );
            p.reward() / p.actions().len() as f64
        })
        .sum::<f64>()
        / test.len() as f64;
    assert!((m.reward - mean).abs() < 1e-12);
    assert!(m.caveats.is_empty() && m.violation_rate == 0.0);
}

#[test]
fn m4a1_check_values_seed_0() {
    let Some(text) = common::read_shared("m4a1/M4A1.json") else {
        return;
    };
    let dataset = tmo_core::dataset::Dataset::from_json(&text).expect("M4A1 loads");
    let split = Split::seeded(dataset.episodes().len(), 0).expect("split");
    let scenario = Scenario::default_for(dataset.num_views());
    // One simulator for all three budgets, so they share its estimate cache; the optimal
    // policy's reward is this mean (`the_optimal_policy_plays_its_plans`).
    let sim = Simulator::new(&dataset, &scenario, &split).expect("simulator");
    let checks = [
        (30.0, 0.05, 1.511),
        (12.0, 0.02, 1.355),
        (3.0, 0.002, 0.844),
    ];
    for (latency_s, usage_usd, expected) in checks {
        let budgets = Budgets {
            latency_s,
            usage_usd,
        };
        let mut total = 0.0;
        for &e in sim.split().test() {
            let p = plan(
                &sim,
                &EpisodeState::start(&sim, e, budgets),
                DEFAULT_NODE_BUDGET,
            );
            assert!(
                p.exact() && p.within_budgets(),
                "episode {e} at {budgets:?}"
            );
            total += p.reward() / p.actions().len() as f64;
        }
        let mean = total / sim.split().test().len() as f64;
        assert!((mean - expected).abs() < 5e-4, "{budgets:?}: {mean}");
    }
}
