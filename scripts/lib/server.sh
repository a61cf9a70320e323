# Sourced by scripts that drive a real tpmprep server (bench/web.sh, tests/api/run.sh).
# start_server BIN: starts `BIN serve --port 0` over a fresh temporary data and config dir, waits for
# the address it prints, and sets `url` (http://127.0.0.1:PORT), `server` (its pid) and `work` (the
# temporary dir, for the caller's own files too). The server is stopped and `work` removed on exit.

server=""
work=""

stop_server() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  [ -z "$work" ] || rm -rf "$work"
}

start_server() {
  local bin=$1
  work=$(mktemp -d)
  trap stop_server EXIT
  TPMPREP_DATA_DIR="$work/data" TPMPREP_CONFIG_DIR="$work/config" \
    "$bin" serve --port 0 >"$work/server.out" 2>"$work/server.err" &
  server=$!
  url=""
  for _ in $(seq 100); do
    url=$(sed -n 's|^tpmprep is running at \(http://[^ ]*\)/$|\1|p' "$work/server.out" | head -1)
    [ -n "$url" ] && return 0
    kill -0 "$server" 2>/dev/null || { cat "$work/server.err" >&2; return 1; }
    sleep 0.1
  done
  echo "the server printed no address" >&2
  return 1
}
