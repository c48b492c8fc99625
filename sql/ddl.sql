-- ddl: declarations follow their tables and columns through DDL.
--
-- Renaming a table, a column or a schema (or moving a table to another
-- schema) keeps every declaration working, and rel_relationships shows
-- today's names, order_by included.  Each rename happens after a navigation
-- has cached its plan, so the cached plan must notice.  Dropping a table or
-- a column that a declaration uses removes the declaration with a NOTICE
-- naming it, inside the same transaction (ROLLBACK brings both back).
-- ALTER COLUMN TYPE that breaks a join's type match is reported cleanly at
-- the next use; one that keeps the types comparable keeps working.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA ddl;
SET search_path = ddl, public;
-- the generated SQL is not part of the interface: keep it out of errors
\set SHOW_CONTEXT never
\i test/clinic.sql

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments',
                   order_by => 'details DESC');
SELECT rel_declare('users', 'profile', 'profiles');
SELECT rel_declare('users', 'specialities', 'specialities',
                   secondary => 'user_speciality', back_populates => 'users');
SELECT rel_declare('specialities', 'users', 'users',
                   secondary => 'user_speciality', back_populates => 'specialities',
                   order_by => 'full_name');
-- a join no constraint backs
SELECT rel_declare('appointments', 'patient', 'users',
                   source_columns => '{user_id}', target_columns => '{id}');

-- what every test below compares against
CREATE VIEW decls AS
SELECT r.source, r.name, r.target, r.kind, r.source_columns, r.target_columns,
       r.secondary, r.secondary_source_columns, r.secondary_target_columns,
       r.back_populates, r.order_by
  FROM rel_relationships r
  JOIN pg_class c ON c.oid = r.source
 WHERE c.relnamespace::regnamespace::text LIKE 'ddl%';
SELECT * FROM decls ORDER BY source::text COLLATE "C", name COLLATE "C";

-- warm the plan cache: every later navigation of these paths reuses a plan
SELECT * FROM rel_navigate('users', 1, 'kins');
SELECT * FROM rel_navigate('kins', 7, 'user');
SELECT * FROM rel_navigate('users', 1, 'appointments');
SELECT * FROM rel_navigate('users', 1, 'specialities');
SELECT * FROM rel_navigate('specialities', 2, 'users');
SELECT * FROM rel_navigate('appointments', 4, 'patient.kins');
SELECT rel_count('users', 1, 'kins'), rel_count('users', 1, 'specialities');

----------------------------------------------------------------------------
-- Renaming columns

-- a foreign-key column used by both sides of a back_populates pair
ALTER TABLE kins RENAME COLUMN user_id TO patient_id;
-- the column of a declared order_by
ALTER TABLE appointments RENAME COLUMN details TO summary;
-- both columns of an association table
ALTER TABLE user_speciality RENAME COLUMN user_id TO u_id;
ALTER TABLE user_speciality RENAME COLUMN speciality_id TO s_id;
-- a primary key column (the source key of every navigation from users)
ALTER TABLE users RENAME COLUMN id TO user_no;
-- the order_by column of a many-to-many
ALTER TABLE users RENAME COLUMN full_name TO display_name;
-- a column of an explicit-column join
ALTER TABLE appointments RENAME COLUMN user_id TO patient_no;

SELECT * FROM decls ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT * FROM rel_navigate('users', 1, 'kins');
SELECT * FROM rel_navigate('kins', 7, 'user');
SELECT * FROM rel_navigate('users', 1, 'appointments');
SELECT * FROM rel_navigate('users', 1, 'specialities');
SELECT * FROM rel_navigate('specialities', 2, 'users');
SELECT * FROM rel_navigate('appointments', 4, 'patient.kins');
SELECT rel_count('users', 1, 'kins'), rel_count('users', 1, 'specialities');
SELECT id, full_name FROM rel_rows(NULL::kins, 'users', 2, 'kins') ORDER BY id;
-- the renamed order_by column still orders the collection
SELECT r->>'summary' FROM rel_navigate('users', 2, 'appointments') r;

----------------------------------------------------------------------------
-- Renaming tables

ALTER TABLE users RENAME TO patients;
ALTER TABLE kins RENAME TO relatives;
ALTER TABLE user_speciality RENAME TO patient_speciality;
ALTER TABLE appointments RENAME TO visits;

SELECT * FROM decls ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT * FROM rel_navigate('patients', 1, 'kins');
SELECT * FROM rel_navigate('relatives', 7, 'user');
SELECT * FROM rel_navigate('patients', 1, 'appointments');
SELECT * FROM rel_navigate('patients', 1, 'specialities');
SELECT * FROM rel_navigate('specialities', 2, 'users');
SELECT * FROM rel_navigate('visits', 4, 'patient.kins');
SELECT rel_count('patients', 1, 'kins'), rel_count('patients', 1, 'specialities');
-- the old name is gone with the table's old name
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

----------------------------------------------------------------------------
-- Moving a table to another schema, and renaming that schema

CREATE SCHEMA ddl_moved;
ALTER TABLE relatives SET SCHEMA ddl_moved;
SELECT * FROM decls ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT * FROM rel_navigate('patients', 1, 'kins');
SELECT * FROM rel_navigate('ddl_moved.relatives', 7, 'user');

ALTER SCHEMA ddl_moved RENAME TO ddl_renamed;
SELECT * FROM decls ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT * FROM rel_navigate('patients', 1, 'kins');
SELECT * FROM rel_navigate('ddl_renamed.relatives', 7, 'user');
SELECT rel_count('patients', 1, 'kins');

-- renaming the schema of the source table, too: the extension's own test
-- schema, so rename it back at once
ALTER SCHEMA ddl RENAME TO ddl_tmp;
SET search_path = ddl_tmp, public;
SELECT * FROM rel_navigate('patients', 1, 'kins');
SELECT * FROM rel_navigate('ddl_renamed.relatives', 7, 'user');
SELECT source, name, target FROM rel_relationships
 WHERE source::text LIKE 'ddl_%' OR target::text LIKE 'ddl_%'
 ORDER BY source::text COLLATE "C", name COLLATE "C";
ALTER SCHEMA ddl_tmp RENAME TO ddl;
SET search_path = ddl, public;
SELECT * FROM rel_navigate('patients', 1, 'kins');

----------------------------------------------------------------------------
-- Dropping a column nothing uses changes nothing

ALTER TABLE ddl_renamed.relatives DROP COLUMN phone;
SELECT * FROM decls ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT * FROM rel_navigate('patients', 1, 'kins');
SELECT rel_count('patients', 1, 'kins');

----------------------------------------------------------------------------
-- Dropping a column a declaration uses removes the declaration, with a
-- NOTICE, in the same transaction

BEGIN;
ALTER TABLE ddl_renamed.relatives DROP COLUMN patient_id;
SELECT name FROM decls WHERE name IN ('kins', 'user') ORDER BY name;
SELECT * FROM rel_navigate('patients', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
ROLLBACK;
-- the rollback brought back the column and both declarations
SELECT name, source_columns, target_columns FROM decls
 WHERE name IN ('kins', 'user') ORDER BY name;
SELECT * FROM rel_navigate('patients', 1, 'kins');
SELECT * FROM rel_navigate('ddl_renamed.relatives', 7, 'user');

-- a column used only in order_by: the declaration stays, without that
-- ordering (a NOTICE says so); the rest of a longer order_by stays
BEGIN;
ALTER TABLE visits DROP COLUMN summary;
SELECT name, order_by FROM decls WHERE source = 'patients'::regclass ORDER BY name;
SELECT v->>'id' AS id FROM rel_navigate('patients', 1, 'appointments') v ORDER BY 1;
ROLLBACK;
SELECT name, order_by FROM decls WHERE name = 'appointments';
BEGIN;
ALTER TABLE visits ADD COLUMN room text;
SELECT rel_declare('patients', 'visits_ordered', 'visits',
                   order_by => 'room NULLS FIRST, summary DESC, id DESC');
ALTER TABLE visits DROP COLUMN summary, DROP COLUMN room;
SELECT name, order_by FROM decls WHERE source = 'patients'::regclass ORDER BY name;
SELECT order_columns, order_flags, order_attnums = ARRAY[attnum] AS attnums_kept
  FROM _relnav.relationships, pg_attribute
 WHERE name = 'visits_ordered' AND attrelid = 'visits'::regclass AND attname = 'id';
SELECT v->>'id' AS id FROM rel_navigate('patients', 1, 'visits_ordered') v;
ROLLBACK;
-- a column in the join and in order_by: the declaration goes
BEGIN;
SELECT rel_declare('patients', 'visits_by_patient', 'visits',
                   order_by => 'patient_no, id');
ALTER TABLE visits DROP COLUMN patient_no;
SELECT name FROM decls WHERE source = 'patients'::regclass ORDER BY name;
ROLLBACK;

-- a column of the association table of a many-to-many
BEGIN;
ALTER TABLE patient_speciality DROP COLUMN s_id CASCADE;
SELECT name FROM decls WHERE kind = 'many_to_many' ORDER BY name;
ROLLBACK;
SELECT name FROM decls WHERE kind = 'many_to_many' ORDER BY name;

-- for good this time
ALTER TABLE visits DROP COLUMN patient_no CASCADE;
SELECT * FROM decls ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT * FROM rel_navigate('visits', 4, 'patient');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

----------------------------------------------------------------------------
-- Dropping a table removes every declaration that uses it: as source, as
-- target or as association table, in the same transaction

BEGIN;
DROP TABLE ddl_renamed.relatives;
SELECT * FROM decls ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT * FROM rel_navigate('patients', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
ROLLBACK;
SELECT name FROM decls WHERE name IN ('kins', 'user') ORDER BY name;
SELECT * FROM rel_navigate('patients', 1, 'kins');

BEGIN;
DROP TABLE patient_speciality;
SELECT name FROM decls WHERE kind = 'many_to_many' ORDER BY name;
ROLLBACK;
SELECT * FROM rel_navigate('patients', 1, 'specialities');

-- a table of the same name, created afresh, has no declarations
DROP TABLE profiles;
CREATE TABLE profiles (id serial PRIMARY KEY, bio text,
                       user_id integer UNIQUE REFERENCES patients (user_no));
SELECT * FROM rel_navigate('patients', 1, 'profile');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

----------------------------------------------------------------------------
-- DROP SCHEMA ... CASCADE takes the declarations of its tables with it,
-- including declarations on other schemas' tables that point into it

DROP SCHEMA ddl_renamed CASCADE;
SELECT * FROM decls ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT rel_count('patients', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

----------------------------------------------------------------------------
-- ALTER COLUMN TYPE

CREATE TABLE ddl_notes (
    id      integer PRIMARY KEY,
    body    text,
    owner   integer                 -- no foreign key: the join is declared
);
INSERT INTO ddl_notes VALUES (1, 'first', 1), (2, 'second', 1), (3, 'third', 2);
SELECT rel_declare('patients', 'ddl_notes', 'ddl_notes',
                   source_columns => '{user_no}', target_columns => '{owner}',
                   kind => 'one_to_many');
SELECT rel_declare('ddl_notes', 'ddl_owner', 'patients',
                   source_columns => '{owner}', target_columns => '{user_no}');
SELECT * FROM rel_navigate('patients', 1, 'ddl_notes');
SELECT * FROM rel_navigate('ddl_notes', 3, 'ddl_owner');

-- integer -> bigint: still comparable, still the same rows
ALTER TABLE ddl_notes ALTER COLUMN owner TYPE bigint;
SELECT * FROM rel_navigate('patients', 1, 'ddl_notes');
SELECT * FROM rel_navigate('ddl_notes', 3, 'ddl_owner');
SELECT rel_count('patients', 1, 'ddl_notes');

-- bigint -> text: the join no longer compares; a clear error at next use
ALTER TABLE ddl_notes ALTER COLUMN owner TYPE text;
SELECT * FROM rel_navigate('patients', 1, 'ddl_notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('patients', 1, 'ddl_notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::ddl_notes, 'patients', 1, 'ddl_notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('ddl_notes', 3, 'ddl_owner');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the declaration is still there, under its columns
SELECT name, source_columns, target_columns FROM decls
 WHERE name LIKE 'ddl_%' ORDER BY name;

-- and the type changed back: working again
ALTER TABLE ddl_notes ALTER COLUMN owner TYPE integer USING owner::integer;
SELECT * FROM rel_navigate('patients', 1, 'ddl_notes');
SELECT * FROM rel_navigate('ddl_notes', 3, 'ddl_owner');

-- the source key's own type changes: keys convert to the new type
ALTER TABLE ddl_notes ALTER COLUMN id TYPE bigint;
SELECT * FROM rel_navigate('ddl_notes', 3, 'ddl_owner');
SELECT * FROM rel_navigate('ddl_notes', '3', 'ddl_owner');

----------------------------------------------------------------------------
-- DDL on a table no declaration uses reads the catalog but never writes it:
-- no write lock, so it does not wait for an open declaration, and no
-- invalidation of every backend's cache

CREATE TABLE ddl_loner (id integer PRIMARY KEY, note text);
BEGIN;
ALTER TABLE ddl_loner ADD COLUMN extra integer;
ALTER TABLE ddl_loner RENAME COLUMN note TO remark;
ALTER TABLE ddl_loner DROP COLUMN extra;
SELECT mode FROM pg_locks
 WHERE relation = '_relnav.relationships'::regclass AND pid = pg_backend_pid()
 ORDER BY mode;
COMMIT;
BEGIN;
DROP TABLE ddl_loner;
SELECT mode FROM pg_locks
 WHERE relation = '_relnav.relationships'::regclass AND pid = pg_backend_pid()
 ORDER BY mode;
COMMIT;
-- a rename in a declared table's join writes it, as before
BEGIN;
ALTER TABLE ddl_notes RENAME COLUMN owner TO owner_no;
SELECT mode FROM pg_locks
 WHERE relation = '_relnav.relationships'::regclass AND pid = pg_backend_pid()
 ORDER BY mode;
ROLLBACK;

----------------------------------------------------------------------------

DROP VIEW decls;
DROP SCHEMA ddl CASCADE;
-- nothing of this file is left in the catalog
SELECT count(*) FROM rel_relationships r JOIN pg_class c ON c.oid = r.source
 WHERE c.relnamespace::regnamespace::text LIKE 'ddl%';
RESET search_path;
