-- rel_diagram: Mermaid and Graphviz output for the clinic, every kind with
-- and without a mirror, NOT NULL and unique foreign keys, self-references,
-- names that need quoting, and formats.  The diagram shows every
-- declaration in the database; the other tests drop theirs when they end.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA diagram;
SET search_path = diagram, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all

-- nothing declared yet (in this schema at least)
SELECT count(*) FROM rel_relationships r, pg_class c
 WHERE c.oid = r.source AND c.relnamespace = 'diagram'::regnamespace;

------------------------------------------------------------------------
-- the clinic, reflected: one edge per back_populates pair
------------------------------------------------------------------------
SELECT rel_reflect('diagram');
\pset format unaligned
\pset tuples_only on
SELECT rel_diagram();
SELECT rel_diagram('dot');
\pset format aligned
\pset tuples_only off

------------------------------------------------------------------------
-- one side only, NOT NULL and unique foreign keys, a self-reference
------------------------------------------------------------------------
CREATE TABLE visits (
    id      int PRIMARY KEY,
    user_id int NOT NULL REFERENCES users,
    room    int
);
CREATE TABLE badges (
    id      int PRIMARY KEY,
    user_id int NOT NULL UNIQUE REFERENCES users
);
CREATE TABLE employees (id int PRIMARY KEY, manager_id int REFERENCES employees);
-- a many_to_one alone: its source on the left
SELECT rel_declare('visits', 'user', 'users');
-- a one_to_many alone, over a unique NOT NULL key: exactly one / zero or one
SELECT rel_declare('users', 'badges', 'badges', uselist => true);
-- a many_to_many alone
SELECT rel_declare('specialities', 'members', 'users', secondary => 'user_speciality');
SELECT rel_declare('employees', 'manager', 'employees', kind => 'many_to_one',
                   back_populates => 'reports');
SELECT rel_declare('employees', 'reports', 'employees', kind => 'one_to_many',
                   back_populates => 'manager');
\pset format unaligned
\pset tuples_only on
SELECT rel_diagram();
SELECT rel_diagram('dot');
\pset format aligned
\pset tuples_only off

------------------------------------------------------------------------
-- exactly one (||) only where a foreign key with NOT NULL columns
-- guarantees it: not for a join no constraint backs, not once the foreign
-- key is dropped
------------------------------------------------------------------------
CREATE TABLE stays (id int PRIMARY KEY, guest int NOT NULL);
SELECT rel_declare('stays', 'guest_user', 'users', source_columns => '{guest}',
                   target_columns => '{id}');
\pset format unaligned
\pset tuples_only on
SELECT rel_diagram();
\pset format aligned
\pset tuples_only off
ALTER TABLE visits DROP CONSTRAINT visits_user_id_fkey;
ALTER TABLE badges DROP CONSTRAINT badges_user_id_fkey;
\pset format unaligned
\pset tuples_only on
SELECT rel_diagram();
\pset format aligned
\pset tuples_only off

------------------------------------------------------------------------
-- drawing takes no lock on any declared table, so an open transaction that
-- drew a diagram blocks no owner's DDL
------------------------------------------------------------------------
BEGIN;
SELECT length(rel_diagram()) > 0 AS drawn;
SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
 WHERE l.pid = pg_backend_pid() AND c.relnamespace = 'diagram'::regnamespace
 ORDER BY c.relname, l.mode;
COMMIT;

------------------------------------------------------------------------
-- names with spaces, quotes, capitals, other schemas and odd characters
------------------------------------------------------------------------
SET client_min_messages = warning;
SELECT rel_drop(r.source, r.name) FROM rel_relationships r, pg_class c
 WHERE c.oid = r.source AND c.relnamespace = 'diagram'::regnamespace
 ORDER BY r.source::text, r.name;
RESET client_min_messages;
CREATE SCHEMA diagram_other;
CREATE TABLE "Next Of Kin" (id int PRIMARY KEY, user_id int REFERENCES users);
CREATE TABLE "say ""cheese""" (id int PRIMARY KEY, user_id int REFERENCES users);
CREATE TABLE "say 'cheese'" (id int PRIMARY KEY, user_id int REFERENCES users);
CREATE TABLE "100% back\slash" (id int PRIMARY KEY, user_id int REFERENCES users);
CREATE TABLE diagram_other.orders (id int PRIMARY KEY, user_id int REFERENCES users);
SELECT rel_declare('users', 'Kin "closest"', '"Next Of Kin"', back_populates => 'the user');
SELECT rel_declare('"Next Of Kin"', 'the user', 'users', back_populates => 'Kin "closest"');
SELECT rel_declare('users', 'quoted', '"say ""cheese"""');
SELECT rel_declare('users', 'single', '"say ''cheese''"');
SELECT rel_declare('users', 'odd', '"100% back\slash"');
SELECT rel_declare('users', 'orders', 'diagram_other.orders');
\pset format unaligned
\pset tuples_only on
SELECT rel_diagram();
SELECT rel_diagram('dot');
\pset format aligned
\pset tuples_only off

------------------------------------------------------------------------
-- formats
------------------------------------------------------------------------
SELECT rel_diagram('Mermaid') = rel_diagram() AS same, rel_diagram('DOT') = rel_diagram('dot') AS same;
SELECT rel_diagram(NULL);
SELECT rel_diagram('png');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_diagram('');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

SET client_min_messages = warning;
DROP SCHEMA diagram, diagram_other CASCADE;
RESET client_min_messages;
-- with nothing declared, an empty diagram
\pset format unaligned
\pset tuples_only on
SELECT rel_diagram();
SELECT rel_diagram('dot');
\pset format aligned
\pset tuples_only off
RESET search_path;
