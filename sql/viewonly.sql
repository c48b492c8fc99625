-- viewonly: a relationship declared for reading only (SQLAlchemy's
-- viewonly=True).  It navigates, counts and fetches like any other; rel_link
-- and rel_unlink through it are error 42809 and write nothing.  Each side
-- of a back_populates pair has its own flag: the mirror of a read-only
-- relationship may link (and the other way round).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA viewonly;
SET search_path = viewonly, public;
\set VERBOSITY default
-- the generated SQL is not part of the interface: keep it out of errors
\set SHOW_CONTEXT never
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user', viewonly => true);
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality',
                   viewonly => true);
SELECT rel_declare('appointments', 'user', 'users', viewonly => true);
SELECT rel_declare('users', 'appointments', 'appointments');
-- viewonly => NULL is the default, false
SELECT rel_declare('users', 'profile', 'profiles', viewonly => NULL);
SELECT source, name, kind, back_populates, viewonly FROM rel_relationships
 WHERE source::text NOT LIKE '%.%' ORDER BY source::text, name;

-- reading works
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 1, 'kins') v ORDER BY 1;
SELECT rel_count('users', 1, 'specialities');
SELECT rel_fetch('appointments', 4, 'details, user(full_name, kins(full_name))');

-- links through a read-only relationship are refused, of every kind
SELECT rel_link('users', 4, 'kins', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink('users', 1, 'kins', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('users', 5, 'specialities', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink('users', 1, 'specialities', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('appointments', 1, 'user', 2);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- keys given as text: the same
SELECT rel_link('users', '4'::text, 'kins', '1'::text);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- nothing was written
SELECT id, user_id FROM kins WHERE id = 1;
SELECT count(*) FROM user_speciality WHERE user_id IN (1, 5);
SELECT id, user_id FROM appointments WHERE id = 1;

-- the writable mirror links the same rows
SELECT rel_link('kins', 1, 'user', 4);
SELECT id, user_id FROM kins WHERE id = 1;
SELECT rel_link('kins', 1, 'user', 1);
-- and a writable relationship whose mirror is read-only
SELECT rel_link('users', 2, 'appointments', 1);
SELECT id, user_id FROM appointments WHERE id = 1;
SELECT rel_link('users', 1, 'appointments', 1);

-- redeclared without viewonly, in this session after the refusals: links
SELECT rel_drop('users', 'specialities');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
SELECT rel_link('users', 5, 'specialities', 1);
SELECT count(*) FROM user_speciality WHERE user_id = 5;
-- and read-only again: refused again
SELECT rel_drop('users', 'specialities');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality',
                   viewonly => true);
SELECT rel_unlink('users', 5, 'specialities', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- rel_reflect declares writable relationships
CREATE SCHEMA viewonly_reflect;
CREATE TABLE viewonly_reflect.parents (id int PRIMARY KEY);
CREATE TABLE viewonly_reflect.children (id int PRIMARY KEY,
                                        parent_id int REFERENCES viewonly_reflect.parents);
SELECT rel_reflect('viewonly_reflect');
SELECT source, name, viewonly FROM rel_relationships
 WHERE source::text LIKE 'viewonly_reflect.%' ORDER BY source::text, name;

SET client_min_messages = warning;
DROP SCHEMA viewonly, viewonly_reflect CASCADE;
RESET client_min_messages;
RESET search_path;
