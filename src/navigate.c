/*
 * navigate.c
 *		rel_navigate, rel_rows, rel_count and rel_navigate_many: the rows
 *		that source rows reach along a path of relationships.
 *
 * Thin SQL-callable entry points: the statement comes from sqlgen_path.c
 * through the call site (callsite.c), which keeps it between calls.
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

#include "callsite.h"
#include "errors.h"
#include "path.h"
#include "probe.h"
#include "relinfo.h"
#include "scan.h"

/* A path of scalar hops found two rows: its last hop did (see guards). */
static void
navigate_check_scalar(const RelnavStatement *stmt, uint64 nrows)
{
	if (stmt->scalar && nrows > 1)
		relnav_error_overflow(stmt->last_hop->source, stmt->last_hop->name,
							  stmt->last_hop->kind);
}

/* The source row is gone, when the statement left it to a probe. */
static bool
navigate_source_missing(RelnavCallSite *site)
{
	return site->plan->stmt.probe &&
		!relnav_probe_source(&site->plan->stmt.key, site->params);
}

static int64
navigate_max_rows(FunctionCallInfo fcinfo, int argno, bool *given)
{
	int64		max_rows;

	*given = !PG_ARGISNULL(argno);
	if (!*given)
		return 0;
	max_rows = PG_GETARG_INT64(argno);
	relnav_check_max_rows(max_rows);
	return max_rows;
}

/* Bind key and max_rows of a navigation; false when the key is NULL. */
static bool
navigate_bind(FunctionCallInfo fcinfo, RelnavCallSite *site, int key_argno,
			  bool with_limit, int64 max_rows)
{
	if (!relnav_callsite_bind_key(fcinfo, site, key_argno))
		return false;
	if (site->plan->stmt.limit_param > 0)
		relnav_callsite_bind(site, site->plan->stmt.limit_param,
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
	bool		with_limit;
	int64		max_rows;

	/* the expected descriptor is the one jsonb column */
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;
	max_rows = navigate_max_rows(fcinfo, 4, &with_limit);

	relnav_spi_connect();
	site = relnav_callsite_enter(fcinfo, RELNAV_STMT_NAVIGATE, PG_GETARG_OID(0),
							   PG_GETARG_TEXT_PP(2),
							   PG_ARGISNULL(3) ? NULL : PG_GETARG_TEXT_PP(3),
							   with_limit, relnav_build_navigate);
	if (navigate_bind(fcinfo, site, 1, with_limit, max_rows))
	{
		uint64		nrows = relnav_callsite_read_into(site, rsinfo);

		if (navigate_source_missing(site))
			tuplestore_clear(rsinfo->setResult);
		else
			navigate_check_scalar(&site->plan->stmt, nrows);
		if (site->plan->stmt.scalar && with_limit && max_rows == 0)
			tuplestore_clear(rsinfo->setResult);
	}
	relnav_callsite_leave(site);
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

	relnav_spi_connect();
	site = relnav_callsite_enter(fcinfo, RELNAV_STMT_ROWS, PG_GETARG_OID(1),
							   PG_GETARG_TEXT_PP(3),
							   PG_ARGISNULL(4) ? NULL : PG_GETARG_TEXT_PP(4),
							   with_limit, relnav_build_navigate);
	if (rowtype != get_rel_type_id(site->plan->stmt.target))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("path \"%s\" leads to table \"%s\", not to type %s",
						relnav_abbreviate(text_to_cstring(PG_GETARG_TEXT_PP(3))),
						relnav_display_name(site->plan->stmt.target),
						format_type_be(rowtype)),
				 errhint("Pass NULL::%s as the first argument.",
						 relnav_qualified_name(site->plan->stmt.target))));
	InitMaterializedSRF(fcinfo, 0);

	if (navigate_bind(fcinfo, site, 2, with_limit, max_rows))
	{
		rc = relnav_callsite_execute(site, NULL, true);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "relnav navigation failed: %s", SPI_result_code_string(rc));
		if (navigate_source_missing(site))
			SPI_processed = 0;
		navigate_check_scalar(&site->plan->stmt, SPI_processed);
		if (!(site->plan->stmt.scalar && with_limit && max_rows == 0))
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
	relnav_callsite_leave(site);
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

	relnav_spi_connect();
	site = relnav_callsite_enter(fcinfo, RELNAV_STMT_COUNT, PG_GETARG_OID(0),
							   PG_GETARG_TEXT_PP(2), NULL, false, relnav_build_navigate);
	if (relnav_callsite_bind_key(fcinfo, site, 1))
	{
		bool		isnull;

		rc = relnav_callsite_execute(site, NULL, true);
		if (rc != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "relnav count failed: %s", SPI_result_code_string(rc));
		count = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
											SPI_tuptable->tupdesc, 1, &isnull));
		if (navigate_source_missing(site))
			count = 0;
		navigate_check_scalar(&site->plan->stmt, (uint64) count);
	}
	relnav_callsite_leave(site);
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

	relnav_spi_connect();
	site = relnav_callsite_enter(fcinfo, RELNAV_STMT_NAVIGATE_MANY, PG_GETARG_OID(0),
							   PG_GETARG_TEXT_PP(2), NULL, false,
							   relnav_build_navigate_many);
	relnav_callsite_bind_key_array(fcinfo, site, 1);

	memset(&receiver.pub, 0, sizeof(receiver.pub));
	receiver.pub.receiveSlot = many_receive;
	receiver.pub.rStartup = many_startup;
	receiver.pub.rShutdown = many_shutdown;
	receiver.pub.rDestroy = many_destroy;
	receiver.pub.mydest = DestTuplestore;	/* DestNone would mean "discarded" */
	receiver.result = rsinfo->setResult;
	receiver.result_desc = rsinfo->setDesc;
	receiver.scalar = site->plan->stmt.scalar;
	receiver.last_position = 0;
	receiver.overflowed = false;

	rc = relnav_callsite_execute(site, &receiver.pub, true);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "relnav navigation failed: %s", SPI_result_code_string(rc));
	if (receiver.overflowed)
		navigate_check_scalar(&site->plan->stmt, 2);
	relnav_callsite_leave(site);
	SPI_finish();
	return (Datum) 0;
}
