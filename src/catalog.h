/*
 * catalog.h
 *		Declared relationships: their in-memory form, the backend-local
 *		cache of them, and writes to the catalog table.
 */
#ifndef RELNAV_CATALOG_H
#define RELNAV_CATALOG_H

#include "access/attnum.h"

#define RELNAV_SCHEMA "_relnav"
#define RELNAV_CATALOG_TABLE "relationships"
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
	bool		viewonly;		/* links refused (rel_declare's viewonly) */
} RelnavDecl;

extern const char *relnav_kind_name(RelnavKind kind);

/* Copy an int2[] datum (attribute numbers) into out; the element count. */
extern int	relnav_int2_array(Datum datum, bool isnull, int16 *out);

/* Do two lists of column pairs (a1[i], a2[i]) hold the same pairs? */
extern bool relnav_same_column_pairs(int n, const AttrNumber *a1, const AttrNumber *a2,
									 int m, const AttrNumber *b1, const AttrNumber *b2);
extern bool relnav_kind_from_name(const char *name, RelnavKind *kind);
extern bool relnav_kind_is_scalar(RelnavKind kind);

/*
 * Look up a declaration in the backend cache, reading the catalog (with
 * the latest snapshot) on a miss.  Returns NULL when none exists
 * (missing_ok) or raises the standard "does not exist" error.  Caller must
 * be connected to SPI and should hold a lock on source, so that a
 * concurrent change to its declarations has committed or not begun.  The
 * result stays valid until the next flush, which only happens between
 * top-level relnav calls.
 */
extern const RelnavDecl *relnav_decl_lookup(Oid source, const char *name,
											bool missing_ok);

/* Read one declaration from the catalog, uncached; NULL if none.  SPI. */
extern RelnavDecl *relnav_decl_read(Oid source, const char *name);

/* Raise the one error for an undeclared name (42704, HINT lists names). */
extern void relnav_error_undeclared(Oid source, const char *name) pg_attribute_noreturn();

/* Comma-separated list of names declared on source, or NULL. */
extern char *relnav_declared_names(Oid source);

/* Oid of the catalog table, or InvalidOid when the extension is absent. */
extern Oid	relnav_catalog_relid(void);

/* The same, but 42704 with a HINT when the extension is absent. */
extern Oid	relnav_catalog_relid_or_error(void);

/* SPI_connect, or an internal error: it fails only on a corrupted stack. */
extern void relnav_spi_connect(void);

/* The same without any look-up (for invalidation callbacks). */
extern Oid	relnav_catalog_relid_if_known(void);

/* Forget the catalog's OID: it may have been dropped (callback-safe). */
extern void relnav_catalog_relid_forget(void);

/*
 * Run one statement on the catalog as the catalog's owner, so that callers
 * need no write privilege on it.  Caller must be connected to SPI.
 * Returns SPI_processed.
 */
extern uint64 relnav_catalog_exec(const char *sql, int nargs, Oid *argtypes,
								  Datum *values, const char *nulls,
								  int expected_rc);

/*
 * Pin search_path to "pg_catalog, pg_temp" for relnav's own queries, so that
 * no object in the caller's schemas (an operator named =, say) can stand in
 * for a built-in; returns the GUC nest level to pass to the unpin.  An error
 * in between restores the setting by itself.
 */
extern int	relnav_pin_search_path(void);
extern void relnav_unpin_search_path(int nestlevel);

/*
 * SPI_execute_with_args for relnav's own catalog queries, under the pinned
 * search_path.  Messages built around it still use the caller's.
 */
extern int	relnav_spi_execute(const char *sql, int nargs, Oid *argtypes,
							   Datum *values, const char *nulls,
							   bool read_only, long tcount);

/* Drop every cached declaration (called from plancache.c's flush). */
extern void relnav_decl_cache_reset(void);

#endif							/* RELNAV_CATALOG_H */
