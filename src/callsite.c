/*
 * callsite.c
 *		Call sites of the SQL-callable functions: keeping a plan between
 *		calls, binding keys, executing (see callsite.h).
 *
 * Lifetime: backend-wide sites (one per statement kind) live in
 * TopMemoryContext for the backend; fn_extra sites live in fn_mcxt, as
 * long as the calling expression; sites made for a nested call that found
 * its site busy live in the call's memory.  A site keeps a plan pointer
 * between calls without a pin, and trusts it only while the plan cache's
 * generation is unchanged (no plan freed meanwhile); then it pins it, after
 * locking its tables and checking it is valid.  Busy marks are undone by
 * the transaction callbacks when a call ends in an error.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/tstoreReceiver.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "callsite.h"
#include "errors.h"
#include "relinfo.h"

/*
 * Calls running on a kept site, with their subtransaction.  A site is busy
 * while its busy_call is listed here; the transaction callbacks unlist the
 * calls that ended in an error, without touching the sites, whose memory
 * may be going away with the aborted query.
 */
typedef struct ActiveCall
{
	uint64		id;
	SubTransactionId subxid;
} ActiveCall;

#define CALLSITE_MAX_ACTIVE 64

static ActiveCall active_calls[CALLSITE_MAX_ACTIVE];
static int	nactive = 0;
static uint64 last_call_id = 0;
static bool callbacks_registered = false;

/* One site per statement kind for calls at nesting depth 0. */
static RelnavCallSite *backend_sites[RELNAV_STMT_NKINDS];

static bool
callsite_same_text(text *cached, text *given)
{
	if (cached == NULL || given == NULL)
		return cached == given;
	return VARSIZE_ANY_EXHDR(cached) == VARSIZE_ANY_EXHDR(given) &&
		memcmp(VARDATA_ANY(cached), VARDATA_ANY(given),
			   VARSIZE_ANY_EXHDR(given)) == 0;
}

static text *
callsite_copy_text(MemoryContext mcxt, text *t)
{
	Size		len;
	text	   *copy;

	if (t == NULL)
		return NULL;
	len = VARSIZE_ANY_EXHDR(t);
	copy = MemoryContextAlloc(mcxt, len + VARHDRSZ);
	SET_VARSIZE(copy, len + VARHDRSZ);
	memcpy(VARDATA(copy), VARDATA_ANY(t), len);
	return copy;
}

/* Unlist the calls of subxid (every call when it is invalid). */
static void
callsite_end_calls(SubTransactionId subxid)
{
	int			kept = 0;

	for (int i = 0; i < nactive; i++)
		if (subxid != InvalidSubTransactionId && active_calls[i].subxid != subxid)
			active_calls[kept++] = active_calls[i];
	nactive = kept;
}

static void
callsite_xact_callback(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT ||
		event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT ||
		event == XACT_EVENT_PREPARE)
		callsite_end_calls(InvalidSubTransactionId);
}

static void
callsite_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						  SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		callsite_end_calls(mySubid);
	else if (event == SUBXACT_EVENT_COMMIT_SUB)
		for (int i = 0; i < nactive; i++)
			if (active_calls[i].subxid == mySubid)
				active_calls[i].subxid = parentSubid;
}

static bool
callsite_busy(const RelnavCallSite *site)
{
	for (int i = 0; site->busy_call != 0 && i < nactive; i++)
		if (active_calls[i].id == site->busy_call)
			return true;
	return false;
}

static RelnavCallSite *
callsite_new(MemoryContext parent, bool kept)
{
	RelnavCallSite *site = MemoryContextAllocZero(parent, sizeof(RelnavCallSite));

	site->params = MemoryContextAllocZero(parent,
										  offsetof(ParamListInfoData, params) +
										  RELNAV_MAX_PARAMS * sizeof(ParamExternData));
	site->kept = kept;
	site->mcxt = kept ? AllocSetContextCreate(parent, "relnav call site",
											  ALLOCSET_SMALL_SIZES) : parent;
	return site;
}

/*
 * The site of this call: the backend's for its kind when no relnav call is
 * running, else fn_extra's; a fresh one when that one is busy.
 */
static RelnavCallSite *
callsite_for_call(FunctionCallInfo fcinfo, RelnavStatementKind kind)
{
	RelnavCallSite *site;

	if (relnav_plancache_pins() == 0)
	{
		if (backend_sites[kind] == NULL)
			backend_sites[kind] = callsite_new(TopMemoryContext, true);
		site = backend_sites[kind];
	}
	else
	{
		if (fcinfo->flinfo->fn_extra == NULL)
			fcinfo->flinfo->fn_extra = callsite_new(fcinfo->flinfo->fn_mcxt, true);
		site = fcinfo->flinfo->fn_extra;
	}
	if (callsite_busy(site) || nactive >= CALLSITE_MAX_ACTIVE)
		site = callsite_new(CurrentMemoryContext, false);
	return site;
}

static void
callsite_mark_busy(RelnavCallSite *site)
{
	if (!site->kept)
		return;					/* nobody else can find it */
	if (!callbacks_registered)
	{
		RegisterXactCallback(callsite_xact_callback, NULL);
		RegisterSubXactCallback(callsite_subxact_callback, NULL);
		callbacks_registered = true;
	}
	site->busy_call = ++last_call_id;
	active_calls[nactive].id = site->busy_call;
	active_calls[nactive].subxid = GetCurrentSubTransactionId();
	nactive++;
}

/*
 * The plan cache key of a call's statement.  Lengths keep the strings apart
 * whatever they contain.  The role is part of the key because parsing
 * checks some privileges (USAGE on the schemas named) that a reused plan
 * would not check again.
 */
char *
relnav_callsite_plan_key(const RelnavStatementSpec *spec)
{
	StringInfoData key;

	initStringInfo(&key);
	appendStringInfo(&key, "%d %u %u %d %zu:%s", (int) spec->kind, GetUserId(),
					 spec->source, (int) spec->with_limit, strlen(spec->text),
					 spec->text);
	if (spec->order_by != NULL)
		appendStringInfo(&key, " %zu:%s", strlen(spec->order_by), spec->order_by);
	return key.data;
}

RelnavCallSite *
relnav_callsite_enter(FunctionCallInfo fcinfo, RelnavStatementKind kind,
					  Oid source, text *subject, text *order_by,
					  bool with_limit, RelnavStatementBuilder builder)
{
	RelnavCallSite *site = callsite_for_call(fcinfo, kind);
	RelnavStatementSpec spec;
	Oid			userid = GetUserId();

	callsite_mark_busy(site);
	if (site->plan != NULL &&
		site->generation == relnav_plancache_generation() &&
		site->userid == userid && site->kind == kind && site->source == source &&
		site->with_limit == with_limit &&
		callsite_same_text(site->subject, subject) &&
		callsite_same_text(site->order_by, order_by) &&
		relnav_plan_repin(site->plan))
		return site;

	/* about to look anything up: the source must be a table */
	relnav_check_relation(source);
	memset(&spec, 0, sizeof(spec));
	spec.kind = kind;
	spec.source = source;
	spec.text = text_to_cstring(subject);
	spec.order_by = order_by ? text_to_cstring(order_by) : NULL;
	spec.with_limit = with_limit;
	spec.ordered = true;

	site->plan = NULL;
	site->plan = relnav_plan_acquire(relnav_callsite_plan_key(&spec), builder, &spec);
	site->generation = relnav_plancache_generation();
	site->userid = userid;
	site->kind = kind;
	site->source = source;
	site->with_limit = with_limit;
	if (site->kept)
	{
		/* conversions too: they are set up again for the new plan */
		MemoryContextReset(site->mcxt);
		memset(&site->conv, 0, sizeof(site->conv));
		memset(&site->target_conv, 0, sizeof(site->target_conv));
	}
	site->subject = callsite_copy_text(site->mcxt, subject);
	site->order_by = callsite_copy_text(site->mcxt, order_by);
	return site;
}

void
relnav_callsite_leave(RelnavCallSite *site)
{
	RelnavPlan *plan = site->plan;
	bool		cached = plan->cached;

	for (int i = nactive - 1; site->busy_call != 0 && i >= 0; i--)
	{
		if (active_calls[i].id == site->busy_call)
		{
			memmove(&active_calls[i], &active_calls[i + 1],
					(nactive - i - 1) * sizeof(ActiveCall));
			nactive--;
			break;
		}
	}
	site->busy_call = 0;

	/*
	 * An uncached plan is freed by its last release; a cached one stays,
	 * and the site may trust its pointer while the generation holds.
	 */
	relnav_plan_release(plan);
	site->plan = cached ? plan : NULL;
	site->generation = relnav_plancache_generation();
}

void
relnav_callsite_bind(RelnavCallSite *site, int paramno, Datum value,
					 bool isnull)
{
	ParamExternData *param = &site->params->params[paramno - 1];

	param->value = value;
	param->isnull = isnull;
	param->pflags = PARAM_FLAG_CONST;
	param->ptype = site->plan->stmt.paramtypes[paramno - 1];
	site->params->numParams = site->plan->stmt.nparams;
}

RelnavKeyResult
relnav_callsite_convert_key(FunctionCallInfo fcinfo, RelnavCallSite *site,
							RelnavKeyConv *conv, const RelnavKeyDesc *desc,
							int argno, const char *argname, Datum *values)
{
	Oid			argtype = get_fn_expr_argtype(fcinfo->flinfo, argno);

	if (!OidIsValid(argtype))
		elog(ERROR, "could not determine the type of the %s argument", argname);
	if (site->build_id != site->plan->build_id)
	{
		memset(&site->conv, 0, sizeof(site->conv));
		memset(&site->target_conv, 0, sizeof(site->target_conv));
		site->build_id = site->plan->build_id;
	}
	if (!relnav_keyconv_ready(conv, desc, argtype))
		relnav_keyconv_init(conv, site->mcxt, desc, argtype, argname);
	return relnav_keyconv_apply(conv, PG_GETARG_DATUM(argno), values);
}

bool
relnav_callsite_bind_key(FunctionCallInfo fcinfo, RelnavCallSite *site,
						 int argno)
{
	const RelnavKeyDesc *desc = &site->plan->stmt.key;
	Datum		keys[RELNAV_MAX_COLUMNS];

	if (relnav_callsite_convert_key(fcinfo, site, &site->conv, desc, argno,
									"key", keys) != RELNAV_KEY_FOUND)
		return false;
	for (int i = 0; i < desc->nkeys; i++)
		relnav_callsite_bind(site, i + 1, keys[i], false);
	return true;
}

ArrayType *
relnav_callsite_key_array(FunctionCallInfo fcinfo, int argno)
{
	Oid			argtype = get_fn_expr_argtype(fcinfo->flinfo, argno);
	ArrayType  *array;

	if (OidIsValid(get_element_type(argtype)))
		array = PG_GETARG_ARRAYTYPE_P(argno);
	else
		/* array_in keeps state in flinfo, so it needs a real FmgrInfo */
		array = DatumGetArrayTypeP(OidInputFunctionCall(F_ARRAY_IN,
														TextDatumGetCString(PG_GETARG_DATUM(argno)),
														TEXTOID, -1));
	relnav_check_key_array(array);
	return array;
}

void
relnav_callsite_bind_key_array(FunctionCallInfo fcinfo, RelnavCallSite *site,
							   int argno)
{
	const RelnavKeyDesc *desc = &site->plan->stmt.key;
	ArrayType  *array = relnav_callsite_key_array(fcinfo, argno);
	Oid			elemtype = ARR_ELEMTYPE(array);
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	Datum	   *elems;
	bool	   *elemnulls;
	int			nelems;
	Datum	   *values[RELNAV_MAX_COLUMNS];
	bool	   *nulls;
	int			dims[1];
	int			lbs[1] = {1};

	if (site->build_id != site->plan->build_id)
	{
		memset(&site->conv, 0, sizeof(site->conv));
		site->build_id = site->plan->build_id;
	}
	if (!relnav_keyconv_ready(&site->conv, desc, elemtype))
		relnav_keyconv_init(&site->conv, site->mcxt, desc, elemtype, "key");

	/* the common case: an array of the key type goes through as it is */
	if (desc->nkeys == 1 && elemtype == desc->types[0])
	{
		relnav_callsite_bind(site, 1, PointerGetDatum(array), false);
		return;
	}

	get_typlenbyvalalign(elemtype, &elemlen, &elembyval, &elemalign);
	deconstruct_array(array, elemtype, elemlen, elembyval, elemalign,
					  &elems, &elemnulls, &nelems);

	/* convert each element once, into one column array per key column */
	nulls = palloc(sizeof(bool) * Max(nelems, 1));
	for (int k = 0; k < desc->nkeys; k++)
		values[k] = palloc(sizeof(Datum) * Max(nelems, 1));
	for (int i = 0; i < nelems; i++)
	{
		Datum		keys[RELNAV_MAX_COLUMNS];

		nulls[i] = elemnulls[i] ||
			relnav_keyconv_apply(&site->conv, elems[i], keys) != RELNAV_KEY_FOUND;
		for (int k = 0; k < desc->nkeys; k++)
			values[k][i] = nulls[i] ? (Datum) 0 : keys[k];
	}
	dims[0] = nelems;
	for (int k = 0; k < desc->nkeys; k++)
	{
		int16		keylen;
		bool		keybyval;
		char		keyalign;

		get_typlenbyvalalign(desc->types[k], &keylen, &keybyval, &keyalign);
		relnav_callsite_bind(site, k + 1,
							 PointerGetDatum(construct_md_array(values[k], nulls, 1,
																dims, lbs, desc->types[k],
																keylen, keybyval,
																keyalign)),
							 false);
	}
}

/*
 * SPI's CONTEXT line for an error inside a statement quotes the statement,
 * which tells the caller nothing: it goes.  A writer says what it was
 * doing instead; a reader says nothing, as the same statement expanded
 * into the caller's (inline.c) would not.
 */
static void
callsite_rewrite_context(ErrorData *edata, const RelnavStatement *stmt)
{
	char	   *line = psprintf("SQL statement \"%s\"", stmt->sql);
	char	   *at = edata->context ? strstr(edata->context, line) : NULL;
	const char *rest;
	StringInfoData context;

	if (at == NULL)
		return;
	rest = at + strlen(line);
	initStringInfo(&context);
	appendBinaryStringInfo(&context, edata->context, at - edata->context);
	if (stmt->description != NULL)
		appendStringInfoString(&context, stmt->description);
	else if (*rest == '\n')
		rest++;
	appendStringInfoString(&context, rest);
	/* nothing left but a line break: no CONTEXT at all */
	while (context.len > 0 && context.data[context.len - 1] == '\n')
		context.data[--context.len] = '\0';
	edata->context = context.len > 0 ? context.data : NULL;
}

int
relnav_callsite_execute(RelnavCallSite *site, DestReceiver *dest,
						bool read_only)
{
	SPIExecuteOptions options;
	MemoryContext oldcontext = CurrentMemoryContext;
	RelnavStatement *stmt = &site->plan->stmt;
	volatile int rc = 0;

	memset(&options, 0, sizeof(options));
	options.params = site->params;
	options.read_only = read_only;
	options.dest = dest;
	site->params->numParams = stmt->nparams;
	for (int i = 0; i < stmt->nconsts; i++)
		relnav_callsite_bind(site, stmt->const_params[i], stmt->const_values[i], false);

	PG_TRY();
	{
		rc = SPI_execute_plan_extended(site->plan->spiplan, &options);
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcontext);
		edata = CopyErrorData();
		FlushErrorState();
		callsite_rewrite_context(edata, stmt);
		ReThrowError(edata);
	}
	PG_END_TRY();
	return rc;
}

uint64
relnav_callsite_read_into(RelnavCallSite *site, ReturnSetInfo *rsinfo)
{
	DestReceiver *dest = CreateDestReceiver(DestTuplestore);
	int			rc;

	SetTuplestoreDestReceiverParams(dest, rsinfo->setResult,
									rsinfo->econtext->ecxt_per_query_memory,
									false, NULL, NULL);
	rc = relnav_callsite_execute(site, dest, true);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "relnav statement failed: %s", SPI_result_code_string(rc));
	dest->rDestroy(dest);
	return SPI_processed;
}
