-- Key exactness (issue 9, point 9): a key finds exactly the rows that
-- "WHERE pk = key" finds, never a rounded or truncated neighbour.  A
-- fractional numeric or float key against an integer key finds nothing
-- (or is refused), it is not rounded by the assignment cast; links made
-- with such keys change nothing; arrays of keys follow the same rule
-- element by element, and a multi-dimensional array is refused rather than
-- flattened.  Beside each call, the hand-written SQL that gives the answer.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA key_exactness;
SET search_path = key_exactness, public;
\set VERBOSITY terse
\set SHOW_CONTEXT never
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');

-- The result of a statement as text, 'NULL', or 'ERROR <SQLSTATE>': the
-- point here is which rows are found, not the wording of messages.
CREATE FUNCTION outcome(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
    st text;
BEGIN
    EXECUTE sql INTO r;
    RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
    RETURN 'ERROR ' || st;
END
$$;

------------------------------------------------------------------------
-- What hand-written SQL finds
------------------------------------------------------------------------
SELECT (SELECT count(*) FROM users WHERE id = 1.5) AS id_eq_1_5,
       (SELECT count(*) FROM users WHERE id = 1.5::float8) AS id_eq_1_5_float8,
       (SELECT count(*) FROM users WHERE id = 1.0) AS id_eq_1_0,
       (SELECT count(*) FROM users WHERE id = 2.0::float8) AS id_eq_2_0_float8,
       (SELECT count(*) FROM users WHERE id = 9999999999::bigint) AS id_eq_big,
       (SELECT count(*) FROM users WHERE id = ANY (ARRAY[1.4, 1.0])) AS id_in_1_4_1_0;

------------------------------------------------------------------------
-- Fractional keys find nothing: no rounding to a neighbour
------------------------------------------------------------------------
-- user 2 is not user 1.5
SELECT outcome($$SELECT rel_fetch('users', 1.5, 'full_name')::text$$) AS fetch_1_5,
       outcome($$SELECT (SELECT full_name FROM users WHERE id = 1.5)$$) AS by_hand;
SELECT outcome($$SELECT string_agg(v->>'id', ',' ORDER BY v->>'id') FROM rel_navigate('users', 1.5, 'kins') v$$) AS navigate_1_5,
       outcome($$SELECT string_agg(k.id::text, ',' ORDER BY k.id) FROM kins k WHERE k.user_id IN (SELECT id FROM users WHERE id = 1.5)$$) AS by_hand;
SELECT outcome($$SELECT rel_count('users', 1.5, 'kins')::text$$) AS count_1_5,
       outcome($$SELECT count(*)::text FROM kins k WHERE k.user_id IN (SELECT id FROM users WHERE id = 1.5)$$) AS by_hand;
SELECT outcome($$SELECT count(*)::text FROM rel_rows(NULL::kins, 'users', 1.5, 'kins')$$) AS rows_1_5;
SELECT outcome($$SELECT rel_count('users', 1.5, 'specialities')::text$$) AS m2m_count_1_5;
-- 1.4 is not 1, 4.6 is not 5
SELECT outcome($$SELECT rel_fetch('users', 1.4, 'full_name')::text$$) AS fetch_1_4,
       outcome($$SELECT rel_fetch('users', 4.6, 'full_name')::text$$) AS fetch_4_6;
-- the same through float8
SELECT outcome($$SELECT rel_fetch('users', 1.5::float8, 'full_name')::text$$) AS fetch_1_5_float8,
       outcome($$SELECT rel_count('users', 1.5::float8, 'kins')::text$$) AS count_1_5_float8,
       outcome($$SELECT count(*)::text FROM rel_navigate('users', 1.5::float8, 'kins')$$) AS navigate_1_5_float8;
SELECT outcome($$SELECT rel_fetch('users', 1.5::real, 'full_name')::text$$) AS fetch_1_5_real;
-- a fractional source key of a many-to-one path
SELECT outcome($$SELECT count(*)::text FROM rel_navigate('kins', 3.5, 'user')$$) AS m2o_3_5;

------------------------------------------------------------------------
-- Exact keys of every kind still find their rows
------------------------------------------------------------------------
SELECT outcome($$SELECT rel_fetch('users', 1.0, 'full_name')::text$$) AS fetch_1_0,
       outcome($$SELECT rel_fetch('users', 5.0, 'full_name')::text$$) AS fetch_5_0,
       outcome($$SELECT rel_fetch('users', '1', 'full_name')::text$$) AS fetch_text_1,
       outcome($$SELECT rel_fetch('users', 1::bigint, 'full_name')::text$$) AS fetch_bigint_1;
SELECT outcome($$SELECT rel_fetch('users', 2.0::float8, 'full_name')::text$$) AS fetch_2_0_float8,
       outcome($$SELECT rel_fetch('users', 2::real, 'full_name')::text$$) AS fetch_2_real,
       outcome($$SELECT rel_fetch('users', 3::smallint, 'full_name')::text$$) AS fetch_3_smallint;
SELECT outcome($$SELECT rel_count('users', 1.0, 'kins')::text$$) AS count_1_0,
       outcome($$SELECT rel_count('users', 5.00, 'kins')::text$$) AS count_5_00,
       outcome($$SELECT rel_count('users', 2.0::float8, 'kins')::text$$) AS count_2_0_float8,
       outcome($$SELECT string_agg(v->>'id', ',' ORDER BY (v->>'id')::int) FROM rel_navigate('users', 1.0, 'kins') v$$) AS navigate_1_0;

------------------------------------------------------------------------
-- Out of the key type's range: no row (or 22003), never a wrong row
------------------------------------------------------------------------
SELECT CASE WHEN o IN ('NULL', 'ERROR 22003') THEN 'no row' ELSE o END AS fetch_big
  FROM outcome($$SELECT rel_fetch('users', 9999999999::bigint, 'full_name')::text$$) o;
SELECT CASE WHEN o IN ('0', 'ERROR 22003') THEN 'no row' ELSE o END AS count_big
  FROM outcome($$SELECT rel_count('users', 9999999999::bigint, 'kins')::text$$) o;
-- 2^32 + 1 wraps to 1 in a careless conversion
SELECT CASE WHEN o IN ('NULL', 'ERROR 22003') THEN 'no row' ELSE o END AS fetch_2_32_plus_1
  FROM outcome($$SELECT rel_fetch('users', 4294967297::bigint, 'full_name')::text$$) o;
SELECT CASE WHEN o IN ('NULL', 'ERROR 22003') THEN 'no row' ELSE o END AS fetch_big_numeric
  FROM outcome($$SELECT rel_fetch('users', 4294967297.0, 'full_name')::text$$) o;

------------------------------------------------------------------------
-- Links with fractional keys change nothing
------------------------------------------------------------------------
CREATE TABLE kins_before AS SELECT * FROM kins;
CREATE TABLE user_speciality_before AS SELECT * FROM user_speciality;
CREATE FUNCTION unchanged() RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN NOT EXISTS (SELECT * FROM kins EXCEPT SELECT * FROM kins_before)
                 AND NOT EXISTS (SELECT * FROM kins_before EXCEPT SELECT * FROM kins)
                 AND NOT EXISTS (SELECT * FROM user_speciality EXCEPT SELECT * FROM user_speciality_before)
                 AND NOT EXISTS (SELECT * FROM user_speciality_before EXCEPT SELECT * FROM user_speciality)
                THEN 'unchanged' ELSE 'CHANGED' END
$$;
-- Run a link, say what it did to the tables, and undo it: 'refused' when it
-- is an error that says the row does not exist (P0002, relnav's code for a
-- missing row) or that the key does not convert (22P02); else the error's
-- SQLSTATE, or what changed.
CREATE FUNCTION link_outcome(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
    st text;
BEGIN
    EXECUTE sql;
    r := 'no error, tables ' || unchanged();
    RAISE SQLSTATE 'RNUND';
EXCEPTION
    WHEN SQLSTATE 'RNUND' THEN
        RETURN r;
    WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
        RETURN CASE WHEN st IN ('P0002', '22P02') THEN 'refused' ELSE 'ERROR ' || st END;
END
$$;
-- user 4.5 does not exist, nor does kin 1.6
SELECT link_outcome($$SELECT rel_link('users', 4.5, 'kins', 1.6)$$) AS link_4_5_to_1_6;
SELECT link_outcome($$SELECT rel_link('users', 4, 'kins', 1.6)$$) AS link_4_to_1_6;
SELECT link_outcome($$SELECT rel_link('users', 4.5, 'kins', 1)$$) AS link_4_5_to_1;
SELECT link_outcome($$SELECT rel_link('users', 4.5::float8, 'kins', 1.6::float8)$$) AS link_float8;
-- many-to-one: kin 2.5 is not kin 3, user 4.5 not user 5
SELECT link_outcome($$SELECT rel_link('kins', 2.5, 'user', 4)$$) AS link_kin_2_5;
SELECT link_outcome($$SELECT rel_link('kins', 3, 'user', 4.5::float8)$$) AS link_kin_user_4_5;
-- many-to-many: speciality 2.5 is not speciality 3
SELECT link_outcome($$SELECT rel_link('users', 4, 'specialities', 2.5)$$) AS link_m2m_2_5;
SELECT link_outcome($$SELECT rel_link('users', 4.5, 'specialities', 3)$$) AS link_m2m_4_5;
-- unlink: kin 1 belongs to user 1, not to user 1.4
SELECT link_outcome($$SELECT rel_unlink('users', 1.4, 'kins', 1.0)$$) AS unlink_1_4;
SELECT link_outcome($$SELECT rel_unlink('users', 1.4, 'specialities', 1)$$) AS unlink_m2m_1_4;
SELECT link_outcome($$SELECT rel_unlink('kins', 1.4, 'user', 1)$$) AS unlink_m2o_1_4;
-- and the checker itself: exact keys link (and are undone)
SELECT link_outcome($$SELECT rel_link('users', 4.0, 'kins', 1.0)$$) AS link_4_0_to_1_0;
SELECT link_outcome($$SELECT rel_link('users', 4, 'specialities', 3)$$) AS link_m2m_4_3;
SELECT unchanged();
-- exact keys given as numerics still link and unlink
SELECT rel_link('users', 4.0, 'kins', 8.0);
SELECT id, user_id FROM kins WHERE id = 8;
SELECT rel_unlink('users', 4.0, 'kins', 8::bigint);
SELECT id, user_id FROM kins WHERE id = 8;
UPDATE kins SET user_id = 5 WHERE id = 8;
SELECT unchanged();

------------------------------------------------------------------------
-- Arrays of keys: each element exact; one answer per existing row
------------------------------------------------------------------------
SELECT outcome($$SELECT string_agg(d::text, ' | ' ORDER BY n) FROM rel_fetch_many('users', ARRAY[1.4, 1.0], 'id, full_name') WITH ORDINALITY AS f(d, n)$$) AS fetch_many_1_4_1_0,
       outcome($$SELECT string_agg(jsonb_build_object('id', id, 'full_name', full_name)::text, ' | ' ORDER BY id) FROM users WHERE id = ANY (ARRAY[1.4, 1.0])$$) AS by_hand;
SELECT outcome($$SELECT string_agg(source_key || ':' || (target->>'id'), ',' ORDER BY n) FROM rel_navigate_many('users', ARRAY[1.4, 1.0], 'kins') WITH ORDINALITY AS f(source_key, target, n)$$) AS navigate_many_1_4_1_0;
SELECT outcome($$SELECT string_agg(d->>'id', ',' ORDER BY n) FROM rel_fetch_many('users', ARRAY[2.5, 3.0, 2.0, 4.9], 'id') WITH ORDINALITY AS f(d, n)$$) AS fetch_many_mixed;
SELECT outcome($$SELECT string_agg(d->>'id', ',' ORDER BY n) FROM rel_fetch_many('users', ARRAY[1.5, 2.0]::float8[], 'id') WITH ORDINALITY AS f(d, n)$$) AS fetch_many_float8;
SELECT outcome($$SELECT string_agg(source_key || ':' || (target->>'id'), ',' ORDER BY n) FROM rel_navigate_many('users', ARRAY[2.5, 2.0]::float8[], 'kins') WITH ORDINALITY AS f(source_key, target, n)$$) AS navigate_many_float8;
-- the text twins: '{1.5}' does not convert to integer, as in SQL
SELECT outcome($$SELECT string_agg(d->>'id', ',') FROM rel_fetch_many('users', '{1.5,2}', 'id') d$$) AS fetch_many_text;
SELECT outcome($$SELECT id::text FROM users WHERE id = ANY ('{1.5,2}')$$) AS by_hand;

-- multi-dimensional arrays are refused, not silently flattened
SELECT CASE WHEN o LIKE 'ERROR XX%' OR o NOT LIKE 'ERROR%' THEN o ELSE 'refused' END AS fetch_many_2d
  FROM outcome($$SELECT string_agg(d->>'id', ',') FROM rel_fetch_many('users', ARRAY[[1,2],[3,4]], 'id') d$$) o;
SELECT CASE WHEN o LIKE 'ERROR XX%' OR o NOT LIKE 'ERROR%' THEN o ELSE 'refused' END AS navigate_many_2d
  FROM outcome($$SELECT string_agg(target->>'id', ',') FROM rel_navigate_many('users', ARRAY[[1,2],[3,4]], 'kins')$$) o;
SELECT CASE WHEN o LIKE 'ERROR XX%' OR o NOT LIKE 'ERROR%' THEN o ELSE 'refused' END AS fetch_many_2d_text
  FROM outcome($$SELECT string_agg(d->>'id', ',') FROM rel_fetch_many('users', '{{1,2},{3,4}}', 'id') d$$) o;
SELECT CASE WHEN o LIKE 'ERROR XX%' OR o NOT LIKE 'ERROR%' THEN o ELSE 'refused' END AS fetch_many_2d_numeric
  FROM outcome($$SELECT string_agg(d->>'id', ',') FROM rel_fetch_many('users', ARRAY[[1.0],[2.0]], 'id') d$$) o;
-- a one-dimensional array with another lower bound is still one list
SELECT outcome($$SELECT string_agg(d->>'id', ',' ORDER BY n) FROM rel_fetch_many('users', '[0:1]={3,1}'::int[], 'id') WITH ORDINALITY AS f(d, n)$$) AS fetch_many_lower_bound_0;

------------------------------------------------------------------------
-- A timestamp is not truncated to a date key
------------------------------------------------------------------------
CREATE TABLE days (d date PRIMARY KEY, note text);
CREATE TABLE shifts (id int PRIMARY KEY, day date REFERENCES days, who text);
INSERT INTO days VALUES ('2026-01-01', 'new year'), ('2026-01-02', 'second');
INSERT INTO shifts VALUES (1, '2026-01-01', 'Ana'), (2, '2026-01-01', 'Ben'), (3, '2026-01-02', 'Cy');
SELECT rel_declare('days', 'shifts', 'shifts');
SELECT (SELECT count(*) FROM days WHERE d = '2026-01-01 10:00'::timestamp) AS by_hand_10h,
       (SELECT count(*) FROM days WHERE d = '2026-01-01 00:00'::timestamp) AS by_hand_midnight;
SELECT outcome($$SELECT rel_fetch('days', '2026-01-01 10:00'::timestamp, 'note')::text$$) AS fetch_10h,
       outcome($$SELECT rel_count('days', '2026-01-01 10:00'::timestamp, 'shifts')::text$$) AS count_10h,
       outcome($$SELECT count(*)::text FROM rel_navigate('days', '2026-01-01 10:00'::timestamp, 'shifts')$$) AS navigate_10h;
SELECT outcome($$SELECT string_agg(d->>'note', ',') FROM rel_fetch_many('days', ARRAY['2026-01-01 10:00'::timestamp, '2026-01-02 00:00'::timestamp], 'note') d$$) AS fetch_many_ts;
-- midnight is the date itself
SELECT outcome($$SELECT rel_fetch('days', '2026-01-01 00:00'::timestamp, 'note')::text$$) AS fetch_midnight,
       outcome($$SELECT rel_count('days', '2026-01-02'::timestamp, 'shifts')::text$$) AS count_midnight,
       outcome($$SELECT rel_count('days', '2026-01-01'::date, 'shifts')::text$$) AS count_date;
-- linking shift 3 to the day 2026-01-01 10:00 changes nothing
SELECT CASE WHEN o IN ('ERROR P0002', 'ERROR 22P02') THEN 'refused' ELSE o END AS link_ts
  FROM outcome($$SELECT 'no error' FROM rel_link('days', '2026-01-01 10:00'::timestamp, 'shifts', 3)$$) o;
SELECT id, day FROM shifts ORDER BY id;

DROP SCHEMA key_exactness CASCADE;
