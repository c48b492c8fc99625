/*
 * navigate.h
 *		Compiling a path of relationships into one statement.
 */
#ifndef RELNAV_NAVIGATE_H
#define RELNAV_NAVIGATE_H

#include "plancache.h"

typedef enum RelnavOutput
{
	RELNAV_OUTPUT_JSONB,		/* to_jsonb(row) per target row */
	RELNAV_OUTPUT_ROW,			/* the whole target row */
	RELNAV_OUTPUT_COUNT			/* count(*) of target rows */
} RelnavOutput;

/* A path resolved against the catalog, hop by hop. */
typedef struct RelnavPath
{
	Oid			source;
	int			nhops;
	const RelnavDecl **hops;
	bool		scalar;			/* every hop is scalar */
} RelnavPath;

/*
 * Parse path and look up each hop starting from source; adds every table
 * involved to plan's dependencies when plan is not NULL.  SPI connected.
 */
extern RelnavPath *relnav_resolve_path(Oid source, const char *path,
									   RelnavPlan *plan);

/* The target table of a resolved path. */
static inline Oid
relnav_path_target(const RelnavPath *path)
{
	return path->hops[path->nhops - 1]->target;
}

/*
 * Append to from and where the joins of every hop of path, from the source
 * aliased "<prefix>0" up to the last target aliased right_alias, which the
 * caller has in an outer query.  Hops are aliased <prefix>1.., secondaries
 * <prefix>s1...  With key_exprs (see navigate_key_starts_path), the first
 * hop starts from those expressions and the source table is not joined:
 * its row is checked with EXISTS when check_source, else by the caller.
 */
extern void relnav_append_path_joins(StringInfo from, StringInfo where,
									 const RelnavPath *path,
									 const char *prefix,
									 const char *right_alias,
									 char **key_exprs, bool check_source);

/*
 * Append "(SELECT k1.., min(ord) AS ord FROM ROWS FROM (unnest($1)..) ...
 * GROUP BY k1..)": every distinct key of the key arrays $1..$nkeys, with
 * its first position.  Sets the plan's parameter types.
 */
extern void relnav_append_distinct_keys(StringInfo sql, RelnavPlan *plan);

#endif							/* RELNAV_NAVIGATE_H */
