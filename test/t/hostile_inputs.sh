#!/usr/bin/env bash
# Hostile strings in every text argument of every relnav function.
#
# Each call must end in a result or a clean ERROR: any SQLSTATE but the
# internal ones (XX000 internal_error, XX001 data_corrupted, XX002
# index_corrupted), no crash, no hang.  Nothing outside the call may change:
# a canary table, a tripwire function that hostile strings try to call, the
# set of tables, and relnav's catalog are checked after every function.
#
# The corpus is test/hostile/corpus.txt (quotes, double quotes, backslashes,
# comments, semicolons with DROP TABLE, dollar quotes, unicode with RTL
# overrides, combining and zero-width characters, format strings, JSON and
# array junk, shape and path grammar junk, and the shape clauses' grammar:
# conditions, orders, aggregates, literals) plus inputs generated below
# (10,000-character names, names at the 63-byte limit, every character from
# U+0001 to U+00FF, pseudo-random junk).  Invalid UTF-8 is shown to be
# refused by PostgreSQL (22021) before relnav sees it.
#
# Then the same strings as constants in the text of statements whose calls
# relnav.inline expands (issue 13): each must give the same value, or the
# same SQLSTATE, with expansion on and off.
#
# Then every function gets table arguments of every kind (issue 9): OIDs
# that name nothing (0, never used, 4294967295, a dropped table's), an
# index, a sequence, a view, a materialized view, a composite type, a
# foreign table, a partitioned table and a partition (with relationships
# declared), a TOAST table, a temporary table of this session and one of
# another session that stays open; rel_reflect gets schemas of every kind.
#
# Runs in the cluster the environment points at (pg_virtualenv), from the
# repository top; creates and drops its own database.  The server log is
# searched for crashes too: RELNAV_SERVER_LOG, else the log file of the
# logging collector, else pg_virtualenv's.
set -euo pipefail
cd "$(dirname "$0")/../.."

db=relnav_hostile_$$
export PGDATABASE=$db
work=$(mktemp -d)
watch_pid=
temp_holder_pid=

cleanup() {
	# the watcher's backend sleeps on: end it by its pid, then its psql
	psql -X -q -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
	    WHERE datname = '$db' AND application_name IN ('relnav_hostile_watch', 'relnav_hostile_temp')" >/dev/null 2>&1 || true
	if [ -n "$watch_pid" ]; then kill "$watch_pid" 2>/dev/null || true; fi
	if [ -n "$temp_holder_pid" ]; then kill "$temp_holder_pid" 2>/dev/null || true; fi
	[ -n "${RELNAV_KEEP_DB:-}" ] || dropdb --if-exists --force "$db" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "FAILED: $*"
	exit 1
}

psql_q() {
	psql -X -q -v ON_ERROR_STOP=1 "$@"
}

start=$(date +%s)
createdb -T template0 -E UTF8 "$db"

# --- set-up ------------------------------------------------------------------
psql_q >/dev/null <<'EOF'
SET client_min_messages = warning;
CREATE EXTENSION relnav;
CREATE SCHEMA hostile;
SET search_path = hostile, public;
\i test/clinic.sql
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments', order_by => 'details DESC');
SELECT rel_declare('users', 'profile', 'profiles');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
-- a composite primary key, for keys given as jsonb text
SELECT rel_declare('user_speciality', 'user', 'users');

-- what must not change
CREATE TABLE canary (id integer PRIMARY KEY, v text);
INSERT INTO canary VALUES (1, 'one'), (2, 'two'), (3, 'three');
CREATE TABLE marker (what text, at timestamptz DEFAULT now());
CREATE FUNCTION tripwire() RETURNS integer LANGUAGE sql
    AS $$ INSERT INTO hostile.marker (what) VALUES ('tripwire called'); SELECT 1 $$;

-- Runs q (one value) with relnav.inline off, then on: the same value, or
-- the same SQLSTATE (re-raised, so that the batch records it), or a
-- 'relnav_hostile:' exception.  With constant arguments in the statement
-- text, inline on expands the calls (issue 13).
CREATE FUNCTION inline_same(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    r text;
    off_r text;
    off_st text;
    st text;
    msg text;
BEGIN
    PERFORM set_config('relnav.inline', 'off', true);
    BEGIN
        EXECUTE q INTO off_r;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS off_st = RETURNED_SQLSTATE;
    END;
    PERFORM set_config('relnav.inline', 'on', true);
    BEGIN
        EXECUTE q INTO r;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
        IF st IS DISTINCT FROM off_st THEN
            RAISE EXCEPTION 'relnav_hostile: inline on raises % (%), off gives %',
                st, left(msg, 200), coalesce('SQLSTATE ' || off_st, off_r, 'NULL');
        END IF;
        RAISE;
    END;
    IF off_st IS NOT NULL OR r IS DISTINCT FROM off_r THEN
        RAISE EXCEPTION 'relnav_hostile: inline on gives %, off gives %',
            coalesce(r, 'NULL'), coalesce('SQLSTATE ' || off_st, off_r, 'NULL');
    END IF;
    RETURN r;
END
$f$;

CREATE TABLE corpus (id serial PRIMARY KEY, category text NOT NULL, s text NOT NULL);
CREATE TABLE results (
    fn       text NOT NULL,       -- function
    arg      text NOT NULL,       -- argument that got the hostile string
    corpus   integer NOT NULL,
    outcome  text NOT NULL,       -- ok, error, wrong
    sqlstate text,
    message  text
);
EOF

grep -v '^#' test/hostile/corpus.txt |
	psql_q -c '\copy hostile.corpus (category, s) FROM STDIN'

# generated inputs
psql_q >/dev/null <<'EOF'
INSERT INTO hostile.corpus (category, s) VALUES
    ('long', repeat('a', 10000)),
    ('long', repeat('kins.', 2000) || 'kins'),
    ('long', '"' || repeat('x', 10000) || '"'),
    ('long', repeat('é', 5000)),
    ('long', repeat('😀', 2500)),
    ('long', repeat('(', 5000) || repeat(')', 5000)),
    ('long', repeat('kins(', 1000) || '*' || repeat(')', 1000)),
    ('long', repeat('"', 9999)),
    ('long', repeat('full_name, ', 1000) || 'id'),
    ('long', repeat('id DESC, ', 100) || 'id'),
    ('long', repeat('''', 10000)),
    ('long', repeat('\', 10000)),
    ('long', repeat('$', 10000)),
    ('long', '{' || repeat('1,', 5000) || '1}'),
    ('long', repeat('{', 100) || '1' || repeat('}', 100)),
    ('limit', repeat('n', 62)), ('limit', repeat('n', 63)), ('limit', repeat('n', 64)),
    ('limit', '"' || repeat('n', 63) || '"'), ('limit', '"' || repeat('n', 64) || '"'),
    ('limit', repeat('ж', 31) || 'n'), ('limit', repeat('ж', 32)),
    ('limit', repeat('ж', 31) || 'жn');
-- every character U+0001..U+00FF alone, and all of them in one string
INSERT INTO hostile.corpus (category, s)
SELECT 'byte', chr(i) FROM generate_series(1, 255) i
 WHERE chr(i) NOT IN (SELECT s FROM hostile.corpus);
INSERT INTO hostile.corpus (category, s)
SELECT 'byte', string_agg(chr(i), '' ORDER BY i) FROM generate_series(1, 255) i;
INSERT INTO hostile.corpus (category, s)
SELECT 'byte', 'kins' || string_agg(chr(i), '' ORDER BY i) FROM generate_series(1, 127) i;
-- pseudo-random junk: code points drawn from md5, surrogates left out
INSERT INTO hostile.corpus (category, s)
SELECT 'junk', string_agg(chr(cp), '' ORDER BY k)
  FROM (SELECT n, k,
               CASE WHEN v BETWEEN 55296 AND 57343 THEN v - 4096 ELSE v END AS cp
          FROM generate_series(1, 40) n,
               generate_series(1, 24) k,
               LATERAL (SELECT 1 + ('x' || substr(md5(n || ':' || k), 1, 5))::bit(20)::integer
                               % CASE WHEN k % 3 = 0 THEN 1114111 WHEN k % 3 = 1 THEN 127 ELSE 2047 END AS v) r) j
 GROUP BY n;
EOF

ncorpus=$(psql_q -At -c 'SELECT count(*) FROM hostile.corpus')
echo "corpus: $ncorpus hostile strings"
[ "$ncorpus" -ge 200 ] || fail "the corpus has only $ncorpus strings"

# --- the state that must not change ---------------------------------------------
state_sql="SELECT concat_ws(' | ',
    (SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM hostile.canary c),
    (SELECT count(*) FROM hostile.marker),
    (SELECT md5(string_agg(r::text, ',' ORDER BY r::text)) FROM _relnav.relationships r),
    (SELECT md5(string_agg(oid::regclass::text || relkind::text, ',' ORDER BY oid::regclass::text))
       FROM pg_class WHERE relnamespace IN ('hostile'::regnamespace, 'public'::regnamespace, '_relnav'::regnamespace)),
    (SELECT count(*) FROM pg_roles),
    (SELECT count(*) FROM pg_proc WHERE pronamespace = 'hostile'::regnamespace))"
baseline=$(psql_q -At -c "$state_sql")

# a session that lives through every batch: a crash of any backend makes the
# postmaster end it, so its disappearance gives the crash away
psql -X -q -c "SET application_name = 'relnav_hostile_watch'; SELECT pg_sleep(3600)" >/dev/null 2>&1 &
watch_pid=$!
for i in $(seq 50); do
	[ "$(psql_q -At -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'relnav_hostile_watch'")" = 1 ] && break
	sleep 0.1
done

logfile=${RELNAV_SERVER_LOG:-$(psql_q -At -c 'SELECT pg_current_logfile()' 2>/dev/null || true)}
if [ -n "$logfile" ] && [ "${logfile#/}" = "$logfile" ]; then
	logfile=$(psql_q -At -c 'SHOW data_directory')/$logfile
fi
# pg_virtualenv keeps the cluster's log beside its configuration
if [ -z "$logfile" ] && [ -n "${PG_CLUSTER_CONF_ROOT:-}" ]; then
	logfile=$(ls "$(dirname "$PG_CLUSTER_CONF_ROOT")"/log/postgresql-*.log 2>/dev/null | head -n 1 || true)
fi
[ -n "$logfile" ] && [ -r "$logfile" ] || logfile=
echo "server log: ${logfile:-not found (crashes are still detected by the watcher session)}"
loglines=0
[ -z "$logfile" ] || loglines=$(wc -l <"$logfile")

server_ok() {
	local what=$1
	pg_isready -q || { sleep 2; pg_isready -q; } || fail "the server is down after $what"
	[ "$(psql_q -At -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'relnav_hostile_watch'")" = 1 ] ||
		fail "the server restarted (a backend crashed) during $what"
	if [ -n "$logfile" ] && tail -n +"$((loglines + 1))" "$logfile" | grep -E 'terminated by signal|was terminated|PANIC' ; then
		fail "the server log shows a crash during $what"
	fi
	local now
	now=$(psql_q -At -c "$state_sql")
	[ "$now" = "$baseline" ] || fail "state changed during $what: $baseline -> $now"
}

# batch FN ARG STATEMENT: run STATEMENT (plpgsql, c.s is the hostile string)
# for every corpus entry, recording the outcome; one DO block per argument.
batches=()
batch() {
	batches+=("$1" "$2" "$3")
}

run_function() {
	local fn=$1 sql="" i
	sql+="SET search_path = hostile, public;"$'\n'
	sql+="SET statement_timeout = '60s';"$'\n'
	for ((i = 0; i < ${#batches[@]}; i += 3)); do
		[ "${batches[i]}" = "$fn" ] || continue
		sql+="DO \$relnav_hostile\$
DECLARE
    c record;
    n bigint;
    st text;
    msg text;
BEGIN
    FOR c IN SELECT id, s FROM hostile.corpus ORDER BY id LOOP
        BEGIN
            ${batches[i + 2]}
            INSERT INTO hostile.results VALUES ('${batches[i]}', '${batches[i + 1]}', c.id, 'ok', NULL, n::text);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            INSERT INTO hostile.results VALUES ('${batches[i]}', '${batches[i + 1]}', c.id,
                CASE WHEN st = 'P0001' AND msg = 'relnav_hostile_rollback' THEN 'ok'
                     WHEN st = 'P0001' AND msg LIKE 'relnav_hostile:%' THEN 'wrong'
                     ELSE 'error' END,
                st, left(msg, 300));
        END;
    END LOOP;
END
\$relnav_hostile\$;
"
	done
	printf '%s' "$sql" >"$work/$fn.sql"
	psql_q -f "$work/$fn.sql" >"$work/$fn.out" 2>&1 ||
		{ tail -n 20 "$work/$fn.out"; fail "the batch for $fn did not finish"; }
	server_ok "$fn"
}

has_function() {
	[ "$(psql_q -At -c "SELECT count(*) FROM pg_proc WHERE proname = '$1'")" != 0 ]
}

# --- the batches -----------------------------------------------------------

# rel_declare: a hostile name that is a valid name is declared; then it must
# be navigable under its quoted form, and droppable by the same string
batch rel_declare name "
            PERFORM rel_declare('hostile.users', c.s, 'hostile.kins');
            SELECT count(*) INTO n FROM rel_navigate('hostile.users', 1, '\"' || replace(c.s, '\"', '\"\"') || '\"');
            IF n <> 3 THEN RAISE EXCEPTION 'relnav_hostile: declared % navigates to % rows', quote_literal(c.s), n; END IF;
            IF NOT EXISTS (SELECT 1 FROM rel_relationships WHERE source = 'hostile.users'::regclass AND name = c.s) THEN
                RAISE EXCEPTION 'relnav_hostile: declared name not stored as given';
            END IF;
            PERFORM rel_drop('hostile.users', c.s);"
batch rel_declare back_populates "
            PERFORM rel_declare('hostile.kins', 'hostile_bp', 'hostile.users', back_populates => c.s);
            PERFORM rel_drop('hostile.kins', 'hostile_bp');"
batch rel_declare foreign_key "
            PERFORM rel_declare('hostile.users', 'hostile_fk', 'hostile.kins', foreign_key => c.s);
            PERFORM rel_drop('hostile.users', 'hostile_fk');"
batch rel_declare kind "
            PERFORM rel_declare('hostile.users', 'hostile_kind', 'hostile.kins', kind => c.s);
            PERFORM rel_drop('hostile.users', 'hostile_kind');"
batch rel_declare order_by "
            PERFORM rel_declare('hostile.users', 'hostile_order', 'hostile.kins', order_by => c.s);
            PERFORM rel_drop('hostile.users', 'hostile_order');"
batch rel_declare source_columns "
            PERFORM rel_declare('hostile.users', 'hostile_cols', 'hostile.kins',
                                source_columns => ARRAY[c.s], target_columns => '{user_id}');
            PERFORM rel_drop('hostile.users', 'hostile_cols');"
batch rel_declare target_columns "
            PERFORM rel_declare('hostile.users', 'hostile_cols', 'hostile.kins',
                                source_columns => '{id}', target_columns => ARRAY[c.s, 'id']);
            PERFORM rel_drop('hostile.users', 'hostile_cols');"
batch rel_declare secondary_source_columns "
            PERFORM rel_declare('hostile.users', 'hostile_m2m', 'hostile.specialities',
                                secondary => 'hostile.user_speciality',
                                source_columns => '{id}', target_columns => '{id}',
                                secondary_source_columns => ARRAY[c.s],
                                secondary_target_columns => '{speciality_id}');
            PERFORM rel_drop('hostile.users', 'hostile_m2m');"
batch rel_declare secondary_target_columns "
            PERFORM rel_declare('hostile.users', 'hostile_m2m', 'hostile.specialities',
                                secondary => 'hostile.user_speciality',
                                source_columns => '{id}', target_columns => '{id}',
                                secondary_source_columns => '{user_id}',
                                secondary_target_columns => ARRAY[c.s]);
            PERFORM rel_drop('hostile.users', 'hostile_m2m');"

batch rel_drop name "
            PERFORM rel_drop('hostile.users', c.s);"
batch rel_drop name_if_exists "
            PERFORM rel_drop('hostile.users', c.s, if_exists => true);"

batch rel_navigate path "
            SELECT count(*) INTO n FROM rel_navigate('hostile.users', 1, c.s);"
batch rel_navigate order_by "
            SELECT count(*) INTO n FROM rel_navigate('hostile.users', 1, 'kins', order_by => c.s);
            IF n <> 3 THEN RAISE EXCEPTION 'relnav_hostile: order_by changed the rows: %', n; END IF;"
batch rel_navigate key "
            SELECT count(*) INTO n FROM rel_navigate('hostile.users', c.s, 'kins');"
batch rel_navigate composite_key "
            SELECT count(*) INTO n FROM rel_navigate('hostile.user_speciality', c.s, 'user');"
batch rel_navigate composite_key_member "
            SELECT count(*) INTO n FROM rel_navigate('hostile.user_speciality',
                jsonb_build_object('user_id', c.s, 'speciality_id', 1)::text, 'user');"

batch rel_rows path "
            SELECT count(*) INTO n FROM rel_rows(NULL::hostile.kins, 'hostile.users', 1, c.s);"
batch rel_rows order_by "
            SELECT count(*) INTO n FROM rel_rows(NULL::hostile.kins, 'hostile.users', 1, 'kins', order_by => c.s);
            IF n <> 3 THEN RAISE EXCEPTION 'relnav_hostile: order_by changed the rows: %', n; END IF;"
batch rel_rows key "
            SELECT count(*) INTO n FROM rel_rows(NULL::hostile.kins, 'hostile.users', c.s, 'kins');"

batch rel_count path "
            n := rel_count('hostile.users', 1, c.s);"
batch rel_count key "
            n := rel_count('hostile.users', c.s, 'kins');"

functions=(rel_declare rel_drop rel_navigate rel_rows rel_count)

if has_function rel_fetch; then
	batch rel_fetch shape "
            n := length(rel_fetch('hostile.users', 1, c.s)::text);"
	batch rel_fetch nested_shape "
            n := length(rel_fetch('hostile.users', 1, 'kins(' || c.s || ')')::text);"
	batch rel_fetch shape_prefix "
            n := length(rel_fetch('hostile.users', 1, c.s || ', kins(*)')::text);"
	batch rel_fetch key "
            n := length(rel_fetch('hostile.users', c.s, '*')::text);"
	# shape clauses: the string as a condition, an order, an aggregate's
	# path, a count; and as a literal, where it is only ever a value
	batch rel_fetch where "
            n := length(rel_fetch('hostile.users', 1, 'kins(id WHERE ' || c.s || ')')::text);"
	batch rel_fetch root_where "
            n := length(rel_fetch('hostile.users', 1, 'id WHERE ' || c.s)::text);"
	batch rel_fetch order_by "
            n := length(rel_fetch('hostile.users', 1, 'kins(id ORDER BY ' || c.s || ')')::text);"
	batch rel_fetch aggregate "
            n := length(rel_fetch('hostile.users', 1, 'n: COUNT(' || c.s || ')')::text);"
	batch rel_fetch limit "
            n := length(rel_fetch('hostile.users', 1, 'kins(id LIMIT ' || c.s || ')')::text);"
	batch rel_fetch literal "
            DECLARE
                d jsonb := rel_fetch('hostile.users', 1,
                                     format('kins(id WHERE full_name = %L OR phone IN (%L, %L))', c.s, c.s, c.s));
            BEGIN
                IF d IS DISTINCT FROM jsonb_build_object('kins', coalesce(
                       (SELECT jsonb_agg(jsonb_build_object('id', k.id) ORDER BY k.id) FROM hostile.kins k
                         WHERE k.user_id = 1 AND (k.full_name = c.s OR k.phone = c.s)), '[]')) THEN
                    RAISE EXCEPTION 'relnav_hostile: literal % matched %', quote_literal(c.s), d;
                END IF;
                n := length(d::text);
            END;"
	batch rel_fetch like_pattern "
            n := length(rel_fetch('hostile.users', 1, format('kins(id WHERE full_name LIKE %L)', c.s))::text);"
	functions+=(rel_fetch)
fi
if has_function rel_fetch_many; then
	batch rel_fetch_many shape "
            SELECT count(*) INTO n FROM rel_fetch_many('hostile.users', ARRAY[1, 2], c.s);"
	batch rel_fetch_many keys "
            SELECT count(*) INTO n FROM rel_fetch_many('hostile.users', c.s, '*');"
	batch rel_fetch_many keys_element "
            SELECT count(*) INTO n FROM rel_fetch_many('hostile.users', ARRAY[c.s, '1'], '*');"
	batch rel_fetch_many where "
            SELECT count(*) INTO n FROM rel_fetch_many('hostile.users', ARRAY[1, 2], 'id WHERE ' || c.s);"
	batch rel_fetch_many literal "
            SELECT count(*) INTO n FROM rel_fetch_many('hostile.users', ARRAY[1, 2],
                format('id WHERE kins.full_name = %L ORDER BY MAX(kins.phone) DESC LIMIT 1', c.s));
            IF n <> (SELECT count(*) FROM hostile.kins k WHERE k.user_id IN (1, 2) AND k.full_name = c.s) THEN
                RAISE EXCEPTION 'relnav_hostile: literal % kept % documents', quote_literal(c.s), n;
            END IF;"
	functions+=(rel_fetch_many)
fi
if has_function rel_navigate_many; then
	batch rel_navigate_many path "
            SELECT count(*) INTO n FROM rel_navigate_many('hostile.users', ARRAY[1, 2], c.s);"
	batch rel_navigate_many keys "
            SELECT count(*) INTO n FROM rel_navigate_many('hostile.users', c.s, 'kins');"
	batch rel_navigate_many keys_element "
            SELECT count(*) INTO n FROM rel_navigate_many('hostile.users', ARRAY[c.s, '1'], 'kins');"
	functions+=(rel_navigate_many)
fi
for fn in rel_link rel_unlink; do
	if has_function $fn; then
		# a call that succeeds is rolled back (and counted as ok), so
		# that links written by one input do not change the next ones
		batch $fn name "
            PERFORM $fn('hostile.users', 1, c.s, 1);
            RAISE EXCEPTION 'relnav_hostile_rollback';"
		batch $fn key "
            PERFORM $fn('hostile.users', c.s, 'specialities', 1);
            RAISE EXCEPTION 'relnav_hostile_rollback';"
		batch $fn target_key "
            PERFORM $fn('hostile.users', 1, 'specialities', c.s);
            RAISE EXCEPTION 'relnav_hostile_rollback';"
		functions+=($fn)
	fi
done
if has_function rel_diagram; then
	batch rel_diagram format "
            n := length(rel_diagram(c.s));"
	functions+=(rel_diagram)
fi

# Calls with the hostile string as a constant in the statement's text, so
# that relnav.inline expands them: each statement gives the same value, or
# the same SQLSTATE, with inline on and off (inline_same above).
inline() {
	batch inline "$1" "
            n := length(hostile.inline_same($2));"
}
inline navigate_path "format('SELECT count(*) FROM hostile.users u, rel_navigate(''hostile.users'', u.id, %L) v', c.s)"
inline navigate_order_by "format('SELECT string_agg(x, '','') FROM (SELECT v->>''id'' AS x FROM rel_navigate(''hostile.users'', 1, ''kins'', %L) v) s', c.s)"
inline navigate_key "format('SELECT count(*) FROM rel_navigate(''hostile.users'', %L, ''kins'')', c.s)"
inline navigate_text_key "format('SELECT count(*) FROM (VALUES (%L)) v(k), rel_navigate(''hostile.users'', v.k, ''kins'') n', c.s)"
inline rows_path "format('SELECT count(*) FROM hostile.users u, rel_rows(NULL::hostile.kins, ''hostile.users'', u.id, %L) k', c.s)"
inline exists_path "format('SELECT count(*) FROM hostile.users u WHERE EXISTS (SELECT 1 FROM rel_navigate(''hostile.users'', u.id, %L))', c.s)"
inline count_path "format('SELECT sum(rel_count(''hostile.users'', u.id, %L)) FROM hostile.users u', c.s)"
inline fetch_shape "format('SELECT md5(string_agg(rel_fetch(''hostile.users'', u.id, %L)::text, '','' ORDER BY u.id)) FROM hostile.users u', c.s)"
inline fetch_literal "format('SELECT rel_fetch(''hostile.users'', 1, %L)::text', format('kins(id WHERE full_name = %L OR phone > %L)', c.s, c.s))"
inline fetch_many_shape "format('SELECT md5(string_agg(d::text, '','')) FROM rel_fetch_many(''hostile.users'', ARRAY[2, 1], %L) d', c.s)"
inline navigate_many_path "format('SELECT md5(string_agg(source_key || '':'' || target::text, '','')) FROM rel_navigate_many(''hostile.users'', ARRAY[2, 1], %L)', c.s)"
# a lone call (flattened: its order and limit become the statement's), keys
# and max_rows as scalar subqueries
inline navigate_lone_path "format('SELECT string_agg(x, '','') FROM (SELECT v::text AS x FROM rel_navigate(''hostile.users'', 1, %L) v LIMIT 3) s', c.s)"
inline navigate_lone_order_by "format('SELECT string_agg(x, '','') FROM (SELECT v->>''id'' AS x FROM rel_navigate(''hostile.users'', 1, ''kins'', %L, (SELECT 2)) v WHERE v->>''id'' <> ''0'') s', c.s)"
inline navigate_subquery_key "format('SELECT count(*) FROM rel_navigate(''hostile.users'', (SELECT %L::text), ''kins'')', c.s)"
inline navigate_many_subquery_keys "format('SELECT md5(string_agg(source_key || '':'' || target::text, '','')) FROM rel_navigate_many(''hostile.users'', (SELECT ARRAY[2, 1]), %L)', c.s)"
functions+=(inline)

for fn in "${functions[@]}"; do
	t0=$(date +%s%N)
	run_function "$fn"
	echo "batch $fn done in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
done

# the inline batch compared something: with inline on, such calls expand
plan=$(psql_q -At -c "LOAD 'relnav'" -c "SET relnav.inline = on" \
	-c "EXPLAIN SELECT count(*) FROM hostile.users u, rel_navigate('hostile.users', u.id, 'kins') v")
case $plan in
*"Function Scan on rel_navigate"*) fail "rel_navigate with constant arguments was not expanded: $plan" ;;
esac

# --- table arguments of every kind -------------------------------------------------
# Every function with every kind of regclass (and rel_reflect with every
# kind of schema): a result or a clean error.  Recorded as function
# 'regclass', the argument being the call, the message starting with the
# kind of table given.  The objects live in a schema
# of their own, outside the state that must not change; the declarations
# on the partitioned table are made first, and the state is read again.
psql_q >/dev/null <<'EOF'
SET client_min_messages = warning;
CREATE SCHEMA hostile_kinds;
SET search_path = hostile_kinds, hostile, public;
CREATE TABLE gone (id int PRIMARY KEY, user_id int);
CREATE VIEW users_view AS SELECT id, full_name FROM hostile.users;
CREATE MATERIALIZED VIEW users_matview AS SELECT id, full_name FROM hostile.users;
CREATE TYPE pair AS (a int, b text);
CREATE FOREIGN DATA WRAPPER hostile_kinds_fdw;
CREATE SERVER hostile_kinds_server FOREIGN DATA WRAPPER hostile_kinds_fdw;
CREATE FOREIGN TABLE remote_kins (id int, user_id int) SERVER hostile_kinds_server;
CREATE TABLE measures (id int PRIMARY KEY, user_id int, value int) PARTITION BY RANGE (id);
CREATE TABLE measures_low PARTITION OF measures FOR VALUES FROM (0) TO (100);
CREATE TABLE measures_high PARTITION OF measures FOR VALUES FROM (100) TO (1000);
INSERT INTO measures VALUES (1, 1, 10), (150, 1, 20), (2, 2, 30);
SELECT rel_declare('hostile.users', 'measures', 'hostile_kinds.measures',
                   source_columns => '{id}', target_columns => '{user_id}');
SELECT rel_declare('hostile_kinds.measures', 'user', 'hostile.users',
                   source_columns => '{user_id}', target_columns => '{id}');
CREATE SCHEMA hostile_kinds_gone;

-- kind, regclass expression (the temporary tables are added below)
CREATE TABLE kinds (kind text PRIMARY KEY, expr text NOT NULL);
INSERT INTO kinds VALUES
    ('zero', '''0''::regclass'),
    ('never used', '''99999''::regclass'),
    ('4294967295', '''4294967295''::regclass'),
    ('index', '''hostile.users_pkey''::regclass'),
    ('sequence', '''hostile.users_id_seq''::regclass'),
    ('view', '''hostile_kinds.users_view''::regclass'),
    ('materialized view', '''hostile_kinds.users_matview''::regclass'),
    ('composite type', '''hostile_kinds.pair''::regclass'),
    ('foreign table', '''hostile_kinds.remote_kins''::regclass'),
    ('partitioned table', '''hostile_kinds.measures''::regclass'),
    ('partition', '''hostile_kinds.measures_low''::regclass');
INSERT INTO kinds SELECT 'dropped table', quote_literal(oid::text) || '::regclass'
  FROM pg_class WHERE oid = 'hostile_kinds.gone'::regclass;
INSERT INTO kinds SELECT 'TOAST table', quote_literal(reltoastrelid::text) || '::regclass'
  FROM pg_class WHERE oid = 'hostile.kins'::regclass;
DROP TABLE gone;

-- every function; %1$s is the table argument
CREATE TABLE calls (fn text PRIMARY KEY, template text NOT NULL);
INSERT INTO calls VALUES
    ('rel_navigate',               $$SELECT count(*) FROM rel_navigate(%1$s, 1, 'kins')$$),
    ('rel_navigate text key',      $$SELECT count(*) FROM rel_navigate(%1$s, '1'::text, 'user')$$),
    ('rel_navigate order_by',      $$SELECT count(*) FROM rel_navigate(%1$s, 1, 'kins', 'id DESC', 2)$$),
    ('rel_navigate declared',      $$SELECT count(*) FROM rel_navigate(%1$s, 1, 'user')$$),
    ('rel_rows',                   $$SELECT count(*) FROM rel_rows(NULL::hostile.kins, %1$s, 1, 'kins')$$),
    ('rel_rows text key',          $$SELECT count(*) FROM rel_rows(NULL::hostile.users, %1$s, '1'::text, 'user')$$),
    ('rel_count',                  $$SELECT rel_count(%1$s, 1, 'kins')$$),
    ('rel_count text key',         $$SELECT rel_count(%1$s, '150'::text, 'user')$$),
    ('rel_navigate_many',          $$SELECT count(*) FROM rel_navigate_many(%1$s, ARRAY[1, 2], 'user')$$),
    ('rel_navigate_many text',     $$SELECT count(*) FROM rel_navigate_many(%1$s, '{1,2}'::text, 'kins')$$),
    ('rel_fetch',                  $$SELECT rel_fetch(%1$s, 1, '*')$$),
    ('rel_fetch text key',         $$SELECT rel_fetch(%1$s, '1'::text, '*')$$),
    ('rel_fetch embed',            $$SELECT rel_fetch(%1$s, 1, 'user(*)')$$),
    ('rel_fetch_many',             $$SELECT count(*) FROM rel_fetch_many(%1$s, ARRAY[1, 150], '*')$$),
    ('rel_fetch_many text',        $$SELECT count(*) FROM rel_fetch_many(%1$s, '{1,2}'::text, 'user(id)')$$),
    ('rel_link',                   $$SELECT rel_link(%1$s, 1, 'user', 2)$$),
    ('rel_link text keys',         $$SELECT rel_link(%1$s, '1'::text, 'kins', '1'::text)$$),
    ('rel_unlink',                 $$SELECT rel_unlink(%1$s, 1, 'user', 1)$$),
    ('rel_unlink text keys',       $$SELECT rel_unlink(%1$s, '1'::text, 'kins', '1'::text)$$),
    ('rel_declare source',         $$SELECT rel_declare(%1$s, 'x', 'hostile.users')$$),
    ('rel_declare source cols',    $$SELECT rel_declare(%1$s, 'x', 'hostile.users', source_columns => '{id}', target_columns => '{id}')$$),
    ('rel_declare target',         $$SELECT rel_declare('hostile.users', 'x', %1$s)$$),
    ('rel_declare target cols',    $$SELECT rel_declare('hostile.users', 'x', %1$s, source_columns => '{id}', target_columns => '{id}')$$),
    ('rel_declare secondary',      $$SELECT rel_declare('hostile.users', 'x', 'hostile.kins', secondary => %1$s)$$),
    ('rel_declare secondary cols', $$SELECT rel_declare('hostile.users', 'x', 'hostile.kins', secondary => %1$s, source_columns => '{id}', target_columns => '{id}', secondary_source_columns => '{id}', secondary_target_columns => '{user_id}')$$),
    ('rel_declare back_populates', $$SELECT rel_declare(%1$s, 'user2', 'hostile.users', back_populates => 'kins', source_columns => '{user_id}', target_columns => '{id}')$$),
    ('rel_drop',                   $$SELECT rel_drop(%1$s, 'user')$$),
    ('rel_drop if_exists',         $$SELECT rel_drop(%1$s, 'kins', if_exists => true)$$);

-- rel_reflect takes a schema: every kind of regnamespace
CREATE TABLE schemas (kind text PRIMARY KEY, expr text NOT NULL);
INSERT INTO schemas VALUES
    ('zero', '''0''::regnamespace'),
    ('never used', '''99999''::regnamespace'),
    ('4294967295', '''4294967295''::regnamespace'),
    ('pg_toast', '''pg_toast''::regnamespace'),
    ('pg_catalog', '''pg_catalog''::regnamespace'),
    ('with a partitioned table', '''hostile_kinds''::regnamespace');
INSERT INTO schemas SELECT 'dropped schema', quote_literal(oid::text) || '::regnamespace'
  FROM pg_namespace WHERE nspname = 'hostile_kinds_gone';
DROP SCHEMA hostile_kinds_gone;
EOF

# A temporary table of another session, which stays open until the end:
# its OID and its schema (pg_temp_N) are passed as regclass / regnamespace.
{
	echo "SET application_name = 'relnav_hostile_temp';"
	echo "CREATE TEMPORARY TABLE hostile_other_temp (id int PRIMARY KEY, user_id int);"
	echo "INSERT INTO hostile_other_temp VALUES (1, 1), (2, 2);"
	echo "SELECT pg_sleep(3600);"
} | psql -X -q >/dev/null 2>&1 &
temp_holder_pid=$!
for _ in $(seq 100); do
	[ "$(psql_q -At -c "SELECT count(*) FROM pg_class WHERE relname = 'hostile_other_temp' AND relpersistence = 't'")" = 1 ] && break
	sleep 0.1
done
psql_q >/dev/null <<'EOF'
INSERT INTO hostile_kinds.kinds
SELECT 'temporary table of another session', quote_literal(oid::text) || '::regclass'
  FROM pg_class WHERE relname = 'hostile_other_temp' AND relpersistence = 't';
INSERT INTO hostile_kinds.schemas
SELECT 'temporary schema of another session', quote_literal(relnamespace::text) || '::regnamespace'
  FROM pg_class WHERE relname = 'hostile_other_temp' AND relpersistence = 't';
EOF
[ "$(psql_q -At -c "SELECT count(*) FROM hostile_kinds.kinds WHERE kind LIKE 'temporary%'")" = 1 ] ||
	fail "the temporary table of another session was not created"

baseline=$(psql_q -At -c "$state_sql")
t0=$(date +%s%N)
psql_q >"$work/regclass.out" 2>&1 <<'EOF' || { tail -n 20 "$work/regclass.out"; fail "the regclass batch did not finish"; }
SET search_path = hostile, public;
SET statement_timeout = '60s';
-- this session's own temporary table
CREATE TEMPORARY TABLE hostile_own_temp (id int PRIMARY KEY, user_id int);
INSERT INTO hostile_own_temp VALUES (1, 1), (2, 2);
INSERT INTO hostile_kinds.kinds VALUES ('temporary table', '''hostile_own_temp''::regclass');
DO $relnav_hostile$
DECLARE
    k record;
    c record;
    st text;
    msg text;
BEGIN
    FOR k IN SELECT kind, expr FROM hostile_kinds.kinds ORDER BY kind LOOP
        FOR c IN SELECT fn, template FROM hostile_kinds.calls ORDER BY fn LOOP
            BEGIN
                EXECUTE format(c.template, k.expr);
                RAISE EXCEPTION 'relnav_hostile_rollback';
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
                INSERT INTO hostile.results VALUES ('regclass', c.fn, 0,
                    CASE WHEN st = 'P0001' AND msg = 'relnav_hostile_rollback' THEN 'ok' ELSE 'error' END,
                    CASE WHEN st = 'P0001' AND msg = 'relnav_hostile_rollback' THEN NULL ELSE st END,
                    k.kind || ': ' || left(msg, 300));
            END;
        END LOOP;
    END LOOP;
    FOR k IN SELECT kind, expr FROM hostile_kinds.schemas ORDER BY kind LOOP
        BEGIN
            EXECUTE format('SELECT rel_reflect(%s)', k.expr);
            RAISE EXCEPTION 'relnav_hostile_rollback';
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            INSERT INTO hostile.results VALUES ('regclass', 'rel_reflect', 0,
                CASE WHEN st = 'P0001' AND msg = 'relnav_hostile_rollback' THEN 'ok' ELSE 'error' END,
                CASE WHEN st = 'P0001' AND msg = 'relnav_hostile_rollback' THEN NULL ELSE st END,
                k.kind || ': ' || left(msg, 300));
        END;
    END LOOP;
END
$relnav_hostile$;
EOF
server_ok "the regclass batch"
[ "$(psql_q -At -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'relnav_hostile_temp'")" = 1 ] ||
	fail "the session holding a temporary table ended"
regclass_calls=$(psql_q -At -c "SELECT (SELECT count(*) FROM hostile_kinds.kinds) * (SELECT count(*) FROM hostile_kinds.calls)
                                     + (SELECT count(*) FROM hostile_kinds.schemas)")
echo "batch regclass done in $(( ($(date +%s%N) - t0) / 1000000 )) ms: $regclass_calls calls"

# --- invalid UTF-8 never reaches relnav -------------------------------------------
psql_q >/dev/null <<'EOF'
SET search_path = hostile, public;
DO $$
DECLARE
    -- truncated sequences, lone continuation bytes, a surrogate, an
    -- overlong '/', bytes that never occur in UTF-8
    bad text[] := ARRAY['\xc328', '\xa0a1', '\xe228a1', '\xf0288cbc',
                        '\xeda080', '\xc0af', '\xff', '\xf888808080'];
    b text;
    st text;
BEGIN
    FOREACH b IN ARRAY bad LOOP
        BEGIN
            EXECUTE format('SELECT count(*) FROM rel_navigate(%L, 1, convert_from(%L::bytea, %L))',
                           'hostile.users', b, 'UTF8');
            INSERT INTO hostile.results VALUES ('invalid_utf8', 'path', 0, 'ok', NULL, b);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
            INSERT INTO hostile.results VALUES ('invalid_utf8', 'path', 0,
                CASE WHEN st = '22021' THEN 'refused' ELSE 'error' END, st, b);
        END;
    END LOOP;
END $$;
EOF
server_ok "invalid UTF-8"

# --- verdict --------------------------------------------------------------------
psql_q -P pager=off <<'EOF'
SET search_path = hostile, public;
\echo per function and argument:
SELECT fn, arg, count(*) AS calls,
       count(*) FILTER (WHERE outcome = 'ok') AS ok,
       count(*) FILTER (WHERE outcome = 'error') AS clean_errors,
       count(*) FILTER (WHERE outcome = 'refused') AS refused_utf8,
       count(*) FILTER (WHERE outcome = 'wrong' OR sqlstate LIKE 'XX%') AS bad,
       string_agg(DISTINCT sqlstate, ' ' ORDER BY sqlstate) AS sqlstates
  FROM results GROUP BY ROLLUP (fn, arg) ORDER BY fn NULLS LAST, arg NULLS FIRST;
\echo failures (internal errors and wrong answers), first 40:
SELECT r.fn, r.arg, c.category, left(c.s, 40) AS input, r.outcome, r.sqlstate, r.message
  FROM results r LEFT JOIN corpus c ON c.id = r.corpus
 WHERE r.outcome = 'wrong' OR r.sqlstate LIKE 'XX%' OR (r.fn = 'invalid_utf8' AND r.outcome <> 'refused')
 ORDER BY r.fn, r.arg, r.corpus LIMIT 40;
EOF

bad=$(psql_q -At -c "SELECT count(*) FROM hostile.results
    WHERE outcome = 'wrong' OR sqlstate IN ('XX000', 'XX001', 'XX002') OR sqlstate LIKE 'XX%'
       OR (fn = 'invalid_utf8' AND outcome <> 'refused')")
calls=$(psql_q -At -c "SELECT count(*) FROM hostile.results")
expected_calls=$(( (${#batches[@]} / 3) * ncorpus + 8 + regclass_calls ))
[ "$calls" = "$expected_calls" ] || fail "$calls results recorded, $expected_calls expected"
server_ok "the whole run"
echo "hostile_inputs: $calls calls in $(( $(date +%s) - start )) s, $bad failures"
[ "$bad" = 0 ] || exit 1
echo "hostile_inputs: every call ended in a result or a clean error; nothing else changed"
