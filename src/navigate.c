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
#include "storage/lmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/params.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "callsite.h"
#include "ident.h"
#include "navigate.h"
#include "probe.h"
#include "relinfo.h"
#include "sqlgen.h"

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
		const RelnavDecl *decl;

		/* as a query would; and any change to current has committed now */
		LockRelationOid(current, AccessShareLock);
		decl = relnav_decl_lookup(current, lfirst(lc), false);

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
						 const char *right_alias, char **key_exprs,
						 bool check_source)
{
	if (key_exprs == NULL)
		appendStringInfo(from, "%s %s0", relnav_qualified_name(path->source), prefix);
	else if (check_source)
	{
		/*
		 * The source row must still exist and be visible to the caller (its
		 * privileges, its row-level security): checked once per key, apart
		 * from the join, which starts from the key itself.
		 */
		RelnavOrder key_columns;
		StringInfoData cond;

		relnav_primary_key(path->source, &key_columns.nitems, key_columns.attnums);
		initStringInfo(&cond);
		for (int i = 0; i < key_columns.nitems; i++)
			relnav_append_key_equality(&cond, psprintf("%s0", prefix), path->source,
									   key_columns.attnums[i],
									   key_exprs[RELNAV_MAX_COLUMNS + i]);
		relnav_append_and(where);
		appendStringInfo(where, "EXISTS (SELECT 1 FROM %s %s0 WHERE %s)",
						 relnav_qualified_name(path->source), prefix, cond.data);
	}
	for (int i = 0; i < path->nhops; i++)
	{
		char	   *left = psprintf("%s%d", prefix, i);
		char	   *right = (i == path->nhops - 1) ? pstrdup(right_alias) :
			psprintf("%s%d", prefix, i + 1);
		char	   *sec = psprintf("%ss%d", prefix, i + 1);

		relnav_append_hop(from, where, path->hops[i], left,
						  (i == 0) ? (const char *const *) key_exprs : NULL,
						  right, sec, i < path->nhops - 1);
	}
}

/*
 * Can the path's first hop start from the source key itself?  When the hop
 * joins on the source's primary key, r0.pk = $1 and r0.pk = t.fk give
 * t.fk = $1, and the source row is then only checked for existence, once.
 * Returns the key expression for each of the hop's source columns
 * (param_format with the key column's number: "$%d" or "k.k%d"), followed
 * at RELNAV_MAX_COLUMNS by the expression of each key column, or NULL.
 */
static char **
navigate_key_starts_path(const RelnavPlan *plan, const RelnavPath *path,
						 const char *param_format)
{
	const RelnavDecl *first = path->hops[0];
	char	  **exprs;

	if (first->kind == RELNAV_MANY_TO_ONE || first->ncolumns != plan->nkeys)
		return NULL;

	exprs = palloc0(sizeof(char *) * RELNAV_MAX_COLUMNS * 2);
	for (int k = 0; k < plan->nkeys; k++)
		exprs[RELNAV_MAX_COLUMNS + k] = psprintf(param_format, k + 1);
	for (int i = 0; i < first->ncolumns; i++)
	{
		for (int k = 0; k < plan->nkeys; k++)
			if (plan->key_attnums[k] == first->source_attnums[i])
				exprs[i] = exprs[RELNAV_MAX_COLUMNS + k];
		if (exprs[i] == NULL)
			return NULL;
	}
	return exprs;
}

/* Append "alias.pk = <key expression>" for every key column. */
static void
navigate_key_condition(RelnavPlan *plan, StringInfo where, const char *alias,
					   const char *param_format)
{
	for (int i = 0; i < plan->nkeys; i++)
		relnav_append_key_equality(where, alias, plan->source, plan->key_attnums[i],
								   psprintf(param_format, i + 1));
}

/* Append the identity of rows aliased alias of relid: key or ctid. */
static void
navigate_append_row_identity(StringInfo buf, const char *alias, Oid relid)
{
	AttrNumber	pk[RELNAV_MAX_COLUMNS];
	int			npk;

	if (relnav_primary_key(relid, &npk, pk))
	{
		appendStringInfoString(buf, "ROW(");
		for (int i = 0; i < npk; i++)
			appendStringInfo(buf, "%s%s.%s", i > 0 ? ", " : "", alias,
							 quote_identifier(relnav_column_name(relid, pk[i])));
		appendStringInfoChar(buf, ')');
	}
	else
		appendStringInfo(buf, "ROW(%s.tableoid, %s.ctid)", alias, alias);
}

/*
 * A scalar hop must find at most one row from each row it starts from.
 * Hops whose target columns are unique cannot find two.  For each other
 * scalar hop except the last (whose result the caller counts), append to
 * where a guard: over the path up to that hop, any starting row with two
 * distinct targets makes a scalar subquery return two rows, which is
 * PostgreSQL's own 21000; relnav_plan_execute names the relationship.
 */
static void
navigate_append_scalar_guards(StringInfo where, const RelnavPath *path,
							  char **key_exprs, RelnavPlan *plan,
							  const char *param_format)
{
	for (int hop = 0; hop < path->nhops - (path->scalar ? 1 : 0); hop++)
	{
		const RelnavDecl *decl = path->hops[hop];
		RelnavPath	prefix = *path;
		StringInfoData from;
		StringInfoData cond;
		char	   *start = psprintf("g%d", hop);
		bool		grouped = (hop > 0 || key_exprs == NULL);

		if (!relnav_kind_is_scalar(decl->kind) ||
			relnav_columns_unique(decl->target, decl->ntarget_columns,
								  decl->target_attnums))
			continue;
		relnav_plan_note_overflow(plan, decl);

		prefix.nhops = hop + 1;
		initStringInfo(&from);
		initStringInfo(&cond);
		if (key_exprs == NULL)
			navigate_key_condition(plan, &cond, "g0", param_format);
		relnav_append_path_joins(&from, &cond, &prefix, "g", "gt", key_exprs, true);

		relnav_append_and(where);
		appendStringInfo(where,
						 "(SELECT 1 FROM (SELECT 1 FROM %s%s%s gt WHERE %s",
						 from.data, from.len > 0 ? ", " : "",
						 relnav_qualified_name(decl->target), cond.data);
		if (grouped)
		{
			appendStringInfoString(where, " GROUP BY ");
			navigate_append_row_identity(where, start, decl->source);
		}
		appendStringInfoString(where, " HAVING pg_catalog.count(DISTINCT ");
		navigate_append_row_identity(where, "gt", decl->target);
		appendStringInfoString(where,
							   ") OPERATOR(pg_catalog.>) 1 LIMIT 1) v,"
							   " (VALUES (1), (2)) w(n)) IS NULL");
	}
}

void
relnav_append_distinct_keys(StringInfo sql, RelnavPlan *plan)
{
	appendStringInfoString(sql, "(SELECT ");
	for (int i = 0; i < plan->nkeys; i++)
		appendStringInfo(sql, "k%d, ", i + 1);
	appendStringInfoString(sql, "pg_catalog.min(ord) AS ord FROM ROWS FROM (");
	for (int i = 0; i < plan->nkeys; i++)
	{
		Oid			arraytype = get_array_type(plan->key_types[i]);

		if (!OidIsValid(arraytype))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("type %s has no array type",
							format_type_be(plan->key_types[i]))));
		plan->paramtypes[plan->nparams++] = arraytype;
		appendStringInfo(sql, "%spg_catalog.unnest($%d)", i > 0 ? ", " : "", i + 1);
	}
	appendStringInfoString(sql, ") WITH ORDINALITY AS u(");
	for (int i = 0; i < plan->nkeys; i++)
		appendStringInfo(sql, "k%d, ", i + 1);
	appendStringInfoString(sql, "ord) GROUP BY ");
	for (int i = 0; i < plan->nkeys; i++)
		appendStringInfo(sql, "%sk%d", i > 0 ? ", " : "", i + 1);
	appendStringInfoChar(sql, ')');
}

/* The ORDER BY items of a navigation: order_by, else the last hop's. */
static void
navigate_order(const RelnavStatementSpec *spec, const RelnavPath *path,
			   RelnavOrder *order)
{
	if (spec->order_by != NULL)
		relnav_parse_order_by(spec->order_by, relnav_path_target(path), order);
	else
		*order = path->hops[path->nhops - 1]->order;
}

/*
 * Append "FROM target t WHERE <t is reached>".  A path is a set, so rows are
 * found through EXISTS (the bare conditions when the path needs no table
 * besides t).
 */
static void
navigate_append_reach(StringInfo sql, const RelnavPath *path,
					  StringInfo from, StringInfo where)
{
	char	   *target = relnav_qualified_name(relnav_path_target(path));

	if (from->len > 0)
		appendStringInfo(sql, " FROM %s t WHERE EXISTS (SELECT 1 FROM %s WHERE %s)",
						 target, from->data, where->data);
	else
		appendStringInfo(sql, " FROM %s t WHERE %s", target, where->data);
}

/*
 * What both navigation builders share: resolve the path, set the plan's
 * key and target, and fill from and where with every join from the key
 * (written with key_format: "$%d" or "k.k%d") to the target row t.  With
 * may_probe, a source row that a probe can check (probe.h) is left to the
 * caller, which must then call relnav_probe_source when plan->probe.
 */
static RelnavPath *
navigate_compile(RelnavPlan *plan, const RelnavStatementSpec *spec,
				 const char *key_format, bool may_probe,
				 StringInfo from, StringInfo where)
{
	RelnavPath *path = relnav_resolve_path(spec->source, spec->text, plan);
	char	  **key_exprs;

	relnav_plan_set_source_key(plan, spec->source);
	plan->target = relnav_path_target(path);
	plan->scalar = path->scalar;
	plan->last_hop = relnav_plan_keep_decl(plan, path->hops[path->nhops - 1]);

	initStringInfo(from);
	initStringInfo(where);
	key_exprs = navigate_key_starts_path(plan, path, key_format);
	if (key_exprs == NULL)
		navigate_key_condition(plan, where, "r0", key_format);
	else if (may_probe && relnav_probe_possible(spec->source))
		relnav_probe_prepare(plan);
	relnav_append_path_joins(from, where, path, "r", "t", key_exprs, !plan->probe);
	navigate_append_scalar_guards(where, path, key_exprs, plan, key_format);
	return path;
}

/* Builder of RELNAV_STMT_NAVIGATE, _ROWS and _COUNT statements. */
static void
navigate_build(RelnavPlan *plan, void *arg)
{
	RelnavStatementSpec *spec = arg;
	StringInfoData from;
	StringInfoData where;
	RelnavPath *path = navigate_compile(plan, spec, "$%d", true, &from, &where);
	Oid			target = plan->target;
	RelnavOrder order;
	StringInfoData sql;

	for (int i = 0; i < plan->nkeys; i++)
		plan->paramtypes[plan->nparams++] = plan->key_types[i];
	navigate_order(spec, path, &order);

	initStringInfo(&sql);
	switch (spec->kind)
	{
		case RELNAV_STMT_ROWS:
			appendStringInfoString(&sql, "SELECT t");
			break;
		case RELNAV_STMT_COUNT:
			appendStringInfoString(&sql, "SELECT pg_catalog.count(*)");
			break;
		default:
			appendStringInfoString(&sql, "SELECT pg_catalog.to_jsonb(t)");
			break;
	}
	navigate_append_reach(&sql, path, &from, &where);

	if (spec->kind != RELNAV_STMT_COUNT)
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

/*
 * Builder of RELNAV_STMT_NAVIGATE_MANY: for every distinct key (at its
 * first position), the rows its path reaches, in the relationship's order:
 *	 SELECT k.ord, x.j FROM <distinct keys with first position> k
 *	   CROSS JOIN LATERAL (SELECT to_jsonb(t) j, t.<order col> o1, ...
 *						   FROM target t WHERE EXISTS (...r0.pk = k.k1...)) x
 *	  ORDER BY k.ord, x.o1, ...
 * One sort at the end orders every group.
 */
static void
navigate_many_build(RelnavPlan *plan, void *arg)
{
	RelnavStatementSpec *spec = arg;
	StringInfoData from;
	StringInfoData where;
	RelnavPath *path = navigate_compile(plan, spec, "k.k%d", false, &from, &where);
	Oid			target = plan->target;
	RelnavOrder order;
	StringInfoData sql;

	relnav_effective_order(target, &path->hops[path->nhops - 1]->order, &order);

	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT k.ord, x.j FROM ");
	relnav_append_distinct_keys(&sql, plan);
	appendStringInfoString(&sql, " k CROSS JOIN LATERAL (SELECT pg_catalog.to_jsonb(t) AS j");
	for (int i = 0; i < order.nitems; i++)
		appendStringInfo(&sql, ", t.%s AS o%d",
						 quote_identifier(relnav_column_name(target, order.attnums[i])),
						 i + 1);
	navigate_append_reach(&sql, path, &from, &where);
	appendStringInfo(&sql, "%s) x ORDER BY k.ord", path->scalar ? " LIMIT 2" : "");
	for (int i = 0; i < order.nitems; i++)
	{
		appendStringInfo(&sql, ", x.o%d", i + 1);
		relnav_append_order_direction(&sql, order.flags[i]);
	}
	plan->sql = sql.data;
}

/* A path of scalar hops found two rows: its last hop did (see guards). */
static void
navigate_check_scalar(RelnavPlan *plan, uint64 nrows)
{
	if (plan->scalar && nrows > 1)
		relnav_plan_error_overflow(plan, plan->last_hop);
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

/* Bind key and max_rows of a navigation; false when the key is NULL. */
static bool
navigate_bind(FunctionCallInfo fcinfo, RelnavCallSite *site, int key_argno,
			  bool with_limit, int64 max_rows)
{
	if (!relnav_callsite_bind_key(fcinfo, site, key_argno))
		return false;
	if (site->plan->nparams > site->plan->nkeys)
		relnav_callsite_bind(site, site->plan->nkeys + 1, INT8OID,
							 Int64GetDatum(max_rows), false);
	return true;
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
	RelnavCallSite *site;
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
	site = relnav_callsite_get(fcinfo, RELNAV_STMT_NAVIGATE, PG_GETARG_OID(0),
							   PG_GETARG_TEXT_PP(2),
							   PG_ARGISNULL(3) ? NULL : PG_GETARG_TEXT_PP(3),
							   with_limit, navigate_build);
	if (navigate_bind(fcinfo, site, 1, with_limit, max_rows))
	{
		dest = CreateDestReceiver(DestTuplestore);
		SetTuplestoreDestReceiverParams(dest, rsinfo->setResult,
										rsinfo->econtext->ecxt_per_query_memory,
										false, NULL, NULL);
		rc = relnav_plan_execute(site->plan, site->params, dest, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "relnav navigation failed: %s", SPI_result_code_string(rc));
		if (site->plan->probe && !relnav_probe_source(site->plan, site->params))
			tuplestore_clear(rsinfo->setResult);
		else
			navigate_check_scalar(site->plan, SPI_processed);
		if (site->plan->scalar && with_limit && max_rows == 0)
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
	RelnavCallSite *site;
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
	site = relnav_callsite_get(fcinfo, RELNAV_STMT_ROWS, PG_GETARG_OID(1),
							   PG_GETARG_TEXT_PP(3),
							   PG_ARGISNULL(4) ? NULL : PG_GETARG_TEXT_PP(4),
							   with_limit, navigate_build);
	if (rowtype != get_rel_type_id(site->plan->target))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("path \"%s\" leads to table \"%s\", not to type %s",
						relnav_abbreviate(text_to_cstring(PG_GETARG_TEXT_PP(3))),
						relnav_display_name(site->plan->target),
						format_type_be(rowtype)),
				 errhint("Pass NULL::%s as the first argument.",
						 relnav_qualified_name(site->plan->target))));
	InitMaterializedSRF(fcinfo, 0);

	if (navigate_bind(fcinfo, site, 2, with_limit, max_rows))
	{
		rc = relnav_plan_execute(site->plan, site->params, NULL, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "relnav navigation failed: %s", SPI_result_code_string(rc));
		if (site->plan->probe && !relnav_probe_source(site->plan, site->params))
			SPI_processed = 0;
		navigate_check_scalar(site->plan, SPI_processed);
		if (!(site->plan->scalar && with_limit && max_rows == 0))
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
	RelnavCallSite *site;
	int64		count = 0;
	int			rc;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_INT64(0);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	site = relnav_callsite_get(fcinfo, RELNAV_STMT_COUNT, PG_GETARG_OID(0),
							   PG_GETARG_TEXT_PP(2), NULL, false, navigate_build);
	if (relnav_callsite_bind_key(fcinfo, site, 1))
	{
		bool		isnull;

		rc = relnav_plan_execute(site->plan, site->params, NULL, 0);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "relnav count failed: %s", SPI_result_code_string(rc));
		count = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
											SPI_tuptable->tupdesc, 1, &isnull));
		if (site->plan->probe && !relnav_probe_source(site->plan, site->params))
			count = 0;
		navigate_check_scalar(site->plan, (uint64) count);
	}
	SPI_finish();
	PG_RETURN_INT64(count);
}

/*
 * Receives rel_navigate_many's rows (key position, document) straight into
 * the result, with the key as the caller wrote it.  A second row for one
 * key of a scalar path is only noted: the error is raised after execution.
 */
typedef struct ManyReceiver
{
	DestReceiver pub;
	Tuplestorestate *result;
	TupleDesc	result_desc;
	Datum	   *keys;
	int			nkeys;
	bool		scalar;
	int64		last_position;
	bool		overflowed;
} ManyReceiver;

static bool
many_receive(TupleTableSlot *slot, DestReceiver *self)
{
	ManyReceiver *receiver = (ManyReceiver *) self;
	bool		isnull;
	int64		position = DatumGetInt64(slot_getattr(slot, 1, &isnull));
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (isnull || position < 1 || position > receiver->nkeys)
		elog(ERROR, "relnav: key position out of range");
	if (receiver->scalar && position == receiver->last_position)
	{
		receiver->overflowed = true;
		return true;
	}
	receiver->last_position = position;
	values[0] = receiver->keys[position - 1];
	values[1] = slot_getattr(slot, 2, &nulls[1]);
	tuplestore_putvalues(receiver->result, receiver->result_desc, values, nulls);
	return true;
}

static void
many_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
many_shutdown(DestReceiver *self)
{
}

static void
many_destroy(DestReceiver *self)
{
}

/*
 * rel_navigate_many(source regclass, keys anyarray, path text)
 *		RETURNS TABLE (source_key anyelement, target jsonb)
 *
 * One statement for all keys; the statement returns each row's key
 * position, which gives back the key exactly as the caller wrote it.
 */
PG_FUNCTION_INFO_V1(rel_navigate_many);
Datum
rel_navigate_many(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	RelnavCallSite *site;
	ArrayType  *keys;
	Oid			elemtype;
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	bool	   *elemnulls;
	ManyReceiver receiver;
	int			rc;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;
	keys = relnav_callsite_key_array(fcinfo, 1);
	elemtype = ARR_ELEMTYPE(keys);
	get_typlenbyvalalign(elemtype, &elemlen, &elembyval, &elemalign);
	deconstruct_array(keys, elemtype, elemlen, elembyval, elemalign,
					  &receiver.keys, &elemnulls, &receiver.nkeys);
	if (receiver.nkeys == 0)
		return (Datum) 0;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	site = relnav_callsite_get(fcinfo, RELNAV_STMT_NAVIGATE_MANY, PG_GETARG_OID(0),
							   PG_GETARG_TEXT_PP(2), NULL, false,
							   navigate_many_build);
	relnav_callsite_bind_key_array(fcinfo, site, 1);

	memset(&receiver.pub, 0, sizeof(receiver.pub));
	receiver.pub.receiveSlot = many_receive;
	receiver.pub.rStartup = many_startup;
	receiver.pub.rShutdown = many_shutdown;
	receiver.pub.rDestroy = many_destroy;
	receiver.pub.mydest = DestTuplestore;	/* DestNone would mean "discarded" */
	receiver.result = rsinfo->setResult;
	receiver.result_desc = rsinfo->setDesc;
	receiver.scalar = site->plan->scalar;
	receiver.last_position = 0;
	receiver.overflowed = false;

	rc = relnav_plan_execute(site->plan, site->params, &receiver.pub, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "relnav navigation failed: %s", SPI_result_code_string(rc));
	if (receiver.overflowed)
		navigate_check_scalar(site->plan, 2);
	SPI_finish();
	return (Datum) 0;
}
