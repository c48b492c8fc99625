/*
 * shape.h
 *		The shape of a nested document, as rel_fetch takes it:
 *
 *	   shape := item (',' item)*
 *	   item  := '*' | column | [alias ':'] relationship '(' shape ')'
 *
 * Names follow SQL's identifier rules (see ident.h).  Parsing resolves every
 * column and relationship against the catalog, so a parsed shape is ready
 * for SQL generation.
 */
#ifndef RELNAV_SHAPE_H
#define RELNAV_SHAPE_H

#include "store.h"
#include "nodes/pg_list.h"

/* Limits that keep hostile shapes from exhausting the backend. */
#define RELNAV_SHAPE_MAX_DEPTH 32
#define RELNAV_SHAPE_MAX_EMBEDS 256

typedef struct ShapeNode ShapeNode;

typedef struct ShapeColumn
{
	char	   *name;			/* the column's name: the document key */
	AttrNumber	attnum;
} ShapeColumn;

typedef struct ShapeEmbed
{
	char	   *key;			/* alias, or the relationship's name */
	const RelnavDecl *decl;
	ShapeNode  *child;
} ShapeEmbed;

struct ShapeNode
{
	Oid			relid;			/* the table this level's rows come from */
	bool		star;			/* '*': every column */
	List	   *columns;		/* ShapeColumn, without duplicates */
	List	   *embeds;			/* ShapeEmbed */
};

/*
 * Parse shape for rows of relid.  Every table met is passed to
 * add_dependency (may be NULL).  Caller must be connected to SPI (the
 * catalog is read for relationships).
 */
extern ShapeNode *relnav_parse_shape(const char *shape, Oid relid,
									 void (*add_dependency) (void *arg, Oid relid),
									 void *arg);

#endif							/* RELNAV_SHAPE_H */
