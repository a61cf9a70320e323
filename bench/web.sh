#!/usr/bin/env bash
# Benchmark of the web app (release build) on the loopback interface, with wrk:
#   1. GET /healthz                 (the floor: routing, the Host/CSRF guard, an empty handler)
#   2. POST /api/v1/critique        (~400-word answer as JSON, bench/critique.lua); ratio to 1; and
#      the same body with a one-word answer (bench/critique-floor.lua): HTTP + JSON without the critic
#   3. GET / (the dashboard) with 1,000 stories imported through POST /api/v1/stories (and 600 edits):
#      200 sequential requests (server time from the Server-Timing header, and curl's total) and wrk.
# 64 connections, 2 threads, 10 s per wrk run. Run by hand, not in CI; the figures depend on how
# busy the machine is. Usage: bench/web.sh   (writes a summary to bench/out/web.txt too)
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=64
THREADS=2
DURATION=10s
STORIES=1000

. scripts/lib/need.sh
need wrk wrk
need curl curl
need python3 python3

cargo build --release --quiet --locked -p tpmprep
bin="${CARGO_TARGET_DIR:-target}/release/tpmprep"

# Start the server on a free port with its own data and read the address it prints.
. scripts/lib/server.sh
start_server "$bin"
for _ in $(seq 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")" = 200 ] && break
  sleep 0.1
done

mkdir -p bench/out
summary=bench/out/web.txt
: >"$summary"
say() { printf '%s\n' "$*" | tee -a "$summary"; }
say "tpmprep web benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "server $url, wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per run"

# The server's CPU time so far (user and system clock ticks), from /proc.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }

# Runs wrk; prints its report to bench/out/wrk-NAME.txt and "req/s p99 errors cpu" on stdout, where
# cpu is the server's own CPU time per request in µs (user + system; wrk runs on the same cores).
run_wrk() {
  local name=$1; shift
  local before after
  before=$(cpu_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "$@" >"bench/out/wrk-$name.txt"
  after=$(cpu_ticks)
  local rps p99 bad cpu n
  rps=$(awk '/^Requests\/sec:/ {print $2}' "bench/out/wrk-$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "bench/out/wrk-$name.txt")
  bad=$(awk '/Non-2xx or 3xx responses:/ {printf "non-2xx=%s ", $NF}
    /Socket errors:/ {sub(/^ *Socket errors: /, ""); gsub(/, /, ","); gsub(/ /, "="); printf "socket:%s ", $0}' "bench/out/wrk-$name.txt")
  [ -n "$rps" ] && [ -n "$p99" ] || { echo "wrk printed no figures; see bench/out/wrk-$name.txt" >&2; return 1; }
  n=$(awk '/requests in/ {print $1}' "bench/out/wrk-$name.txt")
  cpu=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$n" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
  echo "$rps $p99 $cpu ${bad:-none}"
}

# The critique request must work before it is measured: send the same answer once with curl.
answer=$(awk '/^local answer = \[\[/ {on=1; next} /^\]\]/ {on=0} on' bench/critique.lua)
answer_words=$(wc -w <<<"$answer")
code=$(python3 -c 'import json,sys; print(json.dumps({"text": sys.stdin.read().strip(), "principles": ["deliver-results", "earn-trust"]}))' <<<"$answer" |
  curl -s -o "$work/critique.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data-binary @- "$url/api/v1/critique")
if [ "$code" != 200 ]; then
  echo "POST /api/v1/critique answered $code:" >&2
  cat "$work/critique.json" >&2
  exit 1
fi
say "critique body: $answer_words words; score $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["overall"])' "$work/critique.json")/100"

line() { printf '%-44s %10s req/s   p99 %9s   server CPU %6s µs/request   errors %s' "$@"; }
r=$(run_wrk healthz "$url/healthz"); read -r h_rps h_p99 h_cpu h_bad <<<"$r"
say "$(line 'GET /healthz' "$h_rps" "$h_p99" "$h_cpu" "$h_bad")"
r=$(run_wrk critique -s bench/critique.lua "$url/api/v1/critique"); read -r c_rps c_p99 c_cpu c_bad <<<"$r"
say "$(line 'POST /api/v1/critique (400 words)' "$c_rps" "$c_p99" "$c_cpu" "$c_bad")"
# The same request with a one-word answer (the 400 words ride along in a field the API ignores): the
# cost of the HTTP and JSON around the critic, the most any critique request could reach.
r=$(run_wrk critique-floor -s bench/critique-floor.lua "$url/api/v1/critique"); read -r f_rps f_p99 f_cpu f_bad <<<"$r"
say "$(line 'POST /api/v1/critique (1 word, same body)' "$f_rps" "$f_p99" "$f_cpu" "$f_bad")"
say "$(awk -v c="$c_rps" -v h="$h_rps" -v f="$f_rps" 'BEGIN {printf "critique/healthz throughput ratio: %.3f (one-word floor: %.3f)", c / h, f / h}')"

# 1,000 ready stories through the JSON API (one keep-alive connection).
python3 - "$url" "$STORIES" <<'PY'
import http.client, json, random, sys, time
from urllib.parse import urlparse

url, n = urlparse(sys.argv[1]), int(sys.argv[2])
principles = """customer-obsession ownership invent-and-simplify are-right-a-lot learn-and-be-curious
hire-and-develop-the-best insist-on-the-highest-standards think-big bias-for-action frugality earn-trust
dive-deep have-backbone-disagree-and-commit deliver-results strive-to-be-earths-best-employer
success-and-scale-bring-broad-responsibility""".split()
words = """program launch latency rollout migration dependency capacity escalation vendor budget metric
risk partner outage schedule scope trade-off dissent customer checkout inventory pipeline""".split()
rng = random.Random(7)
text = lambda k: " ".join(rng.choice(words) for _ in range(k)).capitalize() + "."
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
headers = {"Content-Type": "application/json", "Host": url.netloc}
started = time.monotonic()
for i in range(n):
    story = {
        "title": f"Story {i}: {text(4)}",
        "status": "ready",
        "principles": rng.sample(principles, rng.randint(1, 3)),
        "situation": text(40),
        "action": text(120),
        "result": f"{text(20)} Latency fell from {rng.randint(600, 900)} ms to {rng.randint(200, 500)} ms.",
    }
    conn.request("POST", "/api/v1/stories", json.dumps(story), headers)
    r = conn.getresponse()
    body = r.read()
    if r.status != 201:
        sys.exit(f"POST /api/v1/stories answered {r.status}: {body[:300]!r}")
print(f"imported {n} stories through POST /api/v1/stories in {time.monotonic() - started:.1f} s")
# Edits, as autosave makes them: three more revisions of each of the first 200 stories.
started = time.monotonic()
for i in range(1, 201):
    for rev in (1, 2, 3):
        story = {"title": f"Story {i - 1}: edited", "status": "ready", "principles": ["ownership"],
                 "action": text(120), "result": f"{text(20)} Errors fell from {rev + 3}% to 1%."}
        conn.request("PUT", f"/api/v1/stories/{i}", json.dumps({"base_rev": rev, "content": story}), headers)
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            sys.exit(f"PUT /api/v1/stories/{i} answered {r.status}: {body[:300]!r}")
print(f"saved 600 edits through PUT /api/v1/stories/ID in {time.monotonic() - started:.1f} s")
PY
[ "$(curl -s "$url/api/v1/stories" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = "$STORIES" ] ||
  { echo "the store does not hold $STORIES stories" >&2; exit 1; }

# Dashboard: one person clicking (the server's own time, from its Server-Timing header, and the whole
# request as curl sees it), then many connections at once.
for _ in $(seq 200); do
  curl -s -o /dev/null -D "$work/headers.txt" -w '%{time_total}' "$url/" >"$work/total.txt"
  server_ms=$(sed -n 's/^server-timing: app;dur=\([0-9.]*\).*/\1/Ip' "$work/headers.txt")
  echo "${server_ms:-nan} $(cat "$work/total.txt")"
done >"$work/dash.txt"
say "$(sort -n -k1,1 "$work/dash.txt" | awk '{t[NR] = $1} END {
  printf "GET / with %d stories, 200 sequential requests, server time: median %.2f ms, p99 %.2f ms, max %.2f ms",
    '"$STORIES"', t[int(NR * 0.50 + 0.5)], t[int(NR * 0.99 + 0.5)], t[NR] }')"
say "$(sort -n -k2,2 "$work/dash.txt" | awk '{t[NR] = $2 * 1000} END {
  printf "GET / with %d stories, 200 sequential requests, curl total:  median %.2f ms, p99 %.2f ms, max %.2f ms",
    '"$STORIES"', t[int(NR * 0.50 + 0.5)], t[int(NR * 0.99 + 0.5)], t[NR] }')"
r=$(run_wrk dashboard "$url/"); read -r d_rps d_p99 d_cpu d_bad <<<"$r"
say "$(line "GET / ($STORIES stories)" "$d_rps" "$d_p99" "$d_cpu" "$d_bad")"
say "wrk reports: bench/out/wrk-{healthz,critique,critique-floor,dashboard}.txt"
