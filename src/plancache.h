/*
 * plancache.h
 *		Backend-local cache of prepared relnav statements.
 *
 * Each statement relnav runs (a navigation path, later a fetch shape) is
 * generated once per backend, prepared with SPI_prepare and kept.  Entries
 * are keyed by a string that says everything the SQL depends on.  They are
 * invalidated when a table they read changes (relcache callback), when a
 * schema is renamed (syscache callback) and when any declaration changes
 * (a relcache invalidation of the catalog table), and rebuilt at next use.
 */
#ifndef RELNAV_PLANCACHE_H
#define RELNAV_PLANCACHE_H

#include "catalog.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "tcop/dest.h"

#define RELNAV_MAX_PARAMS (RELNAV_MAX_COLUMNS + 2)

typedef struct RelnavPlan RelnavPlan;

/*
 * Fills in a plan entry: sql, parameter types, dependencies and whatever
 * the caller reads back.  Runs connected to SPI.  It starts in the entry's
 * context, but every SPI call returns to SPI's own, which SPI_finish frees:
 * whatever the entry keeps must be allocated in plan->context explicitly
 * (relnav_plan_keep_decl does so for declarations).
 */
typedef void (*RelnavPlanBuilder) (RelnavPlan *plan, void *arg);

struct RelnavPlan
{
	char	   *key;			/* hash key; must be first */
	bool		valid;			/* cleared by invalidation callbacks */
	MemoryContext context;		/* holds everything the builder allocates */
	SPIPlanPtr	spiplan;
	uint64		build_id;		/* unique per build, for call-site caches */

	/* filled in by the builder */
	char	   *sql;
	int			nparams;
	Oid			paramtypes[RELNAV_MAX_PARAMS];
	int			ndeps;
	Oid		   *deps;			/* tables the statement reads */

	/* what the source key looks like (navigation and fetch) */
	Oid			source;
	int			nkeys;
	AttrNumber	key_attnums[RELNAV_MAX_COLUMNS];
	Oid			key_types[RELNAV_MAX_COLUMNS];
	char	   *key_names[RELNAV_MAX_COLUMNS];

	/* what comes back */
	Oid			target;			/* last table of a path */
	bool		scalar;			/* every hop scalar: at most one row */
	const RelnavDecl *overflow; /* scalar relationship that may find two */
	const RelnavDecl *last_hop; /* a path's last relationship */

	/* the source row is checked by an index probe (probe.c), not in sql */
	bool		probe;
	Oid			probe_index;
	RegProcedure probe_procs[RELNAV_MAX_COLUMNS];
	Oid			probe_collations[RELNAV_MAX_COLUMNS];
	void	   *extra;			/* builder-specific */
};

/* Bumped whenever cached plans may no longer be used; see fn_extra users. */
extern uint64 relnav_cache_generation;

extern void relnav_plancache_init(void);

/* How many relnav statements are executing right now (nesting depth). */
extern int	relnav_plancache_exec_depth(void);

/* Has an invalidation asked for a flush not yet carried out? */
extern bool relnav_plancache_flush_pending(void);

/*
 * Find or build the plan for key.  Caller must be connected to SPI.  The
 * result stays usable while relnav_cache_generation is unchanged and
 * plan->valid holds.
 */
extern RelnavPlan *relnav_plan_get(const char *key, RelnavPlanBuilder builder,
								   void *arg);

/* Builders call this for every table the statement reads. */
extern void relnav_plan_add_dependency(RelnavPlan *plan, Oid relid);

/*
 * Note a scalar relationship of the statement whose target columns are not
 * unique, so may find two rows (21000); the first one noted is named in
 * that error.
 */
extern void relnav_plan_note_overflow(RelnavPlan *plan, const RelnavDecl *decl);

/* A copy of decl that lives as long as the plan entry. */
extern const RelnavDecl *relnav_plan_keep_decl(RelnavPlan *plan,
											   const RelnavDecl *decl);

/* Raise 21000 naming decl, or plan's noted relationship when NULL. */
extern void relnav_plan_error_overflow(RelnavPlan *plan,
									   const RelnavDecl *decl) pg_attribute_noreturn();

/* Fill plan's key fields with source's primary key (errors if none). */
extern void relnav_plan_set_source_key(RelnavPlan *plan, Oid source);

/*
 * Execute a kept plan (read only) into dest, or into SPI_tuptable when dest
 * is NULL.  Keeps the nesting depth that tells when plans may be freed.
 */
extern int	relnav_plan_execute(RelnavPlan *plan, ParamListInfo params,
								DestReceiver *dest, uint64 tcount);

/*
 * Execute a kept plan that writes (rel_link, rel_unlink), read_only =
 * false, into SPI_tuptable; the same nesting discipline.  Only VOLATILE
 * functions may call it.
 */
extern int	relnav_plan_execute_write(RelnavPlan *plan, ParamListInfo params);

#endif							/* RELNAV_PLANCACHE_H */
