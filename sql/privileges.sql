-- privileges: relnav reads with the caller's rights, writes its catalog only
-- through its own functions, and nothing in the caller's search_path changes
-- what it does.
--
-- Navigation must behave exactly as if the caller had written the join by
-- hand: table and column privileges and row-level security apply to every
-- table of the path (source, each hop, association tables).  Declaring and
-- dropping need ownership of the source table.  Plans are cached per
-- backend, so every check is made after a more privileged role has already
-- run the same navigation in this session, and the other way round.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA privileges;
SET search_path = privileges, public;
-- the generated SQL is not part of the interface: keep it out of errors
\set SHOW_CONTEXT never
\i test/clinic.sql

SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'appointments', 'appointments', back_populates => 'user');
SELECT rel_declare('appointments', 'user', 'users', back_populates => 'appointments');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');

-- the roles of this test; every one may use the schema
CREATE ROLE regress_relnav_none;      -- SELECT on users only
CREATE ROLE regress_relnav_reader;    -- SELECT on every table
CREATE ROLE regress_relnav_cols;      -- SELECT on some columns of kins
CREATE ROLE regress_relnav_keycols;   -- SELECT on kins, but not on its join column
CREATE ROLE regress_relnav_rls;       -- SELECT on every table, under policies
CREATE ROLE regress_relnav_owner;     -- owns a table of its own
CREATE ROLE regress_relnav_hostile;   -- plants objects in its search_path
GRANT USAGE ON SCHEMA privileges TO regress_relnav_none, regress_relnav_reader,
    regress_relnav_cols, regress_relnav_keycols, regress_relnav_rls,
    regress_relnav_owner, regress_relnav_hostile;
GRANT CREATE ON SCHEMA privileges TO regress_relnav_owner;
GRANT SELECT ON users TO regress_relnav_none;
GRANT SELECT ON ALL TABLES IN SCHEMA privileges
    TO regress_relnav_reader, regress_relnav_rls, regress_relnav_owner,
       regress_relnav_hostile;

----------------------------------------------------------------------------
-- Table privileges: no SELECT on the target, 42501 from every function

-- the superuser caches the plans first
SELECT count(*) FROM rel_navigate('users', 1, 'kins');
SELECT count(*) FROM rel_rows(NULL::kins, 'users', 1, 'kins');
SELECT rel_count('users', 1, 'kins');

SET ROLE regress_relnav_none;
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a key given as text, a limit, an order: the same
SELECT * FROM rel_navigate('users', '1'::text, 'kins', order_by => 'full_name', max_rows => 1);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- a scalar hop to a table without SELECT
SELECT * FROM rel_navigate('kins', 1, 'user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- the same query written by hand fails the same way
SELECT to_jsonb(t) FROM kins t WHERE t.user_id = 1;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;

-- a role with SELECT on everything, in the same session, after the refusals
SET ROLE regress_relnav_reader;
SELECT * FROM rel_navigate('users', 1, 'kins');
SELECT id, full_name FROM rel_rows(NULL::kins, 'users', 1, 'kins') ORDER BY id;
SELECT rel_count('users', 1, 'kins');
RESET ROLE;

-- and refused again after it succeeded
SET ROLE regress_relnav_none;
SELECT rel_count('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;

-- every table of the path needs SELECT: the source ...
GRANT SELECT ON kins TO regress_relnav_none;
REVOKE SELECT ON users FROM regress_relnav_none;
SET ROLE regress_relnav_none;
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
-- ... a middle hop (appointments -> users -> kins, without users) ...
GRANT SELECT ON appointments TO regress_relnav_none;
SET ROLE regress_relnav_none;
SELECT * FROM rel_navigate('appointments', 4, 'user.kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('appointments', 4, 'user.kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
-- ... and the association table of a many-to-many
GRANT SELECT ON users, specialities TO regress_relnav_none;
SET ROLE regress_relnav_none;
SELECT * FROM rel_navigate('users', 1, 'specialities');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'specialities');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- now every table but the association table is readable: the rest works
SELECT * FROM rel_navigate('appointments', 4, 'user.kins');
RESET ROLE;

-- a table in a schema the role may not use
CREATE SCHEMA privileges_hidden;
CREATE TABLE privileges_hidden.notes (id integer PRIMARY KEY,
                                      user_id integer REFERENCES users (id));
INSERT INTO privileges_hidden.notes VALUES (1, 1);
GRANT SELECT ON privileges_hidden.notes TO regress_relnav_reader;
SELECT rel_declare('users', 'notes', 'privileges_hidden.notes');
-- the superuser caches both plans; the role has SELECT on the table, but may
-- not look into its schema, so by hand it would be refused
SELECT * FROM rel_navigate('users', 1, 'notes');
SELECT rel_count('users', 1, 'notes');
SET ROLE regress_relnav_reader;
SELECT * FROM privileges_hidden.notes;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_navigate('users', 1, 'notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;

----------------------------------------------------------------------------
-- Column privileges

-- SELECT on every column of kins but phone.  A row as jsonb (or typed) reads
-- every column, so rel_navigate and rel_rows are refused, exactly as the
-- hand-written query is; rel_count reads only the join columns, like a
-- hand-written count(*).
GRANT SELECT ON users TO regress_relnav_cols;
GRANT SELECT (id, full_name, relationship, user_id) ON kins TO regress_relnav_cols;
SET ROLE regress_relnav_cols;
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM rel_rows(NULL::kins, 'users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'kins');
-- by hand
SELECT to_jsonb(t) FROM kins t
 WHERE EXISTS (SELECT 1 FROM users r0 WHERE r0.id = 1 AND r0.id = t.user_id);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT count(*) FROM kins t
 WHERE EXISTS (SELECT 1 FROM users r0 WHERE r0.id = 1 AND r0.id = t.user_id);
-- an order_by on a column the role may read: still the whole row
SELECT * FROM rel_navigate('users', 1, 'kins', order_by => 'full_name');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;

-- SELECT on every column of kins but its join column user_id: even the
-- count is refused, as by hand
GRANT SELECT ON users TO regress_relnav_keycols;
GRANT SELECT (id, full_name, phone, relationship) ON kins TO regress_relnav_keycols;
SET ROLE regress_relnav_keycols;
SELECT * FROM rel_navigate('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_count('users', 1, 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT count(*) FROM kins t
 WHERE EXISTS (SELECT 1 FROM users r0 WHERE r0.id = 1 AND r0.id = t.user_id);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;

-- on the source only the key and join column are read: SELECT (id) on users
-- is enough to navigate from it
REVOKE SELECT ON users FROM regress_relnav_keycols;
GRANT SELECT (id) ON users TO regress_relnav_keycols;
GRANT SELECT ON appointments TO regress_relnav_keycols;
SET ROLE regress_relnav_keycols;
SELECT * FROM rel_navigate('users', 2, 'appointments');
-- but not to navigate to it: kins.user reaches whole users rows
SELECT * FROM rel_navigate('appointments', 4, 'user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;

----------------------------------------------------------------------------
-- Row-level security at every hop

ALTER TABLE kins ENABLE ROW LEVEL SECURITY;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_speciality ENABLE ROW LEVEL SECURITY;
ALTER TABLE appointments ENABLE ROW LEVEL SECURITY;
-- the role sees no siblings, not Bruno Costa (user 2), no link to Paediatrics
CREATE POLICY no_siblings ON kins TO regress_relnav_rls
    USING (relationship <> 'sibling');
CREATE POLICY not_bruno ON users TO regress_relnav_rls USING (id <> 2);
CREATE POLICY no_paediatrics ON user_speciality TO regress_relnav_rls
    USING (speciality_id <> 3);
CREATE POLICY all_appointments ON appointments TO regress_relnav_rls USING (true);

-- the superuser sees everything (and caches the plans)
SELECT r->>'full_name' FROM rel_navigate('users', 1, 'kins') r;
SELECT r->>'full_name' FROM rel_navigate('users', 2, 'kins') r;
SELECT r->>'name' FROM rel_navigate('users', 1, 'specialities') r;
SELECT rel_count('users', 1, 'kins'), rel_count('users', 2, 'kins'),
       rel_count('users', 1, 'specialities');

SET ROLE regress_relnav_rls;
-- a policy hides some kins: only the visible ones
SELECT r->>'full_name' FROM rel_navigate('users', 1, 'kins') r;
SELECT id, full_name FROM rel_rows(NULL::kins, 'users', 1, 'kins') ORDER BY id;
SELECT rel_count('users', 1, 'kins');
-- a policy hides the source row: nothing
SELECT * FROM rel_navigate('users', 2, 'kins');
SELECT rel_count('users', 2, 'kins');
-- ... nor from its hidden row's kin back to it
SELECT * FROM rel_navigate('kins', 4, 'user');
-- a hidden row in the middle of the path: appointment 4 belongs to Bruno
SELECT * FROM rel_navigate('appointments', 4, 'user.kins');
SELECT rel_count('appointments', 4, 'user.kins');
-- ... and a visible one: siblings stay hidden at the last hop
SELECT r->>'full_name' FROM rel_navigate('appointments', 1, 'user.kins') r;
-- a policy on the association table hides a link
SELECT r->>'name' FROM rel_navigate('users', 1, 'specialities') r;
SELECT rel_count('users', 1, 'specialities');
-- by hand, the same answers
SELECT t.full_name FROM kins t
 WHERE EXISTS (SELECT 1 FROM users r0 WHERE r0.id = 1 AND r0.id = t.user_id)
 ORDER BY t.id;
SELECT count(*) FROM kins t
 WHERE EXISTS (SELECT 1 FROM users r0 WHERE r0.id = 2 AND r0.id = t.user_id);
RESET ROLE;

-- the superuser again, after the role: the policies were the role's alone
SELECT r->>'full_name' FROM rel_navigate('users', 1, 'kins') r;
SELECT rel_count('users', 2, 'kins'), rel_count('users', 1, 'specialities');

-- a role that owns nothing and is under no policy: policies without a
-- permissive one for it hide every row
SET ROLE regress_relnav_reader;
SELECT rel_count('users', 1, 'kins');
RESET ROLE;

ALTER TABLE kins DISABLE ROW LEVEL SECURITY;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
ALTER TABLE user_speciality DISABLE ROW LEVEL SECURITY;
ALTER TABLE appointments DISABLE ROW LEVEL SECURITY;

----------------------------------------------------------------------------
-- Declaring and dropping need ownership of the source table

SET ROLE regress_relnav_reader;
SELECT rel_declare('users', 'kin2', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_declare('users', 'kin2', 'kins', source_columns => '{id}',
                   target_columns => '{user_id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_drop('users', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- if_exists does not skip the ownership check
SELECT rel_drop('users', 'no_such_name', if_exists => true);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- owning the target is not enough either: the source decides
RESET ROLE;
SELECT name FROM rel_relationships WHERE source = 'users'::regclass ORDER BY name;

-- a role that owns a table declares on it, towards a table it does not own
GRANT REFERENCES ON users TO regress_relnav_owner;
SET ROLE regress_relnav_owner;
CREATE TABLE my_notes (id integer PRIMARY KEY,
                       user_id integer REFERENCES users (id), body text);
INSERT INTO my_notes VALUES (1, 1, 'a note');
SELECT rel_declare('my_notes', 'user', 'users');
SELECT * FROM rel_navigate('my_notes', 1, 'user');
-- but not on the table it points to, nor drop a declaration there
SELECT rel_declare('users', 'my_notes', 'my_notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT rel_drop('users', 'kins');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
-- the owner of users declares towards my_notes; navigating it takes the
-- caller's rights on my_notes, which the reader lacks
SELECT rel_declare('users', 'my_notes', 'my_notes');
SELECT * FROM rel_navigate('users', 1, 'my_notes');
SET ROLE regress_relnav_reader;
SELECT * FROM rel_navigate('users', 1, 'my_notes');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT rel_drop('users', 'my_notes');
-- a member of the owning role acts as the owner
GRANT regress_relnav_owner TO regress_relnav_reader;
SET ROLE regress_relnav_reader;
SELECT rel_drop('my_notes', 'user');
SELECT rel_declare('my_notes', 'user', 'users');
RESET ROLE;
REVOKE regress_relnav_owner FROM regress_relnav_reader;
SET ROLE regress_relnav_reader;
SELECT rel_drop('my_notes', 'user');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
-- a superuser may drop anybody's
SELECT rel_drop('my_notes', 'user');
SELECT count(*) FROM rel_relationships WHERE source = 'my_notes'::regclass;

----------------------------------------------------------------------------
-- The catalog cannot be written directly by an ordinary role

SET ROLE regress_relnav_reader;
INSERT INTO _relnav.relationships (source, name, target, kind, source_columns,
                                   target_columns)
VALUES ('users', 'forged', 'kins', 'one_to_many', '{id}', '{user_id}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
UPDATE _relnav.relationships SET target = 'appointments' WHERE name = 'kins';
\echo SQLSTATE :LAST_ERROR_SQLSTATE
DELETE FROM _relnav.relationships;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
TRUNCATE _relnav.relationships;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
-- not even the owner of a source table
RESET ROLE;
SET ROLE regress_relnav_owner;
DELETE FROM _relnav.relationships WHERE source = 'users'::regclass;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT source, name, target FROM rel_relationships
 WHERE source::text IN ('users', 'kins', 'appointments')
 ORDER BY source::text COLLATE "C", name COLLATE "C";

-- relnav's internal functions: the triggers' are for the triggers alone;
-- the view's helpers stay callable by every role, so the view works for all
SELECT p.oid::regprocedure AS function,
       has_function_privilege('regress_relnav_none', p.oid, 'EXECUTE') AS callable
  FROM pg_proc p WHERE p.pronamespace = '_relnav'::regnamespace
 ORDER BY p.oid::regprocedure::text COLLATE "C";
SET ROLE regress_relnav_none;
SELECT _relnav.on_ddl_end();
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT _relnav.resolve_columns();
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT source, name, target, source_columns, target_columns, order_by FROM rel_relationships
 WHERE source::text IN ('users', 'kins', 'appointments')
 ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT _relnav.column_names('kins', '{1,5}');
SELECT _relnav.order_by_text('kins', '{2,1}', '{1,0}');
-- arrays that do not pair up: a clean error, not an internal one
SELECT _relnav.order_by_text('kins', '{2,1}', '{1}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET ROLE;

-- no relnav function runs with elevated rights without a pinned search_path
SELECT p.oid::regprocedure
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                  AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'relnav'
 WHERE p.prosecdef
   AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')
 ORDER BY 1;

----------------------------------------------------------------------------
-- A hostile search_path
--
-- The role puts a schema of its own first, before pg_catalog, holding
-- objects named like the built-ins the generated SQL uses and like relnav's
-- own catalog.  Each of them writes a marker row when called (and then
-- behaves like the original, so a wrong answer would not give it away).
-- relnav must answer correctly and call none of them: not while navigating
-- as the role, and not while its event triggers run for the role's DDL,
-- which they do as the catalog's owner.

CREATE SCHEMA regress_hostile AUTHORIZATION regress_relnav_hostile;
GRANT REFERENCES ON users TO regress_relnav_hostile;
SET ROLE regress_relnav_hostile;
CREATE TABLE regress_hostile.marker (what text, called_by name, superuser boolean);
GRANT INSERT ON regress_hostile.marker TO PUBLIC;
CREATE FUNCTION regress_hostile.mark(what text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO regress_hostile.marker
    SELECT what, current_user, rolsuper FROM pg_catalog.pg_roles
     WHERE rolname OPERATOR(pg_catalog.=) current_user
$$;

CREATE FUNCTION regress_hostile.to_jsonb(anyelement) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM regress_hostile.mark('to_jsonb(anyelement)');
    RETURN pg_catalog.to_jsonb($1);
END $$;
-- an exact match for the row type beats pg_catalog's polymorphic one even
-- when pg_catalog comes first
CREATE FUNCTION regress_hostile.to_jsonb(privileges.kins) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM regress_hostile.mark('to_jsonb(kins)');
    RETURN pg_catalog.to_jsonb($1);
END $$;

CREATE FUNCTION regress_hostile.int4_eq(integer, integer) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM regress_hostile.mark('= (integer, integer)');
    RETURN $1 OPERATOR(pg_catalog.=) $2;
END $$;
CREATE OPERATOR regress_hostile.= (LEFTARG = integer, RIGHTARG = integer,
                                   FUNCTION = regress_hostile.int4_eq);

CREATE FUNCTION regress_hostile.oid_eq(oid, oid) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM regress_hostile.mark('= (oid, oid)');
    RETURN $1 OPERATOR(pg_catalog.=) $2;
END $$;
CREATE OPERATOR regress_hostile.= (LEFTARG = oid, RIGHTARG = oid,
                                   FUNCTION = regress_hostile.oid_eq);

CREATE FUNCTION regress_hostile.name_array_eq(name[], name[]) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM regress_hostile.mark('= (name[], name[])');
    RETURN $1 OPERATOR(pg_catalog.=) $2;
END $$;
CREATE OPERATOR regress_hostile.= (LEFTARG = name[], RIGHTARG = name[],
                                   FUNCTION = regress_hostile.name_array_eq);

CREATE FUNCTION regress_hostile.int2_array_eq(int2[], int2[]) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM regress_hostile.mark('= (int2[], int2[])');
    RETURN $1 OPERATOR(pg_catalog.=) $2;
END $$;
CREATE OPERATOR regress_hostile.= (LEFTARG = int2[], RIGHTARG = int2[],
                                   FUNCTION = regress_hostile.int2_array_eq);

CREATE FUNCTION regress_hostile.count_step(bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM regress_hostile.mark('count(*)');
    RETURN $1 OPERATOR(pg_catalog.+) 1;
END $$;
CREATE AGGREGATE regress_hostile.count(*) (SFUNC = regress_hostile.count_step,
                                           STYPE = bigint, INITCOND = '0');

-- a catalog of its own, under the catalog's table name
CREATE TABLE regress_hostile.relationships (LIKE _relnav.relationships);
INSERT INTO regress_hostile.relationships
SELECT * FROM _relnav.relationships WHERE name OPERATOR(pg_catalog.=) 'kins';
UPDATE regress_hostile.relationships SET target = 'privileges.appointments';

-- and a table of its own with a declaration on it
CREATE TABLE regress_hostile.t (id integer PRIMARY KEY,
                                user_id integer REFERENCES privileges.users (id),
                                spare integer);
INSERT INTO regress_hostile.t VALUES (1, 1, 0);

SET search_path = regress_hostile, pg_catalog, privileges, public;
SELECT rel_declare('regress_hostile.t', 'user', 'privileges.users');
SELECT rel_declare('regress_hostile.t', 'kins', 'privileges.kins',
                   source_columns => '{user_id}', target_columns => '{user_id}',
                   kind => 'one_to_many', order_by => 'full_name');
-- navigation as the role: correct rows, no marker
SELECT * FROM rel_navigate('privileges.users', 1, 'kins');
SELECT * FROM rel_rows(NULL::privileges.kins, 'privileges.users', 1, 'kins');
SELECT rel_count('privileges.users', 1, 'kins');
SELECT * FROM rel_navigate('privileges.kins', 1, 'user');
SELECT * FROM rel_navigate('privileges.users', 1, 'specialities');
SELECT * FROM rel_navigate('regress_hostile.t', 1, 'user.kins',
                           order_by => 'relationship DESC', max_rows => 2);
SELECT rel_count('regress_hostile.t', 1, 'kins');
-- DDL on its own table, so that relnav's event triggers run
ALTER TABLE regress_hostile.t ADD COLUMN extra integer;
ALTER TABLE regress_hostile.t RENAME COLUMN user_id TO owner_id;
ALTER TABLE regress_hostile.t DROP COLUMN spare;
SELECT * FROM rel_navigate('regress_hostile.t', 1, 'user');
SELECT rel_drop('regress_hostile.t', 'user');
ALTER TABLE regress_hostile.t DROP COLUMN owner_id CASCADE;
DROP TABLE regress_hostile.t;
SET search_path = privileges, public;
RESET ROLE;

-- nothing of the role's was called, and it is no superuser
SELECT what, called_by, superuser FROM regress_hostile.marker ORDER BY 1, 2;
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_relnav_hostile';
-- relnav's own catalog is what it was, the role's copy untouched
SELECT source, name, target FROM rel_relationships
 WHERE source::text IN ('users', 'kins', 'appointments')
 ORDER BY source::text COLLATE "C", name COLLATE "C";
SELECT count(*) FROM regress_hostile.relationships
 WHERE target = 'appointments'::regclass;

----------------------------------------------------------------------------

-- ddl.sql shows the NOTICEs of dropped declarations; here they are noise
SET client_min_messages = warning;
DROP SCHEMA regress_hostile CASCADE;
DROP SCHEMA privileges_hidden CASCADE;
DROP SCHEMA privileges CASCADE;
DROP ROLE regress_relnav_none, regress_relnav_reader, regress_relnav_cols,
    regress_relnav_keycols, regress_relnav_rls, regress_relnav_owner,
    regress_relnav_hostile;
RESET client_min_messages;
RESET search_path;
