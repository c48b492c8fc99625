#!/usr/bin/env bash
# relnav benchmark runner (issue 6): relnav against the SQL it replaces, and
# against SQLAlchemy, on generated clinic data.
#
# Runs against the PostgreSQL cluster that the environment points at (PGHOST,
# PGPORT, PGUSER, PGPASSWORD, as pg_virtualenv or test/bench/dev.sh set
# them), with relnav installed in it. `make bench` runs it through
# test/bench/bench.sh inside a throw-away cluster. The cluster should have
# pg_stat_statements in shared_preload_libraries (see server.conf); without
# it the server-side column shows "-".
#
# Method: pgbench -M prepared; for each workload the variants alternate in
# rounds (A, B, A, B, ...), with the same pgbench random seed for every
# variant of a round; at 1 client the server runs on CPU 1 and pgbench on
# CPU 0 (taskset), at 2 clients both are free; medians over the rounds. Before
# any timing, each relnav variant's result is compared with the hand-written
# statement's for a few keys: different results stop the run.
#
# Environment (defaults in brackets):
#   BENCH_USERS     users generated [100000]
#   BENCH_ROUNDS    rounds per workload and client count [5]
#   BENCH_SECONDS   seconds per pgbench run [8]
#   BENCH_CLIENTS   client counts [1 2]
#   BENCH_DOCS      W4: documents loaded per run [1000]
#   BENCH_SESSION_CALLS  S2: calls in the long session [300000]
#   BENCH_DB        database, created (or reused) [relnav_bench]
#   BENCH_REUSE     1: keep the data if BENCH_DB already holds the same
#                   generation (relnav is re-created all the same) [0]
#   BENCH_ONLY      workloads to run, e.g. "W1 W4"
#                   [W1 W2 W3 P1 P2 P3 P4 D1 D2 D3 R1 R2 T1 W4 S1 S2]
#   BENCH_OUT       the report [test/bench/results.md]
#   BENCH_RELNAV_BUILD  what the report names as the relnav measured
#                   [git HEAD when the run starts, "+ changes" if src is edited]
#   BENCH_PIN       at 1 client: split = server on CPU 1, client on CPU 0;
#                   same = both on CPU 1; off = no pinning [split]
#                   (on a VM, split adds the cross-CPU wake-up to every
#                   round trip: see the notes in results.md)
#
# Quick run: BENCH_USERS=20000 BENCH_ROUNDS=3 BENCH_SECONDS=2 BENCH_SESSION_CALLS=30000
set -euo pipefail

cd "$(dirname "$0")/../.."
BENCH_DIR=test/bench

NUSERS=${BENCH_USERS:-100000}
ROUNDS=${BENCH_ROUNDS:-5}
SECS=${BENCH_SECONDS:-8}
CLIENTS=${BENCH_CLIENTS:-1 2}
DOCS=${BENCH_DOCS:-1000}
SESSION_CALLS=${BENCH_SESSION_CALLS:-300000}
DB=${BENCH_DB:-relnav_bench}
REUSE=${BENCH_REUSE:-0}
ONLY=${BENCH_ONLY:-W1 W2 W3 P1 P2 P3 P4 D1 D2 D3 R1 R2 T1 W4 S1 S2}
OUT=${BENCH_OUT:-$BENCH_DIR/results.md}
PIN_MODE=${BENCH_PIN:-split}
PYTHON=/usr/bin/python3

WORK=results/bench
mkdir -p "$WORK"
RAW=$WORK/raw.tsv
: >"$RAW"
LOG=$WORK/run.log
: >"$LOG"

say() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }
psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
sql() { psql -X -qAt -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
want() { case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

start=$(date +%s)
RELNAV_BUILD=${BENCH_RELNAV_BUILD:-$(git log -1 --format='%h %cs' 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src 'relnav--*.sql' 2>/dev/null || echo ' + uncommitted changes')}
if [ -n "${PG_CLUSTER_CONF_ROOT:-}" ]; then
	CLUSTER="a throw-away cluster (pg_virtualenv)"
else
	CLUSTER="the cluster at ${PGHOST:-default socket}:${PGPORT:-5432}"
fi
psql -X -qAt -d postgres -c 'SELECT 1' >/dev/null ||
	die "cannot connect to PostgreSQL (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-})"

# --- the server process and CPU pinning ------------------------------------

NCPU=$(nproc)
POSTMASTER=$(psql -X -qAt -d postgres -c \
	"SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'" || true)
[ -n "$POSTMASTER" ] && POSTMASTER=$(ps -o ppid= -p "$POSTMASTER" | tr -d ' ')
PIN=0
if [ "$PIN_MODE" = off ]; then
	:
elif [ "$NCPU" -ge 2 ] && [ -n "$POSTMASTER" ] && command -v taskset >/dev/null &&
	taskset -a -p -c "0-$((NCPU - 1))" "$POSTMASTER" >/dev/null 2>&1; then
	PIN=1
else
	say "not pinning CPUs (need 2 CPUs, taskset and the postmaster's pid): numbers are noisier"
fi

# server_cpus LIST: the postmaster and its children (new backends inherit)
server_cpus() {
	[ "$PIN" = 1 ] || return 0
	local p
	for p in "$POSTMASTER" $(pgrep -P "$POSTMASTER" || true); do
		taskset -a -p -c "$1" "$p" >/dev/null 2>&1 || true
	done
}
# pin_for CLIENTS: sets CLIENT_CMD, the prefix that pins the client
CLIENT_CMD=()
pin_for() {
	if [ "$PIN" = 1 ] && [ "$1" = 1 ]; then
		server_cpus 1
		if [ "$PIN_MODE" = same ]; then CLIENT_CMD=(taskset -c 1); else CLIENT_CMD=(taskset -c 0); fi
	else
		server_cpus "0-$((NCPU - 1))"
		CLIENT_CMD=()
	fi
}

# --- data --------------------------------------------------------------------

GEN_SIG="users=$NUSERS gen=$(md5sum <$BENCH_DIR/gen_data.sql | cut -c1-12) clinic=$(md5sum <test/clinic.sql | cut -c1-12)"
have_db=$(psql -X -qAt -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$DB'")
reuse=0
if [ "$REUSE" = 1 ] && [ "$have_db" = 1 ] &&
	[ "$(sql "SELECT sig FROM bench_meta" 2>/dev/null || true)" = "$GEN_SIG" ]; then
	reuse=1
fi
GEN_SECS="-"
if [ "$reuse" = 1 ]; then
	say "reusing the data in database $DB ($GEN_SIG)"
else
	say "generating the data: $NUSERS users ..."
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null
	psql -X -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
	t0=$(date +%s.%N)
	psqlq -d "$DB" -v nusers="$NUSERS" -f $BENCH_DIR/gen_data.sql >>"$LOG"
	GEN_SECS=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
	sql "CREATE TABLE bench_meta AS SELECT '$GEN_SIG'::text AS sig"
	say "generated in ${GEN_SECS}s"
fi
counts=$(sql "SELECT (SELECT count(*) FROM users) || ' users, ' ||
                     (SELECT count(*) FROM kins) || ' kins, ' ||
                     (SELECT count(*) FROM appointments) || ' appointments, ' ||
                     (SELECT count(*) FROM profiles) || ' profiles, ' ||
                     (SELECT count(*) FROM user_speciality) || ' user_speciality rows, ' ||
                     (SELECT count(*) FROM specialities) || ' specialities'")
say "data: $counts"

# relnav afresh (a rebuilt relnav may bring new functions), 10 declarations
psql -X -q -d "$DB" >>"$LOG" 2>&1 <<'EOF'
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS relnav CASCADE;
DROP SCHEMA IF EXISTS bench_dummy CASCADE;
EOF
psqlq -d "$DB" -f $BENCH_DIR/declare.sql >>"$LOG"
# the org chart and the busy issue (R1, R2, T1, D3), made afresh with their
# declarations: a few seconds
if want R1 || want R2 || want T1 || want D3; then
	psqlq -d "$DB" -f $BENCH_DIR/gen_extra.sql >>"$LOG"
fi
NDECL=$(sql "SELECT count(*) FROM rel_relationships")

HAVE_PGSS=0
if sql "SHOW shared_preload_libraries" | grep -q pg_stat_statements; then
	sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
	HAVE_PGSS=1
else
	say "pg_stat_statements is not preloaded: no server-side times"
fi
# pg_prewarm, when there, loads tables and indexes before the first round
if sql "CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null 2>&1; then
	sql "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c
	      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')" >/dev/null
fi

has_fn() { [ "$(sql "SELECT count(*) FROM pg_proc WHERE proname = '$1'")" != 0 ]; }
declare -A AVAIL
for f in rel_navigate rel_rows rel_count rel_fetch rel_navigate_many rel_fetch_many; do
	if has_fn "$f"; then AVAIL[$f]=1; else AVAIL[$f]=0; say "$f is not available in this build"; fi
done

# --- variants --------------------------------------------------------------
# workload:variant  script  needs (a relnav function, or -)

W3_CALLS=$WORK/w3_calls.sql
{
	echo "-- 100 separate rel_navigate calls: one pgbench transaction = 100 users"
	for i in $(seq 1 100); do
		echo "\\set uid$i random(1, :nusers)"
		echo "SELECT * FROM rel_navigate('users', :uid$i, 'kins');"
	done
} >"$W3_CALLS"

# Every session loads relnav when it connects, so that the planner hook
# (relnav.inline) is there when the first statement is planned.  The
# relnav_off variants run the same script with relnav.inline off: each call
# its own statement, as before 0.3.
BASE_OPTS="-c session_preload_libraries=relnav"
declare -A SCRIPT NEEDS OPTS
SCRIPT[W1:relnav]=$BENCH_DIR/pgbench/w1_relnav.sql;        NEEDS[W1:relnav]=rel_navigate
SCRIPT[W1:hand]=$BENCH_DIR/pgbench/w1_hand.sql;            NEEDS[W1:hand]=-
SCRIPT[W2:relnav]=$BENCH_DIR/pgbench/w2_relnav.sql;        NEEDS[W2:relnav]=rel_fetch
SCRIPT[W2:hand]=$BENCH_DIR/pgbench/w2_hand.sql;            NEEDS[W2:hand]=-
SCRIPT[W3:relnav]=$BENCH_DIR/pgbench/w3_relnav.sql;        NEEDS[W3:relnav]=rel_navigate_many
SCRIPT[W3:hand]=$BENCH_DIR/pgbench/w3_hand.sql;            NEEDS[W3:hand]=-
SCRIPT[W3:hand_any]=$BENCH_DIR/pgbench/w3_hand_any.sql;    NEEDS[W3:hand_any]=-
SCRIPT[W3:calls]=$W3_CALLS;                                NEEDS[W3:calls]=rel_navigate
# P1-P4 (issue 13): relnav calls inside set-level SQL over an id range
SCRIPT[P1:relnav]=$BENCH_DIR/pgbench/p1_relnav.sql;        NEEDS[P1:relnav]=rel_count
SCRIPT[P1:hand]=$BENCH_DIR/pgbench/p1_hand.sql;            NEEDS[P1:hand]=-
SCRIPT[P2:relnav]=$BENCH_DIR/pgbench/p2_relnav.sql;        NEEDS[P2:relnav]=rel_rows
SCRIPT[P2:hand]=$BENCH_DIR/pgbench/p2_hand.sql;            NEEDS[P2:hand]=-
SCRIPT[P3:relnav]=$BENCH_DIR/pgbench/p3_relnav.sql;        NEEDS[P3:relnav]=rel_rows
SCRIPT[P3:hand]=$BENCH_DIR/pgbench/p3_hand.sql;            NEEDS[P3:hand]=-
SCRIPT[P4:relnav]=$BENCH_DIR/pgbench/p4_relnav.sql;        NEEDS[P4:relnav]=rel_fetch
SCRIPT[P4:hand]=$BENCH_DIR/pgbench/p4_hand.sql;            NEEDS[P4:hand]=-
# D1-D3 (issue 11): documents with clauses; D2 gives every call another
# literal (its shape is then not a constant: a call, whose plan is shared
# by shapes that differ only in their literals); D3 a page at OFFSET 10,000
# R1, R2 (issue 12): closures; T1: a tree document of about 780 nodes
for w in D1 D2 D3 R1 R2 T1; do
	lw=$(tr 'A-Z' 'a-z' <<<"$w")
	SCRIPT[$w:relnav]=$BENCH_DIR/pgbench/${lw}_relnav.sql
	SCRIPT[$w:hand]=$BENCH_DIR/pgbench/${lw}_hand.sql
	NEEDS[$w:hand]=-
done
NEEDS[D1:relnav]=rel_fetch; NEEDS[D2:relnav]=rel_fetch; NEEDS[D3:relnav]=rel_fetch
# D2's control: the same statement, always the same literal
SCRIPT[D2:relnav_one]=$BENCH_DIR/pgbench/d2_relnav_one.sql; NEEDS[D2:relnav_one]=rel_fetch
NEEDS[R1:relnav]=rel_navigate; NEEDS[R2:relnav]=rel_navigate; NEEDS[T1:relnav]=rel_fetch
for w in W1 W2 W3 P1 P2 P3 P4 D1 D2 D3 R1 R2 T1; do
	SCRIPT[$w:relnav_off]=${SCRIPT[$w:relnav]}
	NEEDS[$w:relnav_off]=${NEEDS[$w:relnav]}
	OPTS[$w:relnav_off]="-c relnav.inline=off"
done
# relnav_trust: relnav.trust_foreign_keys on, so a navigation from a key
# does not check that the source row exists (the foreign key says it does)
if [ "$(PGOPTIONS="$BASE_OPTS" sql "SELECT count(*) FROM pg_settings WHERE name = 'relnav.trust_foreign_keys'")" = 1 ]; then
	AVAIL[trust]=1
else
	AVAIL[trust]=0; say "relnav.trust_foreign_keys is not available in this build"
fi
for w in W1 W3; do
	SCRIPT[$w:relnav_trust]=${SCRIPT[$w:relnav]}
	NEEDS[$w:relnav_trust]=trust
	OPTS[$w:relnav_trust]="-c relnav.trust_foreign_keys=on"
done
VARIANTS_W1="relnav relnav_trust relnav_off hand"
VARIANTS_W2="relnav relnav_off hand"
VARIANTS_W3="relnav relnav_trust relnav_off hand hand_any calls"
VARIANTS_P="relnav relnav_off hand"

available() { local n=${NEEDS[$1]}; [ "$n" = - ] || [ "${AVAIL[$n]}" = 1 ]; }

# --- same results, or no timing ---------------------------------------------
# The script's statement run through psql with its variables given literally.

run_literal() {	# script, session options, then -v assignments
	local script=$1 opts=$2; shift 2
	grep -v '^\\set' "$script" |
		PGOPTIONS="$BASE_OPTS $opts" psql -X -qAt -v ON_ERROR_STOP=1 -d "$DB" -v nusers="$NUSERS" "$@"
}
# statements without ORDER BY are compared as sets of rows
SORTED=" P2 P3 R1 R2 "
check_same() {	# workload variant reference, then -v assignments
	local w=$1 a=$2 b=$3; shift 3
	local ra rb
	ra=$(run_literal "${SCRIPT[$w:$a]}" "${OPTS[$w:$a]:-}" "$@") || die "$w $a failed: see above"
	rb=$(run_literal "${SCRIPT[$w:$b]}" "${OPTS[$w:$b]:-}" "$@") || die "$w $b failed: see above"
	case $SORTED in *" $w "*) ra=$(sort <<<"$ra"); rb=$(sort <<<"$rb") ;; esac
	if [ "$ra" != "$rb" ]; then
		diff <(echo "$ra") <(echo "$rb") | head -20 >&2
		die "$w: $a and $b return different results for $* (diff above): not timing"
	fi
}
checked=""
for w in W1 W2 W3 P1 P2 P3 P4 D1 D2 D3 R1 R2 T1; do
	want "$w" || continue
	for v in relnav relnav_one relnav_off relnav_trust hand_any; do
		[ -n "${SCRIPT[$w:$v]:-}" ] && available "$w:$v" || continue
		case $w in
		W1|W2) for uid in 1 2 3 4 5 17 4242 $((NUSERS / 2)) "$NUSERS"; do
				check_same "$w" "$v" hand -v uid="$uid"
			done ;;
		W3) for seed in 1 2 3 77 123456; do
				check_same "$w" "$v" hand -v seed="$seed"
			done ;;
		P*) for lo in 1 2 500 4242 $((NUSERS / 2)) $((NUSERS - 199)); do
				check_same "$w" "$v" hand -v lo="$lo"
			done ;;
		D1) for uid in 1 7 4242 "$NUSERS"; do
				check_same "$w" "$v" hand -v uid="$uid"
			done ;;
		D2) for r in 1 2 3 4 5; do
				check_same "$w" "$v" hand -v uid=77 -v r="$r"
			done ;;
		D3) check_same "$w" "$v" hand ;;
		R1) for root in 7 19 31; do
				check_same "$w" "$v" hand -v root="$root"
			done ;;
		R2) for leaf in 20001 77777 100000; do
				check_same "$w" "$v" hand -v leaf="$leaf"
			done ;;
		T1) for root in 32 100 156; do
				check_same "$w" "$v" hand -v root="$root"
			done ;;
		esac
		checked="$checked $w:$v"
	done
done
# the key sets with repeats and NULLs: rel_navigate_many vs the hand-written
if want W3 && available W3:relnav; then
	for ids in '{3,1,2,1,3}' '{5,NULL,4}' '{}' "{$NUSERS,1,$((NUSERS + 1))}"; do
		a=$(sql "SELECT * FROM rel_navigate_many('users', '$ids'::int[], 'kins')")
		b=$(sql "SELECT k.user_id, to_jsonb(k)
		           FROM (SELECT id, min(ord) AS ord
		                   FROM unnest('$ids'::int[]) WITH ORDINALITY AS u(id, ord) GROUP BY id) u
		           JOIN kins k ON k.user_id = u.id ORDER BY u.ord, k.id")
		[ "$a" = "$b" ] || die "W3: rel_navigate_many and the hand-written query differ for $ids: not timing"
	done
fi
[ -n "$checked" ] && say "results checked, relnav = hand-written:$checked"

# --- pgbench runs -------------------------------------------------------------

pgss_reset() { [ "$HAVE_PGSS" = 1 ] && sql "SELECT pg_stat_statements_reset()" >/dev/null || true; }
# server time (ms) of every statement since the reset, but the pgss queries
pgss_total_ms() {
	if [ "$HAVE_PGSS" = 1 ]; then
		# planning too: an expanded call does part of its work there
		# (pg_stat_statements.track_planning, server.conf)
		sql "SELECT coalesce(sum(total_exec_time + total_plan_time), 0) FROM pg_stat_statements
		      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		        AND query NOT LIKE '%pg_stat_statements%'"
	else
		echo -
	fi
}

# bench_run WORKLOAD VARIANT CLIENTS ROUND [LABEL]: one pgbench run, one raw line
bench_run() {
	local w=$1 v=$2 c=$3 r=$4 label=${5:-$1} out tps n ms us
	out=$WORK/pgbench.$label.$v.$c.$r.log
	pgss_reset
	PGOPTIONS="$BASE_OPTS ${OPTS[$w:$v]:-}" \
	"${CLIENT_CMD[@]}" pgbench -n -M prepared -T "$SECS" -c "$c" -j "$c" \
		--random-seed=$((1000 + r)) -D nusers="$NUSERS" \
		-f "${SCRIPT[$w:$v]}" "$DB" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "pgbench failed: $label $v, $c clients"; }
	tps=$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$out")
	n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")
	ms=$(pgss_total_ms)
	if [ "$ms" = - ] || [ -z "$n" ] || [ "$n" = 0 ]; then us=-; else
		us=$(awk -v ms="$ms" -v n="$n" 'BEGIN { printf "%.1f", ms * 1000 / n }')
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$v" "$c" "$r" "$tps" "$us" >>"$RAW"
	say "$label $v c=$c round $r: $tps tps, server ${us} us/txn"
}

# bench_workload WORKLOAD VARIANTS CLIENT_COUNTS [LABEL]
bench_workload() {
	local w=$1 variants=$2 clients=$3 label=${4:-$1} c r v
	for v in $variants; do
		available "$w:$v" || printf '%s\t%s\t-\t-\tNA\t%s\n' "$label" "$v" "${NEEDS[$w:$v]}" >>"$RAW"
	done
	for c in $clients; do
		pin_for "$c"
		# warm-up: each variant once, briefly (plans, caches), not recorded
		for v in $variants; do
			available "$w:$v" || continue
			PGOPTIONS="$BASE_OPTS ${OPTS[$w:$v]:-}" \
			"${CLIENT_CMD[@]}" pgbench -n -M prepared -T 1 -c "$c" -j "$c" -D nusers="$NUSERS" \
				-f "${SCRIPT[$w:$v]}" "$DB" >/dev/null 2>&1 || true
		done
		for r in $(seq 1 "$ROUNDS"); do
			for v in $variants; do
				available "$w:$v" && bench_run "$w" "$v" "$c" "$r" "$label"
			done
		done
	done
}

want W1 && bench_workload W1 "$VARIANTS_W1" "$CLIENTS"
want W2 && bench_workload W2 "$VARIANTS_W2" "$CLIENTS"
want W3 && bench_workload W3 "$VARIANTS_W3" "$CLIENTS"
for w in P1 P2 P3 P4 D1 D3 R1 R2 T1; do
	want $w && bench_workload $w "$VARIANTS_P" "$CLIENTS"
done
want D2 && bench_workload D2 "relnav relnav_one relnav_off hand" "$CLIENTS"

# --- W4: through an ORM ---------------------------------------------------------

if want W4; then
	pin_for 1
	w4args=(--dbname "$DB" --nusers "$NUSERS" --docs "$DOCS" --rounds "$ROUNDS")
	if [ "${AVAIL[rel_fetch_many]}" != 1 ]; then
		w4args+=(--skip-relnav)
		printf 'W4\trelnav\t-\t-\tNA\trel_fetch_many\n' >>"$RAW"
	fi
	say "W4: $DOCS documents through SQLAlchemy and psycopg2, $ROUNDS rounds"
	"${CLIENT_CMD[@]}" "$PYTHON" $BENCH_DIR/orm.py "${w4args[@]}" >"$WORK/w4.out" 2>"$WORK/w4.err" ||
		{ cat "$WORK/w4.err" >&2; die "W4 failed"; }
	cat "$WORK/w4.err" >&2
	awk '$1 == "W4" { printf "%s\t%s\t%s\t%s\t%s\t%s\n", $1, $2, $3, $4, $5, $6 }' \
		"$WORK/w4.out" >>"$RAW"
fi

# --- S2: the length of a session ------------------------------------------------
# One pgbench session of SESSION_CALLS rel_navigate calls, each timed
# (per-transaction log); the first and the last third compared.

if want S2 && [ "${AVAIL[rel_navigate]}" = 1 ]; then
	pin_for 1
	say "S2: one session of $SESSION_CALLS rel_navigate calls"
	rm -f "$WORK"/s2.*
	"${CLIENT_CMD[@]}" pgbench -n -M prepared -c 1 -t "$SESSION_CALLS" --random-seed=7 \
		-D nusers="$NUSERS" -l --log-prefix="$WORK/s2" \
		-f "${SCRIPT[W1:relnav]}" "$DB" >"$WORK/pgbench.s2.log" 2>&1 ||
		{ cat "$WORK/pgbench.s2.log" >&2; die "pgbench failed: S2"; }
	# log lines: client_id transaction_no latency_us script_no epoch_s epoch_us
	awk -v n="$SESSION_CALLS" '
		{ i++; lat = $3; t = $5 + $6 / 1e6
		  if (i <= n / 3) { fs += lat; fn++; if (fn == 1) f0 = t - lat / 1e6; f1 = t }
		  if (i > n - n / 3) { ls += lat; ln++; if (ln == 1) l0 = t - lat / 1e6; l1 = t } }
		END { printf "S2\tfirst %d calls\t1\t1\t%.1f\t%.1f\n", fn, fn / (f1 - f0), fs / fn
		      printf "S2\tlast %d calls\t1\t1\t%.1f\t%.1f\n", ln, ln / (l1 - l0), ls / ln }' \
		"$WORK"/s2.* >>"$RAW"
	rm -f "$WORK"/s2.*
fi

# --- S1: the number of declarations --------------------------------------------
# W1 again, relnav against hand-written, with 10,000 relationships declared.

if want S1 && [ "${AVAIL[rel_navigate]}" = 1 ]; then
	say "S1: declaring 10,000 relationships"
	t0=$(date +%s.%N)
	NDECL_BIG=$(psqlq -At -d "$DB" -f $BENCH_DIR/scale_decls.sql)
	say "S1: $NDECL_BIG declared in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')s"
	bench_workload W1 "relnav hand" 1 "S1"
fi

server_cpus "0-$((NCPU - 1))"

# --- the report -------------------------------------------------------------------

PGVER=$(psql -X -qAt -d postgres -c 'SHOW server_version')
MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
"$PYTHON" $BENCH_DIR/report.py "$RAW" \
	--date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
	--machine "$NCPU CPUs, $MODEL, $(free -g | awk '/^Mem:/ { print $2 }') GB RAM" \
	--pg "PostgreSQL $PGVER" \
	--relnav "$RELNAV_BUILD" --cluster "$CLUSTER" \
	--data "$counts; generated in ${GEN_SECS}s" \
	--method "pgbench -M prepared, ${SECS}s runs, $ROUNDS rounds alternating the variants, medians; pinned at 1 client=$([ "$PIN" = 1 ] && echo "$PIN_MODE" || echo no); pg_stat_statements=$HAVE_PGSS; W4: $DOCS documents per run" \
	--decls "$NDECL" --decls-big "${NDECL_BIG:-}" \
	--out "$OUT"
say "report written to $OUT ($(($(date +%s) - start))s in all)"
