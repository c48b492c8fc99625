/* relnav--0.2.0--0.3.0.sql: object labels, privileges, read-only relationships */

\echo Use "ALTER EXTENSION relnav UPDATE TO '0.3.0'" to load this file. \quit

COMMENT ON SCHEMA _relnav IS
    'relnav''s internal objects: the catalog of declared relationships and its helpers; not part of the interface';
COMMENT ON TABLE _relnav.relationships IS
    'one row per declared relationship, by table OID and attribute numbers; written only by rel_declare, rel_drop, rel_reflect and relnav''s event triggers; read it through the rel_relationships view';

/*
 * Dumps carry only rows whose tables exist and are permanent: a row left
 * behind by a table dropped with event triggers disabled, or on another
 * session's temporary table (declared before 0.3.0 refused them), could
 * only fail on restore.  The catalog's insert trigger skips what still
 * does not resolve there.
 */
SELECT pg_catalog.pg_extension_config_dump('_relnav.relationships',
    'WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_class c'
    '  WHERE c.oid OPERATOR(pg_catalog.=) ANY (ARRAY[source, target, secondary]::pg_catalog.oid[])'
    '  AND c.relpersistence OPERATOR(pg_catalog.=) ''t'')'
    ' AND EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) source::pg_catalog.oid)'
    ' AND EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) target::pg_catalog.oid)'
    ' AND (secondary IS NULL OR EXISTS (SELECT FROM pg_catalog.pg_class c'
    '  WHERE c.oid OPERATOR(pg_catalog.=) secondary::pg_catalog.oid))');

/*
 * Triggers and event triggers run whatever the caller's privileges; nobody
 * needs to call them directly.  The view's helpers stay executable by all:
 * a view's function calls are checked against the querying role.
 */
REVOKE EXECUTE ON FUNCTION _relnav.resolve_columns() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION _relnav.catalog_changed() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION _relnav.on_sql_drop() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION _relnav.on_ddl_end() FROM PUBLIC;
ALTER FUNCTION _relnav.column_names(regclass, int2[]) PARALLEL SAFE;
ALTER FUNCTION _relnav.order_by_text(regclass, int2[], int2[]) PARALLEL SAFE;

/*
 * Readers: each runs one SPI statement or a few (COST 100, where a plain C
 * function is 1), and a set-returning one yields a handful of rows (ROWS
 * 10, not the default 1000 that made a many_to_one look like a scan).
 * PARALLEL RESTRICTED: they read relnav's catalog and keep plans, which a
 * parallel worker cannot do, but a parallel scan may run below them and
 * the leader call them.  Writers stay PARALLEL UNSAFE.
 */
ALTER FUNCTION rel_navigate(regclass, "any", text, text, bigint) COST 100 ROWS 10 PARALLEL RESTRICTED;
ALTER FUNCTION rel_navigate(regclass, text, text, text, bigint) COST 100 ROWS 10 PARALLEL RESTRICTED;
ALTER FUNCTION rel_rows(anyelement, regclass, "any", text, text, bigint) COST 100 ROWS 10 PARALLEL RESTRICTED;
ALTER FUNCTION rel_rows(anyelement, regclass, text, text, text, bigint) COST 100 ROWS 10 PARALLEL RESTRICTED;
ALTER FUNCTION rel_count(regclass, "any", text) COST 100 PARALLEL RESTRICTED;
ALTER FUNCTION rel_count(regclass, text, text) COST 100 PARALLEL RESTRICTED;
ALTER FUNCTION rel_navigate_many(regclass, anyarray, text) COST 100 ROWS 10 PARALLEL RESTRICTED;
ALTER FUNCTION rel_navigate_many(regclass, text, text) COST 100 ROWS 10 PARALLEL RESTRICTED;
ALTER FUNCTION rel_fetch(regclass, "any", text) COST 100 PARALLEL RESTRICTED;
ALTER FUNCTION rel_fetch(regclass, text, text) COST 100 PARALLEL RESTRICTED;
ALTER FUNCTION rel_fetch_many(regclass, anyarray, text) COST 100 ROWS 10 PARALLEL RESTRICTED;
ALTER FUNCTION rel_fetch_many(regclass, text, text) COST 100 ROWS 10 PARALLEL RESTRICTED;
ALTER FUNCTION rel_diagram(text) COST 100;
