//! Environment speed on the bundled kitchen dataset (M4A1-shaped): training steps per second
//! with random actions (estimate cache warm and cold), one uncached estimate, and one full
//! evaluation of a policy over the test split.
//!
//! `cargo bench -p tmo-core --bench env`

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;
use tmo_core::dataset::Dataset;
use tmo_core::policy::{Greedy, RandomMix};
use tmo_core::{Scenario, Simulator, Split, TrainEnv, evaluate};

const KITCHEN: &str = include_str!("../../../dataset/kitchen.json");
const STEPS: usize = 10_000;

fn main() {
    divan::main();
}

fn simulator() -> Arc<Simulator> {
    let dataset = Dataset::from_json(KITCHEN).expect("kitchen dataset");
    let scenario = Scenario::default_for(dataset.num_views());
    let split = Split::seeded(dataset.episodes().len(), 0).expect("split");
    Arc::new(Simulator::new(&dataset, &scenario, &split).expect("simulator"))
}

fn run_steps(env: &mut TrainEnv, rng: &mut ChaCha8Rng, steps: usize) -> f64 {
    let n = env.num_actions() as u32;
    let mut total = 0.0;
    for _ in 0..steps {
        let a = env
            .simulator()
            .actions()
            .action(rng.random_range(0..n) as usize);
        let step = env.step(a.expect("in range"));
        total += step.reward;
        if step.done {
            env.reset(rng);
        }
    }
    total
}

/// Training steps with random actions, RC on, after the estimate cache has been warmed.
#[divan::bench]
fn train_steps_random(bencher: Bencher) {
    let mut env = TrainEnv::new(simulator(), true);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    env.reset(&mut rng);
    run_steps(&mut env, &mut rng, 200_000);
    bencher
        .counter(ItemsCount::new(STEPS))
        .bench_local(|| black_box(run_steps(&mut env, &mut rng, STEPS)));
}

/// One estimate computed from scratch (a cache miss).
#[divan::bench]
fn estimate_uncached(bencher: Bencher) {
    let sim = simulator();
    let mut env = TrainEnv::new(sim.clone(), false);
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    env.reset(&mut rng);
    let history = env.state().history().to_vec();
    let action = sim.actions().action(5).expect("action 5");
    bencher.bench_local(|| black_box(sim.estimate_uncached(black_box(&history), action)));
}

/// One full evaluation of the Random policy over the 20 test episodes.
#[divan::bench]
fn evaluate_random(bencher: Bencher) {
    let sim = simulator();
    bencher.bench_local(|| {
        let mut policy = RandomMix(ChaCha8Rng::seed_from_u64(3));
        black_box(evaluate(&sim, &mut policy))
    });
}

/// One full evaluation of the Greedy rule (estimates every action at every step).
#[divan::bench]
fn evaluate_greedy(bencher: Bencher) {
    let sim = simulator();
    bencher.bench_local(|| black_box(evaluate(&sim, &mut Greedy)));
}
