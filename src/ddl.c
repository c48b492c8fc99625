/*
 * ddl.c
 *		Event triggers that keep declarations in step with the tables they
 *		join.
 *
 * sql_drop: a dropped table or join column takes the declarations using
 * it with it, in the same transaction (a rollback brings both back), each
 * with a NOTICE; a dropped column that a declaration only orders by leaves
 * the declaration without that order_by item, also with a NOTICE.  NOTICEs
 * name tables as relnav_display_name() does (qualified only when not
 * visible), dropped ones included.  ddl_command_end: after ALTER TABLE and friends, the column names
 * stored beside the attribute numbers are refreshed, so that pg_dump
 * carries today's names.  Both write the catalog as its owner.
 *
 * Both first read whether a declaration is involved, and write only then:
 * a write locks the catalog against an open rel_declare (which holds it in
 * ShareRowExclusiveLock) and its statement trigger invalidates every
 * backend's cached declarations and plans, neither of which DDL on an
 * undeclared table has any reason to do.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/event_trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "store.h"
#include "relinfo.h"

/* The tables and columns being dropped (sql_drop only). */
#define DDL_DROPPED \
	"WITH dropped AS (" \
	" SELECT objid, objsubid, schema_name," \
	"  address_names[2] AS table_name, address_names[3] AS column_name" \
	" FROM pg_catalog.pg_event_trigger_dropped_objects()" \
	" WHERE classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass)"

/*
 * Is dropped object d a table or a join column of catalog row r?  (Columns
 * that r only orders by are not: dropping one keeps r, see below.)
 */
#define DDL_JOINS_DROPPED \
	"  ((d.objsubid OPERATOR(pg_catalog.=) 0 AND d.objid OPERATOR(pg_catalog.=) ANY (ARRAY[r.source::pg_catalog.oid, r.target::pg_catalog.oid, r.secondary::pg_catalog.oid]))" \
	"  OR (d.objid OPERATOR(pg_catalog.=) r.source::pg_catalog.oid" \
	"      AND d.objsubid OPERATOR(pg_catalog.=) ANY (r.source_attnums))" \
	"  OR (d.objid OPERATOR(pg_catalog.=) r.target::pg_catalog.oid" \
	"      AND d.objsubid OPERATOR(pg_catalog.=) ANY (r.target_attnums))" \
	"  OR (d.objid OPERATOR(pg_catalog.=) r.secondary::pg_catalog.oid" \
	"      AND (d.objsubid OPERATOR(pg_catalog.=) ANY (r.secondary_source_attnums)" \
	"           OR d.objsubid OPERATOR(pg_catalog.=) ANY (r.secondary_target_attnums)))" \
	"@COND_DROPPED@)"

/* Does catalog row r use a table or join column being dropped? */
#define DDL_USES_DROPPED \
	"EXISTS (SELECT 1 FROM dropped d WHERE" DDL_JOINS_DROPPED ")"

/* Is dropped object d a column that catalog row r orders by? */
#define DDL_ORDERS_BY_DROPPED \
	"  (d.objid OPERATOR(pg_catalog.=) r.target::pg_catalog.oid" \
	"   AND d.objsubid OPERATOR(pg_catalog.<>) 0" \
	"   AND d.objsubid OPERATOR(pg_catalog.=) ANY (r.order_attnums))"

/* The order_by items of row r (x) that stay, one array per column. */
#define DDL_ORDER_KEPT(column) \
	" ARRAY(SELECT x." column \
	"  FROM ROWS FROM (pg_catalog.unnest(r.order_attnums), pg_catalog.unnest(r.order_flags)," \
	"   pg_catalog.unnest(r.order_columns))" \
	"   WITH ORDINALITY x(attnum, flags, col, n)" \
	"  WHERE NOT EXISTS (SELECT 1 FROM dropped d" \
	"   WHERE d.objid OPERATOR(pg_catalog.=) r.target::pg_catalog.oid" \
	"   AND d.objsubid OPERATOR(pg_catalog.=) x.attnum)" \
	"  ORDER BY x.n)"

/* An order_by array left empty is stored as NULL, as rel_declare does. */
#define DDL_EMPTY_TO_NULL(array) \
	"CASE WHEN pg_catalog.cardinality(" array ") OPERATOR(pg_catalog.=) 0" \
	" THEN NULL ELSE " array " END"

/* One of the dropped objects (d) that row r uses, as an array, in order. */
#define DDL_USED(column) \
	" ARRAY(SELECT d." column " FROM dropped d WHERE" DDL_JOINS_DROPPED \
	"  ORDER BY d.schema_name COLLATE \"C\", d.table_name COLLATE \"C\", d.objsubid)"

/*
 * Name a table for a message as relnav_display_name() does, when the table
 * is being dropped and the syscache no longer has it: unqualified when its
 * schema comes first in the search_path among schemas that hold the name.
 */
static char *
ddl_dropped_table_name(const char *schema, const char *relname)
{
	Oid			nspid = get_namespace_oid(schema, true);
	List	   *path = fetch_search_path(false);
	ListCell   *lc;
	bool		visible = false;

	foreach(lc, path)
	{
		Oid			candidate = lfirst_oid(lc);

		if (candidate == nspid)
		{
			visible = OidIsValid(nspid);
			break;
		}
		if (OidIsValid(get_relname_relid(relname, candidate)))
			break;
	}
	list_free(path);
	return visible ? pstrdup(relname) : psprintf("%s.%s", schema, relname);
}

/* Element i of a text[] column of an SPI result row. */
static char *
ddl_text_element(HeapTuple tuple, TupleDesc desc, int attno, int i)
{
	bool		isnull;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tuple, desc, attno, &isnull)),
					  TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	return (i < n && !nulls[i]) ? TextDatumGetCString(elems[i]) : NULL;
}

/* The elements of an int4[] or oid[] column of an SPI result row. */
static int
ddl_int_elements(HeapTuple tuple, TupleDesc desc, int attno, Oid elemtype, Datum **elems)
{
	bool		isnull;
	bool	   *nulls;
	int			n;

	deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tuple, desc, attno, &isnull)),
					  elemtype, sizeof(int32), true, TYPALIGN_INT, elems, &nulls, &n);
	return n;
}

/*
 * "table "kins"" or "column "user_id" of table "kins"" for dropped object i
 * of a result row whose columns from first on are objid[], objsubid[],
 * schema_name[], table_name[], column_name[].
 */
static char *
ddl_describe_dropped(HeapTuple tuple, TupleDesc desc, int first, int i)
{
	Datum	   *objids;
	Datum	   *subids;
	char	   *schema = ddl_text_element(tuple, desc, first + 2, i);
	char	   *table = ddl_text_element(tuple, desc, first + 3, i);

	(void) ddl_int_elements(tuple, desc, first, OIDOID, &objids);
	(void) ddl_int_elements(tuple, desc, first + 1, INT4OID, &subids);
	if (DatumGetInt32(subids[i]) == 0)
		return psprintf("table \"%s\"", ddl_dropped_table_name(schema, table));
	/* a column's table stays: named as the caller sees it */
	return psprintf("column \"%s\" of table \"%s\"",
					ddl_text_element(tuple, desc, first + 4, i),
					relnav_display_name(DatumGetObjectId(objids[i])));
}

/* "a", "a and b", "a, b and c" */
static void
ddl_append_list_item(StringInfo buf, const char *item, int i, int n)
{
	if (i > 0)
		appendStringInfoString(buf, i == n - 1 ? " and " : ", ");
	appendStringInfoString(buf, item);
}

/* NOTICEs for the rows the DELETE of relnav_on_sql_drop returned. */
static void
ddl_notice_dropped(void)
{
	for (uint64 row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[row];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		char	   *source_schema = SPI_getvalue(tuple, desc, 3);
		char	   *source;
		Datum	   *objids;
		int			n = ddl_int_elements(tuple, desc, 5, OIDOID, &objids);
		StringInfoData uses;

		if (source_schema != NULL)
			source = ddl_dropped_table_name(source_schema, SPI_getvalue(tuple, desc, 4));
		else
			source = relnav_display_name(DatumGetObjectId(SPI_getbinval(tuple, desc, 2,
																		&isnull)));
		initStringInfo(&uses);
		for (int i = 0; i < n; i++)
			ddl_append_list_item(&uses, ddl_describe_dropped(tuple, desc, 5, i), i, n);
		ereport(NOTICE,
				(errmsg("dropping relationship \"%s\" on table \"%s\"",
						SPI_getvalue(tuple, desc, 1), source),
				 n == 1 ?
				 errdetail("It uses %s, which is being dropped.", uses.data) :
				 errdetail("It uses %s, which are being dropped.", uses.data)));
	}
}

/* NOTICEs for the rows the order_by UPDATE of relnav_on_sql_drop returned. */
static void
ddl_notice_unordered(void)
{
	for (uint64 row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[row];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		Oid			source = DatumGetObjectId(SPI_getbinval(tuple, desc, 2, &isnull));
		Oid			target = DatumGetObjectId(SPI_getbinval(tuple, desc, 3, &isnull));
		bool		unordered;
		Datum	   *elems;
		bool	   *nulls;
		int			n;
		StringInfoData columns;

		unordered = DatumGetBool(SPI_getbinval(tuple, desc, 5, &isnull));
		deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tuple, desc, 4, &isnull)),
						  TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
		initStringInfo(&columns);
		for (int i = 0; i < n; i++)
			ddl_append_list_item(&columns,
								 psprintf("\"%s\"", TextDatumGetCString(elems[i])), i, n);
		ereport(NOTICE,
				(errmsg("relationship \"%s\" on table \"%s\" no longer orders by %s %s",
						SPI_getvalue(tuple, desc, 1), relnav_display_name(source),
						n == 1 ? "column" : "columns", columns.data),
				 errdetail(n == 1 ?
						   "The column is being dropped from table \"%s\"; the relationship stays, %s." :
						   "The columns are being dropped from table \"%s\"; the relationship stays, %s.",
						   relnav_display_name(target),
						   unordered ? "without a default order" :
						   "ordered by the rest of its order_by")));
	}
}

/*
 * Run a read-only check as the caller (the catalog is readable by all);
 * true when it returns a row.  Not read_only for SPI: it must see what the
 * DDL command itself changed.
 */
static char *ddl_sql(const char *sql);

static bool
ddl_any_row(const char *sql)
{
	int			rc = relnav_spi_execute(ddl_sql(sql), 0, NULL, NULL, NULL, false, 1);

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read relnav catalog: %s", SPI_result_code_string(rc));
	return SPI_processed > 0;
}

/* Today's column names of each declaration on a table the command touched. */
#define DDL_FRESH \
	"WITH fresh AS (" \
	" SELECT r.source, r.name," \
	"  _relnav.column_names(r.source, r.source_attnums) AS source_columns," \
	"  _relnav.column_names(r.target, r.target_attnums) AS target_columns," \
	"  _relnav.column_names(r.secondary, r.secondary_source_attnums) AS secondary_source_columns," \
	"  _relnav.column_names(r.secondary, r.secondary_target_attnums) AS secondary_target_columns," \
	"  _relnav.column_names(r.target, r.order_attnums) AS order_columns" \
	"  @COND_FRESH@" \
	" FROM _relnav.relationships r" \
	" WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_event_trigger_ddl_commands() c" \
	"  WHERE c.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass" \
	"  AND c.objid OPERATOR(pg_catalog.=) ANY (ARRAY[r.source::pg_catalog.oid, r.target::pg_catalog.oid, r.secondary::pg_catalog.oid])))"

/* Do catalog row r's stored names differ from fresh row f's? */
#define DDL_NAMES_DIFFER \
	"r.source OPERATOR(pg_catalog.=) f.source AND r.name OPERATOR(pg_catalog.=) f.name" \
	" AND ((r.source_columns, r.target_columns, r.secondary_source_columns," \
	"      r.secondary_target_columns, r.order_columns)" \
	"     IS DISTINCT FROM (f.source_columns, f.target_columns, f.secondary_source_columns," \
	"      f.secondary_target_columns, f.order_columns)@COND_DIFFER@)"



/*
 * The statements above name the condition columns through markers: a
 * catalog not yet updated to 0.3.0 has none (and the update script's own
 * ALTER TABLE runs these triggers before it adds them).
 */
static char *
ddl_sql(const char *sql)
{
	static const char *const markers[] = {
		"@COND_DROPPED@", "@COND_FRESH@", "@COND_DIFFER@", "@COND_SET@"
	};
	static const char *const with_condition[] = {
		"  OR (d.objsubid OPERATOR(pg_catalog.<>) 0"
		"      AND d.objid OPERATOR(pg_catalog.=) (CASE r.kind WHEN 'many_to_one' THEN r.source"
		"        WHEN 'many_to_many' THEN r.secondary ELSE r.target END)::pg_catalog.oid"
		"      AND d.objsubid OPERATOR(pg_catalog.=) ANY (r.condition_attnums))",
		", _relnav.condition_text(CASE r.kind WHEN 'many_to_one' THEN r.source"
		"   WHEN 'many_to_many' THEN r.secondary ELSE r.target END, r.condition_template) AS condition",
		" OR r.condition IS DISTINCT FROM f.condition",
		", condition = f.condition"
	};
	bool		has_condition =
		get_attnum(relnav_catalog_relid_or_error(), "condition_template") != InvalidAttrNumber;
	StringInfoData buf;
	const char *p = sql;

	initStringInfo(&buf);
	while (*p)
	{
		bool		replaced = false;

		for (int i = 0; i < lengthof(markers) && *p == '@'; i++)
		{
			size_t		len = strlen(markers[i]);

			if (strncmp(p, markers[i], len) == 0)
			{
				if (has_condition)
					appendStringInfoString(&buf, with_condition[i]);
				p += len;
				replaced = true;
				break;
			}
		}
		if (!replaced)
			appendStringInfoChar(&buf, *p++);
	}
	return buf.data;
}

/* relnav_catalog_exec for the statements above, markers replaced. */
static uint64
ddl_catalog_exec(const char *sql, int nargs, Oid *argtypes, Datum *values,
				 const char *nulls, int expected_rc)
{
	return relnav_catalog_exec(ddl_sql(sql), nargs, argtypes, values, nulls,
							   expected_rc);
}

static bool
ddl_catalog_exists(void)
{
	/* no cached OID here: the catalog may be what is being dropped */
	Oid			nspid = get_namespace_oid(RELNAV_SCHEMA, true);

	return OidIsValid(nspid) &&
		OidIsValid(get_relname_relid(RELNAV_CATALOG_TABLE, nspid));
}

PG_FUNCTION_INFO_V1(relnav_on_sql_drop);
Datum
relnav_on_sql_drop(PG_FUNCTION_ARGS)
{

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		elog(ERROR, "relnav_on_sql_drop must be called as an event trigger");
	relnav_spi_connect();

	if (!ddl_catalog_exists())
	{
		SPI_finish();
		PG_RETURN_VOID();
	}

	if (ddl_any_row(DDL_DROPPED " SELECT 1 FROM _relnav.relationships r WHERE " DDL_USES_DROPPED))
	{
		ddl_catalog_exec(DDL_DROPPED
							" , deleted AS (DELETE FROM _relnav.relationships r"
							" WHERE " DDL_USES_DROPPED
							" RETURNING r.name, r.source::pg_catalog.oid AS source,"
							"  (SELECT d.schema_name FROM dropped d"
							"   WHERE d.objid OPERATOR(pg_catalog.=) r.source::pg_catalog.oid"
							"   AND d.objsubid OPERATOR(pg_catalog.=) 0) AS source_schema,"
							"  (SELECT d.table_name FROM dropped d"
							"   WHERE d.objid OPERATOR(pg_catalog.=) r.source::pg_catalog.oid"
							"   AND d.objsubid OPERATOR(pg_catalog.=) 0) AS source_table,"
							DDL_USED("objid") " AS objids,"
							DDL_USED("objsubid") " AS objsubids,"
							DDL_USED("schema_name") " AS schema_names,"
							DDL_USED("table_name") " AS table_names,"
							DDL_USED("column_name") " AS column_names)"
							" SELECT * FROM deleted"
							" ORDER BY COALESCE(source_schema OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) source_table,"
							"  source::pg_catalog.regclass::pg_catalog.text) COLLATE \"C\", name COLLATE \"C\"",
							0, NULL, NULL, NULL, SPI_OK_SELECT);
		ddl_notice_dropped();
	}

	/*
	 * A column used only in order_by leaves the relationship in place,
	 * without that item of its default order.
	 */
	if (ddl_any_row(DDL_DROPPED " SELECT 1 FROM _relnav.relationships r, dropped d WHERE"
					DDL_ORDERS_BY_DROPPED))
	{
		ddl_catalog_exec(DDL_DROPPED
							" , stripped AS (SELECT r.source, r.name,"
							DDL_ORDER_KEPT("attnum") " AS attnums,"
							DDL_ORDER_KEPT("flags") " AS flags,"
							DDL_ORDER_KEPT("col") " AS cols,"
							"  ARRAY(SELECT d.column_name"
							"   FROM pg_catalog.unnest(r.order_attnums) WITH ORDINALITY a(attnum, n), dropped d"
							"   WHERE d.objid OPERATOR(pg_catalog.=) r.target::pg_catalog.oid"
							"   AND d.objsubid OPERATOR(pg_catalog.=) a.attnum ORDER BY a.n) AS gone"
							" FROM _relnav.relationships r"
							" WHERE EXISTS (SELECT 1 FROM dropped d WHERE" DDL_ORDERS_BY_DROPPED "))"
							" UPDATE _relnav.relationships r SET"
							"  order_attnums = " DDL_EMPTY_TO_NULL("s.attnums") ","
							"  order_flags = " DDL_EMPTY_TO_NULL("s.flags") ","
							"  order_columns = " DDL_EMPTY_TO_NULL("s.cols")
							" FROM stripped s"
							" WHERE r.source OPERATOR(pg_catalog.=) s.source"
							" AND r.name OPERATOR(pg_catalog.=) s.name"
							" RETURNING r.name, r.source::pg_catalog.oid, r.target::pg_catalog.oid, s.gone,"
							"  pg_catalog.cardinality(s.attnums) OPERATOR(pg_catalog.=) 0",
							0, NULL, NULL, NULL, SPI_OK_UPDATE_RETURNING);
		ddl_notice_unordered();
	}
	SPI_finish();
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(relnav_on_ddl_end);
Datum
relnav_on_ddl_end(PG_FUNCTION_ARGS)
{

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		elog(ERROR, "relnav_on_ddl_end must be called as an event trigger");
	relnav_spi_connect();

	if (ddl_catalog_exists() &&
		ddl_any_row(DDL_FRESH " SELECT 1 FROM _relnav.relationships r, fresh f WHERE "
					DDL_NAMES_DIFFER))
		ddl_catalog_exec(DDL_FRESH
							" UPDATE _relnav.relationships r SET"
							"  source_columns = f.source_columns, target_columns = f.target_columns,"
							"  secondary_source_columns = f.secondary_source_columns,"
							"  secondary_target_columns = f.secondary_target_columns,"
							"  order_columns = f.order_columns@COND_SET@"
							" FROM fresh f"
							" WHERE " DDL_NAMES_DIFFER,
							0, NULL, NULL, NULL, SPI_OK_UPDATE);
	SPI_finish();
	PG_RETURN_VOID();
}
