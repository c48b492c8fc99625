/*
 * callsite.c
 *		fn_extra caches of the SQL-callable readers, and key binding.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "callsite.h"

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

/* One site per statement kind for calls at nesting depth 0. */
static RelnavCallSite *backend_sites[RELNAV_STMT_FETCH_MANY + 1];

static RelnavCallSite *
callsite_new(MemoryContext parent, bool resettable)
{
	RelnavCallSite *site = MemoryContextAllocZero(parent, sizeof(RelnavCallSite));

	site->params = MemoryContextAllocZero(parent,
										  offsetof(ParamListInfoData, params) +
										  RELNAV_MAX_PARAMS * sizeof(ParamExternData));
	site->resettable = resettable;
	if (resettable)
	{
		site->mcxt = AllocSetContextCreate(parent, "relnav call site",
										   ALLOCSET_SMALL_SIZES);
		site->conv_mcxt = AllocSetContextCreate(parent, "relnav key conversion",
												ALLOCSET_SMALL_SIZES);
	}
	else
		site->mcxt = site->conv_mcxt = parent;
	return site;
}

/* The site of this call: the backend's for its kind, or fn_extra's. */
static RelnavCallSite *
callsite_for_call(FunctionCallInfo fcinfo, RelnavStatementKind kind)
{
	if (relnav_plancache_exec_depth() == 0)
	{
		if (backend_sites[kind] == NULL)
			backend_sites[kind] = callsite_new(TopMemoryContext, true);
		return backend_sites[kind];
	}
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = callsite_new(fcinfo->flinfo->fn_mcxt, false);
	return fcinfo->flinfo->fn_extra;
}

RelnavCallSite *
relnav_callsite_get(FunctionCallInfo fcinfo, RelnavStatementKind kind,
					Oid source, text *subject, text *order_by, bool with_limit,
					RelnavPlanBuilder builder)
{
	RelnavCallSite *site = callsite_for_call(fcinfo, kind);
	MemoryContext mcxt = site->mcxt;
	RelnavStatementSpec spec;
	StringInfoData key;
	uint64		generation;
	Oid			userid = GetUserId();

	if (site->plan != NULL && site->generation == relnav_cache_generation &&
		site->plan->valid && site->userid == userid &&
		site->kind == kind && site->source == source &&
		site->with_limit == with_limit &&
		callsite_same_text(site->subject, subject) &&
		callsite_same_text(site->order_by, order_by))
		return site;

	spec.kind = kind;
	spec.source = source;
	spec.text = text_to_cstring(subject);
	spec.order_by = order_by ? text_to_cstring(order_by) : NULL;
	spec.with_limit = with_limit;

	/*
	 * Lengths keep the two strings apart whatever they contain.  The role is
	 * part of the key because parsing checks some privileges (USAGE on the
	 * schemas named) that a reused plan would not check again.
	 */
	initStringInfo(&key);
	appendStringInfo(&key, "%d %u %u %d %zu:%s", (int) kind, userid, source,
					 (int) with_limit, strlen(spec.text), spec.text);
	if (spec.order_by != NULL)
		appendStringInfo(&key, " %zu:%s", strlen(spec.order_by), spec.order_by);

	/* read before building: an invalidation during the build must win */
	generation = relnav_cache_generation;
	site->plan = NULL;
	site->plan = relnav_plan_get(key.data, builder, &spec);
	site->generation = generation;
	site->userid = userid;
	site->kind = kind;
	site->source = source;
	site->with_limit = with_limit;
	if (site->resettable)
		MemoryContextReset(site->mcxt);
	else
	{
		if (site->subject)
			pfree(site->subject);
		if (site->order_by)
			pfree(site->order_by);
	}
	site->subject = callsite_copy_text(mcxt, subject);
	site->order_by = callsite_copy_text(mcxt, order_by);
	return site;
}

void
relnav_callsite_bind(RelnavCallSite *site, int paramno, Oid type,
					 Datum value, bool isnull)
{
	ParamExternData *param = &site->params->params[paramno - 1];

	param->value = value;
	param->isnull = isnull;
	param->pflags = PARAM_FLAG_CONST;
	param->ptype = type;
	if (site->params->numParams < paramno)
		site->params->numParams = paramno;
}

static void
callsite_prepare_conv(FunctionCallInfo fcinfo, RelnavCallSite *site, Oid argtype)
{
	if (!OidIsValid(argtype))
		elog(ERROR, "could not determine the type of the key argument");
	if (!relnav_keyconv_ready(&site->conv, site->plan, argtype))
	{
		if (site->resettable)
			MemoryContextReset(site->conv_mcxt);
		relnav_keyconv_init(&site->conv, site->conv_mcxt, site->plan, argtype);
	}
	site->params->numParams = site->plan->nparams;
}

bool
relnav_callsite_bind_key(FunctionCallInfo fcinfo, RelnavCallSite *site,
						 int argno)
{
	RelnavPlan *plan = site->plan;
	Datum		keys[RELNAV_MAX_COLUMNS];

	callsite_prepare_conv(fcinfo, site, get_fn_expr_argtype(fcinfo->flinfo, argno));
	if (!relnav_keyconv_apply(&site->conv, PG_GETARG_DATUM(argno), keys))
		return false;
	for (int i = 0; i < plan->nkeys; i++)
		relnav_callsite_bind(site, i + 1, plan->key_types[i], keys[i], false);
	return true;
}

ArrayType *
relnav_callsite_key_array(FunctionCallInfo fcinfo, int argno)
{
	Oid			argtype = get_fn_expr_argtype(fcinfo->flinfo, argno);

	if (OidIsValid(get_element_type(argtype)))
		return PG_GETARG_ARRAYTYPE_P(argno);
	/* array_in keeps state in flinfo, so it needs a real FmgrInfo */
	return DatumGetArrayTypeP(OidInputFunctionCall(F_ARRAY_IN,
												   TextDatumGetCString(PG_GETARG_DATUM(argno)),
												   TEXTOID, -1));
}

void
relnav_callsite_bind_key_array(FunctionCallInfo fcinfo, RelnavCallSite *site,
							   int argno)
{
	RelnavPlan *plan = site->plan;
	ArrayType  *array = relnav_callsite_key_array(fcinfo, argno);
	Oid			elemtype = ARR_ELEMTYPE(array);
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	Datum	   *elems;
	bool	   *elemnulls;
	int			nelems;

	callsite_prepare_conv(fcinfo, site, elemtype);

	/* the common case: an array of the key type goes through as it is */
	if (plan->nkeys == 1 && elemtype == plan->key_types[0])
	{
		relnav_callsite_bind(site, 1, get_array_type(plan->key_types[0]),
							 PointerGetDatum(array), false);
		return;
	}

	get_typlenbyvalalign(elemtype, &elemlen, &elembyval, &elemalign);
	deconstruct_array(array, elemtype, elemlen, elembyval, elemalign,
					  &elems, &elemnulls, &nelems);

	/* convert each element once, into one column array per key column */
	{
		Datum	   *values[RELNAV_MAX_COLUMNS];
		bool	   *nulls = palloc(sizeof(bool) * Max(nelems, 1));
		int			dims[1] = {nelems};
		int			lbs[1] = {1};

		for (int k = 0; k < plan->nkeys; k++)
			values[k] = palloc(sizeof(Datum) * Max(nelems, 1));
		for (int i = 0; i < nelems; i++)
		{
			Datum		keys[RELNAV_MAX_COLUMNS];

			nulls[i] = elemnulls[i] ||
				!relnav_keyconv_apply(&site->conv, elems[i], keys);
			for (int k = 0; k < plan->nkeys; k++)
				values[k][i] = nulls[i] ? (Datum) 0 : keys[k];
		}
		for (int k = 0; k < plan->nkeys; k++)
		{
			Oid			keytype = plan->key_types[k];
			Oid			arraytype = get_array_type(keytype);
			int16		keylen;
			bool		keybyval;
			char		keyalign;

			if (!OidIsValid(arraytype))
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_OBJECT),
						 errmsg("type %s has no array type", format_type_be(keytype))));
			get_typlenbyvalalign(keytype, &keylen, &keybyval, &keyalign);
			relnav_callsite_bind(site, k + 1, arraytype,
								 PointerGetDatum(construct_md_array(values[k], nulls, 1,
																	dims, lbs, keytype,
																	keylen, keybyval,
																	keyalign)),
								 false);
		}
	}
}
