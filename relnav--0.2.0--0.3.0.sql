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
