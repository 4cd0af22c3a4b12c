//! Loading and generating datasets: `cargo bench -p tmo-core --bench dataset`.

use divan::Bencher;
use tmo_core::dataset::{Dataset, DatasetReader};
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

/// Parse and validate every rule of a 100-, a 10 000- and a 20 000-episode file (34 MB).
#[divan::bench(args = [100, 10_000, 20_000], sample_count = 10)]
fn from_json(bencher: Bencher, episodes: usize) {
    let text = kitchen_json(episodes);
    bencher.bench(|| Dataset::from_json(divan::black_box(&text)));
}

/// The same for the 20 000-episode file pushed in 1 MiB chunks, as the page's worker reads it.
#[divan::bench(sample_count = 10)]
fn reader_in_chunks(bencher: Bencher) {
    let text = kitchen_json(20_000);
    bencher.bench(|| {
        let mut reader = DatasetReader::new();
        for chunk in divan::black_box(text.as_bytes()).chunks(1 << 20) {
            reader.push(chunk);
        }
        reader.finish()
    });
}

/// Generate the bundled kitchen dataset.
#[divan::bench(sample_count = 10)]
fn generate_kitchen() -> Dataset {
    match generate(&GeneratorConfig::kitchen()) {
        Ok(d) => d,
        Err(e) => panic!("kitchen config rejected: {e}"),
    }
}
