-- views: a relationship's source must be able to have a primary key, since
-- navigation identifies source rows by it.  A view, a materialized view or
-- a foreign table as the source is refused at declaration (42809) rather
-- than accepted and never navigable; as targets, views work.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA views;
SET search_path = views, public;
\set VERBOSITY default
-- the generated SQL is not part of the interface: keep it out of errors
\set SHOW_CONTEXT never
\set ECHO none
\i test/clinic.sql
\set ECHO all

CREATE VIEW adult_users AS SELECT id, full_name FROM users WHERE id < 4;
CREATE MATERIALIZED VIEW user_names AS SELECT id, full_name FROM users;
CREATE FOREIGN DATA WRAPPER views_fdw;
CREATE SERVER views_server FOREIGN DATA WRAPPER views_fdw;
CREATE FOREIGN TABLE remote_users (id int, full_name text) SERVER views_server;
CREATE TYPE user_pair AS (id int, user_id int);

------------------------------------------------------------------------
-- as the source: refused, whatever the join
------------------------------------------------------------------------
SELECT rel_declare('adult_users', 'kins', 'kins',
                   source_columns => '{id}', target_columns => '{user_id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('adult_users', 'kins', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('user_names', 'kins', 'kins',
                   source_columns => '{id}', target_columns => '{user_id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('remote_users', 'kins', 'kins',
                   source_columns => '{id}', target_columns => '{user_id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('user_pair', 'kins', 'kins',
                   source_columns => '{id}', target_columns => '{user_id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT count(*) FROM rel_relationships WHERE source::text LIKE '%users' OR source::text = 'user_names';

------------------------------------------------------------------------
-- as a target: a many_to_one (and a one_to_many) through explicit columns
------------------------------------------------------------------------
-- a view has no unique index, so the kind is given
SELECT rel_declare('kins', 'adult', 'adult_users',
                   source_columns => '{user_id}', target_columns => '{id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('kins', 'adult', 'adult_users',
                   source_columns => '{user_id}', target_columns => '{id}',
                   kind => 'many_to_one');
SELECT rel_declare('appointments', 'named_user', 'user_names',
                   source_columns => '{user_id}', target_columns => '{id}',
                   kind => 'many_to_one');
CREATE VIEW kin_phones AS SELECT id, user_id, phone FROM kins;
SELECT rel_declare('users', 'kin_phones', 'kin_phones',
                   source_columns => '{id}', target_columns => '{user_id}',
                   kind => 'one_to_many', order_by => 'phone');
SELECT name, target, kind, source_columns, target_columns, order_by FROM rel_relationships
 WHERE source IN ('kins'::regclass, 'appointments'::regclass, 'users'::regclass) ORDER BY name;

SELECT * FROM rel_navigate('kins', 1, 'adult');
SELECT * FROM rel_navigate('kins', 8, 'adult');   -- user 4 is not in the view
SELECT rel_count('kins', 1, 'adult'), rel_count('kins', 8, 'adult');
SELECT * FROM rel_navigate('appointments', 4, 'named_user');
SELECT * FROM rel_navigate('users', 1, 'kin_phones');
SELECT rel_fetch('kins', 1, 'full_name, adult(full_name)');
SELECT rel_fetch('users', 2, 'full_name, kin_phones(phone)');
SELECT * FROM rel_navigate_many('kins', ARRAY[1, 8], 'adult');
-- links through it need the target's primary key, which a view lacks: they
-- are refused and write nothing (the wording of that error is link.c's)
\set VERBOSITY sqlstate
SELECT rel_link('kins', 8, 'adult', 1);
SELECT rel_unlink('kins', 1, 'adult', 1);
SELECT rel_link('users', 4, 'kin_phones', 1);
\set VERBOSITY default
SELECT id, user_id FROM kins WHERE id IN (1, 8) ORDER BY id;
-- a path that goes on from the view: it is no source, so nothing is declared
-- on it (terse: catalog.c's HINT still suggests rel_declare)
\set VERBOSITY terse
SELECT * FROM rel_navigate('kins', 1, 'adult.kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
\set VERBOSITY default

SET client_min_messages = warning;
DROP SCHEMA views CASCADE;
DROP SERVER views_server;
DROP FOREIGN DATA WRAPPER views_fdw;
RESET client_min_messages;
RESET search_path;
