/*
 * navigate.c
 *		rel_navigate, rel_rows and rel_count: the rows one source row reaches
 *		along a path of relationships.
 *
 * A path compiles to one statement of the form
 *	 SELECT <output> FROM target rN
 *	  WHERE EXISTS (SELECT 1 FROM source r0, ..., hop N-1 rN-1
 *					 WHERE r0.<pk> = $1 AND <joins of every hop>)
 *	  ORDER BY ... LIMIT $k
 * The EXISTS makes a multi-hop result a set (each target row once) and
 * keeps the source row in the query, so that privileges and row-level
 * security apply to every table as if the join were written by hand.
 *
 * Call-site state (the plan, the key conversion, the parameter list) is
 * kept in fn_extra, so a repeated call makes no catalog look-up and parses
 * nothing.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tstoreReceiver.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/params.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "ident.h"
#include "keys.h"
#include "navigate.h"
#include "relinfo.h"
#include "sqlgen.h"

/* What identifies a navigation statement; the plan cache key says it all. */
typedef struct NavSpec
{
	RelnavOutput output;
	Oid			source;
	const char *path;
	const char *order_by;		/* NULL: not given */
	bool		with_limit;
} NavSpec;

/* fn_extra of every navigation function */
typedef struct NavCallCache
{
	uint64		generation;
	RelnavOutput output;
	Oid			source;
	text	   *path;
	text	   *order_by;
	bool		with_limit;
	RelnavPlan *plan;
	RelnavKeyConv conv;
	ParamListInfo params;
} NavCallCache;

RelnavPath *
relnav_resolve_path(Oid source, const char *path, RelnavPlan *plan)
{
	List	   *names = relnav_parse_path(path);
	RelnavPath *result = palloc(sizeof(RelnavPath));
	Oid			current = source;
	ListCell   *lc;
	int			i = 0;

	result->source = source;
	result->nhops = list_length(names);
	result->hops = palloc(sizeof(RelnavDecl *) * result->nhops);
	result->scalar = true;
	if (plan != NULL)
		relnav_plan_add_dependency(plan, source);

	foreach(lc, names)
	{
		const RelnavDecl *decl = relnav_decl_lookup(current, lfirst(lc), false);

		result->hops[i++] = decl;
		result->scalar &= relnav_kind_is_scalar(decl->kind);
		if (plan != NULL)
		{
			relnav_plan_add_dependency(plan, decl->target);
			if (OidIsValid(decl->secondary))
				relnav_plan_add_dependency(plan, decl->secondary);
		}
		current = decl->target;
	}
	return result;
}

void
relnav_append_path_joins(StringInfo from, StringInfo where,
						 const RelnavPath *path, const char *prefix,
						 const char *right_alias)
{
	appendStringInfo(from, "%s %s0", relnav_qualified_name(path->source), prefix);
	for (int i = 0; i < path->nhops; i++)
	{
		char	   *left = psprintf("%s%d", prefix, i);
		char	   *right = (i == path->nhops - 1) ? pstrdup(right_alias) :
			psprintf("%s%d", prefix, i + 1);
		char	   *sec = psprintf("%ss%d", prefix, i + 1);

		relnav_append_hop(from, where, path->hops[i], left, right, sec,
						  i < path->nhops - 1);
	}
}

static void
navigate_build(RelnavPlan *plan, void *arg)
{
	NavSpec    *spec = arg;
	RelnavPath *path = relnav_resolve_path(spec->source, spec->path, plan);
	Oid			target = relnav_path_target(path);
	const RelnavDecl *last = path->hops[path->nhops - 1];
	RelnavOrder order;
	StringInfoData sql;
	StringInfoData from;
	StringInfoData where;

	relnav_plan_set_source_key(plan, spec->source);
	plan->target = target;
	plan->scalar = path->scalar;

	if (spec->order_by != NULL)
		relnav_parse_order_by(spec->order_by, target, &order);
	else
		order = last->order;

	initStringInfo(&from);
	initStringInfo(&where);
	for (int i = 0; i < plan->nkeys; i++)
	{
		relnav_append_param_equality(&where, "r0", spec->source,
									 plan->key_attnums[i], i + 1);
		plan->paramtypes[plan->nparams++] = plan->key_types[i];
	}
	relnav_append_path_joins(&from, &where, path, "r", "t");

	initStringInfo(&sql);
	switch (spec->output)
	{
		case RELNAV_OUTPUT_JSONB:
			appendStringInfoString(&sql, "SELECT pg_catalog.to_jsonb(t)");
			break;
		case RELNAV_OUTPUT_ROW:
			appendStringInfoString(&sql, "SELECT t");
			break;
		case RELNAV_OUTPUT_COUNT:
			appendStringInfoString(&sql, "SELECT pg_catalog.count(*)");
			break;
	}
	appendStringInfo(&sql, " FROM %s t WHERE EXISTS (SELECT 1 FROM %s WHERE %s)",
					 relnav_qualified_name(target), from.data, where.data);

	if (spec->output != RELNAV_OUTPUT_COUNT)
	{
		relnav_append_order_by(&sql, "t", target, &order);
		/* a scalar path needs only enough rows to see that it has two */
		if (path->scalar)
			appendStringInfoString(&sql, " LIMIT 2");
		else if (spec->with_limit)
		{
			appendStringInfo(&sql, " LIMIT $%d", plan->nparams + 1);
			plan->paramtypes[plan->nparams++] = INT8OID;
		}
	}
	plan->sql = sql.data;
}

static bool
navigate_same_text(text *cached, text *given)
{
	if (cached == NULL || given == NULL)
		return cached == given;
	return VARSIZE_ANY_EXHDR(cached) == VARSIZE_ANY_EXHDR(given) &&
		memcmp(VARDATA_ANY(cached), VARDATA_ANY(given),
			   VARSIZE_ANY_EXHDR(given)) == 0;
}

static text *
navigate_copy_text(MemoryContext mcxt, text *t)
{
	text	   *copy;

	if (t == NULL)
		return NULL;
	copy = MemoryContextAlloc(mcxt, VARSIZE_ANY_EXHDR(t) + VARHDRSZ);
	SET_VARSIZE(copy, VARSIZE_ANY_EXHDR(t) + VARHDRSZ);
	memcpy(VARDATA(copy), VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	return copy;
}

/*
 * Find the plan for this call, from fn_extra when the call repeats the last
 * one, else from the plan cache.  SPI must be connected.
 */
static NavCallCache *
navigate_plan_for_call(FunctionCallInfo fcinfo, RelnavOutput output,
					   Oid source, text *path, text *order_by, bool with_limit)
{
	NavCallCache *cache = fcinfo->flinfo->fn_extra;
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
	NavSpec		spec;
	StringInfoData key;
	uint64		generation;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(mcxt, sizeof(NavCallCache));
		cache->params = MemoryContextAllocZero(mcxt,
											   offsetof(ParamListInfoData, params) +
											   RELNAV_MAX_PARAMS * sizeof(ParamExternData));
		fcinfo->flinfo->fn_extra = cache;
	}

	if (cache->plan != NULL && cache->generation == relnav_cache_generation &&
		cache->plan->valid && cache->output == output &&
		cache->source == source && cache->with_limit == with_limit &&
		navigate_same_text(cache->path, path) &&
		navigate_same_text(cache->order_by, order_by))
		return cache;

	spec.output = output;
	spec.source = source;
	spec.path = text_to_cstring(path);
	spec.order_by = order_by ? text_to_cstring(order_by) : NULL;
	spec.with_limit = with_limit;

	initStringInfo(&key);
	appendStringInfo(&key, "nav %d %u %d %zu:%s %s", (int) output, source,
					 (int) with_limit, strlen(spec.path), spec.path,
					 spec.order_by ? spec.order_by : "-");
	if (spec.order_by != NULL)
		appendStringInfoString(&key, "+");	/* tells '-' from no order_by */

	generation = relnav_cache_generation;
	cache->plan = NULL;
	cache->plan = relnav_plan_get(key.data, navigate_build, &spec);
	cache->generation = generation;
	cache->output = output;
	cache->source = source;
	cache->with_limit = with_limit;
	if (cache->path)
		pfree(cache->path);
	if (cache->order_by)
		pfree(cache->order_by);
	cache->path = navigate_copy_text(mcxt, path);
	cache->order_by = navigate_copy_text(mcxt, order_by);
	return cache;
}

/*
 * Bind the key (and max_rows) as parameters.  Returns false when the key
 * has a NULL part, which matches no row.
 */
static bool
navigate_bind(FunctionCallInfo fcinfo, NavCallCache *cache, int key_argno,
			  bool with_limit, int64 max_rows)
{
	RelnavPlan *plan = cache->plan;
	Oid			argtype = get_fn_expr_argtype(fcinfo->flinfo, key_argno);
	Datum		keys[RELNAV_MAX_COLUMNS];
	ParamListInfo params = cache->params;

	if (!OidIsValid(argtype))
		elog(ERROR, "could not determine the type of the key argument");
	if (!relnav_keyconv_ready(&cache->conv, plan, argtype))
		relnav_keyconv_init(&cache->conv, fcinfo->flinfo->fn_mcxt, plan, argtype);
	if (!relnav_keyconv_apply(&cache->conv, PG_GETARG_DATUM(key_argno), keys))
		return false;

	params->numParams = plan->nparams;
	for (int i = 0; i < plan->nkeys; i++)
	{
		params->params[i].value = keys[i];
		params->params[i].isnull = false;
		params->params[i].pflags = PARAM_FLAG_CONST;
		params->params[i].ptype = plan->paramtypes[i];
	}
	if (plan->nparams > plan->nkeys)
	{
		params->params[plan->nkeys].value = Int64GetDatum(with_limit ? max_rows : 0);
		params->params[plan->nkeys].isnull = !with_limit;
		params->params[plan->nkeys].pflags = PARAM_FLAG_CONST;
		params->params[plan->nkeys].ptype = INT8OID;
	}
	return true;
}

static void
navigate_check_scalar(RelnavPlan *plan, uint64 nrows, const char *path)
{
	if (plan->scalar && nrows > 1)
		ereport(ERROR,
				(errcode(ERRCODE_CARDINALITY_VIOLATION),
				 errmsg("path \"%s\" from table \"%s\" found more than one row",
						relnav_abbreviate(path), relnav_display_name(plan->source)),
				 errdetail("Every relationship on the path is scalar, so it may reach at most one row."),
				 errhint("Declare the relationship as one_to_many (uselist => true) if several rows are expected.")));
}

static int64
navigate_max_rows(FunctionCallInfo fcinfo, int argno, bool *given)
{
	int64		max_rows;

	*given = !PG_ARGISNULL(argno);
	if (!*given)
		return 0;
	max_rows = PG_GETARG_INT64(argno);
	if (max_rows < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_ROW_COUNT_IN_LIMIT_CLAUSE),
				 errmsg("max_rows must not be negative")));
	return max_rows;
}

/*
 * rel_navigate(source regclass, key "any", path text,
 *				order_by text, max_rows bigint) RETURNS SETOF jsonb
 */
PG_FUNCTION_INFO_V1(rel_navigate);
Datum
rel_navigate(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	NavCallCache *cache;
	DestReceiver *dest;
	bool		with_limit;
	int64		max_rows;
	int			rc;

	/* the expected descriptor is the one jsonb column */
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;
	max_rows = navigate_max_rows(fcinfo, 4, &with_limit);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	cache = navigate_plan_for_call(fcinfo, RELNAV_OUTPUT_JSONB, PG_GETARG_OID(0),
								   PG_GETARG_TEXT_PP(2),
								   PG_ARGISNULL(3) ? NULL : PG_GETARG_TEXT_PP(3),
								   with_limit);
	if (navigate_bind(fcinfo, cache, 1, with_limit, max_rows))
	{
		dest = CreateDestReceiver(DestTuplestore);
		SetTuplestoreDestReceiverParams(dest, rsinfo->setResult,
										rsinfo->econtext->ecxt_per_query_memory,
										false, NULL, NULL);
		rc = relnav_plan_execute(cache->plan, cache->params, dest, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "relnav navigation failed: %s", SPI_result_code_string(rc));
		navigate_check_scalar(cache->plan, SPI_processed,
							  text_to_cstring(PG_GETARG_TEXT_PP(2)));
		if (cache->plan->scalar && with_limit && max_rows == 0)
			tuplestore_clear(rsinfo->setResult);
		dest->rDestroy(dest);
	}
	SPI_finish();
	return (Datum) 0;
}

/*
 * rel_rows(target anyelement, source regclass, key "any", path text,
 *			order_by text, max_rows bigint) RETURNS SETOF anyelement
 */
PG_FUNCTION_INFO_V1(rel_rows);
Datum
rel_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			rowtype = get_fn_expr_argtype(fcinfo->flinfo, 0);
	NavCallCache *cache;
	bool		with_limit;
	int64		max_rows;
	int			rc;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (type_is_rowtype(rowtype))
			InitMaterializedSRF(fcinfo, 0);
		else if (rsinfo != NULL && IsA(rsinfo, ReturnSetInfo))
		{
			rsinfo->returnMode = SFRM_Materialize;
			rsinfo->setResult = NULL;
		}
		return (Datum) 0;
	}
	max_rows = navigate_max_rows(fcinfo, 5, &with_limit);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	cache = navigate_plan_for_call(fcinfo, RELNAV_OUTPUT_ROW, PG_GETARG_OID(1),
								   PG_GETARG_TEXT_PP(3),
								   PG_ARGISNULL(4) ? NULL : PG_GETARG_TEXT_PP(4),
								   with_limit);
	if (rowtype != get_rel_type_id(cache->plan->target))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("path \"%s\" leads to table \"%s\", not to type %s",
						relnav_abbreviate(text_to_cstring(PG_GETARG_TEXT_PP(3))),
						relnav_display_name(cache->plan->target),
						format_type_be(rowtype)),
				 errhint("Pass NULL::%s as the first argument.",
						 relnav_qualified_name(cache->plan->target))));
	InitMaterializedSRF(fcinfo, 0);

	if (navigate_bind(fcinfo, cache, 2, with_limit, max_rows))
	{
		rc = relnav_plan_execute(cache->plan, cache->params, NULL, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "relnav navigation failed: %s", SPI_result_code_string(rc));
		navigate_check_scalar(cache->plan, SPI_processed,
							  text_to_cstring(PG_GETARG_TEXT_PP(3)));
		if (!(cache->plan->scalar && with_limit && max_rows == 0))
		{
			for (uint64 i = 0; i < SPI_processed; i++)
			{
				bool		isnull;
				Datum		row = SPI_getbinval(SPI_tuptable->vals[i],
												SPI_tuptable->tupdesc, 1, &isnull);
				HeapTupleHeader header;
				HeapTupleData tuple;

				if (isnull)
					continue;
				header = DatumGetHeapTupleHeader(row);
				tuple.t_len = HeapTupleHeaderGetDatumLength(header);
				ItemPointerSetInvalid(&tuple.t_self);
				tuple.t_tableOid = InvalidOid;
				tuple.t_data = header;
				tuplestore_puttuple(rsinfo->setResult, &tuple);
			}
		}
	}
	SPI_finish();
	return (Datum) 0;
}

/* rel_count(source regclass, key "any", path text) RETURNS bigint */
PG_FUNCTION_INFO_V1(rel_count);
Datum
rel_count(PG_FUNCTION_ARGS)
{
	NavCallCache *cache;
	int64		count = 0;
	int			rc;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_INT64(0);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	cache = navigate_plan_for_call(fcinfo, RELNAV_OUTPUT_COUNT, PG_GETARG_OID(0),
								   PG_GETARG_TEXT_PP(2), NULL, false);
	if (navigate_bind(fcinfo, cache, 1, false, 0))
	{
		bool		isnull;

		rc = relnav_plan_execute(cache->plan, cache->params, NULL, 0);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "relnav count failed: %s", SPI_result_code_string(rc));
		count = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
											SPI_tuptable->tupdesc, 1, &isnull));
		navigate_check_scalar(cache->plan, (uint64) count,
							  text_to_cstring(PG_GETARG_TEXT_PP(2)));
	}
	SPI_finish();
	PG_RETURN_INT64(count);
}
