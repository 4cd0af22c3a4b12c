# Sourced by the scripts: one place for the paths every step shares.
# A target dir outside the clone lets a fresh clone (CI) reuse earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tmo-lab/target}"
export PATH="$PWD/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk's release builds: plain LTO-less release is as fast at run time and builds 3x faster.
export CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-false}"
