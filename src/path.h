/*
 * path.h
 *		Paths of relationships ('appointments.user.kins'): resolving them
 *		against the declarations, and the navigation statements they
 *		compile to (sqlgen_path.c).
 */
#ifndef RELNAV_PATH_H
#define RELNAV_PATH_H

#include "sqlgen.h"

/*
 * A path resolved against the catalog, hop by hop.  Hop i is repeated
 * min_hops[i] to max_hops[i] times (-1: no upper bound); a plain hop is
 * 1 to 1.
 */
typedef struct RelnavPath
{
	Oid			source;
	int			nhops;
	const RelnavDecl **hops;
	int		   *min_hops;
	int		   *max_hops;
	bool		recursive;		/* some hop is quantified */
	bool		scalar;			/* every hop is scalar, none quantified */
} RelnavPath;

/*
 * Parse path and look up each hop starting from source, locking each table
 * before reading its declarations; adds every table involved to stmt's
 * dependencies when stmt is not NULL.  A quantifier on a relationship that
 * is not self-referential is 42P19.  SPI connected.
 */
extern RelnavPath *relnav_resolve_path(Oid source, const char *path,
									   RelnavStatement *stmt);

/* The target table of a resolved path. */
static inline Oid
relnav_path_target(const RelnavPath *path)
{
	return path->hops[path->nhops - 1]->target;
}

/*
 * Append to from and where the joins of every hop of path (which must not
 * be recursive), from the source
 * aliased "<prefix>0" up to the last target aliased right_alias, which the
 * caller has in an outer query.  Hops are aliased <prefix>1.., secondaries
 * <prefix>s1...
 */
extern void relnav_append_path_joins(StringInfo from, StringInfo where,
									 RelnavStatement *stmt,
									 const RelnavPath *path,
									 const char *prefix,
									 const char *right_alias);

/* Builders of RELNAV_STMT_NAVIGATE, _ROWS, _COUNT and _NAVIGATE_MANY. */
extern void relnav_build_navigate(RelnavStatement *stmt, void *arg);
extern void relnav_build_navigate_many(RelnavStatement *stmt, void *arg);

#endif							/* RELNAV_PATH_H */
