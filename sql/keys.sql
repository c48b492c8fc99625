-- Keys: any type that converts to the primary key's, composite keys as
-- jsonb objects, untyped statement parameters, keys that do not convert.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA keys;
SET search_path = keys, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');

------------------------------------------------------------------------
-- An integer primary key
------------------------------------------------------------------------
SELECT v->>'id' AS id FROM rel_navigate('users', 1, 'kins') v;
SELECT v->>'id' AS id FROM rel_navigate('users', '1', 'kins') v;
SELECT v->>'id' AS id FROM rel_navigate('users', '2'::text, 'kins') v;
SELECT v->>'id' AS id FROM rel_navigate('users', '2'::varchar, 'kins') v;
SELECT v->>'id' AS id FROM rel_navigate('users', 2::bigint, 'kins') v;
SELECT v->>'id' AS id FROM rel_navigate('users', 2::smallint, 'kins') v;
SELECT v->>'id' AS id FROM rel_navigate('users', 5.0, 'kins') v;
SELECT v->>'id' AS id FROM rel_navigate('users', 5::numeric, 'kins') v;
SELECT v->>'id' AS id FROM rel_navigate('users', '5'::jsonb, 'kins') v;
SELECT rel_count('users', 1, 'kins'), rel_count('users', '1', 'kins'),
       rel_count('users', 1::bigint, 'kins'), rel_count('users', 1.0, 'kins');
SELECT count(*) FROM rel_rows(NULL::kins, 'users', '1', 'kins');
SELECT count(*) FROM rel_rows(NULL::kins, 'users', 1::bigint, 'kins');
-- a key column's own name or a column value in another table
SELECT u.id, rel_count('users', u.id, 'kins') FROM users u ORDER BY u.id;
SELECT k.id, (SELECT v->>'full_name' FROM rel_navigate('kins', k.id, 'user') v)
  FROM kins k WHERE k.id <= 5 ORDER BY k.id;
-- one call site, a different key on every row
SELECT rel_count('users', x, 'kins') FROM (VALUES ('1'), ('2'), ('x')) AS t(x) WHERE x <> 'x';

-- keys that do not convert: 22P02, or the cast's own code
SELECT * FROM rel_navigate('users', 'abc', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', '1.5'::text, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', '', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::kins, 'users', 'one', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 99999999999, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', '10.0.0.1'::inet, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', '"one"'::jsonb, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- bigint, uuid, text and domain primary keys
------------------------------------------------------------------------
CREATE TABLE accounts (id bigint PRIMARY KEY, name text);
CREATE TABLE entries (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, amount int);
INSERT INTO accounts VALUES (5000000000, 'big'), (7, 'small');
INSERT INTO entries VALUES (1, 5000000000, 10), (2, 5000000000, 20), (3, 7, 30);
SELECT rel_declare('accounts', 'entries', 'entries');
SELECT rel_declare('entries', 'account', 'accounts');
SELECT v->>'amount' AS amount FROM rel_navigate('accounts', 5000000000, 'entries') v;
SELECT v->>'amount' AS amount FROM rel_navigate('accounts', '5000000000', 'entries') v;
SELECT v->>'amount' AS amount FROM rel_navigate('accounts', 7, 'entries') v;
SELECT v->>'amount' AS amount FROM rel_navigate('accounts', 7::smallint, 'entries') v;
SELECT * FROM rel_navigate('entries', 1::int, 'account');
SELECT * FROM rel_navigate('accounts', '50000000000000000000', 'entries');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

CREATE TABLE devices (id uuid PRIMARY KEY, label text);
CREATE TABLE readings (id int PRIMARY KEY, device_id uuid REFERENCES devices, value int);
INSERT INTO devices VALUES ('5b0c3c2e-8e57-4a0e-9f6a-2d6b4f3c1a01', 'probe A'),
                           ('00000000-0000-0000-0000-000000000002', 'probe B');
INSERT INTO readings VALUES (1, '5b0c3c2e-8e57-4a0e-9f6a-2d6b4f3c1a01', 11),
                            (2, '5b0c3c2e-8e57-4a0e-9f6a-2d6b4f3c1a01', 12),
                            (3, '00000000-0000-0000-0000-000000000002', 21);
SELECT rel_declare('devices', 'readings', 'readings');
SELECT rel_declare('readings', 'device', 'devices');
SELECT v->>'value' AS value
  FROM rel_navigate('devices', '5b0c3c2e-8e57-4a0e-9f6a-2d6b4f3c1a01'::uuid, 'readings') v;
SELECT v->>'value' AS value
  FROM rel_navigate('devices', '5b0c3c2e-8e57-4a0e-9f6a-2d6b4f3c1a01', 'readings') v;
SELECT v->>'value' AS value
  FROM rel_navigate('devices', '{00000000-0000-0000-0000-000000000002}'::text, 'readings') v;
SELECT rel_count('devices', '5B0C3C2E8E574A0E9F6A2D6B4F3C1A01', 'readings');
SELECT * FROM rel_navigate('readings', 3, 'device');
SELECT * FROM rel_navigate('devices', 'not-a-uuid', 'readings');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('devices', 42, 'readings');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

CREATE TABLE countries (code text PRIMARY KEY, name text);
CREATE TABLE cities (id int PRIMARY KEY, country_code text REFERENCES countries, name text);
INSERT INTO countries VALUES ('PT', 'Portugal'), ('pt', 'lower case'), ('42', 'numeric code');
INSERT INTO cities VALUES (1, 'PT', 'Lisbon'), (2, 'PT', 'Porto'), (3, 'pt', 'x'), (4, '42', 'y');
SELECT rel_declare('countries', 'cities', 'cities');
SELECT v->>'name' AS name FROM rel_navigate('countries', 'PT', 'cities') v;
SELECT v->>'name' AS name FROM rel_navigate('countries', 'pt'::varchar, 'cities') v;
SELECT v->>'name' AS name FROM rel_navigate('countries', 'PT'::name, 'cities') v;
SELECT v->>'name' AS name FROM rel_navigate('countries', 42, 'cities') v;
SELECT rel_count('countries', 'XX', 'cities'), rel_count('countries', ' PT', 'cities');

CREATE DOMAIN ward_no AS int CHECK (VALUE > 0);
CREATE TABLE wards (no ward_no PRIMARY KEY, name text);
CREATE TABLE beds (id int PRIMARY KEY, ward ward_no REFERENCES wards);
INSERT INTO wards VALUES (1, 'North'), (2, 'South');
INSERT INTO beds VALUES (1, 1), (2, 1), (3, 2);
SELECT rel_declare('wards', 'beds', 'beds');
SELECT v->>'id' AS id FROM rel_navigate('wards', 1, 'beds') v;
SELECT v->>'id' AS id FROM rel_navigate('wards', '2', 'beds') v;
SELECT v->>'id' AS id FROM rel_navigate('wards', 1::ward_no, 'beds') v;

------------------------------------------------------------------------
-- Composite primary keys: a jsonb object naming each key column
------------------------------------------------------------------------
CREATE TABLE orders (id int PRIMARY KEY, customer text);
CREATE TABLE order_lines (
    order_id int REFERENCES orders,
    line_no  int,
    product  text,
    PRIMARY KEY (order_id, line_no)
);
-- the foreign key lists its columns in another order than the primary key
CREATE TABLE line_notes (
    id       int PRIMARY KEY,
    line_no  int,
    order_id int,
    note     text,
    FOREIGN KEY (line_no, order_id) REFERENCES order_lines (line_no, order_id)
);
INSERT INTO orders VALUES (7, 'Ana'), (8, 'Ben');
INSERT INTO order_lines VALUES (7, 1, 'tea'), (7, 2, 'milk'), (7, 3, 'bread'),
                               (8, 1, 'milk'), (8, 2, 'tea');
INSERT INTO line_notes VALUES (1, 2, 7, 'semi-skimmed'), (2, 2, 7, 'two litres'),
                              (3, 1, 7, 'green'), (4, 2, 8, 'black'), (5, 1, 8, 'whole');
SELECT rel_declare('orders', 'lines', 'order_lines', back_populates => 'order');
SELECT rel_declare('order_lines', 'order', 'orders', back_populates => 'lines');
SELECT rel_declare('order_lines', 'notes', 'line_notes', back_populates => 'line');
SELECT rel_declare('line_notes', 'line', 'order_lines', back_populates => 'notes');
SELECT name, kind, source_columns, target_columns FROM rel_relationships
 WHERE source IN ('order_lines'::regclass, 'line_notes'::regclass) ORDER BY source::text, name;
-- default order: the composite primary key
SELECT * FROM rel_navigate('orders', 7, 'lines');
SELECT v->>'note' AS note FROM rel_navigate('order_lines', '{"order_id": 7, "line_no": 2}', 'notes') v;
SELECT v->>'note' AS note FROM rel_navigate('order_lines', '{"line_no": 2, "order_id": 7}'::jsonb, 'notes') v;
SELECT v->>'note' AS note FROM rel_navigate('order_lines', '{"order_id": "8", "line_no": "2"}', 'notes') v;
SELECT v->>'note' AS note FROM rel_navigate('order_lines', jsonb_build_object('order_id', 8, 'line_no', 1), 'notes') v;
SELECT v->>'note' AS note FROM rel_navigate('order_lines', '{"order_id": 7, "line_no": 2}'::text, 'notes') v;
SELECT * FROM rel_navigate('order_lines', '{"order_id": 8, "line_no": 2}', 'order');
SELECT * FROM rel_navigate('line_notes', 4, 'line');
SELECT * FROM rel_navigate('line_notes', 4, 'line.order.lines');
SELECT v->>'note' AS note FROM rel_navigate('orders', 7, 'lines.notes') v;
SELECT rel_count('order_lines', '{"order_id": 7, "line_no": 2}', 'notes'),
       rel_count('order_lines', '{"order_id": 7, "line_no": 3}', 'notes'),
       rel_count('order_lines', '{"order_id": 9, "line_no": 1}', 'notes');
SELECT n.id, n.note FROM rel_rows(NULL::line_notes, 'order_lines', '{"order_id": 7, "line_no": 2}', 'notes') n;
SELECT count(*) FROM rel_rows(NULL::line_notes, 'order_lines', '{"order_id": 7, "line_no": 2}'::jsonb, 'notes');
-- a NULL part matches no row
SELECT * FROM rel_navigate('order_lines', '{"order_id": 7, "line_no": null}', 'notes');
SELECT rel_count('order_lines', '{"order_id": null, "line_no": 1}', 'notes');
SELECT * FROM rel_navigate('order_lines', NULL::jsonb, 'notes');
-- keys that are not such an object
SELECT * FROM rel_navigate('order_lines', '{"order_id": 7}', 'notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('order_lines', '{"order_id": 7, "line_no": "two"}', 'notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('order_lines', '[7, 2]'::jsonb, 'notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('order_lines', 'not json', 'notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a scalar does not convert to a composite key: 22P02 like any other key
SELECT * FROM rel_navigate('order_lines', 7, 'notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Untyped statement parameters (what drivers that prepare statements send)
------------------------------------------------------------------------
PREPARE nav(unknown) AS SELECT v->>'id' AS id FROM rel_navigate('users', $1, 'kins') v;
EXECUTE nav('3');
PREPARE p AS SELECT * FROM rel_navigate('users', $1, 'kins');
EXECUTE p(1);
EXECUTE p('2');
EXECUTE p(NULL);
-- terse: an expanded call (relnav.inline) converts in the statement, whose
-- error has no relnav CONTEXT line
\set VERBOSITY terse
EXECUTE p('abc');
\set VERBOSITY default
\echo SQLSTATE :LAST_ERROR_SQLSTATE
PREPARE c AS SELECT rel_count('users', $1, 'kins');
EXECUTE c(1);
EXECUTE c('2');
EXECUTE c(NULL);
PREPARE r AS SELECT id, full_name FROM rel_rows(NULL::kins, 'users', $1, 'kins');
EXECUTE r(1);
EXECUTE r('2');
-- the path, order and max_rows as parameters too
PREPARE q AS SELECT v->>'id' AS id FROM rel_navigate('users', $1, $2, $3, $4) v;
EXECUTE q(1, 'kins', 'id DESC', 2);
EXECUTE q('5', 'kins', NULL, NULL);
PREPARE qr AS SELECT id FROM rel_rows(NULL::kins, 'users', $1, $2, $3, $4);
EXECUTE qr('1', 'kins', 'full_name', 1);
-- other key types through untyped parameters
PREPARE pu AS SELECT rel_count('devices', $1, 'readings');
EXECUTE pu('5b0c3c2e-8e57-4a0e-9f6a-2d6b4f3c1a01');
PREPARE pb AS SELECT rel_count('accounts', $1, 'entries');
EXECUTE pb('5000000000');
EXECUTE pb(7);
PREPARE pc AS SELECT v->>'note' AS note FROM rel_navigate('order_lines', $1, 'notes') v;
EXECUTE pc('{"order_id": 7, "line_no": 2}');
PREPARE pcc AS SELECT rel_count('order_lines', $1, 'notes');
EXECUTE pcc('{"order_id": 8, "line_no": 1}');
-- a generic plan behaves the same
SET plan_cache_mode = force_generic_plan;
EXECUTE p(5);
EXECUTE c('5');
EXECUTE r('5');
EXECUTE pc('{"order_id": 8, "line_no": 2}');
RESET plan_cache_mode;
-- typed parameters
PREPARE pi(int) AS SELECT rel_count('users', $1, 'kins');
PREPARE pt(text) AS SELECT rel_count('users', $1, 'kins');
PREPARE pj(jsonb) AS SELECT rel_count('order_lines', $1, 'notes');
EXECUTE pi(1);
EXECUTE pt('1');
EXECUTE pj('{"order_id": 7, "line_no": 2}');
DEALLOCATE ALL;

SET client_min_messages = warning;
DROP SCHEMA keys CASCADE;
RESET client_min_messages;
RESET search_path;
