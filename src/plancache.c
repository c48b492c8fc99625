/*
 * plancache.c
 *		The backend-local cache of prepared statements, their pins, and
 *		their lifetime (see plancache.h).
 *
 * Memory: each plan has its own context, a child of "relnav plans" under
 * CacheMemoryContext, holding the RelnavPlan, its key and its statement;
 * freeing a plan frees its SPI plan and deletes that context.  The hash
 * maps keys (copied into "relnav plan keys") to the current plan.  A plan
 * that leaves the hash while pinned waits in `orphans` until unpinned.
 *
 * Pins live on a stack, one element per acquire, with the subtransaction
 * that took it; transaction callbacks drop the pins of what aborted, and
 * all pins at top-level end (a relnav call never spans transactions).
 * Plans are freed only outside callbacks: at release, and at the start of
 * the next acquire.
 */
#include "postgres.h"

#include "access/xact.h"
#include "common/hashfn.h"
#include "storage/lmgr.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "plancache.h"

/* Past this many entries the cache starts afresh. */
#define RELNAV_MAX_PLANS 1000

typedef struct PlanCacheEntry
{
	char	   *key;			/* must be first */
	RelnavPlan *plan;
} PlanCacheEntry;

typedef struct PlanPin
{
	RelnavPlan *plan;
	SubTransactionId subxid;
} PlanPin;

static MemoryContext plans_context = NULL;
static MemoryContext keys_context = NULL;
static HTAB *plan_cache = NULL;
static List *orphans = NIL;		/* RelnavPlan, not cached, maybe pinned */
static RelnavPlan *building = NULL; /* invalidations reach it too */
static uint64 generation = 1;
static uint64 last_build_id = 0;

static PlanPin *pins = NULL;
static int	npins = 0;
static int	maxpins = 0;

/* The hash key is a pointer to a string; these treat it as the string. */
static uint32
plancache_key_hash(const void *key, Size keysize)
{
	const char *s = *(const char *const *) key;

	return hash_bytes((const unsigned char *) s, strlen(s));
}

static int
plancache_key_match(const void *key1, const void *key2, Size keysize)
{
	return strcmp(*(const char *const *) key1, *(const char *const *) key2);
}

static void *
plancache_key_copy(void *dest, const void *src, Size keysize)
{
	*(char **) dest = MemoryContextStrdup(keys_context,
										  *(const char *const *) src);
	return dest;
}

uint64
relnav_plancache_generation(void)
{
	return generation;
}

int
relnav_plancache_pins(void)
{
	return npins;
}

static void
plancache_free(RelnavPlan *plan)
{
	Assert(plan->refcount == 0 && !plan->cached);
	if (plan->spiplan != NULL)
		SPI_freeplan(plan->spiplan);
	MemoryContextDelete(plan->stmt.context);
	generation++;
}

/* Take plan out of the cache: freed now if unpinned, else when unpinned. */
static void
plancache_detach(RelnavPlan *plan)
{
	MemoryContext oldcontext;

	plan->cached = false;
	if (plan->refcount == 0)
	{
		plancache_free(plan);
		return;
	}
	oldcontext = MemoryContextSwitchTo(plans_context);
	orphans = lappend(orphans, plan);
	MemoryContextSwitchTo(oldcontext);
}

/* Free the orphans nobody pins any more. */
static void
plancache_collect(void)
{
	ListCell   *lc;

	foreach(lc, orphans)
	{
		RelnavPlan *plan = lfirst(lc);

		if (plan->refcount == 0)
		{
			orphans = foreach_delete_current(orphans, lc);
			plancache_free(plan);
		}
	}
}

/* Start afresh: every plan leaves the cache. */
static void
plancache_evict_all(void)
{
	HASH_SEQ_STATUS status;
	PlanCacheEntry *entry;

	if (plan_cache == NULL)
		return;
	hash_seq_init(&status, plan_cache);
	while ((entry = hash_seq_search(&status)) != NULL)
		if (entry->plan != NULL)
			plancache_detach(entry->plan);
	hash_destroy(plan_cache);
	plan_cache = NULL;
	MemoryContextReset(keys_context);
}

static void
plancache_create(void)
{
	HASHCTL		ctl;

	if (plans_context == NULL)
	{
		plans_context = AllocSetContextCreate(CacheMemoryContext, "relnav plans",
											  ALLOCSET_DEFAULT_SIZES);
		keys_context = AllocSetContextCreate(plans_context, "relnav plan keys",
											 ALLOCSET_DEFAULT_SIZES);
	}
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(char *);
	ctl.entrysize = sizeof(PlanCacheEntry);
	ctl.hash = plancache_key_hash;
	ctl.match = plancache_key_match;
	ctl.keycopy = plancache_key_copy;
	ctl.hcxt = plans_context;
	plan_cache = hash_create("relnav plans", 64, &ctl,
							 HASH_ELEM | HASH_FUNCTION | HASH_COMPARE |
							 HASH_KEYCOPY | HASH_CONTEXT);
}

/*
 * Lock every table the plan reads, which delivers pending invalidations,
 * and only then tell whether it is still the valid plan for its key.
 */
static bool
plancache_usable(RelnavPlan *plan)
{
	for (int i = 0; i < plan->stmt.ndeps; i++)
		LockRelationOid(plan->stmt.deps[i], AccessShareLock);
	return plan->valid && plan->cached;
}

static void
plancache_pin(RelnavPlan *plan)
{
	if (npins == maxpins)
	{
		int			newmax = Max(16, maxpins * 2);

		pins = pins == NULL ?
			MemoryContextAlloc(TopMemoryContext, newmax * sizeof(PlanPin)) :
			repalloc(pins, newmax * sizeof(PlanPin));
		maxpins = newmax;
	}
	pins[npins].plan = plan;
	pins[npins].subxid = GetCurrentSubTransactionId();
	npins++;
	plan->refcount++;
}

void
relnav_plan_release(RelnavPlan *plan)
{
	for (int i = npins - 1; i >= 0; i--)
	{
		if (pins[i].plan != plan)
			continue;
		memmove(&pins[i], &pins[i + 1], (npins - i - 1) * sizeof(PlanPin));
		npins--;
		plan->refcount--;
		if (plan->refcount == 0 && !plan->cached)
		{
			orphans = list_delete_ptr(orphans, plan);
			plancache_free(plan);
		}
		return;
	}
	elog(ERROR, "relnav plan released without a pin");
}

/* Compile and prepare a new plan for key; see plancache.h. */
static RelnavPlan *
plancache_build(const char *key, RelnavStatementBuilder builder, void *arg)
{
	MemoryContext context = AllocSetContextCreate(plans_context, "relnav plan",
												  ALLOCSET_SMALL_SIZES);
	MemoryContext oldcontext = CurrentMemoryContext;
	RelnavPlan *plan = MemoryContextAllocZero(context, sizeof(RelnavPlan));

	plan->key = MemoryContextStrdup(context, key);
	plan->stmt.context = context;
	/* set first: an invalidation arriving while we build clears it */
	plan->valid = true;
	building = plan;
	PG_TRY();
	{
		MemoryContextSwitchTo(context);
		builder(&plan->stmt, arg);
		MemoryContextSwitchTo(oldcontext);
		/* the builder may have built it in SPI's memory (see sqlgen.h) */
		plan->stmt.sql = MemoryContextStrdup(context, plan->stmt.sql);
		ereport(DEBUG1, (errmsg_internal("relnav prepares: %s", plan->stmt.sql)));

		plan->spiplan = SPI_prepare(plan->stmt.sql, plan->stmt.nparams,
									plan->stmt.paramtypes);
		if (plan->spiplan == NULL)
			elog(ERROR, "could not prepare relnav statement: %s",
				 SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan->spiplan) != 0)
			elog(ERROR, "could not keep relnav statement");
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcontext);
		building = NULL;
		edata = CopyErrorData();
		FlushErrorState();
		if (plan->spiplan != NULL)
			SPI_freeplan(plan->spiplan);
		MemoryContextDelete(context);

		/*
		 * An error here (a privilege on a schema, say) is about the caller's
		 * tables, not about the text relnav generated: report it without
		 * pointing into that text.
		 */
		edata->internalquery = NULL;
		edata->internalpos = 0;
		edata->cursorpos = 0;
		ReThrowError(edata);
	}
	PG_END_TRY();
	building = NULL;
	plan->build_id = ++last_build_id;
	return plan;
}

RelnavPlan *
relnav_plan_acquire(const char *key, RelnavStatementBuilder builder, void *arg)
{
	PlanCacheEntry *entry;
	RelnavPlan *plan;
	bool		found;

	plancache_collect();
	if (plan_cache != NULL && hash_get_num_entries(plan_cache) >= RELNAV_MAX_PLANS)
		plancache_evict_all();
	if (plan_cache == NULL)
		plancache_create();

	entry = hash_search(plan_cache, &key, HASH_ENTER, &found);
	if (!found)
		entry->plan = NULL;
	if (entry->plan != NULL)
	{
		plan = entry->plan;
		if (plancache_usable(plan))
		{
			plancache_pin(plan);
			return plan;
		}
		entry->plan = NULL;
		plancache_detach(plan);
	}

	/*
	 * The entry stays, empty, while building (callbacks skip it), and empty
	 * if the build fails; building takes locks but never evicts, so the
	 * entry does not move.
	 */
	plan = plancache_build(key, builder, arg);
	entry->plan = plan;
	plan->cached = true;
	plancache_pin(plan);
	return plan;
}

bool
relnav_plan_repin(RelnavPlan *plan)
{
	if (!plancache_usable(plan))
		return false;
	plancache_pin(plan);
	return true;
}

void
relnav_plancache_invalidate_rel(Oid relid)
{
	HASH_SEQ_STATUS status;
	PlanCacheEntry *entry;

	if (building != NULL)
		for (int i = 0; i < building->stmt.ndeps; i++)
			if (building->stmt.deps[i] == relid)
				building->valid = false;
	if (plan_cache == NULL)
		return;
	hash_seq_init(&status, plan_cache);
	while ((entry = hash_seq_search(&status)) != NULL)
	{
		RelnavPlan *plan = entry->plan;

		for (int i = 0; plan != NULL && i < plan->stmt.ndeps; i++)
		{
			if (plan->stmt.deps[i] == relid)
			{
				plan->valid = false;
				break;
			}
		}
	}
}

void
relnav_plancache_invalidate_all(void)
{
	HASH_SEQ_STATUS status;
	PlanCacheEntry *entry;

	if (building != NULL)
		building->valid = false;
	if (plan_cache == NULL)
		return;
	hash_seq_init(&status, plan_cache);
	while ((entry = hash_seq_search(&status)) != NULL)
		if (entry->plan != NULL)
			entry->plan->valid = false;
}

/* Drop the pins taken in subxid (every pin when subxid is invalid). */
static void
plancache_drop_pins(SubTransactionId subxid)
{
	int			kept = 0;

	for (int i = 0; i < npins; i++)
	{
		if (subxid == InvalidSubTransactionId || pins[i].subxid == subxid)
			pins[i].plan->refcount--;
		else
			pins[kept++] = pins[i];
	}
	npins = kept;
}

static void
plancache_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_PREPARE:
			plancache_drop_pins(InvalidSubTransactionId);
			break;
		default:
			break;
	}
}

static void
plancache_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						   SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		plancache_drop_pins(mySubid);
	else if (event == SUBXACT_EVENT_COMMIT_SUB)
	{
		/* pins of a committed subtransaction now belong to its parent */
		for (int i = 0; i < npins; i++)
			if (pins[i].subxid == mySubid)
				pins[i].subxid = parentSubid;
	}
}

void
relnav_plancache_init(void)
{
	RegisterXactCallback(plancache_xact_callback, NULL);
	RegisterSubXactCallback(plancache_subxact_callback, NULL);
}
