/*
 * relinfo.h
 *		What relnav needs to know about user tables: names, columns, keys,
 *		how their types compare.
 *
 * All of these read PostgreSQL's own caches (relcache and syscache); none
 * runs SQL.  Messages name tables and columns as users wrote them.
 */
#ifndef RELNAV_RELINFO_H
#define RELNAV_RELINFO_H

#include "access/attnum.h"
#include "postgres_ext.h"

/*
 * Error unless relid is a table-like relation that exists: 42P01 for an
 * OID that names nothing, 42809 for an index, a sequence, a composite type.
 */
extern void relnav_check_relation(Oid relid);

/* Name for messages: the table name as given, qualified when not visible. */
extern char *relnav_display_name(Oid relid);

/* Attribute number of a live user column named exactly name, or 0. */
extern AttrNumber relnav_column_attnum(Oid relid, const char *name);

/* Like relnav_column_attnum, but 42703 when there is no such column. */
extern AttrNumber relnav_column_attnum_or_error(Oid relid, const char *name);

/* Name of a live user column; error if it was dropped. */
extern char *relnav_column_name(Oid relid, AttrNumber attnum);

/* Type of a live user column. */
extern Oid	relnav_column_type(Oid relid, AttrNumber attnum);

/* Is the column declared NOT NULL? */
extern bool relnav_column_not_null(Oid relid, AttrNumber attnum);

/* Primary key columns in key order; false when relid has no primary key. */
extern bool relnav_primary_key(Oid relid, int *ncolumns, AttrNumber *attnums);

/*
 * Does a valid, immediate, non-partial unique index cover exactly these
 * (distinct) columns?
 */
extern bool relnav_columns_unique(Oid relid, int ncolumns,
								  const AttrNumber *attnums);

/* Error unless relid has a primary key; fills it in. */
extern void relnav_require_primary_key(Oid relid, int *ncolumns,
									   AttrNumber *attnums);

/*
 * The btree equality operator comparing ltype with rtype, or InvalidOid
 * when the two types cannot be compared.
 */
extern Oid	relnav_equality_operator(Oid ltype, Oid rtype);

/*
 * Can relid's rows be checked by an index probe (probe.h): a plain table
 * without row-level security and without inheritance children?  When so,
 * also checks USAGE on its schema, as parsing "FROM schema.source" would
 * (statements that probe do not name the source table).  The answer holds
 * until relid's relcache entry is invalidated.
 */
extern bool relnav_relation_probeable(Oid relid);

/*
 * Does a foreign key of fkrel guarantee that each of its rows whose columns
 * fkcols hold a value has a visible row of pkrel whose columns pkcols
 * (paired in order) hold the same value?  Only a validated, non-deferrable
 * constraint on exactly those pairs, comparing with the operators relnav
 * joins with, to a plain table without row-level security.  The answer
 * holds until the relcache entry of fkrel or pkrel is invalidated (changes
 * to the constraint or to pkrel's row-level security invalidate both).
 */
extern bool relnav_foreign_key_trusted(Oid fkrel, Oid pkrel, int ncolumns,
									   const AttrNumber *fkcols,
									   const AttrNumber *pkcols);

#endif							/* RELNAV_RELINFO_H */
