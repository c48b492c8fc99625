/* relnav--0.2.0--0.3.0.sql: scalar guards, recursive embeds, object labels, privileges, read-only relationships */

\echo Use "ALTER EXTENSION relnav UPDATE TO '0.3.0'" to load this file. \quit

/*
 * Raised by generated statements once they have found two rows through a
 * scalar relationship; a 21000 raised by anything else in a statement stays
 * PostgreSQL's own.  VOLATILE, so that the planner never evaluates it ahead
 * of the CASE that guards it.
 */
CREATE FUNCTION _relnav.scalar_overflow(source regclass, name text, kind text)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'relnav_scalar_overflow' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION _relnav.scalar_overflow(regclass, text, text) IS
    'raises the error of a scalar relationship that found more than one row (internal)';

/*
 * The keys of a rel_fetch_many expanded into the statement that calls it
 * (relnav.inline) go through this: the call's own check that they are one
 * array of one dimension.
 */
CREATE FUNCTION _relnav.key_array(keys anyarray)
    RETURNS anyarray
    AS 'MODULE_PATHNAME', 'relnav_key_array' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION _relnav.key_array(anyarray) IS
    'checks that keys given as an array have one dimension (internal)';

/*
 * A key of another type than its column's, in a call expanded into the
 * statement that calls it, goes through this: the call's own conversion,
 * exact or no row (NULL).  column_type is NULL of the key column's type.
 */
CREATE FUNCTION _relnav.key_column(source regclass, part integer, key "any", column_type anyelement)
    RETURNS anyelement
    AS 'MODULE_PATHNAME', 'relnav_key_column' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION _relnav.key_column(regclass, integer, "any", anyelement) IS
    'one column of a primary key, converted from a key argument as a call converts it (internal)';

/* The same for every key of an array, as the _many functions take them. */
CREATE FUNCTION _relnav.key_column_array(source regclass, part integer, keys "any", column_type anyarray)
    RETURNS anyarray
    AS 'MODULE_PATHNAME', 'relnav_key_column_array' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION _relnav.key_column_array(regclass, integer, "any", anyarray) IS
    'one column of the primary keys in an array, converted from a keys argument as a call converts them (internal)';

/*
 * The max_rows of a rel_navigate or rel_rows expanded into the statement
 * that calls it, when not a constant, goes through this: the call's own
 * check that it is not negative.  VOLATILE: the planner estimates a LIMIT
 * by evaluating any other function of a bound parameter, and would raise
 * the error in branches that never run; the statement reads it once.
 */
CREATE FUNCTION _relnav.max_rows(max_rows bigint)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'relnav_max_rows' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION _relnav.max_rows(bigint) IS
    'checks that max_rows is not negative (internal)';

/*
 * Nesting the rows of a recursive embed ('replies+(body)'): the statement
 * walks the tree once and hands the rows over in depth-first order, each
 * with its depth; the aggregate nests them (src/tree.c).
 */
CREATE FUNCTION _relnav.tree_agg_step(internal, integer, jsonb, text, boolean, boolean)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'relnav_tree_agg_step' LANGUAGE C;
CREATE FUNCTION _relnav.tree_agg_final(internal)
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'relnav_tree_agg_final' LANGUAGE C;
CREATE AGGREGATE _relnav.tree_agg(depth integer, doc jsonb, key text, nests boolean, scalar boolean) (
    SFUNC = _relnav.tree_agg_step,
    STYPE = internal,
    FINALFUNC = _relnav.tree_agg_final
);
COMMENT ON AGGREGATE _relnav.tree_agg(integer, jsonb, text, boolean, boolean) IS
    'nests the rows of a recursive embed, given depth-first with their depth, into one document (internal)';

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

/*
 * Read-only relationships (SQLAlchemy's viewonly): rel_link and rel_unlink
 * through one are refused.  Rows declared before 0.3.0 are not read-only.
 */
ALTER TABLE _relnav.relationships ADD COLUMN viewonly boolean NOT NULL DEFAULT false;

/*
 * Conditional relationships (polymorphic associations, SQLAlchemy's extra
 * primaryjoin criteria): the condition as written, under today's column
 * names (pg_dump carries it; the BEFORE INSERT trigger computes the rest
 * from it), as a template whose columns are #attnum (which follows
 * renames), and the attribute numbers it reads (whose drop drops the
 * relationship).  The columns are those of the table holding the
 * referencing columns: the target of a one_to_many or one_to_one, the
 * source of a many_to_one, the secondary of a many_to_many.
 */
/* Today's text of a condition template, for the event triggers
   (which run as soon as the columns below exist). */
CREATE FUNCTION _relnav.condition_text(regclass, text) RETURNS text
    AS 'MODULE_PATHNAME', 'relnav_condition_text' LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION _relnav.condition_text(regclass, text) IS
    'a relationship condition''s template rendered under today''s column names (internal)';
-- PUBLIC, as _relnav.column_names: DDL of any role runs the triggers' reads
ALTER TABLE _relnav.relationships
    ADD COLUMN condition text,
    ADD COLUMN condition_template text,
    ADD COLUMN condition_attnums int2[];


/*
 * rel_declare's signature grows at the end; the C function reads the new
 * arguments only when they are there, so one library serves every version.
 */
DROP FUNCTION rel_declare(regclass, text, regclass, regclass, text, boolean,
                          text, text, text[], text[], text[], text[], text);
CREATE FUNCTION rel_declare(source regclass, name text, target regclass,
                            secondary regclass DEFAULT NULL,
                            back_populates text DEFAULT NULL,
                            uselist boolean DEFAULT NULL,
                            foreign_key text DEFAULT NULL,
                            kind text DEFAULT NULL,
                            source_columns text[] DEFAULT NULL,
                            target_columns text[] DEFAULT NULL,
                            secondary_source_columns text[] DEFAULT NULL,
                            secondary_target_columns text[] DEFAULT NULL,
                            order_by text DEFAULT NULL,
                            condition text DEFAULT NULL,
                            viewonly boolean DEFAULT false)
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_declare' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION rel_declare(regclass, text, regclass, regclass, text, boolean,
                                text, text, text[], text[], text[], text[], text,
                                text, boolean) IS
    'declare a relationship from source to target, inferred from foreign keys or from the columns given; condition narrows the join; viewonly => true refuses links through it';

/* The view shows viewonly; recreated, so that columns can go anywhere. */
DROP VIEW rel_relationships;
CREATE VIEW rel_relationships AS
SELECT r.source,
       r.name,
       r.target,
       r.kind,
       r.kind IN ('one_to_many', 'many_to_many') AS uselist,
       _relnav.column_names(r.source, r.source_attnums) AS source_columns,
       _relnav.column_names(r.target, r.target_attnums) AS target_columns,
       r.secondary,
       _relnav.column_names(r.secondary, r.secondary_source_attnums) AS secondary_source_columns,
       _relnav.column_names(r.secondary, r.secondary_target_attnums) AS secondary_target_columns,
       r.back_populates,
       _relnav.order_by_text(r.target, r.order_attnums, r.order_flags) AS order_by,
       r.condition,
       r.viewonly
  FROM _relnav.relationships r;
GRANT SELECT ON rel_relationships TO PUBLIC;
COMMENT ON VIEW rel_relationships IS 'every declared relationship, under today''s table and column names';
