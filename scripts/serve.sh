#!/usr/bin/env bash
# Sets up whatever is missing, builds the page in release mode and serves it on
# http://127.0.0.1:${PORT:-8080}/ with the bundled kitchen dataset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
