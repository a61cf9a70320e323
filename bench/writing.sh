#!/usr/bin/env bash
# Writing-assessment critique speed, side by side (issue 17). Not part of .ci/run.
#
#   bench/writing.sh            # everything below; installs proselint and write-good into a temp dir
#
# 1. `cargo bench -p tpmprep-narrative`: harper's linter build, and the warm critique of a 1,000-word
#    narrative (every paragraph new to the linter's cache; and as while typing).
# 2. The cold whole process: `tpmprep write critique FILE --json` (release build), median of 5.
# 3. In the same run, per document: proselint (PyPI, in a venv) and write-good (npm), as whole
#    processes on the same 1,000-word narratives, median of 5 each.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The texts: four strong calibration narratives joined and cut to ~1,000 words each, and the same
# four weak ones.
python3 - "$TMP" <<'PY'
import sys, pathlib
out = pathlib.Path(sys.argv[1])
cal = pathlib.Path("crates/narrative/tests/calibration")
for i, ids in enumerate([("p02", "p05"), ("p06", "p10"), ("p01", "p09"), ("p12", "p15")]):
    words = []
    for pid in ids:
        for kind in ("strong",):
            words += [w for w in (cal / f"{pid}-{kind}.md").read_text().split(" ")]
    text = " ".join(words[:1000])
    (out / f"doc{i}.md").write_text(text)
PY
DOCS=("$TMP"/doc*.md)

echo "== criterion: cargo bench -p tpmprep-narrative"
cargo bench -q -p tpmprep-narrative --bench narrative 2>&1 | grep -E "^(build|warm/)|time:" || true

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { # command... → wall milliseconds
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
per_doc() { # label, then the command prefix; runs each doc 5 times
  local label=$1; shift
  local all=()
  for d in "${DOCS[@]}"; do
    for _ in 1 2 3 4 5; do all+=("$(time_ms "$@" "$d")"); done
  done
  printf '%-34s median %5s ms per 1,000-word document (%d runs)\n' "$label" "$(printf '%s\n' "${all[@]}" | median)" "${#all[@]}"
}

echo "== whole processes, per document"
cargo build -q --release -p tpmprep
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/tpmprep"
export TPMPREP_DATA_DIR="$TMP/data" TPMPREP_CONFIG_DIR="$TMP/config"
per_doc "tpmprep write critique (cold)" "$BIN" write critique --json

if python3 -m venv "$TMP/venv" >/dev/null 2>&1 && "$TMP/venv/bin/pip" install -q proselint >/dev/null 2>&1; then
  PROSE="$TMP/venv/bin/proselint"
  if "$PROSE" --help 2>&1 | grep -q "check"; then
    per_doc "proselint $("$TMP/venv/bin/pip" show proselint | awk '/^Version/{print $2}')" "$PROSE" check
  else
    per_doc "proselint $("$TMP/venv/bin/pip" show proselint | awk '/^Version/{print $2}')" "$PROSE"
  fi
else
  echo "proselint: could not be installed (no PyPI?)"
fi
if (cd "$TMP" && npm install --silent --no-audit --no-fund write-good >/dev/null 2>&1); then
  per_doc "write-good $(node -p "require('$TMP/node_modules/write-good/package.json').version")" "$TMP/node_modules/.bin/write-good"
else
  echo "write-good: could not be installed (no npm registry?)"
fi
