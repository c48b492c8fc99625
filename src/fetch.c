/*
 * fetch.c
 *		rel_fetch and rel_fetch_many: nested documents in one statement.
 *
 * A shape compiles to a single SELECT (sqlgen_shape.c) that is prepared
 * once and kept in the plan cache.  Its literals are parameters, so the
 * cache key is the shape with its literals blanked out (relnav_shape_
 * normalize): shapes that differ only in their literals share one plan,
 * and each call binds its own literals after the key.
 *
 * Blanking literals out takes pass one of the parser, which reads no
 * catalog.  Its result for the last shape text seen is kept for the
 * backend's life (fetch_last, in its own context): a call site that
 * repeats its shape pays for neither parsing nor planning.  Pass two runs
 * only when a plan is built, on the text of the call that needs it.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "executor/tstoreReceiver.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "callsite.h"
#include "fetch.h"
#include "scan.h"
#include "shape.h"
#include "sqlgen_shape.h"

/* A shape text, its normalized form and its literals, in order. */
typedef struct FetchShape
{
	text	   *raw;
	text	   *normalized;
	int			nliterals;
	char	  **literals;
} FetchShape;

static MemoryContext fetch_last_context = NULL;
static FetchShape *fetch_last = NULL;

/* The shape of the call whose plan is being built, for fetch_build. */
static FetchShape *fetch_building = NULL;

static bool
fetch_same_text(text *a, text *b)
{
	return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

/*
 * A copy of shape in the current memory context.  fetch_last may be
 * replaced while the call still binds: a literal's or a key's conversion
 * can run user code that calls rel_fetch with another shape.
 */
static FetchShape *
fetch_copy_shape(const FetchShape *shape)
{
	FetchShape *copy = palloc(sizeof(FetchShape));

	copy->raw = palloc(VARSIZE(shape->raw));
	memcpy(copy->raw, shape->raw, VARSIZE(shape->raw));
	copy->normalized = palloc(VARSIZE(shape->normalized));
	memcpy(copy->normalized, shape->normalized, VARSIZE(shape->normalized));
	copy->nliterals = shape->nliterals;
	copy->literals = palloc(sizeof(char *) * Max(shape->nliterals, 1));
	for (int i = 0; i < shape->nliterals; i++)
		copy->literals[i] = pstrdup(shape->literals[i]);
	return copy;
}

/*
 * The normalized form and literals of shape, from fetch_last when it is
 * the last shape seen, as a copy of the call's own.
 */
static FetchShape *
fetch_prepare_shape(text *shape)
{
	MemoryContext oldcontext;
	ShapeTree  *tree;
	char	   *raw;
	FetchShape *result;
	ListCell   *lc;
	int			i = 0;

	if (fetch_last != NULL && fetch_same_text(fetch_last->raw, shape))
		return fetch_copy_shape(fetch_last);

	/* pass one, in the caller's memory: a syntax error changes nothing */
	raw = text_to_cstring(shape);
	tree = relnav_shape_parse(raw);

	if (fetch_last_context == NULL)
		fetch_last_context = AllocSetContextCreate(TopMemoryContext,
												   "relnav last shape",
												   ALLOCSET_SMALL_SIZES);
	fetch_last = NULL;
	MemoryContextReset(fetch_last_context);
	oldcontext = MemoryContextSwitchTo(fetch_last_context);
	result = palloc(sizeof(FetchShape));
	result->raw = cstring_to_text(raw);
	result->normalized = cstring_to_text(relnav_shape_normalize(tree));
	result->nliterals = list_length(tree->literals);
	result->literals = palloc(sizeof(char *) * Max(result->nliterals, 1));
	foreach(lc, tree->literals)
		result->literals[i++] = pstrdup(((QueryLiteral *) lfirst(lc))->value);
	MemoryContextSwitchTo(oldcontext);
	fetch_last = result;
	return fetch_copy_shape(result);
}

static void
fetch_add_dependency(void *arg, Oid relid)
{
	relnav_stmt_add_dependency((RelnavStatement *) arg, relid);
}

/*
 * Builder of RELNAV_STMT_FETCH and RELNAV_STMT_FETCH_MANY statements: both
 * passes over the text of the call that needs the plan (so that messages
 * show what the caller wrote), which normalizes to spec->text.
 */
static void
fetch_build(RelnavStatement *stmt, void *arg)
{
	RelnavStatementSpec *spec = arg;
	ShapeTree  *tree;

	if (fetch_building == NULL)
		elog(ERROR, "relnav fetch plan built without a shape");
	tree = relnav_shape_parse(text_to_cstring(fetch_building->raw));
	if (strcmp(relnav_shape_normalize(tree), spec->text) != 0)
		elog(ERROR, "relnav fetch plan built for another shape");

	relnav_stmt_set_key(stmt, spec->source);
	relnav_stmt_add_dependency(stmt, spec->source);
	relnav_shape_resolve(tree, spec->source, fetch_add_dependency, stmt);
	stmt->target = spec->source;
	relnav_shape_build_statement(stmt, tree, spec->kind == RELNAV_STMT_FETCH_MANY);
}

/* The call site's plan for shape, built from the call's text if needed. */
static RelnavCallSite *
fetch_callsite(FunctionCallInfo fcinfo, RelnavStatementKind kind, Oid source,
			   FetchShape *shape)
{
	RelnavCallSite *site;

	fetch_building = shape;
	PG_TRY();
	{
		site = relnav_callsite_enter(fcinfo, kind, source, shape->normalized,
									 NULL, false, fetch_build);
	}
	PG_FINALLY();
	{
		fetch_building = NULL;
	}
	PG_END_TRY();
	return site;
}

typedef struct FetchLiteralContext
{
	const char *literal;
	Oid			type;
} FetchLiteralContext;

static void
fetch_literal_error_context(void *arg)
{
	FetchLiteralContext *context = arg;

	errcontext("literal %s of the shape, compared as %s",
			   quote_literal_cstr(relnav_abbreviate(context->literal)),
			   format_type_be(context->type));
}

/*
 * The shape's literals converted with their types' input functions, into
 * one array per parameter group of the plan's statement.
 */
static Datum *
fetch_literal_arrays(const RelnavPlan *plan, FetchShape *shape)
{
	ShapeParams *params = plan->stmt.extra;
	Datum	  **values;
	Datum	   *arrays;
	ErrorContextCallback callback;
	FetchLiteralContext context;

	if (params == NULL || params->nslots != shape->nliterals)
		elog(ERROR, "relnav fetch plan has %d literals, the shape %d",
			 params ? params->nslots : -1, shape->nliterals);

	values = palloc(sizeof(Datum *) * Max(params->ngroups, 1));
	for (int g = 0; g < params->ngroups; g++)
		values[g] = palloc(sizeof(Datum) * params->groups[g].nvalues);

	callback.callback = fetch_literal_error_context;
	callback.arg = &context;
	callback.previous = error_context_stack;
	error_context_stack = &callback;
	for (int i = 0; i < params->nslots; i++)
	{
		ShapeParamSlot *slot = &params->slots[i];
		ShapeParamType *type = &params->types[slot->type];
		Datum		value;

		context.literal = shape->literals[i];
		context.type = type->type;
		value = InputFunctionCall(&type->input, shape->literals[i],
								  type->typioparam, -1);
		if (params->groups[slot->group].elemtype != type->type)
			value = CStringGetTextDatum(shape->literals[i]);	/* cast in SQL */
		values[slot->group][slot->element - 1] = value;
	}
	error_context_stack = callback.previous;

	arrays = palloc(sizeof(Datum) * Max(params->ngroups, 1));
	for (int g = 0; g < params->ngroups; g++)
	{
		ShapeParamGroup *group = &params->groups[g];

		arrays[g] = PointerGetDatum(construct_array(values[g], group->nvalues,
													group->elemtype,
													group->elemlen,
													group->elembyval,
													group->elemalign));
	}
	return arrays;
}

/* Bind the literals' arrays as the parameters after the keys. */
static void
fetch_bind_literals(RelnavCallSite *site, FetchShape *shape)
{
	ShapeParams *params = site->plan->stmt.extra;
	Datum	   *arrays = fetch_literal_arrays(site->plan, shape);

	for (int g = 0; g < params->ngroups; g++)
		relnav_callsite_bind(site, params->groups[g].paramno, arrays[g], false);
}

/* For the planner hook (inline.c): see fetch.h. */
RelnavPlan *
relnav_fetch_plan(Oid source, text *shape_text, bool many, Datum *values,
				  bool *given)
{
	FetchShape *shape = fetch_prepare_shape(shape_text);
	RelnavStatementSpec spec;
	RelnavPlan *plan;
	ShapeParams *params;
	Datum	   *arrays;

	memset(&spec, 0, sizeof(spec));
	spec.kind = many ? RELNAV_STMT_FETCH_MANY : RELNAV_STMT_FETCH;
	spec.source = source;
	spec.text = text_to_cstring(shape->normalized);
	spec.ordered = true;
	fetch_building = shape;
	PG_TRY();
	{
		plan = relnav_plan_acquire(relnav_callsite_plan_key(&spec), fetch_build,
								   &spec);
	}
	PG_FINALLY();
	{
		fetch_building = NULL;
	}
	PG_END_TRY();

	params = plan->stmt.extra;
	arrays = fetch_literal_arrays(plan, shape);
	for (int g = 0; g < params->ngroups; g++)
	{
		values[params->groups[g].paramno - 1] = arrays[g];
		given[params->groups[g].paramno - 1] = true;
	}
	return plan;
}

/* rel_fetch(source regclass, key "any", shape text) RETURNS jsonb */
PG_FUNCTION_INFO_V1(rel_fetch);
Datum
rel_fetch(PG_FUNCTION_ARGS)
{
	RelnavCallSite *site;
	FetchShape *shape;
	Datum		result = (Datum) 0;
	bool		found = false;
	int			rc;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();

	shape = fetch_prepare_shape(PG_GETARG_TEXT_PP(2));
	relnav_spi_connect();
	site = fetch_callsite(fcinfo, RELNAV_STMT_FETCH, PG_GETARG_OID(0), shape);
	fetch_bind_literals(site, shape);
	if (relnav_callsite_bind_key(fcinfo, site, 1))
	{
		rc = relnav_callsite_execute(site, NULL, true);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "relnav fetch failed: %s", SPI_result_code_string(rc));
		if (SPI_processed > 0)
		{
			bool		isnull;
			Datum		doc = SPI_getbinval(SPI_tuptable->vals[0],
											SPI_tuptable->tupdesc, 1, &isnull);

			if (!isnull)
			{
				/* copy out of SPI's memory before SPI_finish frees it */
				result = SPI_datumTransfer(doc, false, -1);
				found = true;
			}
		}
	}
	relnav_callsite_leave(site);
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/*
 * rel_fetch_many(source regclass, keys anyarray, shape text)
 *		RETURNS SETOF jsonb
 */
PG_FUNCTION_INFO_V1(rel_fetch_many);
Datum
rel_fetch_many(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	RelnavCallSite *site;
	FetchShape *shape;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;

	shape = fetch_prepare_shape(PG_GETARG_TEXT_PP(2));
	relnav_spi_connect();
	site = fetch_callsite(fcinfo, RELNAV_STMT_FETCH_MANY, PG_GETARG_OID(0), shape);
	fetch_bind_literals(site, shape);
	relnav_callsite_bind_key_array(fcinfo, site, 1);
	(void) relnav_callsite_read_into(site, rsinfo);
	relnav_callsite_leave(site);
	SPI_finish();
	return (Datum) 0;
}
