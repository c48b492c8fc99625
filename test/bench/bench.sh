#!/usr/bin/env bash
# `make bench`: the benchmark in a throw-away PostgreSQL 15 cluster with the
# settings of test/bench/server.conf (pg_stat_statements preloaded).
# relnav must be installed already (make build-install), and the packages of
# test/deps.sh and test/bench/deps.sh present. BENCH_* variables pass
# through to run.sh (quick run: BENCH_ROUNDS=3 BENCH_SECONDS=2 ...).
set -euo pipefail
cd "$(dirname "$0")/../.."
unset MAKEFLAGS MFLAGS MAKELEVEL
opts=()
while IFS= read -r line; do
	case $line in '' | '#'*) continue ;; esac
	opts+=(-o "$line")
done <test/bench/server.conf
exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 pg_virtualenv -t -v 15 "${opts[@]}" test/bench/run.sh
