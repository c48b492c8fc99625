-- trees: a quantified embed in a shape ('replies+(body)') nests a
-- relationship from a table to itself as a tree, every level with the
-- embed's columns, clauses and embeds, built in one statement.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA trees;
SET search_path = trees, public;
\set VERBOSITY default

CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE comments (
    id int PRIMARY KEY,
    body text NOT NULL,
    score int NOT NULL DEFAULT 0,
    parent_id int REFERENCES comments,
    author_id int NOT NULL REFERENCES authors
);
INSERT INTO authors VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');
-- 1 ─┬─ 2 ─┬─ 4 ── 7
--    │     └─ 5
--    └─ 3 ── 6
-- 10 (alone)
INSERT INTO comments VALUES
    (1, 'first', 5, NULL, 1),
    (2, 'reply a', 3, 1, 2),
    (3, 'reply b', 9, 1, 3),
    (4, 'reply a.a', 1, 2, 1),
    (5, 'reply a.b', 7, 2, 3),
    (6, 'reply b.a', 2, 3, 2),
    (7, 'reply a.a.a', 4, 4, 3),
    (10, 'alone', 0, NULL, 1);
SELECT rel_declare('comments', 'replies', 'comments', kind => 'one_to_many',
                   back_populates => 'parent', order_by => 'id');
SELECT rel_declare('comments', 'parent', 'comments', kind => 'many_to_one',
                   back_populates => 'replies');
SELECT rel_declare('comments', 'author', 'authors');

------------------------------------------------------------------------
-- The thread, down to the leaves
------------------------------------------------------------------------
SELECT jsonb_pretty(rel_fetch('comments', 1, 'body, replies+(body, author(name))'));
-- a leaf carries "replies": [] (fetched, none); a row alone too
SELECT rel_fetch('comments', 10, 'id, replies+(id)');
-- an alias names the key at every level
SELECT rel_fetch('comments', 1, 'id, thread:replies+(id)');
-- {n} and {1,n}: n levels; rows on the last level carry no key
SELECT rel_fetch('comments', 1, 'id, replies{1}(id)');
SELECT rel_fetch('comments', 1, 'id, replies{2}(id)');
SELECT rel_fetch('comments', 1, 'id, replies{1,2}(id)');
-- the thread is three levels deep: with {1,3} its leaves carry no key, with
-- {1,4} they carry [], as with +
SELECT rel_fetch('comments', 1, 'id, replies{1,3}(id)') = rel_fetch('comments', 1, 'id, replies+(id)') AS three_levels_as_plus,
       rel_fetch('comments', 1, 'id, replies{1,4}(id)') = rel_fetch('comments', 1, 'id, replies+(id)') AS four_levels_as_plus;
-- the same document written by hand, for {2}
SELECT rel_fetch('comments', 1, 'id, replies{2}(id, body)') =
       (SELECT jsonb_build_object('id', c.id, 'replies',
                COALESCE((SELECT jsonb_agg(jsonb_build_object('id', r.id, 'body', r.body, 'replies',
                          COALESCE((SELECT jsonb_agg(jsonb_build_object('id', rr.id, 'body', rr.body) ORDER BY rr.id)
                                      FROM comments rr WHERE rr.parent_id = r.id), '[]'))
                          ORDER BY r.id)
                            FROM comments r WHERE r.parent_id = c.id), '[]'))
          FROM comments c WHERE c.id = 1) AS same_as_by_hand;

------------------------------------------------------------------------
-- Clauses hold at every level
------------------------------------------------------------------------
-- WHERE: a row that fails is left out, with everything below it
SELECT rel_fetch('comments', 1, 'id, replies+(id, score WHERE score > 2)');
-- ORDER BY orders the siblings of every level
SELECT rel_fetch('comments', 1, 'id, replies+(id, score ORDER BY score DESC)');
-- LIMIT and OFFSET page every level, per parent
SELECT rel_fetch('comments', 1, 'id, replies+(id ORDER BY id DESC LIMIT 1)');
SELECT rel_fetch('comments', 1, 'id, replies+(id LIMIT 1 OFFSET 1)');
-- aggregates and other embeds at every level
SELECT rel_fetch('comments', 1, 'id, replies+(id, n: COUNT(replies), author(name))');
-- literals are parameters: one plan, each call its own answer
SELECT s, rel_fetch('comments', 1, format('id, replies+(id WHERE score > %s)', s))
  FROM generate_series(0, 8, 4) s ORDER BY s;

------------------------------------------------------------------------
-- A scalar relationship: a chain of objects, null at the top
------------------------------------------------------------------------
SELECT rel_fetch('comments', 7, 'id, parent+(id, author(name))');
SELECT rel_fetch('comments', 7, 'id, parent{2}(id)');
SELECT rel_fetch('comments', 1, 'id, parent+(id)');

------------------------------------------------------------------------
-- Cycles: a row already on the branch is not nested under itself again
------------------------------------------------------------------------
UPDATE comments SET parent_id = 7 WHERE id = 1;     -- 1 → 2 → 4 → 7 → 1
SELECT rel_fetch('comments', 1, 'id, replies+(id)');
SELECT rel_fetch('comments', 4, 'id, replies+(id)');
SELECT rel_fetch('comments', 4, 'id, parent+(id)');
UPDATE comments SET parent_id = NULL WHERE id = 1;

------------------------------------------------------------------------
-- Documents of many rows
------------------------------------------------------------------------
SELECT rel_fetch_many('comments', ARRAY[3, 2, 10], 'id, replies+(id)');
SELECT rel_fetch_many('comments', ARRAY[1, 10], 'id, replies+(id) WHERE parent_id IS NULL ORDER BY id DESC');

------------------------------------------------------------------------
-- A graph through a junction: friends of friends, each branch a path
------------------------------------------------------------------------
CREATE TABLE people (id int PRIMARY KEY, name text);
CREATE TABLE friendships (person_id int REFERENCES people, friend_id int REFERENCES people,
                          PRIMARY KEY (person_id, friend_id));
INSERT INTO people VALUES (1, 'ada'), (2, 'bo'), (3, 'cleo'), (4, 'dan');
INSERT INTO friendships VALUES (1, 2), (2, 3), (3, 1), (3, 4);
SELECT rel_declare('people', 'friends', 'people', secondary => 'friendships',
                   source_columns => '{id}', secondary_source_columns => '{person_id}',
                   secondary_target_columns => '{friend_id}', target_columns => '{id}');
SELECT rel_fetch('people', 1, 'name, friends+(name)');
SELECT rel_fetch('people', 1, 'name, friends{2}(name)');

------------------------------------------------------------------------
-- Row-level security hides a middle row: nothing below it is reached
------------------------------------------------------------------------
CREATE ROLE regress_relnav_trees;
GRANT USAGE ON SCHEMA trees TO regress_relnav_trees;
GRANT SELECT ON comments, authors TO regress_relnav_trees;
ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_two ON comments TO regress_relnav_trees USING (id <> 2);
SET ROLE regress_relnav_trees;
SELECT rel_fetch('comments', 1, 'id, replies+(id)');
RESET ROLE;
DROP POLICY not_two ON comments;
ALTER TABLE comments DISABLE ROW LEVEL SECURITY;

------------------------------------------------------------------------
-- Errors
------------------------------------------------------------------------
-- only +, {n} and {1,n} nest trees (42601)
SELECT rel_fetch('comments', 1, 'id, replies*(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('comments', 1, 'id, replies{2,}(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('comments', 1, 'id, replies{2,3}(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('comments', 1, 'id, replies{0}(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a quantifier before anything but "(" is the syntax error it always was
SELECT rel_fetch('comments', 1, 'id, replies+');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- only a relationship from a table to itself (42P19)
SELECT rel_fetch('comments', 1, 'id, author+(name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- deeper than a document may nest (54001)
SELECT rel_fetch('comments', 1, 'id, replies{1001}(id)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
INSERT INTO comments (id, body, parent_id, author_id)
SELECT 1000 + g, 'deep', CASE WHEN g = 0 THEN NULL ELSE 999 + g END, 1
  FROM generate_series(0, 1001) g;
SELECT rel_fetch('comments', 1000, 'id, replies+(id)') IS NOT NULL;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT jsonb_path_query(rel_fetch('comments', 1000, 'id, replies{1000}(id)'),
                        'strict $.replies[0].replies[0].id') AS third_level;
-- more rows than a document may hold (54001): every path of a small
-- complete graph
INSERT INTO people SELECT g, 'p' || g FROM generate_series(5, 9) g;
INSERT INTO friendships SELECT a, b FROM generate_series(1, 9) a, generate_series(1, 9) b
 WHERE a <> b ON CONFLICT DO NOTHING;
SELECT rel_fetch('people', 1, 'id, friends+(id)') IS NOT NULL;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT jsonb_array_length(rel_fetch('people', 1, 'id, friends{2}(id)')->'friends') AS first_level;

DROP SCHEMA trees CASCADE;
DROP OWNED BY regress_relnav_trees;
DROP ROLE regress_relnav_trees;
