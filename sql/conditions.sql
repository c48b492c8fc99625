-- conditions: a relationship declared with a condition on the rows that
-- hold its referencing columns (polymorphic associations, SQLAlchemy's
-- extra primaryjoin criteria, Rails' as:), read from both sides, linked,
-- renamed, combined with orders, pages, shape clauses and recursion.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA conditions;
SET search_path = conditions, public;
\set VERBOSITY default

------------------------------------------------------------------------
-- A polymorphic association: reactions to posts and to comments
------------------------------------------------------------------------
CREATE TABLE posts (id int PRIMARY KEY, title text NOT NULL);
CREATE TABLE comments (id int PRIMARY KEY, body text NOT NULL, parent_id int REFERENCES comments);
CREATE TABLE reactions (
    id int PRIMARY KEY,
    subject_type text NOT NULL,
    subject_id int,
    emoji text NOT NULL,
    stars int NOT NULL DEFAULT 1
);
INSERT INTO posts VALUES (1, 'hello'), (2, 'again');
INSERT INTO comments VALUES (1, 'first', NULL), (2, 'second', 1), (3, 'third', 2);
INSERT INTO reactions VALUES
    (1, 'Post', 1, 'up', 5), (2, 'Comment', 1, 'party', 2), (3, 'Post', 2, 'heart', 4),
    (4, 'Comment', 1, 'smile', 3), (5, 'Post', 1, 'eyes', 1), (6, 'Comment', 2, 'up', 1),
    (7, 'Comment', 3, 'up', 2);

SELECT rel_declare('posts', 'reactions', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'subject_type = ''Post''', back_populates => 'post',
                   order_by => 'stars DESC');
SELECT rel_declare('reactions', 'post', 'posts', kind => 'many_to_one',
                   source_columns => '{subject_id}', target_columns => '{id}',
                   condition => 'subject_type = ''Post''', back_populates => 'reactions');
SELECT rel_declare('comments', 'reactions', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'subject_type = ''Comment''', back_populates => 'comment');
SELECT rel_declare('reactions', 'comment', 'comments', kind => 'many_to_one',
                   source_columns => '{subject_id}', target_columns => '{id}',
                   condition => 'subject_type = ''Comment''', back_populates => 'reactions');
SELECT rel_declare('comments', 'replies', 'comments', kind => 'one_to_many',
                   foreign_key => 'comments_parent_id_fkey');
SELECT source, name, kind, condition, viewonly FROM rel_relationships ORDER BY source::text, name;

-- each side sees only its own rows, in every function
SELECT v->>'id' AS post_1 FROM rel_navigate('posts', 1, 'reactions') v;
SELECT v->>'id' AS comment_1 FROM rel_navigate('comments', 1, 'reactions') v;
SELECT id, emoji FROM rel_rows(NULL::reactions, 'comments', 1, 'reactions') ORDER BY id;
SELECT rel_count('posts', 1, 'reactions') AS post_1, rel_count('comments', 1, 'reactions') AS comment_1;
SELECT source_key, target->>'id' AS reaction FROM rel_navigate_many('posts', ARRAY[2, 1], 'reactions');
SELECT rel_fetch('posts', 1, 'title, reactions(emoji)');
SELECT rel_fetch_many('comments', ARRAY[1, 2], 'body, reactions(emoji)');
-- the many_to_one side: a reaction to a comment has no post
SELECT rel_fetch('reactions', 1, 'emoji, post(title), comment(body)');
SELECT rel_fetch('reactions', 2, 'emoji, post(title), comment(body)');
-- as the hand-written join does
SELECT (SELECT array_agg(v->>'id' ORDER BY v->>'id') FROM rel_navigate('comments', 1, 'reactions') v)
     = (SELECT array_agg(r.id::text ORDER BY r.id::text) FROM reactions r
         WHERE r.subject_id = 1 AND r.subject_type = 'Comment') AS same;

-- with order_by, max_rows, a shape's own clauses, aggregates and paths
SELECT v->>'id' AS by_stars FROM rel_navigate('posts', 1, 'reactions') v;
SELECT v->>'id' AS top_one FROM rel_navigate('posts', 1, 'reactions', max_rows => 1) v;
SELECT rel_fetch('posts', 1, 'title, reactions(emoji WHERE stars > 1 ORDER BY stars LIMIT 1)');
SELECT rel_fetch('comments', 1, 'body, n: COUNT(reactions), best: MAX(reactions.stars)');
SELECT rel_fetch_many('comments', ARRAY[1, 2, 3], 'id WHERE reactions.emoji = ''up''');
SELECT rel_fetch_many('posts', ARRAY[1, 2], 'id WHERE EXISTS (reactions WHERE emoji = ''party'')');
-- and in a recursive path and a tree: every hop keeps its condition
SELECT v->>'id' AS thread_reactions FROM rel_navigate('comments', 1, 'replies*.reactions') v;
SELECT rel_fetch('comments', 1, 'id, replies+(id, reactions(emoji))');

------------------------------------------------------------------------
-- Links set what the condition pins; unlinks leave it
------------------------------------------------------------------------
SELECT rel_link('comments', 2, 'reactions', 3);
SELECT * FROM reactions WHERE id = 3;
SELECT rel_unlink('comments', 2, 'reactions', 3);
SELECT * FROM reactions WHERE id = 3;
-- not linked under this condition: nothing to unlink, nothing changes
SELECT rel_unlink('posts', 1, 'reactions', 2);
SELECT * FROM reactions WHERE id = 2;
-- from the many_to_one side the source row gets the pins
SELECT rel_link('reactions', 3, 'post', 2);
SELECT * FROM reactions WHERE id = 3;
SELECT rel_link('reactions', 3, 'comment', 1);
SELECT * FROM reactions WHERE id = 3;
SELECT rel_unlink('reactions', 3, 'post', 2);
SELECT * FROM reactions WHERE id = 3;
SELECT rel_unlink('reactions', 3, 'comment', 1);
SELECT * FROM reactions WHERE id = 3;

------------------------------------------------------------------------
-- A membership payload: admins through the association's role
------------------------------------------------------------------------
CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE orgs (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE memberships (
    person_id int REFERENCES people,
    org_id int REFERENCES orgs,
    role text NOT NULL DEFAULT 'member',
    PRIMARY KEY (person_id, org_id)
);
INSERT INTO people VALUES (1, 'ada'), (2, 'bo'), (3, 'cy');
INSERT INTO orgs VALUES (1, 'acme');
INSERT INTO memberships VALUES (1, 1, 'admin'), (2, 1, 'member');
SELECT rel_declare('orgs', 'admins', 'people', secondary => 'memberships',
                   condition => 'role = ''admin''');
SELECT rel_declare('orgs', 'members', 'people', secondary => 'memberships');
SELECT rel_fetch('orgs', 1, 'name, admins(name), members(name)');
SELECT rel_link('orgs', 1, 'admins', 3);
SELECT * FROM memberships ORDER BY person_id;
-- a row of the pair that fails the condition is a conflict, not a link
SELECT rel_link('orgs', 1, 'admins', 2);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink('orgs', 1, 'admins', 2);
SELECT rel_unlink('orgs', 1, 'admins', 3);
SELECT * FROM memberships ORDER BY person_id;

------------------------------------------------------------------------
-- Renames are followed; dropping a column of the condition drops it
------------------------------------------------------------------------
ALTER TABLE reactions RENAME COLUMN subject_type TO target_type;
SELECT source, name, condition FROM rel_relationships
 WHERE source = 'posts'::regclass ORDER BY name;
SELECT v->>'id' AS after_rename FROM rel_navigate('posts', 1, 'reactions') v;
ALTER TABLE memberships RENAME TO roles;
SELECT rel_fetch('orgs', 1, 'admins(name)');
SELECT rel_declare('posts', 'liked', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'target_type = ''Post'' AND emoji = ''heart''');
ALTER TABLE reactions DROP COLUMN emoji CASCADE;
SELECT name FROM rel_relationships WHERE source = 'posts'::regclass ORDER BY name;

-- columns whose names need quoting, a reserved word among them; a column
-- the condition names twice is recorded once among its columns
CREATE TABLE notes (id int PRIMARY KEY, post_id int, "Subject Type" text, "order" int);
INSERT INTO notes VALUES (1, 1, 'Post', 1), (2, 1, 'Comment', 2), (3, 1, 'Post', 12),
    (4, 1, 'Post', 5), (5, 2, 'Post', 2);
SELECT rel_declare('posts', 'notes', 'notes', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{post_id}',
                   condition => '"Subject Type" = ''Post'' AND ("order" < 3 OR "order" > 9)');
SELECT condition FROM rel_relationships WHERE name = 'notes';
SELECT r.condition_attnums = ARRAY(SELECT attnum FROM pg_attribute
                                    WHERE attrelid = 'notes'::regclass
                                      AND attname IN ('Subject Type', 'order')
                                    ORDER BY attnum)::int2[] AS each_column_once
  FROM _relnav.relationships r WHERE r.name = 'notes';
SELECT v->>'id' AS note FROM rel_navigate('posts', 1, 'notes') v;
SELECT rel_count('posts', 1, 'notes') AS notes, rel_fetch('posts', 1, 'title, notes(id)');
ALTER TABLE notes RENAME COLUMN "Subject Type" TO "Kind of ""subject""";
SELECT condition FROM rel_relationships WHERE name = 'notes';
SELECT source_key, target->>'id' AS note FROM rel_navigate_many('posts', ARRAY[2, 1], 'notes');

------------------------------------------------------------------------
-- Errors
------------------------------------------------------------------------
-- an unknown column: 42703; a malformed condition: 42601
SELECT rel_declare('posts', 'bad', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'nope = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('posts', 'bad', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'target_type = ');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- no paths, aggregates or EXISTS: 42601
SELECT rel_declare('posts', 'bad', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'post.title = ''x''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a literal that does not convert: the type's own error
SELECT rel_declare('posts', 'bad', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'stars = ''many''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a mirror under another condition is not an inverse
SELECT rel_declare('posts', 'tagged', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'target_type = ''Post''', back_populates => 'tagged_post');
SELECT rel_declare('reactions', 'tagged_post', 'posts', kind => 'many_to_one',
                   source_columns => '{subject_id}', target_columns => '{id}',
                   condition => 'target_type = ''Comment''', back_populates => 'tagged');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a condition links cannot satisfy: 42809 for links, reading still works
SELECT rel_declare('posts', 'starred', 'reactions', kind => 'one_to_many',
                   source_columns => '{id}', target_columns => '{subject_id}',
                   condition => 'target_type = ''Post'' AND stars >= 4');
SELECT v->>'id' AS starred FROM rel_navigate('posts', 1, 'starred') v;
SELECT rel_link('posts', 1, 'starred', 5);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_unlink('posts', 1, 'starred', 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE

DROP SCHEMA conditions CASCADE;
