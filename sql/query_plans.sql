-- Literals are parameters: shapes that differ only in their literals share
-- one prepared plan, and every call gets its own literals' answer (from
-- one call site, a prepared statement, a PL/pgSQL loop, alternating
-- shapes).  Plans follow changes to tables and declarations.  Conditions
-- and aggregates run as the caller: privileges and row-level security
-- apply inside them, and reveal nothing hidden.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA query_plans;
SET search_path = query_plans, public;
\set VERBOSITY default
\set SHOW_CONTEXT never
\set ECHO none
\i test/clinic.sql
\set ECHO all

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments');
SELECT rel_declare('users', 'profile', 'profiles', uselist => false);
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');

-- The statements relnav keeps prepared that read kins: PostgreSQL shows
-- each kept plan as a CachedPlanSource whose ident is its SQL, which names
-- the tables it reads.  (relnav's SQL is not shown: only the count.)
CREATE FUNCTION kept_plans() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM pg_backend_memory_contexts
     WHERE name = 'CachedPlanSource' AND ident LIKE '%query\_plans.kins %'
$$;
-- the answer written by hand: user's kins with that relationship
CREATE FUNCTION kins_of(u int, r text) RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_build_object('kins', coalesce(jsonb_agg(jsonb_build_object('id', k.id) ORDER BY k.id), '[]'))
      FROM query_plans.kins k WHERE k.user_id = u AND k.relationship = r
$$;

------------------------------------------------------------------------
-- One plan for every literal
------------------------------------------------------------------------
SELECT kept_plans() AS before;
-- 5 users x 6 relationships: 30 calls, 30 shapes, one plan, each right
SELECT count(*) AS calls,
       count(*) FILTER (WHERE rel_fetch('users', u, format('kins(id WHERE relationship = %L)', r))
                              = kins_of(u, r)) AS right_answers
  FROM generate_series(1, 5) u,
       unnest(ARRAY['spouse', 'sibling', 'parent', 'child', 'cousin', 'it''s']) r;
SELECT kept_plans() AS after_30_literals;
-- a number or TRUE where a string was: still one plan, converted the same way
SELECT rel_fetch('users', 1, 'kins(id WHERE relationship = 5)'),
       rel_fetch('users', 1, 'kins(id WHERE relationship = true)');
SELECT kept_plans() AS still;
-- another shape is another plan; its literals then share it too
SELECT rel_fetch('users', 1, 'kins(id WHERE relationship <> ''x'')');
SELECT rel_fetch('users', 2, 'kins(id WHERE relationship <> ''spouse'')');
SELECT kept_plans() AS two_shapes;
-- LIMIT and OFFSET are parameters too: paging shares one plan
SELECT o, rel_fetch('users', 1, format('kins(id ORDER BY id LIMIT %s OFFSET %s)', l, o)) AS page
  FROM (VALUES (1, 0), (1, 1), (2, 1), (5, 2), (0, 0)) v(l, o) ORDER BY l, o;
SELECT kept_plans() AS three_shapes;
-- literals of many kinds in one shape, at several levels and in rel_fetch_many
SELECT d, (SELECT jsonb_agg(x ORDER BY n) FROM rel_fetch_many('users', ARRAY[5, 4, 3, 2, 1],
          format('id, kins(id WHERE id IN (%s, %s) OR relationship LIKE %L ORDER BY id DESC LIMIT %s) WHERE COUNT(kins) >= %s',
                 d, d + 1, left('spouse', d) || '%', d, d - 1)) WITH ORDINALITY AS f(x, n)) AS docs
  FROM generate_series(1, 3) d ORDER BY d;
SELECT kept_plans() AS four_shapes;

------------------------------------------------------------------------
-- One call site, changing literals: each call its own answer
------------------------------------------------------------------------
PREPARE by_relationship(int, text) AS
    SELECT rel_fetch('users', $1, 'kins(id WHERE relationship = ' || quote_literal($2) || ')');
EXECUTE by_relationship(1, 'spouse');
EXECUTE by_relationship(1, 'parent');
EXECUTE by_relationship(2, 'child');
EXECUTE by_relationship(2, 'spouse');
EXECUTE by_relationship(1, 'spouse');
DEALLOCATE by_relationship;
-- the shape as a parameter of a prepared statement
PREPARE by_shape(int, text) AS SELECT rel_fetch('users', $1, $2);
EXECUTE by_shape(1, 'kins(id WHERE id > 1)');
EXECUTE by_shape(1, 'kins(id WHERE id > 2)');
EXECUTE by_shape(1, 'kins(id WHERE id > 0)');
DEALLOCATE by_shape;
-- a PL/pgSQL loop: 200 calls with 40 literals, alternating two shapes that
-- share a plan, and rel_fetch_many beside rel_fetch
DO $$
DECLARE
    wrong int := 0;
    calls int := 0;
    doc jsonb;
    docs jsonb;
    r text;
BEGIN
    FOR i IN 1..200 LOOP
        r := (ARRAY['spouse', 'sibling', 'parent', 'child'])[1 + i % 4] || CASE WHEN i % 10 = 0 THEN 'x' ELSE '' END;
        doc := rel_fetch('users', 1 + i % 5, format('kins(id WHERE relationship = %L)', r));
        IF doc IS DISTINCT FROM kins_of(1 + i % 5, r) THEN
            wrong := wrong + 1;
        END IF;
        SELECT jsonb_agg(d ORDER BY n) INTO docs
          FROM rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], format('kins(id WHERE relationship = %L)', r))
               WITH ORDINALITY AS f(d, n);
        IF docs IS DISTINCT FROM (SELECT jsonb_agg(kins_of(u, r) ORDER BY u) FROM generate_series(1, 5) u) THEN
            wrong := wrong + 1;
        END IF;
        calls := calls + 2;
    END LOOP;
    RAISE NOTICE '% calls, % wrong', calls, wrong;
END
$$;
-- within one statement, calls whose shapes alternate
SELECT u, rel_fetch('users', u, CASE WHEN u % 2 = 0 THEN 'kins(id WHERE id > 4)' ELSE 'kins(id WHERE id > 1)' END)
  FROM generate_series(1, 5) u ORDER BY u;
-- a '?' in a literal or a quoted name is just a character
SELECT rel_fetch('users', 1, '"?": full_name, kins(id WHERE relationship = ''?'')'),
       rel_fetch('users', 1, '"?": full_name, kins(id WHERE relationship = ''spouse'')');
-- literals nested in EXISTS and aggregates, changing at every call
SELECT r, n, (SELECT jsonb_agg(d ORDER BY o)
                FROM rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5],
                                    format('id, c: COUNT(kins WHERE relationship <> %L) WHERE EXISTS(kins WHERE relationship = %L) AND COUNT(kins) > %s', r, r, n))
                     WITH ORDINALITY AS f(d, o)) AS docs
  FROM (VALUES ('spouse', 0), ('spouse', 2), ('parent', 0), ('child', 1)) v(r, n) ORDER BY r, n;

------------------------------------------------------------------------
-- Plans follow tables and declarations
------------------------------------------------------------------------
PREPARE kin_search(text) AS SELECT rel_fetch('users', 1, 'kins(id WHERE relationship = ' || quote_literal($1) || ')');
EXECUTE kin_search('spouse');
ALTER TABLE kins RENAME relationship TO relation;
EXECUTE kin_search('spouse');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
ALTER TABLE kins RENAME relation TO relationship;
EXECUTE kin_search('parent');
-- a changed type changes how the literal converts
ALTER TABLE kins ADD COLUMN rank int DEFAULT 1;
SELECT rel_fetch('users', 1, 'kins(id WHERE rank = ''1'')');
ALTER TABLE kins ALTER rank DROP DEFAULT, ALTER rank TYPE date USING '2026-01-01';
SELECT rel_fetch('users', 1, 'kins(id WHERE rank = ''1'')');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id WHERE rank = ''2026-01-01'')');
ALTER TABLE kins DROP COLUMN rank;
-- a relationship of a condition's path dropped, then declared again
SELECT rel_fetch_many('users', ARRAY[1, 2, 3], 'id WHERE specialities.name = ''Cardiology''');
SELECT rel_drop('users', 'specialities');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3], 'id WHERE specialities.name = ''Cardiology''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3], 'id WHERE specialities.name = ''Paediatrics''');
DEALLOCATE kin_search;

------------------------------------------------------------------------
-- Privileges and row-level security inside conditions and aggregates
------------------------------------------------------------------------
CREATE ROLE regress_relnav_query_rls;      -- SELECT on every table, under policies
CREATE ROLE regress_relnav_query_cols;     -- SELECT on some columns of kins
CREATE ROLE regress_relnav_query_nokins;   -- no SELECT on kins
GRANT USAGE ON SCHEMA query_plans TO regress_relnav_query_rls, regress_relnav_query_cols,
                                     regress_relnav_query_nokins;
GRANT SELECT ON ALL TABLES IN SCHEMA query_plans TO regress_relnav_query_rls;
GRANT SELECT ON users, profiles, appointments, specialities, user_speciality
   TO regress_relnav_query_cols, regress_relnav_query_nokins;
GRANT SELECT (id, full_name, user_id) ON kins TO regress_relnav_query_cols;
ALTER TABLE kins ENABLE ROW LEVEL SECURITY;
CREATE POLICY no_parents ON kins USING (relationship <> 'parent');
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_five ON users USING (id <> 5);
-- the owner first, so that plans exist
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id, n: COUNT(kins), first: MIN(kins.full_name) WHERE kins.relationship = ''parent''');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE EXISTS(kins WHERE relationship = ''parent'' AND phone IS NULL)');
SELECT rel_fetch_many('kins', ARRAY[1, 2, 3, 6, 7], 'id WHERE user.id = 5 OR user.full_name LIKE ''Amina%''');
SET ROLE regress_relnav_query_rls;
-- hidden parents match no condition, count in no aggregate, order nothing
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id, n: COUNT(kins), first: MIN(kins.full_name) WHERE kins.relationship = ''parent''');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id WHERE EXISTS(kins WHERE relationship = ''parent'' AND phone IS NULL)');
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4], 'id, n: COUNT(kins), first: MIN(kins.full_name), kins(id WHERE relationship IN (''parent'', ''spouse'')) ORDER BY COUNT(kins) DESC, id');
SELECT rel_fetch_many('users', ARRAY[1, 3], 'id WHERE NOT kins.relationship = ''parent''');
-- the same as the caller's own SQL over the same tables
SELECT (SELECT jsonb_agg(d ORDER BY o)
          FROM rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id, n: COUNT(kins WHERE phone IS NOT NULL) WHERE NOT kins.relationship = ''spouse''')
               WITH ORDINALITY AS f(d, o))
       = (SELECT jsonb_agg(jsonb_build_object('id', u.id,
                                              'n', (SELECT count(*) FROM kins k WHERE k.user_id = u.id AND k.phone IS NOT NULL))
                           ORDER BY u.id)
            FROM users u
           WHERE u.id IN (1, 2, 3, 4, 5)
             AND NOT EXISTS (SELECT FROM kins k WHERE k.user_id = u.id AND k.relationship = 'spouse'))
       AS same;
-- a hidden row at the end of a path is no row: user 5 is hidden
SELECT rel_fetch_many('kins', ARRAY[1, 2, 3, 6, 7], 'id WHERE user.id = 5 OR user.full_name LIKE ''Amina%''');
SELECT rel_fetch('kins', 7, 'id, user(id), COUNT(user)');
RESET ROLE;
SET ROLE regress_relnav_query_cols;
-- columns granted: fine, in conditions and aggregates, and in pages
SELECT rel_fetch('users', 1, 'kins(id WHERE full_name LIKE ''C%''), n: COUNT(kins), m: MAX(kins.full_name)');
SELECT rel_fetch('users', 1, 'kins(full_name, user(id) ORDER BY full_name LIMIT 1 OFFSET 1)');
SELECT rel_fetch_many('users', ARRAY[1, 2], 'id WHERE kins.full_name LIKE ''L%''');
-- a column not granted: denied wherever it is named, even only in a condition
SELECT rel_fetch('users', 1, 'kins(id WHERE phone IS NULL)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE kins.relationship = ''parent''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'n: COUNT(kins WHERE phone IS NULL)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'm: MAX(kins.phone)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'kins(id ORDER BY relationship)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
SET ROLE regress_relnav_query_nokins;
-- no privilege on a table that only a condition or an aggregate reads
SELECT rel_fetch('users', 1, 'id WHERE EXISTS(kins)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, COUNT(kins)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id, profile(bio) ORDER BY COUNT(kins)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- names and literals are checked before any SQL runs: their errors come first
SELECT rel_fetch('users', 1, 'id WHERE kins.nope = 1');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_fetch('users', 1, 'id WHERE kins.id = ''abc''');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- tables granted: fine
SELECT rel_fetch('users', 1, 'id, COUNT(appointments) WHERE specialities.name = ''Cardiology''');
RESET ROLE;
-- and the owner still sees everything through the same plans
SELECT rel_fetch_many('users', ARRAY[1, 2, 3, 4, 5], 'id, n: COUNT(kins), first: MIN(kins.full_name) WHERE kins.relationship = ''parent''');
ALTER TABLE kins DISABLE ROW LEVEL SECURITY;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;

SET client_min_messages = warning;
DROP SCHEMA query_plans CASCADE;
RESET client_min_messages;
RESET search_path;
DROP ROLE regress_relnav_query_rls;
DROP ROLE regress_relnav_query_cols;
DROP ROLE regress_relnav_query_nokins;
