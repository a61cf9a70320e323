#!/usr/bin/env bash
# The web server's user-space instructions per request, counted by valgrind's callgrind: the same
# figure on a busy machine as on a quiet one (wrk's req/s in bench/web.sh swing ±20% here), so it
# shows whether a change made a request cheaper. It does not count the kernel's share (the socket
# work, about 5 µs of GET /healthz's ~9 µs) nor the client's.
#   1. GET /healthz
#   2. POST /api/v1/critique with the ~400-word answer of bench/critique.lua
#   3. the same body with a one-word answer (the 400 words in a field the API ignores), as
#      bench/critique-floor.lua sends it: the HTTP and JSON around the critic
# Each: 50 warm-up requests, then N (default 1000) on one keep-alive connection, counted.
# Usage: bench/web-instructions.sh [N]   (release build; writes bench/out/web-instructions.txt too)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}

. scripts/lib/need.sh
need valgrind valgrind
need python3 python3

cargo build --release --quiet --locked -p tpmprep
bin="${CARGO_TARGET_DIR:-target}/release/tpmprep"
work=$(mktemp -d)
vg=""
cleanup() {
  [ -z "$vg" ] || kill "$vg" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The two request bodies, from the answer in bench/critique.lua.
awk '/^local answer = \[\[/ {on=1; next} /^\]\]/ {on=0} on' bench/critique.lua | python3 -c '
import json, sys
text = " ".join(sys.stdin.read().split())
principles = ["deliver-results", "earn-trust"]
json.dump({"text": text, "principles": principles}, open(sys.argv[1], "w"))
json.dump({"text": "x", "ignored": text, "principles": principles}, open(sys.argv[2], "w"))
' "$work/critique.json" "$work/floor.json"

# send PORT N KIND: N requests of KIND on one connection; every answer must be 200.
send() {
  python3 - "$@" "$work" <<'PY'
import http.client, sys
port, n, kind, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
body = None if kind == "healthz" else open(f"{work}/{kind}.json", "rb").read()
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json"}
for _ in range(n):
    if body is None:
        conn.request("GET", "/healthz", headers=headers)
    else:
        conn.request("POST", "/api/v1/critique", body, headers)
    r = conn.getresponse()
    r.read()
    if r.status != 200:
        sys.exit(f"{kind}: the server answered {r.status}")
PY
}

# count KIND: instructions per request of KIND, on a fresh server under callgrind.
count() {
  local kind=$1 dir="$work/$1" port
  mkdir -p "$dir"
  TPMPREP_DATA_DIR="$dir/data" TPMPREP_CONFIG_DIR="$dir/config" \
    valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$bin" serve --port 0 \
    >"$dir/out" 2>"$dir/err" &
  vg=$!
  port=""
  for _ in $(seq 300); do
    port=$(sed -n 's|^tpmprep is running at http://127.0.0.1:\([0-9]*\)/$|\1|p' "$dir/out" | head -1)
    [ -n "$port" ] && break
    kill -0 "$vg" 2>/dev/null || { cat "$dir/err" >&2; return 1; }
    sleep 0.2
  done
  [ -n "$port" ] || { echo "the server printed no address" >&2; return 1; }
  send "$port" 50 "$kind"
  callgrind_control --zero "$vg" >/dev/null 2>&1
  send "$port" "$N" "$kind"
  callgrind_control --dump "$vg" >/dev/null 2>&1
  kill "$vg"
  wait "$vg" 2>/dev/null || true
  vg=""
  local total
  total=$(callgrind_annotate "$dir/cg.out.1" 2>/dev/null |
    awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
  [ -n "$total" ] || { echo "callgrind wrote no totals for $kind" >&2; return 1; }
  echo $((total / N))
}

mkdir -p bench/out
summary=bench/out/web-instructions.txt
h=$(count healthz)
c=$(count critique)
f=$(count floor)
{
  echo "tpmprep web: user-space instructions per request (callgrind, $N requests after 50 warm-up, $(date -u '+%Y-%m-%d'))"
  printf '%-46s %9s\n' "GET /healthz" "$h"
  printf '%-46s %9s\n' "POST /api/v1/critique (400 words)" "$c"
  printf '%-46s %9s\n' "POST /api/v1/critique (1 word, same body)" "$f"
  awk -v h="$h" -v c="$c" -v f="$f" 'BEGIN {printf "critique - floor (the critic on 400 words, and its bigger findings): %d\n", c - f}'
} | tee "$summary"
