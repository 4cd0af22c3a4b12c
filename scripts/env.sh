# Sourced by the scripts: one place for the paths and settings every step shares.
# Builds live outside the clone, so a fresh clone (CI) reuses earlier builds.
export TMO_CACHE="${TMO_CACHE:-$HOME/.cache/tmo-lab}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$TMO_CACHE/target}"
export PATH="$PWD/tests/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
