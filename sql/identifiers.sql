-- Identifiers: tables, columns and relationship names with capitals,
-- spaces, quotes, dots and reserved words; schema-qualified tables; how
-- names in paths fold.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA identifiers;
SET search_path = identifiers, public;
\set VERBOSITY default

CREATE TABLE "Patient" ("Id" int PRIMARY KEY, "Full Name" text);
CREATE TABLE "Next Of Kin" (
    "Kin.Id"      int PRIMARY KEY,
    "Patient Id"  int REFERENCES "Patient",
    "Name"        text,
    "select"      text,          -- a reserved word
    "Kins"        text           -- a column whose name differs from "kins" only in case
);
CREATE TABLE "order" ("from" int PRIMARY KEY, "Patient Id" int REFERENCES "Patient", "select" text);
CREATE TABLE "we""ird.table" (id int PRIMARY KEY, "or""der" int REFERENCES "order", note text);
INSERT INTO "Patient" VALUES (1, 'Ana Lima'), (2, 'Ben Ode');
INSERT INTO "Next Of Kin" VALUES (10, 1, 'Carla', 'x', 'a'), (11, 1, 'Dino', 'y', 'b'), (12, 2, 'Eva', 'z', 'c');
INSERT INTO "order" VALUES (100, 1, 'first'), (101, 1, 'second'), (102, 2, 'third');
INSERT INTO "we""ird.table" VALUES (1, 100, 'n1'), (2, 100, 'n2'), (3, 102, 'n3');

------------------------------------------------------------------------
-- Tables as regclass: quoted, with spaces, quotes, dots, reserved words
------------------------------------------------------------------------
SELECT rel_declare('"Patient"', 'Next Of Kin', '"Next Of Kin"', back_populates => 'patient');
SELECT rel_declare('"Next Of Kin"', 'patient', '"Patient"', back_populates => 'Next Of Kin');
SELECT rel_declare('"Patient"', 'orders', '"order"', order_by => '"select" DESC');
SELECT rel_declare('"order"', 'patient', '"Patient"');
SELECT rel_declare('"order"', 'we"ird', '"we""ird.table"');
SELECT rel_declare('"we""ird.table"', 'order', '"order"');
SELECT source, name, target, kind, source_columns, target_columns, back_populates, order_by
  FROM rel_relationships
 WHERE source::oid IN (SELECT oid FROM pg_class WHERE relnamespace = 'identifiers'::regnamespace)
 ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT * FROM rel_navigate('"Patient"', 1, '"Next Of Kin"');
SELECT * FROM rel_navigate('"Patient"', 1, 'orders');
SELECT * FROM rel_navigate('"order"', 100, '"we""ird"');
SELECT * FROM rel_navigate('"we""ird.table"', 3, '"order".patient');
SELECT * FROM rel_rows(NULL::"we""ird.table", '"order"', 100, '"we""ird"');
SELECT rel_count('"Patient"', 1, 'orders."we""ird"');
-- the table's unquoted name does not exist (it is "Patient")
SELECT * FROM rel_navigate('Patient', 1, '"Next Of Kin"');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Names in paths: unquoted names fold, quoted names keep case, spaces,
-- dots and quotes; whitespace around names is ignored
------------------------------------------------------------------------
-- the contract's own example, '"Next Of Kin".user'
SELECT rel_declare('"Next Of Kin"', 'user', '"Patient"');
SELECT * FROM rel_navigate('"Patient"', 2, '"Next Of Kin".user');
SELECT * FROM rel_navigate('"Patient"', 2, '"Next Of Kin".patient');
SELECT * FROM rel_navigate('"Patient"', 2, '  "Next Of Kin"  .  patient  ');
SELECT * FROM rel_navigate('"Patient"', 2, E'\t"Next Of Kin"\n.\tPATIENT\n');
SELECT * FROM rel_navigate('"Patient"', 2, '"Next Of Kin".PaTiEnT."Next Of Kin"');
-- folding does not reach a name with capitals
SELECT * FROM rel_navigate('"Patient"', 2, 'Next Of Kin');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('"Patient"', 2, '"next of kin"');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a quoted name is exact: '"Patient"' is not 'patient'
SELECT * FROM rel_navigate('"Next Of Kin"', 10, '"Patient"');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- Names differing only in case are different relationships, and a name
-- is stored exactly as given.
CREATE TABLE kin_notes (id int PRIMARY KEY, "Kin Id" int REFERENCES "Next Of Kin", body text);
INSERT INTO kin_notes VALUES (1, 10, 'calls on Sundays'), (2, 11, 'speaks Italian'),
                             (3, 10, 'has a key'), (4, 10, 'brings flowers');
-- three names, three orders
SELECT rel_declare('"Next Of Kin"', 'notes', 'kin_notes');
SELECT rel_declare('"Next Of Kin"', 'Notes', 'kin_notes', order_by => 'body');
SELECT rel_declare('"Next Of Kin"', 'NOTES', 'kin_notes', order_by => 'id DESC');
SELECT name FROM rel_relationships WHERE source = '"Next Of Kin"'::regclass ORDER BY name COLLATE "C";
SELECT v->>'body' AS body FROM rel_navigate('"Next Of Kin"', 10, 'notes') v;
SELECT v->>'body' AS body FROM rel_navigate('"Next Of Kin"', 10, 'Notes') v;       -- folds to notes
SELECT v->>'body' AS body FROM rel_navigate('"Next Of Kin"', 10, 'NOTES') v;       -- folds to notes
SELECT v->>'body' AS body FROM rel_navigate('"Next Of Kin"', 10, '"Notes"') v;
SELECT v->>'body' AS body FROM rel_navigate('"Next Of Kin"', 10, '"NOTES"') v;
SELECT rel_drop('"Next Of Kin"', 'Notes');
SELECT rel_drop('"Next Of Kin"', 'NOTES');
-- a relationship may be named like a column in another case ("Kins" is a column)
SELECT rel_declare('"Next Of Kin"', 'kins', 'kin_notes');
SELECT rel_drop('"Next Of Kin"', 'kins');
-- but not exactly like one: 42710
SELECT rel_declare('"Next Of Kin"', 'Kins', 'kin_notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('"Next Of Kin"', 'select', 'kin_notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('"Next Of Kin"', 'Kin.Id', 'kin_notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- Relationship names with dots, quotes, spaces and reserved words
SELECT rel_declare('"Next Of Kin"', 'a.b', 'kin_notes');
SELECT rel_declare('"Next Of Kin"', 'say "hi"', 'kin_notes');
SELECT rel_declare('"Next Of Kin"', 'from', 'kin_notes');
SELECT rel_declare('"Next Of Kin"', ' padded ', 'kin_notes');
SELECT rel_declare('"Next Of Kin"', 'café', 'kin_notes');
SELECT rel_count('"Next Of Kin"', 10, '"a.b"') AS dotted,
       rel_count('"Next Of Kin"', 10, '"say ""hi"""') AS quoted,
       rel_count('"Next Of Kin"', 10, 'from') AS reserved,
       rel_count('"Next Of Kin"', 10, '"from"') AS reserved_quoted,
       rel_count('"Next Of Kin"', 10, '" padded "') AS padded,
       rel_count('"Next Of Kin"', 10, 'café') AS accented,
       rel_count('"Next Of Kin"', 10, 'patient."Next Of Kin"."a.b"') AS hops;
-- unquoted, a dot separates hops
SELECT rel_count('"Next Of Kin"', 10, 'a.b');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the padding of ' padded ' is part of its name
SELECT rel_count('"Next Of Kin"', 10, 'padded');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the HINT quotes the declared names where SQL would
SELECT rel_count('"Next Of Kin"', 10, 'nope');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Columns with capitals, spaces and dots, given explicitly
------------------------------------------------------------------------
SELECT rel_declare('kin_notes', 'kin', '"Next Of Kin"',
                   source_columns => ARRAY['Kin Id'], target_columns => ARRAY['Kin.Id']);
SELECT rel_declare('"Patient"', 'notes', 'kin_notes', secondary => '"Next Of Kin"',
                   source_columns => '{Id}', secondary_source_columns => '{"Patient Id"}',
                   secondary_target_columns => '{Kin.Id}', target_columns => '{"Kin Id"}',
                   order_by => 'body');
SELECT name, kind, source_columns, target_columns, secondary, order_by
  FROM rel_relationships WHERE source IN ('kin_notes'::regclass, '"Patient"'::regclass)
 ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT * FROM rel_navigate('kin_notes', 2, 'kin');
SELECT v->>'body' AS body FROM rel_navigate('"Patient"', 1, 'notes') v;
-- column names in arrays are exact, not folded
SELECT rel_declare('kin_notes', 'kin2', '"Next Of Kin"',
                   source_columns => ARRAY['kin id'], target_columns => ARRAY['Kin.Id']);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('kin_notes', 'kin2', '"Next Of Kin"',
                   source_columns => ARRAY['"Kin Id"'], target_columns => ARRAY['Kin.Id']);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- order_by follows SQL: quoted names keep case, unquoted ones fold
SELECT v->>'Name' AS name FROM rel_navigate('"Patient"', 1, '"Next Of Kin"', order_by => '"Name" DESC') v;
SELECT v->>'Name' AS name FROM rel_navigate('"Patient"', 1, '"Next Of Kin"', order_by => '"Kin.Id" DESC') v;
SELECT v->>'Name' AS name FROM rel_navigate('"Patient"', 1, '"Next Of Kin"', order_by => 'Name') v;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT v->>'from' AS "from" FROM rel_navigate('"Patient"', 1, 'orders', order_by => '"select"') v;
-- reserved words need no quotes, as in paths ('appointments.user.kins')
SELECT v->>'from' AS "from" FROM rel_navigate('"Patient"', 1, 'orders', order_by => 'select DESC') v;

------------------------------------------------------------------------
-- Schema-qualified tables, with the schema off the search_path
------------------------------------------------------------------------
CREATE SCHEMA app;
CREATE SCHEMA "My App";
CREATE TABLE app.users (id int PRIMARY KEY, full_name text);
CREATE TABLE app.kins (id int PRIMARY KEY, user_id int REFERENCES app.users, full_name text);
CREATE TABLE "My App"."Visits" (id int PRIMARY KEY, user_id int REFERENCES app.users, what text);
INSERT INTO app.users VALUES (1, 'Qualified Quinn'), (2, 'Other Olga');
INSERT INTO app.kins VALUES (1, 1, 'Kin One'), (2, 1, 'Kin Two'), (3, 2, 'Kin Three');
INSERT INTO "My App"."Visits" VALUES (1, 1, 'check-up'), (2, 2, 'x-ray');
-- a table "users" in the test schema must not be confused with app.users
CREATE TABLE users (id int PRIMARY KEY, full_name text);
INSERT INTO users VALUES (1, 'Unqualified Uma');
SELECT rel_declare('app.users', 'kins', 'app.kins', back_populates => 'user');
SELECT rel_declare('app.kins', 'user', 'app.users', back_populates => 'kins');
SELECT rel_declare('app.users', 'visits', '"My App"."Visits"');
SELECT rel_declare('"My App"."Visits"', 'user', 'app.users');
SELECT source, name, target, kind FROM rel_relationships
 WHERE source IN ('app.users'::regclass, 'app.kins'::regclass, '"My App"."Visits"'::regclass)
 ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT v->>'full_name' AS full_name FROM rel_navigate('app.users', 1, 'kins') v;
SELECT * FROM rel_navigate('app.kins', 3, 'user');
SELECT * FROM rel_navigate('"My App"."Visits"', 1, 'user.kins');
SELECT r.full_name FROM rel_rows(NULL::app.kins, 'app.users', 1, 'kins') r ORDER BY r.id;
-- the unqualified users is another table, with no relationship
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::users, 'app.kins', 1, 'user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- with app on the search_path the same declarations are found unqualified
SET search_path = app, identifiers, public;
SELECT v->>'full_name' AS full_name FROM rel_navigate('users', 2, 'kins') v;
SELECT source, name, target FROM rel_relationships
 WHERE source = 'kins'::regclass ORDER BY name;
SET search_path = identifiers, public;
-- a table given by OID
SELECT count(*) FROM rel_navigate('app.users'::regclass::oid::regclass, 1, 'visits');

SET client_min_messages = warning;
DROP SCHEMA app CASCADE;
DROP SCHEMA "My App" CASCADE;
DROP SCHEMA identifiers CASCADE;
RESET client_min_messages;
RESET search_path;
