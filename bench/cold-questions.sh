#!/usr/bin/env bash
# Benchmark: wall time of a cold `tpmprep questions --random 5` (process start, embedded pack parse and
# validation, draw, print). Goal: <= 20 ms. Builds a release binary; run by hand, not in CI.
# Usage: bench/cold-questions.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}

. scripts/lib/need.sh
need hyperfine hyperfine
cargo build --release --quiet -p tpmprep
bin=$PWD/target/release/tpmprep
sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
export TPMPREP_CONFIG_DIR="$sandbox"   # no user config or packs

mkdir -p bench/out
hyperfine --warmup 10 --runs "$runs" -N --export-json bench/out/cold-questions.json \
  "$bin questions --random 5" \
  "$bin questions --json" \
  "$bin --version"

if [ -x /usr/bin/time ]; then
  /usr/bin/time -f 'max RSS of questions --random 5: %M KiB' "$bin" questions --random 5 >/dev/null
fi
