-- Re-entry (issue 9, points 4 and 8): user code that runs inside a relnav
-- call, during key conversion, may itself call relnav.  A domain CHECK
-- function runs when a text key is converted to a primary key of that
-- domain; an assignment cast implemented in PL/pgSQL runs when a key of its
-- source type is converted (and the cast back, where relnav checks that the
-- conversion lost nothing).  Whatever such code does (a navigation, a
-- count, a fetch of another path, a call of the same kind as the outer one,
-- 1,100 distinct statements that flush relnav's plan cache, or a GRANT that
-- makes the key conversion in use stale while an inner statement converts
-- keys of the same type), the outer
-- call and the inner ones give their right answers: no crash, no error, no
-- answer of the other call.
--
-- And an error 21000 raised by the user's own code inside relnav's
-- statement (a row-level security policy, a view column) comes out as
-- PostgreSQL's own error, not relabelled as a relationship that found more
-- than one row.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA reentry;
SET search_path = reentry, public;
\set VERBOSITY terse
\set SHOW_CONTEXT never
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');

-- What the nested code does, and what it found (the inner answers).
CREATE TABLE nested_mode (mode text NOT NULL);
INSERT INTO nested_mode VALUES ('none');
CREATE TABLE inner_answers (n serial, mode text, answer text);

-- The nested relnav calls.  Each checks its own answer: a wrong one is
-- recorded, and makes the caller's CHECK fail.
CREATE FUNCTION nested_relnav() RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    mode text := (SELECT m.mode FROM reentry.nested_mode m);
    got text;
    want text;
BEGIN
    CASE mode
        WHEN 'none' THEN
            RETURN true;
        WHEN 'count' THEN
            got := rel_count('reentry.users', 1, 'kins');
            want := '3';
        WHEN 'count_same_path' THEN
            got := rel_count('reentry.users', 5, 'kins');
            want := '2';
        WHEN 'navigate' THEN
            SELECT string_agg(v->>'id', ',') INTO got
              FROM rel_navigate('reentry.users', 2, 'kins') v;
            want := '4,5';
        WHEN 'fetch' THEN
            got := rel_fetch('reentry.users', 3, 'full_name, specialities(name)');
            want := '{"full_name": "Chen Wei", "specialities": [{"name": "Dermatology"}, {"name": "Paediatrics"}]}';
        WHEN 'fetch_many' THEN
            SELECT string_agg(d->>'id', ',') INTO got
              FROM rel_fetch_many('reentry.users', ARRAY[5, 4], 'id') d;
            want := '5,4';
        WHEN 'navigate_many' THEN
            SELECT string_agg(source_key || ':' || (target->>'id'), ',') INTO got
              FROM rel_navigate_many('reentry.users', ARRAY[3, 2], 'kins');
            want := '3:6,2:4,2:5';
        WHEN 'flood' THEN
            -- 1,100 distinct statements: the plan cache is flushed
            FOR g IN 1..1100 LOOP
                PERFORM rel_count('reentry.users', 1, repeat(' ', g) || 'kins');
            END LOOP;
            got := rel_count('reentry.users', 1, 'appointments');
            want := '3';
        WHEN 'invalidate' THEN
            -- users' key conversions go stale while the outer one runs; an
            -- inner statement converts keys of the same type meanwhile
            EXECUTE 'GRANT SELECT ON reentry.users TO PUBLIC';
            UPDATE reentry.nested_mode SET mode = 'none';
            SELECT string_agg(rel_count('reentry.users', b, 'kins')::text, ',' ORDER BY (b).v) INTO got
              FROM (VALUES (ROW(1)::reentry.boxed), (ROW(2)::reentry.boxed)) v(b);
            UPDATE reentry.nested_mode SET mode = 'invalidate';
            want := '3,2';
        WHEN 'error' THEN
            -- an inner call that fails, caught inside
            BEGIN
                PERFORM rel_count('reentry.users', 1, 'no_such_relationship');
                got := 'no error';
            EXCEPTION WHEN undefined_object THEN
                got := 'caught';
            END;
            want := 'caught';
    END CASE;
    INSERT INTO reentry.inner_answers (mode, answer)
        VALUES (mode, CASE WHEN got IS NOT DISTINCT FROM want THEN 'right' ELSE 'WRONG: ' || coalesce(got, 'NULL') END);
    RETURN got IS NOT DISTINCT FROM want;
END
$$;

------------------------------------------------------------------------
-- A primary key whose domain CHECK calls relnav
------------------------------------------------------------------------
CREATE FUNCTION ward_check(v int) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    RETURN v > 0 AND reentry.nested_relnav();
END
$$;
CREATE DOMAIN ward_no AS int CHECK (ward_check(VALUE));
CREATE TABLE wards (no ward_no PRIMARY KEY, name text);
CREATE TABLE beds (id int PRIMARY KEY, ward ward_no REFERENCES wards, label text);
INSERT INTO wards VALUES (1, 'North'), (2, 'South'), (3, 'East');
INSERT INTO beds VALUES (1, 1, 'n1'), (2, 1, 'n2'), (3, 2, 's1'), (4, NULL, 'spare');
SELECT rel_declare('wards', 'beds', 'beds', back_populates => 'ward_row');
SELECT rel_declare('beds', 'ward_row', 'wards', back_populates => 'beds');

-- Link bed 4 to ward 3 and unlink it again, each step in a statement of
-- its own: what the beds say after each.
CREATE FUNCTION link_beds() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text := '';
BEGIN
    PERFORM rel_link('reentry.wards', '3'::text, 'beds', 4);
    r := r || 'linked ' || (SELECT string_agg(id || ':' || coalesce(ward::text, '-'), ',' ORDER BY id) FROM reentry.beds);
    PERFORM rel_unlink('reentry.wards', '3'::text, 'beds', 4);
    r := r || ' unlinked ' || (SELECT string_agg(id || ':' || coalesce(ward::text, '-'), ',' ORDER BY id) FROM reentry.beds);
    RETURN r;
END
$$;

-- The outer calls: keys given as text, so each conversion runs the CHECK
-- (one call per key; the _many functions convert every element).
CREATE TABLE outer_calls (name text PRIMARY KEY, sql text NOT NULL);
INSERT INTO outer_calls VALUES
    ('rel_count',         $$SELECT rel_count('wards', '1'::text, 'beds')::text$$),
    ('rel_navigate',      $$SELECT string_agg(v->>'id', ',') FROM rel_navigate('wards', '1'::text, 'beds') v$$),
    ('rel_rows',          $$SELECT string_agg(b.label, ',') FROM rel_rows(NULL::beds, 'wards', '2'::text, 'beds') b$$),
    ('rel_fetch',         $$SELECT rel_fetch('wards', '1'::text, 'name, beds(id)')::text$$),
    ('rel_fetch_many',    $$SELECT string_agg(d::text, ' ') FROM rel_fetch_many('wards', ARRAY['2', '3', '1'], 'name, beds(id)') d$$),
    ('rel_navigate_many', $$SELECT string_agg(source_key || ':' || (target->>'id'), ',') FROM rel_navigate_many('wards', ARRAY['2', '1'], 'beds')$$),
    ('rel_navigate bed',  $$SELECT string_agg(v->>'name', ',') FROM rel_navigate('beds', 3, 'ward_row') v$$),
    ('rel_link, rel_unlink', $$SELECT reentry.link_beds()$$);

-- Run every outer call under a nested mode; the result, or the SQLSTATE.
CREATE FUNCTION run_outer(call_sql text, nested text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
    st text;
BEGIN
    UPDATE reentry.nested_mode SET mode = nested;
    EXECUTE call_sql INTO r;
    UPDATE reentry.nested_mode SET mode = 'none';
    RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
    UPDATE reentry.nested_mode SET mode = 'none';
    RETURN 'ERROR ' || st;
END
$$;

-- the answers without nesting
SELECT name, run_outer(sql, 'none') AS result FROM outer_calls ORDER BY name;

-- the same calls, each with a nested relnav call of every kind; the
-- answers must not change
CREATE TABLE nested_results AS
SELECT c.name, m.mode, run_outer(c.sql, m.mode) AS result
  FROM outer_calls c,
       (VALUES (1, 'count'), (2, 'count_same_path'), (3, 'navigate'), (4, 'fetch'),
               (5, 'fetch_many'), (6, 'navigate_many'), (7, 'error')) AS m(ord, mode)
 ORDER BY c.name, m.ord;
SELECT r.name, r.mode, r.result
  FROM nested_results r JOIN outer_calls c USING (name)
 WHERE r.result IS DISTINCT FROM run_outer(c.sql, 'none')
 ORDER BY r.name, r.mode;
SELECT count(*) AS outer_calls_made FROM nested_results;
-- the inner calls gave their right answers too
SELECT DISTINCT mode, answer FROM inner_answers ORDER BY mode, answer;
TRUNCATE inner_answers;

-- the same call site (a prepared statement) alternating nested modes
PREPARE outer_count(text) AS SELECT rel_count('wards', $1, 'beds');
UPDATE nested_mode SET mode = 'navigate';
EXECUTE outer_count('1');
UPDATE nested_mode SET mode = 'count';
EXECUTE outer_count('2');
UPDATE nested_mode SET mode = 'fetch';
EXECUTE outer_count('3');
EXECUTE outer_count('1');
UPDATE nested_mode SET mode = 'none';
EXECUTE outer_count('1');
-- in one statement, every row converting its key with a nested call
UPDATE nested_mode SET mode = 'count';
SELECT w, rel_count('wards', w, 'beds') AS beds,
       (SELECT count(*) FROM beds b WHERE b.ward = w::int) AS by_hand
  FROM unnest(ARRAY['1', '2', '3', '1']) w;
SELECT w, rel_fetch('wards', w, 'name') AS doc
  FROM unnest(ARRAY['3', '1', '2']) w;
UPDATE nested_mode SET mode = 'none';
SELECT DISTINCT mode, answer FROM inner_answers ORDER BY mode, answer;
TRUNCATE inner_answers;

------------------------------------------------------------------------
-- An assignment cast in PL/pgSQL that calls relnav
------------------------------------------------------------------------
CREATE TYPE boxed AS (v int);
CREATE FUNCTION unbox(b boxed) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
    IF NOT reentry.nested_relnav() THEN
        RAISE EXCEPTION 'nested relnav call gave a wrong answer';
    END IF;
    RETURN b.v;
END
$$;
CREATE CAST (boxed AS int) WITH FUNCTION unbox(boxed) AS ASSIGNMENT;
-- and back, so that a conversion can be checked to lose nothing
CREATE FUNCTION box(v int) RETURNS boxed LANGUAGE plpgsql AS $$
BEGIN
    IF NOT reentry.nested_relnav() THEN
        RAISE EXCEPTION 'nested relnav call gave a wrong answer';
    END IF;
    RETURN ROW(v)::reentry.boxed;
END
$$;
CREATE CAST (int AS boxed) WITH FUNCTION box(int) AS ASSIGNMENT;
-- what SQL does with it
SELECT count(*) FROM kins WHERE user_id = ROW(2)::boxed::int;

-- Link user 4 to speciality 2 and unlink it again, keys as boxed.
CREATE FUNCTION link_specialities() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text := '';
BEGIN
    PERFORM rel_link('reentry.users', ROW(4)::reentry.boxed, 'specialities', ROW(2)::reentry.boxed);
    r := r || 'linked ' || (SELECT string_agg(speciality_id::text, ',' ORDER BY speciality_id) FROM reentry.user_speciality WHERE user_id = 4);
    PERFORM rel_unlink('reentry.users', ROW(4)::reentry.boxed, 'specialities', ROW(2)::reentry.boxed);
    r := r || ' unlinked ' || coalesce((SELECT string_agg(speciality_id::text, ',' ORDER BY speciality_id) FROM reentry.user_speciality WHERE user_id = 4), '-');
    RETURN r;
END
$$;

CREATE TABLE cast_calls (name text PRIMARY KEY, sql text NOT NULL);
INSERT INTO cast_calls VALUES
    ('rel_count',         $$SELECT rel_count('users', ROW(2)::boxed, 'kins')::text$$),
    ('rel_navigate',      $$SELECT string_agg(v->>'id', ',') FROM rel_navigate('users', ROW(1)::boxed, 'kins') v$$),
    ('rel_rows',          $$SELECT string_agg(k.full_name, ',') FROM rel_rows(NULL::kins, 'users', ROW(5)::boxed, 'kins') k$$),
    ('rel_fetch',         $$SELECT rel_fetch('users', ROW(2)::boxed, 'full_name, kins(id)')::text$$),
    ('rel_fetch_many',    $$SELECT string_agg(d::text, ' ') FROM rel_fetch_many('users', ARRAY[ROW(3)::boxed, ROW(1)::boxed], 'id, specialities(id)') d$$),
    ('rel_navigate_many', $$SELECT string_agg(target->>'id', ',') FROM rel_navigate_many('users', ARRAY[ROW(5)::boxed, ROW(3)::boxed], 'kins')$$),
    ('rel_navigate m2o',  $$SELECT string_agg(v->>'full_name', ',') FROM rel_navigate('kins', ROW(6)::boxed, 'user') v$$),
    ('rel_count per row', $$SELECT string_agg(rel_count('users', b, 'kins')::text, ',' ORDER BY (b).v) FROM (VALUES (ROW(2)::boxed), (ROW(1)::boxed), (ROW(5)::boxed)) v(b)$$),
    ('rel_link, rel_unlink', $$SELECT reentry.link_specialities()$$);

SELECT name, run_outer(sql, 'none') AS result FROM cast_calls ORDER BY name;
CREATE TABLE cast_results AS
SELECT c.name, m.mode, run_outer(c.sql, m.mode) AS result
  FROM cast_calls c,
       (VALUES (1, 'count'), (2, 'count_same_path'), (3, 'navigate'), (4, 'fetch'),
               (5, 'fetch_many'), (6, 'navigate_many'), (7, 'error'),
               (8, 'invalidate')) AS m(ord, mode)
 ORDER BY c.name, m.ord;
SELECT r.name, r.mode, r.result
  FROM cast_results r JOIN cast_calls c USING (name)
 WHERE r.result IS DISTINCT FROM run_outer(c.sql, 'none')
 ORDER BY r.name, r.mode;
SELECT count(*) AS outer_calls_made FROM cast_results;
SELECT DISTINCT mode, answer FROM inner_answers ORDER BY mode, answer;
TRUNCATE inner_answers;

------------------------------------------------------------------------
-- An error 21000 of the user's own code is PostgreSQL's, not relnav's
------------------------------------------------------------------------
-- A scalar relationship whose target columns are not unique: relnav
-- watches it for a second row.  User 3 has exactly one kin.
SELECT rel_declare('users', 'next_of_kin', 'kins', uselist => false);
SELECT rel_fetch('users', 3, 'next_of_kin(full_name)');
SELECT count(*) FROM rel_navigate('users', 3, 'next_of_kin');
-- (for comparison: user 1 has three, and that is relnav's 21000)
SELECT run_outer($$SELECT rel_fetch('users', 1, 'next_of_kin(full_name)')$$, 'none');

-- A view column whose scalar subquery returns two rows
CREATE VIEW kins_checked AS
    SELECT k.*, (SELECT s.name FROM specialities s WHERE s.id IN (1, 2)) AS ambiguous
      FROM kins k;
SELECT rel_declare('users', 'checked_kin', 'kins_checked',
                   source_columns => '{id}', target_columns => '{user_id}', uselist => false);
-- what PostgreSQL says of the hand-written query
SELECT (SELECT to_jsonb(k) FROM kins_checked k WHERE k.user_id = 3);
-- what relnav must say: the same
SELECT rel_fetch('users', 3, 'full_name, checked_kin(full_name, ambiguous)');
SELECT count(*) FROM rel_navigate('users', 3, 'checked_kin');
-- (a count does not read the column, by hand or through relnav)
SELECT rel_count('users', 3, 'checked_kin') AS relnav,
       (SELECT count(*) FROM kins_checked k WHERE k.user_id = 3) AS by_hand;
SELECT count(*) FROM rel_navigate_many('users', ARRAY[3], 'checked_kin');
SELECT count(*) FROM rel_fetch_many('users', ARRAY[3], 'checked_kin(*)');

-- A row-level security policy whose scalar subquery returns two rows
CREATE ROLE regress_relnav_reentry_rls;
GRANT USAGE ON SCHEMA reentry TO regress_relnav_reentry_rls;
GRANT SELECT ON ALL TABLES IN SCHEMA reentry TO regress_relnav_reentry_rls;
CREATE TABLE phone_rules (country text, pattern text);
INSERT INTO phone_rules VALUES ('86', '+86%'), ('86', '+86 1%');
GRANT SELECT ON phone_rules TO regress_relnav_reentry_rls;
ALTER TABLE kins ENABLE ROW LEVEL SECURITY;
CREATE POLICY kins_by_rule ON kins FOR SELECT TO regress_relnav_reentry_rls
    USING (phone LIKE (SELECT r.pattern FROM reentry.phone_rules r WHERE r.country = '86'));
SET ROLE regress_relnav_reentry_rls;
-- the hand-written query
SELECT (SELECT k.full_name FROM kins k WHERE k.user_id = 3);
-- relnav: the same error
SELECT rel_fetch('users', 3, 'next_of_kin(full_name)');
SELECT count(*) FROM rel_navigate('users', 3, 'next_of_kin');
SELECT rel_count('users', 3, 'next_of_kin');
SELECT count(*) FROM rel_fetch_many('users', ARRAY[3], 'id, next_of_kin(id)');
SELECT count(*) FROM rel_navigate_many('users', ARRAY[3], 'next_of_kin');
SELECT rel_fetch('kins', 6, 'full_name');
RESET ROLE;
ALTER TABLE kins DISABLE ROW LEVEL SECURITY;
DROP POLICY kins_by_rule ON kins;

------------------------------------------------------------------------
-- Nested code that floods the plan cache (1,100 distinct statements)
------------------------------------------------------------------------
-- (a few calls only: each flood takes a fraction of a second; a fetch of
-- many keys floods once per key, a link once per key it converts)
-- in a domain CHECK during key conversion
SELECT name, run_outer(sql, 'flood') AS result FROM outer_calls
 WHERE name IN ('rel_count', 'rel_fetch_many', 'rel_link, rel_unlink')
 ORDER BY name;
-- in an assignment cast
SELECT name, run_outer(sql, 'flood') AS result FROM cast_calls
 WHERE name IN ('rel_fetch')
 ORDER BY name;
SELECT DISTINCT mode, answer FROM inner_answers ORDER BY mode, answer;
-- and the same call sites afterwards, without nesting
SELECT name, run_outer(sql, 'none') AS result FROM outer_calls ORDER BY name;
SELECT rel_count('users', 1, 'kins'), rel_fetch('users', 2, 'full_name');

DROP SCHEMA reentry CASCADE;
DROP ROLE regress_relnav_reentry_rls;
