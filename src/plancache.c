/*
 * plancache.c
 *		The backend-local cache of prepared statements, and its invalidation.
 *
 * Lifetime: entries and their kept SPI plans live until a flush (any
 * declaration changed, a schema was renamed, a cache reset, or the cache
 * grew past RELNAV_MAX_PLANS) or until their entry is rebuilt after one of
 * its tables changed.  Invalidation callbacks only mark: they can run in the
 * middle of our own work, when a lock is taken.  Plans are freed only
 * between top-level relnav calls (exec_depth == 0), because a relnav call
 * can run inside the statement of another one (a policy or a function that
 * calls relnav) and that outer statement may be executing the plan.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "nodes/params.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "plancache.h"
#include "relinfo.h"

#define RELNAV_MAX_PLANS 1000

uint64		relnav_cache_generation = 1;

static MemoryContext plan_cache_context = NULL;
static HTAB *plan_cache = NULL;
static bool flush_pending = false;
static int	exec_depth = 0;
static List *retired_plans = NIL;	/* SPI plans freed at depth 0 */
static uint64 last_build_id = 0;

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
	*(char **) dest = MemoryContextStrdup(plan_cache_context,
										  *(const char *const *) src);
	return dest;
}

static void
plancache_retire(SPIPlanPtr spiplan)
{
	MemoryContext oldcontext;

	if (spiplan == NULL)
		return;
	if (exec_depth == 0)
	{
		SPI_freeplan(spiplan);
		return;
	}
	oldcontext = MemoryContextSwitchTo(CacheMemoryContext);
	retired_plans = lappend(retired_plans, spiplan);
	MemoryContextSwitchTo(oldcontext);
}

/* Free everything; only at depth 0. */
static void
plancache_flush(void)
{
	ListCell   *lc;

	Assert(exec_depth == 0);
	if (plan_cache != NULL)
	{
		HASH_SEQ_STATUS status;
		RelnavPlan *plan;

		hash_seq_init(&status, plan_cache);
		while ((plan = hash_seq_search(&status)) != NULL)
		{
			if (plan->spiplan != NULL)
				SPI_freeplan(plan->spiplan);
		}
	}
	foreach(lc, retired_plans)
		SPI_freeplan((SPIPlanPtr) lfirst(lc));
	list_free(retired_plans);
	retired_plans = NIL;

	if (plan_cache_context != NULL)
		MemoryContextReset(plan_cache_context);
	plan_cache = NULL;
	relnav_decl_cache_reset();
	flush_pending = false;
	/* know the catalog again at once, so its next change is recognised */
	(void) relnav_catalog_relid();
}

static void
plancache_request_flush(void)
{
	flush_pending = true;
	relnav_cache_generation++;
}

static void
plancache_relcache_callback(Datum arg, Oid relid)
{
	HASH_SEQ_STATUS status;
	RelnavPlan *plan;

	if (!OidIsValid(relid) || relid == relnav_catalog_relid_if_known())
	{
		/* the catalog may be gone (DROP EXTENSION): look it up again */
		relnav_catalog_relid_forget();
		plancache_request_flush();
		return;
	}
	if (plan_cache == NULL)
		return;
	hash_seq_init(&status, plan_cache);
	while ((plan = hash_seq_search(&status)) != NULL)
	{
		for (int i = 0; i < plan->ndeps; i++)
		{
			if (plan->deps[i] == relid)
			{
				plan->valid = false;
				break;
			}
		}
	}
}

static void
plancache_syscache_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	/* a renamed schema changes the text of every statement naming it */
	plancache_request_flush();
}

int
relnav_plancache_exec_depth(void)
{
	return exec_depth;
}

bool
relnav_plancache_flush_pending(void)
{
	return flush_pending;
}

void
relnav_plancache_init(void)
{
	CacheRegisterRelcacheCallback(plancache_relcache_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(NAMESPACEOID, plancache_syscache_callback,
								  (Datum) 0);
}

void
relnav_plan_add_dependency(RelnavPlan *plan, Oid relid)
{
	for (int i = 0; i < plan->ndeps; i++)
		if (plan->deps[i] == relid)
			return;
	if (plan->deps == NULL)
		plan->deps = MemoryContextAlloc(plan->context, sizeof(Oid) * 8);
	else if ((plan->ndeps & (plan->ndeps - 1)) == 0 && plan->ndeps >= 8)
		plan->deps = repalloc(plan->deps, sizeof(Oid) * plan->ndeps * 2);
	plan->deps[plan->ndeps++] = relid;
}

const RelnavDecl *
relnav_plan_keep_decl(RelnavPlan *plan, const RelnavDecl *decl)
{
	RelnavDecl *copy = MemoryContextAlloc(plan->context, sizeof(RelnavDecl));

	memcpy(copy, decl, sizeof(RelnavDecl));
	copy->name = MemoryContextStrdup(plan->context, decl->name);
	if (decl->back_populates != NULL)
		copy->back_populates = MemoryContextStrdup(plan->context, decl->back_populates);
	return copy;
}

void
relnav_plan_note_overflow(RelnavPlan *plan, const RelnavDecl *decl)
{
	if (plan->overflow == NULL &&
		!relnav_columns_unique(decl->target, decl->ntarget_columns,
							   decl->target_attnums))
		plan->overflow = relnav_plan_keep_decl(plan, decl);
}

static void
plancache_overflow_error_fields(const RelnavDecl *decl)
{
	errmsg("relationship \"%s\" on table \"%s\" found more than one row",
		   decl->name, relnav_display_name(decl->source));
	errdetail("Relationship \"%s\" is %s, so it reaches at most one row from each row.",
			  decl->name, relnav_kind_name(decl->kind));
	if (decl->kind == RELNAV_MANY_TO_ONE)
		errhint("Its target columns are not unique: join on a unique key, or make them unique.");
	else
		errhint("Declare it with uselist => true if several rows are expected.");
}

void
relnav_plan_error_overflow(RelnavPlan *plan, const RelnavDecl *decl)
{
	if (decl == NULL)
		decl = plan->overflow;
	if (decl == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_CARDINALITY_VIOLATION),
				 errmsg("a scalar relationship from table \"%s\" found more than one row",
						relnav_display_name(plan->source))));
	ereport(ERROR,
			(errcode(ERRCODE_CARDINALITY_VIOLATION),
			 plancache_overflow_error_fields(decl)));
}

void
relnav_plan_set_source_key(RelnavPlan *plan, Oid source)
{
	plan->source = source;
	relnav_require_primary_key(source, &plan->nkeys, plan->key_attnums);
	for (int i = 0; i < plan->nkeys; i++)
	{
		plan->key_types[i] = relnav_column_type(source, plan->key_attnums[i]);
		plan->key_names[i] = MemoryContextStrdup(plan->context,
												 relnav_column_name(source, plan->key_attnums[i]));
	}
}

static void
plancache_build(RelnavPlan *plan, RelnavPlanBuilder builder, void *arg)
{
	MemoryContext oldcontext;
	volatile SPIPlanPtr spiplan = NULL;

	plancache_retire(plan->spiplan);
	plan->spiplan = NULL;
	if (plan->context == NULL)
		plan->context = AllocSetContextCreate(plan_cache_context,
											  "relnav plan",
											  ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(plan->context);
	plan->sql = NULL;
	plan->nparams = 0;
	plan->ndeps = 0;
	plan->deps = NULL;
	plan->nkeys = 0;
	plan->source = InvalidOid;
	plan->target = InvalidOid;
	plan->scalar = false;
	plan->overflow = NULL;
	plan->last_hop = NULL;
	plan->probe = false;
	plan->extra = NULL;

	/* set first: an invalidation arriving while we build clears it again */
	plan->valid = true;

	oldcontext = MemoryContextSwitchTo(plan->context);
	builder(plan, arg);
	MemoryContextSwitchTo(oldcontext);
	/* the builder may have built it in SPI's memory (see plancache.h) */
	plan->sql = MemoryContextStrdup(plan->context, plan->sql);

	ereport(DEBUG1, (errmsg_internal("relnav prepares: %s", plan->sql)));
	PG_TRY();
	{
		spiplan = SPI_prepare(plan->sql, plan->nparams, plan->paramtypes);
	}
	PG_CATCH();
	{
		/*
		 * An error here (a privilege on a schema, say) is about the
		 * caller's tables, not about the text relnav generated: report it
		 * without pointing into that text.
		 */
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcontext);
		edata = CopyErrorData();
		FlushErrorState();
		edata->internalquery = NULL;
		edata->internalpos = 0;
		edata->cursorpos = 0;
		ReThrowError(edata);
	}
	PG_END_TRY();
	if (spiplan == NULL)
		elog(ERROR, "could not prepare relnav statement: %s\n%s",
			 SPI_result_code_string(SPI_result), plan->sql);
	if (SPI_keepplan(spiplan) != 0)
		elog(ERROR, "could not keep relnav statement");
	plan->spiplan = spiplan;
	plan->build_id = ++last_build_id;
}

RelnavPlan *
relnav_plan_get(const char *key, RelnavPlanBuilder builder, void *arg)
{
	RelnavPlan *plan;
	bool		found;

	if (exec_depth == 0 &&
		(flush_pending ||
		 (plan_cache != NULL && hash_get_num_entries(plan_cache) >= RELNAV_MAX_PLANS)))
		plancache_flush();
	if (exec_depth == 0 && retired_plans != NIL)
	{
		ListCell   *lc;

		foreach(lc, retired_plans)
			SPI_freeplan((SPIPlanPtr) lfirst(lc));
		list_free(retired_plans);
		retired_plans = NIL;
	}

	if (plan_cache == NULL)
	{
		HASHCTL		ctl;

		if (plan_cache_context == NULL)
			plan_cache_context = AllocSetContextCreate(CacheMemoryContext,
													   "relnav plans",
													   ALLOCSET_DEFAULT_SIZES);
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(char *);
		ctl.entrysize = sizeof(RelnavPlan);
		ctl.hash = plancache_key_hash;
		ctl.match = plancache_key_match;
		ctl.keycopy = plancache_key_copy;
		ctl.hcxt = plan_cache_context;
		plan_cache = hash_create("relnav plans", 64, &ctl,
								 HASH_ELEM | HASH_FUNCTION | HASH_COMPARE |
								 HASH_KEYCOPY | HASH_CONTEXT);
	}

	plan = hash_search(plan_cache, &key, HASH_ENTER, &found);
	if (!found)
	{
		plan->valid = false;
		plan->context = NULL;
		plan->spiplan = NULL;
		plan->ndeps = 0;
		plan->deps = NULL;
	}
	if (!plan->valid || plan->spiplan == NULL)
	{
		PG_TRY();
		{
			plancache_build(plan, builder, arg);
		}
		PG_CATCH();
		{
			/* a failed build leaves an entry that is rebuilt next time */
			plan->valid = false;
			PG_RE_THROW();
		}
		PG_END_TRY();
	}
	return plan;
}

/*
 * Run a kept plan.  exec_depth counts the plans running, so that none is
 * freed under a statement that is executing it (see the file header).
 */
static int
plancache_execute(RelnavPlan *plan, ParamListInfo params, DestReceiver *dest,
				  uint64 tcount, bool read_only)
{
	SPIExecuteOptions options;
	MemoryContext oldcontext = CurrentMemoryContext;
	volatile int rc = 0;

	memset(&options, 0, sizeof(options));
	options.params = params;
	options.read_only = read_only;
	options.dest = dest;
	options.tcount = tcount;

	exec_depth++;
	PG_TRY();
	{
		rc = SPI_execute_plan_extended(plan->spiplan, &options);
	}
	PG_CATCH();
	{
		exec_depth--;
		/* a scalar subquery that found two rows: say which relationship */
		if (plan->overflow != NULL && geterrcode() == ERRCODE_CARDINALITY_VIOLATION)
		{
			MemoryContextSwitchTo(oldcontext);
			FlushErrorState();
			relnav_plan_error_overflow(plan, NULL);
		}
		PG_RE_THROW();
	}
	PG_END_TRY();
	exec_depth--;
	return rc;
}

int
relnav_plan_execute(RelnavPlan *plan, ParamListInfo params,
					DestReceiver *dest, uint64 tcount)
{
	return plancache_execute(plan, params, dest, tcount, true);
}

int
relnav_plan_execute_write(RelnavPlan *plan, ParamListInfo params)
{
	/* not read only: a fresh snapshot and command id, as a writer needs */
	return plancache_execute(plan, params, NULL, 0, false);
}
