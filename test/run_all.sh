#!/usr/bin/env bash
# Run every relnav test against the PostgreSQL cluster that the environment
# points at, and end with the line "N passed, M failed".
#
# Meant to run inside pg_virtualenv, which starts a throw-away cluster and
# exports PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE and PG_CONFIG:
#
#     pg_virtualenv -t -v 15 test/run_all.sh      (what `make test` does)
#
# The extension must already be installed (`make install`).
#
#   1. regression tests   sql/*.sql, expected/*.out    (PGXS installcheck),
#                         twice: relnav.inline on (the default), then off
#   2. isolation specs    test/isolation/specs/*.spec  (PGXS installcheck)
#   3. script tests       test/t/*.sh, each executable: exit 0 = pass
#
# Each section counts its tests one by one; a section that fails to run at
# all counts its tests that produced no result (at least one) as failed.
set -euo pipefail

cd "$(dirname "$0")/.."

# Behave the same whether started by make or by hand: flags and jobserver
# descriptors of an outer make do not reach through pg_virtualenv intact.
unset MAKEFLAGS MFLAGS MAKELEVEL
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}

# Hung tests must not hold CI for an hour: generous per-section limits.
SECTION_TIMEOUT=${RELNAV_SECTION_TIMEOUT:-900}
SCRIPT_TIMEOUT=${RELNAV_SCRIPT_TIMEOUT:-300}

SUMMARY=results/summary.txt
mkdir -p results output_t
rm -f "$SUMMARY" regression.diffs regression.out output_iso/regression.diffs results/regress.diffs results/regress_inline_off.diffs

passed=0
failed=0
faillist=$(mktemp)	# names of failed tests, for the recap
trap 'rm -f "$faillist"' EXIT

# count_pg_regress LOG EXPECTED STATUS LABEL
# Count pg_regress's per-test lines in LOG (PG 15 format:
# "test NAME ... ok   12 ms", "test NAME ... FAILED   12 ms").
count_pg_regress() {
	local log=$1 expected=$2 status=$3 label=$4 ok bad seen
	ok=$(grep -cE '^(test |     )\S+ +\.\.\. ok' "$log" || true)
	bad=$(grep -cE '^(test |     )\S+ +\.\.\. (FAILED|failed)' "$log" || true)
	seen=$((ok + bad))
	if [ "$seen" -lt "$expected" ]; then
		echo "relnav: $label: only $seen of $expected tests reported a result (exit status $status)"
		bad=$((bad + expected - seen))
		echo "$label: $((expected - seen)) without result" >>"$faillist"
	elif [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "relnav: $label: runner exited with status $status"
		bad=1
		echo "$label: runner" >>"$faillist"
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
	grep -oE '^(test |     )\S+ +\.\.\. (FAILED|failed)' "$log" |
		awk '{print $(NF-2)}' >>"$faillist" || true
}

# wait_ready: a test that crashes the server leaves it restarting for a
# moment, and the postmaster may notice the crash only after the next test
# has begun. So after any new failure, give it time to notice, then wait
# until it accepts connections again: a crash is counted once, against the
# test that caused it, and does not also fail whatever runs next.
failed_seen=0
wait_ready() {
	local _
	if [ "$failed" -gt "$failed_seen" ]; then
		failed_seen=$failed
		sleep 2
	fi
	for _ in $(seq 60); do
		pg_isready -q && return 0
		sleep 0.5
	done
	echo "relnav: the server is not accepting connections after 30 s"
}

# rerun_after_crash LABEL VAR OTHER
# A test that crashes the server takes the tests right after it down too:
# they cannot connect while the server restarts, and pg_regress reports
# them, like the test that crashed, as "test process exited with exit code
# 2".  Run each of those but the first (the one that crashed) again, alone,
# once the server accepts connections, and count that result instead (its
# diffs join the section's), so that a crash counts once, against its test.
rerun_after_crash() {
	local label=$1 var=$2 other=$3 log=results/$1.log diffs=regression.diffs
	local again=() saved name line
	mapfile -t again < <(sed -nE 's/^(test |     )(\S+) +\.\.\. FAILED \(test process exited with exit code 2\).*/\2/p' "$log")
	[ ${#again[@]} -gt 1 ] || return 0
	[ "$label" = isolation ] && diffs=output_iso/regression.diffs
	saved=$(mktemp)
	cat "$diffs" >"$saved" 2>/dev/null || true
	for name in "${again[@]:1}"; do
		sleep 2
		wait_ready
		timeout "$SECTION_TIMEOUT" make -s --no-print-directory installcheck \
			"$var=$name" "$other=" >"results/$label-again.log" 2>&1 || true
		line=$(grep -E "^(test |     )$name +\.\.\. " "results/$label-again.log" | head -n 1 || true)
		[ -n "$line" ] || line="test $name ... FAILED (run again after a crash: no result)"
		echo "$line (run again alone: the server was restarting)"
		NAME=$name LINE="$line (run again alone)" \
			perl -i -pe 's/^(test |     )\Q$ENV{NAME}\E +\.\.\. .*/$ENV{LINE}/' "$log"
		cat "$diffs" >>"$saved" 2>/dev/null || true
	done
	cp "$saved" "$diffs"
	rm -f "$saved"
}

# run_pg_regress_section LABEL VAR OTHER INPUTDIR EXT TESTS...
# Run the tests that have expected output through PGXS installcheck (one
# source of truth for options: the Makefile). A test without expected output
# would make pg_regress stop the whole run, so it is not passed on: it counts
# as failed, with a hint.
run_pg_regress_section() {
	local label=$1 var=$2 other=$3 inputdir=$4 ext=$5 t name out status
	shift 5
	local run=()
	for t in "$@"; do
		name=$(basename "$t" ".$ext")
		out=$inputdir/expected/$name.out
		out=${out#./}
		if [ -f "$out" ]; then
			run+=("$name")
		else
			echo "test $name ... FAILED (no $out: create it empty, run again, then review and copy the actual output)"
			failed=$((failed + 1))
			echo "$name" >>"$faillist"
		fi
	done
	[ ${#run[@]} -gt 0 ] || return 0
	wait_ready
	status=0
	# VAR=... runs just these tests of the suite, OTHER= skips the other one.
	timeout "$SECTION_TIMEOUT" make -s --no-print-directory installcheck \
		"$var=${run[*]}" "$other=" \
		2>&1 | tee "results/$label.log" || status=$?
	rerun_after_crash "$label" "$var" "$other"
	count_pg_regress "results/$label.log" ${#run[@]} "$status" "$label"
}

# 1. Regression tests ---------------------------------------------------------
sql_tests=(sql/*.sql)
[ -e "${sql_tests[0]}" ] || sql_tests=()
echo "== regression tests (${#sql_tests[@]}) =="
[ ${#sql_tests[@]} -eq 0 ] ||
	run_pg_regress_section regress REGRESS ISOLATION . sql "${sql_tests[@]}"

# The same files again with relnav.inline off: expanding calls into the
# caller's statement must not change a single line of output.
if [ ${#sql_tests[@]} -gt 0 ]; then
	[ -s regression.diffs ] && cp regression.diffs results/regress.diffs
	echo "== regression tests with relnav.inline off (${#sql_tests[@]}) =="
	PGOPTIONS="${PGOPTIONS:-} -c relnav.inline=off" \
		run_pg_regress_section regress_inline_off REGRESS ISOLATION . sql "${sql_tests[@]}"
	[ -s regression.diffs ] && cp regression.diffs results/regress_inline_off.diffs
	# the report below shows both passes' differences
	cat results/regress.diffs results/regress_inline_off.diffs >regression.diffs 2>/dev/null || true
fi

# 2. Isolation specs ------------------------------------------------------------
specs=(test/isolation/specs/*.spec)
[ -e "${specs[0]}" ] || specs=()
echo "== isolation specs (${#specs[@]}) =="
[ ${#specs[@]} -eq 0 ] ||
	run_pg_regress_section isolation ISOLATION REGRESS test/isolation spec "${specs[@]}"

# 3. Script tests -------------------------------------------------------------
scripts=(test/t/*.sh)
[ -e "${scripts[0]}" ] || scripts=()
echo "== script tests (${#scripts[@]}) =="
for t in "${scripts[@]}"; do
	name=$(basename "$t" .sh)
	if [ ! -x "$t" ]; then
		echo "test $name ... skipped (not executable: chmod +x $t)"
		continue
	fi
	log=output_t/$name.log
	wait_ready
	status=0
	timeout "$SCRIPT_TIMEOUT" "$t" >"$log" 2>&1 </dev/null || status=$?
	if [ "$status" -eq 0 ]; then
		echo "test $name ... ok"
		passed=$((passed + 1))
	else
		echo "test $name ... FAILED (exit status $status$([ "$status" -eq 124 ] && echo ', timed out'))"
		echo "---- output of $t (last 200 lines) ----"
		tail -n 200 "$log"
		echo "---- end of $t ----"
		failed=$((failed + 1))
		echo "t/$name" >>"$faillist"
	fi
done

# 4. What went wrong ------------------------------------------------------------
if [ "$failed" -gt 0 ]; then
	for diffs in regression.diffs output_iso/regression.diffs; do
		if [ -s "$diffs" ]; then
			echo "==== $diffs (first 200 lines) ===="
			head -n 200 "$diffs"
		fi
	done
	echo "==== failed: $(paste -sd ' ' "$faillist") ===="
fi

# 5. The closing line: last, alone, and kept for `make test` to repeat after
# pg_virtualenv's own closing messages.
line="$passed passed, $failed failed"
echo "$line" >"$SUMMARY"
echo "$line"
[ "$failed" -eq 0 ]
