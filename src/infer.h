/*
 * infer.h
 *		Working out a relationship's join and kind from foreign keys, the way
 *		SQLAlchemy's relationship() does without foreign_keys=.
 */
#ifndef RELNAV_INFER_H
#define RELNAV_INFER_H

#include "store.h"
#include "nodes/pg_list.h"

/* One foreign key constraint, by attribute numbers. */
typedef struct RelnavForeignKey
{
	char	   *name;
	Oid			conrelid;		/* the referencing table */
	Oid			confrelid;		/* the referenced table */
	int			ncolumns;
	AttrNumber	conkey[RELNAV_MAX_COLUMNS];
	AttrNumber	confkey[RELNAV_MAX_COLUMNS];
} RelnavForeignKey;

/*
 * Foreign keys (RelnavForeignKey, partition copies excluded) from
 * referencing to referenced, or of every table in namespace nspid; an
 * InvalidOid argument means any.  Ordered by table and constraint name.
 * SPI connected.
 */
extern List *relnav_foreign_keys(Oid referencing, Oid referenced, Oid nspid);

/*
 * Fill in decl's kind and columns for a direct relationship (no secondary)
 * from the foreign keys between decl->source and decl->target.
 * foreign_key (or NULL) picks a constraint by name; kind (or NULL) picks a
 * direction.  Errors name the candidates when the choice is ambiguous.
 * SPI connected.
 */
extern void relnav_infer_direct(RelnavDecl *decl, const char *foreign_key,
								const RelnavKind *kind);

/* The same for a many-to-many through decl->secondary. */
extern void relnav_infer_secondary(RelnavDecl *decl, const char *foreign_key);

#endif							/* RELNAV_INFER_H */
