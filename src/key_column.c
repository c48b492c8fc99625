/*
 * key_column.c
 *		_relnav.key_column and _relnav.key_column_array: keys converted
 *		inside a statement, exactly as a call converts them, for calls
 *		expanded into their statement (inline.c) whose keys are of another
 *		type than the key column's.
 *
 * Setting a conversion up reads the catalog (the primary key, the cast and
 * its privileges: about 9,000 instructions), and a statement runs the
 * functions from one expression per place that reads the key.  So the
 * conversions are kept for the backend, one per table, argument type and
 * role, until inval.c reports a change to the table, a function or a cast.
 * A conversion may run user code (a cast function, a domain's CHECK) that
 * changes them: one in use is pinned, and a stale one in use is never set
 * up again in place; that call converts through a conversion of its own.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "callsite.h"
#include "keys.h"
#include "relinfo.h"

typedef struct KeyColumnId
{
	Oid			relid;
	Oid			argtype;
	Oid			userid;			/* the cast's EXECUTE privilege is the role's */
} KeyColumnId;

typedef struct KeyColumnEntry
{
	KeyColumnId id;				/* hash key */
	bool		valid;
	int			pins;			/* conversions running now */
	MemoryContext mcxt;			/* holds conv's look-ups, NULL before set-up */
	RelnavKeyConv conv;
} KeyColumnEntry;

static HTAB *key_columns = NULL;

void
relnav_key_column_invalidate(Oid relid)
{
	HASH_SEQ_STATUS status;
	KeyColumnEntry *entry;

	if (key_columns == NULL)
		return;
	hash_seq_init(&status, key_columns);
	while ((entry = hash_seq_search(&status)) != NULL)
		if (!OidIsValid(relid) || entry->id.relid == relid)
			entry->valid = false;
}

/* Set conv up in a new context of its own under parent. */
static MemoryContext
key_column_setup(RelnavKeyConv *conv, MemoryContext parent, Oid relid, Oid argtype)
{
	MemoryContext mcxt = AllocSetContextCreate(parent, "relnav key conversion",
											   ALLOCSET_SMALL_SIZES);
	RelnavKeyDesc desc;

	PG_TRY();
	{
		relnav_check_relation(relid);
		relnav_key_describe(&desc, relid, mcxt);
		relnav_keyconv_init(conv, mcxt, &desc, argtype, "key");
	}
	PG_CATCH();
	{
		MemoryContextDelete(mcxt);
		PG_RE_THROW();
	}
	PG_END_TRY();
	return mcxt;
}

/*
 * The backend's conversion for relid, argtype and the current role, set up
 * again where a change made it stale; NULL when the stale one is in use.
 */
static KeyColumnEntry *
key_column_entry(Oid relid, Oid argtype)
{
	KeyColumnId id;
	KeyColumnEntry *entry;
	bool		found;

	if (key_columns == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(KeyColumnId);
		ctl.entrysize = sizeof(KeyColumnEntry);
		ctl.hcxt = CacheMemoryContext;
		key_columns = hash_create("relnav key conversions", 16, &ctl,
								  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	memset(&id, 0, sizeof(id));
	id.relid = relid;
	id.argtype = argtype;
	id.userid = GetUserId();
	entry = hash_search(key_columns, &id, HASH_ENTER, &found);
	if (!found)
	{
		entry->valid = false;
		entry->pins = 0;
		entry->mcxt = NULL;
	}
	if (entry->valid)
		return entry;
	if (entry->pins > 0)
		return NULL;
	if (entry->mcxt != NULL)
		MemoryContextDelete(entry->mcxt);
	entry->mcxt = NULL;
	/* valid first: a change reported while it is set up makes it stale */
	entry->valid = true;
	PG_TRY();
	{
		entry->mcxt = key_column_setup(&entry->conv, CacheMemoryContext, relid,
									   argtype);
	}
	PG_CATCH();
	{
		entry->valid = false;
		PG_RE_THROW();
	}
	PG_END_TRY();
	return entry;
}

/* A conversion in use by one call. */
typedef struct KeyColumnUse
{
	KeyColumnEntry *entry;		/* the backend's, pinned */
	MemoryContext own_mcxt;		/* or, while that is stale and in use, own */
	RelnavKeyConv own;
	RelnavKeyConv *conv;		/* the one to use */
} KeyColumnUse;

static void
key_column_begin(KeyColumnUse *use, Oid relid, Oid argtype)
{
	use->own_mcxt = NULL;
	use->entry = key_column_entry(relid, argtype);
	if (use->entry != NULL)
	{
		use->conv = &use->entry->conv;
		use->entry->pins++;
	}
	else
	{
		use->own_mcxt = key_column_setup(&use->own, CurrentMemoryContext, relid,
										 argtype);
		use->conv = &use->own;
	}
}

static void
key_column_end(KeyColumnUse *use)
{
	if (use->entry != NULL)
		use->entry->pins--;
	if (use->own_mcxt != NULL)
		MemoryContextDelete(use->own_mcxt);
}

/*
 * Is part a column of the key use converts to, and column_type (the type of
 * the function's last argument) that column's type, or with arrays that
 * type's array type?  Expanded statements always pass them so.
 */
static void
key_column_check_part(FunctionCallInfo fcinfo, const KeyColumnUse *use,
					  int32 part, bool arrays)
{
	Oid			column_type = get_fn_expr_argtype(fcinfo->flinfo, 3);

	if (part < 0 || part >= use->conv->desc.nkeys ||
		column_type != (arrays ? get_array_type(use->conv->desc.types[part]) :
						use->conv->desc.types[part]))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid arguments for %s",
						arrays ? "_relnav.key_column_array" : "_relnav.key_column"),
				 errdetail("Statements that relnav expands call it with a primary key column and its type.")));
}

/*
 * _relnav.key_column(source regclass, part integer, key "any", column_type
 * anyelement) RETURNS anyelement: column part (from 0) of source's primary
 * key, converted from key exactly as a call converts it, or NULL where the
 * call would find no row (a NULL key, 1.5 for an integer key).
 * column_type, always NULL, names the column's type.
 */
PG_FUNCTION_INFO_V1(relnav_key_column);
Datum
relnav_key_column(PG_FUNCTION_ARGS)
{
	int32		part;
	KeyColumnUse use;
	Datum		values[RELNAV_MAX_COLUMNS];
	volatile RelnavKeyResult result = RELNAV_KEY_NULL;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid arguments for _relnav.key_column"),
				 errdetail("Its source and part must not be NULL.")));
	part = PG_GETARG_INT32(1);
	key_column_begin(&use, PG_GETARG_OID(0), get_fn_expr_argtype(fcinfo->flinfo, 2));
	PG_TRY();
	{
		key_column_check_part(fcinfo, &use, part, false);
		if (!PG_ARGISNULL(2))
			result = relnav_keyconv_apply(use.conv, PG_GETARG_DATUM(2), values);
	}
	PG_FINALLY();
	{
		key_column_end(&use);
	}
	PG_END_TRY();
	if (result != RELNAV_KEY_FOUND)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(values[part]);
}

/*
 * _relnav.key_column_array(source regclass, part integer, keys "any",
 * column_type anyarray) RETURNS anyarray: column part of every key in
 * keys, an array of another type than the key's (or text holding one),
 * converted as a call of rel_navigate_many or rel_fetch_many converts it,
 * position by position (NULL where the call finds no row); the call's
 * error for an array of several dimensions.
 */
PG_FUNCTION_INFO_V1(relnav_key_column_array);
Datum
relnav_key_column_array(PG_FUNCTION_ARGS)
{
	int32		part;
	Oid			argtype;
	ArrayType  *keys;
	Oid			elemtype;
	KeyColumnUse use;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int			dims[1];
	int			lbs[1] = {1};
	Oid			keytype;

	argtype = get_fn_expr_argtype(fcinfo->flinfo, 2);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) ||
		!(OidIsValid(get_element_type(argtype)) || argtype == TEXTOID))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid arguments for _relnav.key_column_array"),
				 errdetail("Its source and part must not be NULL, and its keys must be an array or text.")));
	if (PG_ARGISNULL(2))
		PG_RETURN_NULL();
	part = PG_GETARG_INT32(1);
	/* as the call reads them: an array literal in text becomes text[] */
	keys = relnav_callsite_key_array(fcinfo, 2);
	elemtype = ARR_ELEMTYPE(keys);
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(keys, elemtype, typlen, typbyval, typalign,
					  &elems, &nulls, &nelems);

	key_column_begin(&use, PG_GETARG_OID(0), elemtype);
	PG_TRY();
	{
		key_column_check_part(fcinfo, &use, part, true);
		for (int i = 0; i < nelems; i++)
		{
			Datum		values[RELNAV_MAX_COLUMNS];

			if (nulls[i])
				continue;
			if (relnav_keyconv_apply(use.conv, elems[i], values) == RELNAV_KEY_FOUND)
				elems[i] = values[part];
			else
				nulls[i] = true;
		}
	}
	PG_FINALLY();
	{
		key_column_end(&use);
	}
	PG_END_TRY();

	/* checked above to be the array type of the key column's type */
	keytype = get_element_type(get_fn_expr_argtype(fcinfo->flinfo, 3));
	get_typlenbyvalalign(keytype, &typlen, &typbyval, &typalign);
	dims[0] = nelems;
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls, 1, dims, lbs, keytype,
											 typlen, typbyval, typalign));
}
