#!/usr/bin/env bash
# Load and faults on PostgreSQL (release build): two `tpmprep serve` processes on one throwaway
# PostgreSQL, driven by bench/load (tpmprep-load): simulated candidates, each pausing 1–2 s between
# actions (dashboard, story list, story page, questions, mock page, editor autosave, the editor's
# live critique, mock answers), every request sent to the next process in turn as a round-robin
# load balancer would.
#
#   bench/load.sh           steady load, 60 s; then the dashboard of one account with 1,000 stories
#   bench/load.sh restart   PostgreSQL stopped (immediate: like a crash) 20 s in and started 5 s
#                           later: 503s in words while it is down, the servers reconnect by themselves
#   bench/load.sh kill      one serve process killed (SIGKILL) 20 s in; the other keeps serving
#   bench/load.sh capacity  no pauses: 40 candidates each sending its next request as soon as the
#                           last is answered, 30 s: what the machine serves at most (both nodes,
#                           PostgreSQL and the generator on the same cores)
#
# Every mode then compares what the clients saw acknowledged (story revisions, mock answers, mocks)
# with what PostgreSQL holds. PostgreSQL runs durable here (fsync, synchronous_commit, full-page
# writes on, unlike the tests' cluster), so an acknowledged write must survive a crash.
# Environment: LOAD_USERS (200), LOAD_SECONDS (60), LOAD_THINK (1000-2000 ms), LOAD_STORIES (8 per
# account), LOAD_POOL (PostgreSQL connections per process, 10), LOAD_DASHBOARD_STORIES (1000).
# Writes bench/out/load-MODE.txt, and bench/out/load.txt: every mode's latest summary.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-steady}
case $mode in steady | restart | kill | capacity) ;; *)
  echo "usage: bench/load.sh [steady|restart|kill|capacity]" >&2
  exit 2
  ;;
esac
if [ "$mode" = capacity ]; then
  USERS=${LOAD_USERS:-40}
  SECONDS_=${LOAD_SECONDS:-30}
  THINK=${LOAD_THINK:-0-0}
else
  USERS=${LOAD_USERS:-200}
  SECONDS_=${LOAD_SECONDS:-60}
  THINK=${LOAD_THINK:-1000-2000}
fi
STORIES=${LOAD_STORIES:-8}
POOL=${LOAD_POOL:-10}
DASH_STORIES=${LOAD_DASHBOARD_STORIES:-1000}
FAULT_AT=20 # seconds into the run
DOWN_FOR=5  # seconds PostgreSQL stays down (restart mode)
HOST=tpmprep.lb

. scripts/lib/need.sh
need python3 python3

cargo build --release --quiet --locked -p tpmprep -p tpmprep-load
target=${CARGO_TARGET_DIR:-target}
bin=$target/release/tpmprep
load=$target/release/tpmprep-load

work=$(mktemp -d)
servers=()
cleanup() {
  local pid
  for pid in "${servers[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${servers[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
. scripts/lib/postgres.sh
pg_start # its EXIT trap stops PostgreSQL, then runs cleanup
# The servers connect as an ordinary role owning its database, as in production (a superuser
# would pass row-level security by); this script looks in and checks as the superuser.
psql -qAtX -v ON_ERROR_STOP=1 "$TPMPREP_TEST_DATABASE_URL" -c "CREATE ROLE tpmprep_app LOGIN" \
  -c "CREATE DATABASE tpmprep_load OWNER tpmprep_app"
app_url=postgres://tpmprep_app@127.0.0.1:$pg_port/tpmprep_load
url=postgres://tpmprep@127.0.0.1:$pg_port/tpmprep_load
psql_() { psql -qAtX -v ON_ERROR_STOP=1 "$url" "$@"; }
pg_ctl_() { _pg_as "$pg_bindir/pg_ctl" -D "$pg_dir/data" "$@"; }

# Durable, as a real server is (the tests' cluster trades that for speed), and statement statistics.
psql_ -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
  -c "ALTER SYSTEM SET full_page_writes = on" -c "ALTER SYSTEM SET track_wal_io_timing = on" \
  -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
pg_ctl_ -m fast -w restart -l "$pg_dir/postgres.log" -o "-p $pg_port" >/dev/null
psql_ -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"

mkdir -p bench/out
summary=bench/out/load-$mode.txt
: >"$summary"
say() { printf '%s\n' "$*" | tee -a "$summary"; }
say "== bench/load.sh $mode: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "$("$pg_bindir/postgres" --version), fsync and synchronous_commit on; two tpmprep serve processes (release), PostgreSQL pool of $POOL each; generator, servers and PostgreSQL share the machine"

# Two app nodes on the same database, answering to the balancer's host name.
export TPMPREP_CONFIG_DIR=$work/config TPMPREP_DATA_DIR=$work/data
# start_node N: starts node N on a free port; sets `port` and `pid`.
start_node() {
  local n=$1 out=$work/server$1.out
  "$bin" serve --database-url "$app_url" --db-pool-size "$POOL" --port 0 --public-host "$HOST" \
    >"$out" 2>"$work/server$n.err" &
  pid=$!
  servers+=("$pid")
  port=""
  for _ in $(seq 200); do
    port=$(sed -n 's|^tpmprep is running at http://127.0.0.1:\([0-9]*\)/$|\1|p' "$out" | head -1)
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/server$n.err" >&2; exit 1; }
    sleep 0.1
  done
  echo "server $n printed no address" >&2
  exit 1
}
start_node 1
port1=$port pid1=$pid
start_node 2
port2=$port pid2=$pid

# Accounts: an invitation each (the admin command, as an operator would), accepted over HTTP.
started=$SECONDS
for i in $(seq "$USERS"); do echo "load$i@example.test"; done |
  xargs -P 2 -I{} "$bin" admin invite {} --database-url "$app_url" --url "http://$HOST" --json |
  python3 -c 'import json,sys
text, at, dec = sys.stdin.read(), 0, json.JSONDecoder()
while text[at:].strip():
    d, at = dec.raw_decode(text, len(text) - len(text[at:].lstrip()))
    print(d["email"], d["link"].rsplit("/", 1)[1])' >"$work/invites.txt"
"$bin" admin invite dashboard@example.test --database-url "$app_url" --url "http://$HOST" --json |
  python3 -c 'import json,sys; d = json.load(sys.stdin); print(d["link"].rsplit("/", 1)[1])' >"$work/dash-invite.txt"
say "invited $(wc -l <"$work/invites.txt") accounts with tpmprep admin invite in $((SECONDS - started)) s"
"$load" setup --ports "$port1,$port2" --host "$HOST" --invites "$work/invites.txt" \
  --stories "$STORIES" --state "$work/state.json" --acked "$work/acked.tsv" | tee -a "$summary"

# The CPU time (user + system, in clock ticks) of a process, and of PostgreSQL: the postmaster, its
# live children, and the children that have exited (counted in the postmaster's cutime/cstime).
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local pm total=0 p
  pm=$(head -1 "$pg_dir/data/postmaster.pid")
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
  for p in $(ps -o pid= --ppid "$pm"); do
    total=$((total + $(ticks "$p")))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)
commits() { psql_ -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }

psql_ -c "SELECT pg_stat_statements_reset()" -c "SELECT pg_stat_reset_shared('wal')" >/dev/null
: >"$work/marks"
cpu1=$(ticks "$pid1") cpu2=$(ticks "$pid2") cpu_pg=$(pg_ticks) tx=$(commits)
now_ms() { date +%s%3N; }
fault=""
case $mode in
  restart)
    (
      sleep "$FAULT_AT"
      echo "pg-down $(now_ms)" >>"$work/marks"
      pg_ctl_ -m immediate -w stop >/dev/null 2>&1 || true
      sleep "$DOWN_FOR"
      pg_ctl_ -w -t 60 start -l "$pg_dir/postgres.log" -o "-p $pg_port" >/dev/null
      echo "pg-up $(now_ms)" >>"$work/marks"
    ) &
    fault=$!
    ;;
  kill)
    (
      sleep "$FAULT_AT"
      echo "kill $(now_ms)" >>"$work/marks"
      kill -KILL "$pid2"
    ) &
    fault=$!
    ;;
esac
"$load" run --state "$work/state.json" --duration "$SECONDS_" --think "$THINK" \
  --acked "$work/acked.tsv" --marks "$work/marks" >"$work/run.txt"
[ -z "$fault" ] || wait "$fault"
cat "$work/run.txt" | tee -a "$summary" >/dev/null
cat "$work/run.txt"

# Per process and per request: CPU of each node and of PostgreSQL, transactions and statements.
answered1=$(sed -n "s|^  node :$port1 *\([0-9]*\) answered.*|\1|p" "$work/run.txt")
answered2=$(sed -n "s|^  node :$port2 *\([0-9]*\) answered.*|\1|p" "$work/run.txt")
if [ "$mode" != restart ]; then
  c1=$(($(ticks "$pid1") - cpu1))
  c2=$(($(ticks "$pid2") - cpu2))
  cpg=$(($(pg_ticks) - cpu_pg))
  ntx=$(($(commits) - tx))
  stmts=$(psql_ -c "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")
  total=$((answered1 + answered2))
  say "$(awk -v c1="$c1" -v c2="$c2" -v n1="$answered1" -v n2="$answered2" -v hz="$hz" -v m="$mode" 'BEGIN {
    printf "server CPU per request: node 1 %.2f ms (%d requests), ", c1 / hz * 1000 / (n1 ? n1 : 1), n1
    if (m == "kill") printf "node 2 killed (its CPU time went with it; %d requests)", n2
    else printf "node 2 %.2f ms (%d requests)", c2 / hz * 1000 / (n2 ? n2 : 1), n2 }')"
  say "$(awk -v c="$cpg" -v n="$total" -v hz="$hz" -v tx="$ntx" -v st="$stmts" 'BEGIN {
    printf "PostgreSQL per request: %.2f ms CPU, %.2f transactions, %.2f statements (pg_stat_statements)",
      c / hz * 1000 / n, tx / n, st / n }')"
  say "$(psql_ -F ' ' -c "SELECT wal_records, wal_bytes, wal_sync, wal_sync_time FROM pg_stat_wal" | awk -v n="$total" '{
    printf "PostgreSQL WAL per request: %.1f records, %.0f bytes, %.2f syncs (pg_stat_wal); a sync took %.2f ms on average",
      $1 / n, $2 / n, $3 / n, $4 / ($3 ? $3 : 1) }')"
  say "PostgreSQL statements by total time (calls, mean ms, total ms):"
  psql_ -F $'\t' -c "SELECT calls, round(mean_exec_time::numeric, 3), round(total_exec_time::numeric, 1),
      left(regexp_replace(query, '\s+', ' ', 'g'), 110)
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY total_exec_time DESC LIMIT 8" |
    awk -F '\t' '{printf "  %7d  %7s  %8s  %s\n", $1, $2, $3, $4}' | tee -a "$summary"
fi

# Every acknowledged write against the database.
psql_ >"$work/verify.txt" <<SQL
CREATE TEMP TABLE acked (kind text, email text, id bigint, rev bigint, marker text);
\copy acked FROM '$work/acked.tsv'
SELECT kind, count(*) AS acknowledged,
  count(*) FILTER (WHERE NOT CASE kind
    WHEN 'rev' THEN EXISTS (SELECT 1 FROM story_revisions r JOIN stories s ON s.id = r.story_id
      JOIN users u ON u.id = s.owner_id
      WHERE r.story_id = a.id AND r.rev = a.rev AND u.email = a.email
        AND strpos(r.content::text, a.marker) > 0)
    WHEN 'answer' THEN EXISTS (SELECT 1 FROM mock_answers m JOIN users u ON u.id = m.owner_id
      WHERE m.mock_id = a.id AND u.email = a.email AND strpos(m.answer, a.marker) > 0)
    WHEN 'mock' THEN EXISTS (SELECT 1 FROM mocks m JOIN users u ON u.id = m.owner_id
      WHERE m.id = a.id AND u.email = a.email)
  END) AS missing
FROM acked a GROUP BY kind ORDER BY kind;
SELECT 'stored, never acknowledged (answer lost in flight)', count(*) FROM story_revisions r
  JOIN stories s ON s.id = r.story_id JOIN users u ON u.id = s.owner_id
  WHERE u.email LIKE 'load%' AND NOT EXISTS (SELECT 1 FROM acked a WHERE a.kind = 'rev' AND a.id = r.story_id AND a.rev = r.rev);
SQL
lost=0
while IFS='|' read -r kind n missing; do
  case $kind in
    rev | answer | mock)
      say "acknowledged ${kind}s (setup and run): $n, missing from PostgreSQL: $missing"
      lost=$((lost + missing))
      ;;
    *) say "story revisions stored but never acknowledged (their answer was lost in flight): $n" ;;
  esac
done <"$work/verify.txt"
say "acknowledged writes lost: $lost"

# What the accounts take on disk (tables with their indexes), for the arithmetic in docs/scaling.md.
say "$(psql_ -F ' ' -c "SELECT pg_database_size(current_database()),
    (SELECT count(*) FROM users WHERE email LIKE 'load%'),
    (SELECT count(*) FROM story_revisions), pg_total_relation_size('story_revisions'),
    (SELECT count(*) FROM mock_answers), pg_total_relation_size('mock_answers')" |
  awk '{printf "database: %.1f MB for %d candidates; story_revisions %d rows, %.0f bytes each with indexes; mock_answers %d rows, %.0f bytes each",
    $1 / 1048576, $2, $3, $4 / ($3 ? $3 : 1), $5, $6 / ($5 ? $5 : 1)}')"

errors=$(sed -n 's/^errors (a status not wanted[^:]*: \([0-9]*\)$/\1/p' "$work/run.txt")
p99=$(sed -n 's/^latency of every answer as wanted: .*p99 *\([0-9.]*\) ms.*/\1/p' "$work/run.txt")
if [ "$mode" = steady ]; then
  say "target: zero errors and p99 < 50 ms: errors $errors, p99 $p99 ms: $(awk -v e="$errors" -v p="$p99" 'BEGIN {print (e == 0 && p < 50) ? "met" : "NOT met"}')"
  # The dashboard of one account with 1,000 stories (and 600 edits, as bench/web.sh), on node 1,
  # with the other candidates gone: its server time, CPU and statements per view.
  "$load" dashboard --port "$port1" --host "$HOST" --email dashboard@example.test \
    --invite "$(cat "$work/dash-invite.txt")" --stories "$DASH_STORIES" --edits 600 --views 0 \
    --session-out "$work/dash-session.txt" | tee -a "$summary"
  psql_ -c "SELECT pg_stat_statements_reset()" >/dev/null
  cpu1=$(ticks "$pid1") cpu_pg=$(pg_ticks)
  "$load" dashboard --port "$port1" --host "$HOST" --session "$work/dash-session.txt" \
    --stories 0 --edits 0 --views 200 --holding "$DASH_STORIES" | tee -a "$summary"
  c1=$(($(ticks "$pid1") - cpu1)) cpg=$(($(pg_ticks) - cpu_pg))
  stmts=$(psql_ -c "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")
  say "$(awk -v c="$c1" -v p="$cpg" -v hz="$hz" -v st="$stmts" 'BEGIN {
    printf "GET / with the dashboard account, per view: server CPU %.2f ms, PostgreSQL CPU %.2f ms, %.1f statements",
      c / hz * 1000 / 201, p / hz * 1000 / 201, st / 201 }')"
  psql_ -F $'\t' -c "SELECT calls, round(mean_exec_time::numeric, 3), round(total_exec_time::numeric, 1),
      left(regexp_replace(query, '\s+', ' ', 'g'), 110)
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY total_exec_time DESC LIMIT 6" |
    awk -F '\t' '{printf "  %7d  %7s  %8s  %s\n", $1, $2, $3, $4}' | tee -a "$summary"
fi
if [ "$mode" = kill ]; then
  kill -0 "$pid1" 2>/dev/null && say "node 1 still serving: $(curl -s -o /dev/null -w '%{http_code}' -H "Host: $HOST" "http://127.0.0.1:$port1/healthz")"
fi
{ grep -c 'answered 5' "$work/server1.err" "$work/server2.err" 2>/dev/null || true; } |
  sed 's|.*/server\([12]\).err:|server log: node \1 logged this many 5xx answers: |' | tee -a "$summary"
say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# bench/out/load.txt: the latest summary of every mode.
for m in steady restart kill capacity; do
  if [ -f "bench/out/load-$m.txt" ]; then
    cat "bench/out/load-$m.txt"
    echo
  fi
done >bench/out/load.txt
[ "$lost" -eq 0 ]
