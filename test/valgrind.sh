#!/usr/bin/env bash
# Run relnav's regression suite (and its isolation specs) against a
# PostgreSQL server started under valgrind's memcheck, and fail on any
# memcheck error whose stack passes through relnav.
#
#   test/valgrind.sh [TEST...]          default: every sql/*.sql and spec
#
# Needs relnav installed in the PostgreSQL that PG_CONFIG names (default:
# the system's PostgreSQL 15, as `make install` leaves it); for a private
# copy made by test/dev-cluster.sh pass
#   PG_CONFIG=ROOT/usr/lib/postgresql/15/bin/pg_config test/valgrind.sh
# Runs as root or as any user: as root the server runs as user postgres.
# Starts its own throw-away cluster on RELNAV_VG_PORT (default 54329) in a
# temporary directory, and removes it afterwards unless RELNAV_VG_KEEP=1.
#
# Output, in results/valgrind/ (override with RELNAV_VG_OUT):
#   valgrind.<pid>.log   memcheck's log of every server process, each error
#                        between VALGRINDERROR-BEGIN/END markers, with a
#                        ready-made suppression (--gen-suppressions=all)
#   errors.txt           every unsuppressed error, for triage
#   relnav-errors.txt    the ones whose stack names relnav.so or a relnav
#                        source file: these fail the run
#   regress/, isolation/ pg_regress output (diffs under valgrind are
#                        reported but only fail the run with RELNAV_VG_STRICT=1:
#                        valgrind makes timing-sensitive output differ)
#
# Debian's server is built without USE_VALGRIND, so memcheck cannot see
# palloc'd chunks individually, nor is shared memory marked; the errors it
# can still find are reads of uninitialised memory, reads and writes past a
# malloc'd block, and uninitialised bytes reaching a system call.  The
# suppressions for PostgreSQL's own, known-harmless cases live in
# test/valgrind.supp, each with the reason it is there.
#
# Slow: expect 10-30 minutes on two cores.  Exit status: 0 clean, 1 relnav
# errors (or, with RELNAV_VG_STRICT=1, failed tests or any error at all),
# 2 the set-up failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$("$PG_CONFIG" --bindir) || { echo "valgrind.sh: no pg_config at $PG_CONFIG" >&2; exit 2; }
pkglibdir=$("$PG_CONFIG" --pkglibdir)
pgxs=$(dirname "$("$PG_CONFIG" --pgxs)")/../..
pg_regress=$pgxs/src/test/regress/pg_regress
pg_isolation_regress=$pgxs/src/test/isolation/pg_isolation_regress
port=${RELNAV_VG_PORT:-54329}
out=${RELNAV_VG_OUT:-$top/results/valgrind}
strict=${RELNAV_VG_STRICT:-0}

command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[ -f "$pkglibdir/relnav.so" ] || { echo "valgrind.sh: relnav.so is not installed in $pkglibdir (make install)" >&2; exit 2; }
[ -x "$pg_regress" ] || { echo "valgrind.sh: pg_regress not found at $pg_regress" >&2; exit 2; }

# tests to run: arguments, else everything
regress=()
specs=()
if [ $# -gt 0 ]; then
	for t in "$@"; do
		if [ -f "test/isolation/specs/$t.spec" ]; then specs+=("$t"); else regress+=("$t"); fi
	done
else
	for f in sql/*.sql; do [ -e "$f" ] && regress+=("$(basename "$f" .sql)"); done
	for f in test/isolation/specs/*.spec; do [ -e "$f" ] && specs+=("$(basename "$f" .spec)"); done
fi

work=$(mktemp -d /tmp/relnav-valgrind.XXXXXX)
data=$work/data
sock=$work/run
rm -rf "$out"
mkdir -p "$out" "$sock"

as_server() {
	if [ "$(id -u)" = 0 ]; then
		su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
	else
		"$@"
	fi
}
if [ "$(id -u)" = 0 ]; then chown -R postgres "$work" "$out"; fi

cleanup() {
	if [ -f "$data/postmaster.pid" ]; then
		as_server "$bindir/pg_ctl" -D "$data" -m immediate -w -t 120 stop >/dev/null 2>&1
	fi
	[ "${RELNAV_VG_KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

echo "valgrind.sh: initdb in $work (not under valgrind)"
as_server "$bindir/initdb" -D "$data" -A trust -U postgres --no-sync \
	-E UTF8 --locale=C >"$out/initdb.log" 2>&1 ||
	{ cat "$out/initdb.log"; exit 2; }
cat >>"$data/postgresql.conf" <<EOF
port = $port
listen_addresses = ''
unix_socket_directories = '$sock'
# under valgrind everything is 20-50 times slower
max_connections = 20
autovacuum = off
# the JIT only adds a dlopen() false positive (see test/valgrind.supp)
jit = off
fsync = off
statement_timeout = 0
log_line_prefix = '%m [%p] '
log_min_messages = warning
EOF

# --error-exitcode makes a backend that had an error exit with 128, so the
# postmaster restarts (and the test in flight fails): errors cannot hide.
vg=(valgrind --tool=memcheck --quiet
	--trace-children=yes
	--leak-check=no
	--track-origins=yes
	--num-callers=40
	--error-limit=no
	--error-exitcode=${RELNAV_VG_EXITCODE:-128}
	--read-var-info=no
	--suppressions="$top/test/valgrind.supp"
	--gen-suppressions=all
	--error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END
	--log-file="$out/valgrind.%p.log")

# pg_ctl starts "postgres" through this wrapper, so that it can wait for the
# server and stop it as usual
wrapper=$work/postgres-under-valgrind
{
	echo '#!/bin/sh'
	printf 'exec %s %q "$@"\n' "$(printf '%q ' "${vg[@]}")" "$bindir/postgres"
} >"$wrapper"
chmod 755 "$wrapper"
[ "$(id -u)" = 0 ] && chown postgres "$wrapper"

echo "valgrind.sh: starting postgres under memcheck on port $port"
as_server "$bindir/pg_ctl" -D "$data" -p "$wrapper" -l "$out/server.log" -w -t 900 \
	start >/dev/null
as_server "$bindir/pg_isready" -h "$sock" -p "$port" -q ||
	{ echo "valgrind.sh: the server did not start"; tail -n 50 "$out/server.log"; exit 2; }

start=$(date +%s)
tests_failed=0
common=(--host="$sock" --port="$port" --user=postgres)
if [ ${#regress[@]} -gt 0 ]; then
	echo "valgrind.sh: regression tests: ${regress[*]}"
	as_server "$pg_regress" "${common[@]}" --inputdir=. --outputdir="$out/regress" \
		--dbname=contrib_regression --encoding=UTF8 --no-locale "${regress[@]}" ||
		tests_failed=1
fi
if [ ${#specs[@]} -gt 0 ]; then
	echo "valgrind.sh: isolation specs: ${specs[*]}"
	as_server "$pg_isolation_regress" "${common[@]}" --inputdir=test/isolation \
		--outputdir="$out/isolation" --dbname=isolation_regression \
		--load-extension=relnav "${specs[@]}" ||
		tests_failed=1
fi
echo "valgrind.sh: tests took $(( $(date +%s) - start )) s"

# a clean shutdown lets every process finish its log
as_server "$bindir/pg_ctl" -D "$data" -m fast -w -t 600 stop >/dev/null 2>&1

# Collect the errors: each between the markers, with its suppression.
awk '/VALGRINDERROR-BEGIN/{e=1} e{print FILENAME": "$0} /VALGRINDERROR-END/{e=0; print ""}' \
	"$out"/valgrind.*.log >"$out/errors.txt" 2>/dev/null
nerrors=$(grep -c 'VALGRINDERROR-BEGIN' "$out/errors.txt" || true)
awk 'BEGIN{RS=""} /relnav\.so|src\/[a-z_]+\.c|relnav_|rel_[a-z_]+ \(/' "$out/errors.txt" \
	>"$out/relnav-errors.txt"
nrelnav=$(grep -c 'VALGRINDERROR-BEGIN' "$out/relnav-errors.txt" || true)
crashes=$(grep -cE 'terminated by signal|exited with exit code 128' "$out/server.log" || true)

echo "valgrind.sh: $nerrors unsuppressed memcheck errors, $nrelnav in relnav, $crashes server processes ended abnormally"
echo "valgrind.sh: logs in $out"
if [ "$nrelnav" -gt 0 ]; then
	echo "==== relnav errors (first 200 lines) ===="
	head -n 200 "$out/relnav-errors.txt"
fi
if [ "$nerrors" -gt "$nrelnav" ]; then
	echo "==== other errors: triage, then suppress with a reason in test/valgrind.supp (first 100 lines) ===="
	grep -v '^[^:]*: *$' "$out/errors.txt" | head -n 100
fi
[ "$tests_failed" = 0 ] || echo "valgrind.sh: some tests failed under valgrind (see $out/regress, $out/isolation)"

[ "$nrelnav" -eq 0 ] || exit 1
if [ "$strict" = 1 ] && { [ "$nerrors" -gt 0 ] || [ "$tests_failed" != 0 ] || [ "$crashes" -gt 0 ]; }; then
	exit 1
fi
exit 0
