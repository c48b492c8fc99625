-- Scaling check: from 10 declared relationships to 10,000 (dummy
-- many-to-one declarations, 100 on each of the tables bench_dummy.d1..d100,
-- all unrelated to the clinic; declare.sql made the first two).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
\o /dev/null
SELECT rel_declare(format('bench_dummy.d%s', (n - 1) / 100 + 1)::regclass,
                   'm' || (n - 1) % 100 + 1, 'users',
                   source_columns => '{u}', target_columns => '{id}')
  FROM generate_series(3, 10000 - (SELECT count(*)::int FROM rel_relationships) + 2) n;
\o
SELECT count(*) AS declared FROM rel_relationships;
