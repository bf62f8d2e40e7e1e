#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the `postgres` tests.
#
#   scripts/pg.sh            start (installing PostgreSQL if missing); prints the URL
#   scripts/pg.sh stop       stop the cluster (data kept in .pgdata/)
#   scripts/pg.sh clean      stop and delete .pgdata/
#   scripts/pg.sh status     is it running?
#
#   export NOTICES_TEST_PG_URL=$(scripts/pg.sh) && .venv/bin/python -m pytest -m postgres
#
# The cluster lives in the project's .pgdata/ (git-ignored; $NOTICES_PGDATA
# overrides), listens on 127.0.0.1:${NOTICES_PG_PORT:-55432} only, trusts local
# connections and has a database notices_test.  As root the server runs as the
# `postgres` user (initdb refuses root); when that user cannot reach the
# checkout (a clone under mktemp -d) the cluster lives in /tmp instead.  If a
# server already answers on the port (another checkout's), it is reused: the
# tests work in schemas of their own.  PostgreSQL is installed with apt-get
# when missing (Debian).  Only the URL goes to stdout; messages go to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=${NOTICES_PG_PORT:-55432}
DATA=${NOTICES_PGDATA:-$ROOT/.pgdata}
# As root the server runs as `postgres`, which cannot reach a checkout under a
# private directory (mktemp -d): the cluster then lives in /tmp instead.
if [ -z "${NOTICES_PGDATA:-}" ] && [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1 \
        && ! runuser -u postgres -- test -x "$ROOT"; then
    DATA=/tmp/notices-pgdata-$PORT
fi
DB=notices_test
URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"

say() { printf 'pg.sh: %s\n' "$*" >&2; }

pg_bin() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then
        printf '%s\n' "$d"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

install_server() {
    [ -n "$(pg_bin)" ] && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        say "PostgreSQL server not found; install it (Debian: apt-get install -y postgresql)"
        exit 1
    fi
    say "installing PostgreSQL (apt-get install -y postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q postgresql >&2; then
        apt-get update -q >&2
        apt-get install -y -q postgresql >&2
    fi
    [ -n "$(pg_bin)" ] || { say "installation did not provide initdb"; exit 1; }
}

# Run a server binary as the cluster owner: `postgres` when we are root.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

is_running() {
    local bin
    bin=$(pg_bin)
    [ -n "$bin" ] && [ -f "$DATA/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
    install_server
    local bin
    bin=$(pg_bin)
    if is_running; then
        :
    elif "$bin/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
        # another checkout's cluster (tests use schemas of their own, so sharing is safe)
        say "reusing the PostgreSQL server already listening on 127.0.0.1:$PORT"
    else
        init_cluster "$bin"
        say "starting PostgreSQL on 127.0.0.1:$PORT"
        as_owner "$bin/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
            -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA -c fsync=off" start >/dev/null
    fi
    local psql=("$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -XAtq)
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
        "${psql[@]}" -c "CREATE DATABASE $DB" >/dev/null
        say "created database $DB"
    fi
    printf '%s\n' "$URL"
}

init_cluster() {
    local bin=$1
    [ -f "$DATA/PG_VERSION" ] && return 0
    say "initialising a cluster in $DATA"
    mkdir -p "$DATA"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$DATA"
        if ! runuser -u postgres -- test -w "$DATA"; then
            say "user postgres cannot write $DATA; set NOTICES_PGDATA to a directory it can reach"
            exit 1
        fi
    fi
    chmod 700 "$DATA"
    as_owner "$bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
}

stop() {
    if is_running; then
        as_owner "$(pg_bin)/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
        say "stopped"
    else
        say "not running"
    fi
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    clean) stop; rm -rf "$DATA"; say "removed $DATA" ;;
    status) if is_running; then say "running: $URL"; else say "not running"; exit 3; fi ;;
    url) printf '%s\n' "$URL" ;;
    *) say "usage: scripts/pg.sh [start|stop|clean|status|url]"; exit 2 ;;
esac
