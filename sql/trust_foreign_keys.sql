-- trust_foreign_keys: with relnav.trust_foreign_keys on, a navigation that
-- starts along a validated, non-deferrable foreign key does not check that
-- its source row exists (the key guarantees it), so it costs what the
-- hand-written query on the target costs.  Off (the default), a key without
-- a row reaches nothing even when rows were written with the key's triggers
-- off.  The privileges of the source table stay checked either way.  This
-- file sets relnav.inline itself, so its output is the same in both passes
-- of the suite.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA trust;
SET search_path = trust, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all
ANALYZE;
\o /dev/null
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
SELECT rel_declare('users', 'appointments', 'appointments');
\o
SET relnav.inline = on;
SHOW relnav.trust_foreign_keys;

------------------------------------------------------------------------
-- Off: the source row is read; on: the plan is the target's alone
------------------------------------------------------------------------
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate('users', 1, 'kins');
SET relnav.trust_foreign_keys = on;
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate('users', 1, 'kins');
-- through a secondary table, and on along a path
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate('users', 1, 'specialities');
EXPLAIN (COSTS OFF) SELECT rel_count('users', 1, 'kins.user');
-- for many keys at once
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate_many('users', ARRAY[2, 1], 'kins');

-- the answers do not change while the foreign key holds
CREATE TEMP TABLE answers AS
SELECT k, rel_count('users', k, 'kins') AS kins,
       rel_count('users', k, 'specialities') AS specialities,
       rel_count('users', k, 'kins.user') AS back,
       (SELECT array_agg(v->>'id') FROM rel_navigate('users', k, 'appointments') v) AS appointments
  FROM generate_series(0, 6) k;
SET relnav.trust_foreign_keys = off;
SELECT k, rel_count('users', k, 'kins') AS kins,
       rel_count('users', k, 'specialities') AS specialities,
       rel_count('users', k, 'kins.user') AS back,
       (SELECT array_agg(v->>'id') FROM rel_navigate('users', k, 'appointments') v) AS appointments
  FROM generate_series(0, 6) k
EXCEPT SELECT * FROM answers;
SELECT count(*) AS keys FROM answers;
SET relnav.trust_foreign_keys = on;
SELECT source_key, target->>'id' AS kin
  FROM rel_navigate_many('users', ARRAY[2, 99, 1, NULL], 'kins');

------------------------------------------------------------------------
-- A row written while the key was not enforced: reached from a key that
-- has no row when trusted, by an expanded call and by a call alike; not
-- reached otherwise
------------------------------------------------------------------------
SET session_replication_role = replica;
INSERT INTO kins (id, full_name, user_id) VALUES (77, 'Orphan', 77);
RESET session_replication_role;
SELECT v->>'full_name' AS trusted FROM rel_navigate('users', 77, 'kins') v;
SET relnav.inline = off;
SELECT v->>'full_name' AS trusted_call FROM rel_navigate('users', 77, 'kins') v;
SET relnav.trust_foreign_keys = off;
SELECT count(*) AS checked_call FROM rel_navigate('users', 77, 'kins');
SET relnav.inline = on;
SELECT count(*) AS checked FROM rel_navigate('users', 77, 'kins');
DELETE FROM kins WHERE id = 77;
SET relnav.trust_foreign_keys = on;

------------------------------------------------------------------------
-- Keys that do not guarantee the row: the check stays
------------------------------------------------------------------------
-- a deferrable key may be deferred: inside this transaction it is
CREATE TABLE wards (id int PRIMARY KEY);
CREATE TABLE beds (id int PRIMARY KEY, ward_id int REFERENCES wards DEFERRABLE INITIALLY DEFERRED);
INSERT INTO wards VALUES (1), (2);
INSERT INTO beds VALUES (10, 1), (11, 1), (20, 2);
SELECT rel_declare('wards', 'beds', 'beds');
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate('wards', 1, 'beds');
BEGIN;
DELETE FROM wards WHERE id = 1;
SELECT rel_count('wards', 1, 'beds') AS deferred, rel_count('wards', 2, 'beds') AS kept;
ROLLBACK;
-- a key not validated may have rows without their row; validated, it is trusted
CREATE TABLE rooms (id int PRIMARY KEY, ward_id int);
INSERT INTO rooms VALUES (1, 1), (2, 3);
ALTER TABLE rooms ADD CONSTRAINT rooms_ward FOREIGN KEY (ward_id) REFERENCES wards NOT VALID;
SELECT rel_declare('wards', 'rooms', 'rooms');
SELECT rel_count('wards', 3, 'rooms') AS not_valid;
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate('wards', 3, 'rooms');
DELETE FROM rooms WHERE id = 2;
ALTER TABLE rooms VALIDATE CONSTRAINT rooms_ward;
EXPLAIN (COSTS OFF) SELECT * FROM rel_navigate('wards', 3, 'rooms');
-- no foreign key at all
CREATE TABLE cots (id int PRIMARY KEY, ward_id int);
INSERT INTO cots VALUES (1, 5);
SELECT rel_declare('wards', 'cots', 'cots', source_columns => '{id}', target_columns => '{ward_id}');
SELECT rel_count('wards', 5, 'cots') AS no_key;
-- a key on other columns than the relationship's
CREATE TABLE nurses (id int PRIMARY KEY, ward_id int REFERENCES wards, home_ward int);
INSERT INTO nurses VALUES (1, 1, 4);
SELECT rel_declare('wards', 'residents', 'nurses', source_columns => '{id}', target_columns => '{home_ward}');
SELECT rel_count('wards', 4, 'residents') AS other_columns;
-- a key to a partitioned table promises the row in some partition, not in
-- the partition navigated from: account 150 is not in accounts_low
CREATE TABLE accounts (id int PRIMARY KEY) PARTITION BY RANGE (id);
CREATE TABLE accounts_low PARTITION OF accounts FOR VALUES FROM (0) TO (100);
CREATE TABLE accounts_high PARTITION OF accounts FOR VALUES FROM (100) TO (200);
CREATE TABLE payments (id int PRIMARY KEY, account_id int REFERENCES accounts);
INSERT INTO accounts VALUES (1), (150);
INSERT INTO payments VALUES (1, 1), (2, 150);
SELECT rel_declare('accounts_low', 'payments', 'payments', source_columns => '{id}',
                   target_columns => '{account_id}', kind => 'one_to_many');
SELECT rel_count('accounts_low', 150, 'payments') AS other_partition,
       rel_count('accounts_low', 1, 'payments') AS this_partition;

------------------------------------------------------------------------
-- Row-level security on the source: a row the caller may not see is not
-- started from, key or no key
------------------------------------------------------------------------
CREATE ROLE regress_relnav_trust;
GRANT USAGE ON SCHEMA trust TO regress_relnav_trust;
GRANT SELECT ON users, kins, user_speciality, specialities TO regress_relnav_trust;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_low ON users TO regress_relnav_trust USING (id < 3);
SET ROLE regress_relnav_trust;
SELECT k, rel_count('users', k, 'kins') AS kins FROM generate_series(1, 3) k ORDER BY k;
SET relnav.inline = off;
SELECT k, rel_count('users', k, 'kins') AS kins FROM generate_series(1, 3) k ORDER BY k;
SET relnav.inline = on;
RESET ROLE;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
DROP POLICY users_low ON users;
-- and a kept plan follows the table: trusted again once the policy is off
SET ROLE regress_relnav_trust;
SELECT rel_count('users', 3, 'kins') AS visible_again;
RESET ROLE;

------------------------------------------------------------------------
-- Privileges: the source table's are checked as by the hand-written join
------------------------------------------------------------------------
REVOKE SELECT ON users FROM regress_relnav_trust;
SET ROLE regress_relnav_trust;
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'specialities');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SET relnav.inline = off;
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SET relnav.inline = on;
RESET ROLE;
-- the key column is enough, as for the join
GRANT SELECT (id) ON users TO regress_relnav_trust;
SET ROLE regress_relnav_trust;
SELECT rel_count('users', 1, 'kins') AS key_column_only;
RESET ROLE;

------------------------------------------------------------------------
-- Kept plans follow the setting and the key
------------------------------------------------------------------------
SET plan_cache_mode = force_generic_plan;
PREPARE by_user(int) AS SELECT count(*) FROM rel_navigate('users', $1, 'kins');
EXPLAIN (COSTS OFF) EXECUTE by_user(1);
SET relnav.trust_foreign_keys = off;
EXPLAIN (COSTS OFF) EXECUTE by_user(1);
SET relnav.trust_foreign_keys = on;
ALTER TABLE kins DROP CONSTRAINT kins_user_id_fkey;
EXPLAIN (COSTS OFF) EXECUTE by_user(1);
ALTER TABLE kins ADD FOREIGN KEY (user_id) REFERENCES users (id);
EXPLAIN (COSTS OFF) EXECUTE by_user(1);
EXECUTE by_user(1);
DEALLOCATE by_user;
RESET plan_cache_mode;

-- the setting is anyone's
SET ROLE regress_relnav_trust;
SET relnav.trust_foreign_keys = off;
RESET relnav.trust_foreign_keys;
RESET ROLE;
SHOW relnav.trust_foreign_keys;

RESET relnav.inline;
DROP SCHEMA trust CASCADE;
DROP OWNED BY regress_relnav_trust;
DROP ROLE regress_relnav_trust;
