-- declare_messages: the declaration messages a newcomer met (issue 14).
-- Forgetting secondary names the junction to pass; a mistyped foreign_key
-- lists the real constraints; a contradiction names the relationship; a
-- one_to_one over columns that are not unique is accepted with a NOTICE;
-- order_by on a relationship that reaches at most one row is an error; the
-- event triggers name tables alike.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA declare_messages;
SET search_path = declare_messages, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all

------------------------------------------------------------------------
-- forgetting secondary
------------------------------------------------------------------------
-- users and specialities: no foreign key between them, one junction
SELECT rel_declare('users', 'specialities', 'specialities');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a second junction, with an awkward name in another schema
CREATE SCHEMA "Other Schema";
CREATE TABLE "Other Schema"."Mentor's Specialities" (
    mentor_id     int REFERENCES users,
    speciality_id int REFERENCES specialities
);
SELECT rel_declare('specialities', 'users', 'users');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
DROP TABLE "Other Schema"."Mentor's Specialities";
-- an awkward junction alone: its literal is quoted and qualified
CREATE TABLE mentors (id int PRIMARY KEY, name text);
CREATE TABLE "Other Schema"."Mentor's Specialities" (
    mentor_id     int REFERENCES mentors,
    speciality_id int REFERENCES specialities
);
INSERT INTO mentors VALUES (1, 'Ines');
INSERT INTO "Other Schema"."Mentor's Specialities" VALUES (1, 2);
SELECT rel_declare('mentors', 'specialities', 'specialities');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the hint works as given
SELECT rel_declare('mentors', 'specialities', 'specialities',
                   secondary => '"Other Schema"."Mentor''s Specialities"');
SELECT v->>'name' AS speciality FROM rel_navigate('mentors', 1, 'specialities') v;
-- a table with two keys to one table: the junction of a self-reference
CREATE TABLE referrals (from_id int REFERENCES users, to_id int REFERENCES users);
SELECT rel_declare('users', 'referred', 'users');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
CREATE TABLE plain_a (id int PRIMARY KEY);
CREATE TABLE plain_b (id int PRIMARY KEY);
-- a table referencing one of them only is no junction: the old advice
CREATE TABLE plain_c (a_id int REFERENCES plain_a);
SELECT rel_declare('plain_a', 'bs', 'plain_b');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- a mistyped foreign_key lists the real ones
------------------------------------------------------------------------
ALTER TABLE appointments ADD doctor_id int REFERENCES users;
SELECT rel_declare('appointments', 'doctor', 'users', foreign_key => 'appointments_doctor_fkey');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'patients_seen', 'appointments', foreign_key => 'doctor_fkey');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- through a secondary table: the keys to either side
SELECT rel_declare('users', 'specs', 'specialities', secondary => 'user_speciality',
                   foreign_key => 'user_speciality_user_fkey');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- contradictions name the relationship
------------------------------------------------------------------------
SELECT rel_declare('users', 'kin', 'kins', kind => 'one_to_one', uselist => true);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- uselist => false over columns that are not unique: a NOTICE, accepted
------------------------------------------------------------------------
SELECT rel_declare('users', 'kin', 'kins', uselist => false);
SELECT kind, uselist FROM rel_relationships WHERE source = 'users'::regclass AND name = 'kin';
-- what the NOTICE says happens
SELECT * FROM rel_navigate('users', 1, 'kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 3, 'kin') v;
-- over unique columns: no NOTICE
SELECT rel_declare('users', 'profile', 'profiles', uselist => false);
-- explicit columns and kind => 'one_to_one': the same NOTICE, two columns
CREATE TABLE pairs (a int, b int, note text);
CREATE TABLE pair_notes (a int, b int, body text, PRIMARY KEY (a, b));
SELECT rel_declare('pair_notes', 'pair', 'pairs', source_columns => '{a,b}',
                   target_columns => '{a,b}', kind => 'one_to_one');

------------------------------------------------------------------------
-- order_by orders collections only
------------------------------------------------------------------------
SELECT rel_declare('kins', 'user', 'users', order_by => 'full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'only_kin', 'kins', uselist => false, order_by => 'full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'one_profile', 'profiles', order_by => 'bio');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a collection: fine
SELECT rel_declare('users', 'kins', 'kins', order_by => 'full_name');

------------------------------------------------------------------------
-- event trigger NOTICEs: tables named as everywhere else, qualified only
-- when not visible, dropped or not
------------------------------------------------------------------------
CREATE TABLE "Other Schema".visits (id int PRIMARY KEY, user_id int REFERENCES users,
                                    room text);
SELECT rel_declare('users', 'visits', '"Other Schema".visits', order_by => 'room');
SELECT rel_declare('"Other Schema".visits', 'user', 'users');
ALTER TABLE "Other Schema".visits DROP COLUMN room;
ALTER TABLE kins RENAME TO relatives;
ALTER TABLE relatives DROP COLUMN user_id;
DROP TABLE "Other Schema".visits;

SET client_min_messages = warning;
DROP SCHEMA declare_messages, "Other Schema" CASCADE;
RESET client_min_messages;
RESET search_path;
