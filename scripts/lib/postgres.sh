# shellcheck shell=bash
# Sourced by scripts/test and scripts/with-postgres (bash; works under `set -euo pipefail`).
#
# pg_start: starts a throwaway PostgreSQL server for the tests and exports
#   TPMPREP_TEST_DATABASE_URL=postgres://tpmprep@127.0.0.1:PORT/tpmprep_test_XXXXXXXX
# The cluster lives in a fresh temporary dir (data, unix socket, logs); it listens on 127.0.0.1 only,
# on a free port picked at run time (another one is tried if the port is taken before the server binds
# it), trusts local connections only, runs with fsync off, and its role `tpmprep` is a superuser (tests
# may create databases and schemas). The server binaries come from PATH (`initdb`) or the highest
# /usr/lib/postgresql/*/bin; Debian's `postgresql` is installed with apt-get when neither has them.
# PostgreSQL refuses to run as root: as root the server runs as the system user `tpmprep-pg` (created
# when absent; `nobody` if it cannot be; TPMPREP_PG_USER names another).
#
# pg_stop: stops the server (pg_ctl stop -m fast; the server's processes are killed if that fails) and
# removes the temporary dir. pg_start makes it run when the script exits (success, failure or Ctrl-C),
# before any EXIT trap set earlier, which still runs after it and sees the same exit status; it also
# makes SIGTERM and SIGHUP exit the script (so the EXIT trap runs) unless they are trapped already.
# A later plain `trap … EXIT` would replace this one: add to it instead.
#
# Also set for the caller: pg_port, pg_database, pg_dir (the temporary dir), pg_bindir.
# TPMPREP_PG_TIMEOUT (seconds, default 60) bounds the wait for the server to accept connections.

# shellcheck source=scripts/lib/need.sh
. "$(dirname "${BASH_SOURCE[0]}")/need.sh"

# Sourcing this file again keeps the state of a server already started.
pg_dir=${pg_dir:-}
pg_port=${pg_port:-}
pg_database=${pg_database:-}
pg_bindir=${pg_bindir:-}
_pg_role=tpmprep
_pg_runas=${_pg_runas:-}         # the OS user the server runs as when we are root; empty: ours
_pg_owner=${_pg_owner:-}         # the shell ($BASHPID) that started the server; only it stops it
_pg_prev_exit=${_pg_prev_exit:-} # the EXIT trap set before pg_start, run after pg_stop

# The directory holding initdb, pg_ctl and postgres: initdb on PATH first, else Debian's highest version.
_pg_find_bindir() {
  local p d
  if p=$(command -v initdb 2>/dev/null) && [ -n "$p" ]; then
    d=$(dirname "$(readlink -f "$p")")
    if [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      printf '%s\n' "$d"
      return 0
    fi
  fi
  while IFS= read -r d; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      printf '%s\n' "$d"
      return 0
    fi
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
  return 1
}

# A client tool, from the server's bin dir when it is there, else from PATH.
_pg_tool() {
  if [ -x "$pg_bindir/$1" ]; then
    printf '%s\n' "$pg_bindir/$1"
  else
    command -v "$1"
  fi
}

# Runs a command as the server's user, from inside the temporary dir (the caller's working directory
# may be closed to that user).
_pg_as() {
  if [ -z "$_pg_runas" ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    (cd "$pg_dir" && runuser -u "$_pg_runas" -- "$@")
  else
    (cd "$pg_dir" && su -s /bin/sh "$_pg_runas" -c "$(printf '%q ' "$@")")
  fi
}

# As root: the unprivileged user to run the server as, created when absent.
_pg_pick_user() {
  local user=${TPMPREP_PG_USER:-tpmprep-pg} i
  for i in 1 2 3; do
    id -u "$user" >/dev/null 2>&1 && break
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin --comment "tpmprep test PostgreSQL" "$user" >/dev/null 2>&1 || sleep "$i"
  done
  if id -u "$user" >/dev/null 2>&1; then
    printf '%s\n' "$user"
  else
    echo "could not create the user $user; the test PostgreSQL runs as nobody" >&2
    printf 'nobody\n'
  fi
}

# A TCP port on 127.0.0.1 free right now: the OS picks one (python3), else random ports are probed.
_pg_free_port() {
  local port i
  port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null) || port=""
  if [[ $port =~ ^[0-9]+$ ]]; then
    printf '%s\n' "$port"
    return 0
  fi
  for i in $(seq 50); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 30000))
    # A refused connection means nothing listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  echo "found no free TCP port on 127.0.0.1" >&2
  return 1
}

# _pg_fail MESSAGE LOG…: says what failed and shows the end of each log (names in $pg_dir).
_pg_fail() {
  local log
  echo "PostgreSQL for the tests: $1" >&2
  shift
  for log in "$@"; do
    log=$pg_dir/$log
    if [ -s "$log" ]; then
      echo "--- last lines of $(basename "$log") ---" >&2
      tail -n 40 "$log" >&2
    fi
  done
  return 1
}

# Does the server accept connections? pg_isready when there is one, else psql.
_pg_ready() {
  if [ -n "$1" ]; then
    "$1" -q -h 127.0.0.1 -p "$pg_port" -U "$_pg_role" -d postgres -t 2
  else
    "$(_pg_tool psql)" -qAtX -h 127.0.0.1 -p "$pg_port" -U "$_pg_role" -d postgres -c 'select 1' \
      >/dev/null 2>&1
  fi
}

_pg_return() { return "$1"; }

_pg_on_exit() {
  local rc=$?
  pg_stop || true
  if [ -n "$_pg_prev_exit" ]; then
    # The earlier trap sees the script's exit status in $?, as it would have without this one.
    if [ "$rc" -eq 0 ]; then
      eval "$_pg_prev_exit"
    else
      _pg_return "$rc" || eval "$_pg_prev_exit"
    fi
  fi
}

_pg_install_traps() {
  local prev words
  prev=$(trap -p EXIT)
  case $prev in
    *_pg_on_exit*) ;;
    "") _pg_prev_exit="" ;;
    *)
      eval "words=($prev)" # trap -- 'COMMAND' EXIT
      _pg_prev_exit=${words[2]}
      ;;
  esac
  trap _pg_on_exit EXIT
  # Without a trap, bash killed by SIGTERM or SIGHUP exits without running the EXIT trap.
  [ -n "$(trap -p TERM)" ] || trap 'exit 143' TERM
  [ -n "$(trap -p HUP)" ] || trap 'exit 129' HUP
}

pg_stop() {
  local pidfile pid
  [ -n "$pg_dir" ] || return 0
  [ "$_pg_owner" = "$BASHPID" ] || return 0 # a subshell never stops its parent's server
  pidfile="$pg_dir/data/postmaster.pid"
  if [ -f "$pidfile" ]; then
    pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
    if ! _pg_as "$pg_bindir/pg_ctl" -D "$pg_dir/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
      # Then an immediate shutdown (SIGQUIT), and at last SIGKILL for the server's children and itself.
      if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        echo "PostgreSQL did not stop; killing its processes" >&2
        kill -QUIT "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
          kill -0 "$pid" 2>/dev/null || break
          sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
          pkill -KILL -P "$pid" 2>/dev/null || true
          kill -KILL "$pid" 2>/dev/null || true
        fi
      fi
    fi
  fi
  rm -rf "$pg_dir"
  pg_dir=""
}

pg_start() {
  local initdb pg_ctl pg_isready createdb attempt deadline started=""
  if [ -n "$pg_dir" ]; then
    echo "pg_start: a PostgreSQL server is running already (in $pg_dir)" >&2
    return 1
  fi

  if ! pg_bindir=$(_pg_find_bindir); then
    need initdb postgresql
    pg_bindir=$(_pg_find_bindir) || {
      echo "PostgreSQL's initdb/pg_ctl are neither on PATH nor under /usr/lib/postgresql/*/bin" >&2
      return 1
    }
  fi
  initdb=$pg_bindir/initdb
  pg_ctl=$pg_bindir/pg_ctl
  pg_isready=$(_pg_tool pg_isready) || pg_isready=""
  createdb=$(_pg_tool createdb) || {
    echo "PostgreSQL's createdb is missing (looked in $pg_bindir and on PATH)" >&2
    return 1
  }

  _pg_runas=""
  if [ "$(id -u)" -eq 0 ]; then
    _pg_runas=$(_pg_pick_user)
  fi

  pg_dir=$(mktemp -d -t tpmprep-pg.XXXXXXXX)
  _pg_owner=$BASHPID
  _pg_install_traps
  [ -z "$_pg_runas" ] || chown "$_pg_runas:" "$pg_dir"
  # A unix socket's path has at most 107 bytes, and $TMPDIR may be closed to the server's user:
  # then /tmp.
  if [ "${#pg_dir}" -gt 80 ] || ! _pg_as test -w "$pg_dir"; then
    rm -rf "$pg_dir"
    pg_dir=$(mktemp -d /tmp/tpmprep-pg.XXXXXXXX)
    [ -z "$_pg_runas" ] || chown "$_pg_runas:" "$pg_dir"
  fi
  _pg_as mkdir "$pg_dir/data" "$pg_dir/sock"
  chmod 700 "$pg_dir/data"

  if ! _pg_as "$initdb" -D "$pg_dir/data" -U "$_pg_role" --auth=trust --encoding=UTF8 --locale=C \
    --no-sync >"$pg_dir/initdb.log" 2>&1; then
    _pg_fail "initdb failed" initdb.log
    return 1
  fi
  # Local connections only: the unix socket and 127.0.0.1.
  printf '%s\n' \
    'local all all              trust' \
    'host  all all 127.0.0.1/32 trust' >"$pg_dir/data/pg_hba.conf"
  # The port is given on the command line, so a retry can change it.
  printf '%s\n' \
    '' '# scripts/lib/postgres.sh: a throwaway cluster for the tests' \
    "listen_addresses = '127.0.0.1'" \
    "unix_socket_directories = '${pg_dir//\'/\'\'}/sock'" \
    'unix_socket_permissions = 0700' \
    'fsync = off' \
    'synchronous_commit = off' \
    'full_page_writes = off' \
    'max_connections = 200' >>"$pg_dir/data/postgresql.conf"

  for attempt in 1 2 3 4 5; do
    pg_port=$(_pg_free_port) || return 1
    rm -f "$pg_dir/postgres.log"
    if _pg_as "$pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -o "-p $pg_port" \
      -w -t "${TPMPREP_PG_TIMEOUT:-60}" start >"$pg_dir/pg_ctl.log" 2>&1; then
      started=1
      break
    fi
    # Another process took the port between our choice and the server's bind: try another one.
    if grep -qE 'could not bind|could not create any TCP/IP|Address already in use' \
      "$pg_dir/postgres.log" 2>/dev/null && [ "$attempt" -lt 5 ]; then
      echo "port $pg_port was taken; trying another" >&2
      continue
    fi
    break
  done
  [ -n "$started" ] || {
    _pg_fail "the server did not start (port $pg_port)" pg_ctl.log postgres.log
    return 1
  }

  deadline=$((SECONDS + ${TPMPREP_PG_TIMEOUT:-60}))
  until _pg_ready "$pg_isready"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      _pg_fail "the server accepts no connections on 127.0.0.1:$pg_port after ${TPMPREP_PG_TIMEOUT:-60} s" \
        postgres.log
      return 1
    fi
    sleep 0.2
  done

  pg_database=tpmprep_test_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
  if ! "$createdb" -h 127.0.0.1 -p "$pg_port" -U "$_pg_role" "$pg_database" >"$pg_dir/createdb.log" 2>&1; then
    _pg_fail "createdb $pg_database failed" createdb.log postgres.log
    return 1
  fi
  export TPMPREP_TEST_DATABASE_URL="postgres://$_pg_role@127.0.0.1:$pg_port/$pg_database"
  echo "$("$pg_bindir/postgres" --version) at $TPMPREP_TEST_DATABASE_URL" \
    "(server user ${_pg_runas:-$(id -un)}, dir $pg_dir)" >&2
}
