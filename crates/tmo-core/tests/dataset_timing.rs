//! Times `Dataset::from_json` and `DatasetReader` in 1 MiB chunks on a large file (no
//! timed assertion):
//! `TMO_TIMING_DATASET=/tmp/big20k.json cargo test --release -p tmo-core --test dataset_timing -- --ignored --nocapture`.
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;
use tmo_core::dataset::{Dataset, DatasetReader};

#[test]
#[ignore = "needs TMO_TIMING_DATASET, a large dataset file; prints times"]
fn time_from_json() {
    let path = std::env::var("TMO_TIMING_DATASET").expect("TMO_TIMING_DATASET names a file");
    let text = std::fs::read_to_string(&path).expect("readable dataset");
    for run in 0..3 {
        let start = Instant::now();
        let d = Dataset::from_json(&text).expect("valid dataset");
        println!(
            "run {run}: from_json of {} bytes, {} episodes: {:.3} s",
            text.len(),
            d.episodes().len(),
            start.elapsed().as_secs_f64()
        );
    }
}

#[test]
#[ignore = "needs TMO_TIMING_DATASET, a large dataset file; prints times"]
fn time_reader_in_chunks() {
    let path = std::env::var("TMO_TIMING_DATASET").expect("TMO_TIMING_DATASET names a file");
    let bytes = std::fs::read(&path).expect("readable dataset");
    for run in 0..3 {
        let start = Instant::now();
        let mut reader = DatasetReader::new();
        for chunk in bytes.chunks(1 << 20) {
            reader.push(chunk);
        }
        let d = reader.finish().expect("valid dataset");
        println!(
            "run {run}: reader of {} bytes in 1 MiB chunks, {} episodes: {:.3} s",
            bytes.len(),
            d.episodes().len(),
            start.elapsed().as_secs_f64()
        );
    }
}
