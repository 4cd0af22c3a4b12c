#!/usr/bin/env bash
# Installs whatever is missing, from package registries only (crates.io, npm, Debian), and skips
# every tool that is already there.
#   bash scripts/setup.sh serve   what building and serving the page needs
#   bash scripts/setup.sh test    that, plus Chromium and the end-to-end test driver (the default)
# Times are for a fresh machine with 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

MODE=${1:-test}
case $MODE in serve | test) ;; *) echo "usage: setup.sh [serve|test]" >&2; exit 2 ;; esac

TRUNK_VERSION=0.21.14

step() { printf '\n== setup: %s\n' "$*"; }

# wasm-bindgen-cli must equal the wasm-bindgen the lockfile pins.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# The build tools are compiled from crates.io. They build in the debug profile and without their
# default TLS features (we never let them download anything): trunk then builds in about 3 min
# instead of 14, wasm-bindgen-cli in about 1 min instead of 10, and both still take well under a
# second of the page's build. A target dir of their own keeps them out of the project's build lock.
install_tool() {
  local crate=$1 version=$2 minutes=$3; shift 3
  step "cargo install $crate $version (first time only, about $minutes min)"
  CARGO_TARGET_DIR="$TMO_CACHE/tools-target" \
    cargo install "$crate" --version "$version" --debug --no-default-features --quiet "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown (a few seconds)"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  install_tool trunk "$TRUNK_VERSION" 3 --locked
fi

WB_VERSION=$(wasm_bindgen_version)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]; then
  # Not --locked: its lockfile pins a crate version this registry lacks.
  install_tool wasm-bindgen-cli "$WB_VERSION" 1
fi

if [ "$MODE" = test ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "apt-get install chromium chromium-driver (under a minute)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  else
    echo "setup: Chromium and ChromeDriver are missing. Install Debian's packages 'chromium' and" >&2
    echo "       'chromium-driver' (as root: apt-get install chromium chromium-driver) and run again." >&2
    exit 1
  fi
fi

# npm, in tests/: binaryen 132 (wasm-opt for the page build; Debian's 108 breaks wasm-bindgen's
# output) and, for the tests only, playwright-core (drives Chromium).
npm_stale() { [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; }
if [ "$MODE" = test ]; then
  if [ ! -d tests/node_modules/playwright-core ] || [ ! -x tests/node_modules/.bin/wasm-opt ] || npm_stale; then
    step "npm ci in tests/: binaryen, playwright-core (under a minute)"
    (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  fi
elif [ ! -x tests/node_modules/.bin/wasm-opt ] || npm_stale; then
  step "npm ci --omit=dev in tests/: binaryen (under a minute)"
  (cd tests && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
fi

step "cargo fetch (the crates the project builds; a minute the first time)"
cargo fetch --quiet
echo "setup: done"
