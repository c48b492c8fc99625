-- Querying inside documents: WHERE, ORDER BY, LIMIT, OFFSET, aliases and
-- aggregates at every level of a shape, the root included; conditions on
-- related rows through paths (any row; NOT = none), EXISTS(path WHERE ...),
-- typed literals, NULL semantics, keyword-named columns.  Interesting
-- documents are compared with the SQL one would write by hand.  Errors
-- are in query_errors.sql; literal binding, plan sharing, privileges and
-- row-level security in query_plans.sql.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA query;
SET search_path = query, public;
\set VERBOSITY default
-- the generated SQL is not part of the interface: keep it out of errors
\set SHOW_CONTEXT never
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'user');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'profile', 'profiles', back_populates => 'user', uselist => false);
SELECT rel_declare('profiles', 'user', 'users', back_populates => 'profile', uselist => false);
SELECT rel_declare('users', 'specialities', 'specialities',
                   secondary => 'user_speciality', back_populates => 'users');
SELECT rel_declare('specialities', 'users', 'users',
                   secondary => 'user_speciality', back_populates => 'specialities');
SELECT rel_declare('users', 'kins_by_name', 'kins', order_by => 'full_name DESC');

-- more rows: a kin with no relationship, a second speciality for user 2
INSERT INTO kins (id, full_name, phone, relationship, user_id) VALUES
    (9, 'Rui Costa', NULL, NULL, 2);
INSERT INTO user_speciality VALUES (2, 1);

-- run a hand-written query that returns one jsonb value
CREATE FUNCTION hand(q text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    r jsonb;
BEGIN
    EXECUTE q INTO r;
    RETURN r;
END
$$;

------------------------------------------------------------------------
-- WHERE on a collection filters the array, in the default order
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'full_name, kins(full_name, relationship WHERE relationship = ''spouse'')');
SELECT rel_fetch('users', 1, 'kins(id WHERE relationship <> ''spouse'')');
SELECT rel_fetch('users', 1, 'kins(id WHERE relationship != ''spouse'')');
-- the relationship's declared order is kept
SELECT rel_fetch('users', 1, 'kins_by_name(full_name WHERE id >= 2)');
-- nothing left: [] (never null)
SELECT rel_fetch('users', 1, 'kins(id WHERE relationship = ''cousin'')');
-- every comparison operator, on an integer column
SELECT op, rel_fetch('users', 1, format('kins(id WHERE id %s 2)', op)) -> 'kins' AS kins
  FROM unnest(ARRAY['=', '<>', '!=', '<', '<=', '>', '>=']) WITH ORDINALITY AS o(op, n)
 ORDER BY n;
-- and on text, in the column's collation (here C)
SELECT rel_fetch('users', 1, 'kins(full_name WHERE full_name < ''Chidi Okafor'')');
-- negative numbers (decimals: see the numeric column below)
SELECT rel_fetch('users', 1, 'kins(id WHERE id > -1 AND id <= 2)');
SELECT rel_fetch('users', 1, 'kins(id WHERE id >= -0 AND id < 3)');
-- IN and NOT IN; a number may be written as a string, and a string as a number
SELECT rel_fetch('users', 1, 'kins(id WHERE id IN (1, ''3'', 7))');
SELECT rel_fetch('users', 1, 'kins(id WHERE id NOT IN (1, 3))');
SELECT rel_fetch('users', 2, 'kins(id WHERE relationship IN (''spouse'', ''child''))');
SELECT rel_fetch('users', 1, 'kins(id WHERE relationship IN (''spouse''))');
-- LIKE, ILIKE and their negations
SELECT rel_fetch('users', 1, 'kins(full_name WHERE full_name LIKE ''%di%'')');
SELECT rel_fetch('users', 1, 'kins(full_name WHERE full_name LIKE ''n%'')');
SELECT rel_fetch('users', 1, 'kins(full_name WHERE full_name ILIKE ''n%'')');
SELECT rel_fetch('users', 1, 'kins(full_name WHERE full_name NOT LIKE ''%Okafor'')');
SELECT rel_fetch('users', 1, 'kins(full_name WHERE full_name NOT ILIKE ''%OKAFOR'')');
SELECT rel_fetch('users', 1, 'kins(full_name WHERE full_name LIKE ''_gozi%'')');
-- a quote inside a literal, and characters that mean something in SQL
SELECT rel_fetch('users', 1, 'kins(id WHERE full_name IN (''O''''Brien'', ''x; DROP TABLE kins; --'', ''$$'', ''\''))');
-- E'' strings, with PostgreSQL's backslash escapes: what quote_literal
-- and format('%L') write for a value with a backslash
SELECT format('%L', E'back\\slash') AS quoted,
       rel_fetch('users', 1, format('kins(id WHERE full_name IN (%L, %L))', E'back\\slash', 'Ada Okafor'));
SELECT rel_fetch('users', 1, 'kins(id WHERE full_name IN (E''\x41da\040Okafor'', e''\u004egozi\U00000020Okafor'', E''Chidi\''s''))');
SELECT rel_fetch('users', 1, 'kins(id WHERE full_name IN (E''\uD83D\uDE42'', E''\b\f\n\r\t\z\\'', E''\101\x''))');
-- AND binds tighter than OR, NOT tighter than AND; parentheses regroup
SELECT rel_fetch('users', 1, 'kins(id WHERE id = 1 OR id = 2 AND relationship = ''spouse'')');
SELECT rel_fetch('users', 1, 'kins(id WHERE (id = 1 OR id = 2) AND relationship = ''spouse'')');
SELECT rel_fetch('users', 1, 'kins(id WHERE NOT id = 1 AND NOT id = 2)');
SELECT rel_fetch('users', 1, 'kins(id WHERE NOT (id = 1 AND relationship = ''spouse''))');
SELECT rel_fetch('users', 1, 'kins(id WHERE NOT NOT id = 1)');
SELECT rel_fetch('users', 1, 'kins(id WHERE ((((id = 2)))))');
-- keywords in any case; whitespace between tokens, or none where SQL needs none
SELECT rel_fetch('users', 1, E'kins(id where id in (1,2)\n\tOrDeR  bY id DeSc LiMiT 1 oFfSeT 0)');
SELECT rel_fetch('users', 1, 'kins(id WHERE(id>=2)AND id<=3)');

------------------------------------------------------------------------
-- NULL semantics are SQL's: a condition on own columns keeps the rows
-- SQL's WHERE keeps, for every user
------------------------------------------------------------------------
-- kin 3 has no phone and kin 9 no relationship
SELECT rel_fetch('users', 1, 'kins(id WHERE phone = ''x'')');
SELECT rel_fetch('users', 1, 'kins(id WHERE phone <> ''x'')');
SELECT rel_fetch('users', 1, 'kins(id WHERE NOT phone = ''x'')');
SELECT rel_fetch('users', 1, 'kins(id WHERE phone IS NULL)');
SELECT rel_fetch('users', 1, 'kins(id WHERE phone IS NOT NULL)');
SELECT c, count(*) FILTER (WHERE rel_fetch('users', u.id, format('kins(id WHERE %s)', c)) -> 'kins'
                                 = hand(format('SELECT coalesce(jsonb_agg(jsonb_build_object(''id'', k.id) ORDER BY k.id), ''[]'')
                                                  FROM query.kins k WHERE k.user_id = %s AND (%s)', u.id, c)))
          AS same_for_users
  FROM unnest(ARRAY['relationship = ''spouse''', 'relationship <> ''spouse''',
                    'NOT relationship = ''spouse''', 'relationship IS NULL',
                    'relationship IS NOT NULL', 'relationship IN (''spouse'', ''child'')',
                    'relationship NOT IN (''spouse'', ''child'')',
                    'NOT relationship IN (''spouse'', ''child'')',
                    'relationship LIKE ''s%''', 'relationship NOT LIKE ''s%''',
                    'NOT (relationship = ''spouse'' OR phone IS NULL)',
                    'relationship = ''spouse'' OR phone IS NULL',
                    'NOT relationship = ''spouse'' AND NOT phone IS NULL',
                    'phone LIKE ''%0%'' OR NOT relationship <> ''sibling''']) c,
       users u
 GROUP BY c ORDER BY c;

------------------------------------------------------------------------
-- Paths in conditions: true when at least one row at the end of the path
-- satisfies the predicate (EXISTS); NOT makes it "none"
------------------------------------------------------------------------
-- users with a spouse among their kin; users with no spouse
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE kins.relationship = ''spouse''');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE NOT kins.relationship = ''spouse''');
-- <> is "some kin is not a spouse", not "no kin is a spouse"
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE kins.relationship <> ''spouse''');
-- IS NULL through a path: some kin without a phone; no user: no kin at all
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE kins.phone IS NULL');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE NOT kins.id IS NOT NULL');
-- each predicate takes its own look: a parent, and a kin without phone
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5],
                      'id WHERE kins.relationship = ''parent'' AND kins.phone IS NULL');
-- EXISTS asks for one kin that is both
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5],
                      'id WHERE EXISTS(kins WHERE relationship = ''parent'' AND phone IS NULL)');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5],
                      'id WHERE EXISTS(kins WHERE relationship = ''child'' AND phone IS NULL)');
-- EXISTS without WHERE: any row at all; NOT EXISTS: none
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE EXISTS(profile)');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE NOT EXISTS(kins)');
-- a scalar path; a many-to-many path; two hops, through a many-to-many
SELECT rel_fetch_many('kins', ARRAY[1, 2, 3, 4, 5, 6, 7, 8, 9], 'id WHERE user.full_name LIKE ''%o%''');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE specialities.name = ''Dermatology''');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5],
                      'id, full_name WHERE specialities.users.full_name = ''Chen Wei''');
SELECT rel_fetch_many('kins', ARRAY[1, 2, 3, 4, 5, 6, 7, 8, 9],
                      'id WHERE user.specialities.name IN (''Paediatrics'')');
-- a path may use any relationship, embedded in the shape or not, and
-- filtering by a path repeats no row (EXISTS, not a join)
SELECT rel_fetch('specialities', 2, 'name, users(full_name WHERE kins.relationship IN (''spouse'', ''child'', ''sibling''))');
SELECT rel_fetch('users', 2, 'appointments(details WHERE user.kins.relationship = ''spouse'')');
-- EXISTS nested in EXISTS, each on its own rows
SELECT rel_fetch_many('specialities', ARRAY[1, 2, 3],
                      'name WHERE EXISTS(users WHERE EXISTS(kins WHERE phone IS NULL AND relationship = ''parent''))');
-- the hand-written equivalents
SELECT (SELECT jsonb_agg(d ORDER BY n)
          FROM rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5],
                              'id WHERE specialities.users.full_name = ''Chen Wei'' AND NOT kins.relationship = ''parent''')
               WITH ORDINALITY AS f(d, n))
       = (SELECT jsonb_agg(jsonb_build_object('id', u.id) ORDER BY u.id)
            FROM users u
           WHERE EXISTS (SELECT FROM user_speciality us1
                           JOIN user_speciality us2 ON us2.speciality_id = us1.speciality_id
                           JOIN users u2 ON u2.id = us2.user_id
                          WHERE us1.user_id = u.id AND u2.full_name = 'Chen Wei')
             AND NOT EXISTS (SELECT FROM kins k WHERE k.user_id = u.id AND k.relationship = 'parent'))
       AS same;

------------------------------------------------------------------------
-- Aggregates: items, conditions, orders; each row once
------------------------------------------------------------------------
-- the key is the function's name in lower case, or the alias
SELECT rel_fetch('users', 1, 'full_name, COUNT(kins)');
SELECT rel_fetch('users', 1, 'full_name, kin_count: COUNT(kins), count(appointments WHERE id > 1)');
SELECT rel_fetch('users', 1, 'SUM(appointments.id), AVG(appointments.id), MIN(kins.full_name), MAX(specialities.name)');
-- of nothing: COUNT is 0, the others null
SELECT rel_fetch('users', 4, 'COUNT(kins), SUM(kins.id), AVG(kins.id), MIN(kins.phone), MAX(kins.id)');
SELECT rel_fetch('users', 1, 'COUNT(kins WHERE id > 99), SUM(kins.id WHERE id > 99)');
-- with its own WHERE, on the rows at the end of the path
SELECT rel_fetch('users', 1, 'sisters: COUNT(kins WHERE relationship = ''sibling''), reachable: COUNT(kins WHERE phone IS NOT NULL)');
-- several hops, through a many-to-many: each row once, as in navigation
SELECT rel_fetch('users', 1, 'colleagues: COUNT(specialities.users), top: MAX(specialities.users.id)');
SELECT rel_count('users', 1, 'specialities.users') AS navigated;
-- values as to_jsonb renders PostgreSQL's own aggregate
SELECT rel_fetch('users', 1, 'SUM(appointments.id), AVG(appointments.id)')
       = (SELECT jsonb_build_object('sum', sum(a.id), 'avg', avg(a.id))
            FROM appointments a WHERE a.user_id = 1) AS same;
-- a column named count and an aggregate side by side; a relationship
-- named count is embedded by its quoted name
SELECT rel_declare('users', 'count', 'kins');
SELECT rel_fetch('users', 2, 'n: count(kins), "count"(id), sum(count.id)');
SELECT rel_drop('users', 'count');
-- in a condition, compared as the aggregate's type
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE COUNT(kins) >= 2');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE COUNT(kins WHERE phone IS NULL) = 0');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE AVG(appointments.id) > 5.5');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE MIN(kins.full_name) < ''M''');
-- NULL aggregate compares as NULL: not kept, nor by NOT
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE NOT MAX(kins.id) > 100');
-- for every user, the same as by hand
SELECT u.id,
       rel_fetch('users', u.id, 'n: COUNT(kins), s: SUM(appointments.id), a: AVG(kins.id), lo: MIN(kins.full_name), hi: MAX(specialities.users.id), p: COUNT(kins WHERE phone IS NULL)')
       = jsonb_build_object(
           'n', (SELECT count(*) FROM kins k WHERE k.user_id = u.id),
           's', (SELECT sum(a.id) FROM appointments a WHERE a.user_id = u.id),
           'a', (SELECT avg(k.id) FROM kins k WHERE k.user_id = u.id),
           'lo', (SELECT min(k.full_name) FROM kins k WHERE k.user_id = u.id),
           'hi', (SELECT max(u2.id) FROM users u2
                   WHERE EXISTS (SELECT FROM user_speciality a, user_speciality b
                                  WHERE a.user_id = u.id AND b.speciality_id = a.speciality_id
                                    AND b.user_id = u2.id)),
           'p', (SELECT count(*) FROM kins k WHERE k.user_id = u.id AND k.phone IS NULL))
       AS same
  FROM users u ORDER BY u.id;

-- each row once through an association table that repeats a pair
CREATE TABLE likes (user_id int REFERENCES users, speciality_id int REFERENCES specialities);
INSERT INTO likes VALUES (1, 1), (1, 1), (1, 2);
SELECT rel_declare('users', 'liked', 'specialities', secondary => 'likes');
SELECT rel_fetch('users', 1, 'COUNT(liked), SUM(liked.id), liked(id) WHERE COUNT(liked) = 2');

------------------------------------------------------------------------
-- ORDER BY: columns, scalar paths, aggregates; the primary key ends it
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'kins(id ORDER BY full_name)');
SELECT rel_fetch('users', 1, 'kins(id ORDER BY full_name DESC)');
-- ORDER BY replaces the declared order
SELECT rel_fetch('users', 1, 'kins_by_name(full_name ORDER BY id)');
-- ties end in primary key order, whatever the direction asked
SELECT rel_fetch('users', 2, 'kins(id, relationship ORDER BY user_id DESC)');
-- NULLs: last ascending, first descending, unless told otherwise
SELECT rel_fetch('users', 1, 'kins(id, phone ORDER BY phone)');
SELECT rel_fetch('users', 1, 'kins(id, phone ORDER BY phone DESC)');
SELECT rel_fetch('users', 1, 'kins(id, phone ORDER BY phone ASC NULLS FIRST)');
SELECT rel_fetch('users', 1, 'kins(id, phone ORDER BY phone DESC NULLS LAST)');
-- several items
SELECT rel_fetch('users', 2, 'kins(id ORDER BY relationship NULLS FIRST, id DESC)');
-- a scalar path
SELECT rel_fetch('specialities', 1, 'users(id ORDER BY profile.bio NULLS FIRST)');
SELECT (SELECT jsonb_agg(d ORDER BY n)
          FROM rel_fetch_many('kins', ARRAY[1, 2, 3, 4, 5, 6, 7, 8, 9], 'id ORDER BY user.full_name DESC')
               WITH ORDINALITY AS f(d, n))
       = (SELECT jsonb_agg(jsonb_build_object('id', k.id) ORDER BY u.full_name DESC, k.id)
            FROM kins k LEFT JOIN users u ON u.id = k.user_id) AS same;
-- an aggregate
SELECT rel_fetch('specialities', 2, 'users(id, n: COUNT(kins) ORDER BY COUNT(kins) DESC)');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id ORDER BY COUNT(kins WHERE phone IS NOT NULL) DESC, MAX(appointments.id)');

------------------------------------------------------------------------
-- LIMIT and OFFSET: per parent row, after ordering
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'appointments(id ORDER BY id DESC LIMIT 2)');
SELECT rel_fetch('users', 1, 'appointments(id ORDER BY id DESC LIMIT 2 OFFSET 1)');
SELECT rel_fetch('users', 1, 'appointments(id OFFSET 2)');
SELECT rel_fetch('users', 1, 'appointments(id LIMIT 0)');
SELECT rel_fetch('users', 1, 'appointments(id OFFSET 10)');
SELECT rel_fetch('users', 1, 'kins_by_name(full_name LIMIT 2)');
-- each user's latest appointment, not the latest of all users
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id, appointments(id ORDER BY id DESC LIMIT 1)');
-- at depth, per row of the level above
SELECT rel_fetch('specialities', 1, 'users(id, kins(id ORDER BY id DESC LIMIT 1) LIMIT 2)');
-- a page of '*'; embeds and aggregates of a page that show no key column
SELECT rel_fetch('users', 2, 'kins(* ORDER BY id DESC LIMIT 2)') -> 'kins'
       = (SELECT jsonb_agg(to_jsonb(k) ORDER BY k.id DESC) FROM kins k WHERE k.user_id = 2 AND k.id > 4) AS same;
SELECT rel_fetch('specialities', 1, 'users(n: COUNT(kins), specialities(name LIMIT 1), profile(bio) ORDER BY id DESC OFFSET 1)');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'COUNT(kins), profile(id), appointments(details LIMIT 1) ORDER BY id DESC LIMIT 3 OFFSET 1');
SELECT rel_fetch_many('users', ARRAY[3, 1, 2], '* LIMIT 2');

-- the issue's document: a user with their five latest appointments, the
-- count of their kin and their siblings, for every user, as by hand
INSERT INTO appointments (id, details, user_id)
SELECT 100 + i, 'visit ' || i, 1 + i % 3 FROM generate_series(1, 30) i;
SELECT u.id,
       rel_fetch('users', u.id, 'full_name, appointments(details ORDER BY id DESC LIMIT 5), kin_count: COUNT(kins), kins(full_name WHERE relationship = ''sibling'')')
       = jsonb_build_object(
           'full_name', u.full_name,
           'appointments', coalesce((SELECT jsonb_agg(x.d)
                                       FROM (SELECT jsonb_build_object('details', a.details) AS d
                                               FROM appointments a WHERE a.user_id = u.id
                                              ORDER BY a.id DESC LIMIT 5) x), '[]'),
           'kin_count', (SELECT count(*) FROM kins k WHERE k.user_id = u.id),
           'kins', coalesce((SELECT jsonb_agg(jsonb_build_object('full_name', k.full_name) ORDER BY k.id)
                               FROM kins k WHERE k.user_id = u.id AND k.relationship = 'sibling'), '[]'))
       AS same
  FROM users u ORDER BY u.id;
SELECT jsonb_pretty(rel_fetch('users', 1, 'full_name, appointments(details ORDER BY id DESC LIMIT 5), kin_count: COUNT(kins), kins(full_name WHERE relationship = ''sibling'')'));
DELETE FROM appointments WHERE id > 100;

------------------------------------------------------------------------
-- Scalar relationships: failing WHERE makes the value null
------------------------------------------------------------------------
SELECT rel_fetch('kins', 1, 'id, user(full_name WHERE full_name LIKE ''A%'')');
SELECT rel_fetch('kins', 4, 'id, user(full_name WHERE full_name LIKE ''A%'')');
SELECT rel_fetch('users', 1, 'profile(bio WHERE bio ILIKE ''%cardio%''), p2: profile(id WHERE id > 1)');
SELECT rel_fetch('users', 2, 'profile(* LIMIT 0)');
-- a condition on the scalar's own relationships
SELECT rel_fetch_many('kins', ARRAY[1, 4, 6], 'id, user(full_name WHERE COUNT(kins) > 2)');

------------------------------------------------------------------------
-- Root clauses.  rel_fetch: a key whose row fails is NULL
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'full_name WHERE kins.relationship = ''parent''');
SELECT rel_fetch('users', 2, 'full_name WHERE kins.relationship = ''parent''') IS NULL AS filtered;
SELECT rel_fetch('users', 2, 'full_name LIMIT 1');
SELECT rel_fetch('users', 2, 'full_name LIMIT 0') IS NULL AS paged_out;
SELECT rel_fetch('users', 2, 'full_name OFFSET 1') IS NULL AS paged_out;
SELECT rel_fetch('users', 2, 'full_name ORDER BY id DESC');
-- rel_fetch_many: WHERE leaves documents out, in the order of keys
SELECT rel_fetch_many('users', ARRAY[5, 3, 1, 4, 2], 'id WHERE COUNT(kins) > 0');
-- ORDER BY replaces the order of keys; each key still once
SELECT rel_fetch_many('users', ARRAY[5, 3, 1, 4, 2, 3, NULL, 99], 'id, full_name ORDER BY full_name DESC');
-- LIMIT and OFFSET page the documents: in key order, or in the order asked
SELECT rel_fetch_many('users', ARRAY[5, 3, 1, 4, 2], 'id LIMIT 2');
SELECT rel_fetch_many('users', ARRAY[5, 3, 1, 4, 2], 'id LIMIT 2 OFFSET 2');
SELECT rel_fetch_many('users', ARRAY[5, 3, 1, 4, 2], 'id ORDER BY id LIMIT 2 OFFSET 2');
SELECT rel_fetch_many('users', ARRAY[5, 3, 1, 4, 2], 'id OFFSET 4');
SELECT rel_fetch_many('users', ARRAY[5, 3, 1, 4, 2], 'id OFFSET 5');
-- all clauses at once, at two levels
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5],
                      'id, n: COUNT(kins), kins(full_name WHERE phone IS NOT NULL ORDER BY full_name DESC LIMIT 1)
                       WHERE EXISTS(kins) ORDER BY COUNT(kins) DESC, id DESC LIMIT 2 OFFSET 1');

------------------------------------------------------------------------
-- Aliases: alias ':' column
------------------------------------------------------------------------
SELECT rel_fetch('users', 1, 'name: full_name, "Id": id');
SELECT rel_fetch('users', 1, 'id, again: id, kins(who: full_name, full_name LIMIT 1)');
-- an alias equal to the column's name is the column, shown once
SELECT rel_fetch('users', 1, 'full_name: full_name, full_name, *');
SELECT rel_fetch('users', 1, '*, name: full_name');

------------------------------------------------------------------------
-- Keyword-named columns: names in item lists, quoted in clauses
------------------------------------------------------------------------
CREATE TABLE notes (
    id       int PRIMARY KEY,
    user_id  int REFERENCES users,
    "order"  int,
    "limit"  text,
    "where"  text,
    "desc"   text,
    count    int,
    first    text
);
INSERT INTO notes VALUES (1, 1, 2, 'b', 'home', 'x', 10, 'f1'), (2, 1, 1, 'a', 'work', NULL, 20, 'f2'),
                         (3, 1, 3, NULL, 'home', 'z', 30, NULL);
SELECT rel_declare('users', 'notes', 'notes');
SELECT rel_fetch('users', 1, 'notes(id, order, limit, where, desc, count, first)');
SELECT rel_fetch('users', 1, 'notes(order, limit WHERE "where" = ''home'' ORDER BY "order" DESC)');
SELECT rel_fetch('users', 1, 'notes(id WHERE "limit" IS NULL OR "desc" IN (''x''))');
SELECT rel_fetch('users', 1, 'notes(id WHERE count > 15 ORDER BY first NULLS FIRST)');
SELECT rel_fetch('users', 1, 'notes(id ORDER BY "limit" DESC NULLS LAST LIMIT 2)');
SELECT rel_fetch('users', 1, 'notes(o: order ORDER BY count DESC LIMIT 1), total: SUM(notes.count), SUM(notes."order")');
-- after a dot, a keyword is a name, as in SQL
SELECT rel_fetch('users', 1, 'id WHERE notes.order = 3');

------------------------------------------------------------------------
-- Typed literals: each converts to the type of what it is compared with
------------------------------------------------------------------------
CREATE TYPE visit_kind AS ENUM ('routine', 'urgent', 'follow-up');
CREATE DOMAIN minutes AS int CHECK (VALUE BETWEEN 0 AND 600);
CREATE TABLE visits (
    id      uuid PRIMARY KEY,
    user_id int REFERENCES users,
    day     date,
    at      timestamptz,
    kind    visit_kind,
    cost    numeric(8,2),
    paid    boolean,
    length  minutes,
    tags    text[],
    code    varchar(4),
    room    char(3)
);
INSERT INTO visits VALUES
    ('00000000-0000-0000-0000-000000000001', 1, '2026-01-31', '2026-01-31 09:00+00', 'routine', 40.00, true, 30, '{a,b}', 'AB', 'R1'),
    ('00000000-0000-0000-0000-000000000002', 1, '2026-02-01', '2026-02-01 17:30+00', 'urgent', 125.50, false, 90, '{b}', 'CD', 'R22'),
    ('00000000-0000-0000-0000-000000000003', 1, '2026-03-15', NULL, 'follow-up', NULL, NULL, NULL, NULL, NULL, NULL),
    ('00000000-0000-0000-0000-000000000004', 2, '2025-12-24', '2025-12-24 12:00+00', 'routine', 0, true, 15, '{}', 'EF', 'R3');
SELECT rel_declare('users', 'visits', 'visits', back_populates => 'user');
SELECT rel_declare('visits', 'user', 'users', back_populates => 'visits');
-- dates, timestamps, enums (in the enum's order), numerics, booleans
SELECT rel_fetch('users', 1, 'visits(day WHERE day > ''2026-01-31'')');
SELECT rel_fetch('users', 1, 'visits(day WHERE at < ''2026-02-01 12:00+00'')');
SELECT rel_fetch('users', 1, 'visits(kind WHERE kind > ''routine'' ORDER BY kind DESC)');
SELECT rel_fetch('users', 1, 'visits(kind WHERE kind IN (''urgent'', ''follow-up''))');
SELECT rel_fetch('users', 1, 'visits(cost WHERE cost >= 40 AND cost < 125.505)');
SELECT rel_fetch('users', 1, 'visits(cost WHERE cost > -1.5e1 AND cost <= .4e2)');
SELECT rel_fetch('users', 1, 'visits(day WHERE paid = TRUE)');
SELECT rel_fetch('users', 1, 'visits(day WHERE paid = false OR paid IS NULL)');
SELECT rel_fetch('users', 1, 'visits(day WHERE paid = ''yes'')');
-- a uuid, given in any form its input function takes
SELECT rel_fetch('users', 1, 'visits(day WHERE id = ''{00000000-0000-0000-0000-000000000002}'')');
SELECT rel_fetch('users', 1, 'visits(day WHERE id IN (''00000000000000000000000000000001'', ''00000000-0000-0000-0000-000000000003''))');
-- a domain compares as its base type: a value outside the domain is no error
SELECT rel_fetch('users', 1, 'visits(length WHERE length < 1000 AND length > -5)');
-- an array column: the literal is an array
SELECT rel_fetch('users', 1, 'visits(tags WHERE tags = ''{b}'')');
SELECT rel_fetch('users', 1, 'visits(tags WHERE tags IN (''{a,b}'', ''{c}''))');
-- varchar and char(n): LIKE works, and a longer literal is no error
SELECT rel_fetch('users', 1, 'visits(code WHERE code LIKE ''A%'' OR code = ''toolong'')');
SELECT rel_fetch('users', 1, 'visits(room WHERE room = ''R1'' OR room ILIKE ''r2%'')');
-- literals through paths, aggregates and ORDER BY on typed columns
SELECT rel_fetch_many('users', ARRAY[1, 2, 3], 'id WHERE visits.kind = ''urgent''');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3], 'id, last: MAX(visits.day), total: SUM(visits.cost), AVG(visits.length) WHERE MAX(visits.day) >= ''2025-12-24''');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3], 'id, MIN(visits.kind) ORDER BY MIN(visits.kind) DESC NULLS LAST');
SELECT rel_fetch('visits', '00000000-0000-0000-0000-000000000004', 'day, user(full_name WHERE id = 2)');
-- documents as by hand
SELECT rel_fetch('users', 1, 'visits(id, day, kind WHERE kind <> ''routine'' AND day <= ''2026-12-31'' ORDER BY day DESC), paid: COUNT(visits WHERE paid = true)')
       = jsonb_build_object(
           'visits', (SELECT jsonb_agg(jsonb_build_object('id', v.id, 'day', v.day, 'kind', v.kind) ORDER BY v.day DESC, v.id)
                        FROM visits v WHERE v.user_id = 1 AND v.kind <> 'routine' AND v.day <= '2026-12-31'),
           'paid', (SELECT count(*) FROM visits v WHERE v.user_id = 1 AND v.paid = true))
       AS same;

SET client_min_messages = warning;
DROP SCHEMA query CASCADE;
RESET client_min_messages;
RESET search_path;
