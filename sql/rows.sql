-- rel_rows: typed rows of the path's target, usable in ordinary SQL.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA rows;
SET search_path = rows, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments');
SELECT rel_declare('appointments', 'user', 'users');
SELECT rel_declare('users', 'profile', 'profiles');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
SELECT rel_declare('specialities', 'users', 'users', secondary => 'user_speciality');
SELECT rel_declare('users', 'kins_by_name', 'kins', order_by => 'full_name');
SELECT rel_declare('users', 'one_kin', 'kins', kind => 'one_to_one');
UPDATE kins SET phone = phone WHERE id = 1;    -- heap order is no longer key order

-- typed rows, every column, in the relationship's order
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'kins');
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'kins_by_name');
SELECT * FROM rel_rows(NULL::users, 'appointments', 4, 'user');
SELECT * FROM rel_rows(NULL::profiles, 'users', 3, 'profile');
SELECT * FROM rel_rows(NULL::specialities, 'users', 1, 'specialities');
SELECT * FROM rel_rows(NULL::users, 'users', 3, 'specialities.users');
SELECT * FROM rel_rows(NULL::users, 'users', 1, 'kins.user');
-- the result's type is the table's row type
SELECT pg_typeof(r) FROM rel_rows(NULL::kins, 'users', 2, 'kins') r ORDER BY r.id;
SELECT r.id, r.full_name, r = k AS same_row
  FROM rel_rows(NULL::kins, 'users', 2, 'kins') r JOIN kins k ON k.id = r.id ORDER BY r.id;

-- order_by and max_rows
SELECT id FROM rel_rows(NULL::kins, 'users', 1, 'kins', order_by => 'id DESC');
SELECT id FROM rel_rows(NULL::kins, 'users', 1, 'kins_by_name', max_rows => 2);
SELECT id FROM rel_rows(NULL::kins, 'users', 1, 'kins', 'relationship DESC', 1);
SELECT id FROM rel_rows(NULL::kins, 'users', 1, 'kins', max_rows => 0);
SELECT id FROM rel_rows(NULL::kins, 'users', 1, 'kins', order_by => NULL, max_rows => NULL);
SELECT id FROM rel_rows(NULL::kins, 'users', 1, 'kins', max_rows => -1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT id FROM rel_rows(NULL::kins, 'users', 1, 'kins', order_by => 'nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Ordinary SQL over the rows
------------------------------------------------------------------------
-- filter
SELECT k.full_name FROM rel_rows(NULL::kins, 'users', 1, 'kins') k
 WHERE k.relationship <> 'spouse' ORDER BY k.full_name;
-- join
SELECT k.full_name AS kin, u.full_name AS of_user
  FROM rel_rows(NULL::kins, 'users', 2, 'kins') k JOIN users u ON u.id = k.user_id
 ORDER BY k.id;
-- aggregate
SELECT count(*), string_agg(k.full_name, ', ' ORDER BY k.full_name), max(k.id)
  FROM rel_rows(NULL::kins, 'users', 1, 'kins') k;
-- one call per row of another table (LATERAL), and a correlated subquery
SELECT u.id, k.id AS kin_id, k.relationship
  FROM users u CROSS JOIN LATERAL rel_rows(NULL::kins, 'users', u.id, 'kins') k
 ORDER BY u.id, k.id;
SELECT u.id, (SELECT count(*) FROM rel_rows(NULL::specialities, 'users', u.id, 'specialities')) AS n,
       (SELECT string_agg(s.name, ',' ORDER BY s.name)
          FROM rel_rows(NULL::specialities, 'users', u.id, 'specialities') s) AS names
  FROM users u ORDER BY u.id;
-- users without kin (anti-join), users with a speciality in common with user 3
SELECT u.id FROM users u
 WHERE NOT EXISTS (SELECT 1 FROM rel_rows(NULL::kins, 'users', u.id, 'kins'))
 ORDER BY u.id;
SELECT u.id, u.full_name FROM rel_rows(NULL::users, 'users', 3, 'specialities.users') u
 WHERE u.id <> 3 ORDER BY u.id;
-- rows can be written elsewhere
CREATE TABLE kin_archive (LIKE kins);
INSERT INTO kin_archive SELECT * FROM rel_rows(NULL::kins, 'users', 5, 'kins');
SELECT * FROM kin_archive ORDER BY id;
-- the row type of a table with a dropped column
CREATE TABLE notes (id int PRIMARY KEY, gone text, user_id int REFERENCES users, body text);
INSERT INTO notes VALUES (1, 'x', 1, 'first'), (2, 'y', 1, 'second'), (3, 'z', 2, 'third');
ALTER TABLE notes DROP COLUMN gone;
SELECT rel_declare('users', 'notes', 'notes');
SELECT * FROM rel_rows(NULL::notes, 'users', 1, 'notes');
SELECT n.body FROM rel_rows(NULL::notes, 'users', 1, 'notes') n WHERE n.id = 2;

------------------------------------------------------------------------
-- No rows, and errors
------------------------------------------------------------------------
SELECT * FROM rel_rows(NULL::kins, 'users', 4, 'kins');
SELECT * FROM rel_rows(NULL::kins, 'users', 999, 'kins');
SELECT * FROM rel_rows(NULL::kins, 'users', NULL, 'kins');
SELECT * FROM rel_rows(NULL::kins, NULL, 1, 'kins');
SELECT * FROM rel_rows(NULL::kins, 'users', 1, NULL);
SELECT count(*) FROM rel_rows(NULL::kins, 'users', NULL::int, 'kins') k WHERE k.id > 0;
-- the type must be the path's target row type
SELECT * FROM rel_rows(NULL::users, 'users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'kins.user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::int, 'users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
CREATE TYPE kin_like AS (id int, full_name text, phone text, relationship text, user_id int);
SELECT * FROM rel_rows(NULL::kin_like, 'users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- checked even when the key finds no row
SELECT * FROM rel_rows(NULL::users, 'users', 999, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- unknown relationship
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a scalar hop with several rows
SELECT * FROM rel_rows(NULL::kins, 'users', 3, 'one_kin');
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'one_kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

SET client_min_messages = warning;
DROP SCHEMA rows CASCADE;
RESET client_min_messages;
RESET search_path;
