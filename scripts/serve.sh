#!/usr/bin/env bash
# Sets up what serving needs (not Chromium or the test tools), builds the page in release mode
# and serves it on http://127.0.0.1:${PORT:-8080}/ with the bundled kitchen dataset.
# On a fresh machine with 2 cores: about 4 min of tools, then about 7 min for the first build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh serve
source scripts/env.sh
printf '\n== serve: building the page (about 7 min the first time, seconds after that), then serving\n'
printf '   it on http://127.0.0.1:%s/ (Ctrl-C stops)\n' "${PORT:-8080}"
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
