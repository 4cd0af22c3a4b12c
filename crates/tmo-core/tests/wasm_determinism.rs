//! Browser half of the native-vs-wasm determinism check: the same case as
//! `tests/determinism.rs`, compared bit for bit with the same committed fixture.
//! Run with `cargo test -p tmo-core --target wasm32-unknown-unknown --test wasm_determinism`
//! (needs `wasm-bindgen-test-runner` and chromedriver on PATH).
#![cfg(target_arch = "wasm32")]

mod determinism_case;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn evaluation_in_the_browser_matches_the_native_fixture() {
    let bad = determinism_case::mismatches(&determinism_case::compute());
    assert!(
        bad.is_empty(),
        "differs from the fixture:\n{}",
        bad.join("\n")
    );
}
