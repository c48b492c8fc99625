-- relnav 0.1.0 (declaring, navigating) updates in place to 0.2.0 (batches,
-- nested documents, links, reflection, diagrams): declarations made under
-- the old version keep working, and the updated extension has exactly the
-- objects of a fresh install.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA upgrade;
SET search_path = upgrade, public;
\set ECHO none
\i test/clinic.sql
\set ECHO all

CREATE EXTENSION relnav VERSION '0.1.0';
SELECT extversion FROM pg_extension WHERE extname = 'relnav';
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user', order_by => 'full_name');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 1, 'kins') v;

-- what 0.2.0 adds is not there yet
SELECT rel_fetch('users', 1, 'full_name, kins(full_name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

ALTER EXTENSION relnav UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'relnav';

-- the old declarations serve the new functions
SELECT rel_fetch('users', 1, 'full_name, kins(full_name), specialities(name)');
SELECT source_key, target->>'full_name' AS kin
  FROM rel_navigate_many('users', ARRAY[2, 1], 'kins');
SELECT rel_link('users', 5, 'specialities', 1);
SELECT v->>'name' AS speciality FROM rel_navigate('users', 5, 'specialities') v;
SELECT name, kind, back_populates, order_by FROM rel_relationships
 WHERE source::text NOT LIKE '%.%' ORDER BY source::text, name;

-- the updated extension has the objects of a fresh install, no more, no less
CREATE TEMP TABLE updated AS
SELECT pg_describe_object(classid, objid, objsubid) AS member
  FROM pg_depend
 WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'relnav');
SET client_min_messages = warning;
DROP EXTENSION relnav;
RESET client_min_messages;
CREATE EXTENSION relnav;
SELECT extversion FROM pg_extension WHERE extname = 'relnav';
CREATE TEMP TABLE fresh AS
SELECT pg_describe_object(classid, objid, objsubid) AS member
  FROM pg_depend
 WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'relnav');
SELECT count(*) AS members FROM fresh;
(SELECT 'only after update' AS side, member FROM updated EXCEPT SELECT 'only after update', member FROM fresh)
UNION ALL
(SELECT 'only in fresh install', member FROM fresh EXCEPT SELECT 'only in fresh install', member FROM updated)
ORDER BY 1, 2;

SET client_min_messages = warning;
DROP SCHEMA upgrade CASCADE;
RESET client_min_messages;
RESET search_path;
