-- back_populates: validated in either declaration order; exact inverses
-- only; a mirror without back_populates; dropping one side.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA back_populates;
SET search_path = back_populates, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all
ALTER TABLE appointments ADD COLUMN doctor_id integer REFERENCES users (id);
UPDATE appointments SET doctor_id = 3 - id % 2;

CREATE VIEW pairs AS
SELECT r.source, r.name, r.target, r.kind, r.back_populates
  FROM rel_relationships r JOIN pg_class c ON c.oid = r.source
 WHERE c.relnamespace = 'back_populates'::regnamespace;

-- Prints the SQLSTATE of a statement expected to fail, whatever its message.
CREATE FUNCTION try(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN 'SQLSTATE ' || SQLSTATE;
END $$;

------------------------------------------------------------------------
-- Either order
------------------------------------------------------------------------
-- collection first; its mirror does not exist yet, which is fine
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
-- scalar first
SELECT rel_declare('appointments', 'user', 'users',
                   foreign_key => 'appointments_user_id_fkey', back_populates => 'appointments');
SELECT rel_declare('users', 'appointments', 'appointments',
                   foreign_key => 'appointments_user_id_fkey', back_populates => 'user');
-- one_to_one with many_to_one
SELECT rel_declare('profiles', 'user', 'users', uselist => false, back_populates => 'profile');
SELECT rel_declare('users', 'profile', 'profiles', back_populates => 'user');
-- many_to_many through the same secondary
SELECT rel_declare('specialities', 'users', 'users', secondary => 'user_speciality',
                   back_populates => 'specialities');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality',
                   back_populates => 'users');
SELECT * FROM pairs ORDER BY source::text, name;
-- both sides navigate
SELECT rel_count('users', 1, 'kins'), rel_count('kins', 1, 'user'),
       rel_count('users', 1, 'appointments'), rel_count('appointments', 1, 'user'),
       rel_count('users', 1, 'profile'), rel_count('profiles', 1, 'user'),
       rel_count('users', 1, 'specialities'), rel_count('specialities', 1, 'users');
SELECT rel_count('users', 1, 'kins.user.kins.user.specialities.users.profile');

------------------------------------------------------------------------
-- Mirrors that are not exact inverses
------------------------------------------------------------------------
-- the same names, but another foreign key (doctor_id instead of user_id)
SELECT rel_declare('users', 'doctor_appointments', 'appointments',
                   foreign_key => 'appointments_doctor_id_fkey', back_populates => 'doctor');
SELECT rel_declare('appointments', 'doctor', 'users',
                   foreign_key => 'appointments_user_id_fkey', back_populates => 'doctor_appointments');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the right key makes them a pair
SELECT rel_declare('appointments', 'doctor', 'users',
                   foreign_key => 'appointments_doctor_id_fkey', back_populates => 'doctor_appointments');
-- the mirror names another relationship
SELECT rel_declare('kins', 'owner', 'users', back_populates => 'appointments');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a declaration that back_populates names must name it back
SELECT rel_declare('users', 'kins_again', 'kins', back_populates => 'user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the mirror is on the target, and must lead back to the source
SELECT rel_declare('users', 'owned', 'appointments', foreign_key => 'appointments_user_id_fkey',
                   back_populates => 'owner');
SELECT rel_declare('kins', 'owner', 'users', back_populates => 'owned');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- two collections are not inverses
CREATE TABLE tags (id int PRIMARY KEY, label text);
CREATE TABLE user_tags (user_id int REFERENCES users, tag_id int REFERENCES tags, PRIMARY KEY (user_id, tag_id));
CREATE TABLE tag_users (tag_id int REFERENCES tags, user_id int REFERENCES users, PRIMARY KEY (tag_id, user_id));
SELECT rel_declare('users', 'tags', 'tags', secondary => 'user_tags', back_populates => 'users');
-- another secondary
SELECT rel_declare('tags', 'users', 'users', secondary => 'tag_users', back_populates => 'tags');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the same secondary
SELECT rel_declare('tags', 'users', 'users', secondary => 'user_tags', back_populates => 'tags');
-- a one_to_many is not the inverse of a one_to_many
CREATE TABLE parents (id int PRIMARY KEY, child_id int);
CREATE TABLE children (id int PRIMARY KEY, parent_id int);
SELECT rel_declare('parents', 'children', 'children', kind => 'one_to_many', back_populates => 'parents',
                   source_columns => '{id}', target_columns => '{parent_id}');
SELECT rel_declare('children', 'parents', 'parents', kind => 'one_to_many', back_populates => 'children',
                   source_columns => '{parent_id}', target_columns => '{id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('children', 'parents', 'parents', back_populates => 'children',
                   source_columns => '{parent_id}', target_columns => '{id}');
SELECT name, kind, back_populates FROM pairs
 WHERE source IN ('parents'::regclass, 'children'::regclass) ORDER BY name;
-- composite explicit columns: the same pairs in another order are the same join
CREATE TABLE shelves (room text, shelf int, PRIMARY KEY (room, shelf));
CREATE TABLE books (id int PRIMARY KEY, at_room text, at_shelf int);
SELECT rel_declare('books', 'shelf', 'shelves', back_populates => 'books',
                   source_columns => '{at_room,at_shelf}', target_columns => '{room,shelf}');
SELECT rel_declare('shelves', 'books', 'books', back_populates => 'shelf',
                   source_columns => '{shelf,room}', target_columns => '{at_shelf,at_room}');
-- a relationship is not its own inverse
SELECT try($$SELECT rel_declare('users', 'self', 'users', kind => 'one_to_many', back_populates => 'self',
                                source_columns => '{id}', target_columns => '{id}')$$);
SELECT count(*) AS self_declared FROM pairs WHERE name = 'self';

------------------------------------------------------------------------
-- A mirror declared without back_populates
------------------------------------------------------------------------
CREATE TABLE notes (id int PRIMARY KEY, user_id int REFERENCES users, body text);
INSERT INTO notes VALUES (1, 1, 'a'), (2, 1, 'b');
SELECT rel_declare('users', 'notes', 'notes');
-- naming it is an error until it is redeclared
SELECT rel_declare('notes', 'user', 'users', back_populates => 'notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_drop('users', 'notes');
SELECT rel_declare('users', 'notes', 'notes', back_populates => 'user');
SELECT rel_declare('notes', 'user', 'users', back_populates => 'notes');
SELECT name, back_populates FROM pairs WHERE target = 'notes'::regclass OR source = 'notes'::regclass
 ORDER BY name;
-- a new declaration without back_populates may not be named by an existing one
SELECT rel_drop('notes', 'user');
SELECT rel_declare('notes', 'user', 'users');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Dropping one side
------------------------------------------------------------------------
SELECT rel_drop('kins', 'user');
-- the other side keeps working, and keeps its back_populates
SELECT v->>'id' AS id FROM rel_navigate('users', 2, 'kins') v;
SELECT name, back_populates FROM pairs WHERE source = 'users'::regclass AND name = 'kins';
-- the name can be declared again as the mirror ...
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT v->>'full_name' AS full_name FROM rel_navigate('kins', 4, 'user') v;
-- ... but only as an exact one
SELECT rel_drop('kins', 'user');
ALTER TABLE kins ADD COLUMN owner_id int REFERENCES users;
SELECT rel_declare('kins', 'user', 'users', foreign_key => 'kins_owner_id_fkey', back_populates => 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('kins', 'user', 'users', foreign_key => 'kins_user_id_fkey', back_populates => 'kins');
-- dropping the collection side leaves the scalar side working
SELECT rel_drop('users', 'kins');
SELECT * FROM rel_navigate('kins', 6, 'user');
SELECT name, back_populates FROM pairs WHERE source = 'kins'::regclass;
-- back_populates must be a valid name
SELECT rel_declare('users', 'kins', 'kins', back_populates => '');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'kins', 'kins', back_populates => repeat('u', 64));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- and the pair forms again
SELECT rel_declare('users', 'kins', 'kins', foreign_key => 'kins_user_id_fkey', back_populates => 'user');
SELECT source, name, back_populates FROM pairs
 WHERE (source = 'users'::regclass AND name = 'kins') OR (source = 'kins'::regclass AND name = 'user')
 ORDER BY source::text;

SET client_min_messages = warning;
DROP SCHEMA back_populates CASCADE;
RESET client_min_messages;
RESET search_path;
