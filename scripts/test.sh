#!/usr/bin/env bash
# Sets up whatever is missing, then runs every test suite of TMO Lab. Each suite ends in a
# summary line; the last line counts the suites: "N passed, N failed".
#
# One profile (release) and one feature set per target, so each crate is compiled once per
# target: clippy's checks share the release build scripts and proc macros; the native tests
# build the `tmo` binary that the end-to-end suite runs; the wasm32 tests are resolved together
# with the page (`-p tmo-web`), so trunk's build reuses every dependency they compiled.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
bash scripts/setup.sh test || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
setup_time=$((SECONDS - started))
echo "setup: $setup_time s"
source scripts/env.sh

passed=0
failed=0
failures=()
timings=()
suite() {
  local name=$1; shift
  printf '\n== suite: %s\n' "$name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "suite $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "suite $name: FAILED ($((SECONDS - start)) s)"
  fi
  timings+=("$name $((SECONDS - start)) s")
}

WASM_CRATES=(-p tmo-core -p tmo-agent -p tmo-web)
# The browser tests are the files named wasm_*.rs; naming them keeps cargo from building the
# native-only test files for wasm32 as empty binaries.
WASM_TESTS=()
for f in crates/*/tests/wasm_*.rs; do WASM_TESTS+=(--test "$(basename "$f" .rs)"); done

suite fmt cargo fmt --all --check
suite clippy-native cargo clippy --release --workspace --all-targets --locked -- -D warnings
# Benches are native-only (divan does not build for wasm32).
suite clippy-wasm32 cargo clippy --release --target wasm32-unknown-unknown "${WASM_CRATES[@]}" --lib --bins --tests --locked -- -D warnings
suite test-native cargo test --release --workspace --locked
# wasm-bindgen-test in headless Chromium (the runner finds chromedriver on PATH).
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}
suite test-wasm32 cargo test --release --target wasm32-unknown-unknown "${WASM_CRATES[@]}" "${WASM_TESTS[@]}" --locked -- --nocapture
suite build-page trunk build --release
# Two test files at a time (each its own Chromium): 219 s instead of 282 s on 2 cores, all passing;
# the timings the tests report are then taken beside another file's work.
suite e2e bash -c 'cd tests && node --test --test-concurrency=2 e2e/'

echo
echo "times: setup $setup_time s$(printf ', %s' "${timings[@]}"); total $((SECONDS - started)) s"
[ ${#failures[@]} -gt 0 ] && echo "failed suites: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
