//! The optimum over the M4A1 test split (seed 0, default scenario and budgets): one full
//! evaluation of the `optimal` policy with a cold estimate cache (every estimate computed) and
//! with a warm one (the search alone). Reads `../shared/m4a1/M4A1.json`; without it, the
//! bundled kitchen dataset (the same shape) stands in.
//!
//! `cargo bench -p tmo-core --bench optimal`

use divan::{Bencher, black_box};
use tmo_core::dataset::Dataset;
use tmo_core::policy::Optimal;
use tmo_core::{Scenario, Simulator, Split, evaluate};

const M4A1: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/m4a1/M4A1.json"
);
const KITCHEN: &str = include_str!("../../../dataset/kitchen.json");

fn main() {
    divan::main();
}

fn simulator() -> Simulator {
    let text = std::fs::read_to_string(M4A1).unwrap_or_else(|e| {
        eprintln!("{M4A1} is absent ({e}): benchmarking the kitchen dataset instead");
        KITCHEN.to_owned()
    });
    let dataset = Dataset::from_json(&text).expect("dataset");
    let scenario = Scenario::default_for(dataset.num_views());
    let split = Split::seeded(dataset.episodes().len(), 0).expect("split");
    Simulator::new(&dataset, &scenario, &split).expect("simulator")
}

/// Every estimate computed: a fresh simulator per run.
#[divan::bench(sample_count = 10)]
fn optimal_cold_cache(bencher: Bencher) {
    bencher
        .with_inputs(simulator)
        .bench_local_values(|sim| black_box(evaluate(&sim, &mut Optimal::default())));
}

/// The search alone: every estimate already cached.
#[divan::bench(sample_count = 10)]
fn optimal_warm_cache(bencher: Bencher) {
    let sim = simulator();
    evaluate(&sim, &mut Optimal::default());
    bencher.bench_local(|| black_box(evaluate(&sim, &mut Optimal::default())));
}
