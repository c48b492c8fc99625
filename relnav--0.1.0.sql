/* relnav--0.1.0.sql: catalog, triggers, declaring and navigating */

\echo Use "CREATE EXTENSION relnav" to load this file. \quit

/*
 * Internal schema.  Its name is fixed because the C code names the catalog;
 * the public functions live in the extension's schema.
 */
CREATE SCHEMA _relnav;
GRANT USAGE ON SCHEMA _relnav TO PUBLIC;

/*
 * One row per declared relationship.  Tables are regclass and columns are
 * attribute numbers, so renames cannot break a declaration.  The *_columns
 * name arrays repeat the attribute numbers by name: pg_dump carries them
 * (attribute numbers do not survive a dump), a BEFORE INSERT trigger turns
 * them back into attribute numbers on restore, and an event trigger keeps
 * them current after a column is renamed.
 */
CREATE TABLE _relnav.relationships (
    source                    regclass NOT NULL,
    name                      text     NOT NULL CHECK (name <> ''),
    target                    regclass NOT NULL,
    kind                      text     NOT NULL
        CHECK (kind IN ('many_to_one', 'one_to_many', 'one_to_one', 'many_to_many')),
    secondary                 regclass,
    back_populates            text,
    source_columns            name[]   NOT NULL,
    target_columns            name[]   NOT NULL,
    secondary_source_columns  name[],
    secondary_target_columns  name[],
    order_columns             name[],
    -- per order_by item: bit 1 = DESC, bit 2 = NULLS FIRST
    order_flags               int2[],
    source_attnums            int2[]   NOT NULL,
    target_attnums            int2[]   NOT NULL,
    secondary_source_attnums  int2[],
    secondary_target_attnums  int2[],
    order_attnums             int2[],
    PRIMARY KEY (source, name),
    CHECK ((kind = 'many_to_many') = (secondary IS NOT NULL))
);
SELECT pg_catalog.pg_extension_config_dump('_relnav.relationships', '');
REVOKE ALL ON _relnav.relationships FROM PUBLIC;
GRANT SELECT ON _relnav.relationships TO PUBLIC;

CREATE FUNCTION _relnav.resolve_columns() RETURNS trigger
    AS 'MODULE_PATHNAME', 'relnav_resolve_columns' LANGUAGE C;
CREATE TRIGGER resolve_columns BEFORE INSERT ON _relnav.relationships
    FOR EACH ROW EXECUTE FUNCTION _relnav.resolve_columns();

CREATE FUNCTION _relnav.catalog_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'relnav_catalog_changed' LANGUAGE C;
CREATE TRIGGER catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON _relnav.relationships
    FOR EACH STATEMENT EXECUTE FUNCTION _relnav.catalog_changed();

CREATE FUNCTION _relnav.column_names(regclass, int2[]) RETURNS name[]
    AS 'MODULE_PATHNAME', 'relnav_column_names' LANGUAGE C STABLE STRICT;
CREATE FUNCTION _relnav.order_by_text(regclass, int2[], int2[]) RETURNS text
    AS 'MODULE_PATHNAME', 'relnav_order_by_text' LANGUAGE C STABLE STRICT;

CREATE FUNCTION _relnav.on_sql_drop() RETURNS event_trigger
    AS 'MODULE_PATHNAME', 'relnav_on_sql_drop' LANGUAGE C;
CREATE EVENT TRIGGER relnav_sql_drop ON sql_drop
    EXECUTE FUNCTION _relnav.on_sql_drop();

CREATE FUNCTION _relnav.on_ddl_end() RETURNS event_trigger
    AS 'MODULE_PATHNAME', 'relnav_on_ddl_end' LANGUAGE C;
CREATE EVENT TRIGGER relnav_ddl_end ON ddl_command_end
    WHEN TAG IN ('ALTER TABLE', 'ALTER VIEW', 'ALTER MATERIALIZED VIEW',
                 'ALTER FOREIGN TABLE')
    EXECUTE FUNCTION _relnav.on_ddl_end();

/* Declaring */

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
                            order_by text DEFAULT NULL)
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_declare' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION rel_declare(regclass, text, regclass, regclass, text, boolean,
                                text, text, text[], text[], text[], text[], text) IS
    'declare a relationship from source to target, inferred from foreign keys or from the columns given';

CREATE FUNCTION rel_drop(source regclass, name text, if_exists boolean DEFAULT false)
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_drop' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION rel_drop(regclass, text, boolean) IS
    'remove a declared relationship';

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
       _relnav.order_by_text(r.target, r.order_attnums, r.order_flags) AS order_by
  FROM _relnav.relationships r;
GRANT SELECT ON rel_relationships TO PUBLIC;
COMMENT ON VIEW rel_relationships IS 'every declared relationship, under today''s table and column names';

/*
 * Navigating.  Every function taking a key "any" has a twin taking text: an
 * untyped statement parameter cannot resolve against "any" alone, and with
 * the twin it resolves to text, which the C code converts to the key type.
 */

CREATE FUNCTION rel_navigate(source regclass, key "any", path text,
                             order_by text DEFAULT NULL, max_rows bigint DEFAULT NULL)
    RETURNS SETOF jsonb
    AS 'MODULE_PATHNAME', 'rel_navigate' LANGUAGE C STABLE;
CREATE FUNCTION rel_navigate(source regclass, key text, path text,
                             order_by text DEFAULT NULL, max_rows bigint DEFAULT NULL)
    RETURNS SETOF jsonb
    AS 'MODULE_PATHNAME', 'rel_navigate' LANGUAGE C STABLE;
COMMENT ON FUNCTION rel_navigate(regclass, "any", text, text, bigint) IS
    'rows reached from one source row along a path of relationships, as jsonb';
COMMENT ON FUNCTION rel_navigate(regclass, text, text, text, bigint) IS
    'rows reached from one source row along a path of relationships, as jsonb (key given as text)';

CREATE FUNCTION rel_rows(target anyelement, source regclass, key "any", path text,
                         order_by text DEFAULT NULL, max_rows bigint DEFAULT NULL)
    RETURNS SETOF anyelement
    AS 'MODULE_PATHNAME', 'rel_rows' LANGUAGE C STABLE;
CREATE FUNCTION rel_rows(target anyelement, source regclass, key text, path text,
                         order_by text DEFAULT NULL, max_rows bigint DEFAULT NULL)
    RETURNS SETOF anyelement
    AS 'MODULE_PATHNAME', 'rel_rows' LANGUAGE C STABLE;
COMMENT ON FUNCTION rel_rows(anyelement, regclass, "any", text, text, bigint) IS
    'rows reached from one source row along a path of relationships, typed as the target table';
COMMENT ON FUNCTION rel_rows(anyelement, regclass, text, text, text, bigint) IS
    'rows reached from one source row along a path of relationships, typed as the target table (key given as text)';

CREATE FUNCTION rel_count(source regclass, key "any", path text)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'rel_count' LANGUAGE C STABLE;
CREATE FUNCTION rel_count(source regclass, key text, path text)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'rel_count' LANGUAGE C STABLE;
COMMENT ON FUNCTION rel_count(regclass, "any", text) IS
    'number of rows reached from one source row along a path of relationships';
COMMENT ON FUNCTION rel_count(regclass, text, text) IS
    'number of rows reached from one source row along a path of relationships (key given as text)';
