/*
 * sqlgen_shape.h
 *		One SQL statement for a resolved shape, and the parameters its
 *		literals travel in.
 *
 * Literals are never part of the SQL text.  Each literal type of a shape
 * gets one array parameter after the key parameters, and a literal is an
 * element of its type's array ($3[2]), converted by the type's input
 * function when the statement is called.  A type without an array type
 * (an array type itself, say) travels as text in the text array and is
 * cast in SQL; it is converted once at binding too, so that a bad literal
 * fails before the statement runs, whatever rows it meets.
 */
#ifndef RELNAV_SQLGEN_SHAPE_H
#define RELNAV_SQLGEN_SHAPE_H

#include "fmgr.h"
#include "sqlgen.h"
#include "shape.h"

/* A type literals convert to. */
typedef struct ShapeParamType
{
	Oid			type;
	Oid			typioparam;
	FmgrInfo	input;
} ShapeParamType;

/* One array parameter. */
typedef struct ShapeParamGroup
{
	int			paramno;
	Oid			elemtype;
	Oid			arraytype;
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	int			nvalues;
} ShapeParamGroup;

/* Where one literal goes. */
typedef struct ShapeParamSlot
{
	int			type;			/* index into types */
	int			group;			/* index into groups */
	int			element;		/* 1-based index into the group's array */
} ShapeParamSlot;

/* What a plan needs to bind a shape's literals: the plan's extra. */
typedef struct ShapeParams
{
	int			nslots;			/* = the shape's number of literals */
	ShapeParamSlot *slots;
	int			ntypes;
	ShapeParamType *types;
	int			ngroups;
	ShapeParamGroup *groups;
} ShapeParams;

/*
 * Generate the statement of a resolved tree into stmt, whose source key is
 * set: rel_fetch's (one key: $1..$nkeys) or, when many, rel_fetch_many's
 * (one array per key column).  Sets stmt->sql, the parameter types and
 * stmt->extra (a ShapeParams, in stmt->context).
 */
extern void relnav_shape_build_statement(RelnavStatement *stmt,
										 const ShapeTree *tree, bool many);

#endif							/* RELNAV_SQLGEN_SHAPE_H */
