-- Errors of shape clauses, each with its SQLSTATE: 42601 malformed (with
-- the character position, and before any name is looked up), 42703
-- unknown column, 42704 unknown relationship, 42701 a key twice, 42P10
-- ORDER BY through a collection, 42804 LIKE on a non-string, 42883 no
-- operator or aggregate for the type, the literal's type's own error
-- (22P02, 22007, ...), 22003 a count out of range, 54001 limits, 21000 a
-- scalar path that finds two rows.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA query_errors;
SET search_path = query_errors, public;
\set VERBOSITY default
\set SHOW_CONTEXT never
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'user');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'profile', 'profiles', uselist => false);
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
-- scalar by declaration although users 1, 2 and 5 have several kins
SELECT rel_declare('users', 'one_kin', 'kins', kind => 'one_to_one');
CREATE TYPE colour AS ENUM ('red', 'green');
CREATE TABLE things (
    id      int PRIMARY KEY,
    user_id int REFERENCES users,
    day     date,
    at      timestamp,
    u       uuid,
    c       colour,
    b       boolean,
    n       numeric,
    j       json,
    p       point,
    a       int[]
);
INSERT INTO things VALUES (1, 1, '2026-01-01', '2026-01-01 10:00', '00000000-0000-0000-0000-000000000001',
                           'red', true, 1.5, '{}', '(1,2)', '{1}');
SELECT rel_declare('users', 'things', 'things');

------------------------------------------------------------------------
-- 42601: malformed clauses, saying where and what was expected
------------------------------------------------------------------------
-- clause keywords: BY after ORDER, a count after LIMIT and OFFSET
SELECT rel_fetch('users', 1, 'id ORDER id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY id,');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY id ASC DESC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY id NULLS');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY id NULLS MIDDLE');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id LIMIT');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id LIMIT ALL');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id LIMIT -1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id LIMIT 1.5');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id LIMIT ''5''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id OFFSET x');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- clauses in SQL's order, each once, after the items
SELECT rel_fetch('users', 1, 'id OFFSET 1 LIMIT 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id LIMIT 1 WHERE id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY id WHERE id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = 1 WHERE id = 2');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = 1, full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id LIMIT 1 LIMIT 2)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id OFFSET 1 full_name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id WHERE id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- conditions
SELECT rel_fetch('users', 1, 'id WHERE');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id =');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id == 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id => 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE 1 = id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = 1 AND');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = 1 OR OR id = 2');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE NOT');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id NOT = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id IS 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id IS NOT');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id IN 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id IN ()');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id IN (1,)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id IN (1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE (id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE (id = 1))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE ()');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- LIKE takes a string
SELECT rel_fetch('users', 1, 'id WHERE full_name LIKE 5');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name NOT ILIKE TRUE');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- NULL is no literal: IS NULL matches it
SELECT rel_fetch('users', 1, 'id WHERE full_name = NULL');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name <> null');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id IN (1, NULL)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE COUNT(kins) = NULL');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- literals: SQL's strings ('' for a quote), numbers with an optional minus
SELECT rel_fetch('users', 1, 'id WHERE full_name = ''Amina');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = "Amina Okafor"');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = U&''x''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = B''101''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- E'' strings: escapes that are no character
SELECT rel_fetch('users', 1, 'id WHERE full_name = E''abc\');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = E''\'' AND id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = E''\000''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = E''\xff''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = E''\u12''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = E''\uD83D''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = E''\uDE42\uD83D''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = E''\U00110000''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE full_name = $$x$$');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = 5abc');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = 1.2.3');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = - 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = --1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = +1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = 1::text');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = $1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = ?');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- SQL is not a condition
SELECT rel_fetch('users', 1, 'id WHERE id = 1; DROP TABLE users');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = 1 -- comment');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = 1 /* c */');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id = (SELECT 1)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE lower(full_name) = ''x''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE id BETWEEN 1 AND 2');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE true');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- keywords stand only where a clause or an operator can: quoted, they are names
SELECT rel_fetch('users', 1, 'id WHERE order = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY limit');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE null IS NULL');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE exists = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE "order" = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- paths, EXISTS and aggregates
SELECT rel_fetch('users', 1, 'id WHERE kins. = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE kins..id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE EXISTS kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE EXISTS()');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE EXISTS(kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE EXISTS(kins WHERE)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE EXISTS(kins) = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, COUNT()');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, COUNT(*)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, COUNT(kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, SUM(kins)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, SUM(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, MAX(kins.id WHERE)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, COUNT(DISTINCT kins)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, n: COUNT(kins)(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE COUNT(kins)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE COUNT(kins) IS NULL');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE COUNT(kins) IN (1, 2)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- where the error is, in characters (not bytes)
SELECT rel_fetch('users', 1, 'full_name, kins(full_name WHERE full_name = ''Ñandú ∅'' AND ∅)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- syntax is checked before names: the unknown names here are not reported
SELECT rel_fetch('users', 1, 'nope(id WHERE nope = )');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE nope.x = 1 ORDER BY');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- 42703, 42704: unknown names in conditions, orders and aggregates
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'id WHERE nope = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id WHERE nope IS NULL)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE kins.nope = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE nope.id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE kins.user.nope.id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a column is no relationship, nor the reverse
SELECT rel_fetch('users', 1, 'id WHERE full_name.id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE kins = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE EXISTS(nope)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE EXISTS(full_name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE EXISTS(kins WHERE nope = 1)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY profile.nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'COUNT(nope)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'COUNT(kins.full_name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'SUM(kins.nope)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'COUNT(kins WHERE nope = 1)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id ORDER BY COUNT(user.nope))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'x: nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- names in clauses follow SQL's rules: folded unless quoted
SELECT rel_fetch('users', 1, 'id WHERE "Full_Name" = ''x''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE FULL_NAME = ''Amina Okafor'' AND "KINS".id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- 42701: a key twice at one level
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'COUNT(kins), COUNT(appointments)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(SUM(user.id), sum(user.id))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id: COUNT(kins), id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, '*, full_name: COUNT(kins)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins: COUNT(kins), kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'x: id, x: full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id: full_name, *');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins: full_name, kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- one of each, or under aliases: no clash
SELECT rel_fetch('users', 1, 'COUNT(kins), SUM(kins.id), a: COUNT(appointments), b: COUNT(appointments)');

------------------------------------------------------------------------
-- 42P10: ORDER BY through a collection
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'id ORDER BY kins.full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'appointments(id ORDER BY user.kins.full_name DESC)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY specialities.name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- scalar all the way, or an aggregate: fine
SELECT rel_fetch('users', 1, 'appointments(id ORDER BY user.profile.bio, MIN(user.kins.full_name) LIMIT 1)');

------------------------------------------------------------------------
-- 42804, 42883: operators and aggregates the types do not have
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'things(id WHERE id LIKE ''1%'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'things(id WHERE day NOT LIKE ''2026%'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'things(id WHERE c ILIKE ''r%'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE things.a LIKE ''{1}''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'things(id WHERE j = ''{}'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'things(id WHERE p IN (''(1,2)''))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'things(id ORDER BY j)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'SUM(kins.full_name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'AVG(things.day)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'MAX(things.j)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id ORDER BY MIN(things.p)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- IS NULL needs no operator
SELECT rel_fetch('users', 1, 'things(id WHERE j IS NOT NULL AND p IS NOT NULL)');

------------------------------------------------------------------------
-- A literal that does not convert: the type's own error, before the
-- statement runs (even where no row would meet it)
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'kins(id WHERE id = ''abc'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id WHERE id > 2.5)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id WHERE id = 99999999999)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id WHERE id = TRUE)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 4, 'things(id WHERE day = ''2026-02-30'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 4, 'things(id WHERE day = ''someday'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 4, 'things(id WHERE at < ''2026-01-01 25:00'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 4, 'things(id WHERE u = ''not-a-uuid'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 4, 'things(id WHERE c IN (''red'', ''blue''))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 4, 'things(id WHERE b = ''maybe'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 4, 'things(id WHERE n = ''1,5'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 4, 'things(id WHERE a = ''1'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 4, 'id WHERE COUNT(kins) > ''many''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 4, 'id WHERE MAX(things.day) > ''soon''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- with a key that has no row too, and in rel_fetch_many
SELECT rel_fetch('users', 99, 'things(id WHERE day = ''someday'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_fetch_many('users', ARRAY[1, 2], 'things(id WHERE u = ''x'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a LIMIT or OFFSET beyond bigint
SELECT rel_fetch('users', 1, 'kins(id LIMIT 99999999999999999999)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id OFFSET 9223372036854775807)');

------------------------------------------------------------------------
-- 54001: limits on conditions, documented in the README
------------------------------------------------------------------------
-- 10,000 ANDs (and ORs): a clean error, no stack overflow
SELECT rel_fetch('users', 1, 'id WHERE ' || string_agg('id = 1', ' AND ')) FROM generate_series(1, 10001);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE ' || string_agg('id = ' || i, ' OR ')) FROM generate_series(1, 10001) i;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- at the limit, a result
SELECT rel_fetch('users', 1, 'id WHERE ' || string_agg('id > ' || -i, ' AND ')) FROM generate_series(1, 1000) i;
-- nesting: parentheses, NOT, EXISTS, aggregates
SELECT rel_fetch('users', 1, 'id WHERE ' || repeat('(', 33) || 'id = 1' || repeat(')', 33));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE ' || repeat('(', 10000) || 'id = 1' || repeat(')', 10000));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE ' || repeat('NOT ', 10000) || 'id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE ' || repeat('EXISTS(kins WHERE EXISTS(user WHERE ', 20) || 'id = 1' || repeat('))', 20));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE ' || repeat('(', 32) || 'id = 1' || repeat(')', 32));
SELECT rel_fetch('users', 1, 'id WHERE ' || repeat('NOT ', 32) || 'id = 1');
-- literals: an IN list of 10,000 is fine, one more is not
SELECT rel_fetch('users', 1, 'id WHERE id IN (' || string_agg(i::text, ',') || ')') FROM generate_series(1, 10000) i;
SELECT rel_fetch('users', 1, 'id WHERE id IN (' || string_agg(i::text, ',') || ')') FROM generate_series(1, 10001) i;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a path of more than 32 hops
SELECT rel_fetch('users', 1, 'id WHERE ' || repeat('kins.user.', 17) || 'id = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE ' || repeat('kins.user.', 16) || 'id = 1');
SELECT rel_fetch('users', 1, 'id, COUNT(' || repeat('kins.user.', 16) || 'kins)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, COUNT(' || repeat('kins.user.', 16) || ')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, COUNT(' || repeat('kins.user.', 15) || 'kins.user)');
SELECT rel_fetch('users', 1, 'id') AS still_working;
-- literals of more types than a statement has parameters for (one each)
DO $$
BEGIN
    FOR i IN 1..66 LOOP
        EXECUTE format('CREATE TYPE e%s AS ENUM (''a'', ''b'')', i);
    END LOOP;
    EXECUTE 'CREATE TABLE enums (id int PRIMARY KEY, '
         || (SELECT string_agg(format('c%s e%s', i, i), ', ') FROM generate_series(1, 66) i) || ')';
END
$$;
INSERT INTO enums (id) VALUES (1);
SELECT rel_fetch('enums', 1, 'id WHERE ' || string_agg(format('(c%s IS NULL OR c%s = ''a'')', i, i), ' AND '))
  FROM generate_series(1, 65) i;
SELECT rel_fetch('enums', 1, 'id WHERE ' || string_agg(format('(c%s IS NULL OR c%s = ''a'')', i, i), ' AND '))
  FROM generate_series(1, 66) i;
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- 21000: a scalar path in ORDER BY that finds two rows
------------------------------------------------------------------------
SELECT rel_fetch_many('users', ARRAY[1, 2], 'id ORDER BY one_kin.full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch_many('users', ARRAY[3, 4], 'id ORDER BY one_kin.full_name DESC');

SET client_min_messages = warning;
DROP SCHEMA query_errors CASCADE;
RESET client_min_messages;
RESET search_path;
