/*
 * catalog_funcs.c
 *		SQL-callable functions that belong to the catalog table itself: its
 *		triggers (names to attribute numbers on insert, invalidation after
 *		each statement) and the helpers of the rel_relationships view.
 *
 * Nothing here is cached; each call reads PostgreSQL's syscache.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "store.h"
#include "order.h"
#include "scan.h"
#include "relinfo.h"

/*
 * Trigger: BEFORE INSERT on the catalog.  Turns the column names of a new
 * row into attribute numbers.  Names are what rel_declare validated and what
 * pg_dump carries; attribute numbers are what survives renames.
 */
static Datum
catalog_names_to_attnums(Datum names, Oid relid)
{
	ArrayType  *array = DatumGetArrayTypeP(names);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	Datum	   *attnums;

	deconstruct_array(array, NAMEOID, NAMEDATALEN, false, TYPALIGN_CHAR,
					  &elems, &nulls, &n);
	attnums = palloc(sizeof(Datum) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("column list of a relationship contains a null")));
		attnums[i] = Int16GetDatum(relnav_column_attnum_or_error(relid,
																 NameStr(*DatumGetName(elems[i]))));
	}
	return PointerGetDatum(construct_array(attnums, n, INT2OID, sizeof(int16),
										   true, TYPALIGN_SHORT));
}

PG_FUNCTION_INFO_V1(relnav_resolve_columns);
Datum
relnav_resolve_columns(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	static const struct
	{
		const char *names;
		const char *attnums;
		const char *table;
	}			columns[] = {
		{"source_columns", "source_attnums", "source"},
		{"target_columns", "target_attnums", "target"},
		{"secondary_source_columns", "secondary_source_attnums", "secondary"},
		{"secondary_target_columns", "secondary_target_attnums", "secondary"},
		{"order_columns", "order_attnums", "target"},
	};
	TupleDesc	desc;
	HeapTuple	tuple;
	int			natts;
	Datum	   *values;
	bool	   *nulls;
	bool	   *replace;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event))
		elog(ERROR, "relnav_resolve_columns must be a BEFORE ROW trigger");

	tuple = trigdata->tg_trigtuple;
	desc = trigdata->tg_relation->rd_att;
	natts = desc->natts;
	values = palloc0(sizeof(Datum) * natts);
	nulls = palloc0(sizeof(bool) * natts);
	replace = palloc0(sizeof(bool) * natts);

	for (int i = 0; i < lengthof(columns); i++)
	{
		int			names_att = SPI_fnumber(desc, columns[i].names);
		int			attnums_att = SPI_fnumber(desc, columns[i].attnums);
		int			table_att = SPI_fnumber(desc, columns[i].table);
		bool		names_null;
		bool		table_null;
		Datum		names;
		Datum		table;

		if (names_att <= 0 || attnums_att <= 0 || table_att <= 0)
			elog(ERROR, "relnav catalog lacks column \"%s\"", columns[i].names);
		names = heap_getattr(tuple, names_att, desc, &names_null);
		table = heap_getattr(tuple, table_att, desc, &table_null);
		replace[attnums_att - 1] = true;
		if (names_null || table_null)
			nulls[attnums_att - 1] = true;
		else
			values[attnums_att - 1] = catalog_names_to_attnums(names,
															   DatumGetObjectId(table));
	}
	return PointerGetDatum(heap_modify_tuple(tuple, desc, values, nulls, replace));
}

/*
 * Trigger: AFTER each statement on the catalog.  The relcache invalidation
 * is sent to every backend at commit (and applied here at once); their
 * callbacks then drop cached declarations and plans.
 */
PG_FUNCTION_INFO_V1(relnav_catalog_changed);
Datum
relnav_catalog_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "relnav_catalog_changed must be called as a trigger");
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	return PointerGetDatum(NULL);
}

/* SQL: _relnav.column_names(regclass, int2[]): today's names of columns. */
PG_FUNCTION_INFO_V1(relnav_column_names);
Datum
relnav_column_names(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	int16		attnums[RELNAV_MAX_COLUMNS];
	int			n = relnav_int2_array(PG_GETARG_DATUM(1), false, attnums);
	Datum	   *names = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
	{
		char	   *attname = get_attname(relid, attnums[i], true);
		Name		name = palloc0(NAMEDATALEN);

		namestrcpy(name, attname ? attname : "?");
		names[i] = NameGetDatum(name);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(names, n, NAMEOID, NAMEDATALEN,
										  false, TYPALIGN_CHAR));
}

/* SQL: _relnav.order_by_text(regclass, int2[], int2[]) */
PG_FUNCTION_INFO_V1(relnav_order_by_text);
Datum
relnav_order_by_text(PG_FUNCTION_ARGS)
{
	Oid			relid = PG_GETARG_OID(0);
	RelnavOrder order;

	order.nitems = relnav_int2_array(PG_GETARG_DATUM(1), false, order.attnums);
	if (relnav_int2_array(PG_GETARG_DATUM(2), false, order.flags) != order.nitems)
		elog(ERROR, "order_by arrays of a relnav catalog entry differ in length");
	if (order.nitems == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(relnav_order_by_to_text(relid, &order)));
}
