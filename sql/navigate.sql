-- rel_navigate and rel_count: results per kind, multi-hop sets, order,
-- max_rows, NULL arguments, scalar hops that find several rows.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA navigate;
SET search_path = navigate, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'user');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'profile', 'profiles', back_populates => 'user');
SELECT rel_declare('profiles', 'user', 'users', back_populates => 'profile', uselist => false);
SELECT rel_declare('users', 'specialities', 'specialities',
                   secondary => 'user_speciality', back_populates => 'users');
SELECT rel_declare('specialities', 'users', 'users',
                   secondary => 'user_speciality', back_populates => 'specialities');
SELECT rel_declare('users', 'kins_by_name', 'kins', order_by => 'full_name');
SELECT rel_declare('specialities', 'users_by_name', 'users',
                   secondary => 'user_speciality', order_by => 'full_name DESC');
-- scalar by declaration although users have several kins
SELECT rel_declare('users', 'one_kin', 'kins', kind => 'one_to_one');

-- Move rows 1 and 4 to the end of the heap, so that only an ORDER BY gives
-- primary key order.
UPDATE kins SET phone = phone WHERE id IN (1, 4);
UPDATE users SET full_name = full_name WHERE id = 1;
-- an appointment without a user, a kin without a user
INSERT INTO appointments (id, details, user_id) VALUES (11, 'Walk-in', NULL);
INSERT INTO kins (id, full_name, phone, relationship, user_id)
     VALUES (9, 'Zoe Nobody', NULL, 'friend', NULL);

------------------------------------------------------------------------
-- Rows are jsonb built like to_jsonb(row), one per target row
------------------------------------------------------------------------
SELECT * FROM rel_navigate('users', 1, 'kins');
SELECT count(*) AS differences FROM (
    (SELECT rel_navigate('users', u.id, 'kins') FROM users u
     EXCEPT ALL SELECT to_jsonb(k) FROM kins k WHERE k.user_id IS NOT NULL)
    UNION ALL
    (SELECT to_jsonb(k) FROM kins k WHERE k.user_id IS NOT NULL
     EXCEPT ALL SELECT rel_navigate('users', u.id, 'kins') FROM users u)) d;
-- one_to_many, many_to_one, one_to_one, many_to_many
SELECT * FROM rel_navigate('users', 2, 'appointments');
SELECT * FROM rel_navigate('appointments', 6, 'user');
SELECT * FROM rel_navigate('users', 2, 'profile');
SELECT * FROM rel_navigate('profiles', 2, 'user');
SELECT * FROM rel_navigate('users', 3, 'specialities');
SELECT * FROM rel_navigate('specialities', 1, 'users');
-- the column list of a row with many types is to_jsonb's
CREATE TABLE samples (id int PRIMARY KEY, user_id int REFERENCES users,
                      n numeric, b boolean, d date, j jsonb, a text[], "Mixed Col" text);
INSERT INTO samples VALUES (1, 1, 1.50, true, '2024-02-29', '{"x": [1, null]}', '{a,NULL}', 'M'),
                           (2, 1, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT rel_declare('users', 'samples', 'samples');
SELECT s.v, s.v = to_jsonb(t) AS same
  FROM rel_navigate('users', 1, 'samples') AS s(v) JOIN samples t ON t.id = (s.v->>'id')::int
 ORDER BY t.id;

-- a foreign key to a unique column that is not the primary key: the key
-- names the source row, the join uses the referenced column
CREATE TABLE badges (uid int PRIMARY KEY, code int UNIQUE, name text);
CREATE TABLE badge_scans (id int PRIMARY KEY, badge_code int REFERENCES badges (code));
INSERT INTO badges VALUES (1, 2, 'one has code 2'), (2, 1, 'two has code 1');
INSERT INTO badge_scans VALUES (10, 2), (11, 1), (12, 2);
SELECT rel_declare('badges', 'scans', 'badge_scans');
SELECT rel_declare('badge_scans', 'badge', 'badges');
SELECT * FROM rel_navigate('badges', 1, 'scans');
SELECT * FROM rel_navigate('badge_scans', 11, 'badge');
SELECT rel_count('badges', 2, 'scans');

------------------------------------------------------------------------
-- No rows: a key with no row, nothing to reach, NULL arguments
------------------------------------------------------------------------
SELECT * FROM rel_navigate('users', 4, 'kins');              -- no kin
SELECT * FROM rel_navigate('users', 4, 'profile');           -- no profile
SELECT * FROM rel_navigate('users', 5, 'specialities');      -- no speciality
SELECT * FROM rel_navigate('appointments', 11, 'user');      -- NULL foreign key
SELECT * FROM rel_navigate('users', 999, 'kins');            -- no such user
SELECT * FROM rel_navigate('users', NULL, 'kins');
SELECT * FROM rel_navigate(NULL, 1, 'kins');
SELECT * FROM rel_navigate('users', 1, NULL);
SELECT * FROM rel_navigate('users', NULL::int, NULL);
SELECT rel_count('users', 4, 'kins') AS no_kin,
       rel_count('users', 999, 'kins') AS no_user,
       rel_count('appointments', 11, 'user') AS null_fk,
       rel_count('users', NULL, 'kins') AS null_key,
       rel_count(NULL, 1, 'kins') AS null_source,
       rel_count('users', 1, NULL) AS null_path;
-- the kin without a user is not reached through a NULL key
SELECT rel_count('kins', 9, 'user');
-- a key whose row is gone gives no rows, even where the foreign key does not
-- (yet) guarantee it: a deferred constraint, rows written past the triggers
CREATE TABLE wards (id int PRIMARY KEY);
CREATE TABLE beds (id int PRIMARY KEY, ward_id int REFERENCES wards DEFERRABLE INITIALLY DEFERRED);
INSERT INTO wards VALUES (1), (2);
INSERT INTO beds VALUES (10, 1), (11, 1), (20, 2);
SELECT rel_declare('wards', 'beds', 'beds');
SELECT rel_declare('beds', 'ward', 'wards');
BEGIN;
DELETE FROM wards WHERE id = 1;
SELECT * FROM rel_navigate('wards', 1, 'beds');
SELECT rel_count('wards', 1, 'beds'), rel_count('beds', 10, 'ward'), rel_count('wards', 2, 'beds');
ROLLBACK;
SET session_replication_role = replica;
INSERT INTO beds VALUES (99, 7);
INSERT INTO kins (id, full_name, user_id) VALUES (77, 'Orphan', 77);
RESET session_replication_role;
SELECT * FROM rel_navigate('users', 77, 'kins');
SELECT rel_count('users', 77, 'kins'), rel_count('kins', 77, 'user');
DELETE FROM kins WHERE id = 77;
SELECT * FROM rel_navigate('wards', 7, 'beds');
SELECT rel_count('wards', 7, 'beds'), rel_count('beds', 99, 'ward');
SELECT count(*) FROM rel_rows(NULL::beds, 'wards', 7, 'beds');
-- a NULL path is not checked (no rows, not an error)
SELECT count(*) FROM rel_navigate('users', 1, NULL, order_by => 'no_such_column');

------------------------------------------------------------------------
-- rel_count
------------------------------------------------------------------------
SELECT u.id,
       rel_count('users', u.id, 'kins') AS kins,
       (SELECT count(*) FROM kins k WHERE k.user_id = u.id) AS expected_kins,
       rel_count('users', u.id, 'appointments') AS appointments,
       rel_count('users', u.id, 'profile') AS profile,
       rel_count('users', u.id, 'specialities') AS specialities
  FROM users u ORDER BY u.id;
-- one call site, a different path on every row
SELECT p, rel_count('users', 1, p)
  FROM unnest(ARRAY['kins', 'appointments', 'specialities', 'profile', 'kins']) WITH ORDINALITY AS x(p, i)
 ORDER BY i;
-- the count sees rows added since the last call
INSERT INTO kins (id, full_name, user_id) VALUES (10, 'Extra Kin', 4);
SELECT rel_count('users', 4, 'kins');
DELETE FROM kins WHERE id = 10;
SELECT rel_count('users', 4, 'kins');

------------------------------------------------------------------------
-- Order: argument, else declared order_by, else the target's primary key
------------------------------------------------------------------------
-- primary key ascending although the heap holds 2, 3, 1
SELECT v->>'id' AS id, v->>'full_name' AS full_name FROM rel_navigate('users', 1, 'kins') v;
SELECT v->>'id' AS id FROM rel_navigate('specialities', 1, 'users') v;
-- declared order
SELECT v->>'id' AS id, v->>'full_name' AS full_name FROM rel_navigate('users', 1, 'kins_by_name') v;
SELECT v->>'full_name' AS full_name FROM rel_navigate('specialities', 2, 'users_by_name') v;
-- the argument overrides it; NULL means not given
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins_by_name', order_by => 'id') v;
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins_by_name', order_by => NULL) v;
SELECT v->>'id' AS id, v->>'phone' AS phone
  FROM rel_navigate('users', 1, 'kins', order_by => 'phone DESC') v;
SELECT v->>'id' AS id, v->>'phone' AS phone
  FROM rel_navigate('users', 1, 'kins', order_by => 'phone DESC NULLS LAST') v;
SELECT v->>'id' AS id, v->>'phone' AS phone
  FROM rel_navigate('users', 1, 'kins', order_by => 'phone NULLS FIRST, id DESC') v;
SELECT v->>'relationship' AS rel, v->>'id' AS id
  FROM rel_navigate('users', 2, 'kins', order_by => ' Relationship , "id" desc ') v;
-- a multi-hop path uses the last hop's declared order
SELECT v->>'id' AS id FROM rel_navigate('appointments', 1, 'user.kins_by_name') v;
SELECT v->>'id' AS id FROM rel_navigate('kins', 5, 'user.kins') v;
-- the argument is validated like a declared order_by
SELECT * FROM rel_navigate('users', 1, 'kins', order_by => 'no_such_column');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins', order_by => 'full_name DESC DESC');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins', order_by => '');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the order_by names columns of the path's target, not of the source
SELECT * FROM rel_navigate('kins', 1, 'user', order_by => 'relationship');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- max_rows cuts the result after ordering
------------------------------------------------------------------------
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins', max_rows => 0) v;
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins', max_rows => 1) v;
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins', max_rows => 2) v;
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins', max_rows => 100) v;
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins', max_rows => NULL) v;
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins_by_name', max_rows => 2) v;
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins', 'full_name', 2) v;
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins', order_by => 'id DESC', max_rows => 1) v;
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'profile', max_rows => 0) v;
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'profile', max_rows => 5) v;
SELECT v->>'id' AS id FROM rel_navigate('users', 3, 'specialities.users', max_rows => 2) v;
SELECT * FROM rel_navigate('users', 1, 'kins', max_rows => -1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- one call site, a different max_rows on every row
SELECT m, (SELECT count(*) FROM rel_navigate('users', 1, 'kins', max_rows => m))
  FROM unnest(ARRAY[0, 1, NULL, 2, 3, 4]::bigint[]) WITH ORDINALITY AS x(m, i)
 ORDER BY i;

------------------------------------------------------------------------
-- Paths of several hops: each target row once
------------------------------------------------------------------------
SELECT v->>'id' AS id FROM rel_navigate('appointments', 4, 'user.kins') v;
-- three appointments lead to one user, whose three kins come once each
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'appointments.user.kins') v;
SELECT rel_count('users', 1, 'appointments.user.kins');
SELECT id, full_name FROM rel_rows(NULL::kins, 'users', 1, 'appointments.user.kins');
SELECT v->>'id' AS id FROM rel_navigate('kins', 1, 'user.appointments.user.kins') v;
-- users 2 and 3 share Dermatology, 1 and 3 Paediatrics: 1, 2, 3 once each
SELECT v->>'id' AS id FROM rel_navigate('users', 3, 'specialities.users') v;
SELECT rel_count('users', 3, 'specialities.users');
-- three kins lead back to the same user
SELECT * FROM rel_navigate('users', 1, 'kins.user');
SELECT rel_count('users', 1, 'kins.user');
-- users 1, 3 and 4 through their appointments, each once
SELECT rel_count('users', 1, 'specialities.users.appointments.user');
-- scalar all the way: appointment -> user -> profile
SELECT * FROM rel_navigate('appointments', 7, 'user.profile');
SELECT * FROM rel_navigate('appointments', 8, 'user.profile');    -- user 4 has none
SELECT * FROM rel_navigate('appointments', 11, 'user.profile');   -- no user
-- a hop that reaches nothing ends the path
SELECT rel_count('users', 4, 'kins.user');
-- an unknown name anywhere in the path: 42704, naming the table it was looked up on
SELECT * FROM rel_navigate('appointments', 1, 'user.kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('appointments', 1, 'user.kins.users');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- paths are checked even when the key finds no row
SELECT * FROM rel_navigate('users', 999, 'kins.nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 999, 'nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- A scalar hop that finds more than one row: 21000
------------------------------------------------------------------------
SELECT * FROM rel_navigate('users', 3, 'one_kin');      -- one kin: fine
SELECT * FROM rel_navigate('users', 4, 'one_kin');      -- none: fine
SELECT * FROM rel_navigate('users', 1, 'one_kin');      -- three
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'one_kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('appointments', 1, 'user.one_kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the scalar hop in the middle of a path finds three rows too
SELECT * FROM rel_navigate('users', 1, 'one_kin.user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a scalar hop followed, or preceded, by a collection: the same rule, per hop
-- (only the SQLSTATE is shown, whatever the message)
CREATE FUNCTION try(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN 'SQLSTATE ' || SQLSTATE;
END $$;
SELECT try($$SELECT count(*) FROM rel_navigate('users', 1, 'one_kin.user.kins')$$) AS scalar_then_collection,
       try($$SELECT count(*) FROM rel_navigate('users', 1, 'appointments.user.one_kin')$$) AS collection_then_scalar,
       try($$SELECT rel_count('users', 1, 'one_kin.user.kins')$$) AS counted,
       try($$SELECT count(*) FROM rel_rows(NULL::kins, 'users', 1, 'appointments.user.one_kin')$$) AS typed;
-- where each scalar hop finds one row, all is well
SELECT v->>'id' AS id FROM rel_navigate('users', 3, 'one_kin.user.kins') v;
SELECT v->>'id' AS id FROM rel_navigate('users', 3, 'appointments.user.one_kin') v;

-- a path is at most 32 relationships long (every hop is a join to plan)
SELECT count(*) FROM rel_navigate('users', 1, repeat('kins.user.', 15) || 'kins');
SELECT count(*) FROM rel_navigate('users', 1, repeat('kins.user.', 16) || 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT count(*) FROM rel_navigate_many('users', ARRAY[1], repeat('kins.user.', 5000) || 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

SET client_min_messages = warning;
DROP SCHEMA navigate CASCADE;
RESET client_min_messages;
RESET search_path;
