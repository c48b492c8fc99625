-- rel_declare, rel_drop and the view rel_relationships: kind inference from
-- foreign keys, uselist, ambiguity, names, order_by validation, transactions.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA declare;
SET search_path = declare, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all

-- the declarations of this test's schema, every column the contract lists
CREATE VIEW decls AS
SELECT r.source, r.name, r.target, r.kind, r.uselist,
       r.source_columns, r.target_columns, r.secondary,
       r.back_populates, r.order_by
  FROM rel_relationships r JOIN pg_class c ON c.oid = r.source
 WHERE c.relnamespace = 'declare'::regnamespace;

-- The view has at least the contract's columns, with the contract's types.
SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type
  FROM pg_attribute a
 WHERE a.attrelid = 'rel_relationships'::regclass
   AND a.attname IN ('source', 'name', 'target', 'kind', 'uselist',
                     'source_columns', 'target_columns', 'secondary',
                     'back_populates', 'order_by')
 ORDER BY a.attnum;

-- The signatures the contract gives (argument names, defaults, results).
SELECT p.proname, a.i, a.arg, pg_get_function_result(p.oid) AS result
  FROM pg_proc p,
       unnest(string_to_array(pg_get_function_arguments(p.oid), ', ')) WITH ORDINALITY AS a(arg, i)
 WHERE p.proname IN ('rel_declare', 'rel_drop', 'rel_navigate', 'rel_rows', 'rel_count')
   AND p.pronamespace = 'public'::regnamespace
   AND (p.proname IN ('rel_declare', 'rel_drop')
        OR pg_get_function_arguments(p.oid) LIKE '%key "any"%')
 ORDER BY p.proname, a.i;

------------------------------------------------------------------------
-- Kind inference from foreign keys
------------------------------------------------------------------------
-- many_to_one: appointments holds the key
SELECT rel_declare('appointments', 'user', 'users');
-- one_to_many: the target holds the key
SELECT rel_declare('users', 'appointments', 'appointments');
SELECT rel_declare('users', 'kins', 'kins');
-- one_to_one by itself: profiles.user_id is unique
SELECT rel_declare('users', 'profile', 'profiles');
-- many_to_one with uselist => false is accepted (the seed's Profile.user)
SELECT rel_declare('profiles', 'user', 'users', uselist => false);
-- uselist => false turns a one_to_many into one_to_one
SELECT rel_declare('users', 'kin', 'kins', uselist => false);
-- uselist => true, or kind => 'one_to_many', keeps a unique key a collection
SELECT rel_declare('users', 'profile_list', 'profiles', uselist => true);
SELECT rel_declare('users', 'profile_set', 'profiles', kind => 'one_to_many');
-- kind => 'one_to_one' on a key that is not unique
SELECT rel_declare('users', 'one_kin', 'kins', kind => 'one_to_one');
-- explicit kinds that agree with the key
SELECT rel_declare('kins', 'user', 'users', kind => 'many_to_one');
SELECT rel_declare('users', 'kin_list', 'kins', kind => 'one_to_many', uselist => true);
-- many_to_many through the secondary's two foreign keys, from either side
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
SELECT rel_declare('specialities', 'users', 'users', secondary => 'user_speciality',
                   kind => 'many_to_many', uselist => true);

-- uselist in the view: true for one_to_many and many_to_many, false for
-- many_to_one and one_to_one
SELECT * FROM decls ORDER BY source::text, name;
SELECT kind, bool_and(uselist) AS all_true, bool_or(uselist) AS any_true
  FROM decls GROUP BY kind ORDER BY kind;

-- the joins run the right way
SELECT rel_navigate('appointments', 4, 'user');
SELECT rel_navigate('users', 2, 'appointments');
SELECT rel_navigate('users', 3, 'profile');
SELECT rel_navigate('profiles', 3, 'user');
SELECT rel_navigate('users', 1, 'specialities');
SELECT rel_navigate('specialities', 2, 'users');
SELECT rel_navigate('users', 5, 'kin_list');

------------------------------------------------------------------------
-- uselist and kind errors
------------------------------------------------------------------------
-- true on a many_to_one is an error
SELECT rel_declare('appointments', 'user_list', 'users', uselist => true);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a many_to_many cannot be scalar
SELECT rel_declare('users', 'speciality', 'specialities', secondary => 'user_speciality',
                   uselist => false);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- one_to_one contradicts uselist => true
SELECT rel_declare('users', 'kin2', 'kins', kind => 'one_to_one', uselist => true);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- no foreign key makes users -> kins many_to_one
SELECT rel_declare('users', 'kin3', 'kins', kind => 'many_to_one');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- nor appointments -> users one_to_many
SELECT rel_declare('appointments', 'users', 'users', kind => 'one_to_many');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- many_to_many needs a secondary; a secondary means many_to_many
SELECT rel_declare('users', 'specs', 'specialities', kind => 'many_to_many');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'specs', 'specialities', secondary => 'user_speciality',
                   kind => 'one_to_many');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- kinds are spelled as in the contract
SELECT rel_declare('users', 'kin4', 'kins', kind => 'one-to-many');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- no foreign key at all between the tables
SELECT rel_declare('kins', 'specialities', 'specialities');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a secondary without a key to the target
SELECT rel_declare('users', 'kins_via', 'kins', secondary => 'user_speciality');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a secondary with two keys to the target: an error naming them
CREATE TABLE referrals (user_id int REFERENCES users, from_spec int REFERENCES specialities,
                        to_spec int REFERENCES specialities);
SELECT rel_declare('users', 'referred', 'specialities', secondary => 'referrals');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- nothing was written by the failed declarations
SELECT source, name FROM decls
 WHERE (source::text, name) IN (('appointments', 'user_list'), ('users', 'speciality'),
       ('users', 'kin2'), ('users', 'kin3'), ('appointments', 'users'), ('users', 'specs'),
       ('users', 'kin4'), ('kins', 'specialities'), ('users', 'kins_via'), ('users', 'referred'));

------------------------------------------------------------------------
-- Ambiguity: two foreign keys to the same table
------------------------------------------------------------------------
ALTER TABLE appointments ADD COLUMN doctor_id integer REFERENCES users (id);
UPDATE appointments SET doctor_id = CASE WHEN id % 2 = 0 THEN 2 ELSE 3 END;
-- the declaration made before still works
SELECT rel_navigate('appointments', 5, 'user');
-- an error that names both candidates, in either direction
SELECT rel_declare('appointments', 'doctor', 'users');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'appointments_as_doctor', 'appointments');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- foreign_key => picks one
SELECT rel_declare('appointments', 'doctor', 'users',
                   foreign_key => 'appointments_doctor_id_fkey');
SELECT rel_declare('users', 'appointments_as_doctor', 'appointments',
                   foreign_key => 'appointments_doctor_id_fkey',
                   order_by => 'id DESC');
SELECT rel_declare('users', 'appointments_as_patient', 'appointments',
                   foreign_key => 'appointments_user_id_fkey');
SELECT name, kind, source_columns, target_columns FROM decls
 WHERE name IN ('doctor', 'appointments_as_doctor', 'appointments_as_patient')
 ORDER BY name;
SELECT rel_navigate('appointments', 5, 'doctor');
SELECT rel_navigate('users', 3, 'appointments_as_doctor');
SELECT rel_navigate('users', 3, 'appointments_as_patient');
-- a constraint that does not link the two tables, or does not exist
SELECT rel_declare('appointments', 'doctor2', 'users', foreign_key => 'kins_user_id_fkey');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('appointments', 'doctor2', 'users', foreign_key => 'no_such_fkey');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a constraint does not combine with explicit columns
SELECT rel_declare('appointments', 'doctor2', 'users', foreign_key => 'appointments_doctor_id_fkey',
                   source_columns => '{doctor_id}', target_columns => '{id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- Keys both ways between two tables: kind picks the direction.
CREATE TABLE wards (id int PRIMARY KEY, name text, head_nurse_id int);
CREATE TABLE nurses (id int PRIMARY KEY, name text, ward_id int REFERENCES wards);
ALTER TABLE wards ADD CONSTRAINT wards_head_fkey FOREIGN KEY (head_nurse_id) REFERENCES nurses;
INSERT INTO wards VALUES (1, 'North', NULL), (2, 'South', NULL);
INSERT INTO nurses VALUES (10, 'Ines', 1), (11, 'Olu', 1), (12, 'Pia', 2);
UPDATE wards SET head_nurse_id = 11 WHERE id = 1;
SELECT rel_declare('wards', 'head_nurse', 'nurses');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('wards', 'head_nurse', 'nurses', kind => 'many_to_one');
SELECT rel_declare('wards', 'nurses', 'nurses', kind => 'one_to_many');
SELECT rel_declare('nurses', 'ward', 'wards', kind => 'many_to_one');
SELECT rel_declare('nurses', 'headed_wards', 'wards', kind => 'one_to_many');
SELECT source, name, kind, source_columns, target_columns FROM decls
 WHERE source IN ('wards'::regclass, 'nurses'::regclass) ORDER BY source::text, name;
SELECT rel_navigate('wards', 1, 'head_nurse');
SELECT rel_navigate('wards', 1, 'nurses');
SELECT rel_navigate('nurses', 11, 'headed_wards');
SELECT rel_navigate('nurses', 12, 'ward');

------------------------------------------------------------------------
-- Names
------------------------------------------------------------------------
-- already declared on that table: 42710
SELECT rel_declare('users', 'kins', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- equal to a column of the source: 42710
SELECT rel_declare('users', 'full_name', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('appointments', 'user_id', 'users');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the same name on another table is fine ('user' on appointments, kins, profiles)
SELECT source, name FROM decls WHERE name = 'user' ORDER BY source::text;
-- not empty, not longer than an identifier
SELECT rel_declare('users', '', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', repeat('k', 64), 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', repeat('k', 63), 'kins');
SELECT length(name) FROM decls WHERE name LIKE 'kkk%';
SELECT rel_drop('users', repeat('k', 63));
-- source, name and target are required
SELECT rel_declare(NULL, 'x', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', NULL, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'x', NULL);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- tables only
SELECT rel_declare('users_id_seq', 'x', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'x', 'no_such_table');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- order_by is validated at declaration and shown normalized
------------------------------------------------------------------------
SELECT rel_declare('users', 'kins_by_name', 'kins', order_by => 'full_name DESC, id');
SELECT rel_declare('users', 'kins_by_phone', 'kins',
                   order_by => '  phone  desc  nulls  last ,Relationship asc,"id"');
SELECT rel_declare('users', 'kins_nulls_first', 'kins', order_by => 'phone NULLS FIRST');
SELECT name, order_by FROM decls WHERE name LIKE 'kins\_%' ORDER BY name;
-- an unknown column: 42703
SELECT rel_declare('users', 'kins_bad', 'kins', order_by => 'no_such_column');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a column of the source, not of the target: 42703
SELECT rel_declare('users', 'kins_bad', 'kins', order_by => 'emergency_kin_id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- quoted names keep their case: 42703
SELECT rel_declare('users', 'kins_bad', 'kins', order_by => '"Full_Name"');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- malformed: 42601
SELECT rel_declare('users', 'kins_bad', 'kins', order_by => 'full_name DESCENDING');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'kins_bad', 'kins', order_by => 'full_name,');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'kins_bad', 'kins', order_by => '');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'kins_bad', 'kins', order_by => 'full_name NULLS');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'kins_bad', 'kins', order_by => 'full_name; DROP TABLE kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- an expression is not a column list: malformed, whatever its names
SELECT rel_declare('users', 'kins_bad', 'kins', order_by => 'lower(full_name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'kins_bad', 'kins', order_by => '"full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT count(*) AS kins_bad FROM decls WHERE name = 'kins_bad';

------------------------------------------------------------------------
-- rel_drop
------------------------------------------------------------------------
SELECT rel_drop('users', 'kin_list');
SELECT count(*) FROM decls WHERE name = 'kin_list';
SELECT rel_navigate('users', 1, 'kin_list');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- dropping what is not there: 42704 with the declared names as a HINT
SELECT rel_drop('users', 'kin_list');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_drop('specialities', 'no_such');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_drop('user_speciality', 'no_such');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- if_exists: a NOTICE instead
SELECT rel_drop('users', 'kin_list', if_exists => true);
SELECT rel_drop('users', 'kin_list', true);
-- the name is free again
SELECT rel_declare('users', 'kin_list', 'kins', order_by => 'full_name');
SELECT rel_navigate('users', 2, 'kin_list');
-- a name is exact: no folding when dropping
SELECT rel_drop('users', 'KIN_LIST');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- dropping leaves the other declarations alone
SELECT rel_drop('users', 'kin_list');
SELECT count(*) FROM decls;
SELECT rel_declare('users', 'kin_list', 'kins', order_by => 'full_name');

------------------------------------------------------------------------
-- Declarations are transactional
------------------------------------------------------------------------
BEGIN;
SELECT rel_declare('users', 'tx_kins', 'kins', order_by => 'id DESC');
-- visible in the same transaction, in the view and to navigation
SELECT name, kind, order_by FROM decls WHERE name = 'tx_kins';
SELECT rel_navigate('users', 2, 'tx_kins');
ROLLBACK;
SELECT count(*) FROM decls WHERE name = 'tx_kins';
SELECT rel_navigate('users', 2, 'tx_kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- a plan used earlier in the transaction follows a redeclaration in it,
-- and the rollback restores the old one
BEGIN;
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 2, 'kin_list') v;
SELECT rel_drop('users', 'kin_list');
SELECT rel_declare('users', 'kin_list', 'kins', order_by => 'full_name DESC');
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 2, 'kin_list') v;
SELECT rel_drop('users', 'kin_list');
SELECT rel_declare('users', 'kin_list', 'appointments', foreign_key => 'appointments_user_id_fkey');
SELECT * FROM rel_navigate('users', 2, 'kin_list');
ROLLBACK;
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 2, 'kin_list') v;

-- a rolled-back drop leaves the declaration working
BEGIN;
SELECT rel_drop('users', 'kins');
SELECT rel_navigate('users', 2, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
ROLLBACK;
SELECT rel_count('users', 2, 'kins');

-- savepoints
BEGIN;
SELECT rel_declare('users', 'sp_kins', 'kins');
SAVEPOINT a;
SELECT rel_drop('users', 'sp_kins');
SELECT rel_declare('users', 'sp_kins', 'kins', order_by => 'id DESC');
SELECT rel_navigate('users', 2, 'sp_kins');
ROLLBACK TO SAVEPOINT a;
SELECT rel_navigate('users', 2, 'sp_kins');
SELECT name, order_by FROM decls WHERE name = 'sp_kins';
COMMIT;
SELECT name, order_by FROM decls WHERE name = 'sp_kins';

-- a failed declaration inside a transaction aborts it like any error
BEGIN;
SELECT rel_declare('users', 'tx2', 'kins');
SELECT rel_declare('users', 'tx2', 'kins');
ROLLBACK;
SELECT count(*) FROM decls WHERE name = 'tx2';

SET client_min_messages = warning;
DROP SCHEMA declare CASCADE;
RESET client_min_messages;
RESET search_path;
