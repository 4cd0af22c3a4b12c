//! Wall time of training runs (divan): a full 30 000-step RC-A2C training on M4A1 (read from
//! `../shared`, skipped when absent) for several `n_envs`, and ndarray against flex on the
//! synthetic task (`cargo bench -p tmo-agent --features flex` to include flex).

use std::sync::Arc;
use tmo_agent::backend::Backend;
use tmo_agent::toy::ToyTask;
use tmo_agent::{Learner, LearnerConfig, Preset, Trainer};
use tmo_core::dataset::Dataset;
use tmo_core::{Scenario, Simulator, Split};

fn main() {
    divan::main();
}

const M4A1: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/m4a1/M4A1.json"
);

/// The seed-0 simulator of M4A1 in the default scenario, if the file is there.
fn m4a1() -> Option<Arc<Simulator>> {
    let Ok(text) = std::fs::read_to_string(M4A1) else {
        eprintln!("skipping: {M4A1} is absent");
        return None;
    };
    let dataset = Dataset::from_json(&text).expect("M4A1 parses");
    let scenario = Scenario::default_for(dataset.num_views());
    let split = Split::seeded(dataset.episodes().len(), 0).expect("split");
    Some(Arc::new(
        Simulator::new(&dataset, &scenario, &split).expect("simulator"),
    ))
}

fn rc_a2c(n_envs: usize) -> LearnerConfig {
    LearnerConfig {
        n_envs,
        ..learner("rc-a2c")
    }
}

/// A learner's configuration of our preset.
fn learner(name: &str) -> LearnerConfig {
    name.parse::<Learner>()
        .expect("a learner")
        .config(Preset::Ours)
}

/// One full training (30 000 steps) on M4A1 of each RC learner, with our preset.
#[divan::bench(args = ["rc-ppo", "rc-a2c", "rc-dqn"], sample_count = 1, sample_size = 1)]
fn learner_m4a1_30k(bencher: divan::Bencher, name: &str) {
    let Some(sim) = m4a1() else { return };
    bencher.bench_local(|| {
        let mut t = Trainer::for_simulator(learner(name), &sim).expect("trainer");
        t.run_to_end(u64::MAX, |_| {})
    });
}

/// One full RC-A2C training (30 000 steps) on M4A1, by environments per update.
#[divan::bench(args = [1, 4, 8, 16, 32], sample_count = 3, sample_size = 1)]
fn rc_a2c_m4a1_30k(bencher: divan::Bencher, n_envs: usize) {
    let Some(sim) = m4a1() else { return };
    bencher.bench_local(|| {
        let mut t = Trainer::for_simulator(rc_a2c(n_envs), &sim).expect("trainer");
        t.run_to_end(u64::MAX, |_| {})
    });
}

fn backends() -> Vec<Backend> {
    vec![
        Backend::NdArray,
        #[cfg(feature = "flex")]
        Backend::Flex,
    ]
}

/// One 30 000-step RC-A2C training on the synthetic task, by backend.
#[divan::bench(args = backends(), sample_count = 3, sample_size = 1)]
fn backend_toy_30k(bencher: divan::Bencher, backend: Backend) {
    bencher.bench_local(|| {
        let config = rc_a2c(16);
        let envs = vec![ToyTask::default(); config.n_envs];
        let mut t = Trainer::on_backend(config, envs, backend).expect("trainer");
        t.run_to_end(u64::MAX, |_| {})
    });
}
