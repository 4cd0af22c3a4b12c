//! The budget sweep's factory: a learner is trained once per (name, seed), whatever the
//! number of cells, and the trained policy equals one trained afresh for any cell. Native
//! only (it runs the sweep on threads too).
#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;
use tmo_agent::{LearnerFactory, TrainOnce};
use tmo_core::experiment::sweep::{Axis, SweepJob, Values, points, run_parallel};
use tmo_core::experiment::{Entry, TableJob};
use tmo_core::generator::{GeneratorConfig, generate};
use tmo_core::policy::Shielding;
use tmo_core::{Scenario, Shuffle};

fn learners() -> LearnerFactory {
    LearnerFactory {
        timesteps: Some(1_000),
        ..LearnerFactory::default()
    }
}

#[test]
fn the_budget_grid_trains_once_per_seed_and_matches_a_fresh_training() {
    let dataset = Arc::new(generate(&GeneratorConfig::kitchen()).unwrap());
    let scenario = Scenario::default_for(3);
    let grid = Values::Grid {
        latency: vec![3.0, 6.0],
        usage: vec![0.01, 0.02],
    };
    let cells = points(Axis::Budgets, &grid, &dataset, &scenario).unwrap();
    let entries = ["local", "rc-a2c", "rc-a2c+shield"]
        .map(Entry::every_seed)
        .to_vec();
    let factory = Shielding(TrainOnce::new(learners()));
    let results = SweepJob::new(
        cells.clone(),
        Shuffle::Chacha8,
        2,
        entries.clone(),
        &factory,
    )
    .unwrap()
    .run()
    .unwrap();
    assert_eq!(results.len(), 4);
    assert_eq!(factory.0.trainings(), 2, "one training per seed");

    // A cell's rows equal those of a learner trained afresh on that cell.
    let fresh = TableJob::new(
        cells[3].dataset.clone(),
        cells[3].scenario.clone(),
        Shuffle::Chacha8,
        2,
        entries.clone(),
        Shielding(learners()),
    )
    .unwrap()
    .run()
    .unwrap();
    assert_eq!(results[3].table, fresh);

    // On two threads: still one training per seed, and the same results.
    let factory = Shielding(TrainOnce::new(learners()));
    let parallel =
        run_parallel(&cells, Shuffle::Chacha8, 2, entries, &factory, 2, &|_| {}).unwrap();
    assert_eq!(factory.0.trainings(), 2);
    assert_eq!(parallel, results);
}
