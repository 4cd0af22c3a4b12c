//! Browser half of the kitchen dataset's determinism: the generator run in wasm32 must
//! write `dataset/kitchen.json` byte for byte (the native half is `kitchen_dataset.rs`).
//! Run with `cargo test -p tmo-core --target wasm32-unknown-unknown --test wasm_kitchen`
//! (needs `wasm-bindgen-test-runner` and chromedriver on PATH).
#![cfg(target_arch = "wasm32")]

use tmo_core::dataset::Dataset;
use tmo_core::generator::{GeneratorConfig, generate};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const COMMITTED: &str = include_str!("../../../dataset/kitchen.json");

#[wasm_bindgen_test]
fn kitchen_dataset_generated_in_the_browser_is_byte_identical() {
    let generated = generate(&GeneratorConfig::kitchen()).expect("kitchen config is valid");
    assert!(
        generated.to_json() + "\n" == COMMITTED,
        "wasm32 output differs from dataset/kitchen.json"
    );
    assert_eq!(
        Dataset::from_json(COMMITTED).expect("committed file loads"),
        generated
    );
}
