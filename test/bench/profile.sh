#!/usr/bin/env bash
# Instructions per call, counted by callgrind: the benchmark's measure that
# stays steady on a noisy machine. For a private cluster made by
# test/bench/dev.sh (never for a shared one: it restarts the server).
#
#   test/bench/profile.sh ROOT PORT [SCRIPT ...]
#
# Stops the cluster in ROOT, starts it under valgrind --tool=callgrind
# (every backend writes OUT/cg.PID), and runs each pgbench script twice in a
# fresh session, N and N + DELTA transactions; the difference of the two
# backends' instruction totals over DELTA is the cost of one transaction,
# without connection start-up. Then it restarts the cluster normally.
# Scripts default to the W1-W3 pairs of test/bench/pgbench; the database
# (BENCH_DB, default relnav_bench) must hold the data (run run.sh once).
#
#   PROFILE_OUT   where callgrind files go [/tmp/relnav-profile]
#   PROFILE_DELTA transactions counted per script [w1: 1000, w2: 200, w3: 30, else 100]
#
# Keeps the larger run's file of each script as OUT/NAME.callgrind, for
#   callgrind_annotate --inclusive=yes OUT/w1_relnav.callgrind | less
set -euo pipefail
root=${1:?usage: profile.sh ROOT PORT [SCRIPT ...]}
port=${2:?usage: profile.sh ROOT PORT [SCRIPT ...]}
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$root/usr/lib/postgresql/15/bin
out=${PROFILE_OUT:-/tmp/relnav-profile}
DB=${BENCH_DB:-relnav_bench}
export PGHOST=$root/run PGPORT=$port PGUSER=postgres
command -v valgrind >/dev/null || { echo "profile: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
[ -x "$bin/postgres" ] || { echo "profile: no PostgreSQL in $root (run test/bench/dev.sh first)" >&2; exit 1; }

if [ $# -eq 0 ]; then
	set -- "$top"/test/bench/pgbench/w1_relnav.sql "$top"/test/bench/pgbench/w1_hand.sql \
		"$top"/test/bench/pgbench/w2_relnav.sql "$top"/test/bench/pgbench/w2_hand.sql \
		"$top"/test/bench/pgbench/w3_relnav.sql "$top"/test/bench/pgbench/w3_hand.sql
fi

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
rm -rf "$out" && mkdir -p "$out"
[ "$(id -u)" = 0 ] && chown postgres "$out"

restart_normally() {
	as_postgres "$bin/pg_ctl -D $root/data -m fast stop" >/dev/null 2>&1 || true
	DEV_NO_BUILD=1 "$top/test/bench/dev.sh" "$root" "$port" >/dev/null 2>&1 ||
		echo "profile: could not restart the cluster normally: run test/bench/dev.sh $root $port" >&2
}
trap restart_normally EXIT

as_postgres "$bin/pg_ctl -D $root/data -m fast stop" >/dev/null 2>&1 || true
as_postgres "cd $out && nohup valgrind --tool=callgrind --trace-children=yes \
	--callgrind-out-file=$out/cg.%p $bin/postgres -D $root/data -p $port -k $root/run \
	-c listen_addresses= -c shared_buffers=1GB -c autovacuum=off >$out/server.log 2>&1 &"
for _ in $(seq 1 180); do
	psql -X -qAt -d "$DB" -c 'SELECT 1' >/dev/null 2>&1 && break
	sleep 1
done
psql -X -qAt -d "$DB" -c 'SELECT 1' >/dev/null || { echo "profile: server under valgrind did not start" >&2; exit 1; }
nusers=$(psql -X -qAt -d "$DB" -c 'SELECT count(*) FROM users')

# run SCRIPT N: instruction total of the backend that ran it
run() {
	local before f v best=0 bf=
	before=$(ls "$out"/cg.* 2>/dev/null | sort || true)
	pgbench -n -M prepared -c 1 -t "$2" --random-seed=3 -D nusers="$nusers" -f "$1" "$DB" \
		>"$out/pgbench.log" 2>&1 || { cat "$out/pgbench.log" >&2; exit 1; }
	sleep 2	# the backend writes its file as it exits
	for f in $(comm -13 <(echo "$before") <(ls "$out"/cg.* | sort)); do
		v=$(awk '/^summary:/ { print $2 }' "$f")
		if [ "${v:-0}" -gt "$best" ]; then best=$v; bf=$f; fi
	done
	echo "$bf" >"$out/last"
	echo "$best"
}

printf '%-22s %16s\n' script "instructions/txn"
for s in "$@"; do
	name=$(basename "$s" .sql)
	case $name in
	w1*) delta=1000 ;; w2*) delta=200 ;; w3*) delta=30 ;; *) delta=100 ;;
	esac
	delta=${PROFILE_DELTA:-$delta}
	n1=$((delta / 5 + 1))
	a=$(run "$s" "$n1")
	b=$(run "$s" $((n1 + delta)))
	mv "$(cat "$out/last")" "$out/$name.callgrind"
	printf '%-22s %16d\n' "$name" $(((b - a) / delta))
done
