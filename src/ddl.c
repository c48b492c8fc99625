/*
 * ddl.c
 *		Event triggers that keep declarations in step with the tables they
 *		join.
 *
 * sql_drop: a dropped table or column takes the declarations using it with
 * it, in the same transaction (a rollback brings both back), each with a
 * NOTICE.  ddl_command_end: after ALTER TABLE and friends, the column names
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
#include "commands/event_trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/lsyscache.h"

#include "catalog.h"
#include "relinfo.h"

/* The tables and columns being dropped (sql_drop only). */
#define DDL_DROPPED \
	"WITH dropped AS (" \
	" SELECT objid, objsubid, schema_name, object_name," \
	"  object_type OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) object_identity AS what," \
	"  object_identity" \
	" FROM pg_catalog.pg_event_trigger_dropped_objects()" \
	" WHERE classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass)"

/* Does catalog row r use a table or column being dropped? */
#define DDL_USES_DROPPED \
	"EXISTS (SELECT 1 FROM dropped d WHERE" \
	"  (d.objsubid OPERATOR(pg_catalog.=) 0 AND d.objid OPERATOR(pg_catalog.=) ANY (ARRAY[r.source::pg_catalog.oid, r.target::pg_catalog.oid, r.secondary::pg_catalog.oid]))" \
	"  OR (d.objid OPERATOR(pg_catalog.=) r.source::pg_catalog.oid" \
	"      AND d.objsubid OPERATOR(pg_catalog.=) ANY (r.source_attnums))" \
	"  OR (d.objid OPERATOR(pg_catalog.=) r.target::pg_catalog.oid" \
	"      AND (d.objsubid OPERATOR(pg_catalog.=) ANY (r.target_attnums)" \
	"           OR d.objsubid OPERATOR(pg_catalog.=) ANY (r.order_attnums)))" \
	"  OR (d.objid OPERATOR(pg_catalog.=) r.secondary::pg_catalog.oid" \
	"      AND (d.objsubid OPERATOR(pg_catalog.=) ANY (r.secondary_source_attnums)" \
	"           OR d.objsubid OPERATOR(pg_catalog.=) ANY (r.secondary_target_attnums))))"

/* Today's column names of each declaration on a table the command touched. */
#define DDL_FRESH \
	"WITH fresh AS (" \
	" SELECT r.source, r.name," \
	"  _relnav.column_names(r.source, r.source_attnums) AS source_columns," \
	"  _relnav.column_names(r.target, r.target_attnums) AS target_columns," \
	"  _relnav.column_names(r.secondary, r.secondary_source_attnums) AS secondary_source_columns," \
	"  _relnav.column_names(r.secondary, r.secondary_target_attnums) AS secondary_target_columns," \
	"  _relnav.column_names(r.target, r.order_attnums) AS order_columns" \
	" FROM _relnav.relationships r" \
	" WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_event_trigger_ddl_commands() c" \
	"  WHERE c.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass" \
	"  AND c.objid OPERATOR(pg_catalog.=) ANY (ARRAY[r.source::pg_catalog.oid, r.target::pg_catalog.oid, r.secondary::pg_catalog.oid])))"

/* Do catalog row r's stored names differ from fresh row f's? */
#define DDL_NAMES_DIFFER \
	"r.source OPERATOR(pg_catalog.=) f.source AND r.name OPERATOR(pg_catalog.=) f.name" \
	" AND (r.source_columns, r.target_columns, r.secondary_source_columns," \
	"      r.secondary_target_columns, r.order_columns)" \
	"     IS DISTINCT FROM (f.source_columns, f.target_columns, f.secondary_source_columns," \
	"      f.secondary_target_columns, f.order_columns)"

/*
 * Run a read-only check as the caller (the catalog is readable by all);
 * true when it returns a row.  Not read_only for SPI: it must see what the
 * DDL command itself changed.
 */
static bool
ddl_any_row(const char *sql)
{
	int			rc = relnav_spi_execute(sql, 0, NULL, NULL, NULL, false, 1);

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read relnav catalog: %s", SPI_result_code_string(rc));
	return SPI_processed > 0;
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

	if (ddl_catalog_exists() &&
		ddl_any_row(DDL_DROPPED " SELECT 1 FROM _relnav.relationships r WHERE " DDL_USES_DROPPED))
	{
		relnav_catalog_exec(DDL_DROPPED
							" , deleted AS (DELETE FROM _relnav.relationships r"
							" WHERE " DDL_USES_DROPPED
							" RETURNING r.name AS name,"
							"  (SELECT d.schema_name OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) d.object_name FROM dropped d"
							"   WHERE d.objid OPERATOR(pg_catalog.=) r.source::pg_catalog.oid"
							"   AND d.objsubid OPERATOR(pg_catalog.=) 0) AS dropped_source,"
							"  (SELECT pg_catalog.string_agg(d.what, ', ' ORDER BY d.what) FROM dropped d"
							"   WHERE d.objid OPERATOR(pg_catalog.=) ANY (ARRAY[r.source::pg_catalog.oid, r.target::pg_catalog.oid, r.secondary::pg_catalog.oid])),"
							"  (SELECT pg_catalog.count(*) FROM dropped d"
							"   WHERE d.objid OPERATOR(pg_catalog.=) ANY (ARRAY[r.source::pg_catalog.oid, r.target::pg_catalog.oid, r.secondary::pg_catalog.oid]))"
							"  , r.source::pg_catalog.oid AS source)"
							" SELECT * FROM deleted ORDER BY COALESCE(dropped_source, source::pg_catalog.regclass::pg_catalog.text) COLLATE \"C\", name COLLATE \"C\"",
							0, NULL, NULL, NULL, SPI_OK_SELECT);

		for (uint64 i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;
			char	   *source = SPI_getvalue(tuple, desc, 2);

			/* a source still there is named as the caller sees it */
			if (source == NULL)
				source = relnav_display_name(DatumGetObjectId(SPI_getbinval(tuple, desc, 5,
																			&isnull)));
			ereport(NOTICE,
					(errmsg("dropping relationship \"%s\" on table \"%s\"",
							SPI_getvalue(tuple, desc, 1), source),
					 strcmp(SPI_getvalue(tuple, desc, 4), "1") == 0 ?
					 errdetail("It uses %s, which is being dropped.",
							   SPI_getvalue(tuple, desc, 3)) :
					 errdetail("It uses %s, which are being dropped.",
							   SPI_getvalue(tuple, desc, 3))));
		}
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
		relnav_catalog_exec(DDL_FRESH
							" UPDATE _relnav.relationships r SET"
							"  source_columns = f.source_columns, target_columns = f.target_columns,"
							"  secondary_source_columns = f.secondary_source_columns,"
							"  secondary_target_columns = f.secondary_target_columns,"
							"  order_columns = f.order_columns"
							" FROM fresh f"
							" WHERE " DDL_NAMES_DIFFER,
							0, NULL, NULL, NULL, SPI_OK_UPDATE);
	SPI_finish();
	PG_RETURN_VOID();
}
