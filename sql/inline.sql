-- inline: calls whose relationship arguments are constants are expanded
-- into the statement that contains them, so the planner sees the real
-- tables and joins them like a hand-written query; the answers, errors and
-- privileges stay those of the call.  This file sets relnav.inline itself,
-- so its output is the same in both passes of the suite.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA inline;
SET search_path = inline, public;
-- VERBOSE plans without the query identifier pg_stat_statements would add
SET compute_query_id = off;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all
ANALYZE;

-- the first relnav call of a session loads relnav, which installs the hook
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SET relnav.inline = on;
SHOW relnav.inline;

------------------------------------------------------------------------
-- EXPLAIN shows the tables and indexes, no Function Scan
------------------------------------------------------------------------
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate('users', 1, 'kins');
EXPLAIN (COSTS OFF)
SELECT u.id, k.full_name FROM users u, rel_rows(NULL::kins, 'users', u.id, 'kins') k
 WHERE k.relationship = 'spouse';
EXPLAIN (COSTS OFF) SELECT u.id, rel_count('users', u.id, 'kins') FROM users u;
EXPLAIN (COSTS OFF)
SELECT u.id FROM users u
 WHERE EXISTS (SELECT 1 FROM rel_rows(NULL::kins, 'users', u.id, 'kins') k
                WHERE k.relationship = 'spouse');
-- and the answers are those of the calls, and of the hand-written joins
SELECT u.id, k.full_name FROM users u, rel_rows(NULL::kins, 'users', u.id, 'kins') k
 WHERE k.relationship = 'spouse' ORDER BY u.id, k.id;
SELECT u.id, rel_count('users', u.id, 'kins') AS kins FROM users u ORDER BY u.id;
SELECT (SELECT array_agg(u.id ORDER BY u.id) FROM users u
         WHERE EXISTS (SELECT 1 FROM rel_rows(NULL::kins, 'users', u.id, 'kins') k
                        WHERE k.relationship = 'spouse'))
     = (SELECT array_agg(u.id ORDER BY u.id) FROM users u
         WHERE EXISTS (SELECT 1 FROM kins k WHERE k.user_id = u.id
                        AND k.relationship = 'spouse')) AS same;
-- a lone call keeps its order; max_rows cuts after it
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 1, 'kins', 'full_name DESC') v;
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 1, 'kins', 'full_name', 2) v;
SELECT count(*) FROM rel_navigate('users', 1, 'kins', max_rows => 0);

------------------------------------------------------------------------
-- Keys: constants converted as a call converts them, columns used as
-- they are
------------------------------------------------------------------------
SELECT count(*) AS fraction FROM rel_navigate('users', 1.5, 'kins');
SELECT count(*) AS text_key FROM rel_navigate('users', '1', 'kins');
SELECT count(*) AS null_key FROM rel_navigate('users', NULL::int, 'kins');
SELECT rel_count('users', 99, 'kins') AS missing_source;
SELECT count(*) FROM rel_navigate('users', 'x', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- an untyped parameter, as drivers send keys, resolves to the text twin:
-- expanded through the key type's input function, in a generic plan too
PREPARE by_text AS SELECT count(*) FROM rel_navigate('users', $1, 'kins');
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE by_text('1');
EXECUTE by_text('1');
EXECUTE by_text(' 2 ');
EXECUTE by_text(NULL);
EXECUTE by_text('99');
\set VERBOSITY terse
EXECUTE by_text('1.5');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
\set VERBOSITY default
RESET plan_cache_mode;
DEALLOCATE by_text;
-- a text column as the key: converted row by row, by the same function
EXPLAIN (COSTS OFF)
SELECT k, rel_count('users', k, 'kins') FROM (VALUES ('1'), ('2')) v(k);
SELECT k, rel_count('users', k::varchar, 'kins') FROM (VALUES ('1'), ('2'), (NULL)) v(k)
 ORDER BY k;
-- a key of any other type converts as in the call, exactly or to no row,
-- through _relnav.key_column: a bigint parameter, as drivers send longs
PREPARE by_bigint(bigint) AS SELECT count(*) FROM rel_navigate('users', $1, 'kins');
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE by_bigint(1);
EXECUTE by_bigint(1);
EXECUTE by_bigint(NULL);
EXECUTE by_bigint(99);
EXECUTE by_bigint(4294967297);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
DEALLOCATE by_bigint;
-- a conversion follows its table: after the key column becomes bigint,
-- the same statement converts to bigint
CREATE TABLE gadgets (id int PRIMARY KEY);
CREATE TABLE parts (id int PRIMARY KEY, gadget_id bigint REFERENCES gadgets);
INSERT INTO gadgets VALUES (1);
INSERT INTO parts VALUES (1, 1), (2, 1);
SELECT rel_declare('gadgets', 'parts', 'parts');
PREPARE gadget_parts(numeric) AS SELECT rel_count('gadgets', $1, 'parts');
EXECUTE gadget_parts(1);
EXECUTE gadget_parts(5000000000);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
ALTER TABLE gadgets ALTER id TYPE bigint;
INSERT INTO gadgets VALUES (5000000000);
INSERT INTO parts VALUES (3, 5000000000);
EXECUTE gadget_parts(5000000000);
EXECUTE gadget_parts(1);
DEALLOCATE gadget_parts;
DROP TABLE parts, gadgets;
-- numeric keys per row: a fraction finds no row, as in the call
SELECT k, rel_count('users', k, 'kins') AS kins,
       (SELECT count(*) FROM rel_rows(NULL::kins, 'users', k, 'kins')) AS rows
  FROM (VALUES (1.0), (1.5), (2), (NULL)) v(k) ORDER BY k;
-- a key of a domain over the key type, checked as the call checks it
CREATE DOMAIN small_id AS int CHECK (VALUE < 3);
PREPARE by_domain(small_id) AS SELECT rel_count('users', $1, 'kins');
EXPLAIN (COSTS OFF) EXECUTE by_domain(2);
EXECUTE by_domain(2);
DEALLOCATE by_domain;
-- a composite key, given as jsonb: each column converted on its own
SELECT rel_declare('user_speciality', 'user', 'users');
PREPARE by_pair(jsonb) AS SELECT * FROM rel_navigate('user_speciality', $1, 'user');
EXPLAIN (COSTS OFF) EXECUTE by_pair('{"user_id": 1, "speciality_id": 1}');
EXECUTE by_pair('{"user_id": 1, "speciality_id": 1}');
EXECUTE by_pair('{"user_id": 1, "speciality_id": 99}');
EXECUTE by_pair('{"user_id": 1}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
DEALLOCATE by_pair;
RESET plan_cache_mode;
SELECT us.user_id, us.speciality_id,
       rel_count('user_speciality',
                 jsonb_build_object('user_id', us.user_id, 'speciality_id', us.speciality_id),
                 'user') AS users
  FROM user_speciality us ORDER BY 1, 2;
SELECT rel_drop('user_speciality', 'user');

------------------------------------------------------------------------
-- rel_fetch in an expression: a scalar subquery over the real tables, the
-- shape's literals bound as constants
------------------------------------------------------------------------
EXPLAIN (COSTS OFF)
SELECT u.id, rel_fetch('users', u.id, 'full_name, kins(full_name WHERE relationship = ''spouse'')')
  FROM users u;
SELECT u.id, rel_fetch('users', u.id,
                       'full_name, kins(full_name WHERE relationship <> ''spouse'' ORDER BY full_name LIMIT 1)')
  FROM users u ORDER BY u.id;
SET relnav.inline = off;
SELECT u.id, rel_fetch('users', u.id,
                       'full_name, kins(full_name WHERE relationship <> ''spouse'' ORDER BY full_name LIMIT 1)')
  FROM users u ORDER BY u.id;
SET relnav.inline = on;
-- the same shape with other literals (one cached statement, other constants)
SELECT rel_fetch('users', 2, 'kins(full_name WHERE relationship <> ''child'' ORDER BY full_name LIMIT 1)');
-- a missing, NULL or fractional key gives NULL; a text key converts
SELECT rel_fetch('users', 99, 'full_name') IS NULL AS missing,
       rel_fetch('users', NULL::int, 'full_name') IS NULL AS null_key,
       rel_fetch('users', 1.5, 'full_name') IS NULL AS fraction,
       rel_fetch('users', k, 'full_name') AS text_key
  FROM (VALUES ('3'::text)) v(k);
-- a literal that does not convert: the call's own error
SELECT rel_fetch('users', 1, 'kins(id WHERE id = ''x'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- rel_fetch_many in FROM: a subquery, documents in key order, duplicates
-- and missing keys dropped, keys from a constant or from an expression
------------------------------------------------------------------------
EXPLAIN (COSTS OFF) SELECT * FROM rel_fetch_many('users', ARRAY[3, 1], 'full_name');
SELECT * FROM rel_fetch_many('users', ARRAY[3, 1, 3, 99, NULL], 'full_name, kins(full_name ORDER BY id LIMIT 1)');
SELECT d->>'full_name' AS name
  FROM rel_fetch_many('users', (SELECT array_agg(id ORDER BY id DESC) FROM users WHERE id < 4)) d;
SET relnav.inline = off;
SELECT * FROM rel_fetch_many('users', ARRAY[3, 1, 3, 99, NULL], 'full_name, kins(full_name ORDER BY id LIMIT 1)');
SELECT d->>'full_name' AS name
  FROM rel_fetch_many('users', (SELECT array_agg(id ORDER BY id DESC) FROM users WHERE id < 4)) d;
SET relnav.inline = on;
-- keys of another type convert element by element as in the call, through
-- _relnav.key_column_array: a fraction or NULL finds no row
EXPLAIN (COSTS OFF) SELECT * FROM rel_fetch_many('users', ARRAY[2]::bigint[], 'full_name');
SELECT * FROM rel_fetch_many('users', ARRAY[2]::bigint[], 'full_name');
SELECT * FROM rel_fetch_many('users', ARRAY[3, 1.5, NULL, 1.0, 3]::numeric[], 'full_name');
SELECT * FROM rel_fetch_many('users', '{{1,2},{3,4}}'::int[], 'full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_fetch_many('users', '{{1,2},{3,4}}'::bigint[], 'full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- keys known only when the statement runs are checked then, as by the call
PREPARE docs(int[]) AS SELECT * FROM rel_fetch_many('users', $1, 'full_name');
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF, VERBOSE) EXECUTE docs('{2,1}');
EXECUTE docs('{2,1}');
EXECUTE docs('{{1,2},{3,4}}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
EXECUTE docs(NULL);
RESET plan_cache_mode;
DEALLOCATE docs;

------------------------------------------------------------------------
-- rel_navigate_many in FROM: a subquery, rows grouped by key in the order
-- of the keys, each with the key as the caller wrote it
------------------------------------------------------------------------
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate_many('users', ARRAY[2, 1], 'kins');
SELECT source_key, target->>'full_name' AS kin
  FROM rel_navigate_many('users', ARRAY[2, 1, 2, 99, NULL], 'kins');
SELECT m.source_key, count(*) AS kins
  FROM users u, rel_navigate_many('users', ARRAY[u.id], 'kins') m
 GROUP BY m.source_key ORDER BY m.source_key;
SET relnav.inline = off;
SELECT source_key, target->>'full_name' AS kin
  FROM rel_navigate_many('users', ARRAY[2, 1, 2, 99, NULL], 'kins');
SELECT m.source_key, count(*) AS kins
  FROM users u, rel_navigate_many('users', ARRAY[u.id], 'kins') m
 GROUP BY m.source_key ORDER BY m.source_key;
SET relnav.inline = on;
-- keys of another type convert as in the call, and each row's source_key
-- is the key as the caller wrote it, at its first place, in the caller's
-- type (read from the caller's array, whatever its lower bound)
EXPLAIN (COSTS OFF)
SELECT * FROM rel_navigate_many('users', ARRAY[2, 1]::bigint[], 'kins');
SELECT pg_typeof(source_key), count(*)
  FROM rel_navigate_many('users', ARRAY[1]::bigint[], 'kins') GROUP BY 1;
SELECT source_key, target->>'full_name' AS kin
  FROM rel_navigate_many('users', ARRAY[2.0, 1.5, NULL, 1, 1.0, 2, 99]::numeric[], 'kins');
SELECT source_key, target->>'full_name' AS kin
  FROM rel_navigate_many('users', '[5:7]={3,1,3}'::bigint[], 'kins');
SELECT source_key, target->>'full_name' AS kin
  FROM rel_navigate_many('users', ARRAY[4294967297]::bigint[], 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT u.id, m.source_key, count(*)
  FROM users u, rel_navigate_many('users', ARRAY[u.id::bigint, 1], 'kins') m
 WHERE u.id < 3 GROUP BY 1, 2 ORDER BY 1, 2;
-- composite keys, as jsonb
SELECT rel_declare('user_speciality', 'user', 'users');
SELECT source_key, target->>'full_name' AS name
  FROM rel_navigate_many('user_speciality',
                         ARRAY['{"user_id": 3, "speciality_id": 2}', '{"user_id": 1, "speciality_id": 9}',
                               '{"speciality_id": 1, "user_id": 4}']::jsonb[], 'user');
SELECT d FROM rel_fetch_many('user_speciality',
                             ARRAY['{"user_id": 3, "speciality_id": 2}']::jsonb[], 'user_id, user(full_name)') d;
SELECT rel_drop('user_speciality', 'user');
-- keys as an untyped array literal, as drivers send arrays: the text twins,
-- each source_key the element as written
PREPARE many_text AS
SELECT pg_typeof(source_key), source_key, target->>'full_name' AS kin
  FROM rel_navigate_many('users', $1, 'kins');
EXPLAIN (COSTS OFF) EXECUTE many_text('{2,1}');
EXECUTE many_text('{2, 1,2,NULL,99," 3 "}');
EXECUTE many_text('[3:4]={3,1}');
EXECUTE many_text('{1,2');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
EXECUTE many_text('{1,x}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
EXECUTE many_text('{{1},{2}}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
DEALLOCATE many_text;
PREPARE docs_text AS SELECT * FROM rel_fetch_many('users', $1, 'full_name');
EXPLAIN (COSTS OFF) EXECUTE docs_text('{2,1}');
EXECUTE docs_text('{2,1,2,NULL,99}');
DEALLOCATE docs_text;
-- a generic plan: the keys known only when it runs
PREPARE many_bigint(bigint[]) AS
SELECT source_key, target->>'full_name' AS kin FROM rel_navigate_many('users', $1, 'kins');
SET plan_cache_mode = force_generic_plan;
EXECUTE many_bigint('{3,1}');
EXECUTE many_bigint('{{1,2}}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
EXECUTE many_bigint(NULL);
RESET plan_cache_mode;
DEALLOCATE many_bigint;
SELECT * FROM rel_navigate_many('users', ARRAY[[1], [2]], 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- A lone call keeps its order with no scan of a subquery: its ORDER BY and
-- LIMIT become the statement's, beneath the caller's own WHERE and LIMIT
------------------------------------------------------------------------
EXPLAIN (COSTS OFF)
SELECT k->>'id' AS id FROM rel_navigate('users', 1, 'kins', 'id DESC') k
 WHERE k->>'relationship' <> 'spouse' LIMIT 2;
SELECT k->>'id' AS id FROM rel_navigate('users', 1, 'kins', 'id DESC') k
 WHERE k->>'relationship' <> 'spouse' LIMIT 2;
SET relnav.inline = off;
SELECT k->>'id' AS id FROM rel_navigate('users', 1, 'kins', 'id DESC') k
 WHERE k->>'relationship' <> 'spouse' LIMIT 2;
SET relnav.inline = on;
-- a grouped query shows no order: nothing to hoist, even with no GROUP BY
SELECT 1 AS one FROM rel_navigate('users', 1, 'kins') HAVING true;
SELECT count(*) FROM rel_navigate('users', 1, 'kins', max_rows => 2) HAVING count(*) > 0;
SELECT 1 AS one FROM rel_navigate('users', 1, 'kins') GROUP BY GROUPING SETS ((), ());
SELECT count(*) OVER () FROM rel_navigate('users', 1, 'kins') LIMIT 1;
-- a set-returning function in the target list keeps the rows' order
SELECT g, k.id FROM rel_rows(NULL::kins, 'users', 1, 'kins', 'id DESC') k,
       LATERAL (SELECT 1) one, generate_series(1, 2) g ORDER BY k.id DESC, g;
SELECT generate_series(1, 2) AS g, k->>'id' AS id
  FROM rel_navigate('users', 1, 'kins', 'id DESC') k;

------------------------------------------------------------------------
-- max_rows may be any expression: folded when constant, else checked when
-- the statement runs, with the call's error for a negative one
------------------------------------------------------------------------
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate('users', 1, 'kins', max_rows => 1);
SELECT k->>'id' AS id FROM rel_navigate('users', 1, 'kins', max_rows => 1) k;
PREPARE limited(bigint) AS
  SELECT k->>'id' AS id FROM rel_navigate('users', 1, 'kins', 'id DESC', $1) k;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE limited(1);
EXECUTE limited(1);
EXECUTE limited(NULL);
EXECUTE limited(0);
EXECUTE limited(-1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SET relnav.inline = off;
EXECUTE limited(-1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SET relnav.inline = on;
RESET plan_cache_mode;
DEALLOCATE limited;
-- per row, from the caller's columns
EXPLAIN (COSTS OFF)
SELECT u.id, count(k.id) AS kins
  FROM users u LEFT JOIN LATERAL rel_rows(NULL::kins, 'users', u.id, 'kins', NULL, u.id - 1) k ON true
 GROUP BY u.id;
SELECT u.id, count(k.id) AS kins
  FROM users u LEFT JOIN LATERAL rel_rows(NULL::kins, 'users', u.id, 'kins', NULL, u.id - 1) k ON true
 GROUP BY u.id ORDER BY u.id;
SET relnav.inline = off;
SELECT u.id, count(k.id) AS kins
  FROM users u LEFT JOIN LATERAL rel_rows(NULL::kins, 'users', u.id, 'kins', NULL, u.id - 1) k ON true
 GROUP BY u.id ORDER BY u.id;
SET relnav.inline = on;
-- max_rows and the caller's own LIMIT both cut, in that order
SELECT k->>'id' AS id FROM rel_navigate('users', 1, 'kins', 'id DESC', 2) k OFFSET 1;
-- max_rows counts the call's rows before the caller's WHERE filters them
SELECT k->>'id' AS id FROM rel_navigate('users', 1, 'kins', 'id', 1) k WHERE (k->>'id')::int > 1;
SELECT k->>'id' AS id FROM rel_navigate('users', 1, 'kins', 'id', 2) k WHERE (k->>'id')::int > 1;
-- a volatile max_rows is read once, by the call
EXPLAIN (COSTS OFF)
SELECT * FROM rel_navigate('users', 1, 'kins', max_rows => (random() * 0)::bigint + 1);

------------------------------------------------------------------------
-- Keys and max_rows given as scalar subqueries: expanded, each subquery
-- planned where the statement reads it
------------------------------------------------------------------------
EXPLAIN (COSTS OFF)
SELECT * FROM rel_navigate_many('users', (SELECT array_agg(id ORDER BY id DESC) FROM users WHERE id < 3), 'kins');
SELECT source_key, target->>'id' AS kin
  FROM rel_navigate_many('users', (SELECT array_agg(id ORDER BY id DESC) FROM users WHERE id < 3), 'kins');
SELECT rel_count('users', (SELECT min(id) FROM users), 'kins') AS first_user,
       (SELECT count(*) FROM rel_navigate('users', 1, 'kins', max_rows => (SELECT 2))) AS two;
-- correlated: read per row, as the call would be
EXPLAIN (COSTS OFF)
SELECT k.id, rel_count('users', (SELECT u.id FROM users u WHERE u.id = k.user_id), 'kins') FROM kins k;
SELECT k.id, rel_count('users', (SELECT u.id FROM users u WHERE u.id = k.user_id), 'kins') AS siblings
  FROM kins k ORDER BY k.id;
SET relnav.inline = off;
SELECT source_key, target->>'id' AS kin
  FROM rel_navigate_many('users', (SELECT array_agg(id ORDER BY id DESC) FROM users WHERE id < 3), 'kins');
SELECT rel_count('users', (SELECT min(id) FROM users), 'kins') AS first_user,
       (SELECT count(*) FROM rel_navigate('users', 1, 'kins', max_rows => (SELECT 2))) AS two;
SELECT k.id, rel_count('users', (SELECT u.id FROM users u WHERE u.id = k.user_id), 'kins') AS siblings
  FROM kins k ORDER BY k.id;
SET relnav.inline = on;
-- a subquery of two rows fails as it does for the call
SELECT rel_count('users', (SELECT id FROM users WHERE id < 3), 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a volatile key is read once, by the call
EXPLAIN (COSTS OFF, VERBOSE)
SELECT rel_count('users', (SELECT id FROM users ORDER BY random() LIMIT 1), 'kins');

------------------------------------------------------------------------
-- What is not expanded still works: paths that are not constants
------------------------------------------------------------------------
EXPLAIN (COSTS OFF, VERBOSE) SELECT rel_count('users', 1, p) FROM (VALUES ('kins')) v(p);
SELECT rel_count('users', 1, p) FROM (VALUES ('kins'), ('kins.user')) v(p) ORDER BY 1;
SELECT k, rel_count('users', k, 'kins') FROM (VALUES ('1'), ('2')) v(k) ORDER BY k;
SET relnav.inline = off;
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate('users', 1, 'kins');
SET relnav.inline = on;

------------------------------------------------------------------------
-- A scalar hop that finds two rows: 21000, also inside a join
------------------------------------------------------------------------
SELECT rel_declare('users', 'one_kin', 'kins', uselist => false);
SELECT u.id, k.id FROM users u, rel_rows(NULL::kins, 'users', u.id, 'one_kin') k;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT u.id, rel_count('users', u.id, 'one_kin') FROM users u;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('users', ARRAY[4, 1], 'one_kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 4, 'one_kin') AS no_kin;

------------------------------------------------------------------------
-- Kept plans follow declarations: dropped, then declared again
------------------------------------------------------------------------
SET plan_cache_mode = force_generic_plan;
PREPARE by_user(int) AS
  SELECT k.full_name FROM rel_rows(NULL::kins, 'users', $1, 'kins') k;
EXECUTE by_user(1);
SELECT rel_drop('users', 'kins');
EXECUTE by_user(1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user',
                   order_by => 'full_name DESC');
EXECUTE by_user(1);
DEALLOCATE by_user;

------------------------------------------------------------------------
-- A generic plan kept across SET ROLE shows each role its own rows
------------------------------------------------------------------------
CREATE ROLE regress_relnav_inline_a;
CREATE ROLE regress_relnav_inline_b;
CREATE ROLE regress_relnav_inline_none;
GRANT USAGE ON SCHEMA inline TO regress_relnav_inline_a, regress_relnav_inline_b,
  regress_relnav_inline_none;
GRANT SELECT ON users, kins TO regress_relnav_inline_a, regress_relnav_inline_b;
GRANT SELECT ON users TO regress_relnav_inline_none;
ALTER TABLE kins ENABLE ROW LEVEL SECURITY;
CREATE POLICY kins_a ON kins TO regress_relnav_inline_a USING (relationship = 'spouse');
CREATE POLICY kins_b ON kins TO regress_relnav_inline_b USING (relationship <> 'spouse');
PREPARE per_role AS
  SELECT u.id, k.relationship FROM users u, rel_rows(NULL::kins, 'users', u.id, 'kins') k
   ORDER BY u.id, k.id;
SET ROLE regress_relnav_inline_a;
EXECUTE per_role;
SET ROLE regress_relnav_inline_b;
EXECUTE per_role;
SET ROLE regress_relnav_inline_a;
EXECUTE per_role;
-- privileges inside a join: 42501, as for the call
SET ROLE regress_relnav_inline_none;
SELECT u.id, k.id FROM users u, rel_rows(NULL::kins, 'users', u.id, 'kins') k;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
DEALLOCATE per_role;
RESET plan_cache_mode;
DROP POLICY kins_a ON kins;
DROP POLICY kins_b ON kins;
ALTER TABLE kins DISABLE ROW LEVEL SECURITY;

-- the setting is anyone's
SET ROLE regress_relnav_inline_none;
SET relnav.inline = off;
RESET relnav.inline;
RESET ROLE;

------------------------------------------------------------------------
-- Found by a cold review: each gave another answer expanded than called
------------------------------------------------------------------------
SET relnav.inline = on;
-- a window function as the key belongs to the caller's level: not expanded
SELECT id, rel_count('users', (row_number() OVER (ORDER BY id))::int, 'kins') AS kins
  FROM users ORDER BY id;
-- a row the statement writes is no row of the table: the source row is
-- still checked (an INSERT's EXCLUDED, an UPDATE's new row in RETURNING)
CREATE TABLE accounts (id int PRIMARY KEY, code text UNIQUE, n bigint);
CREATE TABLE entries (id int PRIMARY KEY, account_id int);
INSERT INTO accounts VALUES (1, 'x', 0);
INSERT INTO entries VALUES (1, 7);
SELECT rel_declare('accounts', 'entries', 'entries', source_columns => '{id}',
                   target_columns => '{account_id}', kind => 'one_to_many');
INSERT INTO accounts VALUES (7, 'x', 0)
    ON CONFLICT (code) DO UPDATE SET n = rel_count('accounts', excluded.id, 'entries')
    RETURNING *;
UPDATE accounts SET id = 7 WHERE id = 1 RETURNING id, rel_count('accounts', id, 'entries');
DROP TABLE accounts, entries;
-- nor is a row a view reads with its owner's rights: the caller's policy
-- on users still hides users 2 to 5 from the call
CREATE ROLE regress_relnav_inline_viewer;
GRANT USAGE ON SCHEMA inline TO regress_relnav_inline_viewer;
GRANT SELECT ON users, kins TO regress_relnav_inline_viewer;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY first_user ON users TO regress_relnav_inline_viewer USING (id < 2);
CREATE VIEW user_kins AS SELECT u.id, rel_count('users', u.id, 'kins') AS kins FROM users u;
GRANT SELECT ON user_kins TO regress_relnav_inline_viewer;
SET ROLE regress_relnav_inline_viewer;
SELECT * FROM user_kins ORDER BY id;
RESET ROLE;
DROP VIEW user_kins;
DROP POLICY first_user ON users;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
-- a constant whose conversion depends on settings is converted when the
-- statement runs, as by the call, not once in a kept plan
CREATE TABLE slots (at timestamptz PRIMARY KEY);
CREATE TABLE bookings (id int PRIMARY KEY, slot_at timestamptz REFERENCES slots);
INSERT INTO slots VALUES ('2024-01-01 00:00+00');
INSERT INTO bookings VALUES (1, '2024-01-01 00:00+00');
SELECT rel_declare('slots', 'bookings', 'bookings');
CREATE FUNCTION midnight_bookings() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT count(*) FROM rel_navigate('slots', '2024-01-01 00:00:00', 'bookings'));
END
$$;
SET timezone = 'UTC';
SELECT midnight_bookings();
SET timezone = 'Asia/Tokyo';
SELECT midnight_bookings();
RESET timezone;
DROP FUNCTION midnight_bookings();
DROP TABLE bookings, slots;
-- folding an argument raises no error the call would not: the planner
-- drops this branch
SELECT CASE WHEN false THEN rel_count('users', 1, 'kins' || (1 / 0)::text) END AS never;
-- a subquery under EXISTS or IN that limits the call's rows shows its
-- order
SELECT u.id FROM users u
 WHERE EXISTS (SELECT 1 FROM (SELECT r FROM rel_navigate('users', u.id, 'kins', order_by => 'full_name') r
                               LIMIT 1) s
                WHERE s.r->>'full_name' = 'Ada Okafor');
SELECT u.id FROM users u
 WHERE 'Ada Okafor' IN (SELECT s.n FROM (SELECT r->>'full_name' AS n
                                           FROM rel_navigate('users', u.id, 'kins', order_by => 'full_name') r
                                          LIMIT 1) s);
-- a call planned in parallel mode (a PARALLEL RESTRICTED function above a
-- Gather) runs as a call: expanding needs a subtransaction
CREATE FUNCTION kin_count(uid int) RETURNS bigint LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
AS $$ BEGIN RETURN rel_count('inline.users', uid, 'kins'); END $$;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT u.id, kin_count(u.id) FROM users u WHERE u.full_name LIKE '%a%' ORDER BY 1;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP FUNCTION kin_count(int);
-- a negative max_rows in a branch that never runs raises nothing, in a
-- custom plan too
PREPARE never_runs(bigint) AS
SELECT count(*) FROM users u
 WHERE u.id < 0 AND EXISTS (SELECT FROM rel_navigate('users', u.id, 'kins', max_rows => $1));
EXECUTE never_runs(-1);
DEALLOCATE never_runs;
-- turning expansion off replans kept statements
PREPARE kept AS SELECT * FROM rel_navigate('users', 1, 'kins');
EXPLAIN (COSTS OFF) EXECUTE kept;
SET relnav.inline = off;
EXPLAIN (COSTS OFF) EXECUTE kept;
SET relnav.inline = on;
EXPLAIN (COSTS OFF) EXECUTE kept;
DEALLOCATE kept;
RESET relnav.inline;

-- the internal functions expanded statements call refuse, called by hand,
-- what no expansion passes them, with clean errors
SELECT _relnav.key_column(0, 0, 1, NULL::int);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT _relnav.key_column('users_pkey', 0, 1::bigint, NULL::int);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT _relnav.key_column('users', 1, 1::bigint, NULL::int);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT _relnav.key_column('users', 0, 1::bigint, NULL::text);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT _relnav.key_column(NULL, 0, 1, NULL::int);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT _relnav.key_column('users', 0, 2.5, NULL::int) AS fraction,
       _relnav.key_column('users', 0, '7'::text, NULL::int) AS text_key;
SELECT _relnav.key_column_array('users', 0, 1, NULL::int[]);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT _relnav.key_column_array('users', 0, ARRAY[1]::bigint[], NULL::bigint[]);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT _relnav.key_column_array('users', 0, '[3:5]={1,2.5,NULL}'::numeric[], NULL::int[]);
SELECT _relnav.max_rows(-1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT _relnav.key_array('{{1}}'::int[]);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- a plan kept before relnav was loaded in the session is planned again
-- once it is: the first execution runs the call, the next ones expand it
\c
SET search_path = inline, public;
SET relnav.inline = on;
PREPARE before_load AS SELECT count(*) FROM rel_navigate('users', 1, 'kins');
EXPLAIN (COSTS OFF) EXECUTE before_load;
EXECUTE before_load;
EXPLAIN (COSTS OFF) EXECUTE before_load;
EXECUTE before_load;
DEALLOCATE before_load;

DROP SCHEMA inline CASCADE;
DROP OWNED BY regress_relnav_inline_a, regress_relnav_inline_b, regress_relnav_inline_none,
    regress_relnav_inline_viewer;
DROP ROLE regress_relnav_inline_a, regress_relnav_inline_b, regress_relnav_inline_none,
    regress_relnav_inline_viewer;
