/*
 * sqlgen.h
 *		Pieces of generated SQL: quoted names, equality operators, the join
 *		condition of one relationship hop, ORDER BY lists.
 *
 * Everything is built from OIDs and attribute numbers read from the
 * catalogs: identifiers are quoted, operators schema-qualified, and values
 * never appear in the text (callers bind them as $n parameters).
 */
#ifndef RELNAV_SQLGEN_H
#define RELNAV_SQLGEN_H

#include "catalog.h"
#include "lib/stringinfo.h"

/*
 * The btree equality operator comparing ltype with rtype, or InvalidOid
 * when the two types cannot be compared.
 */
extern Oid	relnav_equality_operator(Oid ltype, Oid rtype);

/* Append "AND " unless buf is empty: WHERE lists are built from pieces. */
extern void relnav_append_and(StringInfo buf);

/* Append "lalias.lcol OPERATOR(nsp.=) ralias.rcol" (errors name decl). */
extern void relnav_append_column_equality(StringInfo buf,
										  const char *lalias, Oid lrel, AttrNumber latt,
										  const char *ralias, Oid rrel, AttrNumber ratt,
										  const RelnavDecl *decl);

/*
 * Append "alias.col OPERATOR(nsp.=) expr" with the column type's own
 * equality operator; expr ($1, k.k1) has the column's type.
 */
extern void relnav_append_key_equality(StringInfo buf, const char *alias,
									   Oid relid, AttrNumber attnum,
									   const char *expr);

/*
 * Append the tables and conditions that join one hop, from rows aliased
 * left_alias (decl->source) to rows aliased right_alias (decl->target).
 * With left_exprs, the hop's source-side columns are those expressions
 * (parameters, say) instead of left_alias's columns.  The secondary table of
 * a many-to-many is added to from as sec_alias.  When target_in_from, the
 * target table is added to from too; otherwise the caller has it in an
 * outer query.  from items are comma-separated.
 */
extern void relnav_append_hop(StringInfo from, StringInfo where,
							  const RelnavDecl *decl,
							  const char *left_alias, const char *const *left_exprs,
							  const char *right_alias,
							  const char *sec_alias, bool target_in_from);

/*
 * Append " ORDER BY ..." for rows aliased alias of relid: the given order,
 * then the primary key columns not already in it, so results are stable.
 * Appends nothing when there is neither.
 */
extern void relnav_append_order_by(StringInfo buf, const char *alias, Oid relid,
								   const RelnavOrder *order);

/* The given order, then the primary key columns not already in it. */
extern void relnav_effective_order(Oid relid, const RelnavOrder *order,
								   RelnavOrder *result);

/* Append " DESC", " NULLS FIRST" and so on for one order item's flags. */
extern void relnav_append_order_direction(StringInfo buf, int16 flags);

/* Append "alias.col [DESC] [NULLS ...], ..." without the ORDER BY keyword. */
extern bool relnav_append_order_items(StringInfo buf, const char *alias,
									  Oid relid, const RelnavOrder *order);

#endif							/* RELNAV_SQLGEN_H */
