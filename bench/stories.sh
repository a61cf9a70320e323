#!/usr/bin/env bash
# Benchmark the story bank at 10,000 stories (issue 3 targets: import < 3 s, coverage < 100 ms,
# story list < 50 ms; issue 12: import < 1 s). Release build, hyperfine; run by hand, not in CI.
# Usage: bench/stories.sh [N]. TPMPREP_BIN=path times that binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
. scripts/lib/need.sh
need hyperfine hyperfine
if [ -n "${TPMPREP_BIN:-}" ]; then
  bin=$TPMPREP_BIN
else
  cargo build --release --quiet -p tpmprep
  bin=${CARGO_TARGET_DIR:-$PWD/target}/release/tpmprep
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TPMPREP_CONFIG_DIR="$work/config"
python3 bench/gen_stories.py "$n" "$work/stories"
mkdir -p bench/out

# Import into a fresh database each run; then the same files into a bank that holds them (every story
# recognised and skipped).
hyperfine --runs 5 --prepare "rm -rf $work/import" \
  --export-json bench/out/story-import.json \
  "TPMPREP_DATA_DIR=$work/import $bin story import $work/stories/*.json"
TPMPREP_DATA_DIR="$work/again" "$bin" story import "$work"/stories/*.json >/dev/null
hyperfine --runs 5 --export-json bench/out/story-reimport.json \
  "TPMPREP_DATA_DIR=$work/again $bin story import $work/stories/*.json"

# Listing and coverage over a database holding N stories.
TPMPREP_DATA_DIR="$work/data" "$bin" story import "$work"/stories/*.json >/dev/null
export TPMPREP_DATA_DIR="$work/data"
hyperfine --warmup 3 --runs 30 -N --export-json bench/out/story-read.json \
  "$bin coverage" \
  "$bin story list" \
  "$bin story list --json" \
  "$bin story list --principle dive-deep"
