-- rel_fetch_many and rel_navigate_many: many source keys in one statement.
-- One answer per distinct key, in the order of keys (a repeated key at its
-- first place), NULL elements and missing keys skipped; rel_navigate_many
-- groups rows by key, each group in the relationship's order, and gives
-- each key back as it was given.  Keys as typed arrays, as the array's text
-- form (the text twins, and untyped prepared parameters), composite keys
-- as jsonb[].
CREATE EXTENSION IF NOT EXISTS relnav;
CREATE SCHEMA batch;
SET search_path = batch, public;
\set VERBOSITY default
-- the generated SQL is not part of the interface: keep it out of errors
\set SHOW_CONTEXT never
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'user');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'profile', 'profiles', back_populates => 'user', uselist => false);
SELECT rel_declare('profiles', 'user', 'users', back_populates => 'profile', uselist => false);
SELECT rel_declare('users', 'specialities', 'specialities',
                   secondary => 'user_speciality', back_populates => 'users');
SELECT rel_declare('specialities', 'users', 'users',
                   secondary => 'user_speciality', back_populates => 'specialities');
SELECT rel_declare('users', 'kins_by_name', 'kins', order_by => 'full_name DESC');
-- scalar by declaration although users 1, 2 and 5 have several kins
SELECT rel_declare('users', 'one_kin', 'kins', kind => 'one_to_one');

-- Move rows to the end of the heap, so that only an ORDER BY gives primary
-- key order.
UPDATE kins SET phone = phone WHERE id IN (1, 4);
UPDATE users SET full_name = full_name WHERE id IN (1, 2);
UPDATE user_speciality SET user_id = user_id WHERE user_id = 1;

------------------------------------------------------------------------
-- rel_fetch_many: one document per existing key, in the order of keys
------------------------------------------------------------------------
SELECT n, doc
  FROM rel_fetch_many('users', ARRAY[3, 1, 2], 'id, full_name, kins(id)')
       WITH ORDINALITY AS f(doc, n)
 ORDER BY n;
-- the default shape is '*'
SELECT n, doc FROM rel_fetch_many('users', ARRAY[5, 4]) WITH ORDINALITY AS f(doc, n) ORDER BY n;
-- a repeated key is answered once, at its first place
SELECT n, doc
  FROM rel_fetch_many('users', ARRAY[2, 1, 2, 3, 1], 'id') WITH ORDINALITY AS f(doc, n)
 ORDER BY n;
-- NULL elements and missing keys are skipped
SELECT n, doc
  FROM rel_fetch_many('users', ARRAY[NULL, 3, 99, NULL, 1, -1], 'id') WITH ORDINALITY AS f(doc, n)
 ORDER BY n;
SELECT count(*) FROM rel_fetch_many('users', ARRAY[99, 98, NULL], 'id');
-- an empty array, NULL arguments: no rows
SELECT count(*) FROM rel_fetch_many('users', ARRAY[]::int[], 'id');
SELECT count(*) FROM rel_fetch_many('users', '{}', 'id');
SELECT count(*) FROM rel_fetch_many('users', NULL::int[], 'id');
SELECT count(*) FROM rel_fetch_many('users', NULL, 'id');
SELECT count(*) FROM rel_fetch_many(NULL, ARRAY[1], 'id');
SELECT count(*) FROM rel_fetch_many('users', ARRAY[1], NULL);
SELECT count(*) FROM rel_fetch_many('users', ARRAY[NULL]::int[], 'id');
-- nested shapes, every kind
SELECT n, doc
  FROM rel_fetch_many('users', ARRAY[4, 2],
                      'full_name, profile(bio), kins_by_name(full_name), specialities(name, users(id)), appointments(id, user(id))')
       WITH ORDINALITY AS f(doc, n)
 ORDER BY n;
-- the same documents as rel_fetch, key by key
SELECT count(*) AS keys,
       bool_and(doc = rel_fetch('users', (doc ->> 'id')::int,
                                'id, full_name, profile(*), kins(*, user(id)), specialities(name, users(full_name)), appointments(details)')) AS same
  FROM rel_fetch_many('users', ARRAY[5, 4, 3, 2, 1],
                      'id, full_name, profile(*), kins(*, user(id)), specialities(name, users(full_name)), appointments(details)') AS doc;
-- many keys, most of them repeated or missing
SELECT count(*) AS docs, array_agg((doc ->> 'id')::int ORDER BY n) AS ids
  FROM rel_fetch_many('users', ARRAY(SELECT (i * 7) % 11 FROM generate_series(1, 1000) i), 'id')
       WITH ORDINALITY AS f(doc, n);
-- keys of another type that casts to the key type
SELECT n, doc FROM rel_fetch_many('users', ARRAY[3, 1]::bigint[], 'id') WITH ORDINALITY AS f(doc, n) ORDER BY n;
SELECT n, doc FROM rel_fetch_many('users', ARRAY[3, 1]::numeric[], 'id') WITH ORDINALITY AS f(doc, n) ORDER BY n;
SELECT n, doc FROM rel_fetch_many('users', ARRAY['3', '1'], 'id') WITH ORDINALITY AS f(doc, n) ORDER BY n;
-- the text twin: the array's text form
SELECT n, doc FROM rel_fetch_many('users', '{3,1}', 'id') WITH ORDINALITY AS f(doc, n) ORDER BY n;
SELECT n, doc FROM rel_fetch_many('users', '{3, NULL, 1, 3}', 'id') WITH ORDINALITY AS f(doc, n) ORDER BY n;
-- an untyped statement parameter, as drivers send it
PREPARE fetch_many_untyped AS SELECT * FROM rel_fetch_many('users', $1, 'id');
EXECUTE fetch_many_untyped('{2,1}');
EXECUTE fetch_many_untyped('{}');
EXECUTE fetch_many_untyped(NULL);
DEALLOCATE fetch_many_untyped;
PREPARE fetch_many_typed(int[]) AS SELECT * FROM rel_fetch_many('users', $1, 'id');
EXECUTE fetch_many_typed('{4,5,4}');
DEALLOCATE fetch_many_typed;
-- once per row of an outer query
SELECT s.id AS speciality, f.doc
  FROM specialities s
 CROSS JOIN LATERAL rel_fetch_many('users',
                                   ARRAY(SELECT us.user_id FROM user_speciality us
                                          WHERE us.speciality_id = s.id ORDER BY us.user_id DESC),
                                   'full_name') WITH ORDINALITY AS f(doc, n)
 ORDER BY s.id, f.n;
-- one call site, another table, keys and shape on every row
SELECT v.n, f.n, f.doc
  FROM (VALUES (1, 'users'::regclass, ARRAY[2, 1], 'id'), (2, 'kins', ARRAY[2, 99, 1], 'id, user(id)'),
               (3, 'users', ARRAY[2], 'kins(id)'), (4, 'users', ARRAY[]::int[], 'id')) v(n, t, k, s)
 CROSS JOIN LATERAL rel_fetch_many(t, k, s) WITH ORDINALITY AS f(doc, n)
 ORDER BY v.n, f.n;
-- errors: the shape's, a key that does not convert, a scalar hop
SELECT * FROM rel_fetch_many('users', ARRAY[1, 2], 'kins(');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_fetch_many('users', ARRAY[1, 2], 'nope(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_fetch_many('users', ARRAY[1, 2], 'nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_fetch_many('users', ARRAY['1', 'x'], 'id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_fetch_many('users', '{1,x}', 'id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_fetch_many('users', 'garbage', 'id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_fetch_many('users', ARRAY[3, 4], 'one_kin(id)');
SELECT * FROM rel_fetch_many('users', ARRAY[3, 1], 'one_kin(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- rel_navigate_many: (source_key, target) grouped by key in the order of
-- keys, each group in the relationship's order
------------------------------------------------------------------------
SELECT n, source_key, target
  FROM rel_navigate_many('users', ARRAY[3, 1, 2], 'kins') WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
-- the declared order within each group
SELECT n, source_key, target ->> 'full_name' AS full_name
  FROM rel_navigate_many('users', ARRAY[2, 1], 'kins_by_name')
       WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
-- a repeated key once, at its first place; NULL elements, missing keys and
-- keys without targets give no rows
SELECT n, source_key, target ->> 'id' AS kin
  FROM rel_navigate_many('users', ARRAY[NULL, 5, 4, 99, 2, 5, NULL, 2], 'kins')
       WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
SELECT count(*) FROM rel_navigate_many('users', ARRAY[]::int[], 'kins');
SELECT count(*) FROM rel_navigate_many('users', '{}', 'kins');
SELECT count(*) FROM rel_navigate_many('users', ARRAY[4, 99], 'kins');
SELECT count(*) FROM rel_navigate_many('users', NULL::int[], 'kins');
SELECT count(*) FROM rel_navigate_many('users', NULL, 'kins');
SELECT count(*) FROM rel_navigate_many(NULL, ARRAY[1], 'kins');
SELECT count(*) FROM rel_navigate_many('users', ARRAY[1], NULL);
-- every kind
SELECT n, source_key, target ->> 'id' AS id
  FROM rel_navigate_many('users', ARRAY[4, 3, 1], 'profile') WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
SELECT n, source_key, target ->> 'id' AS id
  FROM rel_navigate_many('appointments', ARRAY[10, 4, 5, 1], 'user') WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
SELECT n, source_key, target ->> 'name' AS name
  FROM rel_navigate_many('users', ARRAY[3, 5, 1], 'specialities') WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
-- multi-hop paths: each target row once per key
SELECT n, source_key, target ->> 'id' AS user_id
  FROM rel_navigate_many('users', ARRAY[3, 1], 'specialities.users') WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
SELECT n, source_key, target ->> 'id' AS user_id
  FROM rel_navigate_many('users', ARRAY[1, 2], 'appointments.user') WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
SELECT n, source_key, target ->> 'id' AS kin
  FROM rel_navigate_many('kins', ARRAY[2, 8, 1], 'user.kins') WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
-- the same rows as rel_navigate, key by key
SELECT count(*) AS differences FROM (
    (SELECT u.id, rel_navigate('users', u.id, 'specialities.users.kins') FROM users u
     EXCEPT ALL
     SELECT * FROM rel_navigate_many('users', ARRAY(SELECT id FROM users), 'specialities.users.kins'))
    UNION ALL
    (SELECT * FROM rel_navigate_many('users', ARRAY(SELECT id FROM users), 'specialities.users.kins')
     EXCEPT ALL
     SELECT u.id, rel_navigate('users', u.id, 'specialities.users.kins') FROM users u)) d;
-- source_key comes back as given, of the type of the array's elements
SELECT source_key, pg_typeof(source_key), target ->> 'id' AS kin
  FROM rel_navigate_many('users', ARRAY[3, 2], 'kins') ORDER BY 1, 3;
SELECT source_key, pg_typeof(source_key), target ->> 'id' AS kin
  FROM rel_navigate_many('users', ARRAY[3, 2]::bigint[], 'kins') ORDER BY 1, 3;
SELECT n, source_key, pg_typeof(source_key), target ->> 'id' AS kin
  FROM rel_navigate_many('users', ARRAY[3.0, 2.00, 2]::numeric[], 'kins')
       WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
SELECT n, source_key, pg_typeof(source_key), target ->> 'id' AS kin
  FROM rel_navigate_many('users', ARRAY['3', ' 2'], 'kins')
       WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
-- the text twin gives text keys
SELECT n, source_key, pg_typeof(source_key), target ->> 'id' AS kin
  FROM rel_navigate_many('users', '{3,2}', 'kins')
       WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
-- one call site, another table, keys and path on every row
SELECT v.n, r.n, r.source_key, r.target ->> 'id' AS id
  FROM (VALUES (1, 'users'::regclass, ARRAY[2, 1], 'profile'), (2, 'kins', ARRAY[2, 1], 'user'),
               (3, 'users', ARRAY[2], 'kins'), (4, 'kins', ARRAY[8, 6], 'user.kins')) v(n, t, k, p)
 CROSS JOIN LATERAL rel_navigate_many(t, k, p) WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY v.n, r.n;
PREPARE navigate_many_untyped AS SELECT * FROM rel_navigate_many('users', $1, 'kins');
EXECUTE navigate_many_untyped('{3,5}');
DEALLOCATE navigate_many_untyped;
-- a scalar path that finds more than one row for a key: 21000
SELECT * FROM rel_navigate_many('users', ARRAY[3, 4], 'one_kin');
SELECT * FROM rel_navigate_many('users', ARRAY[3, 1], 'one_kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('appointments', ARRAY[6, 1], 'user.one_kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- two keys reaching one row each is no error
SELECT source_key, target ->> 'id' AS id
  FROM rel_navigate_many('appointments', ARRAY[2, 1], 'user') ORDER BY 1;
-- bad paths: the same errors as rel_navigate
SELECT * FROM rel_navigate_many('users', ARRAY[1], 'kins.');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('users', ARRAY[1], '.kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('users', ARRAY[1], 'kins..user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('users', ARRAY[1], '');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('users', ARRAY[1], 'kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('users', ARRAY[1], 'nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('users', ARRAY[1], 'kins.nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'kins.nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- even when no key has a row
SELECT * FROM rel_navigate_many('users', ARRAY[99], 'nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('users', ARRAY['x'], 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Composite keys as jsonb[]
------------------------------------------------------------------------
CREATE TABLE orders (order_id int PRIMARY KEY);
CREATE TABLE order_lines (
    order_id int REFERENCES orders,
    line_no  int,
    item     text,
    PRIMARY KEY (order_id, line_no)
);
CREATE TABLE line_notes (
    order_id int,
    line_no  int,
    note_no  int,
    body     text,
    PRIMARY KEY (order_id, line_no, note_no),
    FOREIGN KEY (order_id, line_no) REFERENCES order_lines
);
INSERT INTO orders VALUES (1), (2);
INSERT INTO order_lines VALUES (1, 1, 'stethoscope'), (1, 2, 'gloves'), (2, 1, 'mask');
INSERT INTO line_notes VALUES (1, 2, 2, 'size M'), (1, 2, 1, 'blue'), (1, 1, 1, 'urgent');
SELECT rel_declare('order_lines', 'notes', 'line_notes', back_populates => 'line');
SELECT rel_declare('line_notes', 'line', 'order_lines', back_populates => 'notes');
SELECT rel_declare('orders', 'lines', 'order_lines');
SELECT n, doc
  FROM rel_fetch_many('order_lines',
                      ARRAY['{"order_id": 2, "line_no": 1}', '{"order_id": 1, "line_no": 2}',
                            '{"line_no": 2, "order_id": 1}', NULL, '{"order_id": 9, "line_no": 9}',
                            '{"order_id": 1, "line_no": 1}']::jsonb[],
                      'item, notes(note_no, body)')
       WITH ORDINALITY AS f(doc, n)
 ORDER BY n;
SELECT n, source_key, target ->> 'body' AS body
  FROM rel_navigate_many('order_lines',
                         ARRAY['{"order_id": 1, "line_no": 2}', '{"order_id": 2, "line_no": 1}',
                               '{"order_id": 1, "line_no": 1}', '{"line_no": 2, "order_id": 1}']::jsonb[],
                         'notes')
       WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
SELECT n, source_key, target ->> 'item' AS item
  FROM rel_navigate_many('line_notes',
                         ARRAY['{"order_id": 1, "line_no": 2, "note_no": 2}',
                               '{"order_id": 1, "line_no": 1, "note_no": 1}']::jsonb[],
                         'line')
       WITH ORDINALITY AS r(source_key, target, n)
 ORDER BY n;
-- the text twin of a jsonb array
SELECT * FROM rel_fetch_many('order_lines', '{"{\"order_id\": 1, \"line_no\": 1}"}', 'item');
SELECT * FROM rel_fetch_many('order_lines', ARRAY['{"order_id": 1}']::jsonb[], 'item');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Row-level security and privileges apply
------------------------------------------------------------------------
CREATE ROLE regress_relnav_batch_reader;
CREATE ROLE regress_relnav_batch_nokins;
GRANT USAGE ON SCHEMA batch TO regress_relnav_batch_reader, regress_relnav_batch_nokins;
GRANT SELECT ON ALL TABLES IN SCHEMA batch TO regress_relnav_batch_reader;
GRANT SELECT ON users TO regress_relnav_batch_nokins;
ALTER TABLE kins ENABLE ROW LEVEL SECURITY;
CREATE POLICY no_parents ON kins USING (relationship <> 'parent');
SELECT count(*) FROM rel_navigate_many('users', ARRAY[1, 3], 'kins');
SELECT count(*) FROM rel_fetch_many('users', ARRAY[1, 3], 'kins(id)');
SET ROLE regress_relnav_batch_reader;
SELECT source_key, target ->> 'id' AS kin
  FROM rel_navigate_many('users', ARRAY[1, 3], 'kins') ORDER BY 1, 2;
SELECT * FROM rel_fetch_many('users', ARRAY[1, 3], 'id, kins(id)');
RESET ROLE;
SET ROLE regress_relnav_batch_nokins;
SELECT * FROM rel_fetch_many('users', ARRAY[1, 3], 'id');
SELECT * FROM rel_fetch_many('users', ARRAY[1, 3], 'id, kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('users', ARRAY[1, 3], 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
ALTER TABLE kins DISABLE ROW LEVEL SECURITY;

SET client_min_messages = warning;
DROP SCHEMA batch CASCADE;
RESET client_min_messages;
RESET search_path;
DROP ROLE regress_relnav_batch_reader;
DROP ROLE regress_relnav_batch_nokins;
