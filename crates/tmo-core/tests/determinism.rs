//! Native half of the native-vs-wasm determinism check: the case of `determinism_case` must
//! equal the committed fixture bit for bit (`tests/wasm_determinism.rs` checks the same in a
//! browser). Regenerate the fixture after an intended change with
//! `TMO_BLESS=1 cargo test -p tmo-core --test determinism`.

mod determinism_case;

#[test]
fn evaluation_matches_the_committed_fixture_bit_for_bit() {
    let values = determinism_case::compute();
    if std::env::var_os("TMO_BLESS").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/determinism.txt"
        );
        std::fs::write(path, render(&values)).expect("write fixture");
        return;
    }
    let bad = determinism_case::mismatches(&values);
    assert!(
        bad.is_empty(),
        "differs from the fixture:\n{}",
        bad.join("\n")
    );
}

/// The case in the fixture format: `name bits-in-hex value` per line.
fn render(values: &[(String, f64)]) -> String {
    values
        .iter()
        .map(|(name, v)| format!("{name} {:016x} {v:e}\n", v.to_bits()))
        .collect()
}
