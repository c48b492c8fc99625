/* relnav--0.1.0--0.2.0.sql: batches, nested documents, links, reflection, diagrams */

\echo Use "ALTER EXTENSION relnav UPDATE TO '0.2.0'" to load this file. \quit

/*
 * Batch loading and nested documents.  The keys of the _many functions are
 * an array; their twins take the array's text form ('{1,2,3}'), which is
 * what an untyped statement parameter resolves to (against anyarray and
 * text[] alone it would be ambiguous).
 */

CREATE FUNCTION rel_navigate_many(source regclass, keys anyarray, path text)
    RETURNS TABLE (source_key anyelement, target jsonb)
    AS 'MODULE_PATHNAME', 'rel_navigate_many' LANGUAGE C STABLE;
CREATE FUNCTION rel_navigate_many(source regclass, keys text, path text)
    RETURNS TABLE (source_key text, target jsonb)
    AS 'MODULE_PATHNAME', 'rel_navigate_many' LANGUAGE C STABLE;
COMMENT ON FUNCTION rel_navigate_many(regclass, anyarray, text) IS
    'rows reached along a path from many source rows in one query, grouped by key in the order given';
COMMENT ON FUNCTION rel_navigate_many(regclass, text, text) IS
    'rows reached along a path from many source rows in one query (keys as an array literal)';

CREATE FUNCTION rel_fetch(source regclass, key "any", shape text DEFAULT '*')
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'rel_fetch' LANGUAGE C STABLE;
CREATE FUNCTION rel_fetch(source regclass, key text, shape text DEFAULT '*')
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'rel_fetch' LANGUAGE C STABLE;
COMMENT ON FUNCTION rel_fetch(regclass, "any", text) IS
    'one row as a nested jsonb document shaped like ''col, rel(col, rel(*))''';
COMMENT ON FUNCTION rel_fetch(regclass, text, text) IS
    'one row as a nested jsonb document (key given as text)';

CREATE FUNCTION rel_fetch_many(source regclass, keys anyarray, shape text DEFAULT '*')
    RETURNS SETOF jsonb
    AS 'MODULE_PATHNAME', 'rel_fetch_many' LANGUAGE C STABLE;
CREATE FUNCTION rel_fetch_many(source regclass, keys text, shape text DEFAULT '*')
    RETURNS SETOF jsonb
    AS 'MODULE_PATHNAME', 'rel_fetch_many' LANGUAGE C STABLE;
COMMENT ON FUNCTION rel_fetch_many(regclass, anyarray, text) IS
    'one nested jsonb document per existing key, in the order of keys';
COMMENT ON FUNCTION rel_fetch_many(regclass, text, text) IS
    'one nested jsonb document per existing key (keys as an array literal)';

/* Changing links, reflecting, drawing */

/*
 * rel_link and rel_unlink write, so they are VOLATILE, and they run as the
 * caller.  key and target_key each have a text twin, for the same reason as
 * the navigation functions: all four combinations exist, so that either key
 * may be an untyped statement parameter.
 */
CREATE FUNCTION rel_link(source regclass, key "any", name text, target_key "any")
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_link' LANGUAGE C VOLATILE;
CREATE FUNCTION rel_link(source regclass, key "any", name text, target_key text)
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_link' LANGUAGE C VOLATILE;
CREATE FUNCTION rel_link(source regclass, key text, name text, target_key "any")
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_link' LANGUAGE C VOLATILE;
CREATE FUNCTION rel_link(source regclass, key text, name text, target_key text)
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_link' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION rel_link(regclass, "any", text, "any") IS
    'link a source row to a target row through a relationship: insert the association row, or set the foreign key';
COMMENT ON FUNCTION rel_link(regclass, "any", text, text) IS
    'link a source row to a target row through a relationship (target key given as text)';
COMMENT ON FUNCTION rel_link(regclass, text, text, "any") IS
    'link a source row to a target row through a relationship (key given as text)';
COMMENT ON FUNCTION rel_link(regclass, text, text, text) IS
    'link a source row to a target row through a relationship (both keys given as text)';

CREATE FUNCTION rel_unlink(source regclass, key "any", name text, target_key "any")
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_unlink' LANGUAGE C VOLATILE;
CREATE FUNCTION rel_unlink(source regclass, key "any", name text, target_key text)
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_unlink' LANGUAGE C VOLATILE;
CREATE FUNCTION rel_unlink(source regclass, key text, name text, target_key "any")
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_unlink' LANGUAGE C VOLATILE;
CREATE FUNCTION rel_unlink(source regclass, key text, name text, target_key text)
    RETURNS void
    AS 'MODULE_PATHNAME', 'rel_unlink' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION rel_unlink(regclass, "any", text, "any") IS
    'unlink a source row from a target row: delete the association row, or empty the foreign key';
COMMENT ON FUNCTION rel_unlink(regclass, "any", text, text) IS
    'unlink a source row from a target row (target key given as text)';
COMMENT ON FUNCTION rel_unlink(regclass, text, text, "any") IS
    'unlink a source row from a target row (key given as text)';
COMMENT ON FUNCTION rel_unlink(regclass, text, text, text) IS
    'unlink a source row from a target row (both keys given as text)';

CREATE FUNCTION rel_reflect(schema regnamespace DEFAULT 'public')
    RETURNS integer
    AS 'MODULE_PATHNAME', 'rel_reflect' LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION rel_reflect(regnamespace) IS
    'declare the relationships that the schema''s foreign keys imply, with back_populates pairs; returns how many were added';

CREATE FUNCTION rel_diagram(format text DEFAULT 'mermaid')
    RETURNS text
    AS 'MODULE_PATHNAME', 'rel_diagram' LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION rel_diagram(text) IS
    'the declared relationships as a Mermaid erDiagram (''mermaid'') or a Graphviz digraph (''dot''), in crow''s foot notation';
