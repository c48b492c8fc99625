-- rel_reflect: the clinic from plain DDL, a second call, hand-made
-- declarations, two foreign keys to one table, self-references, composite
-- keys, junction tables (by primary key, by a unique constraint beside a
-- surrogate key, by a unique index without a key, with a payload), name
-- clashes, tables the caller does not own.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA reflect;
SET search_path = reflect, public;
\set VERBOSITY default
\set ECHO none
\i test/clinic.sql
\set ECHO all

-- declarations whose source is in one schema
CREATE FUNCTION reflect.declared(nsp regnamespace)
    RETURNS TABLE (source regclass, name text, target regclass, kind text,
                   source_columns name[], target_columns name[],
                   secondary regclass, back_populates text)
    LANGUAGE sql AS $$
    SELECT r.source, r.name, r.target, r.kind, r.source_columns, r.target_columns,
           r.secondary, r.back_populates
      FROM public.rel_relationships r, pg_catalog.pg_class c
     WHERE c.oid = r.source AND c.relnamespace = nsp
     ORDER BY r.source::text COLLATE "C", r.name COLLATE "C"
$$;

------------------------------------------------------------------------
-- the clinic: what the seed declares by hand, under the contract's names
------------------------------------------------------------------------
SELECT rel_reflect('reflect');
SELECT * FROM declared('reflect');
SELECT rel_fetch('users', 1, 'full_name, profiles(bio), kins(full_name), specialities(name), appointments(details, user(full_name))');
SELECT rel_fetch('specialities', 2, 'name, users(full_name)');
-- a second call adds nothing
SELECT rel_reflect('reflect');
-- a second foreign key from appointments to users: its names get the column
ALTER TABLE appointments ADD doctor_id int REFERENCES users;
UPDATE appointments SET doctor_id = 2 WHERE id IN (1, 3);
SELECT rel_reflect('reflect');
SELECT * FROM declared('reflect') WHERE source = 'appointments'::regclass OR name LIKE 'appointments%';
SELECT v->>'details' AS details FROM rel_navigate('users', 2, 'appointments_by_doctor_id') v;
SELECT rel_reflect('reflect');

------------------------------------------------------------------------
-- hand-made declarations are left alone, and paired with where they can be
------------------------------------------------------------------------
CREATE SCHEMA reflect_hand;
SET search_path = reflect_hand, reflect, public;
\set ECHO none
\i test/clinic.sql
\set ECHO all
-- waits for a mirror named "patient", with an order of its own
SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'patient',
                   order_by => 'details DESC');
-- the many_to_one of kins, under another name and without a mirror
SELECT rel_declare('kins', 'person', 'users');
-- "kins" on users, but a different join: the reflected one must not take it
SELECT rel_declare('users', 'kins', 'kins', source_columns => '{id}', target_columns => '{id}',
                   kind => 'one_to_one');
SELECT rel_reflect('reflect_hand');
SELECT * FROM declared('reflect_hand');
SELECT order_by FROM rel_relationships WHERE source = 'users'::regclass AND name = 'appointments';
SELECT rel_reflect('reflect_hand');

------------------------------------------------------------------------
-- self-references, two keys to one table, composite keys, junctions with
-- more than their two keys, unique keys, column names in the way
------------------------------------------------------------------------
CREATE SCHEMA reflect_fks;
SET search_path = reflect_fks, reflect, public;
CREATE TABLE people (
    id         int PRIMARY KEY,
    name       text,
    manager_id int REFERENCES people
);
CREATE TABLE messages (
    id           int PRIMARY KEY,
    sender_id    int REFERENCES people,
    recipient_id int REFERENCES people,
    body         text
);
-- a junction of people with people
CREATE TABLE friendships (
    person_id int REFERENCES people,
    friend_id int REFERENCES people,
    since     date,
    PRIMARY KEY (person_id, friend_id)
);
CREATE TABLE clubs (id int PRIMARY KEY, title text);
-- a junction with a payload and a third foreign key
CREATE TABLE memberships (
    person_id   int REFERENCES people,
    club_id     int REFERENCES clubs,
    role        text,
    approved_by int REFERENCES people,
    PRIMARY KEY (club_id, person_id)
);
-- one passport per person: one_to_one
CREATE TABLE passports (
    id        int PRIMARY KEY,
    person_id int UNIQUE REFERENCES people
);
-- a composite foreign key
CREATE TABLE accounts (region text, no int, PRIMARY KEY (region, no));
CREATE TABLE invoices (
    id         int PRIMARY KEY,
    region     text,
    account_no int,
    FOREIGN KEY (region, account_no) REFERENCES accounts
);
-- "owner" is a column, so owner_id cannot give that name; "author" has no _id
CREATE TABLE tickets (
    id       int PRIMARY KEY,
    owner    text,
    owner_id int REFERENCES people,
    author   int REFERENCES people
);
SELECT rel_reflect('reflect_fks');
SELECT * FROM declared('reflect_fks');
SELECT rel_reflect('reflect_fks');
-- they navigate
INSERT INTO people VALUES (1, 'Ada', NULL), (2, 'Ben', 1), (3, 'Cy', 1);
INSERT INTO friendships VALUES (1, 2, '2020-01-01'), (3, 1, '2021-01-01');
INSERT INTO clubs VALUES (1, 'Chess');
INSERT INTO memberships VALUES (2, 1, 'member', 1), (3, 1, 'chair', 1);
INSERT INTO accounts VALUES ('eu', 7);
INSERT INTO invoices VALUES (1, 'eu', 7), (2, 'eu', 7);
SELECT rel_fetch('people', 1, 'name, manager(name), people_by_manager_id(name), people_by_friend_id(name), people_by_person_id(name), memberships_by_approved_by(role)');
-- payloads are reachable through the junction itself
SELECT rel_fetch('people', 2, 'name, memberships_by_person_id(role, club(title)), friendships_by_person_id(since, friend(name))');
SELECT rel_fetch('clubs', 1, 'title, memberships(role, person(name))');
SELECT rel_fetch('clubs', 1, 'title, people(name)');
SELECT rel_fetch('accounts', '{"region": "eu", "no": 7}', 'invoices(id)');
SELECT rel_fetch('invoices', 1, 'id, accounts(*)');
-- a foreign key into another schema: both sides are declared
CREATE TABLE notes (id int PRIMARY KEY, user_id int REFERENCES reflect.users);
SELECT rel_reflect('reflect_fks');
SELECT source, name, target, kind, back_populates FROM rel_relationships
 WHERE 'notes'::regclass IN (source, target) ORDER BY source::text, name;

------------------------------------------------------------------------
-- junction tables as ORMs make them: a surrogate key beside a unique pair
-- (Django, Rails), no primary key but a unique index (Prisma), a payload;
-- two foreign keys that are not unique together make no junction
------------------------------------------------------------------------
CREATE SCHEMA reflect_junctions;
SET search_path = reflect_junctions, reflect, public;
-- Django's auth: user.groups through user_groups
CREATE TABLE auth_user (id serial PRIMARY KEY, username text);
CREATE TABLE auth_group (id serial PRIMARY KEY, name text);
CREATE TABLE auth_user_groups (
    id       bigserial PRIMARY KEY,
    user_id  int NOT NULL REFERENCES auth_user,
    group_id int NOT NULL REFERENCES auth_group,
    UNIQUE (user_id, group_id)
);
-- Prisma's implicit many-to-many: "A" and "B", a unique index, no key
CREATE TABLE "Post" (id int PRIMARY KEY, title text);
CREATE TABLE "Category" (id int PRIMARY KEY, name text);
CREATE TABLE "_CategoryToPost" (
    "A" int NOT NULL REFERENCES "Category",
    "B" int NOT NULL REFERENCES "Post"
);
CREATE UNIQUE INDEX "_CategoryToPost_AB_unique" ON "_CategoryToPost" ("A", "B");
CREATE INDEX "_CategoryToPost_B_index" ON "_CategoryToPost" ("B");
-- an organisation membership with a payload, and a surrogate key
CREATE TABLE orgs (id int PRIMARY KEY, name text);
CREATE TABLE members (id int PRIMARY KEY, name text);
CREATE TABLE org_memberships (
    id        int PRIMARY KEY,
    org_id    int NOT NULL REFERENCES orgs,
    member_id int NOT NULL REFERENCES members,
    role      text NOT NULL,
    UNIQUE (org_id, member_id)
);
-- not a junction: nothing makes the pair unique (a log of visits)
CREATE TABLE visits (
    org_id    int REFERENCES orgs,
    member_id int REFERENCES members,
    at        date
);
-- not a junction: a partial unique index does not make the pair unique
CREATE TABLE invitations (
    org_id    int REFERENCES orgs,
    member_id int REFERENCES members,
    open      boolean
);
CREATE UNIQUE INDEX ON invitations (org_id, member_id) WHERE open;
SELECT rel_reflect('reflect_junctions');
SELECT * FROM declared('reflect_junctions');
SELECT rel_reflect('reflect_junctions');
INSERT INTO auth_user VALUES (1, 'ada'), (2, 'ben');
INSERT INTO auth_group VALUES (1, 'staff'), (2, 'editors');
INSERT INTO auth_user_groups (user_id, group_id) VALUES (1, 1), (1, 2), (2, 2);
INSERT INTO "Post" VALUES (1, 'Hello'), (2, 'Again');
INSERT INTO "Category" VALUES (1, 'news'), (2, 'misc');
INSERT INTO "_CategoryToPost" VALUES (1, 1), (2, 1), (2, 2);
INSERT INTO orgs VALUES (1, 'Acme');
INSERT INTO members VALUES (1, 'Ada'), (2, 'Ben');
INSERT INTO org_memberships VALUES (1, 1, 1, 'owner'), (2, 1, 2, 'viewer');
SELECT rel_fetch('auth_user', 1, 'username, auth_group(name)');
SELECT rel_fetch('auth_group', 2, 'name, auth_user(username)');
SELECT rel_fetch('"Post"', 1, 'title, "Category"(name)');
SELECT rel_fetch('"Category"', 2, 'name, "Post"(title)');
-- the payload: members of an organisation, and each one's role
SELECT rel_fetch('orgs', 1, 'name, members(name), org_memberships(role, member(name))');
SELECT rel_fetch('members', 2, 'name, orgs(name), org_memberships(role)');

------------------------------------------------------------------------
-- tables the caller does not own are skipped with a NOTICE
------------------------------------------------------------------------
CREATE ROLE regress_reflect_owner;
CREATE SCHEMA reflect_own;
GRANT USAGE ON SCHEMA reflect_own TO regress_reflect_owner;
CREATE TABLE reflect_own.teams (id int PRIMARY KEY, name text);
CREATE TABLE reflect_own.players (id int PRIMARY KEY, team_id int REFERENCES reflect_own.teams);
ALTER TABLE reflect_own.teams OWNER TO regress_reflect_owner;
SET ROLE regress_reflect_owner;
SELECT rel_reflect('reflect_own');
RESET ROLE;
SELECT * FROM declared('reflect_own');
-- the owner of players reflects too: the waiting mirror gets its name
SELECT rel_reflect('reflect_own');
SELECT * FROM declared('reflect_own');

------------------------------------------------------------------------
-- the default schema is public; arguments
------------------------------------------------------------------------
BEGIN;
CREATE TABLE public.reflect_parent (id int PRIMARY KEY);
CREATE TABLE public.reflect_child (id int PRIMARY KEY,
                                   parent_id int REFERENCES public.reflect_parent);
SELECT rel_reflect();
SELECT * FROM declared('public');
ROLLBACK;
SELECT rel_reflect(NULL);
SELECT rel_reflect('no_such_schema');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_reflect('pg_catalog');

SET client_min_messages = warning;
DROP SCHEMA reflect, reflect_hand, reflect_fks, reflect_own, reflect_junctions CASCADE;
DROP ROLE regress_reflect_owner;
RESET client_min_messages;
RESET search_path;
