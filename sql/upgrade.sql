-- relnav 0.1.0 (declaring, navigating) updates in place to 0.2.0 (batches,
-- nested documents, links, reflection, diagrams) and on to 0.3.0 (object
-- labels and privileges, read-only relationships): declarations made under
-- an old version keep working at every step, and the updated extension has
-- exactly the objects of a fresh install, with the same properties.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS relnav;
RESET client_min_messages;
CREATE SCHEMA upgrade;
SET search_path = upgrade, public;
\set ECHO none
\i test/clinic.sql
\set ECHO all

CREATE EXTENSION relnav VERSION '0.1.0';
-- what makes up the extension: its members, and the properties of each
-- that an update script can change
CREATE FUNCTION upgrade.extension_shape() RETURNS SETOF text LANGUAGE sql AS $$
    SELECT 'member ' || pg_describe_object(classid, objid, objsubid)
      FROM pg_depend
     WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
       AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'relnav')
    UNION ALL
    SELECT format('function %s: volatile %s, strict %s, parallel %s, cost %s, rows %s, acl %s, comment %s',
                  p.oid::regprocedure, p.provolatile, p.proisstrict, p.proparallel,
                  p.procost, p.prorows, p.proacl, obj_description(p.oid, 'pg_proc'))
      FROM pg_proc p
     WHERE p.pronamespace IN ('_relnav'::regnamespace,
                              (SELECT extnamespace FROM pg_extension WHERE extname = 'relnav'))
       AND (p.proname LIKE 'rel\_%' OR p.pronamespace = '_relnav'::regnamespace)
    UNION ALL
    SELECT format('catalog column %s %s, not null %s, default %s', a.attname,
                  format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  pg_get_expr(d.adbin, d.adrelid))
      FROM pg_attribute a
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = '_relnav.relationships'::regclass AND a.attnum > 0
       AND NOT a.attisdropped
    UNION ALL
    SELECT format('catalog constraint %s', pg_get_constraintdef(c.oid))
      FROM pg_constraint c WHERE c.conrelid = '_relnav.relationships'::regclass
    UNION ALL
    SELECT format('catalog trigger %s', pg_get_triggerdef(t.oid))
      FROM pg_trigger t WHERE t.tgrelid = '_relnav.relationships'::regclass
    UNION ALL
    SELECT format('catalog acl %s', c.relacl) FROM pg_class c
     WHERE c.oid = '_relnav.relationships'::regclass
    UNION ALL
    SELECT format('view %s', pg_get_viewdef('rel_relationships'::regclass))
    UNION ALL
    SELECT format('comment on schema _relnav: %s', obj_description('_relnav'::regnamespace, 'pg_namespace'))
    UNION ALL
    SELECT format('comment on catalog: %s', obj_description('_relnav.relationships'::regclass, 'pg_class'))
    UNION ALL
    SELECT format('dump filter %s', e.extcondition) FROM pg_extension e WHERE e.extname = 'relnav'
$$;

SELECT extversion FROM pg_extension WHERE extname = 'relnav';
SELECT rel_declare('users', 'kins', 'kins', back_populates => 'user', order_by => 'full_name');
SELECT rel_declare('kins', 'user', 'users', back_populates => 'kins');
SELECT rel_declare('users', 'specialities', 'specialities', secondary => 'user_speciality');
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 1, 'kins') v;

-- what 0.2.0 adds is not there yet
SELECT rel_fetch('users', 1, 'full_name, kins(full_name)');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

ALTER EXTENSION relnav UPDATE TO '0.2.0';
SELECT extversion FROM pg_extension WHERE extname = 'relnav';

-- the old declarations serve the new functions
SELECT rel_fetch('users', 1, 'full_name, kins(full_name), specialities(name)');
SELECT source_key, target->>'full_name' AS kin
  FROM rel_navigate_many('users', ARRAY[2, 1], 'kins');
SELECT rel_link('users', 5, 'specialities', 1);
SELECT v->>'name' AS speciality FROM rel_navigate('users', 5, 'specialities') v;
-- declared under 0.2.0
SELECT rel_declare('users', 'appointments', 'appointments', order_by => 'details DESC');
SELECT proname, proparallel, procost FROM pg_proc
 WHERE proname IN ('rel_count', 'rel_diagram') ORDER BY 1;

ALTER EXTENSION relnav UPDATE TO '0.3.0';
SELECT extversion FROM pg_extension WHERE extname = 'relnav';

-- every declaration is still there and works, none of them read-only
SELECT name, kind, back_populates, order_by, viewonly FROM rel_relationships
 WHERE source::text NOT LIKE '%.%' ORDER BY source::text, name;
SELECT rel_fetch('users', 1, 'full_name, kins(full_name), specialities(name), appointments(details)');
SELECT v->>'full_name' AS kin FROM rel_navigate('users', 1, 'kins') v;
SELECT rel_count('users', 5, 'specialities');
SELECT rel_unlink('users', 5, 'specialities', 1);
-- what 0.3.0 adds
SELECT rel_declare('appointments', 'user', 'users', viewonly => true);
SELECT rel_link('appointments', 1, 'user', 2);
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT proname, proparallel, procost FROM pg_proc
 WHERE proname IN ('rel_count', 'rel_diagram') ORDER BY 1;

-- the updated extension has the objects of a fresh install, no more, no
-- less, with the same properties
CREATE TEMP TABLE updated AS SELECT upgrade.extension_shape() AS item;
SET client_min_messages = warning;
DROP EXTENSION relnav;
RESET client_min_messages;
CREATE EXTENSION relnav;
SELECT extversion FROM pg_extension WHERE extname = 'relnav';
CREATE TEMP TABLE fresh AS SELECT upgrade.extension_shape() AS item;
SELECT count(*) AS items, count(*) FILTER (WHERE item LIKE 'member %') AS members FROM fresh;
(SELECT 'only after update' AS side, item FROM updated EXCEPT SELECT 'only after update', item FROM fresh)
UNION ALL
(SELECT 'only in fresh install', item FROM fresh EXCEPT SELECT 'only in fresh install', item FROM updated)
ORDER BY 1, 2;

SET client_min_messages = warning;
DROP SCHEMA upgrade CASCADE;
RESET client_min_messages;
RESET search_path;
