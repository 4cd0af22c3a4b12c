//! The computation both determinism tests (native and wasm32) run, and the fixture they check.
//!
//! On the bundled kitchen dataset: the Random and Greedy tables over seeds 0..=2, and a
//! training-environment rollout with uniform budgets (no transcendental functions, so the
//! same bits are expected on every platform; the normal and extreme-aware samplers call
//! `exp`/`ln`, whose last bit may differ between platform maths libraries).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;
use tmo_core::dataset::Dataset;
use tmo_core::policy::{BaselineFactory, PolicyFactory};
use tmo_core::stats::Summary;
use tmo_core::{BudgetDistribution, Scenario, Simulator, Split, TrainEnv, evaluate};

/// The committed expected numbers: `name bits-in-hex value` per line.
pub const FIXTURE: &str = include_str!("../fixtures/determinism.txt");

const KITCHEN: &str = include_str!("../../../../dataset/kitchen.json");

/// Every number of the case, named.
pub fn compute() -> Vec<(String, f64)> {
    let dataset = Dataset::from_json(KITCHEN).expect("the bundled kitchen dataset loads");
    let mut scenario = Scenario::default_for(dataset.num_views());
    let mut out = Vec::new();
    for policy in ["random", "greedy"] {
        let runs: Vec<_> = (0..3)
            .map(|seed| {
                let split = Split::seeded(dataset.episodes().len(), seed).expect("split");
                let sim = Arc::new(Simulator::new(&dataset, &scenario, &split).expect("simulator"));
                let mut p = BaselineFactory.build(policy, seed, &sim).expect("policy");
                evaluate(&sim, p.as_mut())
            })
            .collect();
        let s = Summary::of(&runs);
        for (name, m) in s.named_metrics() {
            out.push((format!("{policy}.{name}.mean"), m.mean));
            out.push((format!("{policy}.{name}.sd"), m.sd));
        }
        for (a, c) in s.action_counts.iter().enumerate() {
            out.push((format!("{policy}.action_{a}"), *c));
        }
    }
    scenario.budget_distribution = BudgetDistribution::Uniform;
    let split = Split::seeded(dataset.episodes().len(), 7).expect("split");
    let sim = Arc::new(Simulator::new(&dataset, &scenario, &split).expect("simulator"));
    let mut env = TrainEnv::new(sim, true);
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    env.reset(&mut rng);
    let (mut total, mut excess) = (0.0, vec![0.0f32; env.num_actions()]);
    let mut excess_sum = 0.0;
    for _ in 0..500 {
        env.excess_per_action(tmo_core::ExcessScale::Budget, &mut excess);
        excess_sum += excess.iter().map(|&e| f64::from(e)).sum::<f64>();
        let a = env
            .simulator()
            .actions()
            .action(rng.random_range(0..env.num_actions() as u32) as usize);
        let step = env.step(a.expect("in range"));
        total += step.reward;
        if step.done {
            env.reset(&mut rng);
        }
    }
    out.push(("train_env.reward_sum".into(), total));
    out.push(("train_env.excess_sum".into(), excess_sum));
    out.extend(
        env.obs()
            .iter()
            .enumerate()
            .map(|(i, &v)| (format!("train_env.obs_{i}"), f64::from(v))),
    );
    out
}

/// Compares with the fixture bit for bit; returns the mismatches.
pub fn mismatches(values: &[(String, f64)]) -> Vec<String> {
    let expected: Vec<(&str, u64)> = FIXTURE
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            Some((parts.next()?, u64::from_str_radix(parts.next()?, 16).ok()?))
        })
        .collect();
    let mut bad: Vec<String> = values
        .iter()
        .zip(&expected)
        .filter(|((name, v), (ename, bits))| name != ename || v.to_bits() != *bits)
        .map(|((name, v), (ename, bits))| {
            format!(
                "{name} = {v:e} ({:016x}); fixture {ename} {bits:016x}",
                v.to_bits()
            )
        })
        .collect();
    if values.len() != expected.len() {
        bad.push(format!(
            "{} values computed, {} in the fixture",
            values.len(),
            expected.len()
        ));
    }
    bad
}
