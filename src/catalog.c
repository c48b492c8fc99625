/*
 * catalog.c
 *		Reading and writing the catalog table _relnav.relationships, and the
 *		backend-local cache of declarations read from it.
 *
 * Cache lifetime: entries live in a child of CacheMemoryContext until the
 * next flush.  A flush is requested by plancache.c's invalidation callback
 * whenever the catalog table changes (the statement trigger below sends a
 * relcache invalidation for it, which reaches every backend at commit) and
 * carried out by relnav_decl_cache_reset() between top-level calls.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "catalog.h"
#include "ident.h"
#include "plancache.h"
#include "relinfo.h"

typedef struct DeclCacheKey
{
	Oid			source;
	char		name[NAMEDATALEN];
} DeclCacheKey;

typedef struct DeclCacheEntry
{
	DeclCacheKey key;			/* must be first */
	RelnavDecl *decl;
} DeclCacheEntry;

static MemoryContext decl_cache_context = NULL;
static HTAB *decl_cache = NULL;
static Oid	catalog_relid = InvalidOid;

static const char *const kind_names[] = {
	[RELNAV_MANY_TO_ONE] = "many_to_one",
	[RELNAV_ONE_TO_MANY] = "one_to_many",
	[RELNAV_ONE_TO_ONE] = "one_to_one",
	[RELNAV_MANY_TO_MANY] = "many_to_many",
};

const char *
relnav_kind_name(RelnavKind kind)
{
	return kind_names[kind];
}

bool
relnav_kind_from_name(const char *name, RelnavKind *kind)
{
	for (int i = 0; i < lengthof(kind_names); i++)
	{
		if (strcmp(name, kind_names[i]) == 0)
		{
			*kind = (RelnavKind) i;
			return true;
		}
	}
	return false;
}

bool
relnav_same_column_pairs(int n, const AttrNumber *a1, const AttrNumber *a2,
						 int m, const AttrNumber *b1, const AttrNumber *b2)
{
	if (n != m)
		return false;
	for (int i = 0; i < n; i++)
	{
		bool		found = false;

		for (int j = 0; j < m && !found; j++)
			found = (a1[i] == b1[j] && a2[i] == b2[j]);
		if (!found)
			return false;
	}
	return true;
}

bool
relnav_kind_is_scalar(RelnavKind kind)
{
	return kind == RELNAV_MANY_TO_ONE || kind == RELNAV_ONE_TO_ONE;
}

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
relnav_decl_cache_reset(void)
{
	if (decl_cache_context != NULL)
		MemoryContextReset(decl_cache_context);
	decl_cache = NULL;
}

int
relnav_int2_array(Datum datum, bool isnull, int16 *out)
{
	ArrayType  *array;
	int			n;

	if (isnull)
		return 0;
	array = DatumGetArrayTypeP(datum);
	if (ARR_NDIM(array) > 1 || ARR_HASNULL(array) ||
		ARR_ELEMTYPE(array) != INT2OID)
		elog(ERROR, "malformed attribute number array");
	n = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
	if (n > RELNAV_MAX_COLUMNS)
		elog(ERROR, "more than %d attribute numbers", RELNAV_MAX_COLUMNS);
	memcpy(out, ARR_DATA_PTR(array), n * sizeof(int16));
	return n;
}

/*
 * Run a catalog query with the latest snapshot, as PostgreSQL reads its own
 * catalogs: a declaration committed while we waited for a lock on its
 * tables is seen, whatever the statement's snapshot.  Own uncommitted
 * changes are seen too.
 */
static int
catalog_execute_latest(const char *sql, int nargs, Oid *argtypes, Datum *values)
{
	int			nestlevel = relnav_pin_search_path();
	SPIPlanPtr	plan = SPI_prepare(sql, nargs, argtypes);
	int			rc;

	relnav_unpin_search_path(nestlevel);
	if (plan == NULL)
		elog(ERROR, "could not prepare relnav catalog query: %s",
			 SPI_result_code_string(SPI_result));
	rc = SPI_execute_snapshot(plan, values, NULL, GetLatestSnapshot(),
							  InvalidSnapshot, true, false, 2);
	SPI_freeplan(plan);
	return rc;
}

/* Copy column attno of an SPI result row, an int2[], into out. */
static int
catalog_int2_column(HeapTuple tuple, TupleDesc desc, int attno, int16 *out)
{
	bool		isnull;
	Datum		datum = SPI_getbinval(tuple, desc, attno, &isnull);

	return relnav_int2_array(datum, isnull, out);
}

RelnavDecl *
relnav_decl_read(Oid source, const char *name)
{
	Oid			argtypes[2] = {OIDOID, TEXTOID};
	Datum		values[2];
	RelnavDecl *decl;
	HeapTuple	tuple;
	TupleDesc	desc;
	bool		isnull;
	char	   *kind;
	int			rc;

	Oid			relid = relnav_catalog_relid_or_error();

	values[0] = ObjectIdGetDatum(source);
	values[1] = CStringGetTextDatum(name);
	/* a database not yet updated to 0.3.0 has no viewonly column */
	rc = catalog_execute_latest(psprintf("SELECT target::pg_catalog.oid, kind,"
										 " secondary::pg_catalog.oid, back_populates,"
										 " source_attnums, target_attnums,"
										 " secondary_source_attnums, secondary_target_attnums,"
										 " order_attnums, order_flags, %s"
										 " FROM _relnav.relationships"
										 " WHERE source OPERATOR(pg_catalog.=) $1::pg_catalog.regclass"
										 " AND name OPERATOR(pg_catalog.=) $2",
										 get_attnum(relid, "viewonly") != InvalidAttrNumber ?
										 "viewonly" : "false"),
								2, argtypes, values);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read relnav catalog: %s", SPI_result_code_string(rc));
	if (SPI_processed == 0)
		return NULL;

	tuple = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;

	decl = palloc0(sizeof(RelnavDecl));
	decl->source = source;
	decl->name = pstrdup(name);
	decl->target = DatumGetObjectId(SPI_getbinval(tuple, desc, 1, &isnull));
	kind = SPI_getvalue(tuple, desc, 2);
	if (!relnav_kind_from_name(kind, &decl->kind))
		elog(ERROR, "invalid kind \"%s\" in relnav catalog", kind);
	decl->secondary = DatumGetObjectId(SPI_getbinval(tuple, desc, 3, &isnull));
	if (isnull)
		decl->secondary = InvalidOid;
	decl->back_populates = SPI_getvalue(tuple, desc, 4);

	decl->ncolumns = catalog_int2_column(tuple, desc, 5, decl->source_attnums);
	decl->ntarget_columns = catalog_int2_column(tuple, desc, 6, decl->target_attnums);
	(void) catalog_int2_column(tuple, desc, 7, decl->secondary_source_attnums);
	(void) catalog_int2_column(tuple, desc, 8, decl->secondary_target_attnums);
	decl->order.nitems = catalog_int2_column(tuple, desc, 9, decl->order.attnums);
	(void) catalog_int2_column(tuple, desc, 10, decl->order.flags);
	decl->viewonly = DatumGetBool(SPI_getbinval(tuple, desc, 11, &isnull));
	return decl;
}

const RelnavDecl *
relnav_decl_lookup(Oid source, const char *name, bool missing_ok)
{
	DeclCacheKey key;
	DeclCacheEntry *entry;
	bool		found;
	MemoryContext oldcontext;
	RelnavDecl *decl;

	/* no declared name is that long, see rel_declare */
	if (strlen(name) >= NAMEDATALEN)
	{
		if (missing_ok)
			return NULL;
		relnav_error_undeclared(source, name);
	}

	if (decl_cache == NULL)
	{
		HASHCTL		ctl;

		if (decl_cache_context == NULL)
			decl_cache_context = AllocSetContextCreate(CacheMemoryContext,
													   "relnav declarations",
													   ALLOCSET_SMALL_SIZES);
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(DeclCacheKey);
		ctl.entrysize = sizeof(DeclCacheEntry);
		ctl.hcxt = decl_cache_context;
		decl_cache = hash_create("relnav declarations", 64, &ctl,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}

	memset(&key, 0, sizeof(key));	/* the name's padding is hashed too */
	key.source = source;
	strlcpy(key.name, name, NAMEDATALEN);
	entry = hash_search(decl_cache, &key, HASH_FIND, NULL);
	if (entry != NULL && !relnav_plancache_flush_pending())
		return entry->decl;

	decl = relnav_decl_read(source, name);
	if (decl == NULL)
	{
		if (missing_ok)
			return NULL;
		relnav_error_undeclared(source, name);
	}

	/* the cache is stale until the pending flush: use, don't keep */
	if (relnav_plancache_flush_pending())
		return decl;

	oldcontext = MemoryContextSwitchTo(decl_cache_context);
	entry = hash_search(decl_cache, &key, HASH_ENTER, &found);
	entry->decl = palloc(sizeof(RelnavDecl));
	memcpy(entry->decl, decl, sizeof(RelnavDecl));
	entry->decl->name = pstrdup(decl->name);
	if (decl->back_populates)
		entry->decl->back_populates = pstrdup(decl->back_populates);
	MemoryContextSwitchTo(oldcontext);
	return entry->decl;
}

char *
relnav_declared_names(Oid source)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		values[1];
	StringInfoData buf;
	int			rc;

	if (!OidIsValid(relnav_catalog_relid()))
		return NULL;
	values[0] = ObjectIdGetDatum(source);
	rc = relnav_spi_execute("SELECT name FROM _relnav.relationships"
							   " WHERE source OPERATOR(pg_catalog.=) $1::pg_catalog.regclass"
							   " ORDER BY name COLLATE \"C\"",
							   1, argtypes, values, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read relnav catalog: %s", SPI_result_code_string(rc));
	if (SPI_processed == 0)
		return NULL;

	initStringInfo(&buf);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	   *name = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

		appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "", quote_identifier(name));
	}
	return buf.data;
}

void
relnav_error_undeclared(Oid source, const char *name)
{
	char	   *names;
	bool		connected = (SPI_connect() == SPI_OK_CONNECT);

	names = relnav_declared_names(source);
	if (names != NULL)
		names = MemoryContextStrdup(ErrorContext, names);
	if (connected)
		SPI_finish();

	if (names != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("relationship \"%s\" does not exist on table \"%s\"",
						relnav_abbreviate(name), relnav_display_name(source)),
				 errhint("Relationships declared on table \"%s\": %s.",
						 relnav_display_name(source), names)));
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("relationship \"%s\" does not exist on table \"%s\"",
					relnav_abbreviate(name), relnav_display_name(source)),
			 errhint("No relationship is declared on table \"%s\"; declare one with rel_declare.",
					 relnav_display_name(source))));
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
