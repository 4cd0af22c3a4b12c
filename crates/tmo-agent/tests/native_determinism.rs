//! The short runs give the committed fixture's numbers bit for bit natively (the wasm test
//! checks the same fixture in Chromium). `TMO_BLESS=1` rewrites the fixture.
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn short_run_matches_the_fixture_bitwise() {
    let got = common::short_runs();
    if std::env::var_os("TMO_BLESS").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/determinism.json"
        );
        std::fs::write(path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
        println!("wrote {path}");
        return;
    }
    assert_eq!(got, common::expected());
}

#[test]
fn the_run_repeats_within_one_process() {
    assert_eq!(common::short_run("rc-ppo"), common::short_run("rc-ppo"));
}
