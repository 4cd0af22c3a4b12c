//! Loading and generating datasets: `cargo bench -p tmo-core --bench dataset`.

use divan::Bencher;
use tmo_core::dataset::Dataset;
use tmo_core::generator::{GeneratorConfig, generate};

fn main() {
    divan::main();
}

/// A kitchen-shaped dataset of `episodes` episodes as JSON text.
fn kitchen_json(episodes: usize) -> String {
    let config = GeneratorConfig {
        episodes,
        ..GeneratorConfig::kitchen()
    };
    match generate(&config) {
        Ok(d) => d.to_json(),
        Err(e) => panic!("bench config rejected: {e}"),
    }
}

/// Parse and validate every rule of a 100- and a 10 000-episode file.
#[divan::bench(args = [100, 10_000], sample_count = 10)]
fn from_json(bencher: Bencher, episodes: usize) {
    let text = kitchen_json(episodes);
    bencher.bench(|| Dataset::from_json(divan::black_box(&text)));
}

/// Generate the bundled kitchen dataset.
#[divan::bench(sample_count = 10)]
fn generate_kitchen() -> Dataset {
    match generate(&GeneratorConfig::kitchen()) {
        Ok(d) => d,
        Err(e) => panic!("kitchen config rejected: {e}"),
    }
}
