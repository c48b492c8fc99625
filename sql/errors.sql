-- The contract's Errors table, row by row, for rel_declare, rel_drop,
-- rel_navigate, rel_rows and rel_count.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA errors;
SET search_path = errors, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
SELECT rel_declare('users', 'only_kin', 'kins', kind => 'one_to_one');

------------------------------------------------------------------------
-- 42704: relationship name not declared on that table; the HINT lists
-- the declared ones
------------------------------------------------------------------------
SELECT * FROM rel_navigate('users', 1, 'kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'Kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'kins.users');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_drop('users', 'kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a table with no relationship at all
SELECT * FROM rel_navigate('appointments', 1, 'user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_drop('appointments', 'user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a name declared on another table does not count
SELECT * FROM rel_navigate('profiles', 1, 'user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- names longer than any identifier
SELECT * FROM rel_navigate('users', 1, repeat('k', 100));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a constraint named in foreign_key that does not link the tables
SELECT rel_declare('appointments', 'user', 'users', foreign_key => 'no_such_fkey');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- 42710: already declared on that table, or equal to a column name
------------------------------------------------------------------------
SELECT rel_declare('users', 'kins', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'kins', 'appointments');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'id', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('kins', 'relationship', 'users');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- 42703: a column that does not exist
------------------------------------------------------------------------
SELECT rel_declare('users', 'k2', 'kins', source_columns => '{idx}', target_columns => '{user_id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'k2', 'kins', source_columns => '{id}', target_columns => '{userid}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 's2', 'specialities', secondary => 'user_speciality',
                   source_columns => '{id}', secondary_source_columns => '{uid}',
                   secondary_target_columns => '{speciality_id}', target_columns => '{id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 's2', 'specialities', secondary => 'user_speciality',
                   source_columns => '{id}', secondary_source_columns => '{user_id}',
                   secondary_target_columns => '{sid}', target_columns => '{id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'k2', 'kins', order_by => 'name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins', order_by => 'full_name, nope DESC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'kins', order_by => 'nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- checked even when the key finds no row
SELECT * FROM rel_navigate('users', 999, 'kins', order_by => 'nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- 42501: ownership for declaring and dropping, privileges for navigating
------------------------------------------------------------------------
SET client_min_messages = warning;
DROP ROLE IF EXISTS regress_relnav_errors_owner;
DROP ROLE IF EXISTS regress_relnav_errors_other;
RESET client_min_messages;
CREATE ROLE regress_relnav_errors_owner;
CREATE ROLE regress_relnav_errors_other;
GRANT USAGE ON SCHEMA errors TO regress_relnav_errors_owner, regress_relnav_errors_other;
-- (the CONTEXT of a permission error would show the generated statement)
\set SHOW_CONTEXT never
-- someone else's table: no declaring, no dropping
SET ROLE regress_relnav_errors_other;
SELECT rel_declare('users', 'other_kins', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_drop('users', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_drop('users', 'kins', if_exists => true);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- without SELECT on the tables of the join, no navigating
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
GRANT SELECT ON users TO regress_relnav_errors_other;
SET ROLE regress_relnav_errors_other;
-- SELECT on the source but not on the target
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
GRANT SELECT ON kins, specialities TO regress_relnav_errors_other;
SET ROLE regress_relnav_errors_other;
SELECT rel_count('users', 1, 'kins');
-- nor on the secondary
SELECT * FROM rel_navigate('users', 1, 'specialities');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
-- the owner of a table declares and drops on it without superuser rights
CREATE TABLE owned_parent (id int PRIMARY KEY);
CREATE TABLE owned_child (id int PRIMARY KEY, parent_id int REFERENCES owned_parent);
INSERT INTO owned_parent VALUES (1);
INSERT INTO owned_child VALUES (1, 1), (2, 1);
ALTER TABLE owned_parent OWNER TO regress_relnav_errors_owner;
ALTER TABLE owned_child OWNER TO regress_relnav_errors_owner;
SET ROLE regress_relnav_errors_owner;
SELECT rel_declare('owned_parent', 'children', 'owned_child');
SELECT rel_count('owned_parent', 1, 'children');
SET ROLE regress_relnav_errors_other;
SELECT rel_drop('owned_parent', 'children');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('owned_parent', 'kids', 'owned_child');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- ownership of the source is what counts: the other role may own the target
RESET ROLE;
CREATE TABLE other_child (id int PRIMARY KEY, parent_id int REFERENCES owned_parent);
ALTER TABLE other_child OWNER TO regress_relnav_errors_other;
SET ROLE regress_relnav_errors_other;
SELECT rel_declare('owned_parent', 'other_children', 'other_child');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('other_child', 'parent', 'owned_parent');
SET ROLE regress_relnav_errors_owner;
SELECT rel_drop('owned_parent', 'children');
RESET ROLE;
-- members of the owning role count as owners
GRANT regress_relnav_errors_owner TO regress_relnav_errors_other;
SET ROLE regress_relnav_errors_other;
SELECT rel_declare('owned_parent', 'children', 'owned_child');
SELECT rel_drop('owned_parent', 'children');
RESET ROLE;
REVOKE regress_relnav_errors_owner FROM regress_relnav_errors_other;
\set SHOW_CONTEXT errors
-- nothing the failed calls tried was written
SELECT source, name FROM rel_relationships
 WHERE source IN ('users'::regclass, 'owned_parent'::regclass, 'other_child'::regclass)
 ORDER BY source::text, name;

------------------------------------------------------------------------
-- 21000: a scalar hop that found more than one row
------------------------------------------------------------------------
SELECT * FROM rel_navigate('users', 1, 'only_kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('kins', 2, 'user.only_kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- 22P02: a key that does not convert to the primary key type
------------------------------------------------------------------------
SELECT * FROM rel_navigate('users', 'one', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 'x1', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::kins, 'users', '1 2', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- 42601: malformed path or order_by
------------------------------------------------------------------------
SELECT * FROM rel_navigate('users', 1, '');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, '   ');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, '.');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins.');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, '.kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins..user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins;');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins; DROP TABLE kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, '"kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, '""');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, '1kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins-user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins(full_name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'kins.user.');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'kins,user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a syntax error is found even when the key finds no row
SELECT * FROM rel_navigate('users', 999, 'kins..');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- order_by
SELECT * FROM rel_navigate('users', 1, 'kins', order_by => 'id,');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins', order_by => 'id DESC NULLS');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins', order_by => 'id; SELECT 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins', order_by => 'id ASC DESC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins', order_by => '1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'kins', order_by => 'id LIMIT 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'k3', 'kins', order_by => ',id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'k3', 'kins', order_by => 'id USING <');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- after all these errors, everything still works
SELECT rel_count('users', 1, 'kins'), rel_count('users', 1, 'specialities'), rel_count('kins', 1, 'user');

SET client_min_messages = warning;
DROP OWNED BY regress_relnav_errors_owner, regress_relnav_errors_other CASCADE;
DROP ROLE regress_relnav_errors_owner;
DROP ROLE regress_relnav_errors_other;
DROP SCHEMA errors CASCADE;
RESET client_min_messages;
RESET search_path;
