/*
 * shape.h
 *		The shape of a nested document, as rel_fetch takes it:
 *
 *	   shape := item (',' item)* [WHERE condition] [ORDER BY sort (',' sort)*]
 *				[LIMIT count] [OFFSET count]
 *	   item  := '*' | [alias ':'] column | [alias ':'] aggregate
 *			  | [alias ':'] relationship [quantifier] '(' shape ')'
 *	   quantifier := '+' | '{' n '}' | '{' 1 ',' n '}'
 *
 * (conditions, sorts and aggregates: query.h).  Names follow SQL's
 * identifier rules (see scan.h).  Parsing is two passes: relnav_shape_parse
 * checks the syntax of the whole text and lists its literals, without
 * looking at the catalog; relnav_shape_resolve then looks every name up, so
 * that a resolved tree is ready for SQL generation (sqlgen_shape.h).
 */
#ifndef RELNAV_SHAPE_H
#define RELNAV_SHAPE_H

#include "store.h"
#include "nodes/pg_list.h"
#include "query.h"

/* Limits that keep hostile shapes from exhausting the backend. */
#define RELNAV_SHAPE_MAX_DEPTH 32
#define RELNAV_SHAPE_MAX_EMBEDS 256

typedef struct ShapeNode ShapeNode;

typedef struct ShapeColumn
{
	char	   *key;			/* the document key: alias, else name */
	char	   *name;			/* the column's name */
	AttrNumber	attnum;
} ShapeColumn;

typedef struct ShapeAggregate
{
	char	   *key;			/* alias, else the function's name */
	bool		aliased;
	QueryAggregate *aggregate;
} ShapeAggregate;

typedef struct ShapeEmbed
{
	char	   *key;			/* alias, or the relationship's name */
	char	   *relationship;
	const RelnavDecl *decl;		/* pass two */
	ShapeNode  *child;
	/*
	 * A quantified embed nests the relationship's rows as a tree: each
	 * row's document holds its own, down to levels (-1: the leaves).
	 */
	bool		recursive;
	int			levels;
} ShapeEmbed;

struct ShapeNode
{
	Oid			relid;			/* the table this level's rows come from */
	bool		star;			/* '*': every column */
	List	   *columns;		/* ShapeColumn; after pass two, only those
								 * '*' does not already show, each once */
	List	   *aggregates;		/* ShapeAggregate */
	List	   *embeds;			/* ShapeEmbed */
	QueryCond  *where;			/* NULL: every row */
	List	   *order;			/* QuerySort; NIL: the default order */
	QueryLiteral *limit;		/* NULL: none */
	QueryLiteral *offset;
};

typedef struct ShapeTree
{
	const char *text;
	ShapeNode  *root;
	List	   *literals;		/* QueryLiteral, in order of appearance */
} ShapeTree;

/* Pass one: syntax (42601, 54001).  Reads no catalog. */
extern ShapeTree *relnav_shape_parse(const char *shape);

/*
 * Pass two: resolve tree's names for rows of relid (42703, 42704, 42701,
 * and the type checks of query.h).  Every table met is passed to
 * add_dependency (may be NULL).  Caller must be connected to SPI.
 */
extern void relnav_shape_resolve(ShapeTree *tree, Oid relid,
								 void (*add_dependency) (void *arg, Oid relid),
								 void *arg);

/*
 * The shape's text with every literal replaced by '?': what identifies its
 * statement.  Shapes that differ only in their literals normalize alike,
 * and two shapes that normalize alike differ only in their literals: no
 * token of a valid shape is a '?' (one may stand inside a quoted name).
 */
extern char *relnav_shape_normalize(const ShapeTree *tree);

#endif							/* RELNAV_SHAPE_H */
