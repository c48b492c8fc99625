#!/usr/bin/env bash
# A private PostgreSQL 15 for one developer: a relocated copy of the system
# installation under ROOT, relnav built from the current tree and installed
# into it, and a cluster on PORT (socket in ROOT/run) run by user postgres.
# Several developers can build and test side by side without overwriting
# each other's relnav.so in the system directories.
#
#   test/dev-cluster.sh ROOT PORT          (re)install relnav, (re)start cluster
#   test/dev-cluster.sh ROOT PORT stop
#
# Then: export PGHOST=ROOT/run PGPORT=PORT PGUSER=postgres; psql ...
# pg_regress: ROOT/usr/lib/postgresql/15/lib/pgxs/src/test/regress/pg_regress
#   --use-existing --host=ROOT/run --port=PORT --user=postgres --inputdir=. TEST...
set -euo pipefail
root=${1:?usage: dev-cluster.sh ROOT PORT [stop]}
port=${2:?usage: dev-cluster.sh ROOT PORT [stop]}
bin=$root/usr/lib/postgresql/15/bin
data=$root/data
run=$root/run
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

if [ "${3:-}" = stop ]; then
    as_postgres "$bin/pg_ctl -D $data -m fast stop" || true
    exit 0
fi

if [ ! -x "$bin/postgres" ]; then
    mkdir -p "$root/usr/lib/postgresql" "$root/usr/share/postgresql"
    cp -a /usr/lib/postgresql/15 "$root/usr/lib/postgresql/"
    cp -a /usr/share/postgresql/15 "$root/usr/share/postgresql/"
fi
if [ ! -d "$root/usr/include/postgresql" ]; then
    mkdir -p "$root/usr/include"
    cp -a /usr/include/postgresql "$root/usr/include/"
fi
# build in a copy, so that builds of several developers never share objects
top=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$root/build" && mkdir -p "$root/build"
cp -r "$top/src" "$top/Makefile" "$top"/relnav.control "$top"/relnav--*.sql "$root/build/"
make -C "$root/build" -s PG_CONFIG="$bin/pg_config" >/dev/null
make -C "$root/build" -s PG_CONFIG="$bin/pg_config" install >/dev/null

mkdir -p "$run"
if [ "$(id -u)" = 0 ]; then chown -R postgres "$root"; fi
if [ ! -d "$data" ]; then
    as_postgres "$bin/initdb -D $data -A trust -U postgres >/dev/null"
fi
as_postgres "$bin/pg_ctl -D $data -m fast stop >/dev/null 2>&1 || true"
as_postgres "$bin/pg_ctl -D $data -o '-p $port -k $run -c listen_addresses=' -l $root/server.log -w start >/dev/null"
echo "PGHOST=$run PGPORT=$port PGUSER=postgres"
