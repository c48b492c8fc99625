/*
 * store.c
 *		The declaration store: reading declarations from the catalog table,
 *		checking that what was read is whole, and caching it per backend.
 *
 * Cache lifetime: see store.h.  The cache is a hash on (source, name) in
 * its own child of CacheMemoryContext; relnav_store_invalidate resets that
 * context, which is safe at any time because look-ups hand out copies.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "pg_config_manual.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "relinfo.h"
#include "scan.h"
#include "store.h"

/* Every key or unique index fits in a declaration's column arrays. */
StaticAssertDecl(INDEX_MAX_KEYS <= RELNAV_MAX_COLUMNS,
				 "RELNAV_MAX_COLUMNS must hold INDEX_MAX_KEYS columns");

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
relnav_kind_is_scalar(RelnavKind kind)
{
	return kind == RELNAV_MANY_TO_ONE || kind == RELNAV_ONE_TO_ONE;
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
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("attribute numbers must be a one-dimensional int2 array without nulls")));
	n = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
	if (n > RELNAV_MAX_COLUMNS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("more than %d attribute numbers", RELNAV_MAX_COLUMNS)));
	memcpy(out, ARR_DATA_PTR(array), n * sizeof(int16));
	return n;
}

RelnavDecl *
relnav_decl_copy(const RelnavDecl *decl, MemoryContext mcxt)
{
	RelnavDecl *copy = MemoryContextAlloc(mcxt, sizeof(RelnavDecl));

	memcpy(copy, decl, sizeof(RelnavDecl));
	copy->name = MemoryContextStrdup(mcxt, decl->name);
	if (decl->back_populates != NULL)
		copy->back_populates = MemoryContextStrdup(mcxt, decl->back_populates);
	if (decl->condition != NULL)
		copy->condition = MemoryContextStrdup(mcxt, decl->condition);
	return copy;
}

/* Copy column attno of an SPI result row, an int2[], into out. */
static int
store_int2_column(HeapTuple tuple, TupleDesc desc, int attno, int16 *out)
{
	bool		isnull;
	Datum		datum = SPI_getbinval(tuple, desc, attno, &isnull);

	return relnav_int2_array(datum, isnull, out);
}

/*
 * The catalog is written only by relnav (and by a restore, through its
 * trigger), but a superuser can write anything: a row whose arrays do not
 * fit together is refused here rather than turned into SQL.
 */
static void
store_check_whole(const RelnavDecl *decl, int nsecondary_source,
				  int nsecondary_target, int norder_flags)
{
	bool		whole = decl->ncolumns > 0 && decl->ntarget_columns > 0 &&
		decl->order.nitems == norder_flags;

	for (int i = 0; whole && i < decl->ncolumns; i++)
		whole = decl->source_attnums[i] > 0;
	for (int i = 0; whole && i < decl->ntarget_columns; i++)
		whole = decl->target_attnums[i] > 0;
	if (decl->kind == RELNAV_MANY_TO_MANY)
		whole &= OidIsValid(decl->secondary) &&
			nsecondary_source == decl->ncolumns &&
			nsecondary_target == decl->ntarget_columns;
	else
		whole &= !OidIsValid(decl->secondary) &&
			decl->ncolumns == decl->ntarget_columns;

	if (!whole)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("declaration of relationship \"%s\" on table \"%s\" is malformed",
						decl->name, relnav_display_name(decl->source)),
				 errdetail("Its row in the relnav catalog has column lists that do not fit together."),
				 errhint("Drop it with rel_drop and declare it again.")));
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
	int			nsecondary_source;
	int			nsecondary_target;
	int			norder_flags;
	int			rc;

	Oid			relid = relnav_catalog_relid_or_error();

	values[0] = ObjectIdGetDatum(source);
	values[1] = CStringGetTextDatum(name);
	/* a database not yet updated to 0.3.0 has no viewonly or condition */
	rc = relnav_spi_execute_latest(psprintf("SELECT target::pg_catalog.oid, kind,"
											" secondary::pg_catalog.oid, back_populates,"
											" source_attnums, target_attnums,"
											" secondary_source_attnums, secondary_target_attnums,"
											" order_attnums, order_flags, %s, %s"
											" FROM _relnav.relationships"
											" WHERE source OPERATOR(pg_catalog.=) $1::pg_catalog.regclass"
											" AND name OPERATOR(pg_catalog.=) $2",
											get_attnum(relid, "viewonly") != InvalidAttrNumber ?
											"viewonly" : "false",
											get_attnum(relid, "condition_template") != InvalidAttrNumber ?
											"condition_template" : "NULL::pg_catalog.text"),
								   2, argtypes, values, 2);
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
	if (kind == NULL || !relnav_kind_from_name(kind, &decl->kind))
		elog(ERROR, "invalid kind in relnav catalog");
	decl->secondary = DatumGetObjectId(SPI_getbinval(tuple, desc, 3, &isnull));
	if (isnull)
		decl->secondary = InvalidOid;
	decl->back_populates = SPI_getvalue(tuple, desc, 4);

	decl->ncolumns = store_int2_column(tuple, desc, 5, decl->source_attnums);
	decl->ntarget_columns = store_int2_column(tuple, desc, 6, decl->target_attnums);
	nsecondary_source = store_int2_column(tuple, desc, 7, decl->secondary_source_attnums);
	nsecondary_target = store_int2_column(tuple, desc, 8, decl->secondary_target_attnums);
	decl->order.nitems = store_int2_column(tuple, desc, 9, decl->order.attnums);
	norder_flags = store_int2_column(tuple, desc, 10, decl->order.flags);
	decl->viewonly = DatumGetBool(SPI_getbinval(tuple, desc, 11, &isnull));
	decl->condition = SPI_getvalue(tuple, desc, 12);
	store_check_whole(decl, nsecondary_source, nsecondary_target, norder_flags);
	return decl;
}

RelnavDecl *
relnav_decl_lookup(Oid source, const char *name, bool missing_ok)
{
	DeclCacheKey key;
	DeclCacheEntry *entry;
	RelnavDecl *decl;

	/* no declared name is that long, see rel_declare */
	if (strlen(name) >= NAMEDATALEN)
	{
		if (missing_ok)
			return NULL;
		relnav_error_undeclared(source, name);
	}

	memset(&key, 0, sizeof(key));	/* the name's padding is hashed too */
	key.source = source;
	strlcpy(key.name, name, NAMEDATALEN);
	if (decl_cache != NULL)
	{
		entry = hash_search(decl_cache, &key, HASH_FIND, NULL);
		if (entry != NULL)
			return relnav_decl_copy(entry->decl, CurrentMemoryContext);
	}

	/* the read may take locks, and so reset the cache: create it after */
	decl = relnav_decl_read(source, name);
	if (decl == NULL)
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
	entry = hash_search(decl_cache, &key, HASH_ENTER, NULL);
	entry->decl = relnav_decl_copy(decl, decl_cache_context);
	return decl;
}

/*
 * Comma-separated, quoted names declared on source, allocated in mcxt, or
 * NULL when there are none.
 */
static char *
store_declared_names(Oid source, MemoryContext mcxt)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		values[1];
	StringInfoData buf;
	MemoryContext oldcontext;
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

	oldcontext = MemoryContextSwitchTo(mcxt);
	initStringInfo(&buf);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	   *name = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

		appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "", quote_identifier(name));
	}
	MemoryContextSwitchTo(oldcontext);
	return buf.data;
}

void
relnav_error_undeclared(Oid source, const char *name)
{
	MemoryContext caller = CurrentMemoryContext;
	char	   *names;

	/* a level of our own: the caller may or may not be connected */
	relnav_spi_connect();
	names = store_declared_names(source, caller);
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
			 errhint("No relationship is declared on table \"%s\". Declare one with rel_declare.",
					 relnav_display_name(source))));
}

void
relnav_store_invalidate(void)
{
	if (decl_cache_context != NULL)
		MemoryContextReset(decl_cache_context);
	decl_cache = NULL;
}
