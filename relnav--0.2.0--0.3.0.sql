/* relnav--0.2.0--0.3.0.sql */

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
