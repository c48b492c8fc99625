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
#include "access/xact.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/resowner.h"

#include "store.h"
#include "condition.h"
#include "order.h"
#include "scan.h"
#include "relinfo.h"

/*
 * Trigger: BEFORE INSERT on the catalog.  Turns the column names of a new
 * row into attribute numbers.  Names are what rel_declare validated and what
 * pg_dump carries; attribute numbers are what survives renames.
 *
 * A row whose tables or columns do not resolve (a dump edited by hand, a
 * table left out of a partial restore, a row a superuser wrote) is skipped
 * with a WARNING that names it: one such row must not make the restore of
 * every other declaration fail, as an error in the middle of the catalog's
 * COPY would.
 */
typedef struct CatalogColumns
{
	const char *names;			/* name[] column */
	const char *attnums;		/* int2[] column it fills in */
	const char *table;			/* regclass column it belongs to */
} CatalogColumns;

static const CatalogColumns catalog_columns[] = {
	{"source_columns", "source_attnums", "source"},
	{"target_columns", "target_attnums", "target"},
	{"secondary_source_columns", "secondary_source_attnums", "secondary"},
	{"secondary_target_columns", "secondary_target_attnums", "secondary"},
	{"order_columns", "order_attnums", "target"},
};

/* Column attno of the trigger's row, or NULL. */
static Datum
catalog_row_value(HeapTuple tuple, TupleDesc desc, const char *column, bool *isnull)
{
	int			attno = SPI_fnumber(desc, column);

	if (attno <= 0)
		elog(ERROR, "relnav catalog lacks column \"%s\"", column);
	return heap_getattr(tuple, attno, desc, isnull);
}

/* Number of elements of a one-dimensional array column, or -1 if NULL. */
static int
catalog_row_length(HeapTuple tuple, TupleDesc desc, const char *column)
{
	bool		isnull;
	Datum		value = catalog_row_value(tuple, desc, column, &isnull);
	ArrayType  *array;

	if (isnull)
		return -1;
	array = DatumGetArrayTypeP(value);
	return ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
}

/*
 * The condition's template and attribute numbers, from its text, against
 * the table holding the referencing columns; a problem (the text does not
 * resolve any more) is returned, not raised, as for the column lists.
 * A catalog without the condition columns (before 0.3.0) has nothing to do.
 */
static char *
catalog_resolve_condition(HeapTuple tuple, TupleDesc desc, Datum *values,
						  bool *nulls, bool *replace)
{
	int			template_att = SPI_fnumber(desc, "condition_template");
	int			attnums_att = SPI_fnumber(desc, "condition_attnums");
	bool		condition_null;
	bool		kind_null;
	bool		table_null;
	Datum		condition;
	char	   *kind;
	Oid			holder;
	MemoryContext oldcontext = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	char	   *volatile problem = NULL;
	char	   *volatile template_text = NULL;
	int16	   *volatile attnums = NULL;
	volatile int n = 0;

	if (SPI_fnumber(desc, "condition") <= 0 || template_att <= 0 || attnums_att <= 0)
		return NULL;
	replace[template_att - 1] = replace[attnums_att - 1] = true;
	condition = catalog_row_value(tuple, desc, "condition", &condition_null);
	if (condition_null)
	{
		nulls[template_att - 1] = nulls[attnums_att - 1] = true;
		return NULL;
	}
	kind = TextDatumGetCString(catalog_row_value(tuple, desc, "kind", &kind_null));
	holder = DatumGetObjectId(catalog_row_value(tuple, desc,
												strcmp(kind, "many_to_one") == 0 ? "source" :
												strcmp(kind, "many_to_many") == 0 ? "secondary" :
												"target", &table_null));
	if (table_null || get_rel_relkind(holder) == '\0')
		return pstrdup("The table of its condition does not exist.");

	/* the condition's own errors become the row's problem */
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcontext);
	PG_TRY();
	{
		int16	   *read;
		int			nread;

		template_text = relnav_condition_compile(TextDatumGetCString(condition), holder,
												 &read, &nread);
		attnums = read;
		n = nread;
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcontext);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;
		problem = psprintf("Its condition does not resolve: %s.", edata->message);
	}
	PG_END_TRY();
	if (problem != NULL)
		return problem;

	values[template_att - 1] = CStringGetTextDatum(template_text);
	{
		Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));

		for (int i = 0; i < n; i++)
			elems[i] = Int16GetDatum(attnums[i]);
		values[attnums_att - 1] = PointerGetDatum(construct_array(elems, n, INT2OID,
																  sizeof(int16), true,
																  TYPALIGN_SHORT));
	}
	return NULL;
}

/*
 * Why the row cannot be resolved, as an errdetail sentence, or NULL when
 * it can.  Fills values/nulls/replace for the attribute number columns.
 */
static char *
catalog_resolve_row(HeapTuple tuple, TupleDesc desc, Datum *values, bool *nulls,
					bool *replace)
{
	int			nsource = catalog_row_length(tuple, desc, "source_columns");
	int			ntarget = catalog_row_length(tuple, desc, "target_columns");
	bool		no_secondary;
	bool		m2m;

	(void) catalog_row_value(tuple, desc, "secondary", &no_secondary);
	m2m = !no_secondary;

	if (nsource <= 0 || ntarget <= 0 || nsource > RELNAV_MAX_COLUMNS ||
		ntarget > RELNAV_MAX_COLUMNS ||
		(!m2m && (nsource != ntarget ||
				  catalog_row_length(tuple, desc, "secondary_source_columns") >= 0 ||
				  catalog_row_length(tuple, desc, "secondary_target_columns") >= 0)) ||
		(m2m && (catalog_row_length(tuple, desc, "secondary_source_columns") != nsource ||
				 catalog_row_length(tuple, desc, "secondary_target_columns") != ntarget)) ||
		catalog_row_length(tuple, desc, "order_columns") !=
		catalog_row_length(tuple, desc, "order_flags") ||
		catalog_row_length(tuple, desc, "order_columns") > RELNAV_MAX_COLUMNS)
		return pstrdup("Its column lists do not pair up.");

	for (int i = 0; i < lengthof(catalog_columns); i++)
	{
		const CatalogColumns *c = &catalog_columns[i];
		int			attnums_att = SPI_fnumber(desc, c->attnums);
		bool		names_null;
		bool		table_null;
		Datum		names = catalog_row_value(tuple, desc, c->names, &names_null);
		Datum		table = catalog_row_value(tuple, desc, c->table, &table_null);
		Oid			relid;
		Datum	   *elems;
		bool	   *elem_nulls;
		int			n;
		Datum	   *attnums;

		if (attnums_att <= 0)
			elog(ERROR, "relnav catalog lacks column \"%s\"", c->attnums);
		replace[attnums_att - 1] = true;
		if (names_null || table_null)
		{
			nulls[attnums_att - 1] = true;
			continue;
		}
		relid = DatumGetObjectId(table);
		if (get_rel_relkind(relid) == '\0')
			return psprintf("Table with OID %u does not exist.", relid);
		if (get_rel_persistence(relid) == RELPERSISTENCE_TEMP)
			return psprintf("Table \"%s\" is a temporary table.", relnav_display_name(relid));

		deconstruct_array(DatumGetArrayTypeP(names), NAMEOID, NAMEDATALEN, false,
						  TYPALIGN_CHAR, &elems, &elem_nulls, &n);
		attnums = palloc(sizeof(Datum) * Max(n, 1));
		for (int j = 0; j < n; j++)
		{
			const char *name;
			AttrNumber	attnum;

			if (elem_nulls[j])
				return pstrdup("Its column lists contain a null.");
			name = NameStr(*DatumGetName(elems[j]));
			attnum = relnav_column_attnum(relid, name);
			if (attnum == InvalidAttrNumber)
				return psprintf("Column \"%s\" of table \"%s\" does not exist.",
								name, relnav_display_name(relid));
			attnums[j] = Int16GetDatum(attnum);
		}
		values[attnums_att - 1] = PointerGetDatum(construct_array(attnums, n, INT2OID,
																  sizeof(int16), true,
																  TYPALIGN_SHORT));
	}
	return catalog_resolve_condition(tuple, desc, values, nulls, replace);
}

PG_FUNCTION_INFO_V1(relnav_resolve_columns);
Datum
relnav_resolve_columns(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	tuple;
	int			natts;
	Datum	   *values;
	bool	   *nulls;
	bool	   *replace;
	char	   *problem;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event))
		elog(ERROR, "relnav_resolve_columns must be a BEFORE ROW trigger");

	tuple = trigdata->tg_trigtuple;
	desc = trigdata->tg_relation->rd_att;
	natts = desc->natts;
	values = palloc0(sizeof(Datum) * natts);
	nulls = palloc0(sizeof(bool) * natts);
	replace = palloc0(sizeof(bool) * natts);

	problem = catalog_resolve_row(tuple, desc, values, nulls, replace);
	if (problem != NULL)
	{
		bool		source_null;
		bool		name_null;
		Datum		source = catalog_row_value(tuple, desc, "source", &source_null);
		Datum		name = catalog_row_value(tuple, desc, "name", &name_null);

		ereport(WARNING,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("skipping relationship \"%s\" on table \"%s\"",
						name_null ? "" : relnav_abbreviate(TextDatumGetCString(name)),
						source_null ? "" : relnav_display_name(DatumGetObjectId(source))),
				 errdetail_internal("%s", problem),
				 errhint("Declare it again with rel_declare once its tables and columns exist.")));
		/* a BEFORE ROW trigger that returns NULL skips the row */
		return PointerGetDatum(NULL);
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
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("order_by column and flag arrays differ in length")));
	if (order.nitems == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(relnav_order_by_to_text(relid, &order)));
}

/* SQL: _relnav.condition_text(regclass, text): a template under today's names. */
PG_FUNCTION_INFO_V1(relnav_condition_text);
Datum
relnav_condition_text(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(relnav_condition_render(text_to_cstring(PG_GETARG_TEXT_PP(1)),
															 PG_GETARG_OID(0))));
}
