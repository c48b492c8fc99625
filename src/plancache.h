/*
 * plancache.h
 *		Backend-local cache of prepared relnav statements, with pins.
 *
 * Each statement relnav runs is compiled once per backend (a builder fills
 * a RelnavStatement), prepared with SPI_prepare and kept, under a string
 * key that says everything the SQL depends on.
 *
 * Lifetime.  An entry is used only while pinned: relnav_plan_acquire
 * returns it pinned, relnav_plan_release unpins it.  Invalidation (inval.c)
 * only marks entries invalid; an invalid entry is replaced at its next
 * acquire, and an entry that leaves the cache (replaced, or evicted when
 * the cache is full) is freed once nobody pins it.  So a plan is never
 * freed under a statement executing it, even when user code run by that
 * statement (a cast, a domain check, a policy) calls relnav again.  Pins
 * taken in a subtransaction that aborts are dropped with it, and every pin
 * at the end of the top-level transaction.
 *
 * Validity is checked only after the statement's tables are locked, as
 * PostgreSQL's own plan cache does: taking the locks delivers the
 * invalidations of DDL that committed meanwhile.
 */
#ifndef RELNAV_PLANCACHE_H
#define RELNAV_PLANCACHE_H

#include "executor/spi.h"

#include "sqlgen.h"

typedef struct RelnavPlan
{
	char	   *key;			/* what identifies the statement */
	RelnavStatement stmt;		/* what the builder filled in */
	SPIPlanPtr	spiplan;
	int			refcount;		/* pins */
	bool		valid;			/* cleared by invalidation */
	bool		cached;			/* still the cache's entry for key */
	uint64		build_id;		/* unique per build, for callers' caches */
} RelnavPlan;

extern void relnav_plancache_init(void);

/*
 * The pinned, valid plan for key, built by builder(stmt, arg) when missing
 * or stale.  Caller must be connected to SPI, and must release the plan.
 */
extern RelnavPlan *relnav_plan_acquire(const char *key,
									   RelnavStatementBuilder builder,
									   void *arg);

/*
 * Pin a plan the caller kept from an earlier acquire, if it is still
 * usable: its tables locked, still valid and cached.  False (and nothing
 * pinned) otherwise.  The pointer must be known to be alive: see
 * relnav_plancache_generation.
 */
extern bool relnav_plan_repin(RelnavPlan *plan);

extern void relnav_plan_release(RelnavPlan *plan);

/*
 * Bumped whenever a plan is freed.  A caller that kept a plan pointer may
 * dereference it only while this is unchanged.
 */
extern uint64 relnav_plancache_generation(void);

/* How many pins are held right now (nesting depth of relnav calls). */
extern int	relnav_plancache_pins(void);

/* Invalidation (inval.c): plans reading relid, or every plan. */
extern void relnav_plancache_invalidate_rel(Oid relid);
extern void relnav_plancache_invalidate_all(void);

#endif							/* RELNAV_PLANCACHE_H */
