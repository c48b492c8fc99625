-- Inheritance (issue 9, point 2): a table with inheritance children holds
-- their rows too, as "SELECT ... FROM parent" shows them.  Every function
-- gives the answer that hand-written SQL on the parent gives, whether the
-- source row, the target rows, or both live in a child table; each call is
-- shown beside that hand-written query.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA inheritance;
SET search_path = inheritance, public;
\set VERBOSITY terse
\set SHOW_CONTEXT never

-- A parent with a row of its own (1) and a child holding row 7; the child
-- has a column of its own, which queries on the parent do not show.
CREATE TABLE parent_t (id int PRIMARY KEY, name text);
CREATE TABLE child_t (extra text, PRIMARY KEY (id)) INHERITS (parent_t);
INSERT INTO parent_t VALUES (1, 'in parent');
INSERT INTO child_t VALUES (7, 'in child', 'child only');
-- No foreign key can point into an inheritance tree: explicit columns.
CREATE TABLE items (id int PRIMARY KEY, parent_id int, label text);
INSERT INTO items VALUES (1, 1, 'a'), (2, 7, 'b'), (3, 7, 'c'), (4, NULL, 'loose');
SELECT rel_declare('parent_t', 'items', 'items', back_populates => 'parent',
                   source_columns => '{id}', target_columns => '{parent_id}');
SELECT rel_declare('items', 'parent', 'parent_t', back_populates => 'items',
                   source_columns => '{parent_id}', target_columns => '{id}');
-- The target as an inheritance parent: notes of row 7 live in a child.
CREATE TABLE notes (id int PRIMARY KEY, parent_id int, body text);
CREATE TABLE notes_archived (PRIMARY KEY (id)) INHERITS (notes);
INSERT INTO notes VALUES (1, 7, 'current'), (2, 1, 'other');
INSERT INTO notes_archived VALUES (3, 7, 'archived'), (4, 1, 'archived other');
SELECT rel_declare('parent_t', 'notes', 'notes',
                   source_columns => '{id}', target_columns => '{parent_id}');
SELECT rel_declare('notes', 'owner', 'parent_t',
                   source_columns => '{parent_id}', target_columns => '{id}');
SELECT source, name, kind FROM rel_relationships
 WHERE source IN ('parent_t'::regclass, 'items'::regclass, 'notes'::regclass)
 ORDER BY source::text, name;

-- What the tables hold, through the parents
SELECT tableoid::regclass AS stored_in, * FROM parent_t ORDER BY id;
SELECT tableoid::regclass AS stored_in, * FROM notes ORDER BY id;

------------------------------------------------------------------------
-- The source row lives in the child
------------------------------------------------------------------------
-- rel_navigate
SELECT v FROM rel_navigate('parent_t', 7, 'items') v;
SELECT to_jsonb(i) FROM items i
 WHERE i.parent_id IN (SELECT p.id FROM parent_t p WHERE p.id = 7) ORDER BY i.id;
-- rel_rows
SELECT r.id, r.label FROM rel_rows(NULL::items, 'parent_t', 7, 'items') r;
SELECT i.id, i.label FROM items i
 WHERE i.parent_id IN (SELECT p.id FROM parent_t p WHERE p.id = 7) ORDER BY i.id;
-- rel_count
SELECT rel_count('parent_t', 7, 'items') AS relnav,
       (SELECT count(*) FROM items i
         WHERE i.parent_id IN (SELECT p.id FROM parent_t p WHERE p.id = 7)) AS by_hand;
SELECT rel_count('parent_t', '7', 'items') AS text_key,
       rel_count('parent_t', 7::bigint, 'items') AS bigint_key;
-- rel_navigate_many: 7 (child), 1 (parent), 99 (nowhere)
SELECT source_key, target->>'id' AS id
  FROM rel_navigate_many('parent_t', ARRAY[7, 1, 99], 'items');
SELECT k.key AS source_key, i.id
  FROM unnest(ARRAY[7, 1, 99]) WITH ORDINALITY AS k(key, ord)
  JOIN parent_t p ON p.id = k.key
  JOIN items i ON i.parent_id = p.id
 ORDER BY k.ord, i.id;
-- rel_fetch: the parent's columns only, as SELECT * FROM parent_t shows
SELECT rel_fetch('parent_t', 7, 'name, items(id, label)');
SELECT jsonb_build_object('name', p.name, 'items',
         (SELECT coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'label', i.label) ORDER BY i.id), '[]')
            FROM items i WHERE i.parent_id = p.id))
  FROM parent_t p WHERE p.id = 7;
SELECT rel_fetch('parent_t', 7);
SELECT to_jsonb(p) FROM parent_t p WHERE p.id = 7;
-- rel_fetch_many
SELECT d FROM rel_fetch_many('parent_t', ARRAY[7, 99, 1], 'id, items(id)') d;
SELECT jsonb_build_object('id', p.id, 'items',
         (SELECT coalesce(jsonb_agg(jsonb_build_object('id', i.id) ORDER BY i.id), '[]')
            FROM items i WHERE i.parent_id = p.id))
  FROM unnest(ARRAY[7, 99, 1]) WITH ORDINALITY AS k(key, ord)
  JOIN parent_t p ON p.id = k.key
 ORDER BY k.ord;
-- the same call site, alternating between a parent row and a child row
SELECT k, rel_count('parent_t', k, 'items') AS relnav,
       (SELECT count(*) FROM items i WHERE i.parent_id IN (SELECT id FROM parent_t WHERE id = k)) AS by_hand
  FROM unnest(ARRAY[1, 7, 1, 7, 99]) k;
-- multi-hop, through the child row and back
SELECT v->>'id' AS id FROM rel_navigate('items', 2, 'parent.items') v;
SELECT rel_count('items', 2, 'parent.items') AS relnav,
       (SELECT count(*) FROM items i WHERE i.parent_id IN
          (SELECT p.id FROM parent_t p JOIN items s ON s.parent_id = p.id WHERE s.id = 2)) AS by_hand;

------------------------------------------------------------------------
-- The inheritance parent as target
------------------------------------------------------------------------
-- many-to-one into the child's row
SELECT v FROM rel_navigate('items', 2, 'parent') v;
SELECT to_jsonb(p) FROM parent_t p WHERE p.id IN (SELECT i.parent_id FROM items i WHERE i.id = 2);
SELECT rel_fetch('items', 3, 'label, parent(id, name)');
SELECT jsonb_build_object('label', i.label, 'parent',
         (SELECT jsonb_build_object('id', p.id, 'name', p.name) FROM parent_t p WHERE p.id = i.parent_id))
  FROM items i WHERE i.id = 3;
SELECT source_key, target->>'name' AS name
  FROM rel_navigate_many('items', ARRAY[3, 1, 4], 'parent');
-- one-to-many whose target rows live in the child table of the target
SELECT v->>'body' AS body FROM rel_navigate('parent_t', 7, 'notes') v;
SELECT n.body FROM notes n WHERE n.parent_id IN (SELECT p.id FROM parent_t p WHERE p.id = 7) ORDER BY n.id;
SELECT rel_count('parent_t', 1, 'notes') AS relnav,
       (SELECT count(*) FROM notes n WHERE n.parent_id = 1) AS by_hand;
SELECT rel_fetch('parent_t', 7, 'id, notes(body)');
SELECT d FROM rel_fetch_many('parent_t', ARRAY[1, 7], 'id, notes(id)') d;
-- from an archived note (a child row of the source) to its owner (a child row of the target)
SELECT v->>'name' AS name FROM rel_navigate('notes', 3, 'owner') v;
SELECT rel_fetch('notes', 3, 'body, owner(name)');
SELECT rel_count('notes', 3, 'owner.items') AS relnav,
       (SELECT count(*) FROM items i WHERE i.parent_id IN
          (SELECT n.parent_id FROM notes n WHERE n.id = 3)) AS by_hand;

------------------------------------------------------------------------
-- Links through the child's row
------------------------------------------------------------------------
-- one-to-many from the child's row: item 4 now belongs to 7
SELECT rel_link('parent_t', 7, 'items', 4);
SELECT id, parent_id FROM items ORDER BY id;
SELECT rel_count('parent_t', 7, 'items');
SELECT rel_unlink('parent_t', 7, 'items', 4);
-- many-to-one into the child's row
SELECT rel_link('items', 4, 'parent', 7);
SELECT id, parent_id FROM items ORDER BY id;
SELECT rel_unlink('items', 4, 'parent', 7);
SELECT id, parent_id FROM items ORDER BY id;

DROP SCHEMA inheritance CASCADE;
