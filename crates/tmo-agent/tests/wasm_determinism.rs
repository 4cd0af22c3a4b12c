//! In Chromium: the short run follows the native run (the committed fixture), and the wall
//! time of a full 30 000-step RC-A2C training.
//!
//! Not yet bit for bit: the trajectory (episodes, rewards) is identical, but burn-ndarray's
//! `tanh`, `exp` and `ln` call the platform's libm (glibc natively, with FMA variants; Rust's
//! libm in wasm32), which differ in the last bit, so losses and weights drift by a few ulp.
//! The matrix products already agree (see `MMTEST_FEATURE` in `.cargo/config.toml`).
#![cfg(target_arch = "wasm32")]

mod common;

use tmo_agent::{ResourceConstraints, Trainer, TrainerConfig};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn short_run_follows_the_native_fixture() {
    common::short_run().assert_follows(&common::expected(), 1e-5);
}

#[wasm_bindgen_test]
fn full_rc_a2c_training_time() {
    let sim = common::kitchen_simulator();
    let config = TrainerConfig {
        resource_constraints: Some(ResourceConstraints::default()),
        ..TrainerConfig::default()
    };
    let started = js_sys::Date::now();
    let mut trainer = Trainer::for_simulator(config, &sim).expect("trainer");
    let p = trainer.run_to_end(u64::MAX, |_| {});
    let seconds = (js_sys::Date::now() - started) / 1000.0;
    assert!(p.finished && p.timesteps >= 30_000);
    console_log!("30 000-step RC-A2C training in Chromium: {seconds:.2} s");
}
