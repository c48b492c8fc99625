-- Scaling check: from 10 declared relationships to 10,000 (100 dummy tables
-- with 100 many-to-one declarations each, all unrelated to the clinic).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
\o /dev/null
SELECT rel_declare(format('bench_dummy.d%s', i)::regclass, 'm' || j, 'users',
                   source_columns => '{u}', target_columns => '{id}')
  FROM generate_series(1, 100) i, generate_series(1, 100) j
 WHERE (i, j) NOT IN ((1, 1), (1, 2));
\o
SELECT count(*) AS declared FROM rel_relationships;
