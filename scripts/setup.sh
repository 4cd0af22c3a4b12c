#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test TMO Lab, from package
# registries only (crates.io, npm, Debian). Skips every tool that is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

TRUNK_VERSION=0.21.14
BINARYEN_MARK="tests/node_modules/.bin/wasm-opt"

step() { printf '\n== setup: %s\n' "$*"; }

# wasm-bindgen-cli must equal the wasm-bindgen the lockfile pins.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "apt-get install chromium chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  else
    echo "setup: Chromium and ChromeDriver are missing. Install Debian's packages 'chromium' and" >&2
    echo "       'chromium-driver' (as root: apt-get install chromium chromium-driver) and run again." >&2
    exit 1
  fi
fi

# trunk's own profile uses fat LTO (~20 min on 2 cores); plain release builds in ~6 min.
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  step "cargo install trunk $TRUNK_VERSION"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked --quiet
fi

WB_VERSION=$(wasm_bindgen_version)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]; then
  step "cargo install wasm-bindgen-cli $WB_VERSION"
  # Not --locked: its lockfile pins a crate version this registry lacks.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --quiet
fi

# playwright-core (end-to-end tests) and binaryen 132 (wasm-opt; Debian's 108 breaks wasm-bindgen output).
if [ ! -x "$BINARYEN_MARK" ] || [ ! -d tests/node_modules/playwright-core ] \
   || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  step "npm ci (tests/)"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi

step "cargo fetch"
cargo fetch --quiet
echo "setup: done"
