-- Regclass arguments of every kind (issue 9, point 1).  Every function,
-- given a table argument that names no relation (0, an OID never used,
-- 4294967295, a dropped table's OID) answers 42P01; given a relation that
-- is not a table (an index, a sequence, a composite type) it answers 42809;
-- never an internal error (XX000).  Views, materialized views, foreign,
-- partitioned, temporary and TOAST tables end in a result or a clean error;
-- a partitioned table with a primary key simply works.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA regclass_kinds;
SET search_path = regclass_kinds, public;
\set VERBOSITY terse
\set SHOW_CONTEXT never
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');

-- The SQLSTATE of a statement, or 'ok'; whatever it did is undone.
CREATE FUNCTION sqlstate_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st text;
BEGIN
    EXECUTE sql;
    RAISE SQLSTATE 'RNOK0';
EXCEPTION
    WHEN SQLSTATE 'RNOK0' THEN
        RETURN 'ok';
    WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
        RETURN st;
END
$$;

-- Relations of every kind
CREATE TABLE gone (id int PRIMARY KEY, user_id int);
CREATE VIEW users_view AS SELECT id, full_name FROM users;
CREATE MATERIALIZED VIEW users_matview AS SELECT id, full_name FROM users;
CREATE TYPE pair AS (a int, b text);
CREATE FOREIGN DATA WRAPPER regclass_kinds_fdw;
CREATE SERVER regclass_kinds_server FOREIGN DATA WRAPPER regclass_kinds_fdw;
CREATE FOREIGN TABLE remote_kins (id int, user_id int) SERVER regclass_kinds_server;
CREATE TABLE measures (id int PRIMARY KEY, user_id int, value int) PARTITION BY RANGE (id);
CREATE TABLE measures_low PARTITION OF measures FOR VALUES FROM (0) TO (100);
CREATE TABLE measures_high PARTITION OF measures FOR VALUES FROM (100) TO (1000);
INSERT INTO measures VALUES (1, 1, 10), (2, 1, 20), (150, 1, 30), (3, 2, 40);
CREATE TEMPORARY TABLE scratch (id int PRIMARY KEY, user_id int);
INSERT INTO scratch VALUES (1, 1), (2, 1);

-- kind, the regclass expression, the SQLSTATE every call must give (NULL:
-- a result or any clean error)
CREATE TABLE kinds (kind text PRIMARY KEY, expr text NOT NULL, expect text);
INSERT INTO kinds VALUES
    ('zero',             '''0''::regclass',          '42P01'),
    ('never used',       '''99999''::regclass',      '42P01'),
    ('4294967295',       '''4294967295''::regclass', '42P01'),
    ('index',            '''users_pkey''::regclass', '42809'),
    ('sequence',         '''users_id_seq''::regclass', '42809'),
    ('composite type',   '''pair''::regclass',       '42809'),
    ('view',             '''users_view''::regclass', NULL),
    ('materialized view', '''users_matview''::regclass', NULL),
    ('foreign table',    '''remote_kins''::regclass', NULL),
    ('partitioned table', '''measures''::regclass',  NULL),
    ('partition',        '''measures_low''::regclass', NULL),
    ('temporary table',  '''scratch''::regclass',    NULL);
INSERT INTO kinds
SELECT 'dropped table', quote_literal(oid::text) || '::regclass', '42P01'
  FROM pg_class WHERE oid = 'gone'::regclass;
INSERT INTO kinds
SELECT 'TOAST table', quote_literal(reltoastrelid::text) || '::regclass', NULL
  FROM pg_class WHERE oid = 'kins'::regclass;
DROP TABLE gone;

-- every function, %1$s standing for the table argument
CREATE TABLE calls (fn text PRIMARY KEY, template text NOT NULL);
INSERT INTO calls VALUES
    ('rel_navigate',              $$SELECT count(*) FROM rel_navigate(%1$s, 1, 'kins')$$),
    ('rel_navigate text key',     $$SELECT count(*) FROM rel_navigate(%1$s, '1'::text, 'kins')$$),
    ('rel_navigate order_by',     $$SELECT count(*) FROM rel_navigate(%1$s, 1, 'kins', 'id DESC', 2)$$),
    ('rel_rows',                  $$SELECT count(*) FROM rel_rows(NULL::kins, %1$s, 1, 'kins')$$),
    ('rel_rows text key',         $$SELECT count(*) FROM rel_rows(NULL::kins, %1$s, '1'::text, 'kins')$$),
    ('rel_count',                 $$SELECT rel_count(%1$s, 1, 'kins')$$),
    ('rel_count text key',        $$SELECT rel_count(%1$s, '1'::text, 'kins')$$),
    ('rel_navigate_many',         $$SELECT count(*) FROM rel_navigate_many(%1$s, ARRAY[1, 2], 'kins')$$),
    ('rel_navigate_many text',    $$SELECT count(*) FROM rel_navigate_many(%1$s, '{1,2}'::text, 'kins')$$),
    ('rel_fetch',                 $$SELECT rel_fetch(%1$s, 1, '*')$$),
    ('rel_fetch text key',        $$SELECT rel_fetch(%1$s, '1'::text, '*')$$),
    ('rel_fetch embed',           $$SELECT rel_fetch(%1$s, 1, 'kins(*)')$$),
    ('rel_fetch_many',            $$SELECT count(*) FROM rel_fetch_many(%1$s, ARRAY[3], '*')$$),
    ('rel_fetch_many text',       $$SELECT count(*) FROM rel_fetch_many(%1$s, '{3}'::text, '*')$$),
    ('rel_link',                  $$SELECT rel_link(%1$s, 1, 'kins', 1)$$),
    ('rel_link text keys',        $$SELECT rel_link(%1$s, '1'::text, 'kins', '1'::text)$$),
    ('rel_unlink',                $$SELECT rel_unlink(%1$s, 1, 'kins', 1)$$),
    ('rel_unlink text keys',      $$SELECT rel_unlink(%1$s, '1'::text, 'kins', '1'::text)$$),
    ('rel_declare source',        $$SELECT rel_declare(%1$s, 'x', 'users')$$),
    ('rel_declare source cols',   $$SELECT rel_declare(%1$s, 'x', 'users', source_columns => '{id}', target_columns => '{id}')$$),
    ('rel_declare target',        $$SELECT rel_declare('users', 'x', %1$s)$$),
    ('rel_declare target cols',   $$SELECT rel_declare('users', 'x', %1$s, source_columns => '{id}', target_columns => '{id}')$$),
    ('rel_declare secondary',     $$SELECT rel_declare('users', 'x', 'kins', secondary => %1$s)$$),
    ('rel_declare secondary cols', $$SELECT rel_declare('users', 'x', 'kins', secondary => %1$s, source_columns => '{id}', target_columns => '{id}', secondary_source_columns => '{id}', secondary_target_columns => '{id}')$$),
    ('rel_drop',                  $$SELECT rel_drop(%1$s, 'kins')$$),
    ('rel_drop if_exists',        $$SELECT rel_drop(%1$s, 'kins', if_exists => true)$$);

-- (NOTICEs such as rel_drop's "skipping" are not the point here)
SET client_min_messages = warning;
CREATE TABLE outcomes AS
SELECT k.kind, c.fn, k.expect, sqlstate_of(format(c.template, k.expr)) AS sqlstate
  FROM kinds k CROSS JOIN calls c;
RESET client_min_messages;

------------------------------------------------------------------------
-- No relation, or not a table: one SQLSTATE for every function
------------------------------------------------------------------------
SELECT kind, expect, string_agg(DISTINCT sqlstate, ' ' ORDER BY sqlstate) AS sqlstates, count(*) AS calls
  FROM outcomes WHERE expect IS NOT NULL GROUP BY kind, expect ORDER BY expect, kind;
-- the calls that answer otherwise
SELECT kind, fn, expect, sqlstate FROM outcomes
 WHERE expect IS NOT NULL AND sqlstate IS DISTINCT FROM expect ORDER BY kind, fn;

------------------------------------------------------------------------
-- Other kinds of relation: a result or a clean error
------------------------------------------------------------------------
SELECT kind, count(*) AS calls,
       count(*) FILTER (WHERE sqlstate LIKE 'XX%') AS internal_errors
  FROM outcomes WHERE expect IS NULL GROUP BY kind ORDER BY kind;
SELECT kind, fn, sqlstate FROM outcomes
 WHERE expect IS NULL AND sqlstate LIKE 'XX%' ORDER BY kind, fn;
-- every call of the whole matrix was made
SELECT count(*) = (SELECT count(*) FROM kinds) * (SELECT count(*) FROM calls) AS complete FROM outcomes;

------------------------------------------------------------------------
-- A partitioned table with a primary key works like any table
------------------------------------------------------------------------
SELECT rel_declare('users', 'measures', 'measures',
                   source_columns => '{id}', target_columns => '{user_id}', back_populates => 'user');
SELECT rel_declare('measures', 'user', 'users',
                   source_columns => '{user_id}', target_columns => '{id}', back_populates => 'measures');
SELECT v->>'id' AS id, v->>'value' AS value FROM rel_navigate('users', 1, 'measures') v;
SELECT id, value FROM measures WHERE user_id = 1 ORDER BY id;
SELECT rel_count('users', 1, 'measures') AS relnav,
       (SELECT count(*) FROM measures WHERE user_id = 1) AS by_hand;
-- from a row of either partition
SELECT rel_fetch('measures', 150, 'value, user(full_name)');
SELECT rel_fetch('measures', 2, '*') = (SELECT to_jsonb(m) FROM measures m WHERE id = 2) AS same;
SELECT v->>'full_name' AS full_name FROM rel_navigate('measures', 3, 'user') v;
SELECT count(*) FROM rel_navigate('measures', 150, 'user.measures');
SELECT d FROM rel_fetch_many('measures', ARRAY[150, 3, 999], 'id, user(id)') d;
SELECT source_key, target->>'full_name' AS full_name
  FROM rel_navigate_many('measures', ARRAY[1, 3], 'user');
-- a link moves a row of a partition
SELECT rel_link('users', 2, 'measures', 150);
SELECT id, user_id FROM measures ORDER BY id;
SELECT rel_unlink('users', 2, 'measures', 150);
SELECT id, user_id FROM measures ORDER BY id;

DROP SCHEMA regclass_kinds CASCADE;
DROP SERVER regclass_kinds_server;
DROP FOREIGN DATA WRAPPER regclass_kinds_fdw;
