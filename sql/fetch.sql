-- rel_fetch: nested documents shaped by the grammar
--     shape := item (',' item)*
--     item  := '*' | column | [alias ':'] relationship '(' shape ')'
-- on the clinic schema (every relationship declared in both directions) and
-- on awkward schemas: composite keys, self-references, quoted identifiers,
-- schema-qualified tables, wide tables.  Errors: 42601 (malformed shape,
-- saying where), 42703, 42704 (with the declared relationships as HINT),
-- 42701 (a key twice), 21000 (scalar hop with several rows), 54001 (depth),
-- 42501; privileges and row-level security at every level.
CREATE EXTENSION IF NOT EXISTS relnav;
CREATE SCHEMA "fetch";
SET search_path = "fetch", public;
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
-- declared orders
SELECT rel_declare('users', 'kins_by_name', 'kins', order_by => 'full_name DESC');
SELECT rel_declare('specialities', 'users_by_name', 'users',
                   secondary => 'user_speciality', order_by => 'full_name');
-- scalar by declaration although users 1, 2 and 5 have several kins
SELECT rel_declare('users', 'one_kin', 'kins', kind => 'one_to_one');
-- scalar over a column that is not unique: kins with the same relationship
SELECT rel_declare('kins', 'same_relationship', 'kins',
                   source_columns => '{relationship}', target_columns => '{relationship}',
                   kind => 'many_to_one');

-- Move rows to the end of the heap, so that only an ORDER BY gives primary
-- key order.
UPDATE kins SET phone = phone WHERE id IN (1, 4);
UPDATE appointments SET details = details WHERE id IN (1, 4);
UPDATE users SET full_name = full_name WHERE id IN (1, 2);
UPDATE user_speciality SET user_id = user_id WHERE user_id = 1;
-- an appointment without a user
INSERT INTO appointments (id, details, user_id) VALUES (11, 'Walk-in', NULL);

------------------------------------------------------------------------
-- Columns
------------------------------------------------------------------------
-- the default shape is '*': every column, like to_jsonb(row)
SELECT rel_fetch('users', 1);
SELECT rel_fetch('users', 1, '*');
SELECT rel_fetch('kins', 3, '*');
SELECT count(*) FILTER (WHERE rel_fetch('kins', k.id, '*') = to_jsonb(k)) AS same,
       count(*) AS kins
  FROM kins k;
-- named columns only
SELECT rel_fetch('kins', 1, 'full_name');
SELECT rel_fetch('kins', 1, 'full_name, relationship');
-- a column named twice is listed once; unquoted names fold to lower case
SELECT rel_fetch('kins', 1, 'id, id, ID, "id", Full_Name');
-- '*' with named columns: every column once
SELECT rel_fetch('kins', 1, '*, phone');
SELECT rel_fetch('kins', 1, 'phone, *');
SELECT rel_fetch('kins', 1, '*, *');
-- NULL column values stay in the document
SELECT rel_fetch('kins', 3, 'full_name, phone');
-- whitespace around every token is ignored, including tabs and newlines
SELECT rel_fetch('users', 1, E'  full_name\t,\n id  ');
SELECT rel_fetch('users', 1, E'\n kins \t ( \n id , full_name ) , id \n');

------------------------------------------------------------------------
-- Relationships of every kind, in both directions
------------------------------------------------------------------------
-- one_to_many: an array in primary key order
SELECT rel_fetch('users', 1, 'full_name, kins(id, full_name)');
SELECT rel_fetch('users', 1, 'appointments(id, details)');
-- ... '[]' when empty, never null
SELECT rel_fetch('users', 4, 'full_name, kins(id)');
-- ... in the declared order_by
SELECT rel_fetch('users', 1, 'kins_by_name(full_name)');
-- many_to_one: an object, or null
SELECT rel_fetch('appointments', 4, 'details, user(id, full_name)');
SELECT rel_fetch('appointments', 11, 'details, user(id, full_name)');
SELECT rel_fetch('kins', 7, 'full_name, user(*)');
-- one_to_one: an object, or null (user 4 has no profile)
SELECT rel_fetch('users', 2, 'full_name, profile(bio)');
SELECT rel_fetch('users', 4, 'full_name, profile(bio)');
SELECT rel_fetch('profiles', 3, 'bio, user(full_name)');
-- one_to_one declared over a one_to_many key: object, null
SELECT rel_fetch('users', 3, 'one_kin(full_name)');
SELECT rel_fetch('users', 4, 'one_kin(full_name)');
-- many_to_many, both directions, empty for user 5
SELECT rel_fetch('users', 3, 'specialities(*)');
SELECT rel_fetch('users', 5, 'specialities(*)');
SELECT rel_fetch('specialities', 2, 'name, users(full_name)');
SELECT rel_fetch('specialities', 3, 'name, users_by_name(full_name)');
SELECT rel_fetch('users', 1, 'specialities(name, users(full_name))');
-- a many_to_many reaches each target row once, and '*' of the target only
SELECT rel_fetch('specialities', 1, 'users(*)');
-- embedded relationships with '*'
SELECT rel_fetch('users', 2, '*, kins(*), profile(*)');
-- only relationships, no column of the row itself
SELECT rel_fetch('users', 5, 'kins(id)');

------------------------------------------------------------------------
-- Aliases
------------------------------------------------------------------------
SELECT rel_fetch('users', 2, 'full_name, family:kins(*)');
SELECT rel_fetch('users', 1, 'a:kins(id), b:kins(full_name), kins(relationship)');
SELECT rel_fetch('users', 1, '"Next of Kin" : kins ( full_name )');
SELECT rel_fetch('users', 1, 'Family:kins(id)');
-- an alias may be any name the row does not already give
SELECT rel_fetch('users', 1, 'kins:appointments(id)');
SELECT rel_fetch('users', 1, 'full_name:kins(id)');
SELECT rel_fetch('users', 2, 'me:profile(user(kins(full_name)))');

------------------------------------------------------------------------
-- Nested to several levels
------------------------------------------------------------------------
SELECT jsonb_pretty(rel_fetch('users', 2, 'appointments(details, user(full_name, kins(*)))'));
SELECT rel_fetch('kins', 6, 'full_name, user(full_name, specialities(name, users(full_name, profile(bio))))');
SELECT rel_fetch('specialities', 1, 'name, users_by_name(full_name, kins_by_name(full_name, user(id)), appointments(id))');
-- the issue's example, verbatim
SELECT jsonb_pretty(rel_fetch('users', 1, 'full_name, profile(bio), kins(full_name, relationship), appointments(details, user(full_name)), specialities(name)'));
-- ... and for every user the same document as the join written by hand
SELECT u.id,
       rel_fetch('users', u.id, 'full_name, profile(bio), kins(full_name, relationship), appointments(details, user(full_name)), specialities(name)')
       = jsonb_build_object(
           'full_name', u.full_name,
           'profile', (SELECT jsonb_build_object('bio', p.bio) FROM profiles p WHERE p.user_id = u.id),
           'kins', COALESCE((SELECT jsonb_agg(jsonb_build_object('full_name', k.full_name,
                                                                 'relationship', k.relationship) ORDER BY k.id)
                               FROM kins k WHERE k.user_id = u.id), '[]'),
           'appointments', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                                                'details', a.details,
                                                'user', (SELECT jsonb_build_object('full_name', u2.full_name)
                                                           FROM users u2 WHERE u2.id = a.user_id)) ORDER BY a.id)
                                       FROM appointments a WHERE a.user_id = u.id), '[]'),
           'specialities', COALESCE((SELECT jsonb_agg(jsonb_build_object('name', s.name) ORDER BY s.id)
                                       FROM specialities s
                                      WHERE EXISTS (SELECT FROM user_speciality us
                                                     WHERE us.user_id = u.id AND us.speciality_id = s.id)), '[]'))
       AS same
  FROM users u
 ORDER BY u.id;

------------------------------------------------------------------------
-- Keys: missing, NULL, text
------------------------------------------------------------------------
SELECT rel_fetch('users', 99, '*') IS NULL AS missing;
SELECT rel_fetch('users', 99, 'kins(id)') IS NULL AS missing;
SELECT rel_fetch(NULL, 1, '*') IS NULL AS null_source;
SELECT rel_fetch('users', NULL::int, '*') IS NULL AS null_key;
SELECT rel_fetch('users', NULL, '*') IS NULL AS null_untyped_key;
SELECT rel_fetch('users', 1, NULL) IS NULL AS null_shape;
-- with a NULL key or source, even a malformed shape is not looked at
SELECT rel_fetch('users', NULL::int, 'kins(') IS NULL AS null_key;
SELECT rel_fetch('users', '2', 'full_name');
SELECT rel_fetch('users', 2::bigint, 'full_name');
PREPARE fetch_untyped AS SELECT rel_fetch('users', $1, 'full_name, kins(id)');
EXECUTE fetch_untyped('2');
EXECUTE fetch_untyped('99');
DEALLOCATE fetch_untyped;
-- one call per row of a query
SELECT u.id, rel_fetch('users', u.id, 'profile(bio)') FROM users u ORDER BY u.id;
-- one call site, another table, key and shape on every row
SELECT n, rel_fetch(t, k, s)
  FROM (VALUES (1, 'users'::regclass, 1, 'id'), (2, 'kins', 1, 'id, user(id)'),
               (3, 'users', 2, 'kins(id)'), (4, 'kins', 2, 'full_name'),
               (5, 'users', 2, 'kins(id)'), (6, 'appointments', 99, '*')) v(n, t, k, s)
 ORDER BY n;

------------------------------------------------------------------------
-- Quoted identifiers and unusual names
------------------------------------------------------------------------
CREATE TABLE "Mixed Case" (
    "ID"        int PRIMARY KEY,
    "Full Name" text,
    "say ""hi""" text,
    café        text,
    "user id"   int REFERENCES users (id)
);
INSERT INTO "Mixed Case" VALUES (1, 'Zed', 'hello', 'au lait', 1),
                                (2, 'Amy', NULL, NULL, 1),
                                (3, 'Max', 'bye', 'noir', 2);
SELECT rel_declare('users', 'Next Of Kin', '"Mixed Case"', back_populates => 'The User',
                   order_by => '"Full Name"');
SELECT rel_declare('"Mixed Case"', 'The User', 'users', back_populates => 'Next Of Kin');
SELECT rel_fetch('users', 1, '"Next Of Kin"("Full Name", "ID", "say ""hi""", café, "The User"(full_name))');
SELECT rel_fetch('"Mixed Case"', 3, '*, "The User"(id, "Next Of Kin"("ID"))');
SELECT rel_fetch('"Mixed Case"', 3, 'CAFÉ');   -- only ASCII letters fold
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('"Mixed Case"', 3, '"Full Name", "Nick Name":"The User"(full_name)');
-- case matters inside quotes
SELECT rel_fetch('users', 1, '"next of kin"(*)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('"Mixed Case"', 1, 'ID');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the same names unquoted are not one name: a syntax error
SELECT rel_fetch('users', 1, 'Next Of Kin(*)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- SQL keywords and quotes as names
CREATE TABLE "select" ("from" int PRIMARY KEY, "user" int REFERENCES users, "Order" text, "a""b" text);
INSERT INTO "select" VALUES (1, 2, 'first', 'q');
SELECT rel_declare('users', 'selects', '"select"', back_populates => 'owner');
SELECT rel_declare('"select"', 'owner', 'users', back_populates => 'selects');
SELECT rel_fetch('users', 2, 'selects("from", "user", "Order", "a""b", owner(id))');
SELECT rel_fetch('"select"', 1, '*, "where":owner(full_name)');

-- column values as to_jsonb(row) renders them, named or by '*'
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE DOMAIN small AS int CHECK (VALUE < 100);
CREATE TYPE pair AS (x int, y text);
CREATE TABLE typed (
    id int PRIMARY KEY, user_id int REFERENCES users, n numeric, b boolean, d date,
    ts timestamptz, j jsonb, a text[], c pair, iv interval, by bytea, s small, m mood,
    f float8, r int4range
);
INSERT INTO typed VALUES
    (1, 3, 1.50, true, '2024-02-29', '2024-02-29 12:00+00', '{"x": [1, null]}', '{a,NULL}',
     ROW(1, 'one'), '1 day 2 hours', '\x00ff', 7, 'busy', 'NaN', '[1,5)'),
    (2, 3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT rel_declare('users', 'typeds', 'typed');
SELECT t.id,
       rel_fetch('typed', t.id, 'id, user_id, n, b, d, ts, j, a, c, iv, by, s, m, f, r') = to_jsonb(t) AS named,
       rel_fetch('typed', t.id, '*') = to_jsonb(t) AS star
  FROM typed t ORDER BY t.id;
SELECT rel_fetch('users', 3, 'typeds(*)') -> 'typeds'
       = (SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id) FROM typed t) AS embedded;
SELECT rel_fetch('typed', 1, 'j, a, c, m, r');

-- many_to_many through a table without a primary key: each target once
CREATE TABLE likes (user_id int REFERENCES users, speciality_id int REFERENCES specialities);
INSERT INTO likes VALUES (1, 1), (1, 1), (1, 2), (2, 2);
SELECT rel_declare('users', 'liked', 'specialities', secondary => 'likes', back_populates => 'liked_by');
SELECT rel_declare('specialities', 'liked_by', 'users', secondary => 'likes', back_populates => 'liked');
SELECT rel_fetch('users', 1, 'liked(id, liked_by(id))');

------------------------------------------------------------------------
-- Composite primary keys: jsonb keys, embedding through a composite FK
------------------------------------------------------------------------
CREATE TABLE orders (
    order_id    int PRIMARY KEY,
    customer_id int REFERENCES users (id)
);
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
INSERT INTO orders VALUES (1, 1), (2, 2), (3, NULL);
INSERT INTO order_lines VALUES (1, 1, 'stethoscope'), (1, 2, 'gloves'), (2, 1, 'mask'),
                               (2, 2, 'gown');
INSERT INTO line_notes VALUES (1, 2, 2, 'size M'), (1, 2, 1, 'blue'), (1, 1, 1, 'urgent'),
                              (2, 1, 1, 'FFP2');
SELECT rel_declare('users', 'orders', 'orders', back_populates => 'customer');
SELECT rel_declare('orders', 'customer', 'users', back_populates => 'orders');
SELECT rel_declare('orders', 'lines', 'order_lines', back_populates => 'parent_order');
SELECT rel_declare('order_lines', 'parent_order', 'orders', back_populates => 'lines');
SELECT rel_declare('order_lines', 'notes', 'line_notes', back_populates => 'line');
SELECT rel_declare('line_notes', 'line', 'order_lines', back_populates => 'notes');
SELECT rel_fetch('order_lines', '{"order_id": 1, "line_no": 2}'::jsonb, '*');
SELECT rel_fetch('order_lines', '{"order_id": 1, "line_no": 2}'::jsonb,
                 'item, notes(note_no, body), parent_order(order_id, customer(full_name))');
-- the same key as an untyped literal (the text twin)
SELECT rel_fetch('order_lines', '{"line_no": 2, "order_id": 1}', 'item, notes(body)');
SELECT rel_fetch('order_lines', '{"order_id": 9, "line_no": 9}'::jsonb, '*') IS NULL AS missing;
SELECT rel_fetch('line_notes', '{"order_id": 1, "line_no": 2, "note_no": 1}'::jsonb,
                 'body, line(item, notes(note_no), parent_order(order_id))');
SELECT jsonb_pretty(rel_fetch('users', 1, 'full_name, orders(order_id, lines(line_no, item, notes(note_no, body)))'));
SELECT rel_fetch('orders', 3, '*, customer(*), lines(*)');

------------------------------------------------------------------------
-- Self-reference; nesting depth
------------------------------------------------------------------------
CREATE TABLE employees (
    id         int PRIMARY KEY,
    name       text,
    manager_id int REFERENCES employees
);
INSERT INTO employees VALUES (1, 'Ada', NULL), (2, 'Bob', 1), (3, 'Cyd', 1),
                             (4, 'Dee', 2), (5, 'Eve', 2), (6, 'Fay', 4);
-- a chain 100 <- 101 <- ... <- 140
INSERT INTO employees SELECT 100, 'chain 100', NULL;
INSERT INTO employees SELECT i, 'chain ' || i, i - 1 FROM generate_series(101, 140) i;
SELECT rel_declare('employees', 'manager', 'employees', kind => 'many_to_one',
                   back_populates => 'reports');
SELECT rel_declare('employees', 'reports', 'employees', kind => 'one_to_many',
                   back_populates => 'manager', order_by => 'name DESC');
SELECT rel_fetch('employees', 6, 'name, manager(name, manager(name, manager(name, manager(name))))');
SELECT jsonb_pretty(rel_fetch('employees', 1, 'name, reports(name, reports(name, reports(name)), manager(name))'));
SELECT rel_fetch('employees', 2, 'boss:manager(name), reports(name), peers:manager(reports(name))');
-- ten levels along the chain
SELECT rel_fetch('employees', 140, repeat('manager(id, ', 10) || 'id' || repeat(')', 10));
SELECT rel_fetch('employees', 100, repeat('reports(id, ', 10) || 'id' || repeat(')', 10))
       #>> '{reports,0,reports,0,reports,0,reports,0,reports,0,reports,0,reports,0,reports,0,reports,0,reports,0,id}'
       AS tenth;
-- too deep: a clean error, not a crashed or exhausted backend
SELECT rel_fetch('employees', 140, repeat('manager(', 100) || 'id' || repeat(')', 100));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('employees', 140, repeat('manager(', 10000) || 'id' || repeat(')', 10000));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- unbalanced, and deep
SELECT rel_fetch('employees', 140, repeat('manager(', 10000));
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- too many relationships side by side
SELECT rel_fetch('employees', 1, string_agg('r' || i || ':reports(id)', ', '))
  FROM generate_series(1, 1000) i;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('employees', 100, 'id') AS still_working;

------------------------------------------------------------------------
-- Schema-qualified tables, outside the search_path
------------------------------------------------------------------------
CREATE SCHEMA "Fetch Far";
CREATE TABLE "Fetch Far".wards (id int PRIMARY KEY, name text);
CREATE TABLE "Fetch Far"."Beds" (
    id         int PRIMARY KEY,
    ward_id    int REFERENCES "Fetch Far".wards,
    patient_id int REFERENCES users (id)
);
INSERT INTO "Fetch Far".wards VALUES (1, 'North'), (2, 'South');
INSERT INTO "Fetch Far"."Beds" VALUES (12, 1, 1), (11, 1, 3), (21, 2, NULL);
SELECT rel_declare('"Fetch Far".wards', 'beds', '"Fetch Far"."Beds"', back_populates => 'ward');
SELECT rel_declare('"Fetch Far"."Beds"', 'ward', '"Fetch Far".wards', back_populates => 'beds');
SELECT rel_declare('"Fetch Far"."Beds"', 'patient', 'users', back_populates => 'beds');
SELECT rel_declare('users', 'beds', '"Fetch Far"."Beds"', back_populates => 'patient');
SELECT rel_fetch('"Fetch Far".wards', 1, 'name, beds(id, patient(full_name))');
SELECT rel_fetch('"Fetch Far"."Beds"', 21, '*, ward(*), patient(*)');
SELECT rel_fetch('users', 3, 'full_name, beds(id, ward(name, beds(id)))');

------------------------------------------------------------------------
-- Wide documents: more columns and relationships than one function call
-- takes arguments
------------------------------------------------------------------------
DO $$
BEGIN
    EXECUTE 'CREATE TABLE wide (id int PRIMARY KEY, user_id int REFERENCES users, '
         || (SELECT string_agg(format('c%s int DEFAULT %s', i, i * 10), ', ')
               FROM generate_series(1, 120) i) || ')';
END
$$;
INSERT INTO wide (id, user_id) VALUES (1, 1), (2, 1);
SELECT rel_declare('users', 'wides', 'wide');
SELECT rel_fetch('wide', 1, 'id, user_id, ' || string_agg('c' || i, ', ' ORDER BY i))
       = (SELECT to_jsonb(w) FROM wide w WHERE id = 1) AS same
  FROM generate_series(1, 120) i;
SELECT (SELECT count(*) FROM jsonb_object_keys(d)) AS keys,
       (SELECT count(DISTINCT v) FROM jsonb_each(d) e(k, v)) AS distinct_values,
       d -> 'w77' AS w77
  FROM (SELECT rel_fetch('users', 1,
                         'id, ' || string_agg('w' || i || ':wides(id, c' || i || ')', ', ' ORDER BY i)) AS d
          FROM generate_series(1, 120) i) s;

------------------------------------------------------------------------
-- Malformed shapes: 42601, saying where and what was expected
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, '');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, '   ');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- unbalanced parentheses, both ways
SELECT rel_fetch('users', 1, 'kins(id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id, user(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, ')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, '((id))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins((id))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- commas
SELECT rel_fetch('users', 1, 'id,');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id,)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, ',id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id,,full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- empty parentheses
SELECT rel_fetch('users', 1, 'kins()');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- ':' without an alias or without a relationship, an alias without '('
SELECT rel_fetch('users', 1, ':kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'family:(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'family:');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'family:kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'a:b:kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, '*:kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins*');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a malformed shape is a syntax error whatever the names in it: the
-- grammar is checked before any name is looked up
SELECT rel_fetch('users', 1, 'kins garbage');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'nope(id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- quotes
SELECT rel_fetch('users', 1, '"full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, ""');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'full_name''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- SQL is not a shape
SELECT rel_fetch('users', 1, 'id; DROP TABLE users');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id -- comment');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id /* c */');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'users.id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, '$$id$$');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, '1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- where the error is, in characters (not bytes), in a long shape
SELECT rel_fetch('users', 1, 'full_name, kins(full_name), "Next Of Kin"(café, "Full Name"), appointments(details ∅)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Unknown names: 42703 columns, 42704 relationships (HINT lists them)
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(nope)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'appointments(user(full_name, nope))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'ctid');          -- system columns are not in to_jsonb(row)
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a relationship named as a column
SELECT rel_fetch('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'nope(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'family:nope(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(user(nope(id)))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a column named as a relationship
SELECT rel_fetch('users', 1, 'full_name(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a relationship of another table
SELECT rel_fetch('kins', 1, 'kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('"Fetch Far".wards', 1, 'patient(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a table that has no relationship at all
SELECT rel_fetch('user_speciality', '{"user_id": 1, "speciality_id": 1}', 'user(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- A key twice at one level: 42701
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'kins(id), kins(full_name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'a:kins(id), a:profile(bio)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'full_name, full_name:kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'full_name:kins(id), full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, '*, id:kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id:kins(id), *');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id, a:user(id), a:user(id))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the same name at different levels is no clash
SELECT rel_fetch('users', 3, 'id, kins(id, user(id, kins(id)))');

------------------------------------------------------------------------
-- A scalar hop that finds more than one row: 21000
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'one_kin(full_name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- kins 1 and 4 are both spouses
SELECT rel_fetch('kins', 1, 'same_relationship(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('kins', 5, 'full_name, same_relationship(id)');   -- the only child
-- deeper down
SELECT rel_fetch('appointments', 1, 'user(one_kin(id))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('appointments', 6, 'user(one_kin(id))');

------------------------------------------------------------------------
-- Plans are reused, and follow declarations and columns
------------------------------------------------------------------------
PREPARE fetch_cached(int) AS SELECT rel_fetch('users', $1, 'kins_by_name(full_name)');
EXECUTE fetch_cached(1);
EXECUTE fetch_cached(2);
SELECT rel_drop('users', 'kins_by_name');
SELECT rel_declare('users', 'kins_by_name', 'kins', order_by => 'full_name');
EXECUTE fetch_cached(1);
SELECT rel_drop('users', 'kins_by_name');
EXECUTE fetch_cached(1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'kins_by_name', 'kins', order_by => 'full_name DESC');
EXECUTE fetch_cached(1);
DEALLOCATE fetch_cached;
PREPARE fetch_cached AS SELECT rel_fetch('users', 2, 'kins(phone)'), rel_fetch('users', 2, 'kins(*)');
EXECUTE fetch_cached;
ALTER TABLE kins RENAME phone TO telephone;
EXECUTE fetch_cached;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
ALTER TABLE kins RENAME telephone TO phone;
ALTER TABLE kins ADD COLUMN note text DEFAULT 'new';
EXECUTE fetch_cached;
ALTER TABLE kins DROP COLUMN note;
EXECUTE fetch_cached;
DEALLOCATE fetch_cached;
-- a column added under an alias of the shape: the key is now twice
PREPARE fetch_cached AS SELECT rel_fetch('users', 4, '*, note:kins(id)');
EXECUTE fetch_cached;
ALTER TABLE users ADD COLUMN note text DEFAULT 'n';
EXECUTE fetch_cached;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
ALTER TABLE users DROP COLUMN note;
EXECUTE fetch_cached;
DEALLOCATE fetch_cached;
-- a declaration rolled back is gone for the plans that used it
BEGIN;
SELECT rel_declare('users', 'kins_again', 'kins');
SELECT rel_fetch('users', 5, 'kins_again(id)');
ROLLBACK;
SELECT rel_fetch('users', 5, 'kins_again(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Privileges and row-level security at every level
------------------------------------------------------------------------
CREATE ROLE regress_relnav_fetch_rls;      -- SELECT on every table, under policies
CREATE ROLE regress_relnav_fetch_nokins;   -- no SELECT on kins
CREATE ROLE regress_relnav_fetch_cols;     -- SELECT on some columns of kins
GRANT USAGE ON SCHEMA "fetch" TO regress_relnav_fetch_rls, regress_relnav_fetch_nokins,
                               regress_relnav_fetch_cols;
GRANT SELECT ON ALL TABLES IN SCHEMA "fetch" TO regress_relnav_fetch_rls;
GRANT SELECT ON users, profiles, appointments, specialities, user_speciality
   TO regress_relnav_fetch_nokins, regress_relnav_fetch_cols;
GRANT SELECT (id, full_name, user_id) ON kins TO regress_relnav_fetch_cols;
ALTER TABLE kins ENABLE ROW LEVEL SECURITY;
CREATE POLICY no_parents ON kins USING (relationship <> 'parent');
ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_two ON profiles USING (user_id <> 2);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_five ON users USING (id <> 5);
-- plans made by the owner first
SELECT rel_fetch('users', 1, 'full_name, kins(full_name, relationship)');
SELECT rel_fetch('users', 2, 'profile(bio)');
SELECT rel_fetch('users', 5, 'full_name');
SELECT rel_fetch('kins', 7, 'user(full_name)');
SET ROLE regress_relnav_fetch_rls;
-- the policy hides Ada, a parent, inside the document
SELECT rel_fetch('users', 1, 'full_name, kins(full_name, relationship)');
SELECT rel_fetch('users', 3, 'kins(id)');
-- a hidden scalar is null
SELECT rel_fetch('users', 2, 'profile(bio)');
-- a hidden root row gives NULL, a hidden embedded row null
SELECT rel_fetch('users', 5, 'full_name') IS NULL AS hidden;
SELECT rel_fetch('kins', 7, 'user(full_name)');
-- deeper levels
SELECT rel_fetch('specialities', 3, 'users(id, kins(relationship), profile(id))');
RESET ROLE;
SET ROLE regress_relnav_fetch_nokins;
SELECT rel_fetch('users', 1, 'full_name, profile(bio)');
SELECT rel_fetch('users', 1, 'full_name, kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('appointments', 1, 'user(kins(id))');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- an empty collection still needs the privilege
SELECT rel_fetch('users', 4, 'kins(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('kins', 1, 'id');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
SET ROLE regress_relnav_fetch_cols;
SELECT rel_fetch('users', 2, 'kins(id, full_name)');
SELECT rel_fetch('users', 2, 'kins(phone)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 2, 'kins(*)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
-- and the owner still sees everything through the same plans
SELECT rel_fetch('users', 1, 'full_name, kins(full_name, relationship)');
SELECT rel_fetch('users', 2, 'kins(*)') -> 'kins' -> 0 ->> 'phone' AS phone;
ALTER TABLE kins DISABLE ROW LEVEL SECURITY;
ALTER TABLE profiles DISABLE ROW LEVEL SECURITY;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;

SET client_min_messages = warning;
DROP SCHEMA "Fetch Far" CASCADE;
DROP SCHEMA "fetch" CASCADE;
RESET client_min_messages;
RESET search_path;
DROP ROLE regress_relnav_fetch_rls;
DROP ROLE regress_relnav_fetch_nokins;
DROP ROLE regress_relnav_fetch_cols;
