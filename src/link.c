/*
 * link.c
 *		rel_link and rel_unlink: thin SQL-callable entry points.  The
 *		statement comes from sqlgen_link.c through the call site, which keeps
 *		it between calls; its flags tell which error to raise, and raising
 *		it undoes whatever the statement did, so nothing is half-written.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "callsite.h"
#include "link.h"
#include "relinfo.h"

static void
link_error_null(const char *argname, bool part)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s must not be null", argname),
			 part ? errdetail("A key names a value for every primary key column.") : 0));
}

/* The one error for a source or target row that is not there. */
static void
link_error_missing_row(Oid relid, const char *keytext, const char *role,
					   const char *name, Oid source)
{
	ereport(ERROR,
			(errcode(ERRCODE_NO_DATA_FOUND),
			 errmsg("row %s does not exist in table \"%s\"",
					keytext, relnav_display_name(relid)),
			 errdetail("It was given as the %s row of relationship \"%s\" on table \"%s\".",
					   role, name, relnav_display_name(source))));
}

/*
 * Convert key argument argno into values; NULL is an error, and a key no
 * row can have (a fraction for an integer key) is a missing row.
 */
static void
link_convert_key(FunctionCallInfo fcinfo, RelnavCallSite *site, int argno,
				 const char *argname, const char *role, RelnavKeyConv *conv,
				 const RelnavKeyDesc *desc, Datum *values)
{
	LinkInfo   *info = site->plan->stmt.extra;

	switch (relnav_callsite_convert_key(fcinfo, site, conv, desc, argno,
										argname, values))
	{
		case RELNAV_KEY_FOUND:
			return;
		case RELNAV_KEY_NULL:
			link_error_null(argname, true);
			break;
		case RELNAV_KEY_NO_MATCH:
			{
				Oid			argtype = get_fn_expr_argtype(fcinfo->flinfo, argno);
				Oid			outfunc;
				bool		isvarlena;

				getTypeOutputInfo(argtype, &outfunc, &isvarlena);
				link_error_missing_row(desc->relid,
									   psprintf("(%s)=(%s)",
												quote_identifier(desc->names[0]),
												OidOutputFunctionCall(outfunc,
																	  PG_GETARG_DATUM(argno))),
									   role, info->name, site->plan->stmt.key.relid);
			}
	}
}

/* The common body of rel_link and rel_unlink. */
static void
link_change(FunctionCallInfo fcinfo, bool unlink)
{
	static const char *const argnames[] = {"source", "key", "name", "target_key"};
	RelnavCallSite *site;
	RelnavStatement *stmt;
	LinkInfo   *info;
	Datum		source_values[RELNAV_MAX_COLUMNS];
	Datum		target_values[RELNAV_MAX_COLUMNS];
	HeapTuple	row;
	TupleDesc	desc;
	bool		found_source;
	bool		found_target;
	bool		linked;
	bool		taken;
	int64		changed;
	bool		isnull;
	int			rc;

	for (int i = 0; i < lengthof(argnames); i++)
		if (PG_ARGISNULL(i))
			link_error_null(argnames[i], false);

	relnav_spi_connect();
	site = relnav_callsite_enter(fcinfo,
								 unlink ? RELNAV_STMT_UNLINK : RELNAV_STMT_LINK,
								 PG_GETARG_OID(0), PG_GETARG_TEXT_PP(2), NULL,
								 false, relnav_build_link);
	stmt = &site->plan->stmt;
	info = stmt->extra;

	link_convert_key(fcinfo, site, 1, "key", "source", &site->conv, &stmt->key,
					 source_values);
	link_convert_key(fcinfo, site, 3, "target_key", "target", &site->target_conv,
					 &stmt->target_key, target_values);
	for (int i = 0; i < stmt->key.nkeys; i++)
		relnav_callsite_bind(site, i + 1, source_values[i], false);
	for (int i = 0; i < stmt->target_key.nkeys; i++)
		relnav_callsite_bind(site, stmt->key.nkeys + i + 1, target_values[i], false);

	/* not read only: a fresh snapshot and command id, as a writer needs */
	rc = relnav_callsite_execute(site, NULL, false);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "relnav link failed: %s", SPI_result_code_string(rc));
	row = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	found_source = DatumGetBool(SPI_getbinval(row, desc, 1, &isnull));
	found_target = DatumGetBool(SPI_getbinval(row, desc, 2, &isnull));
	linked = DatumGetBool(SPI_getbinval(row, desc, 3, &isnull));
	taken = DatumGetBool(SPI_getbinval(row, desc, 4, &isnull));
	changed = DatumGetInt64(SPI_getbinval(row, desc, 5, &isnull));

	if (!found_source)
		link_error_missing_row(stmt->key.relid,
							   relnav_key_text(&stmt->key, source_values),
							   "source", info->name, stmt->key.relid);
	if (!found_target)
		link_error_missing_row(stmt->target,
							   relnav_key_text(&stmt->target_key, target_values),
							   "target", info->name, stmt->key.relid);
	if (taken)
		ereport(ERROR,
				(errcode(ERRCODE_UNIQUE_VIOLATION),
				 errmsg("row %s of table \"%s\" is already linked through one_to_one relationship \"%s\"",
						relnav_key_text(&stmt->key, source_values),
						relnav_display_name(stmt->key.relid), info->name),
				 errdetail("Another row of table \"%s\" points to it, and a one_to_one relationship links at most one row.",
						   relnav_display_name(stmt->target)),
				 errhint("Unlink that row first with rel_unlink.")));

	/*
	 * Visible rows that should have changed but did not.  A many_to_many
	 * insert that did nothing met an association row hidden from the caller
	 * (ON CONFLICT): the rows are linked, which is what was asked.
	 */
	if (changed == 0 && (unlink ? linked : !linked) &&
		!(info->kind == RELNAV_MANY_TO_MANY && !unlink))
	{
		if (info->kind == RELNAV_MANY_TO_MANY)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("could not delete the row of table \"%s\" that links row %s of table \"%s\" to row %s of table \"%s\"",
							relnav_display_name(info->secondary),
							relnav_key_text(&stmt->key, source_values),
							relnav_display_name(stmt->key.relid),
							relnav_key_text(&stmt->target_key, target_values),
							relnav_display_name(stmt->target)),
					 errdetail("The row is visible, but deleting it removed nothing: a row-level security policy or a trigger prevented it, or another transaction changed it.")));
		else
		{
			bool		m2o = (info->kind == RELNAV_MANY_TO_ONE);

			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("could not update row %s of table \"%s\"",
							m2o ? relnav_key_text(&stmt->key, source_values) :
							relnav_key_text(&stmt->target_key, target_values),
							relnav_display_name(m2o ? stmt->key.relid : stmt->target)),
					 errdetail("The row is visible, but updating it changed nothing: a row-level security policy or a trigger prevented it, or another transaction changed it.")));
		}
	}
	relnav_callsite_leave(site);
	SPI_finish();
}

/* rel_link(source regclass, key "any", name text, target_key "any") RETURNS void */
PG_FUNCTION_INFO_V1(rel_link);
Datum
rel_link(PG_FUNCTION_ARGS)
{
	link_change(fcinfo, false);
	PG_RETURN_VOID();
}

/* rel_unlink(source regclass, key "any", name text, target_key "any") RETURNS void */
PG_FUNCTION_INFO_V1(rel_unlink);
Datum
rel_unlink(PG_FUNCTION_ARGS)
{
	link_change(fcinfo, true);
	PG_RETURN_VOID();
}
