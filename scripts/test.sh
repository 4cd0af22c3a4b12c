#!/usr/bin/env bash
# Sets up whatever is missing, then runs every test suite of TMO Lab. Each suite ends in a
# summary line; the last line counts the suites: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
source scripts/env.sh

passed=0
failed=0
failures=()
suite() {
  local name=$1; shift
  printf '\n== suite: %s\n' "$name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "suite $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "suite $name: FAILED ($((SECONDS - start)) s)"
  fi
}

WASM_CRATES=(-p tmo-core -p tmo-agent -p tmo-web)

suite fmt cargo fmt --all --check
suite clippy-native cargo clippy --workspace --all-targets --locked -- -D warnings
# Benches are native-only (divan does not build for wasm32).
suite clippy-wasm32 cargo clippy --target wasm32-unknown-unknown "${WASM_CRATES[@]}" --lib --bins --tests --locked -- -D warnings
suite test-native cargo test --workspace --locked
# wasm-bindgen-test in headless Chromium (release: shares dependencies with the page build;
# the runner finds chromedriver on PATH).
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}
suite test-wasm32 cargo test --release --target wasm32-unknown-unknown -p tmo-core -p tmo-agent --locked
suite build-page trunk build --release
suite e2e bash -c 'cd tests && node --test --test-concurrency=1 e2e/'

echo
[ ${#failures[@]} -gt 0 ] && echo "failed suites: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
