/*
 * catalog.c
 *		Where relnav's catalog table is, and how relnav runs SQL on it: with
 *		search_path pinned, with the latest snapshot for reads, and as the
 *		catalog's owner for writes.
 *
 * The only state is the catalog's OID, kept for the backend; inval.c
 * forgets it when the catalog may have been dropped (DROP EXTENSION).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/parallel.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "catalog.h"

static Oid	catalog_relid = InvalidOid;

Oid
relnav_catalog_relid(void)
{
	if (!OidIsValid(catalog_relid))
	{
		Oid			nspid = get_namespace_oid(RELNAV_SCHEMA, true);

		if (OidIsValid(nspid))
			catalog_relid = get_relname_relid(RELNAV_CATALOG_TABLE, nspid);
	}
	return catalog_relid;
}

Oid
relnav_catalog_relid_or_error(void)
{
	Oid			relid = relnav_catalog_relid();

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("relnav catalog is missing"),
				 errhint("Run CREATE EXTENSION relnav in this database.")));
	return relid;
}

Oid
relnav_catalog_relid_if_known(void)
{
	return catalog_relid;
}

void
relnav_catalog_relid_forget(void)
{
	catalog_relid = InvalidOid;
}

void
relnav_spi_connect(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

int
relnav_pin_search_path(void)
{
	int			nestlevel = NewGUCNestLevel();

	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return nestlevel;
}

void
relnav_unpin_search_path(int nestlevel)
{
	AtEOXact_GUC(true, nestlevel);
}

int
relnav_spi_execute(const char *sql, int nargs, Oid *argtypes, Datum *values,
				   const char *nulls, bool read_only, long tcount)
{
	int			nestlevel = relnav_pin_search_path();
	int			rc = SPI_execute_with_args(sql, nargs, argtypes, values, nulls,
										   read_only, tcount);

	relnav_unpin_search_path(nestlevel);
	return rc;
}

int
relnav_spi_execute_latest(const char *sql, int nargs, Oid *argtypes,
						  Datum *values, long tcount)
{
	int			nestlevel = relnav_pin_search_path();
	SPIPlanPtr	plan = SPI_prepare(sql, nargs, argtypes);
	Snapshot	snapshot;
	int			rc;

	relnav_unpin_search_path(nestlevel);
	if (plan == NULL)
		elog(ERROR, "could not prepare relnav catalog query: %s",
			 SPI_result_code_string(SPI_result));
	snapshot = IsInParallelMode() ? GetActiveSnapshot() : GetLatestSnapshot();
	rc = SPI_execute_snapshot(plan, values, NULL, snapshot, InvalidSnapshot,
							  true, false, tcount);
	SPI_freeplan(plan);
	return rc;
}

uint64
relnav_catalog_exec(const char *sql, int nargs, Oid *argtypes, Datum *values,
					const char *nulls, int expected_rc)
{
	Oid			relid = relnav_catalog_relid_or_error();
	HeapTuple	tuple;
	Oid			owner;
	Oid			save_userid;
	int			save_sec_context;
	volatile int rc = 0;

	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);

	/* write as the catalog's owner, the way ri_triggers.c runs its checks */
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context |
						   SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	PG_TRY();
	{
		rc = relnav_spi_execute(sql, nargs, argtypes, values, nulls, false, 0);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_userid, save_sec_context);
	}
	PG_END_TRY();

	if (rc != expected_rc)
		elog(ERROR, "could not write relnav catalog: %s", SPI_result_code_string(rc));
	return SPI_processed;
}
