-- CREATE EXTENSION relnav SCHEMA ...: the public functions and the view go
-- to that schema, the internals stay in _relnav, and everything works from
-- there.  The usual install (public) is restored for the tests after this.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA extension_schema;
CREATE SCHEMA relnav_api;
SET search_path = extension_schema;
\set ECHO none
\i test/clinic.sql
\set ECHO all

CREATE EXTENSION relnav SCHEMA relnav_api;
SELECT p.proname, count(*) AS signatures
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
 WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'relnav')
   AND p.pronamespace = 'relnav_api'::regnamespace
 GROUP BY p.proname ORDER BY p.proname;
SELECT count(*) AS public_functions FROM pg_proc
 WHERE proname LIKE 'rel\_%' AND pronamespace = 'public'::regnamespace;

SELECT relnav_api.rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT relnav_api.rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT v->>'full_name' AS kin FROM relnav_api.rel_navigate('users', 1, 'kins') v;
SELECT relnav_api.rel_fetch('users', 2, 'full_name, kins(full_name)');
SELECT relnav_api.rel_reflect('extension_schema');
SELECT source, name, kind FROM relnav_api.rel_relationships ORDER BY source::text, name;
SELECT relnav_api.rel_link('users', 4, 'kins', 1);
SELECT v->>'full_name' AS kin FROM relnav_api.rel_navigate('users', 4, 'kins') v;

SET client_min_messages = warning;
DROP SCHEMA extension_schema CASCADE;
DROP EXTENSION relnav;
DROP SCHEMA relnav_api;
RESET client_min_messages;
RESET search_path;
CREATE EXTENSION relnav;
