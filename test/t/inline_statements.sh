#!/usr/bin/env bash
# inline_statements.sh: relnav calls inside statements of every shape give
# the same answer expanded (relnav.inline on) as called (off).
#
# hostile_inputs.sh varies the strings inside a few statements; this varies
# the statements around the calls: the caller's WHERE, LIMIT, OFFSET, FETCH,
# ORDER BY, GROUP BY, HAVING, DISTINCT, window functions, set-returning
# functions in the target list, UNION, CTEs, FOR UPDATE, sublinks (EXISTS,
# IN, scalar, ARRAY) and LATERAL joins, around rel_navigate, rel_rows and
# rel_navigate_many, with constant, NULL, missing, per-row, subquery keys and
# keys of another type (bigint, numeric with fractions),
# with and without order_by and max_rows (constant, 0, a subquery), plain
# and recursive paths; and all of it again with relnav.trust_foreign_keys
# on.  A lone call's flattening (its ORDER BY and LIMIT moved into the
# caller's statement) must not apply where the caller's statement groups or
# sorts: a statement of the wrong shape crashed a backend once.
#
# Each statement runs with expansion off, then on, in one session: the rows
# (in order where the statement defines one, else sorted) or the SQLSTATE
# must be the same.  A crash ends the session: the server must then still
# accept connections, and the batch fails.  Runs from the repository top
# inside pg_virtualenv (PG* set), or against any cluster with relnav:
#     PGHOST=... PGPORT=... PGUSER=postgres test/t/inline_statements.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

start=$(date +%s)
db="relnav_inline_statements_$$_$start"
admin_db=${PGDATABASE:-postgres}
psql_base=(psql -X -v ON_ERROR_STOP=1 -q)

cleanup() {
	"${psql_base[@]}" -d "$admin_db" -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() {
	echo "inline_statements: FAIL: $*"
	exit 1
}

"${psql_base[@]}" -d "$admin_db" -c "CREATE DATABASE \"$db\" TEMPLATE template0" >/dev/null

"${psql_base[@]}" -d "$db" >/dev/null <<'SQL' || fail "could not set up the database"
SET client_min_messages = warning;
CREATE EXTENSION relnav;
\i test/clinic.sql
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
CREATE TABLE employees (id int PRIMARY KEY, name text, manager_id int REFERENCES employees);
INSERT INTO employees SELECT i, 'e' || i, NULLIF(i / 3, 0) FROM generate_series(1, 40) i;
SELECT rel_declare('employees', 'reports', 'employees', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{manager_id}');
ANALYZE;

-- q's rows as text, in order, or "ERROR <sqlstate>"; with expansion set
CREATE FUNCTION run_as(q text, expand boolean) RETURNS text[] LANGUAGE plpgsql AS $f$
DECLARE
    rec record;
    result text[] := '{}';
BEGIN
    PERFORM set_config('relnav.inline', expand::text, true);
    BEGIN
        FOR rec IN EXECUTE q LOOP
            result := result || rec::text;
        END LOOP;
    EXCEPTION WHEN OTHERS THEN
        result := ARRAY['ERROR ' || SQLSTATE];
    END;
    PERFORM set_config('relnav.inline', 'on', true);
    RETURN result;
END
$f$;

CREATE TABLE statements (n serial PRIMARY KEY, q text NOT NULL, ordered boolean NOT NULL);
CREATE TABLE outcomes (n int PRIMARY KEY, trust boolean, called text[], expanded text[],
                       same boolean);

-- the calls: a FROM item aliased k, the expression of its id, and the key
-- forms it takes (u: the caller has users u in FROM)
CREATE TEMP TABLE calls (fn text, tmpl text, id text, many boolean);
INSERT INTO calls VALUES
  ('navigate', 'rel_navigate(''users'', %s, ''kins'', %s, %s) k', '(k->>''id'')::int', false),
  ('rows', 'rel_rows(NULL::kins, ''users'', %s, ''kins'', %s, %s) k', 'k.id', false),
  ('m2m', 'rel_navigate(''users'', %s, ''specialities'', %s, %s) k', '(k->>''id'')::int', false),
  ('recursive', 'rel_navigate(''employees'', %s, ''reports+'', %s, %s) k', '(k->>''id'')::int', false),
  ('many', 'rel_navigate_many(''users'', ARRAY[%s, 2, 1], ''kins'') k', '(k.target->>''id'')::int', true),
  ('many_rec', 'rel_navigate_many(''employees'', ARRAY[%s, 2, 1], ''reports*'') k', '(k.target->>''id'')::int', true);
-- (keys of another type are converted by _relnav.key_column, and in
-- rel_navigate_many's arrays by _relnav.key_column_array)
CREATE TEMP TABLE keys (k text, per_row boolean);
INSERT INTO keys VALUES ('1', false), ('3', false), ('99', false), ('NULL::int', false),
  ('(SELECT min(id) FROM users)', false), ('u.id', true), ('(SELECT u.id)', true),
  ('u.id::bigint', true), ('u.id / 2.0', true);
CREATE TEMP TABLE orders (o text);
INSERT INTO orders VALUES ('NULL'), ('''id DESC'''), ('''id''');
CREATE TEMP TABLE limits (l text);
INSERT INTO limits VALUES ('NULL'), ('0'), ('2'), ('(SELECT 1::bigint)');
-- the statements: {T} the call, {X} its id; ordered when the rows' order is
-- the statement's to define
CREATE TEMP TABLE forms (f text, ordered boolean, per_row boolean);
INSERT INTO forms VALUES
  ('SELECT {X} FROM {T}', true, false),
  ('SELECT {X} FROM {T} LIMIT 2', true, false),
  ('SELECT {X} FROM {T} OFFSET 1 LIMIT 1', true, false),
  ('SELECT {X} FROM {T} FETCH FIRST 1 ROWS ONLY', true, false),
  ('SELECT {X} FROM {T} WHERE {X} > 1', true, false),
  ('SELECT {X} FROM {T} WHERE {X} > 1 LIMIT 1', true, false),
  ('SELECT {X} FROM {T} ORDER BY {X} DESC', true, false),
  ('SELECT {X} FROM {T} ORDER BY {X} DESC LIMIT 1', true, false),
  ('SELECT count(*) FROM {T}', true, false),
  ('SELECT 1 FROM {T} HAVING true', true, false),
  ('SELECT count(*) FROM {T} HAVING count(*) > 1', true, false),
  ('SELECT 1 FROM {T} GROUP BY ()', true, false),
  ('SELECT 1 FROM {T} GROUP BY GROUPING SETS ((), ())', true, false),
  ('SELECT {X} FROM {T} GROUP BY {X}', false, false),
  ('SELECT DISTINCT {X} FROM {T}', false, false),
  ('SELECT DISTINCT ON ({X} % 2) {X} % 2 FROM {T}', false, false),
  ('SELECT {X}, count(*) OVER () FROM {T}', false, false),
  ('SELECT {X} FROM {T} WINDOW w AS (ORDER BY {X})', true, false),
  ('SELECT generate_series(1, 2), {X} FROM {T}', true, false),
  ('SELECT {X} FROM {T} UNION ALL SELECT {X} FROM {T}', false, false),
  ('(SELECT {X} FROM {T} LIMIT 1) UNION ALL (SELECT {X} FROM {T})', false, false),
  ('WITH c AS (SELECT {X} AS x FROM {T}) SELECT x FROM c', false, false),
  ('WITH c AS MATERIALIZED (SELECT {X} AS x FROM {T}) SELECT count(*) FROM c', true, false),
  ('SELECT {X} FROM {T} FOR UPDATE', true, false),
  ('SELECT ARRAY(SELECT {X} FROM {T})', true, false),
  ('SELECT (SELECT {X} FROM {T} LIMIT 1)', true, false),
  ('SELECT * FROM (SELECT {X} AS x FROM {T}) s', true, false),
  ('SELECT * FROM (SELECT {X} AS x FROM {T} LIMIT 1) s', true, false),
  ('SELECT u.id FROM users u WHERE u.id IN (SELECT {X} FROM {T})', false, false),
  ('SELECT u.id, (SELECT count(*) FROM {T}) FROM users u', false, true),
  ('SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM {T} WHERE {X} > 0)', false, true),
  ('SELECT u.id FROM users u WHERE NOT EXISTS (SELECT 1 FROM {T})', false, true),
  ('SELECT u.id, {X} FROM users u, LATERAL {T}', false, true),
  ('SELECT u.id, {X} FROM users u LEFT JOIN LATERAL {T} ON true', false, true),
  ('SELECT u.id, ARRAY(SELECT {X} FROM {T}) FROM users u', false, true),
  ('SELECT u.id, (SELECT {X} FROM {T} LIMIT 1) FROM users u', false, true),
  ('SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM {T} GROUP BY {X} HAVING count(*) > 0)', false, true),
  ('SELECT u.id FROM users u WHERE u.id IN (SELECT {X} FROM {T})', false, true);

INSERT INTO statements (q, ordered)
SELECT replace(replace(f.f, '{T}', CASE WHEN c.many THEN format(c.tmpl, k.k)
                                      ELSE format(c.tmpl, k.k, o.o, l.l) END),
               '{X}', c.id),
       f.ordered
  FROM forms f, calls c, keys k, orders o, limits l
 WHERE (k.per_row = f.per_row OR (f.per_row AND k.k IN ('1', '(SELECT min(id) FROM users)')))
   -- _many takes no order_by or max_rows: one of each is enough
   AND (NOT c.many OR (o.o = 'NULL' AND l.l = 'NULL'))
 ORDER BY f.f, c.fn, k.k, o.o, l.l;
SQL

count=$("${psql_base[@]}" -d "$db" -tA -c "SELECT count(*) FROM statements")
[ "$count" -gt 1000 ] || fail "only $count statements generated"

# one batch per trust setting and per slice of statements: a crash ends one
# session, and the server must then still accept a new one
batch() {	# trust lo hi
	if ! "${psql_base[@]}" -d "$db" >"$log" 2>&1 <<SQL; then
LOAD 'relnav';
SET relnav.trust_foreign_keys = $1;
DO \$\$
DECLARE
    s record;
    called text[];
    expanded text[];
BEGIN
    FOR s IN SELECT n, q, ordered FROM statements WHERE n BETWEEN $2 AND $3 ORDER BY n LOOP
        called := run_as(s.q, false);
        expanded := run_as(s.q, true);
        IF NOT s.ordered THEN
            called := ARRAY(SELECT unnest(called) ORDER BY 1);
            expanded := ARRAY(SELECT unnest(expanded) ORDER BY 1);
        END IF;
        INSERT INTO outcomes VALUES (s.n, '$1', called, expanded, called = expanded)
          ON CONFLICT (n) DO UPDATE SET trust = EXCLUDED.trust, called = EXCLUDED.called,
                                        expanded = EXCLUDED.expanded, same = EXCLUDED.same;
    END LOOP;
END
\$\$;
SQL
		"${psql_base[@]}" -d "$db" -tA -c "SELECT 1" >/dev/null 2>&1 ||
			fail "the server does not accept connections after statements $2-$3 (trust $1)"
		first=$("${psql_base[@]}" -d "$db" -tA -c \
			"SELECT min(n) FROM statements WHERE n BETWEEN $2 AND $3
			    AND n NOT IN (SELECT n FROM outcomes WHERE trust = '$1')")
		cat "$log"
		fail "the session ended inside statements $2-$3 (trust $1), at or after statement $first: $("${psql_base[@]}" -d "$db" -tA -c "SELECT q FROM statements WHERE n = ${first:-0}")"
	fi
	bad=$("${psql_base[@]}" -d "$db" -tA -c \
		"SELECT format(E'%s\n  called:   %s\n  expanded: %s', s.q, o.called, o.expanded)
		   FROM outcomes o JOIN statements s USING (n)
		  WHERE NOT o.same AND o.n BETWEEN $2 AND $3 ORDER BY o.n LIMIT 5")
	[ -z "$bad" ] || fail "expanded and called differ (trust $1):
$bad"
}

log=$(mktemp)
trap 'rm -f "$log"; cleanup' EXIT
step=500
for trust in off on; do
	for ((lo = 1; lo <= count; lo += step)); do
		batch "$trust" "$lo" $((lo + step - 1))
	done
done

# and they were expanded: no plan calls a relnav function
unexpanded=$("${psql_base[@]}" -d "$db" -tA <<'SQL'
LOAD 'relnav';
CREATE FUNCTION plan_calls_relnav(q text) RETURNS boolean LANGUAGE plpgsql AS $f$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
        IF line ~ '(public\.)?rel_(navigate|rows|count|fetch|navigate_many)\(' THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END
$f$;
SELECT count(*) || coalesce(E'\n' || min(q), '') FROM statements WHERE plan_calls_relnav(q);
SQL
)
[ "${unexpanded%%$'\n'*}" = 0 ] || fail "statements left unexpanded: $unexpanded"

expanded=$("${psql_base[@]}" -d "$db" -tA -c \
	"SELECT count(*) FROM outcomes WHERE expanded[1] IS NULL OR expanded[1] NOT LIKE 'ERROR%'")
errors=$("${psql_base[@]}" -d "$db" -tA -c \
	"SELECT string_agg(DISTINCT expanded[1], ', ') FROM outcomes WHERE expanded[1] LIKE 'ERROR%'")
echo "inline_statements: $count statements, each called and expanded, with relnav.trust_foreign_keys off and on: the same answers ($expanded with rows, errors: ${errors:-none}) in $(($(date +%s) - start)) s"
