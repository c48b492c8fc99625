-- Data of the workloads of issues 11 and 12, beside the clinic:
--
--   employees  100,000 rows, a tree of fan-out 5: employee n manages
--              employees 5n - 3 .. 5n + 1 (so 1 is the root, 2..6 its
--              reports, 7..31 the next level, ...), declared as manager /
--              reports (R1, R2, T1)
--   issues     one issue with 200,000 comments (D3: paging)
--
--   psql -f test/bench/gen_extra.sql      (from the repository top)
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP TABLE IF EXISTS employees, comments, issues CASCADE;
CREATE TABLE employees (
    id integer PRIMARY KEY,
    name text NOT NULL,
    manager_id integer REFERENCES employees (id)
);
INSERT INTO employees
SELECT n, 'Employee ' || n, CASE WHEN n > 1 THEN (n + 3) / 5 END
  FROM generate_series(1, 100000) n;
CREATE INDEX ON employees (manager_id);

CREATE TABLE issues (id integer PRIMARY KEY, title text NOT NULL);
CREATE TABLE comments (
    id integer PRIMARY KEY,
    issue_id integer NOT NULL REFERENCES issues (id),
    body text NOT NULL
);
INSERT INTO issues VALUES (1, 'A busy issue'), (2, 'A quiet issue');
INSERT INTO comments
SELECT n, CASE WHEN n <= 200000 THEN 1 ELSE 2 END, 'Comment ' || n || ' ' || md5(n::text)
  FROM generate_series(1, 200010) n;
CREATE INDEX ON comments (issue_id, id);
VACUUM ANALYZE employees, issues, comments;

SELECT rel_declare('employees', 'manager', 'employees', kind => 'many_to_one',
                   back_populates => 'reports');
SELECT rel_declare('employees', 'reports', 'employees', kind => 'one_to_many',
                   back_populates => 'manager');
SELECT rel_declare('issues', 'comments', 'comments');
