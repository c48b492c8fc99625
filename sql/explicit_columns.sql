-- Joins that no constraint backs: source_columns / target_columns and the
-- secondary_* pair; kind from primary and unique keys; type and column checks.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA explicit_columns;
SET search_path = explicit_columns, public;
\set VERBOSITY default

-- A legacy schema: keys, but no foreign keys.
CREATE TABLE people (uid int PRIMARY KEY, email text UNIQUE, name text);
CREATE TABLE contacts (cid int PRIMARY KEY, owner int, owner_email text, name text);
CREATE TABLE badges (bid int PRIMARY KEY, holder int UNIQUE, label text);
CREATE TABLE clubs (club_no int PRIMARY KEY, title text);
CREATE TABLE memberships (member int, club int, since int);
CREATE TABLE scores (person bigint, points int);
INSERT INTO people VALUES (1, 'ann@x', 'Ann'), (2, 'bob@x', 'Bob'), (3, 'cat@x', 'Cat');
INSERT INTO contacts VALUES (10, 1, 'ann@x', 'Ann mother'), (11, 1, 'ann@x', 'Ann brother'),
                            (12, 2, 'bob@x', 'Bob wife'), (13, NULL, NULL, 'orphan');
INSERT INTO badges VALUES (100, 1, 'gold'), (101, 3, 'silver');
INSERT INTO clubs VALUES (7, 'Chess'), (8, 'Rowing'), (9, 'Choir');
INSERT INTO memberships VALUES (1, 7, 2019), (1, 8, 2021), (2, 7, 2020), (3, 9, 2022), (3, 7, 2023);
INSERT INTO scores VALUES (1, 5), (1, 7), (2, 3);

------------------------------------------------------------------------
-- Direct joins: the kind follows from primary and unique keys
------------------------------------------------------------------------
-- the source's columns are its primary key, the target's are not unique
SELECT rel_declare('people', 'contacts', 'contacts',
                   source_columns => '{uid}', target_columns => '{owner}');
-- the other way round
SELECT rel_declare('contacts', 'owner_person', 'people',
                   source_columns => '{owner}', target_columns => '{uid}');
-- a unique key decides like a primary key
SELECT rel_declare('contacts', 'owner_by_email', 'people',
                   source_columns => ARRAY['owner_email'], target_columns => ARRAY['email']);
SELECT rel_declare('people', 'contacts_by_email', 'contacts',
                   source_columns => ARRAY['email'], target_columns => ARRAY['owner_email'],
                   order_by => 'name');
-- a bigint column joins an integer one (one btree family)
SELECT rel_declare('people', 'scores', 'scores',
                   source_columns => '{uid}', target_columns => '{person}', order_by => 'points DESC');
-- uselist => false makes the inferred one_to_many scalar
SELECT rel_declare('people', 'first_contact', 'contacts',
                   source_columns => '{uid}', target_columns => '{owner}', uselist => false);
SELECT name, target, kind, uselist, source_columns, target_columns, secondary, order_by
  FROM rel_relationships
 WHERE source IN ('people'::regclass, 'contacts'::regclass) ORDER BY source::text, name;
SELECT v->>'name' AS name FROM rel_navigate('people', 1, 'contacts') v;
SELECT * FROM rel_navigate('contacts', 12, 'owner_person');
SELECT * FROM rel_navigate('contacts', 13, 'owner_person');        -- NULL owner
SELECT * FROM rel_navigate('contacts', 11, 'owner_by_email');
SELECT v->>'name' AS name FROM rel_navigate('people', 1, 'contacts_by_email') v;
SELECT * FROM rel_rows(NULL::scores, 'people', 1, 'scores');
SELECT * FROM rel_navigate('people', 2, 'first_contact');
SELECT * FROM rel_navigate('people', 1, 'first_contact');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT v->>'name' AS name FROM rel_navigate('contacts', 10, 'owner_person.contacts') v;

-- unique on both sides: the kind is not decided, the error asks for it
SELECT rel_declare('people', 'badge', 'badges',
                   source_columns => '{uid}', target_columns => '{holder}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'badge', 'badges', kind => 'one_to_one',
                   source_columns => '{uid}', target_columns => '{holder}');
SELECT rel_declare('badges', 'holder_person', 'people', kind => 'many_to_one',
                   source_columns => '{holder}', target_columns => '{uid}');
SELECT name, kind, uselist FROM rel_relationships
 WHERE name IN ('badge', 'holder_person') ORDER BY name;
SELECT * FROM rel_navigate('people', 3, 'badge');
SELECT * FROM rel_navigate('people', 2, 'badge');
SELECT * FROM rel_navigate('badges', 100, 'holder_person');
-- unique on neither side: the same
SELECT rel_declare('contacts', 'namesakes', 'scores',
                   source_columns => '{owner}', target_columns => '{person}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a partial unique index does not make a column unique
CREATE UNIQUE INDEX contacts_owner_partial ON contacts (owner) WHERE cid > 100;
SELECT rel_declare('people', 'contacts2', 'contacts',
                   source_columns => '{uid}', target_columns => '{owner}');
SELECT name, kind FROM rel_relationships WHERE name = 'contacts2';
-- kind given: one_to_many, or a scalar whose target columns are not unique
SELECT rel_declare('contacts', 'scores', 'scores', kind => 'one_to_many',
                   source_columns => '{owner}', target_columns => '{person}');
SELECT rel_declare('contacts', 'a_score', 'scores', kind => 'many_to_one',
                   source_columns => '{owner}', target_columns => '{person}');
SELECT rel_declare('people', 'the_contact', 'contacts', kind => 'one_to_one',
                   source_columns => '{uid}', target_columns => '{owner}');
SELECT v->>'points' AS points FROM rel_navigate('contacts', 10, 'scores', order_by => 'points') v;
SELECT * FROM rel_navigate('contacts', 12, 'a_score');               -- one row: fine
-- a scalar hop that finds more than one row: 21000
SELECT * FROM rel_navigate('contacts', 10, 'a_score');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('contacts', 10, 'a_score');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::scores, 'contacts', 10, 'a_score');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('people', 1, 'the_contact');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('badges', 100, 'holder_person.the_contact');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- uselist => true on a many_to_one is an error here too
SELECT rel_declare('contacts', 'owner_list', 'people', uselist => true,
                   source_columns => '{owner}', target_columns => '{uid}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Many-to-many through an association table without foreign keys
------------------------------------------------------------------------
SELECT rel_declare('people', 'clubs', 'clubs', secondary => 'memberships',
                   source_columns => '{uid}', secondary_source_columns => '{member}',
                   secondary_target_columns => '{club}', target_columns => '{club_no}',
                   back_populates => 'members');
SELECT rel_declare('clubs', 'members', 'people', secondary => 'memberships',
                   source_columns => '{club_no}', secondary_source_columns => '{club}',
                   secondary_target_columns => '{member}', target_columns => '{uid}',
                   back_populates => 'clubs', order_by => 'name DESC', kind => 'many_to_many');
SELECT name, target, kind, uselist, source_columns, target_columns, secondary,
       secondary_source_columns, secondary_target_columns, back_populates
  FROM rel_relationships WHERE secondary = 'memberships'::regclass ORDER BY name;
SELECT v->>'title' AS title FROM rel_navigate('people', 1, 'clubs') v;
SELECT v->>'name' AS name FROM rel_navigate('clubs', 7, 'members') v;
SELECT v->>'title' AS title FROM rel_navigate('people', 2, 'clubs.members.clubs') v;
SELECT rel_count('clubs', 8, 'members'), rel_count('people', 3, 'clubs');
-- the secondary needs both of its column lists, and they match the others
SELECT rel_declare('people', 'clubs2', 'clubs', secondary => 'memberships',
                   source_columns => '{uid}', target_columns => '{club_no}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'clubs2', 'clubs', secondary => 'memberships',
                   source_columns => '{uid}', secondary_source_columns => '{member,since}',
                   secondary_target_columns => '{club}', target_columns => '{club_no}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'clubs2', 'clubs', secondary => 'memberships', kind => 'one_to_many',
                   source_columns => '{uid}', secondary_source_columns => '{member}',
                   secondary_target_columns => '{club}', target_columns => '{club_no}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- secondary columns without a secondary table
SELECT rel_declare('people', 'clubs2', 'clubs',
                   source_columns => '{uid}', secondary_source_columns => '{member}',
                   secondary_target_columns => '{club}', target_columns => '{club_no}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a secondary without foreign keys and without columns
SELECT rel_declare('people', 'clubs2', 'clubs', secondary => 'memberships');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Composite explicit columns
------------------------------------------------------------------------
CREATE TABLE shelves (room text, shelf int, label text, PRIMARY KEY (room, shelf));
CREATE TABLE books (id int PRIMARY KEY, title text, at_room text, at_shelf int);
INSERT INTO shelves VALUES ('A', 1, 'novels'), ('A', 2, 'poetry'), ('B', 1, 'maps');
INSERT INTO books VALUES (1, 'Emma', 'A', 1), (2, 'Odes', 'A', 2), (3, 'Atlas', 'B', 1), (4, 'Persuasion', 'A', 1);
SELECT rel_declare('books', 'shelf', 'shelves',
                   source_columns => '{at_room,at_shelf}', target_columns => '{room,shelf}');
SELECT rel_declare('shelves', 'books', 'books',
                   source_columns => '{shelf,room}', target_columns => '{at_shelf,at_room}');
SELECT name, kind, source_columns, target_columns FROM rel_relationships
 WHERE source IN ('books'::regclass, 'shelves'::regclass) ORDER BY name;
SELECT * FROM rel_navigate('books', 4, 'shelf');
SELECT v->>'title' AS title FROM rel_navigate('shelves', '{"room": "A", "shelf": 1}', 'books') v;
SELECT v->>'title' AS title FROM rel_navigate('books', 1, 'shelf.books') v;
-- the pairs follow the order of the arrays
SELECT rel_declare('books', 'crossed', 'shelves', kind => 'many_to_one',
                   source_columns => '{at_room,at_shelf}', target_columns => '{shelf,room}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- Errors in the column lists
------------------------------------------------------------------------
-- a column that does not exist: 42703, on every side
SELECT rel_declare('people', 'x', 'contacts', source_columns => '{nope}', target_columns => '{owner}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'x', 'contacts', source_columns => '{uid}', target_columns => '{nope}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'x', 'clubs', secondary => 'memberships',
                   source_columns => '{uid}', secondary_source_columns => '{nope}',
                   secondary_target_columns => '{club}', target_columns => '{club_no}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'x', 'clubs', secondary => 'memberships',
                   source_columns => '{uid}', secondary_source_columns => '{member}',
                   secondary_target_columns => '{nope}', target_columns => '{club_no}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a column of the other table is not one of this table's
SELECT rel_declare('people', 'x', 'contacts', source_columns => '{owner}', target_columns => '{owner}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- system columns are not join columns
SELECT rel_declare('people', 'x', 'contacts', source_columns => '{ctid}', target_columns => '{owner}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- types that cannot be compared: 42804
SELECT rel_declare('people', 'x', 'contacts', source_columns => '{uid}', target_columns => '{name}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'x', 'clubs', secondary => 'memberships',
                   source_columns => '{email}', secondary_source_columns => '{member}',
                   secondary_target_columns => '{club}', target_columns => '{club_no}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- lists that do not pair up
SELECT rel_declare('people', 'x', 'contacts', source_columns => '{uid,email}', target_columns => '{owner}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'x', 'contacts', source_columns => '{uid}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'x', 'contacts', target_columns => '{owner}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'x', 'contacts', source_columns => '{}', target_columns => '{}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'x', 'contacts', source_columns => ARRAY['uid', NULL], target_columns => '{owner,name}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('people', 'x', 'contacts', source_columns => '{{uid}}', target_columns => '{{owner}}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT count(*) AS none_declared FROM rel_relationships WHERE name IN ('x', 'clubs2', 'crossed');

------------------------------------------------------------------------
-- Targets that are not plain tables: a partitioned table, a view
------------------------------------------------------------------------
CREATE TABLE visits (id int, person int, at int, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE visits_early PARTITION OF visits FOR VALUES FROM (0) TO (100);
CREATE TABLE visits_late PARTITION OF visits FOR VALUES FROM (100) TO (200);
INSERT INTO visits VALUES (1, 1, 50), (2, 1, 150), (3, 2, 60), (4, 1, 120);
SELECT rel_declare('people', 'visits', 'visits',
                   source_columns => '{uid}', target_columns => '{person}', order_by => 'at DESC');
SELECT name, kind FROM rel_relationships WHERE name = 'visits';
SELECT v->>'id' AS id, v->>'at' AS at FROM rel_navigate('people', 1, 'visits') v;
SELECT rel_count('people', 1, 'visits');
CREATE VIEW adult_contacts AS SELECT cid, owner, name FROM contacts WHERE name NOT LIKE '%brother%';
SELECT rel_declare('people', 'adult_contacts', 'adult_contacts', kind => 'one_to_many',
                   source_columns => '{uid}', target_columns => '{owner}', order_by => 'cid');
SELECT * FROM rel_navigate('people', 1, 'adult_contacts');

SET client_min_messages = warning;
DROP SCHEMA explicit_columns CASCADE;
RESET client_min_messages;
RESET search_path;
