//! Shared helpers of the integration tests: locating `../shared` and loading M4A1.
// Each test binary uses only some of these.
#![allow(dead_code)]

use std::path::PathBuf;
use tmo_core::dataset::Dataset;

/// `<workspace root>/../shared`, where the golden values and M4A1 live (outside the repo).
pub fn shared_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
}

/// Reads a file under `../shared`, or prints why the test is skipped and returns `None`.
pub fn read_shared(relative: &str) -> Option<String> {
    let path = shared_dir().join(relative);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!(
                "SKIPPED: {} is absent ({e}); this test needs ../shared",
                path.display()
            );
            None
        }
    }
}

/// M4A1 and the golden file, or `None` (skip) when `../shared` is absent.
pub fn m4a1_and_golden() -> Option<(Dataset, serde_json::Value)> {
    let data = read_shared("m4a1/M4A1.json")?;
    let golden = read_shared("golden/golden_env.json")?;
    let dataset = Dataset::from_json(&data).expect("M4A1 loads");
    let golden = serde_json::from_str(&golden).expect("golden_env.json parses");
    Some((dataset, golden))
}

/// Relative closeness `|a − b| ≤ tol · max(|a|, |b|, tiny)`.
pub fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1e-300)
}
