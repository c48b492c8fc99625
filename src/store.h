/*
 * store.h
 *		Declared relationships: their in-memory form, reading them from the
 *		catalog, and the backend-local cache of what was read.
 *
 * Cache lifetime: entries live in a child of CacheMemoryContext until any
 * declaration changes anywhere (the catalog's statement trigger sends a
 * relcache invalidation for the catalog table, which reaches every backend
 * at commit; inval.c then calls relnav_store_invalidate).  Look-ups return
 * copies, so a reset never pulls a declaration from under its user.
 */
#ifndef RELNAV_STORE_H
#define RELNAV_STORE_H

#include "access/attnum.h"

#include "catalog.h"

#define RELNAV_MAX_COLUMNS 32	/* INDEX_MAX_KEYS: no join needs more */

typedef enum RelnavKind
{
	RELNAV_MANY_TO_ONE,
	RELNAV_ONE_TO_MANY,
	RELNAV_ONE_TO_ONE,
	RELNAV_MANY_TO_MANY
} RelnavKind;

/* order_by item flags, as stored in the catalog's order_flags */
#define RELNAV_ORDER_DESC		 0x01
#define RELNAV_ORDER_NULLS_FIRST 0x02

/* A list of ORDER BY items on one table, by attribute number. */
typedef struct RelnavOrder
{
	int			nitems;
	AttrNumber	attnums[RELNAV_MAX_COLUMNS];
	int16		flags[RELNAV_MAX_COLUMNS];
} RelnavOrder;

/*
 * One declared relationship.  The join is
 *	 source.source_attnums = target.target_attnums  (pairwise), or for
 *	 many_to_many
 *	 source.source_attnums = secondary.secondary_source_attnums and
 *	 secondary.secondary_target_attnums = target.target_attnums.
 * ncolumns counts the source-side pairs, ntarget_columns the target-side
 * pairs (they differ only for many_to_many).
 */
typedef struct RelnavDecl
{
	Oid			source;
	char	   *name;
	Oid			target;
	RelnavKind	kind;
	Oid			secondary;		/* InvalidOid unless many_to_many */
	char	   *back_populates; /* NULL when not given */
	int			ncolumns;
	AttrNumber	source_attnums[RELNAV_MAX_COLUMNS];
	AttrNumber	secondary_source_attnums[RELNAV_MAX_COLUMNS];
	int			ntarget_columns;
	AttrNumber	secondary_target_attnums[RELNAV_MAX_COLUMNS];
	AttrNumber	target_attnums[RELNAV_MAX_COLUMNS];
	RelnavOrder order;
	char	   *condition;		/* template (condition.h), NULL when none */
	bool		viewonly;		/* links refused (rel_declare's viewonly) */
} RelnavDecl;

extern const char *relnav_kind_name(RelnavKind kind);
extern bool relnav_kind_from_name(const char *name, RelnavKind *kind);
extern bool relnav_kind_is_scalar(RelnavKind kind);

/* Copy an int2[] datum (attribute numbers) into out; the element count. */
extern int	relnav_int2_array(Datum datum, bool isnull, int16 *out);

/* Do two lists of column pairs (a1[i], a2[i]) hold the same pairs? */
extern bool relnav_same_column_pairs(int n, const AttrNumber *a1, const AttrNumber *a2,
									 int m, const AttrNumber *b1, const AttrNumber *b2);

/* A copy of decl, strings included, in mcxt. */
extern RelnavDecl *relnav_decl_copy(const RelnavDecl *decl, MemoryContext mcxt);

/*
 * Look up a declaration, in the backend cache or else in the catalog (with
 * the latest snapshot), and return a copy in the current memory context.
 * Returns NULL when none exists (missing_ok) or raises the one "does not
 * exist" error.  Caller must be connected to SPI and should hold a lock on
 * source, so that a concurrent change to its declarations has committed or
 * not begun.
 */
extern RelnavDecl *relnav_decl_lookup(Oid source, const char *name,
									  bool missing_ok);

/* Read one declaration from the catalog, uncached; NULL if none.  SPI. */
extern RelnavDecl *relnav_decl_read(Oid source, const char *name);

/* Raise the one error for an undeclared name (42704, HINT lists names). */
extern void relnav_error_undeclared(Oid source, const char *name) pg_attribute_noreturn();

/* Drop every cached declaration (inval.c; callback-safe). */
extern void relnav_store_invalidate(void);

#endif							/* RELNAV_STORE_H */
