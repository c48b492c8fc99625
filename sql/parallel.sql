-- parallel: the readers are PARALLEL RESTRICTED (they read relnav's catalog
-- and keep plans, which a parallel worker cannot do), so a query may scan
-- in parallel below them while the leader calls them.  Under
-- force_parallel_mode every statement whose plan allows it runs in
-- parallel mode: each reader must work there, cold and with kept plans.
-- Writers stay PARALLEL UNSAFE.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA parallel;
SET search_path = parallel, public;
-- the functions themselves, not their expansion into the caller's statement
SET relnav.inline = off;
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT p.oid::regprocedure AS function, p.proparallel, p.procost, p.prorows
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'relnav'
 WHERE p.proname LIKE 'rel\_%'
 ORDER BY p.oid::regprocedure::text COLLATE "C";

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user', order_by => 'full_name');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');

SET force_parallel_mode = on;
-- twice each: a cold call, then one with kept plans
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 1, 'kins') v;
SELECT v->>'full_name' AS kin FROM rel_navigate('users', '1'::text, 'kins') v;
SELECT id, full_name FROM rel_rows(NULL::kins, 'users', 2, 'kins') ORDER BY id;
SELECT id, full_name FROM rel_rows(NULL::kins, 'users', '2'::text, 'kins') ORDER BY id;
SELECT rel_count('users', 1, 'kins'), rel_count('users', '3'::text, 'specialities');
SELECT rel_count('users', 1, 'kins'), rel_count('users', '3'::text, 'specialities');
SELECT source_key, target->>'full_name' AS kin FROM rel_navigate_many('users', ARRAY[2, 1], 'kins');
SELECT source_key, target->>'full_name' AS kin FROM rel_navigate_many('users', '{2,1}'::text, 'kins');
SELECT rel_fetch('kins', 1, 'full_name, user(full_name, specialities(name))');
SELECT rel_fetch('kins', '1'::text, 'full_name, user(full_name, specialities(name))');
SELECT d FROM rel_fetch_many('users', ARRAY[3, 1], 'full_name, kins(full_name)') d;
SELECT d FROM rel_fetch_many('users', '{3,1}'::text, 'full_name, kins(full_name)') d;
-- the view, and writers (not in parallel mode)
SELECT name, kind FROM rel_relationships WHERE source = 'users'::regclass ORDER BY name;
SELECT rel_link('users', 4, 'kins', 1);
SELECT rel_count('users', 4, 'kins');
SELECT rel_unlink('users', 4, 'kins', 1);
SELECT rel_link('users', 1, 'kins', 1);
RESET force_parallel_mode;

-- a parallel scan below a reader: the leader calls it above the Gather
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT u.id, rel_count('users', u.id, 'kins') AS kins FROM users u WHERE u.full_name LIKE '%a%';
SELECT u.id, rel_count('users', u.id, 'kins') AS kins FROM users u WHERE u.full_name LIKE '%a%'
 ORDER BY u.id;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

SET client_min_messages = warning;
DROP SCHEMA parallel CASCADE;
RESET client_min_messages;
RESET search_path;
