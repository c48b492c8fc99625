-- Self-references: one constraint, two directions; kind picks one,
-- foreign_key picks among several self-referencing constraints.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA self_reference;
SET search_path = self_reference, public;
\set VERBOSITY default

CREATE TABLE employees (
    id         int PRIMARY KEY,
    name       text,
    manager_id int REFERENCES employees
);
--        1 Ada
--       /     \
--   2 Bo      3 Cy
--   /  \         \
-- 4 Di  5 Ed     6 Fe
INSERT INTO employees VALUES (1, 'Ada', NULL), (2, 'Bo', 1), (3, 'Cy', 1),
                             (4, 'Di', 2), (5, 'Ed', 2), (6, 'Fe', 3);

-- one constraint, two directions: the error asks for kind
SELECT rel_declare('employees', 'manager', 'employees');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('employees', 'manager', 'employees', foreign_key => 'employees_manager_id_fkey');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- kind picks the direction; back_populates links them
SELECT rel_declare('employees', 'manager', 'employees', kind => 'many_to_one',
                   back_populates => 'reports');
SELECT rel_declare('employees', 'reports', 'employees', kind => 'one_to_many',
                   back_populates => 'manager', order_by => 'name DESC');
SELECT name, target, kind, uselist, source_columns, target_columns, back_populates, order_by
  FROM rel_relationships WHERE source = 'employees'::regclass ORDER BY name;

-- both directions work
SELECT * FROM rel_navigate('employees', 4, 'manager');
SELECT * FROM rel_navigate('employees', 1, 'manager');          -- the top has none
SELECT * FROM rel_navigate('employees', 2, 'reports');
SELECT * FROM rel_navigate('employees', 6, 'reports');          -- nobody reports to Fe
SELECT * FROM rel_navigate('employees', 2, 'reports', order_by => 'id');
SELECT e.id, rel_count('employees', e.id, 'reports') AS reports,
       rel_count('employees', e.id, 'manager') AS has_manager
  FROM employees e ORDER BY e.id;
-- several hops
SELECT * FROM rel_navigate('employees', 4, 'manager.manager');
SELECT * FROM rel_navigate('employees', 4, 'manager.manager.manager');
SELECT v->>'name' AS name FROM rel_navigate('employees', 1, 'reports.reports') v;
-- Di's colleagues: Di and Ed, each once
SELECT v->>'name' AS name FROM rel_navigate('employees', 4, 'manager.reports') v;
-- both of Ada's reports lead back to Ada: once
SELECT v->>'name' AS name FROM rel_navigate('employees', 1, 'reports.manager') v;
SELECT e.name FROM rel_rows(NULL::employees, 'employees', 1, 'reports.reports', order_by => 'id') e;

-- a scalar declared on the collection side finds several rows: 21000
SELECT rel_declare('employees', 'only_report', 'employees', kind => 'one_to_one');
SELECT name, kind, uselist FROM rel_relationships
 WHERE source = 'employees'::regclass AND name = 'only_report';
SELECT * FROM rel_navigate('employees', 3, 'only_report');
SELECT * FROM rel_navigate('employees', 2, 'only_report');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- uselist => false picks the one_to_many direction too, given kind
SELECT rel_declare('employees', 'first_report', 'employees', kind => 'one_to_many', uselist => false);
SELECT kind FROM rel_relationships WHERE source = 'employees'::regclass AND name = 'first_report';
-- kind many_to_one with uselist => true: an error
SELECT rel_declare('employees', 'managers', 'employees', kind => 'many_to_one', uselist => true);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Several self-referencing constraints: foreign_key picks one
------------------------------------------------------------------------
ALTER TABLE employees ADD COLUMN mentor_id int;
ALTER TABLE employees ADD CONSTRAINT employees_mentor_fkey FOREIGN KEY (mentor_id) REFERENCES employees;
UPDATE employees SET mentor_id = 3 WHERE id IN (4, 5);
UPDATE employees SET mentor_id = 1 WHERE id = 6;
-- what was declared before still follows manager_id
SELECT * FROM rel_navigate('employees', 4, 'manager');
-- kind alone no longer decides: the error names both constraints
SELECT rel_declare('employees', 'mentor', 'employees', kind => 'many_to_one');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('employees', 'mentor', 'employees');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- foreign_key alone leaves the direction open
SELECT rel_declare('employees', 'mentor', 'employees', foreign_key => 'employees_mentor_fkey');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('employees', 'mentor', 'employees', foreign_key => 'employees_mentor_fkey',
                   kind => 'many_to_one', back_populates => 'mentees');
SELECT rel_declare('employees', 'mentees', 'employees', foreign_key => 'employees_mentor_fkey',
                   kind => 'one_to_many', back_populates => 'mentor');
SELECT name, kind, source_columns, target_columns, back_populates
  FROM rel_relationships WHERE source = 'employees'::regclass ORDER BY name;
SELECT * FROM rel_navigate('employees', 5, 'mentor');
SELECT v->>'name' AS name FROM rel_navigate('employees', 3, 'mentees') v;
SELECT v->>'name' AS name FROM rel_navigate('employees', 1, 'mentees.manager') v;
-- back_populates must name the inverse over the same constraint
SELECT rel_declare('employees', 'mentored_by', 'employees', foreign_key => 'employees_mentor_fkey',
                   kind => 'many_to_one', back_populates => 'reports');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('employees', 'bosses_of', 'employees', foreign_key => 'employees_manager_id_fkey',
                   kind => 'one_to_many', back_populates => 'mentor');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- A self-referencing join without a constraint, and a many-to-many
-- between rows of one table
------------------------------------------------------------------------
ALTER TABLE employees ADD COLUMN buddy_id int;
UPDATE employees SET buddy_id = 5 WHERE id = 4;
-- the target's columns are its primary key: many_to_one
SELECT rel_declare('employees', 'buddy', 'employees',
                   source_columns => '{buddy_id}', target_columns => '{id}');
-- the source's are: one_to_many
SELECT rel_declare('employees', 'buddied_by', 'employees',
                   source_columns => '{id}', target_columns => '{buddy_id}');
SELECT name, kind FROM rel_relationships
 WHERE source = 'employees'::regclass AND name LIKE 'budd%' ORDER BY name;
SELECT v->>'name' AS name FROM rel_navigate('employees', 4, 'buddy') v;
SELECT v->>'name' AS name FROM rel_navigate('employees', 5, 'buddied_by') v;

CREATE TABLE friendships (
    a_id int REFERENCES employees,
    b_id int REFERENCES employees,
    PRIMARY KEY (a_id, b_id)
);
INSERT INTO friendships VALUES (1, 2), (1, 6), (4, 1), (5, 6);
-- the secondary has two keys to the source: which one leads to it?
SELECT rel_declare('employees', 'friends', 'employees', secondary => 'friendships');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('employees', 'friends', 'employees', secondary => 'friendships',
                   foreign_key => 'friendships_a_id_fkey', back_populates => 'friend_of');
SELECT rel_declare('employees', 'friend_of', 'employees', secondary => 'friendships',
                   foreign_key => 'friendships_b_id_fkey', back_populates => 'friends');
SELECT name, kind, source_columns, target_columns, secondary_source_columns, secondary_target_columns
  FROM rel_relationships WHERE source = 'employees'::regclass AND secondary IS NOT NULL ORDER BY name;
SELECT v->>'name' AS name FROM rel_navigate('employees', 1, 'friends') v;
SELECT v->>'name' AS name FROM rel_navigate('employees', 1, 'friend_of') v;
SELECT v->>'name' AS name FROM rel_navigate('employees', 6, 'friend_of') v;
SELECT v->>'name' AS name FROM rel_navigate('employees', 4, 'friends.friends') v;

SET client_min_messages = warning;
DROP SCHEMA self_reference CASCADE;
RESET client_min_messages;
RESET search_path;
