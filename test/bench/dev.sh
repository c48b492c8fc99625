#!/usr/bin/env bash
# Development helper: (re)build relnav into a private PostgreSQL with
# test/dev-cluster.sh, then restart that cluster with what the benchmark
# needs (pg_stat_statements preloaded, the same settings `make bench` uses).
#
#   test/bench/dev.sh [ROOT] [PORT]        default /tmp/pgdev-bench 5541
#   RELNAV_TREE=DIR test/bench/dev.sh ...  build relnav from DIR instead
#   eval "$(test/bench/dev.sh ...)"        exports PGHOST/PGPORT/PGUSER
#   test/bench/run.sh                      then runs against that cluster
set -euo pipefail
root=${1:-/tmp/pgdev-bench}
port=${2:-5541}
top=$(cd "$(dirname "$0")/../.." && pwd)
# RELNAV_TREE: build relnav from another checkout (say a `git archive` of
# HEAD while the work tree is half edited); default this repository.
# DEV_NO_BUILD=1: only restart the cluster with the benchmark's settings.
if [ "${DEV_NO_BUILD:-0}" != 1 ]; then
    "${RELNAV_TREE:-$top}/test/dev-cluster.sh" "$root" "$port" >/dev/null
fi
bin=$root/usr/lib/postgresql/15/bin
opts="-p $port -k $root/run -c listen_addresses="
while IFS= read -r line; do
    case $line in ''|'#'*) continue ;; esac
    opts="$opts -c $line"
done <"$top/test/bench/server.conf"
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
run "$bin/pg_ctl -D $root/data -m fast stop >/dev/null 2>&1" || true
run "$bin/pg_ctl -D $root/data -o '$opts' -l $root/server.log -w start >/dev/null"
echo "export PGHOST=$root/run PGPORT=$port PGUSER=postgres"
