//! In Chromium: the short runs of the six learners give the native runs' numbers (the
//! committed fixture), and the wall time of a full training of each.
//!
//! Bit for bit: the matrix products use unfused kernels that round alike (see `MMTEST_FEATURE`
//! in `.cargo/config.toml`) and `tanh`, `exp` and `ln` come from `tmo_agent::portable_math`.
#![cfg(target_arch = "wasm32")]

mod common;

use tmo_agent::{Learner, Preset, Trainer};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn short_run_gives_the_native_numbers_bit_for_bit() {
    assert_eq!(common::short_runs(), common::expected());
}

#[wasm_bindgen_test]
fn full_training_time_of_each_learner() {
    let sim = common::kitchen_simulator();
    for name in common::LEARNERS {
        let config = name
            .parse::<Learner>()
            .expect("a learner")
            .config(Preset::Ours);
        let started = js_sys::Date::now();
        let mut trainer = Trainer::for_simulator(config, &sim).expect("trainer");
        let p = trainer.run_to_end(u64::MAX, |_| {});
        let seconds = (js_sys::Date::now() - started) / 1000.0;
        assert!(p.finished && p.timesteps >= 30_000);
        console_log!(
            "{name}, {} steps, training in Chromium: {seconds:.2} s",
            p.timesteps
        );
    }
}
