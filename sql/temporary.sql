-- temporary: declarations never involve a temporary table, and a catalog
-- row that does not resolve is skipped with a WARNING instead of failing
-- the statement that writes it (a restore's COPY above all).
--
-- A declaration is a row of a permanent catalog.  A temporary table goes
-- away at the end of its session (or transaction) without event triggers,
-- so a declaration on it would outlive it: rel_diagram then failed, the
-- view showed bare OIDs, and pg_dump carried rows whose restore failed and
-- took every other declaration with it.  So temporary tables are refused
-- (0A000), as PostgreSQL refuses foreign keys between temporary and
-- permanent tables.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA temporary;
SET search_path = temporary, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all

CREATE TEMP TABLE tmp_notes (id int PRIMARY KEY, user_id int, body text);
CREATE TEMP TABLE tmp_links (user_id int, speciality_id int);
-- target, source, secondary
SELECT rel_declare('users', 'tmp_notes', 'tmp_notes',
                   source_columns => '{id}', target_columns => '{user_id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('tmp_notes', 'user', 'users',
                   source_columns => '{user_id}', target_columns => '{id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'tmp_specialities', 'specialities', secondary => 'tmp_links',
                   source_columns => '{id}', secondary_source_columns => '{user_id}',
                   secondary_target_columns => '{speciality_id}', target_columns => '{id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- two temporary tables joined by a foreign key
CREATE TEMP TABLE tmp_parent (id int PRIMARY KEY);
CREATE TEMP TABLE tmp_child (id int PRIMARY KEY, parent_id int REFERENCES tmp_parent);
SELECT rel_declare('tmp_parent', 'children', 'tmp_child');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a table dropped at commit
BEGIN;
CREATE TEMP TABLE tmp_once (id int PRIMARY KEY, user_id int) ON COMMIT DROP;
SELECT rel_declare('users', 'once', 'tmp_once',
                   source_columns => '{id}', target_columns => '{user_id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
ROLLBACK;
-- an unlogged table is permanent: accepted
CREATE UNLOGGED TABLE unlogged_notes (id int PRIMARY KEY, user_id int REFERENCES users);
SELECT rel_declare('users', 'unlogged_notes', 'unlogged_notes');
SELECT count(*) FROM rel_relationships r JOIN pg_class c ON c.oid = r.target
 WHERE c.relpersistence = 't';
SELECT rel_diagram();

------------------------------------------------------------------------
-- catalog rows that do not resolve are skipped with a WARNING; the other
-- rows of the same statement are kept (rows written by hand here, as a
-- superuser could, and as a restore does)
------------------------------------------------------------------------
INSERT INTO _relnav.relationships (source, name, target, kind, source_columns, target_columns)
VALUES ('users', 'by_hand', 'kins', 'one_to_many', '{id}', '{user_id}'),
       ('users', 'ghost_column', 'kins', 'one_to_many', '{id}', '{no_such_column}'),
       ('users', 'ghost_table', 4294967295::oid::regclass, 'one_to_many', '{id}', '{user_id}'),
       ('users', 'unpaired', 'kins', 'one_to_many', '{id}', '{user_id,id}'),
       ('users', 'empty', 'kins', 'one_to_many', '{}', '{}'),
       ('users', 'temporary', 'tmp_notes', 'one_to_many', '{id}', '{user_id}');
INSERT INTO _relnav.relationships (source, name, target, kind, source_columns, target_columns,
                                   order_columns, order_flags)
VALUES ('users', 'ordered_by_hand', 'kins', 'one_to_many', '{id}', '{user_id}', '{full_name}', '{1}'),
       ('users', 'ghost_order', 'kins', 'one_to_many', '{id}', '{user_id}', '{nope}', '{0}'),
       ('users', 'flagless_order', 'kins', 'one_to_many', '{id}', '{user_id}', '{id}', NULL);
INSERT INTO _relnav.relationships (source, name, target, kind, secondary,
                                   source_columns, target_columns,
                                   secondary_source_columns, secondary_target_columns)
VALUES ('users', 'specialities_by_hand', 'specialities', 'many_to_many', 'user_speciality',
        '{id}', '{id}', '{user_id}', '{speciality_id}'),
       ('users', 'half_secondary', 'specialities', 'many_to_many', 'user_speciality',
        '{id}', '{id}', '{user_id}', NULL),
       ('users', 'ghost_secondary', 'specialities', 'many_to_many', 'user_speciality',
        '{id}', '{id}', '{user_id}', '{nope}');
SELECT name, target, kind, source_columns, target_columns FROM rel_relationships
 WHERE source = 'users'::regclass ORDER BY name;
-- the row written by hand navigates like a declared one
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 1, 'by_hand') v ORDER BY 1;
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 1, 'ordered_by_hand') v;
SELECT v->>'name' AS speciality FROM rel_navigate('users', 1, 'specialities_by_hand') v ORDER BY 1;

SET client_min_messages = warning;
DROP SCHEMA temporary CASCADE;
RESET client_min_messages;
RESET search_path;
