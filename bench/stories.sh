#!/usr/bin/env bash
# Benchmark the story bank at 10,000 stories (issue 3 targets: import < 3 s, coverage < 100 ms,
# story list < 50 ms). Release build, hyperfine; run by hand, not in CI. Usage: bench/stories.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
. scripts/lib/need.sh
need hyperfine hyperfine
cargo build --release --quiet -p tpmprep
bin=$PWD/target/release/tpmprep
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TPMPREP_CONFIG_DIR="$work/config"
python3 bench/gen_stories.py "$n" "$work/stories"
mkdir -p bench/out

# Import into a fresh database each run.
hyperfine --runs 5 --prepare "rm -rf $work/import" \
  --export-json bench/out/story-import.json \
  "TPMPREP_DATA_DIR=$work/import $bin story import $work/stories/*.json"

# Listing and coverage over a database holding N stories.
TPMPREP_DATA_DIR="$work/data" "$bin" story import "$work"/stories/*.json >/dev/null
export TPMPREP_DATA_DIR="$work/data"
hyperfine --warmup 3 --runs 30 -N --export-json bench/out/story-read.json \
  "$bin coverage" \
  "$bin story list" \
  "$bin story list --json" \
  "$bin story list --principle dive-deep"
