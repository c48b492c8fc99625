-- Recursive paths: quantified hops (+, *, {n}, {m,n}, {m,}) on
-- self-referential relationships, in rel_navigate, rel_rows, rel_count and
-- rel_navigate_many.
--
-- Every answer is checked against the WITH RECURSIVE statement a user would
-- write by hand (CYCLE for the unbounded walks, a (row, depth) set for the
-- bounded ones), and printed, so that it can also be read against the
-- pictures below.  Each check prints
--   relnav  the rows relnav returns, in its order (names);
--   same    whether relnav's rows (whole jsonb rows, in order) are exactly
--           those of the hand-written statement in the navigation's order.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA recursive;
SET search_path = recursive, public;
-- the generated SQL is not part of the interface: keep it out of errors
\set SHOW_CONTEXT never

----------------------------------------------------------------------------
-- An org chart with a manager cycle
--
--   1 Ada                    9 Ivy <-- 10 Jo       20 Pa -> 21 Qi -> 22 Ro
--   +-- 2 Bo                   |        ^          ^                    |
--   |   +-- 4 Di               v        |          |                    v
--   |   +-- 5 Ed             11 Kim ----+          24 Tu <---------- 23 Sy
--   |       +-- 7 Gus          ^
--   |           +-- 8 Hal      12 Lu               (arrows: "has manager")
--   +-- 3 Cy
--       +-- 6 Fe
--
-- Ivy's manager is Kim, Kim's is Jo, Jo's is Ivy; Lu reports to Kim.  The
-- ring Pa..Tu is a cycle of five managers.

CREATE TABLE departments (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO departments VALUES (1, 'Board'), (2, 'Sales'), (3, 'Lab');

CREATE TABLE employees (
    id            int PRIMARY KEY,
    name          text NOT NULL,
    manager_id    int REFERENCES employees,
    department_id int REFERENCES departments
);
INSERT INTO employees VALUES
    (1, 'Ada', NULL, 1), (2, 'Bo', 1, 1), (3, 'Cy', 1, 2), (4, 'Di', 2, 2),
    (5, 'Ed', 2, 1), (6, 'Fe', 3, 2), (7, 'Gus', 5, 3), (8, 'Hal', 7, 3),
    (9, 'Ivy', 11, 3), (10, 'Jo', 9, 3), (11, 'Kim', 10, 3), (12, 'Lu', 11, 2),
    (20, 'Pa', 21, 1), (21, 'Qi', 22, 1), (22, 'Ro', 23, 1), (23, 'Sy', 24, 1),
    (24, 'Tu', 20, 1);

CREATE TABLE kins (
    id          int PRIMARY KEY,
    employee_id int NOT NULL REFERENCES employees,
    name        text NOT NULL
);
INSERT INTO kins VALUES (1, 2, 'Bo''s son'), (2, 5, 'Ed''s wife'), (3, 8, 'Hal''s sister'),
                        (4, 6, 'Fe''s brother'), (5, 9, 'Ivy''s aunt');

SELECT rel_declare('employees', 'manager', 'employees', kind => 'many_to_one',
                   back_populates => 'reports');
SELECT rel_declare('employees', 'reports', 'employees', kind => 'one_to_many',
                   back_populates => 'manager', order_by => 'name DESC');
SELECT rel_declare('employees', 'department', 'departments');
SELECT rel_declare('departments', 'employees', 'employees');
SELECT rel_declare('employees', 'kins', 'kins', back_populates => 'employee');
SELECT rel_declare('kins', 'employee', 'employees', back_populates => 'kins');
SELECT name, target, kind, back_populates, order_by FROM rel_relationships
 WHERE source = 'employees'::regclass ORDER BY name;

-- reports+: everyone below Ada, in the declared order of reports (name DESC)
WITH RECURSIVE w(id) AS (
    SELECT e.id FROM employees e WHERE e.manager_id = 1
    UNION ALL
    SELECT e.id FROM w JOIN employees e ON e.manager_id = w.id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT v, n FROM rel_navigate('employees', 1, 'reports+') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(e) ORDER BY e.name DESC, e.id) FROM employees e
         WHERE e.id IN (SELECT id FROM w)) AS same;

-- reports*: Bo and everyone below him (zero or more hops)
WITH RECURSIVE w(id) AS (
    SELECT 2
    UNION ALL
    SELECT e.id FROM w JOIN employees e ON e.manager_id = w.id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT v, n FROM rel_navigate('employees', 2, 'reports*') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(e) ORDER BY e.name DESC, e.id) FROM employees e
         WHERE e.id IN (SELECT id FROM w)) AS same;

-- manager+: Hal's chain of managers to the top; manager has no order_by,
-- so the order is the primary key
WITH RECURSIVE w(id) AS (
    SELECT m.id FROM employees e JOIN employees m ON m.id = e.manager_id WHERE e.id = 8
    UNION ALL
    SELECT m.id FROM w JOIN employees e ON e.id = w.id JOIN employees m ON m.id = e.manager_id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT v, n FROM rel_navigate('employees', 8, 'manager+') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(e) ORDER BY e.id) FROM employees e
         WHERE e.id IN (SELECT id FROM w)) AS same;

-- manager*: Hal too
WITH RECURSIVE w(id) AS (
    SELECT 8
    UNION ALL
    SELECT m.id FROM w JOIN employees e ON e.id = w.id JOIN employees m ON m.id = e.manager_id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT v, n FROM rel_navigate('employees', 8, 'manager*') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(e) ORDER BY e.id) FROM employees e
         WHERE e.id IN (SELECT id FROM w)) AS same;

-- the top has no manager: manager+ is empty, manager* is Ada alone
SELECT (SELECT count(*) FROM rel_navigate('employees', 1, 'manager+')) AS plus,
       (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', 1, 'manager*') WITH ORDINALITY AS r(v, n)) AS star;
-- a leaf has no reports: reports+ is empty, reports* is the leaf alone
SELECT (SELECT count(*) FROM rel_navigate('employees', 8, 'reports+')) AS plus,
       (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', 8, 'reports*') WITH ORDINALITY AS r(v, n)) AS star;

-- The manager cycle.  manager+ from Ivy walks Kim, Jo and back to Ivy: the
-- starting row is reached again, so it is in the result; the walk ends.
WITH RECURSIVE w(id) AS (
    SELECT m.id FROM employees e JOIN employees m ON m.id = e.manager_id WHERE e.id = 9
    UNION ALL
    SELECT m.id FROM w JOIN employees e ON e.id = w.id JOIN employees m ON m.id = e.manager_id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT v, n FROM rel_navigate('employees', 9, 'manager+') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(e) ORDER BY e.id) FROM employees e
         WHERE e.id IN (SELECT id FROM w)) AS same;

-- reports+ from Ivy: Jo, Kim, Ivy again (through the cycle), and Lu
WITH RECURSIVE w(id) AS (
    SELECT e.id FROM employees e WHERE e.manager_id = 9
    UNION ALL
    SELECT e.id FROM w JOIN employees e ON e.manager_id = w.id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT v, n FROM rel_navigate('employees', 9, 'reports+') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(e) ORDER BY e.name DESC, e.id) FROM employees e
         WHERE e.id IN (SELECT id FROM w)) AS same;

-- manager+ from Lu, who hangs off the cycle: the cycle, but not Lu
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('employees', 12, 'manager+') WITH ORDINALITY AS r(v, n);

----------------------------------------------------------------------------
-- Bounded quantifiers and their boundaries.  By hand: the (row, depth)
-- pairs of every walk up to the upper bound (UNION visits each pair once,
-- so cycles end at the bound), then the rows whose depth is allowed.

-- The hand-written statement of one bounded walk from one employee, along
-- reports ('down') or manager ('up'): ids and depths.
CREATE FUNCTION hand_walk(start int, direction text, max_depth int)
RETURNS TABLE (id int, depth int) LANGUAGE sql STABLE AS $$
    WITH RECURSIVE w(id, depth) AS (
        SELECT e.id, 0 FROM employees e WHERE e.id = start
        UNION
        SELECT t.id, w.depth + 1
          FROM w JOIN employees s ON s.id = w.id
                 JOIN employees t ON CASE direction WHEN 'down' THEN t.manager_id = s.id
                                                    ELSE t.id = s.manager_id END
         WHERE w.depth < max_depth
    )
    SELECT id, depth FROM w
$$;

-- Each row: a quantifier from an employee, relnav's rows, and whether they
-- are those of the hand-written walk with a depth within [lo, hi], in the
-- navigation's order (reports: name DESC; manager: primary key).
CREATE TABLE bounded (n serial, start int, path text, lo int, hi int);
INSERT INTO bounded (start, path, lo, hi) VALUES
    (1, 'reports{1}', 1, 1),           -- one hop: the direct reports
    (1, 'reports{1,1}', 1, 1),
    (1, 'reports{0,1}', 0, 1),         -- Ada and her direct reports
    (1, 'reports{2}', 2, 2),
    (1, 'reports{2,2}', 2, 2),
    (1, 'reports{1,2}', 1, 2),
    (1, 'reports{2,3}', 2, 3),
    (1, 'reports{3,}', 3, 50),         -- 50: deeper than any chain here
    (1, 'reports{4}', 4, 4),           -- Hal alone
    (1, 'reports{5}', 5, 5),           -- deeper than the tree: nothing
    (1, 'reports{1,100}', 1, 100),     -- a bound larger than the longest chain
    (1, 'reports{0,}', 0, 50),         -- reports*
    (1, 'reports{1,}', 1, 50),         -- reports+
    (8, 'manager{1}', 1, 1),
    (8, 'manager{2}', 2, 2),
    (8, 'manager{2,3}', 2, 3),
    (8, 'manager{3,}', 3, 50),
    (8, 'manager{4,}', 4, 50),         -- Ada alone
    (8, 'manager{5,}', 5, 50),         -- beyond the top: nothing
    (8, 'manager{1,10000}', 1, 10000), -- the largest bound
    -- on the manager cycle (length 3): walks go round it
    (9, 'manager{3}', 3, 3),           -- Ivy, back where she started
    (9, 'manager{4}', 4, 4),           -- Kim
    (9, 'manager{2,}', 2, 60),         -- the whole cycle, every length from 2 up
    (9, 'manager{10,}', 10, 60),
    (12, 'manager{5,}', 5, 60),        -- from Lu, off the cycle: the cycle
    (12, 'manager{1,2}', 1, 2),        -- Kim, Jo
    (9, 'reports{3}', 3, 3),           -- Ivy again (Jo, Kim, Ivy) and Lu (Jo, Kim, Lu)
    (9, 'reports{2,}', 2, 60),
    -- the ring of five (length 5): the rows at n mod 5
    (20, 'manager{5}', 5, 5),          -- Pa
    (20, 'manager{7}', 7, 7),          -- 7 mod 5 = 2: Ro
    (20, 'manager{9998,10000}', 9998, 10000);
SELECT b.path, b.start,
       (SELECT string_agg(v->>'name', ' ' ORDER BY k)
          FROM rel_navigate('employees', b.start, b.path) WITH ORDINALITY AS r(v, k)) AS relnav,
       (SELECT array_agg(v ORDER BY k)
          FROM rel_navigate('employees', b.start, b.path) WITH ORDINALITY AS r(v, k))
       IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(e) ORDER BY
                         CASE WHEN b.path LIKE 'reports%' THEN e.name END DESC, e.id)
          FROM employees e
         WHERE e.id IN (SELECT w.id FROM hand_walk(b.start, CASE WHEN b.path LIKE 'reports%'
                                                      THEN 'down' ELSE 'up' END, b.hi) w
                         WHERE w.depth >= b.lo)) AS same
  FROM bounded b ORDER BY b.n;

-- {10000} on the ring of five: the row 10000 mod 5 = 0 places on, Pa
-- herself; {9999}: 4 places on, Tu.  The ring: Pa(20) -> Qi(21) -> Ro(22)
-- -> Sy(23) -> Tu(24) -> Pa.
SELECT q, (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', 20, q) WITH ORDINALITY AS r(v, n)) AS relnav,
       (SELECT array_agg((v->>'id')::int ORDER BY n) FROM rel_navigate('employees', 20, q) WITH ORDINALITY AS r(v, n))
         = ARRAY[20 + bound % 5] AS same
  FROM (VALUES ('manager{10000}', 10000), ('manager{9999}', 9999), ('manager{9996}', 9996))
       AS x(q, bound) ORDER BY bound DESC;
-- {m,} on the ring: all five, however large m
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('employees', 20, 'manager{10000,}') WITH ORDINALITY AS r(v, n);
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('employees', 22, 'manager+') WITH ORDINALITY AS r(v, n);

-- Whitespace between a name and its quantifier, and inside it, is ignored;
-- quoted names take quantifiers too
SELECT q, (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', 1, q) WITH ORDINALITY AS r(v, n)) AS relnav
  FROM (VALUES (1, 'reports +'), (2, ' reports+ '), (3, 'reports {1, 2}'),
               (4, E'reports\t{ 1 , 2 }'), (5, '"reports"+'), (6, 'reports{2 ,}'),
               (7, 'REPORTS*')) AS x(n, q)
 ORDER BY n;

----------------------------------------------------------------------------
-- Quantified hops in the middle and at the end of paths

-- manager+.department: the departments of Hal's managers (Gus: Lab; Ed, Bo,
-- Ada: Board), each once, in departments' primary key order
WITH RECURSIVE w(id) AS (
    SELECT m.id FROM employees e JOIN employees m ON m.id = e.manager_id WHERE e.id = 8
    UNION ALL
    SELECT m.id FROM w JOIN employees e ON e.id = w.id JOIN employees m ON m.id = e.manager_id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT v, n FROM rel_navigate('employees', 8, 'manager+.department') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(d) ORDER BY d.id) FROM departments d
         WHERE d.id IN (SELECT e.department_id FROM employees e WHERE e.id IN (SELECT id FROM w))) AS same;

-- reports*.kins: the kin of Bo and everyone below him
WITH RECURSIVE w(id) AS (
    SELECT 2
    UNION ALL
    SELECT e.id FROM w JOIN employees e ON e.manager_id = w.id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT v, n FROM rel_navigate('employees', 2, 'reports*.kins') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ', ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(k) ORDER BY k.id) FROM kins k
         WHERE k.employee_id IN (SELECT id FROM w)) AS same;

-- reports{1,2}.manager: the managers of everyone one or two levels below
-- Ada (Ada, Bo, Cy): a row reached by several walks appears once
WITH RECURSIVE w(id, depth) AS (
    SELECT 1, 0
    UNION
    SELECT e.id, w.depth + 1 FROM w JOIN employees e ON e.manager_id = w.id WHERE w.depth < 2
),
r AS (SELECT v, n FROM rel_navigate('employees', 1, 'reports{1,2}.manager') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(m) ORDER BY m.id) FROM employees m
         WHERE m.id IN (SELECT e.manager_id FROM employees e
                         WHERE e.id IN (SELECT id FROM w WHERE depth BETWEEN 1 AND 2))) AS same;

-- a plain hop, then a quantified one: from Ed's wife (a kin) to Ed's managers
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('kins', 2, 'employee.manager+') WITH ORDINALITY AS r(v, n);
-- two quantified hops: Di's managers, then everyone below any of them
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('employees', 4, 'manager+.reports+') WITH ORDINALITY AS r(v, n);
-- a quantified hop between plain ones: a department's people, their
-- managers' chains, those managers' kin
SELECT string_agg(v->>'name', ', ' ORDER BY n) AS relnav FROM rel_navigate('departments', 3, 'employees.manager+.kins') WITH ORDINALITY AS r(v, n);
-- the same by hand
WITH RECURSIVE w(id) AS (
    SELECT m.id FROM employees e JOIN employees m ON m.id = e.manager_id WHERE e.department_id = 3
    UNION ALL
    SELECT m.id FROM w JOIN employees e ON e.id = w.id JOIN employees m ON m.id = e.manager_id
) CYCLE id SET is_cycle USING walk
SELECT string_agg(k.name, ', ' ORDER BY k.id) AS hand FROM kins k WHERE k.employee_id IN (SELECT id FROM w);
-- colleagues through a bounded hop that returns to the start
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('employees', 4, 'manager{1}.reports') WITH ORDINALITY AS r(v, n);
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('employees', 4, 'manager{2}.reports{2}') WITH ORDINALITY AS r(v, n);

----------------------------------------------------------------------------
-- Order and max_rows

-- the order_by argument, then max_rows after it
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav
  FROM rel_navigate('employees', 1, 'reports+', order_by => 'name') WITH ORDINALITY AS r(v, n);
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav
  FROM rel_navigate('employees', 1, 'reports+', order_by => 'department_id DESC, name') WITH ORDINALITY AS r(v, n);
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav
  FROM rel_navigate('employees', 1, 'reports+', max_rows => 3) WITH ORDINALITY AS r(v, n);           -- name DESC: Hal Gus Fe
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav
  FROM rel_navigate('employees', 1, 'reports+', order_by => 'id', max_rows => 3) WITH ORDINALITY AS r(v, n);
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav
  FROM rel_navigate('employees', 8, 'manager+', order_by => 'name DESC', max_rows => 2) WITH ORDINALITY AS r(v, n);
SELECT count(*) FROM rel_navigate('employees', 1, 'reports+', max_rows => 0);
SELECT count(*) FROM rel_navigate('employees', 1, 'reports+', max_rows => 100);
-- the last hop's order: manager+.reports is ordered by reports' name DESC
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('employees', 8, 'manager+.reports') WITH ORDINALITY AS r(v, n);
-- a bad order_by is still 42703
SELECT * FROM rel_navigate('employees', 1, 'reports+', order_by => 'salary');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

----------------------------------------------------------------------------
-- rel_rows, rel_count, rel_navigate_many

-- typed rows that SQL can filter, join and aggregate
SELECT e.name, d.name AS department
  FROM rel_rows(NULL::employees, 'employees', 1, 'reports+') e
  JOIN departments d ON d.id = e.department_id
 WHERE d.name <> 'Sales'
 ORDER BY e.id;
SELECT count(*), min(e.name), max(e.id)
  FROM rel_rows(NULL::employees, 'employees', 9, 'reports{1,2}', order_by => 'id') e;
SELECT e.id, e.name FROM rel_rows(NULL::employees, 'employees', 12, 'manager*', max_rows => 2) e;

-- rel_count of every employee against the hand-written closure
WITH RECURSIVE down(start, id) AS (
    SELECT e.manager_id, e.id FROM employees e WHERE e.manager_id IS NOT NULL
    UNION ALL
    SELECT down.start, e.id FROM down JOIN employees e ON e.manager_id = down.id
) CYCLE id SET is_cycle USING walk,
up(start, id) AS (
    SELECT e.id, e.manager_id FROM employees e WHERE e.manager_id IS NOT NULL
    UNION ALL
    SELECT up.start, e.manager_id FROM up JOIN employees e ON e.id = up.id
     WHERE e.manager_id IS NOT NULL
) CYCLE id SET is_cycle USING walk
SELECT e.id, e.name,
       rel_count('employees', e.id, 'reports+') AS reports,
       rel_count('employees', e.id, 'reports*') AS reports_star,
       rel_count('employees', e.id, 'manager+') AS managers,
       rel_count('employees', e.id, 'reports+') = (SELECT count(DISTINCT id) FROM down WHERE start = e.id)
       AND rel_count('employees', e.id, 'manager+') = (SELECT count(DISTINCT id) FROM up WHERE start = e.id)
       AND rel_count('employees', e.id, 'reports*') =
           (SELECT count(*) FROM (SELECT id FROM down WHERE start = e.id UNION SELECT e.id) s) AS same
  FROM employees e ORDER BY e.id;
SELECT rel_count('employees', 20, 'manager{10000}'), rel_count('employees', 1, 'reports{2,3}'),
       rel_count('employees', 8, 'manager+.department'), rel_count('employees', 2, 'reports*.kins');

-- rel_navigate_many: grouped by key in the order of keys, each key once (at
-- its first place), NULL elements skipped, a missing key has no group;
-- each group in reports' order (name DESC)
WITH RECURSIVE k(key, ord) AS (
    SELECT DISTINCT ON (key) key, ord
      FROM unnest(ARRAY[5, NULL, 9, 5, 99, 3, 3, 8]) WITH ORDINALITY AS u(key, ord)
     WHERE key IS NOT NULL ORDER BY key, ord
),
w(start, id) AS (
    SELECT k.key, e.id FROM k JOIN employees e ON e.manager_id = k.key
    UNION ALL
    SELECT w.start, e.id FROM w JOIN employees e ON e.manager_id = w.id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT source_key, target, n
        FROM rel_navigate_many('employees', ARRAY[5, NULL, 9, 5, 99, 3, 3, 8], 'reports+')
             WITH ORDINALITY AS r(source_key, target, n))
SELECT (SELECT string_agg(source_key || ':' || (target->>'name'), ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(ROW(source_key, target) ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(ROW(k.key, to_jsonb(e)) ORDER BY k.ord, e.name DESC, e.id)
          FROM k JOIN employees e ON e.id IN (SELECT w.id FROM w WHERE w.start = k.key)) AS same;
SELECT source_key, target->>'name' AS name
  FROM rel_navigate_many('employees', ARRAY[8, 12, NULL, 8, 1], 'manager*')
  WITH ORDINALITY AS r(source_key, target, n) ORDER BY n;
SELECT source_key, target->>'name' AS name
  FROM rel_navigate_many('employees', ARRAY[20, 22], 'manager{9999}')
  WITH ORDINALITY AS r(source_key, target, n) ORDER BY n;
SELECT count(*) FROM rel_navigate_many('employees', ARRAY[NULL, 99]::int[], 'reports+');
SELECT count(*) FROM rel_navigate_many('employees', NULL::int[], 'reports+');

-- NULL key or path: no rows (rel_count: 0), not an error
SELECT count(*) FROM rel_navigate('employees', NULL::int, 'reports+');
SELECT count(*) FROM rel_navigate('employees', 1, NULL);
SELECT count(*) FROM rel_rows(NULL::employees, 'employees', NULL::int, 'manager*');
SELECT rel_count('employees', NULL::int, 'reports+'), rel_count('employees', 1, NULL);
-- a key with no row: no rows, even with * (the start must exist)
SELECT count(*) FROM rel_navigate('employees', 99, 'reports*');
SELECT rel_count('employees', 99, 'manager*');
-- keys that convert, and prepared statements with untyped parameters
SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', '8', 'manager+') WITH ORDINALITY AS r(v, n);
PREPARE chain(unknown) AS SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', $1, 'manager+') WITH ORDINALITY AS r(v, n);
EXECUTE chain('8');
EXECUTE chain('12');
DEALLOCATE chain;

----------------------------------------------------------------------------
-- A comment thread
--
--   1 "First!"                 8 "Another thread"
--   +-- 2 "Agreed"             +-- 9 "Yes"
--   |   +-- 4 "Why?"
--   |   |   +-- 6 "Because"
--   |   +-- 5 "+1"
--   +-- 3 "No"
--       +-- 7 "Yes"

CREATE TABLE comments (
    id        int PRIMARY KEY,
    parent_id int REFERENCES comments,
    body      text NOT NULL,
    posted_at int NOT NULL
);
INSERT INTO comments VALUES
    (1, NULL, 'First!', 10), (2, 1, 'Agreed', 20), (3, 1, 'No', 15),
    (4, 2, 'Why?', 30), (5, 2, '+1', 25), (6, 4, 'Because', 40),
    (7, 3, 'Yes', 35), (8, NULL, 'Another thread', 50), (9, 8, 'Yes', 55);
SELECT rel_declare('comments', 'replies', 'comments', kind => 'one_to_many',
                   back_populates => 'parent', order_by => 'posted_at');
SELECT rel_declare('comments', 'parent', 'comments', kind => 'many_to_one',
                   back_populates => 'replies');

-- the whole thread under comment 1, in posting order
WITH RECURSIVE w(id) AS (
    SELECT c.id FROM comments c WHERE c.parent_id = 1
    UNION ALL
    SELECT c.id FROM w JOIN comments c ON c.parent_id = w.id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT v, n FROM rel_navigate('comments', 1, 'replies+') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'body', ' | ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(c) ORDER BY c.posted_at, c.id) FROM comments c
         WHERE c.id IN (SELECT id FROM w)) AS same;
SELECT rel_count('comments', 1, 'replies+') AS thread, rel_count('comments', 2, 'replies+') AS under_2,
       rel_count('comments', 6, 'replies+') AS under_6, rel_count('comments', 8, 'replies*') AS thread_8;
-- from a reply up to the root
SELECT string_agg(v->>'id', ' ' ORDER BY n) AS relnav FROM rel_navigate('comments', 6, 'parent+') WITH ORDINALITY AS r(v, n);
-- the root of each comment's thread: the ancestors that have no parent
SELECT c.id,
       (SELECT string_agg(v->>'body', ' ' ORDER BY n) FROM rel_navigate('comments', c.id, 'parent*') WITH ORDINALITY AS r(v, n)
         WHERE v->'parent_id' = 'null') AS root
  FROM comments c ORDER BY c.id;
-- second-level replies; replies to the thread's replies (the parents of
-- every reply below 1, each once)
SELECT string_agg(v->>'id', ' ' ORDER BY n) AS relnav FROM rel_navigate('comments', 1, 'replies{2}') WITH ORDINALITY AS r(v, n);
SELECT string_agg(v->>'id', ' ' ORDER BY n) AS relnav FROM rel_navigate('comments', 1, 'replies+.parent') WITH ORDINALITY AS r(v, n);
-- typed rows of the thread, for an ordinary aggregate
SELECT count(*), max(posted_at) FROM rel_rows(NULL::comments, 'comments', 1, 'replies+');
-- the number of comments at each depth below 1, by hand and by relnav
WITH RECURSIVE w(id, depth) AS (
    SELECT 1, 0
    UNION
    SELECT c.id, w.depth + 1 FROM w JOIN comments c ON c.parent_id = w.id
)
SELECT d, rel_count('comments', 1, format('replies{%s}', d)) AS relnav,
       (SELECT count(*) FROM w WHERE depth = d) AS hand
  FROM generate_series(1, 4) d ORDER BY d;

----------------------------------------------------------------------------
-- A friends graph through a secondary table (many_to_many self-reference)
--
--   friendships (user_id -> friend_id):
--   1 -> 2, 2 -> 1, 1 -> 3, 2 -> 4, 3 -> 4, 4 -> 5, 5 -> 2, 6 -> 6, 8 -> 1;
--   7 has no friends.

CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO users VALUES (1, 'Ann'), (2, 'Ben'), (3, 'Cat'), (4, 'Dan'), (5, 'Eve'),
                         (6, 'Fay'), (7, 'Gil'), (8, 'Hue');
CREATE TABLE friendships (
    user_id   int REFERENCES users,
    friend_id int REFERENCES users,
    PRIMARY KEY (user_id, friend_id)
);
INSERT INTO friendships VALUES (1, 2), (2, 1), (1, 3), (2, 4), (3, 4), (4, 5), (5, 2),
                               (6, 6), (8, 1);
-- two keys from friendships to users: foreign_key picks the one that leads
-- to the source row; or the columns say it all
SELECT rel_declare('users', 'friends', 'users', secondary => 'friendships');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'friends', 'users', secondary => 'friendships',
                   foreign_key => 'friendships_user_id_fkey', back_populates => 'befriended_by');
SELECT rel_declare('users', 'befriended_by', 'users', secondary => 'friendships',
                   source_columns => '{id}', secondary_source_columns => '{friend_id}',
                   secondary_target_columns => '{user_id}', target_columns => '{id}',
                   back_populates => 'friends');
SELECT name, kind, source_columns, secondary, secondary_source_columns,
       secondary_target_columns, target_columns, back_populates
  FROM rel_relationships WHERE source = 'users'::regclass ORDER BY name;

-- The hand-written walk through friendships, from one user, either way.
CREATE FUNCTION hand_friends(start int, forward boolean)
RETURNS TABLE (id int) LANGUAGE sql STABLE AS $$
    WITH RECURSIVE w(id) AS (
        SELECT t.id FROM users s
          JOIN friendships f ON (CASE WHEN forward THEN f.user_id ELSE f.friend_id END) = s.id
          JOIN users t ON t.id = (CASE WHEN forward THEN f.friend_id ELSE f.user_id END)
         WHERE s.id = start
        UNION ALL
        SELECT t.id FROM w
          JOIN friendships f ON (CASE WHEN forward THEN f.user_id ELSE f.friend_id END) = w.id
          JOIN users t ON t.id = (CASE WHEN forward THEN f.friend_id ELSE f.user_id END)
    ) CYCLE id SET is_cycle USING walk
    SELECT DISTINCT id FROM w
$$;
-- friends+ and befriended_by+ of everyone: Ann reaches herself (1 -> 2 ->
-- 1), Dan through Ben and through Cat (once); Fay is her own friend; Gil
-- reaches nobody
SELECT u.id, u.name,
       (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('users', u.id, 'friends+') WITH ORDINALITY AS r(v, n)) AS friends_plus,
       (SELECT array_agg((v->>'id')::int ORDER BY n) FROM rel_navigate('users', u.id, 'friends+') WITH ORDINALITY AS r(v, n))
         IS NOT DISTINCT FROM (SELECT array_agg(id ORDER BY id) FROM hand_friends(u.id, true)) AS same,
       (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('users', u.id, 'befriended_by+') WITH ORDINALITY AS r(v, n)) AS befriended_by_plus,
       (SELECT array_agg((v->>'id')::int ORDER BY n) FROM rel_navigate('users', u.id, 'befriended_by+') WITH ORDINALITY AS r(v, n))
         IS NOT DISTINCT FROM (SELECT array_agg(id ORDER BY id) FROM hand_friends(u.id, false)) AS same
  FROM users u ORDER BY u.id;
-- friends of friends, exactly: 1 -> 2 -> 1, 1 -> 2 -> 4, 1 -> 3 -> 4 (Dan
-- by two walks, once)
WITH RECURSIVE w(id, depth) AS (
    SELECT 1, 0
    UNION
    SELECT f.friend_id, w.depth + 1 FROM w JOIN friendships f ON f.user_id = w.id WHERE w.depth < 2
),
r AS (SELECT v, n FROM rel_navigate('users', 1, 'friends{2}') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(u) ORDER BY u.id) FROM users u
         WHERE u.id IN (SELECT id FROM w WHERE depth = 2)) AS same;
SELECT q, (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('users', 1, q) WITH ORDINALITY AS r(v, n)) AS relnav,
       rel_count('users', 1, q) AS count
  FROM (VALUES (1, 'friends'), (2, 'friends{1}'), (3, 'friends{3}'), (4, 'friends{1,2}'),
               (5, 'friends{0,1}'), (6, 'friends*'), (7, 'friends{10000}'), (8, 'friends{4,}'),
               (9, 'friends+.befriended_by'), (10, 'befriended_by{2}')) AS x(n, q)
 ORDER BY n;
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('users', 7, 'friends*') WITH ORDINALITY AS r(v, n);
SELECT source_key, target->>'name' AS name
  FROM rel_navigate_many('users', ARRAY[6, 1, NULL, 7, 6], 'friends+')
  WITH ORDINALITY AS r(source_key, target, n) ORDER BY n;

----------------------------------------------------------------------------
-- A composite primary key: trees per tenant

CREATE TABLE nodes (
    tenant    int,
    id        int,
    parent_id int,
    label     text,
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, parent_id) REFERENCES nodes
);
INSERT INTO nodes VALUES (1, 1, NULL, 'a'), (1, 2, 1, 'a.b'), (1, 3, 2, 'a.b.c'),
                         (2, 1, NULL, 'x'), (2, 2, 1, 'x.y'), (2, 3, 1, 'x.z');
SELECT rel_declare('nodes', 'children', 'nodes', kind => 'one_to_many');
SELECT rel_declare('nodes', 'parent', 'nodes', kind => 'many_to_one');
SELECT v->>'label' AS label FROM rel_navigate('nodes', '{"tenant": 1, "id": 1}'::jsonb, 'children+') WITH ORDINALITY AS r(v, n);
SELECT v->>'label' AS label FROM rel_navigate('nodes', '{"tenant": 2, "id": 1}'::jsonb, 'children*') WITH ORDINALITY AS r(v, n);
SELECT v->>'label' AS label FROM rel_navigate('nodes', '{"tenant": 1, "id": 3}'::jsonb, 'parent+') WITH ORDINALITY AS r(v, n);
SELECT rel_count('nodes', '{"tenant": 2, "id": 1}'::jsonb, 'children+');
SELECT source_key, target->>'label' AS label
  FROM rel_navigate_many('nodes', ARRAY['{"tenant": 1, "id": 3}', '{"tenant": 2, "id": 3}']::jsonb[],
                         'parent*')
  WITH ORDINALITY AS r(source_key, target, n) ORDER BY n;

----------------------------------------------------------------------------
-- A table without a primary key, partitioned: rows are told apart by
-- partition and ctid (a ctid alone repeats across partitions: 10 and 20
-- both sit at (0,1) here)

CREATE TABLE plans (id int PRIMARY KEY);
INSERT INTO plans VALUES (1);
CREATE TABLE steps (plan_id int, code int, after_code int, part int) PARTITION BY LIST (part);
CREATE TABLE steps_a PARTITION OF steps FOR VALUES IN (1);
CREATE TABLE steps_b PARTITION OF steps FOR VALUES IN (2);
INSERT INTO steps VALUES (1, 10, NULL, 1), (NULL, 30, 20, 1), (NULL, 20, 10, 2), (NULL, 40, 30, 2);
SELECT rel_declare('plans', 'first_steps', 'steps', source_columns => '{id}',
                   target_columns => '{plan_id}', kind => 'one_to_many');
SELECT rel_declare('steps', 'next', 'steps', source_columns => '{code}',
                   target_columns => '{after_code}', kind => 'one_to_many');
-- no primary key: no defined order, so the rows are sorted here
SELECT array_agg((v->>'code')::int ORDER BY (v->>'code')::int) AS codes
  FROM rel_navigate('plans', 1, 'first_steps.next+') WITH ORDINALITY AS r(v, n);
SELECT array_agg((v->>'code')::int ORDER BY (v->>'code')::int) AS codes
  FROM rel_navigate('plans', 1, 'first_steps.next*') WITH ORDINALITY AS r(v, n);
SELECT array_agg((v->>'code')::int ORDER BY (v->>'code')::int) AS codes
  FROM rel_navigate('plans', 1, 'first_steps.next{2}') WITH ORDINALITY AS r(v, n);
SELECT rel_count('plans', 1, 'first_steps.next+'), rel_count('plans', 1, 'first_steps.next{1,2}');

----------------------------------------------------------------------------
-- A one_to_one whose key is not unique: a quantified hop that finds two
-- rows is 21000, as the plain hop is

SELECT rel_declare('employees', 'only_report', 'employees', kind => 'one_to_one');
SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', 3, 'only_report+') WITH ORDINALITY AS r(v, n);
SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', 3, 'only_report*') WITH ORDINALITY AS r(v, n);
SELECT * FROM rel_navigate('employees', 2, 'only_report');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('employees', 2, 'only_report{1}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('employees', 1, 'only_report+');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('employees', 1, 'only_report{2}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('employees', 2, 'only_report{1,3}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_drop('employees', 'only_report');

----------------------------------------------------------------------------
-- Calls expanded into the caller's statement (relnav.inline, the default)
-- and calls run as functions give the same rows, in the same order where
-- the caller's query shows it (ARRAY(SELECT ...) over the one FROM item).

CREATE FUNCTION plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    PERFORM set_config('relnav.inline', 'on', true);
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN CASE WHEN plan LIKE '%Function Scan on rel_%' THEN 'called'
                WHEN plan LIKE '%Recursive Union%' THEN 'expanded'
                ELSE plan END;
END
$$;
CREATE FUNCTION rows_of(q text, expand boolean) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    rec record;
    result text[] := '{}';
BEGIN
    PERFORM set_config('relnav.inline', expand::text, true);
    FOR rec IN EXECUTE q LOOP
        result := result || rec::text;
    END LOOP;
    PERFORM set_config('relnav.inline', 'on', true);
    RETURN result;
END
$$;
SELECT q, plan_of(q) AS plan, cardinality(rows_of(q, true)) AS rows,
       rows_of(q, true) = rows_of(q, false) AS same
  FROM (VALUES
    (1, $q$SELECT v FROM rel_navigate('employees', 1, 'reports+') v$q$),
    (2, $q$SELECT v FROM rel_navigate('employees', 9, 'reports+', order_by => 'name', max_rows => 3) v$q$),
    (3, $q$SELECT e.id, e.name FROM rel_rows(NULL::employees, 'employees', 8, 'manager*') e$q$),
    (4, $q$SELECT e.name, d.name FROM rel_rows(NULL::employees, 'employees', 1, 'reports{2,3}') e JOIN departments d ON d.id = e.department_id ORDER BY e.name$q$),
    (5, $q$SELECT rel_count('employees', 9, 'reports+'), rel_count('employees', 20, 'manager{9999}')$q$),
    (6, $q$SELECT v FROM rel_navigate('users', 1, 'friends{2}') v$q$),
    (7, $q$SELECT v FROM rel_navigate('departments', 3, 'employees.manager+.kins') v$q$),
    (8, $q$SELECT v FROM rel_navigate('comments', 1, 'replies+.parent') v$q$),
    (9, $q$SELECT v FROM rel_navigate('employees', 20, 'manager{10000,}') v$q$),
    (10, $q$SELECT source_key, target->>'name' FROM rel_navigate_many('employees', ARRAY[5, NULL, 9, 5, 99, 3], 'reports+')$q$),
    (11, $q$SELECT m.source_key, count(*) FROM employees e, rel_navigate_many('employees', ARRAY[e.id], 'manager{1,2}') m GROUP BY 1 ORDER BY 1$q$),
    (12, $q$SELECT source_key, target->>'id' FROM rel_navigate_many('employees', (SELECT array_agg(id ORDER BY id DESC) FROM employees WHERE id < 4), 'reports*.kins')$q$)
  ) AS x(n, q)
 ORDER BY n;
SELECT ARRAY(SELECT v->>'name' FROM rel_navigate('employees', 1, 'reports+') v) AS reports,
       ARRAY(SELECT v->>'name' FROM rel_navigate('employees', 8, 'manager*') v) AS managers,
       ARRAY(SELECT v->>'id' FROM rel_navigate('comments', 1, 'replies{2}') v) AS second_level;

----------------------------------------------------------------------------
-- Row-level security hides a middle node: its subtree is not reached
-- through it.  Privileges apply at every hop.

CREATE ROLE regress_relnav_rec_rls;
CREATE ROLE regress_relnav_rec_none;
CREATE ROLE regress_relnav_rec_users;
GRANT USAGE ON SCHEMA recursive TO regress_relnav_rec_rls, regress_relnav_rec_none,
    regress_relnav_rec_users;
GRANT SELECT ON employees, departments, kins, users, friendships, comments TO regress_relnav_rec_rls;
GRANT SELECT ON users TO regress_relnav_rec_users;
ALTER TABLE employees ENABLE ROW LEVEL SECURITY;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_bo ON employees TO regress_relnav_rec_rls USING (name <> 'Bo');
CREATE POLICY not_dan ON users TO regress_relnav_rec_rls USING (name <> 'Dan');

-- the owner sees everything (and caches the plans first)
SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', 1, 'reports+') WITH ORDINALITY AS r(v, n);
SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', 8, 'manager+') WITH ORDINALITY AS r(v, n);
SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('users', 1, 'friends+') WITH ORDINALITY AS r(v, n);

SET ROLE regress_relnav_rec_rls;
-- Bo is hidden: Di, Ed, Gus and Hal are reached only through him
WITH RECURSIVE w(id) AS (
    SELECT e.id FROM employees s JOIN employees e ON e.manager_id = s.id WHERE s.id = 1
    UNION ALL
    SELECT e.id FROM w JOIN employees e ON e.manager_id = w.id
) CYCLE id SET is_cycle USING walk,
r AS (SELECT v, n FROM rel_navigate('employees', 1, 'reports+') WITH ORDINALITY AS r(v, n))
SELECT (SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM r) AS relnav,
       (SELECT array_agg(v ORDER BY n) FROM r) IS NOT DISTINCT FROM
       (SELECT array_agg(to_jsonb(e) ORDER BY e.name DESC, e.id) FROM employees e
         WHERE e.id IN (SELECT id FROM w)) AS same;
SELECT rel_count('employees', 1, 'reports+') AS reports, rel_count('employees', 1, 'reports{2}') AS second_level;
-- upwards, the chain stops below Bo
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('employees', 8, 'manager+') WITH ORDINALITY AS r(v, n);
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('employees', 4, 'manager*') WITH ORDINALITY AS r(v, n);
-- from the hidden row itself: nothing, even with *
SELECT count(*) FROM rel_navigate('employees', 2, 'reports*');
SELECT rel_count('employees', 2, 'reports+');
SELECT count(*) FROM rel_rows(NULL::employees, 'employees', 2, 'manager*');
SELECT source_key, target->>'name' AS name
  FROM rel_navigate_many('employees', ARRAY[2, 8, 1], 'manager+')
  WITH ORDINALITY AS r(source_key, target, n) ORDER BY n;
-- Dan is hidden: Eve is reached only through him
SELECT string_agg(v->>'name', ' ' ORDER BY n) AS relnav FROM rel_navigate('users', 1, 'friends+') WITH ORDINALITY AS r(v, n);
SELECT (SELECT array_agg((v->>'id')::int ORDER BY n) FROM rel_navigate('users', 1, 'friends+') WITH ORDINALITY AS r(v, n))
       = (SELECT array_agg(id ORDER BY id) FROM hand_friends(1, true)) AS same;
RESET ROLE;

-- no SELECT on employees: 42501, however the path is quantified
SET ROLE regress_relnav_rec_none;
SELECT * FROM rel_navigate('employees', 1, 'reports+');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('employees', 8, 'manager{1,3}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate_many('employees', ARRAY[1], 'reports*');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
-- SELECT on users but not on the secondary table: 42501
SET ROLE regress_relnav_rec_users;
SELECT * FROM rel_navigate('users', 1, 'friends+');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'friends{2}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;

-- the owner again: the policies were the role's alone
SELECT string_agg(v->>'name', ' ' ORDER BY n) FROM rel_navigate('employees', 1, 'reports+') WITH ORDINALITY AS r(v, n);

----------------------------------------------------------------------------
-- Errors

-- a quantifier on a relationship that is not self-referential: 42P19
SELECT * FROM rel_navigate('employees', 1, 'department+');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- malformed or empty quantifiers: 42601; bounds above 10,000: 54001
SELECT * FROM rel_navigate('employees', 1, 'reports{0}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('employees', 1, 'reports{3,2}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('employees', 1, 'reports++');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('employees', 1, 'reports{999999999}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- every error, from every function
CREATE FUNCTION sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END
$$;
SELECT path,
       sqlstate_of(format('SELECT count(*) FROM rel_navigate(%L, 1, %L)', source, path)) AS navigate,
       left(sqlstate_of(format('SELECT rel_count(%L, 1, %L)', source, path)), 5) AS count,
       left(sqlstate_of(format('SELECT count(*) FROM rel_rows(NULL::%I, %L, 1, %L)',
                               target, source, path)), 5) AS rows,
       left(sqlstate_of(format('SELECT count(*) FROM rel_navigate_many(%L, ARRAY[1, 2], %L)',
                               source, path)), 5) AS many
  FROM (VALUES
    (1, 'employees', 'departments', 'department+'),
    (2, 'employees', 'kins', 'kins*'),
    (3, 'employees', 'departments', 'department{2}'),
    (4, 'employees', 'employees', 'department{1}.employees'),      -- {1} is a quantifier too
    (5, 'employees', 'employees', 'manager.department+.employees'),
    (6, 'kins', 'employees', 'employee+'),
    (7, 'employees', 'employees', 'reports{0}'),
    (8, 'employees', 'employees', 'reports{0,0}'),
    (9, 'employees', 'employees', 'reports{00}'),
    (10, 'employees', 'employees', 'reports{3,2}'),
    (11, 'employees', 'employees', 'reports{'),
    (12, 'employees', 'employees', 'reports{1,'),
    (13, 'employees', 'employees', 'reports{1'),
    (14, 'employees', 'employees', 'reports{,2}'),
    (15, 'employees', 'employees', 'reports{-1}'),
    (16, 'employees', 'employees', 'reports{1.5}'),
    (17, 'employees', 'employees', 'reports{1,2,3}'),
    (18, 'employees', 'employees', 'reports+*'),
    (19, 'employees', 'employees', 'reports++'),
    (20, 'employees', 'employees', 'reports{1}{2}'),
    (21, 'employees', 'employees', 'reports?'),
    (22, 'employees', 'employees', 'reports+.'),
    (23, 'employees', 'employees', '+'),
    (24, 'employees', 'employees', '+reports'),
    (25, 'employees', 'employees', 'reports.+'),
    (26, 'employees', 'employees', 'reports{}'),
    (27, 'employees', 'employees', 'reports{999999999}'),
    (28, 'employees', 'employees', 'reports{1,10001}'),
    (29, 'employees', 'employees', 'reports{10001,}'),
    (30, 'employees', 'employees', 'reports{99999999999999999999999}'),
    (31, 'employees', 'employees', 'nobody+'),
    (32, 'employees', 'employees', 'reports{10000}'),                -- the largest bound: fine
    (33, 'employees', 'employees', 'reports{1,10000}')
  ) AS x(n, source, target, path)
 ORDER BY n;

-- the messages in full
\set VERBOSITY default
SELECT * FROM rel_navigate('employees', 1, 'kins+');
SELECT * FROM rel_navigate('employees', 1, 'reports{0,0}');
SELECT * FROM rel_navigate('employees', 1, 'reports{1,');
SELECT * FROM rel_navigate('employees', 1, 'reports+*');
SELECT * FROM rel_navigate('employees', 1, 'reports{10001}');

----------------------------------------------------------------------------

SET client_min_messages = warning;
DROP SCHEMA recursive CASCADE;
DROP ROLE regress_relnav_rec_rls, regress_relnav_rec_none, regress_relnav_rec_users;
RESET client_min_messages;
RESET search_path;
