#!/usr/bin/env bash
# shape_fuzz.sh: feed rel_fetch, rel_fetch_many (and rel_navigate_many's
# path parser) thousands of random and hostile shapes, and check that
#   - every call ends in a document or a clean ERROR whose SQLSTATE is one
#     a user may meet (never XX000 internal errors, never a crash),
#   - rel_fetch and rel_fetch_many agree, call after call from the same call
#     site, and with a fresh call site (EXECUTE), so no cached plan of an
#     earlier shape answers for a later one,
#   - the valid shapes among them return the documents they should,
#   - the server stays up: a new connection works after every batch,
#   - no shape changes the data.
#
# Shapes: token soup from the grammar's alphabet, mutations of valid shapes,
# unbalanced parentheses, 10,000 nesting levels, 1 MB of commas and of valid
# repeated columns, long quoted identifiers, SQL quotes, comments, semicolons
# and dollar quotes, unicode and NUL-free binary junk (valid UTF-8).
#
# Clauses (WHERE, ORDER BY, LIMIT, OFFSET, aggregates): valid clause
# shapes, soup of the clause grammar's tokens, mutations of valid clause
# shapes, 10,000 ANDs, ORs, NOTs, parentheses and EXISTS, huge IN lists and
# literals, and hostile strings inside literals (quotes, comments, dollar
# quotes, backslashes, '?' and '$1', 1 MB), each of which must come back
# as the value it is.  Literals are statement parameters and shapes that
# differ only in them share a plan, so 500 calls with random literals,
# LIMITs and OFFSETs are checked against the same query written by hand:
# a plan or a literal left over from an earlier call would show there.
#
# Random shapes are generated in SQL after setseed(), so every run feeds the
# same shapes: a failure reproduces.  The runner starts this from the
# repository top inside pg_virtualenv (PG* variables set); it also runs
# against any cluster with relnav installed:
#     PGHOST=... PGPORT=... PGUSER=postgres test/t/shape_fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

start=$(date +%s)
db="relnav_shape_fuzz_$$_$start"
admin_db=${PGDATABASE:-postgres}
psql_base=(psql -X -v ON_ERROR_STOP=1 -q)

cleanup() {
	if [ -n "${RELNAV_FUZZ_KEEP:-}" ]; then
		echo "shape_fuzz: database $db kept (RELNAV_FUZZ_KEEP)"
		return
	fi
	"${psql_base[@]}" -d "$admin_db" -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() {
	echo "shape_fuzz: FAIL: $*"
	exit 1
}

# A new connection must work after every batch: a backend that crashed (or
# took the postmaster into recovery) fails this.
server_alive() {
	local what=$1 _
	for _ in 1 2 3; do
		if "${psql_base[@]}" -d "$db" -tA -c "SELECT 1" 2>/dev/null | grep -qx 1; then
			return 0
		fi
		sleep 1
	done
	fail "no new connection after batch '$what': the server crashed or went away"
}

# run_batch NAME: SQL on stdin, run in one session of its own
run_batch() {
	local name=$1 t0 ms
	t0=$(date +%s%N)
	# the results are in fuzz_results: only errors of the batch itself show
	if ! "${psql_base[@]}" -d "$db" -v batch="$name" >/dev/null; then
		server_alive "$name"
		fail "batch '$name' did not run to its end (psql failed; see above)"
	fi
	ms=$((($(date +%s%N) - t0) / 1000000))
	server_alive "$name"
	printf 'shape_fuzz: batch %-10s %6d ms\n' "$name" "$ms"
}

"${psql_base[@]}" -d "$admin_db" \
	-c "CREATE DATABASE \"$db\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"

########################################################################
# Schema, declarations, and the fuzzing machinery
########################################################################
"${psql_base[@]}" -d "$db" >/dev/null <<'SQL' || fail "could not set up the database"
SET client_min_messages = warning;
CREATE EXTENSION relnav;
\i test/clinic.sql
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'user');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'profile', 'profiles', back_populates => 'user', uselist => false);
SELECT rel_declare('profiles', 'user', 'users', back_populates => 'profile', uselist => false);
SELECT rel_declare('users', 'specialities', 'specialities',
                   secondary => 'user_speciality', back_populates => 'users');
SELECT rel_declare('specialities', 'users', 'users',
                   secondary => 'user_speciality', back_populates => 'specialities');
SELECT rel_declare('users', 'kins_by_name', 'kins', order_by => 'full_name DESC');
-- scalar over several rows: 21000 is in play
SELECT rel_declare('users', 'one_kin', 'kins', kind => 'one_to_one');

-- a self-reference with one row per level, for deep valid nesting:
-- employee i reports to i - 1, for i in 1..100
CREATE TABLE employees (id int PRIMARY KEY, name text, manager_id int REFERENCES employees);
INSERT INTO employees SELECT i, 'e' || i, NULLIF(i - 1, 0) FROM generate_series(1, 100) i;
SELECT rel_declare('employees', 'manager', 'employees', kind => 'many_to_one',
                   back_populates => 'reports');
SELECT rel_declare('employees', 'reports', 'employees', kind => 'one_to_many',
                   back_populates => 'manager');

-- names that need quotes
CREATE TABLE "Odd ""Table""" ("Full Name" text, "日本" int PRIMARY KEY, "user id" int REFERENCES users);
INSERT INTO "Odd ""Table""" VALUES ('x', 1, 1), ('y', 2, 1);
SELECT rel_declare('users', 'Odd "Rel"', '"Odd ""Table"""');

CREATE TABLE fuzz_results (
    batch      text NOT NULL,
    n          int NOT NULL,
    fn         text NOT NULL,        -- fetch, fetch_many, navigate_many
    sqlstate   text NOT NULL,        -- 00000: a result
    msglen     int,
    shape_len  int NOT NULL,
    shape_head text NOT NULL,        -- the first 200 characters
    message    text,
    problem    text                  -- set when a check failed
);
CREATE TABLE fuzz_data_before AS
    SELECT 'users' AS t, count(*) AS n, md5(string_agg(to_jsonb(u)::text, ',' ORDER BY id)) AS h FROM users u
    UNION ALL
    SELECT 'kins', count(*), md5(string_agg(to_jsonb(k)::text, ',' ORDER BY id)) FROM kins k;

-- Call rel_fetch(src, key, shape) and rel_fetch_many(src, keys, shape) from
-- their call sites in this function (the same for every shape, so plans
-- cached for one shape meet the next), and rel_fetch once more from a fresh
-- call site.  keys must hold key once among missing and NULL keys, and give
-- many_count documents, key's at many_pos.  valid: NULL unknown, true must
-- succeed, false must fail.  expect: the document key must give.
CREATE FUNCTION fuzz_try(p_batch text, p_n int, p_src regclass, p_key int, p_keys int[],
                         p_many_count int, p_many_pos int, p_shape text,
                         p_valid boolean DEFAULT NULL, p_expect jsonb DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    d1 jsonb;
    d2 jsonb[];
    d3 jsonb;
    st1 text := '00000';
    st2 text := '00000';
    m1 text;
    m2 text;
    msg text;
    det text;
    hnt text;
    problem text;
    head text := left(p_shape, 200);
BEGIN
    BEGIN
        d1 := rel_fetch(p_src, p_key, p_shape);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st1 = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                                det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
        m1 := concat_ws(' | ', msg, NULLIF(det, ''), NULLIF(hnt, ''));
    END;
    BEGIN
        d2 := ARRAY(SELECT rel_fetch_many(p_src, p_keys, p_shape));
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st2 = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                                det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
        m2 := concat_ws(' | ', msg, NULLIF(det, ''), NULLIF(hnt, ''));
    END;

    IF st1 <> st2 THEN
        problem := format('rel_fetch gave %s, rel_fetch_many %s', st1, st2);
    ELSIF st1 = '00000' THEN
        IF d1 IS NULL THEN
            problem := 'rel_fetch returned NULL for an existing key';
        ELSIF coalesce(array_length(d2, 1), 0) <> p_many_count THEN
            problem := format('rel_fetch_many returned %s documents, not %s',
                              coalesce(array_length(d2, 1), 0), p_many_count);
        ELSIF d2[p_many_pos] IS DISTINCT FROM d1 THEN
            problem := 'rel_fetch_many and rel_fetch returned different documents';
        ELSIF p_expect IS NOT NULL AND d1 IS DISTINCT FROM p_expect THEN
            problem := 'unexpected document: ' || left(d1::text, 300);
        ELSE
            EXECUTE 'SELECT rel_fetch($1, $2, $3)' INTO d3 USING p_src, p_key, p_shape;
            IF d3 IS DISTINCT FROM d1 THEN
                problem := 'a fresh call site returned another document: the cached plan was stale';
            END IF;
        END IF;
    END IF;
    IF problem IS NULL AND p_valid AND st1 <> '00000' THEN
        problem := 'a valid shape failed';
    ELSIF problem IS NULL AND NOT p_valid AND st1 = '00000' THEN
        problem := 'an invalid shape was accepted';
    END IF;

    INSERT INTO fuzz_results VALUES
        (p_batch, p_n, 'fetch', st1, length(m1), length(p_shape), head, left(m1, 300), problem),
        (p_batch, p_n, 'fetch_many', st2, length(m2), length(p_shape), head, left(m2, 300), NULL);
END
$$;

-- The same for rel_navigate_many: the path parser shares the scanner.
CREATE FUNCTION fuzz_try_path(p_batch text, p_n int, p_path text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    st text := '00000';
    m text;
    msg text;
    det text;
    cnt bigint;
BEGIN
    BEGIN
        SELECT count(*) INTO cnt FROM rel_navigate_many('users', ARRAY[3, 1, NULL, 99], p_path);
    EXCEPTION WHEN query_canceled THEN
        st := '57014';
        m := 'did not end within statement_timeout: a long path should fail fast (a length limit, like the shape depth limit)';
    WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
        m := concat_ws(' | ', msg, NULLIF(det, ''));
    END;
    INSERT INTO fuzz_results VALUES
        (p_batch, p_n, 'navigate_many', st, length(m), length(p_path), left(p_path, 200), left(m, 300), NULL);
END
$$;

-- try on users: key 1 among 3, NULL, 99 and 1 again -> documents of 3 and 1
CREATE FUNCTION fuzz_users(p_batch text, p_n int, p_shape text,
                           p_valid boolean DEFAULT NULL, p_expect jsonb DEFAULT NULL)
RETURNS void LANGUAGE sql AS $$
    SELECT fuzz_try(p_batch, p_n, 'users', 1, ARRAY[3, 1, NULL, 99, 1], 2, 2, p_shape, p_valid, p_expect)
$$;
-- try on employees: key k among missing and NULL keys -> one document
CREATE FUNCTION fuzz_employees(p_batch text, p_n int, p_key int, p_shape text,
                               p_valid boolean DEFAULT NULL, p_expect jsonb DEFAULT NULL)
RETURNS void LANGUAGE sql AS $$
    SELECT fuzz_try(p_batch, p_n, 'employees', p_key, ARRAY[p_key, NULL, -1, p_key], 1, 1, p_shape, p_valid, p_expect)
$$;

-- random helpers (deterministic after setseed)
CREATE FUNCTION fuzz_int(lo int, hi int) RETURNS int LANGUAGE sql AS
    $$ SELECT lo + floor(random() * (hi - lo + 1))::int $$;
CREATE FUNCTION fuzz_pick(a text[]) RETURNS text LANGUAGE sql AS
    $$ SELECT a[1 + floor(random() * array_length(a, 1))::int] $$;
-- one valid, NUL-free UTF-8 character from anywhere in unicode
CREATE FUNCTION fuzz_char() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r float8 := random();
    c int;
BEGIN
    IF r < 0.35 THEN
        c := fuzz_int(1, 127);
    ELSIF r < 0.55 THEN
        c := fuzz_int(128, 2047);
    ELSIF r < 0.85 THEN
        c := fuzz_int(2048, 65535);
        IF c BETWEEN 55296 AND 57343 THEN   -- surrogates are not characters
            c := c - 8192;
        END IF;
    ELSE
        c := fuzz_int(65536, 1114111);
    END IF;
    RETURN chr(c);
END
$$;
CREATE FUNCTION fuzz_junk(len int) RETURNS text LANGUAGE sql AS
    $$ SELECT string_agg(fuzz_char(), '') FROM generate_series(1, len) $$;
-- tokens of the grammar's alphabet and around it
CREATE FUNCTION fuzz_tokens() RETURNS text[] LANGUAGE sql IMMUTABLE AS $tokens$
    SELECT ARRAY['id', 'full_name', 'kins', 'user', 'appointments', 'profile', 'specialities',
                 'users', 'details', 'bio', 'name', 'phone', 'relationship', 'user_id',
                 'one_kin', 'kins_by_name', 'manager', 'reports', 'nope', 'KINS', 'Id',
                 '"kins"', '"id"', '"Full Name"', '"Odd ""Rel"""', '"日本"', 'a', 'b', 'x1',
                 '*', '*', ',', ',', ',', '(', '(', '(', ')', ')', ')', ':', ':',
                 ' ', ' ', '  ', E'\t', E'\n', '"', '""', '''', ';', '.', '$$', '$', '--', '/*', '*/',
                 '\', 'é', '∅', '日本', '🙂', E'\u200b', '$1', '%s', '0', '1e9', '-', '[', ']', '{', '}',
                 'x:', 'a:kins(', '(*)', 'kins(', 'user(', 'profile(*)', '),']
$tokens$;
CREATE FUNCTION fuzz_soup(ntokens int) RETURNS text LANGUAGE sql AS
    $$ SELECT coalesce(string_agg(fuzz_pick(fuzz_tokens()), ''), '') FROM generate_series(1, ntokens) $$;
-- one random edit of s
CREATE FUNCTION fuzz_mutate(s text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    len int := length(s);
    p int := fuzz_int(1, greatest(len, 1));
    op int := fuzz_int(0, 6);
    c text;
BEGIN
    c := CASE WHEN random() < 0.7 THEN fuzz_pick(ARRAY['(', ')', ',', ':', '*', '"', ' ', '''', '.', ';'])
              ELSE fuzz_char() END;
    RETURN CASE op
        WHEN 0 THEN overlay(s PLACING '' FROM p FOR 1)                 -- drop
        WHEN 1 THEN overlay(s PLACING c FROM p FOR 0)                  -- insert
        WHEN 2 THEN overlay(s PLACING substr(s, p, 1) FROM p FOR 0)    -- duplicate
        WHEN 3 THEN overlay(s PLACING substr(s, p + 1, 1) || substr(s, p, 1) FROM p FOR 2)  -- swap
        WHEN 4 THEN left(s, p - 1)                                     -- truncate
        WHEN 5 THEN overlay(s PLACING c FROM p FOR 1)                  -- replace
        ELSE s || fuzz_pick(fuzz_tokens())                             -- append a token
    END;
END
$$;
-- valid shapes on users, the seeds of mutations
CREATE TABLE fuzz_valid_users (n serial, shape text);
INSERT INTO fuzz_valid_users (shape) VALUES
    ('*'), ('id'), ('id, full_name'), ('full_name, kins(*)'), ('family:kins(full_name)'),
    ('full_name, profile(bio), kins(full_name, relationship), appointments(details, user(full_name)), specialities(name)'),
    ('appointments(details, user(full_name, kins(*)))'),
    ('specialities(name, users(full_name))'),
    ('"full_name", "kins"("id"), "Odd ""Rel"""("日本", "Full Name")'),
    ('*, kins_by_name(*), profile(*), specialities(*, users(id))'),
    ('a:kins(id), b:kins(user(profile(user(id))))'),
    ('kins(user(kins(user(id))))'),
    ('profile(user(profile(user(full_name))))'),
    (E'\n id ,\tkins ( id ) '),
    ('specialities(users(specialities(users(id))))');
-- Clauses: rel_fetch and rel_fetch_many (from this function's call sites,
-- then from fresh ones with EXECUTE) on users.  Root clauses make the two
-- functions differ (a WHERE drops a document, a LIMIT pages them), so
-- they are not compared with each other: each is compared with itself
-- from a fresh call site, and rel_fetch with expect when given.
CREATE FUNCTION fuzz_clause_try(p_batch text, p_n int, p_shape text,
                                p_valid boolean DEFAULT NULL, p_expect jsonb DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    d1 jsonb;
    d2 jsonb;
    d3 jsonb;
    d4 jsonb;
    st1 text := '00000';
    st2 text := '00000';
    m1 text;
    m2 text;
    msg text;
    det text;
    problem text;
    head text := left(p_shape, 200);
BEGIN
    BEGIN
        d1 := rel_fetch('users', 1, p_shape);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st1 = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
        m1 := concat_ws(' | ', msg, NULLIF(det, ''));
    END;
    BEGIN
        SELECT jsonb_agg(d ORDER BY o) INTO d2
          FROM rel_fetch_many('users', ARRAY[3, 1, NULL, 99, 1], p_shape) WITH ORDINALITY AS f(d, o);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st2 = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
        m2 := concat_ws(' | ', msg, NULLIF(det, ''));
    END;

    IF st1 = '00000' THEN
        EXECUTE 'SELECT rel_fetch($1, $2, $3)' INTO d3 USING 'users'::regclass, 1, p_shape;
        IF d3 IS DISTINCT FROM d1 THEN
            problem := 'rel_fetch from a fresh call site returned another document';
        END IF;
    END IF;
    IF problem IS NULL AND st2 = '00000' THEN
        EXECUTE 'SELECT jsonb_agg(d ORDER BY o) FROM rel_fetch_many($1, $2, $3) WITH ORDINALITY AS f(d, o)'
           INTO d4 USING 'users'::regclass, ARRAY[3, 1, NULL, 99, 1], p_shape;
        IF d4 IS DISTINCT FROM d2 THEN
            problem := 'rel_fetch_many from a fresh call site returned other documents';
        END IF;
    END IF;
    -- only errors that depend on the rows met may differ between the two
    IF problem IS NULL AND st1 <> st2 AND st1 NOT IN ('00000', '21000', '22025')
       AND st2 NOT IN ('00000', '21000', '22025') THEN
        problem := format('rel_fetch gave %s, rel_fetch_many %s', st1, st2);
    ELSIF problem IS NULL AND (st1 = '00000') <> (st2 = '00000')
          AND st1 NOT IN ('21000', '22025') AND st2 NOT IN ('21000', '22025') THEN
        problem := format('rel_fetch gave %s, rel_fetch_many %s', st1, st2);
    END IF;
    IF problem IS NULL AND p_valid AND (st1 <> '00000' OR st2 <> '00000') THEN
        problem := 'a valid shape failed';
    ELSIF problem IS NULL AND NOT p_valid AND st1 = '00000' THEN
        problem := 'an invalid shape was accepted';
    ELSIF problem IS NULL AND p_expect IS NOT NULL AND d1 IS DISTINCT FROM p_expect THEN
        problem := 'unexpected document: ' || left(d1::text, 300);
    END IF;

    INSERT INTO fuzz_results VALUES
        (p_batch, p_n, 'fetch', st1, length(m1), length(p_shape), head, left(m1, 300), problem),
        (p_batch, p_n, 'fetch_many', st2, length(m2), length(p_shape), head, left(m2, 300), NULL);
END
$$;
-- tokens of the clause grammar and around it
CREATE FUNCTION fuzz_clause_tokens() RETURNS text[] LANGUAGE sql IMMUTABLE AS $tokens$
    SELECT ARRAY['id', 'full_name', 'relationship', 'phone', 'user_id', 'kins', 'user', 'specialities',
                 'users', 'name', 'profile', 'bio', 'nope', '"id"', '"order"', '"Odd ""Rel"""',
                 ' WHERE ', ' where ', ' ORDER BY ', ' order ', ' by ', ' LIMIT ', ' OFFSET ',
                 ' AND ', ' OR ', ' NOT ', ' IN ', ' IS ', ' NULL ', ' LIKE ', ' ILIKE ', ' ASC ',
                 ' DESC ', ' NULLS ', ' FIRST ', ' LAST ', 'EXISTS(', 'COUNT(', 'SUM(', 'AVG(',
                 'MIN(', 'MAX(', 'count', ' TRUE ', ' FALSE ', '=', '<>', '!=', '<', '<=', '>',
                 '>=', '==', '=>', '!', '''x''', '''spouse''', '''''', '''''''', '''', '''%''',
                 '''\''', '0', '1', '-1', '2.5', '1e3', '.5', '-', '99999999999999999999',
                 '(', '(', ')', ')', ',', ',', '.', '.', ':', '*', ' ', ' ', E'\n', '$$', '$1',
                 '?', '--', '/*', '*/', ';', '"', '\', '∅', 'é', 'NOT IN (', 'IS NOT NULL']
$tokens$;
CREATE FUNCTION fuzz_clause_soup(ntokens int) RETURNS text LANGUAGE sql AS
    $$ SELECT coalesce(string_agg(fuzz_pick(fuzz_clause_tokens()), ''), '') FROM generate_series(1, ntokens) $$;
-- valid shapes with clauses on users, the seeds of mutations
CREATE TABLE fuzz_valid_clauses (n serial, shape text);
INSERT INTO fuzz_valid_clauses (shape) VALUES
    ('id WHERE full_name = ''Amina Okafor'''),
    ('full_name, kins(full_name WHERE relationship = ''spouse'' OR phone IS NULL ORDER BY full_name DESC LIMIT 2)'),
    ('id, n: COUNT(kins), s: SUM(kins.id WHERE id > 1), kins(id ORDER BY id DESC LIMIT 1 OFFSET 1)'),
    ('id WHERE NOT kins.relationship = ''parent'' AND EXISTS(specialities WHERE name LIKE ''C%'')'),
    ('id, full_name WHERE specialities.users.full_name IN (''Chen Wei'', ''Dana Levi'') ORDER BY COUNT(kins) DESC, full_name'),
    ('kins(id, user(full_name WHERE id > -1) WHERE (id >= 1 AND id <= 3) OR NOT phone IS NOT NULL ORDER BY phone NULLS FIRST, id)'),
    ('id, MIN(kins.full_name), MAX(appointments.details), AVG(appointments.id) WHERE COUNT(appointments WHERE id > 0) >= 1'),
    ('appointments(details ORDER BY id DESC LIMIT 5), kin_count: COUNT(kins), kins(full_name WHERE relationship = ''sibling'')'),
    ('profile(bio WHERE bio ILIKE ''%cardio%''), kins(id WHERE full_name NOT LIKE ''%a%'') LIMIT 1 OFFSET 0'),
    ('"日本": id, specialities(name, c: COUNT(users) ORDER BY COUNT(users) DESC, name)');
-- statistics, as a live database has them (without, the estimates of deep
-- shapes explode and every call pays for JIT compilation)
ANALYZE;
SQL

########################################################################
# Valid shapes: every one must give its document
########################################################################
run_batch valid <<'SQL'
SELECT setseed(0.11);
SELECT fuzz_users(:'batch', n, shape, true) FROM fuzz_valid_users ORDER BY n;
-- 1 MB of valid repeated columns
SELECT fuzz_users(:'batch', 1001, repeat('id, ', 262144) || 'full_name', true,
                  '{"id": 1, "full_name": "Amina Okafor"}');
SELECT fuzz_users(:'batch', 1002, repeat('*,', 524288) || '*', true,
                  '{"id": 1, "full_name": "Amina Okafor"}');
SELECT fuzz_users(:'batch', 1003, repeat(' ', 1048576) || 'id' || repeat(E'\n', 1048576), true,
                  '{"id": 1}');
-- long quoted identifiers as aliases are keys like any other
SELECT fuzz_users(:'batch', 1004, '"' || repeat('x', 100000) || '":profile(id)', true,
                  jsonb_build_object(repeat('x', 100000), '{"id": 1}'::jsonb));
SELECT fuzz_users(:'batch', 1005, '"' || repeat('""', 50000) || '":profile(id)', true,
                  jsonb_build_object(repeat('"', 50000), '{"id": 1}'::jsonb));
SELECT fuzz_users(:'batch', 1006, '"日本🙂 é":profile(id), ñandú:kins(id)', true,
                  '{"日本🙂 é": {"id": 1}, "ñandú": [{"id": 1}, {"id": 2}, {"id": 3}]}');
-- as many relationships side by side as the limit allows
SELECT fuzz_users(:'batch', 1007, string_agg('k' || i || ':profile(id)', ',' ORDER BY i), true)
  FROM generate_series(1, 64) i;
-- deep nesting along a chain of one row per level
SELECT fuzz_employees(:'batch', 2000 + d, 100, repeat('manager(', d) || 'id' || repeat(')', d), true,
                      CASE WHEN d = 0 THEN '{"id": 100}'::jsonb END)
  FROM generate_series(0, 32, 4) d;
SELECT fuzz_employees(:'batch', 2100 + d, 1, repeat('reports(id, ', d) || 'id' || repeat(')', d), true)
  FROM generate_series(1, 30, 3) d;
SQL

########################################################################
# Token soup from the grammar's alphabet
########################################################################
run_batch soup <<'SQL'
SELECT setseed(0.22);
SELECT fuzz_users(:'batch', i, fuzz_soup(fuzz_int(1, 25))) FROM generate_series(1, 3000) i;
SELECT fuzz_employees(:'batch', 10000 + i, 50, fuzz_soup(fuzz_int(1, 25))) FROM generate_series(1, 500) i;
SELECT fuzz_try_path(:'batch', 20000 + i,
                     replace(fuzz_soup(fuzz_int(1, 8)), ',', '.')) FROM generate_series(1, 1000) i;
SQL

########################################################################
# Mutations of valid shapes: one to three edits each
########################################################################
run_batch mutation <<'SQL'
SELECT setseed(0.33);
SELECT fuzz_users(:'batch', i,
                  CASE fuzz_int(1, 3)
                      WHEN 1 THEN fuzz_mutate(v.shape)
                      WHEN 2 THEN fuzz_mutate(fuzz_mutate(v.shape))
                      ELSE fuzz_mutate(fuzz_mutate(fuzz_mutate(v.shape))) END)
  FROM generate_series(1, 3000) i
  JOIN fuzz_valid_users v ON v.n = 1 + (i % (SELECT count(*) FROM fuzz_valid_users));
SQL

########################################################################
# Unbalanced parentheses, deep nesting, huge inputs
########################################################################
run_batch structure <<'SQL'
SELECT setseed(0.44);
-- unbalanced, both ways, at every depth up to 60
SELECT fuzz_users(:'batch', d, repeat('kins(user(', d) || 'id', false) FROM generate_series(1, 60) d;
SELECT fuzz_users(:'batch', 100 + d, 'id' || repeat(')', d), false) FROM generate_series(1, 60) d;
SELECT fuzz_users(:'batch', 200 + d, repeat('(', d) || 'id' || repeat(')', d), false) FROM generate_series(1, 60) d;
SELECT fuzz_users(:'batch', 300 + d, 'kins(id' || repeat(')', d + 1), false) FROM generate_series(1, 60) d;
SELECT fuzz_employees(:'batch', 400 + d, 100, repeat('manager(', d) || 'id' || repeat(')', d - 1), false)
  FROM generate_series(1, 60) d;
-- 10,000 nesting levels
SELECT fuzz_employees(:'batch', 1000, 100, repeat('manager(', 10000) || 'id' || repeat(')', 10000), false);
SELECT fuzz_employees(:'batch', 1001, 1, repeat('reports(', 10000) || '*' || repeat(')', 10000), false);
SELECT fuzz_employees(:'batch', 1002, 100, repeat('m:manager(id, ', 10000) || 'id' || repeat(')', 10000), false);
SELECT fuzz_employees(:'batch', 1003, 100, repeat('manager(', 10000), false);
SELECT fuzz_users(:'batch', 1004, repeat('kins(user(', 5000) || 'id' || repeat('))', 5000), false);
SELECT fuzz_users(:'batch', 1005, repeat('(', 10000) || 'id' || repeat(')', 10000), false);
SELECT fuzz_users(:'batch', 1006, repeat('"a":kins(', 10000), false);
-- one level past the limit
SELECT fuzz_employees(:'batch', 1007, 100, repeat('manager(', 33) || 'id' || repeat(')', 33), false);
-- too many relationships side by side
SELECT fuzz_users(:'batch', 1008, string_agg('k' || i || ':profile(id)', ',' ORDER BY i), false)
  FROM generate_series(1, 10000) i;
-- 1 MB of commas, and friends
SELECT fuzz_users(:'batch', 2000, repeat(',', 1048576), false);
SELECT fuzz_users(:'batch', 2001, 'id' || repeat(',', 1048576), false);
SELECT fuzz_users(:'batch', 2002, repeat(',', 1048576) || 'id', false);
SELECT fuzz_users(:'batch', 2003, 'kins(' || repeat(',', 1048576) || ')', false);
SELECT fuzz_users(:'batch', 2004, repeat('(', 1048576), false);
SELECT fuzz_users(:'batch', 2005, repeat(')', 1048576), false);
SELECT fuzz_users(:'batch', 2006, repeat(':', 1048576), false);
SELECT fuzz_users(:'batch', 2007, repeat('a:', 524288) || 'kins(id)', false);
SELECT fuzz_users(:'batch', 2008, repeat('kins(id),', 116509) || 'id', false);
SELECT fuzz_users(:'batch', 2009, repeat('id ', 349525), false);
-- long identifiers, quoted and not
SELECT fuzz_users(:'batch', 3000, repeat('a', 1048576), false);
SELECT fuzz_users(:'batch', 3001, '"' || repeat('a', 1048576) || '"', false);
SELECT fuzz_users(:'batch', 3002, '"' || repeat('a', 1048576), false);
SELECT fuzz_users(:'batch', 3003, '"' || repeat('""', 500000) || '"', false);
SELECT fuzz_users(:'batch', 3004, '"' || repeat('k', 100000) || '"(id)', false);
SELECT fuzz_users(:'batch', 3005, 'kins(' || repeat('x', 100000) || ')', false);
SELECT fuzz_users(:'batch', 3006, repeat('"', 1048576), false);
SELECT fuzz_users(:'batch', 3007, repeat('"', 1048575), false);
SELECT fuzz_users(:'batch', 3008, '"' || repeat('日本', 100000) || '"', false);
SELECT fuzz_users(:'batch', 3009, repeat('x', 63) || ', ' || repeat('x', 64), false);
-- rel_navigate_many's path: long and malformed
SELECT fuzz_try_path(:'batch', 4001, repeat('.', 1048576));
SELECT fuzz_try_path(:'batch', 4002, '"' || repeat('a', 1048576) || '"');
SELECT fuzz_try_path(:'batch', 4003, repeat('kins.user.', 100000));
-- A long valid path must end soon, in rows or a clean error (a limit like
-- the shape's).  Not 10,000 hops here: at the time of writing that took the
-- backend past 20 GB before the kernel killed it, and with it the server.
SET statement_timeout = '10s';
SELECT fuzz_try_path(:'batch', 4004, repeat('kins.user.', 300) || 'kins');
RESET statement_timeout;
SQL

########################################################################
# SQL in shapes: quotes, comments, semicolons, dollar quotes
########################################################################
run_batch sqlish <<'SQL'
SELECT setseed(0.55);
SELECT fuzz_users(:'batch', nn::int, s, false)
  FROM unnest(ARRAY[
      'id; DROP TABLE users', 'id); DROP TABLE users; --', 'id''); DROP TABLE users; --',
      'id -- comment', 'id /* comment */', '/* */ id', 'id, full_name --', '--',
      '$$id$$', '$x$id$x$', 'kins($$)', '$1', '$1::text', 'id::text', 'id AS x',
      '(SELECT 1)', 'kins(id) WHERE true', 'pg_sleep(10)', 'kins(pg_sleep(10))',
      'users.id', 'public.users', '"users"."id"', 'id || id', 'E''\x41''', 'U&"\0041"',
      '''id''', '"id"''', '"id""', 'kins(")")', 'kins("(")', '"a"b"', '";"', '"id;"',
      '"''"', 'id\', E'id\\', '"\"', 'id, \N', 'null', 'NULL', 'true', '*::text',
      '%s%s%s%s', '%n', '{{}}', '[]', '{}', 'kins[0]', 'kins->0', 'kins(id)->>0', '@@',
      'id,;', ';;', ';', 'a:"''":kins(id)', '"''; DROP TABLE users; --"(id)'
  ]) WITH ORDINALITY AS t(s, nn);
-- the same, inside otherwise valid shapes
SELECT fuzz_users(:'batch', 100 + nn::int,
                  'full_name, kins(' || s || '), id')
  FROM unnest(ARRAY['id; DROP TABLE kins', 'id -- x', 'id /* x */', '$$id$$', 'id''', '''id''']) WITH ORDINALITY AS t(s, nn);
-- quoted aliases may hold anything but NUL: valid
SELECT fuzz_users(:'batch', 200 + nn::int, '"' || replace(s, '"', '""') || '":profile(id)', true,
                  jsonb_build_object(s, '{"id": 1}'::jsonb))
  FROM unnest(ARRAY['; DROP TABLE users; --', '''', '$$', '/*', '--', E'\\', '"', E'\n', '%s',
                    '''); DROP TABLE users; --']) WITH ORDINALITY AS t(s, nn);
SELECT fuzz_try_path(:'batch', 300 + nn::int, s)
  FROM unnest(ARRAY['kins; DROP TABLE users', 'kins -- x', 'kins /* x */', '$$kins$$', 'kins''',
                    '"kins"."user"', 'kins.user; --', 'kins.user.kins.user.kins(id)']) WITH ORDINALITY AS t(s, nn);
SQL

########################################################################
# Unicode and NUL-free binary junk (valid UTF-8)
########################################################################
run_batch unicode <<'SQL'
SELECT setseed(0.66);
-- pure junk
SELECT fuzz_users(:'batch', i, fuzz_junk(fuzz_int(1, 40))) FROM generate_series(1, 1500) i;
-- junk spliced into valid shapes
SELECT fuzz_users(:'batch', 10000 + i,
                  overlay(v.shape PLACING fuzz_junk(fuzz_int(1, 4))
                          FROM fuzz_int(1, length(v.shape)) FOR fuzz_int(0, 2)))
  FROM generate_series(1, 1000) i
  JOIN fuzz_valid_users v ON v.n = 1 + (i % (SELECT count(*) FROM fuzz_valid_users));
-- junk as quoted identifiers: unknown names, or aliases
SELECT fuzz_users(:'batch', 20000 + i, '"' || replace(fuzz_junk(fuzz_int(1, 30)), '"', '""') || '"')
  FROM generate_series(1, 300) i;
SELECT fuzz_users(:'batch', 30000 + i, '"' || replace(j, '"', '""') || '":kins(id)', true)
  FROM (SELECT i, fuzz_junk(fuzz_int(1, 30)) AS j FROM generate_series(1, 300) i) s;
-- control characters, one at a time, around a valid shape
SELECT fuzz_users(:'batch', 40000 + c, 'id' || chr(c) || 'full_name') FROM generate_series(1, 31) c;
-- combining marks, zero-width and direction marks, non-characters
SELECT fuzz_users(:'batch', 50000 + nn::int, s)
  FROM unnest(ARRAY[E'id\u0301', E'\u200bid', E'id\u200b', E'\u202eid', E'\ufeffid', E'id\ufffe',
                    E'\uffff', E'\U0010FFFF', E'\u00a0id', E'id\u3000', E'kins\u2028(id)',
                    E'\u0130d', E'\u212aINS(id)', 'ｉｄ', 'ⓘⓓ', 'ǆ', 'ß', 'İ']) WITH ORDINALITY AS t(s, nn);
SQL

########################################################################
# Clauses: valid shapes, soup, mutations
########################################################################
run_batch clauses <<'SQL'
SELECT setseed(0.77);
SELECT fuzz_clause_try(:'batch', n, shape, true) FROM fuzz_valid_clauses ORDER BY n;
-- clause soup after valid items, at the root and in an embed
SELECT fuzz_clause_try(:'batch', 100 + i, 'id WHERE ' || fuzz_clause_soup(fuzz_int(1, 12)))
  FROM generate_series(1, 1000) i;
SELECT fuzz_clause_try(:'batch', 2000 + i, 'kins(id' || fuzz_clause_soup(fuzz_int(1, 14)) || ')')
  FROM generate_series(1, 1000) i;
SELECT fuzz_clause_try(:'batch', 4000 + i, fuzz_clause_soup(fuzz_int(1, 20)))
  FROM generate_series(1, 500) i;
-- one to three edits of valid clause shapes
SELECT fuzz_clause_try(:'batch', 6000 + i,
                       CASE fuzz_int(1, 3)
                           WHEN 1 THEN fuzz_mutate(v.shape)
                           WHEN 2 THEN fuzz_mutate(fuzz_mutate(v.shape))
                           ELSE fuzz_mutate(fuzz_mutate(fuzz_mutate(v.shape))) END)
  FROM generate_series(1, 2000) i
  JOIN fuzz_valid_clauses v ON v.n = 1 + (i % (SELECT count(*) FROM fuzz_valid_clauses));
SQL

########################################################################
# Literals: hostile strings are values; changing literals, one plan
########################################################################
run_batch literals <<'SQL'
SELECT setseed(0.88);
-- a hostile string inside a literal is the value it is: nothing matches it
SELECT fuzz_clause_try(:'batch', nn::int, format('kins(id WHERE full_name = %L OR phone IN (%L, %L))', s, s, s),
                       true, '{"kins": []}')
  FROM unnest(ARRAY['''', '''''', ''' OR ''1''=''1', '''); DROP TABLE users; --', '--', '/*', '*/',
                    '$$', '$x$ DROP TABLE users $x$', E'\\', E'\\''', E'\\\\', '"', '""', '?', '??', '$1',
                    '$2[1]', '%s', '%n', ';', E'\n', E'\t', 'NULL', 'null', 'TRUE', ')', '(', 'kins(',
                    '∅', '日本', '🙂', E'\u200b', E'\u202e', repeat('''', 10000), repeat('x', 1048576),
                    repeat('''; DROP TABLE users; --', 20000)]) WITH ORDINALITY AS t(s, nn);
-- and it is found when it is there
UPDATE kins SET phone = E'\'; DROP TABLE users; -- $$ \\ ? $1' WHERE id = 2;
SELECT fuzz_clause_try(:'batch', 100, format('kins(id WHERE phone = %L)', E'\'; DROP TABLE users; -- $$ \\ ? $1'),
                       true, '{"kins": [{"id": 2}]}');
SELECT fuzz_clause_try(:'batch', 101, format('kins(id WHERE phone LIKE %L)', E'%$$ \\\\ ?%'),
                       true, '{"kins": [{"id": 2}]}');
UPDATE kins SET phone = '+234 801 555 0102' WHERE id = 2;
-- hostile strings as LIKE patterns: a value, or the pattern's own error
SELECT fuzz_clause_try(:'batch', 200 + nn::int, format('kins(id WHERE full_name LIKE %L)', s))
  FROM unnest(ARRAY[E'\\', E'abc\\', '%', '_', E'\\%', '%%%%', repeat('%', 10000), repeat('_', 100000)])
       WITH ORDINALITY AS t(s, nn);
-- unterminated and malformed literals
SELECT fuzz_clause_try(:'batch', 300 + nn::int, s, false)
  FROM unnest(ARRAY['id WHERE full_name = ''', 'id WHERE full_name = ''abc', 'id WHERE full_name = ''''''',
                    'id WHERE full_name = ''' || repeat('x', 1048576),
                    'id WHERE full_name = ' || repeat('''', 1048577),
                    'id WHERE full_name IN (''a'', ''b''', 'id WHERE full_name = "x"',
                    'id WHERE full_name = $$x$$', 'id WHERE full_name = U&''x''',
                    'id WHERE full_name = E''x\''', 'id WHERE full_name = E''\000''',
                    'id WHERE id = ' || repeat('9', 100000), 'id LIMIT ' || repeat('9', 100000),
                    'id WHERE id = --1', 'id WHERE id = 1e', 'id WHERE id = 1.2.3']) WITH ORDINALITY AS t(s, nn);
-- 500 calls from one call site with random literals, LIMITs and OFFSETs,
-- each checked against the query written by hand
SELECT fuzz_clause_try(:'batch', 1000 + i,
                       format('kins(id WHERE relationship = %L OR full_name > %L ORDER BY id DESC LIMIT %s OFFSET %s)',
                              r, f, l, o),
                       true,
                       jsonb_build_object('kins', coalesce((
                           SELECT jsonb_agg(jsonb_build_object('id', x.id))
                             FROM (SELECT k.id FROM kins k
                                    WHERE k.user_id = 1 AND (k.relationship = r OR k.full_name > f)
                                    ORDER BY k.id DESC LIMIT l OFFSET o) x), '[]')))
  FROM (SELECT i, fuzz_pick(ARRAY['spouse', 'sibling', 'parent', 'child', 'x', '']) AS r,
               fuzz_pick(ARRAY['A', 'B', 'Chidi Okafor', 'N', 'Z', '', fuzz_junk(3)]) AS f,
               fuzz_int(0, 4) AS l, fuzz_int(0, 3) AS o
          FROM generate_series(1, 500) i) v;
SQL

########################################################################
# Clauses: size and depth
########################################################################
run_batch clause_limits <<'SQL'
SELECT setseed(0.99);
SELECT fuzz_clause_try(:'batch', 1, 'id WHERE ' || string_agg('id = 1', ' AND '), false) FROM generate_series(1, 10000);
SELECT fuzz_clause_try(:'batch', 2, 'id WHERE ' || string_agg('kins.id = ' || i, ' OR '), false) FROM generate_series(1, 10000) i;
SELECT fuzz_clause_try(:'batch', 3, 'id WHERE ' || repeat('NOT ', 10000) || 'id = 1', false);
SELECT fuzz_clause_try(:'batch', 4, 'id WHERE ' || repeat('(', 10000) || 'id = 1' || repeat(')', 10000), false);
SELECT fuzz_clause_try(:'batch', 5, 'id WHERE ' || repeat('(', 100000), false);
SELECT fuzz_clause_try(:'batch', 6, 'id WHERE ' || repeat('EXISTS(kins WHERE ', 10000) || 'id = 1' || repeat(')', 10000), false);
SELECT fuzz_clause_try(:'batch', 7, 'id WHERE ' || repeat('COUNT(kins WHERE ', 10000) || 'id = 1' || repeat(') > 0', 10000), false);
SELECT fuzz_clause_try(:'batch', 8, 'id WHERE id IN (' || string_agg(i::text, ',') || ')', false) FROM generate_series(1, 100000) i;
SELECT fuzz_clause_try(:'batch', 9, 'id WHERE id IN (' || string_agg(i::text, ',') || ')', true, '{"id": 1}') FROM generate_series(1, 10000) i;
SELECT fuzz_clause_try(:'batch', 10, 'id WHERE ' || repeat('kins.user.', 5000) || 'id = 1', false);
SELECT fuzz_clause_try(:'batch', 11, 'id ORDER BY ' || string_agg('id', ', '), false) FROM generate_series(1, 10000);
SELECT fuzz_clause_try(:'batch', 12, string_agg('c' || i || ': COUNT(kins)', ', '), false) FROM generate_series(1, 10000) i;
SELECT fuzz_clause_try(:'batch', 13, 'id WHERE ' || string_agg('id = 1', ' AND '), true, '{"id": 1}') FROM generate_series(1, 1000);
SELECT fuzz_clause_try(:'batch', 14, 'id WHERE ' || repeat('AND ', 10000), false);
SELECT fuzz_clause_try(:'batch', 15, 'id WHERE id = 1' || repeat(' AND', 10000), false);
SELECT fuzz_clause_try(:'batch', 16, 'id ' || repeat('WHERE ', 10000), false);
SELECT fuzz_clause_try(:'batch', 17, 'id WHERE id IN (' || repeat(',', 100000) || ')', false);
SELECT fuzz_clause_try(:'batch', 18, repeat('kins(id WHERE id > 0 ', 100) || repeat(')', 100), false);
-- 3,000 literals of quotes only, none of them a name
SELECT fuzz_clause_try(:'batch', 19, 'id WHERE full_name IN (' || string_agg(quote_literal(repeat('''', i % 50)), ',') || ')',
                       true, NULL)
  FROM generate_series(1, 3000) i;
SQL

########################################################################
# Verdict
########################################################################
end=$(date +%s)
"${psql_base[@]}" -d "$db" -v duration=$((end - start)) <<'SQL'
\pset footer off
\echo
\echo 'shape_fuzz: calls per SQLSTATE'
SELECT fn, sqlstate, count(*) AS calls FROM fuzz_results GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS calls, count(DISTINCT (batch, n)) AS shapes,
       max(shape_len) AS longest_shape, max(msglen) AS longest_message,
       :duration AS seconds
  FROM fuzz_results;
SQL

verdict=$("${psql_base[@]}" -d "$db" -tA <<'SQL'
CREATE TEMP TABLE fuzz_failures AS
SELECT batch, n, fn, sqlstate, shape_len, shape_head, message,
       coalesce(problem, 'SQLSTATE ' || sqlstate || ' is not a clean error') AS problem
  FROM fuzz_results
 WHERE problem IS NOT NULL
    OR sqlstate NOT IN ('00000',   -- a document (or rows)
                        '42601',   -- malformed shape or path
                        '42703',   -- unknown column
                        '42704',   -- unknown relationship
                        '42701',   -- a key twice at one level
                        '54001',   -- too deep, too many embeds
                        '54000',   -- program limit (document too large)
                        '21000',   -- scalar hop with several rows
                        '22P02',   -- key or literal conversion
                        '22007', '22008', '22003',  -- literal conversion
                        '22025',   -- a LIKE pattern ending in its escape character
                        '22021',   -- an E'' escape that is no UTF-8
                        '42P10',   -- ORDER BY through a collection
                        '42804',   -- LIKE on a column that is no string
                        '42883',   -- no operator or aggregate for the type
                        '42P19',   -- a quantifier on a relationship that does not recurse
                        '42501')   -- privileges
UNION ALL
SELECT 'data', 0, '', '', 0, t, 'changed by a shape', 'the data changed'
  FROM (SELECT 'users' AS t, count(*) AS n, md5(string_agg(to_jsonb(u)::text, ',' ORDER BY id)) AS h FROM users u
        UNION ALL
        SELECT 'kins', count(*), md5(string_agg(to_jsonb(k)::text, ',' ORDER BY id)) FROM kins k) now
 WHERE (t, n, h) NOT IN (SELECT * FROM fuzz_data_before);
SELECT count(*) FROM fuzz_failures;
SQL
)
verdict=$(echo "$verdict" | tail -n 1)

# Errors should say where without echoing a megabyte back (not a failure)
"${psql_base[@]}" -d "$db" -tA -c "
SELECT format('shape_fuzz: note: %s errors have messages longer than 1000 characters (longest %s, for a shape of %s characters starting %s)',
              count(*), max(msglen), (array_agg(shape_len ORDER BY msglen DESC))[1],
              quote_literal(left((array_agg(shape_head ORDER BY msglen DESC))[1], 40)))
  FROM fuzz_results WHERE msglen > 1000 HAVING count(*) > 0"

if [ "$verdict" != 0 ]; then
	"${psql_base[@]}" -d "$db" -P pager=off <<'SQL'
\echo 'shape_fuzz: failures (first 40; shapes cut at 200 characters)'
CREATE TEMP TABLE f AS
SELECT batch, n, fn, sqlstate, shape_len, shape_head, message,
       coalesce(problem, 'SQLSTATE ' || sqlstate || ' is not a clean error') AS problem
  FROM fuzz_results
 WHERE problem IS NOT NULL
    OR sqlstate NOT IN ('00000', '42601', '42703', '42704', '42701', '54001', '54000',
                        '21000', '22P02', '22007', '22008', '22003', '22025', '22021',
                        '42P10', '42804', '42883', '42P19', '42501');
SELECT problem, count(*) FROM f GROUP BY 1 ORDER BY 2 DESC;
SELECT batch, n, fn, sqlstate, shape_len, left(shape_head, 80) AS shape, left(message, 120) AS message, problem
  FROM f ORDER BY batch, n, fn LIMIT 40;
SQL
	fail "$verdict failed checks (listed above); the seeds in this script reproduce them"
fi
echo "shape_fuzz: ok ($((end - start)) s)"
