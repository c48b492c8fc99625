-- rel_link and rel_unlink: every kind, composite keys, untyped parameters,
-- every error with the rows shown after it (nothing is half-written),
-- privileges and row-level security of the caller.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA link;
SET search_path = link, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'user');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'profile', 'profiles', back_populates => 'user', uselist => false);
SELECT rel_declare('profiles', 'user', 'users', back_populates => 'profile', uselist => false);
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality',
                   back_populates => 'users');
SELECT rel_declare('specialities', 'users', 'users', secondary => 'user_speciality',
                   back_populates => 'specialities');
SELECT source, name, kind FROM rel_relationships ORDER BY source::text, name;

------------------------------------------------------------------------
-- many_to_many: insert or delete the association row
------------------------------------------------------------------------
SELECT rel_link('users', 5, 'specialities', 1);
SELECT * FROM user_speciality WHERE user_id = 5 ORDER BY speciality_id;
-- linking again changes nothing: still one row
SELECT rel_link('users', 5, 'specialities', 1);
SELECT * FROM user_speciality WHERE user_id = 5 ORDER BY speciality_id;
-- from the other side of the pair
SELECT rel_link('specialities', 2, 'users', 5);
SELECT v->>'name' AS name FROM rel_navigate('users', 5, 'specialities') v;
SELECT rel_unlink('users', 5, 'specialities', 1);
SELECT * FROM user_speciality WHERE user_id = 5 ORDER BY speciality_id;
-- unlinking rows that are not linked changes nothing
SELECT rel_unlink('users', 5, 'specialities', 1);
SELECT rel_unlink('specialities', 3, 'users', 5);
SELECT * FROM user_speciality ORDER BY user_id, speciality_id;

------------------------------------------------------------------------
-- one_to_many: set or empty the target row's foreign key
------------------------------------------------------------------------
-- kin 1 belongs to user 1; linking it to user 4 moves it
SELECT rel_link('users', 4, 'kins', 1);
SELECT id, user_id FROM kins WHERE id IN (1, 2) ORDER BY id;
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 4, 'kins') v;
SELECT rel_link('users', 4, 'kins', 1);
SELECT rel_unlink('users', 4, 'kins', 1);
SELECT id, user_id FROM kins WHERE id IN (1, 2) ORDER BY id;
-- kin 2 belongs to user 1, not to user 4: unlinking it from user 4 leaves it
SELECT rel_unlink('users', 4, 'kins', 2);
SELECT id, user_id FROM kins WHERE id IN (1, 2) ORDER BY id;
-- a row whose foreign key is NULL is not linked to anyone
SELECT rel_unlink('users', 4, 'kins', 1);
SELECT id, user_id FROM kins WHERE id IN (1, 2) ORDER BY id;

------------------------------------------------------------------------
-- one_to_one: the same, and at most one row may point at the source
------------------------------------------------------------------------
INSERT INTO profiles (id, bio, user_id) VALUES (4, 'Physiotherapist.', NULL),
                                               (5, 'Nurse.', NULL);
SELECT rel_link('users', 4, 'profile', 4);
SELECT rel_fetch('users', 4, 'full_name, profile(bio)');
-- user 4 has a profile now: linking a second one is refused (23505)
SELECT rel_link('users', 4, 'profile', 5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT id, user_id FROM profiles ORDER BY id;
-- unlink, then the other profile can be linked
SELECT rel_unlink('users', 4, 'profile', 4);
SELECT rel_link('users', 4, 'profile', 5);
SELECT id, user_id FROM profiles ORDER BY id;
-- relinking the profile it has is no change, and no error
SELECT rel_link('users', 4, 'profile', 5);

------------------------------------------------------------------------
-- many_to_one: set or empty the source row's foreign key
------------------------------------------------------------------------
SELECT rel_link('appointments', 10, 'user', 1);
SELECT id, user_id FROM appointments WHERE id IN (9, 10) ORDER BY id;
SELECT rel_link('appointments', 10, 'user', 1);
-- appointment 9 belongs to user 4: unlinking it from user 1 leaves it
SELECT rel_unlink('appointments', 9, 'user', 1);
SELECT rel_unlink('appointments', 10, 'user', 1);
SELECT id, user_id FROM appointments WHERE id IN (9, 10) ORDER BY id;
SELECT rel_link('profiles', 4, 'user', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('profiles', 4, 'user', 5);
SELECT id, user_id FROM profiles ORDER BY id;

------------------------------------------------------------------------
-- a missing source or target row: P0002, and nothing written
------------------------------------------------------------------------
SELECT rel_link('users', 99, 'specialities', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('users', 1, 'specialities', 99);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink('users', 1, 'specialities', 99);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT count(*) AS association_rows FROM user_speciality;
SELECT rel_link('users', 99, 'kins', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('users', 1, 'kins', 99);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink('users', 99, 'kins', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT id, user_id FROM kins WHERE id = 3;
SELECT rel_link('appointments', 99, 'user', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('appointments', 1, 'user', 99);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink('appointments', 1, 'user', 99);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT id, user_id FROM appointments WHERE id = 1;
SELECT rel_link('users', 99, 'profile', 4);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT id, user_id FROM profiles WHERE id = 4;

------------------------------------------------------------------------
-- other argument errors
------------------------------------------------------------------------
SELECT rel_link('users', 1, 'kin', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the name is the stored name, not a path: no case folding
SELECT rel_link('users', 1, 'KINS', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('users', 'one', 'kins', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('users', 1, 'kins', 'three');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('users', NULL, 'kins', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('users', 1, 'kins', NULL);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink('users', 1, NULL, 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink(NULL, 1, 'kins', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT id, user_id FROM kins WHERE id = 3;

------------------------------------------------------------------------
-- a NOT NULL foreign key cannot be emptied: 23502, nothing written
------------------------------------------------------------------------
CREATE TABLE visits (
    id      int PRIMARY KEY,
    user_id int NOT NULL REFERENCES users,
    note    text
);
INSERT INTO visits VALUES (1, 1, 'first'), (2, 2, 'second');
SELECT rel_declare('users', 'visits', 'visits', back_populates => 'user');
SELECT rel_declare('visits', 'user', 'users', back_populates => 'visits');
SELECT rel_unlink('users', 1, 'visits', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink('visits', 2, 'user', 2);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM visits ORDER BY id;
-- linking sets it, of course
SELECT rel_link('users', 3, 'visits', 1);
SELECT rel_link('visits', 2, 'user', 3);
SELECT * FROM visits ORDER BY id;
-- once the column is nullable, unlinking works (the plan follows the table)
ALTER TABLE visits ALTER user_id DROP NOT NULL;
SELECT rel_unlink('visits', 2, 'user', 3);
SELECT * FROM visits ORDER BY id;

------------------------------------------------------------------------
-- untyped statement parameters, text keys: every overload
------------------------------------------------------------------------
SELECT p.oid::regprocedure AS function FROM pg_proc p
 WHERE p.proname IN ('rel_link', 'rel_unlink') ORDER BY p.oid::regprocedure::text COLLATE "C";
PREPARE link_p AS SELECT rel_link('users', $1, 'specialities', $2);
PREPARE unlink_p AS SELECT rel_unlink('users', $1, 'specialities', $2);
EXECUTE link_p(5, 3);
EXECUTE link_p('5', '3');
SELECT * FROM user_speciality WHERE user_id = 5 ORDER BY speciality_id;
EXECUTE unlink_p(5, 3);
SELECT * FROM user_speciality WHERE user_id = 5 ORDER BY speciality_id;
PREPARE link_typed(int) AS SELECT rel_link('users', $1, 'specialities', '3');
EXECUTE link_typed(5);
SELECT rel_link('users', '5', 'specialities', 1);
SELECT rel_link('users', '5'::text, 'specialities', '1'::text);
SELECT rel_unlink('users', 5::bigint, 'specialities', '3'::varchar);
SELECT * FROM user_speciality WHERE user_id = 5 ORDER BY speciality_id;
DEALLOCATE ALL;

------------------------------------------------------------------------
-- composite keys as jsonb, in both directions and through a junction
------------------------------------------------------------------------
CREATE TABLE orders (
    tenant   int,
    order_no int,
    customer text,
    PRIMARY KEY (tenant, order_no)
);
CREATE TABLE order_lines (
    line_id  int PRIMARY KEY,
    tenant   int,
    order_no int,
    item     text,
    FOREIGN KEY (tenant, order_no) REFERENCES orders
);
CREATE TABLE tags (id int PRIMARY KEY, label text);
CREATE TABLE order_tags (
    tenant   int,
    order_no int,
    tag_id   int REFERENCES tags,
    FOREIGN KEY (tenant, order_no) REFERENCES orders,
    PRIMARY KEY (tenant, order_no, tag_id)
);
INSERT INTO orders VALUES (1, 1, 'ACME'), (1, 2, 'Globex'), (2, 1, 'Initech');
INSERT INTO order_lines VALUES (1, 1, 1, 'bolts'), (2, NULL, NULL, 'nuts'), (3, 2, 1, 'paper');
INSERT INTO tags VALUES (1, 'urgent'), (2, 'paid');
SELECT rel_declare('orders', 'lines', 'order_lines', back_populates => 'order');
SELECT rel_declare('order_lines', 'order', 'orders', back_populates => 'lines');
SELECT rel_declare('orders', 'tags', 'tags', secondary => 'order_tags');
SELECT rel_link('orders', '{"tenant": 1, "order_no": 2}'::jsonb, 'lines', 2);
SELECT * FROM order_lines ORDER BY line_id;
SELECT rel_unlink('order_lines', 1, 'order', '{"tenant": 1, "order_no": 1}');
SELECT rel_link('order_lines', 3, 'order', '{"order_no": 2, "tenant": 1}');
SELECT * FROM order_lines ORDER BY line_id;
SELECT v->>'item' AS item FROM rel_navigate('orders', '{"tenant": 1, "order_no": 2}', 'lines') v;
-- a text key holding jsonb, as an untyped parameter sends it
SELECT rel_unlink('orders', '{"tenant": 1, "order_no": 2}'::text, 'lines', '3'::text);
SELECT * FROM order_lines ORDER BY line_id;
SELECT rel_link('orders', '{"tenant": 2, "order_no": 1}', 'tags', 1);
SELECT rel_link('orders', '{"tenant": 2, "order_no": 1}', 'tags', 2);
SELECT rel_link('orders', '{"tenant": 2, "order_no": 1}', 'tags', 2);
SELECT rel_unlink('orders', '{"tenant": 2, "order_no": 1}', 'tags', 1);
SELECT * FROM order_tags ORDER BY tenant, order_no, tag_id;
-- composite key errors
SELECT rel_link('orders', '{"tenant": 9, "order_no": 9}', 'tags', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('orders', '{"tenant": 1}', 'tags', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('orders', '{"tenant": 1, "order_no": null}', 'tags', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('orders', 1, 'tags', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM order_tags ORDER BY tenant, order_no, tag_id;

------------------------------------------------------------------------
-- a junction without a unique index: linking twice still adds one row
------------------------------------------------------------------------
CREATE TABLE watchers (user_id int REFERENCES users, speciality_id int REFERENCES specialities);
SELECT rel_declare('users', 'watched', 'specialities', secondary => 'watchers');
SELECT rel_link('users', 2, 'watched', 1);
SELECT rel_link('users', 2, 'watched', 1);
SELECT rel_link('users', 2, 'watched', 3);
SELECT * FROM watchers ORDER BY user_id, speciality_id;
-- rows added by hand twice are both removed by one unlink
INSERT INTO watchers VALUES (2, 3);
SELECT rel_unlink('users', 2, 'watched', 3);
SELECT * FROM watchers ORDER BY user_id, speciality_id;

------------------------------------------------------------------------
-- a self-reference, and a renamed column
------------------------------------------------------------------------
CREATE TABLE employees (id int PRIMARY KEY, name text, manager_id int REFERENCES employees);
INSERT INTO employees VALUES (1, 'Ada', NULL), (2, 'Ben', 1), (3, 'Cy', 1);
SELECT rel_declare('employees', 'manager', 'employees', kind => 'many_to_one',
                   back_populates => 'reports');
SELECT rel_declare('employees', 'reports', 'employees', kind => 'one_to_many',
                   back_populates => 'manager');
SELECT rel_link('employees', 2, 'reports', 3);
SELECT rel_link('employees', 1, 'manager', 1);
SELECT * FROM employees ORDER BY id;
ALTER TABLE employees RENAME manager_id TO boss_id;
SELECT rel_unlink('employees', 1, 'reports', 2);
SELECT rel_unlink('employees', 1, 'manager', 1);
SELECT * FROM employees ORDER BY id;

------------------------------------------------------------------------
-- a rolled-back link leaves nothing behind
------------------------------------------------------------------------
BEGIN;
SELECT rel_link('users', 2, 'specialities', 1);
SELECT count(*) FROM user_speciality WHERE user_id = 2;
ROLLBACK;
SELECT count(*) FROM user_speciality WHERE user_id = 2;

------------------------------------------------------------------------
-- triggers: one skips the row, one raises; either way nothing is written
------------------------------------------------------------------------
CREATE FUNCTION skip_row() RETURNS trigger LANGUAGE plpgsql
    AS $$BEGIN RETURN NULL; END$$;
CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'appointment % is locked', OLD.id; END$$;
CREATE TRIGGER skip_row BEFORE UPDATE ON appointments
    FOR EACH ROW WHEN (OLD.id = 2) EXECUTE FUNCTION skip_row();
CREATE TRIGGER refuse BEFORE UPDATE ON appointments
    FOR EACH ROW WHEN (OLD.id = 3) EXECUTE FUNCTION refuse();
SELECT rel_link('appointments', 2, 'user', 5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_link('users', 5, 'appointments', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT id, user_id FROM appointments WHERE id IN (2, 3) ORDER BY id;
DROP TRIGGER skip_row ON appointments;
DROP TRIGGER refuse ON appointments;

------------------------------------------------------------------------
-- the caller's privileges and row-level security
------------------------------------------------------------------------
CREATE ROLE regress_link_user;
GRANT USAGE ON SCHEMA link TO regress_link_user;
GRANT SELECT ON users, kins, appointments, specialities, user_speciality TO regress_link_user;
GRANT UPDATE (user_id) ON kins TO regress_link_user;
ALTER TABLE kins ENABLE ROW LEVEL SECURITY;
CREATE POLICY kins_read ON kins FOR SELECT USING (true);
-- kin 3 may be seen but not changed
CREATE POLICY kins_write ON kins FOR UPDATE USING (id <> 3);
SET ROLE regress_link_user;
SELECT rel_link('users', 2, 'kins', 4);
SELECT rel_link('users', 2, 'kins', 1);
SELECT rel_link('users', 2, 'kins', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink('users', 1, 'kins', 3);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- no INSERT privilege on the association table
SELECT rel_link('users', 2, 'specialities', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- no UPDATE privilege on appointments
SELECT rel_link('appointments', 1, 'user', 2);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT id, user_id FROM kins ORDER BY id;
SELECT count(*) FROM user_speciality WHERE user_id = 2;

SET client_min_messages = warning;
DROP SCHEMA link CASCADE;
DROP ROLE regress_link_user;
RESET client_min_messages;
RESET search_path;
