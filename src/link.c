/*
 * link.c
 *		rel_link and rel_unlink: changing which rows a relationship links,
 *		without the caller having to know which table holds the foreign key.
 *
 * Each (function, source table, relationship) compiles to one statement
 * that finds both rows, sees whether they are linked already, and writes,
 * all in data-modifying CTEs:
 *
 *	 WITH s AS (SELECT <source join columns> FROM source s WHERE <pk> = $1..),
 *		  t AS (SELECT <target join columns> FROM target t WHERE <pk> = $k..),
 *		  l AS (SELECT 1 ... WHERE <s and t are linked>),
 *		  w AS (<INSERT, UPDATE or DELETE joining s and t> RETURNING 1)
 *	 SELECT EXISTS (s), EXISTS (t), EXISTS (l), <another row linked>, count(w)
 *
 * The write joins s and t, so a missing row writes nothing; the flags then
 * tell which error to raise, and raising it undoes whatever the statement
 * did, so nothing is ever half-written.  One statement means one snapshot:
 * the checks and the write see the same rows.  The statement runs as the
 * caller, so privileges, row-level security and triggers apply as if the
 * caller had written it; a row that the caller can see but that the write
 * leaves alone (an UPDATE or DELETE policy, a trigger) is reported.
 *
 * Linking rows that are linked already, and unlinking rows that are not
 * linked to each other, change nothing: after either call the rows are in
 * the state asked for.  In particular unlinking a one_to_many target row
 * that points at another source row leaves it pointing there.
 *
 * Plans are cached like navigation plans (key "link ..."), and the call
 * site keeps its plan and both key conversions in fn_extra.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/params.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "keys.h"
#include "plancache.h"
#include "relinfo.h"
#include "sqlgen.h"

/* What identifies a link statement. */
typedef struct LinkSpec
{
	bool		unlink;
	Oid			source;
	const char *name;
} LinkSpec;

/* plan->extra of a link statement: what its caller needs to know. */
typedef struct LinkPlanInfo
{
	char	   *name;
	RelnavKind	kind;
	Oid			target;
	Oid			secondary;
	/*
	 * The target's primary key in the form keys.c converts keys for: a
	 * RelnavPlan that only describes a key.  Its build_id follows the real
	 * plan's, so that conversions set up for an older build are redone.
	 */
	RelnavPlan *target_key;
} LinkPlanInfo;

/* fn_extra of rel_link and rel_unlink */
typedef struct LinkCallSite
{
	uint64		generation;
	Oid			userid;			/* plans are per role, as in callsite.c */
	Oid			source;
	text	   *name;
	RelnavPlan *plan;
	RelnavKeyConv source_conv;
	RelnavKeyConv target_conv;
	ParamListInfo params;
} LinkCallSite;

/* Append "alias.c1, alias.c2" for columns of relid. */
static void
link_append_columns(StringInfo buf, const char *alias, Oid relid, int n,
					const AttrNumber *attnums)
{
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			appendStringInfoString(buf, ", ");
		if (alias != NULL)
			appendStringInfo(buf, "%s.", alias);
		appendStringInfoString(buf, quote_identifier(relnav_column_name(relid, attnums[i])));
	}
}

/* Append "alias.pk1 = $first AND ..." for the key described by keys. */
static void
link_append_key_match(StringInfo buf, const char *alias, const RelnavPlan *keys,
					  int first)
{
	for (int i = 0; i < keys->nkeys; i++)
		relnav_append_key_equality(buf, alias, keys->source, keys->key_attnums[i],
								   psprintf("$%d", first + i));
}

/* Append "c1 = alias.r1, ..." (alias NULL: "= NULL") for an UPDATE. */
static void
link_append_set(StringInfo buf, Oid relid, const AttrNumber *attnums,
				const char *alias, Oid from_relid, const AttrNumber *from_attnums,
				int n)
{
	for (int i = 0; i < n; i++)
	{
		appendStringInfo(buf, "%s%s = ", i > 0 ? ", " : "",
						 quote_identifier(relnav_column_name(relid, attnums[i])));
		if (alias == NULL)
			appendStringInfoString(buf, "NULL");
		else
			appendStringInfo(buf, "%s.%s", alias,
							 quote_identifier(relnav_column_name(from_relid, from_attnums[i])));
	}
}

/*
 * Unlinking empties the foreign-key columns; a NOT NULL one makes that
 * impossible whatever the rows, so it is an error before anything runs.
 */
static void
link_check_nullable(const RelnavDecl *decl)
{
	Oid			holder = decl->kind == RELNAV_MANY_TO_ONE ? decl->source : decl->target;
	const AttrNumber *attnums = decl->kind == RELNAV_MANY_TO_ONE ?
		decl->source_attnums : decl->target_attnums;

	if (decl->kind == RELNAV_MANY_TO_MANY)
		return;
	for (int i = 0; i < decl->ncolumns; i++)
	{
		if (relnav_column_not_null(holder, attnums[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NOT_NULL_VIOLATION),
					 errmsg("column \"%s\" of table \"%s\" cannot be set to null",
							relnav_column_name(holder, attnums[i]),
							relnav_display_name(holder)),
					 errdetail("Unlinking through relationship \"%s\" on table \"%s\" empties this foreign-key column, which is declared NOT NULL.",
							   decl->name, relnav_display_name(decl->source)),
					 errhint("Link the row to another row with rel_link, or delete it.")));
	}
}

/*
 * The write of a many_to_many: insert the association row unless it is
 * there (ON CONFLICT as well when a unique index covers exactly its join
 * columns, for concurrent links), or delete it.
 */
static void
link_append_secondary_write(StringInfo sql, const RelnavDecl *decl, bool unlink)
{
	const char *secondary = relnav_qualified_name(decl->secondary);
	AttrNumber	all[RELNAV_MAX_COLUMNS * 2];
	int			nall = 0;
	StringInfoData join;

	initStringInfo(&join);
	for (int i = 0; i < decl->ncolumns; i++)
		relnav_append_column_equality(&join, "a", decl->secondary,
									  decl->secondary_source_attnums[i],
									  "s", decl->source, decl->source_attnums[i], decl);
	for (int i = 0; i < decl->ntarget_columns; i++)
		relnav_append_column_equality(&join, "a", decl->secondary,
									  decl->secondary_target_attnums[i],
									  "t", decl->target, decl->target_attnums[i], decl);

	appendStringInfo(sql, ", l AS (SELECT 1 FROM %s a, s, t WHERE %s)", secondary, join.data);
	if (unlink)
	{
		appendStringInfo(sql, ", w AS (DELETE FROM %s a USING s, t WHERE %s RETURNING 1)",
						 secondary, join.data);
		return;
	}

	for (int i = 0; i < decl->ncolumns; i++)
		all[nall++] = decl->secondary_source_attnums[i];
	for (int i = 0; i < decl->ntarget_columns; i++)
		all[nall++] = decl->secondary_target_attnums[i];
	appendStringInfo(sql, ", w AS (INSERT INTO %s (", secondary);
	link_append_columns(sql, NULL, decl->secondary, nall, all);
	appendStringInfoString(sql, ") SELECT ");
	link_append_columns(sql, "s", decl->source, decl->ncolumns, decl->source_attnums);
	appendStringInfoString(sql, ", ");
	link_append_columns(sql, "t", decl->target, decl->ntarget_columns, decl->target_attnums);
	appendStringInfoString(sql, " FROM s, t WHERE NOT EXISTS (SELECT 1 FROM l)");
	if (relnav_columns_unique(decl->secondary, nall, all))
	{
		appendStringInfoString(sql, " ON CONFLICT (");
		link_append_columns(sql, NULL, decl->secondary, nall, all);
		appendStringInfoString(sql, ") DO NOTHING");
	}
	appendStringInfoString(sql, " RETURNING 1)");
}

/*
 * The write of a direct relationship: an UPDATE of the row holding the
 * foreign key, the target row for one_to_many and one_to_one (u joined
 * with s) or the source row for many_to_one (u joined with t).
 */
static void
link_append_direct_write(StringInfo sql, const RelnavDecl *decl, bool unlink,
						 const RelnavPlan *source_key,
						 const RelnavPlan *target_key)
{
	bool		m2o = (decl->kind == RELNAV_MANY_TO_ONE);
	Oid			holder = m2o ? decl->source : decl->target;
	Oid			other = m2o ? decl->target : decl->source;
	const AttrNumber *fk = m2o ? decl->source_attnums : decl->target_attnums;
	const AttrNumber *ref = m2o ? decl->target_attnums : decl->source_attnums;
	const char *other_alias = m2o ? "t" : "s";
	StringInfoData where;

	/* linked already: the holder's foreign key equals the other's columns */
	initStringInfo(&where);
	for (int i = 0; i < decl->ncolumns; i++)
		relnav_append_column_equality(&where, "s", decl->source, decl->source_attnums[i],
									  "t", decl->target, decl->target_attnums[i], decl);
	appendStringInfo(sql, ", l AS (SELECT 1 FROM s, t WHERE %s)", where.data);

	/* one_to_one: another target row already points at the source row */
	if (!unlink && decl->kind == RELNAV_ONE_TO_ONE)
	{
		resetStringInfo(&where);
		for (int i = 0; i < decl->ncolumns; i++)
			relnav_append_column_equality(&where, "o", decl->target, decl->target_attnums[i],
										  "s", decl->source, decl->source_attnums[i], decl);
		appendStringInfo(sql, ", o AS (SELECT 1 FROM %s o, s WHERE %s AND NOT (",
						 relnav_qualified_name(decl->target), where.data);
		resetStringInfo(&where);
		link_append_key_match(&where, "o", target_key, source_key->nkeys + 1);
		appendStringInfo(sql, "%s))", where.data);
	}

	appendStringInfo(sql, ", w AS (UPDATE %s u SET ", relnav_qualified_name(holder));
	link_append_set(sql, holder, fk, unlink ? NULL : other_alias, other, ref,
					decl->ncolumns);
	appendStringInfo(sql, " FROM %s WHERE ", other_alias);
	resetStringInfo(&where);
	if (m2o)
		link_append_key_match(&where, "u", source_key, 1);
	else
		link_append_key_match(&where, "u", target_key, source_key->nkeys + 1);
	if (unlink)
	{
		/* only a row that points at this very row is emptied */
		for (int i = 0; i < decl->ncolumns; i++)
			relnav_append_column_equality(&where, "u", holder, fk[i],
										  other_alias, other, ref[i], decl);
	}
	else
	{
		appendStringInfoString(&where, " AND NOT EXISTS (SELECT 1 FROM l)");
		if (decl->kind == RELNAV_ONE_TO_ONE)
			appendStringInfoString(&where, " AND NOT EXISTS (SELECT 1 FROM o)");
	}
	appendStringInfo(sql, "%s RETURNING 1)", where.data);
}

/* Builder of link statements; see the file header for their form. */
static void
link_build(RelnavPlan *plan, void *arg)
{
	LinkSpec   *spec = arg;
	const RelnavDecl *decl;
	LinkPlanInfo *info;
	RelnavPlan *target_key;
	StringInfoData sql;
	StringInfoData where;

	/* as navigation does: any change to source's declarations has committed */
	LockRelationOid(spec->source, AccessShareLock);
	decl = relnav_decl_lookup(spec->source, spec->name, false);
	if (decl->viewonly)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("relationship \"%s\" on table \"%s\" is read-only",
						decl->name, relnav_display_name(decl->source)),
				 errdetail("It was declared with viewonly => true, so rows are not linked or unlinked through it."),
				 errhint("Change the rows directly, or through a relationship declared without viewonly.")));
	if (spec->unlink)
		link_check_nullable(decl);

	relnav_plan_add_dependency(plan, decl->source);
	relnav_plan_add_dependency(plan, decl->target);
	if (OidIsValid(decl->secondary))
		relnav_plan_add_dependency(plan, decl->secondary);

	/*
	 * What the plan keeps goes into its context explicitly: the look-ups
	 * above may have run SPI, which leaves SPI's own context current.
	 */
	info = MemoryContextAllocZero(plan->context, sizeof(LinkPlanInfo));
	target_key = MemoryContextAllocZero(plan->context, sizeof(RelnavPlan));
	relnav_plan_set_source_key(plan, decl->source);
	target_key->context = plan->context;
	relnav_plan_set_source_key(target_key, decl->target);
	if (plan->nkeys + target_key->nkeys > RELNAV_MAX_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("primary keys of tables \"%s\" and \"%s\" have more than %d columns together",
						relnav_display_name(decl->source),
						relnav_display_name(decl->target), RELNAV_MAX_PARAMS)));
	for (int i = 0; i < plan->nkeys; i++)
		plan->paramtypes[plan->nparams++] = plan->key_types[i];
	for (int i = 0; i < target_key->nkeys; i++)
		plan->paramtypes[plan->nparams++] = target_key->key_types[i];

	info->name = MemoryContextStrdup(plan->context, decl->name);
	info->kind = decl->kind;
	info->target = decl->target;
	info->secondary = decl->secondary;
	info->target_key = target_key;
	plan->source = decl->source;
	plan->target = decl->target;
	plan->extra = info;

	initStringInfo(&sql);
	initStringInfo(&where);
	appendStringInfoString(&sql, "WITH s AS (SELECT ");
	link_append_columns(&sql, "s", decl->source, decl->ncolumns, decl->source_attnums);
	link_append_key_match(&where, "s", plan, 1);
	appendStringInfo(&sql, " FROM %s s WHERE %s), t AS (SELECT ",
					 relnav_qualified_name(decl->source), where.data);
	link_append_columns(&sql, "t", decl->target, decl->ntarget_columns, decl->target_attnums);
	resetStringInfo(&where);
	link_append_key_match(&where, "t", target_key, plan->nkeys + 1);
	appendStringInfo(&sql, " FROM %s t WHERE %s)",
					 relnav_qualified_name(decl->target), where.data);

	if (decl->kind == RELNAV_MANY_TO_MANY)
		link_append_secondary_write(&sql, decl, spec->unlink);
	else
		link_append_direct_write(&sql, decl, spec->unlink, plan, target_key);

	appendStringInfo(&sql, " SELECT EXISTS (SELECT 1 FROM s), EXISTS (SELECT 1 FROM t),"
					 " EXISTS (SELECT 1 FROM l), %s, (SELECT pg_catalog.count(*) FROM w)",
					 (!spec->unlink && decl->kind == RELNAV_ONE_TO_ONE) ?
					 "EXISTS (SELECT 1 FROM o)" : "false");
	plan->sql = sql.data;
}

/* "(a, b)=(1, 2)", the way PostgreSQL shows keys in constraint errors. */
static char *
link_key_text(const RelnavPlan *keys, const Datum *values)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	for (int i = 0; i < keys->nkeys; i++)
		appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "",
						 quote_identifier(keys->key_names[i]));
	appendStringInfoString(&buf, ")=(");
	for (int i = 0; i < keys->nkeys; i++)
	{
		Oid			outfunc;
		bool		isvarlena;

		getTypeOutputInfo(keys->key_types[i], &outfunc, &isvarlena);
		appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "",
						 OidOutputFunctionCall(outfunc, values[i]));
	}
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

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
 * Convert the key argument argno with conv, set up for keys when needed,
 * into values; errors when it or a part of it is NULL.
 */
static void
link_convert_key(FunctionCallInfo fcinfo, int argno, const char *argname,
				 RelnavKeyConv *conv, RelnavPlan *keys, Datum *values)
{
	Oid			argtype = get_fn_expr_argtype(fcinfo->flinfo, argno);

	if (!OidIsValid(argtype))
		elog(ERROR, "could not determine the type of the %s argument", argname);
	if (!relnav_keyconv_ready(conv, keys, argtype))
		relnav_keyconv_init(conv, fcinfo->flinfo->fn_mcxt, keys, argtype);
	if (!relnav_keyconv_apply(conv, PG_GETARG_DATUM(argno), values))
		link_error_null(argname, true);
}

/* The call site's plan, from fn_extra when the call repeats the last one. */
static LinkCallSite *
link_callsite_get(FunctionCallInfo fcinfo, bool unlink, Oid source, text *name)
{
	LinkCallSite *site = fcinfo->flinfo->fn_extra;
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
	LinkSpec	spec;
	StringInfoData key;
	uint64		generation;
	Oid			userid = GetUserId();

	if (site == NULL)
	{
		site = MemoryContextAllocZero(mcxt, sizeof(LinkCallSite));
		site->params = MemoryContextAllocZero(mcxt,
											  offsetof(ParamListInfoData, params) +
											  RELNAV_MAX_PARAMS * sizeof(ParamExternData));
		fcinfo->flinfo->fn_extra = site;
	}
	if (site->plan != NULL && site->generation == relnav_cache_generation &&
		site->plan->valid && site->userid == userid && site->source == source &&
		VARSIZE_ANY_EXHDR(site->name) == VARSIZE_ANY_EXHDR(name) &&
		memcmp(VARDATA_ANY(site->name), VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name)) == 0)
		return site;

	spec.unlink = unlink;
	spec.source = source;
	spec.name = text_to_cstring(name);
	/* the role is in the key: parsing checks USAGE on the schemas named */
	initStringInfo(&key);
	appendStringInfo(&key, "%s %u %u %zu:%s", unlink ? "unlink" : "link", userid,
					 source, strlen(spec.name), spec.name);

	/* read before building: an invalidation during the build must win */
	generation = relnav_cache_generation;
	site->plan = NULL;
	site->plan = relnav_plan_get(key.data, link_build, &spec);
	((LinkPlanInfo *) site->plan->extra)->target_key->build_id = site->plan->build_id;
	site->generation = generation;
	site->userid = userid;
	site->source = source;
	if (site->name != NULL)
		pfree(site->name);
	site->name = (text *) MemoryContextAlloc(mcxt, VARSIZE_ANY(name));
	memcpy(site->name, name, VARSIZE_ANY(name));
	return site;
}

static void
link_bind(LinkCallSite *site, int paramno, Datum value)
{
	ParamExternData *param = &site->params->params[paramno - 1];

	param->value = value;
	param->isnull = false;
	param->pflags = PARAM_FLAG_CONST;
	param->ptype = site->plan->paramtypes[paramno - 1];
}

/*
 * Run the statement.  An error raised inside it (a privilege, a constraint,
 * a trigger) carries the generated SQL as a context line, which tells the
 * caller nothing; that line is replaced by one naming the relationship.
 */
static int
link_execute(LinkCallSite *site, bool unlink)
{
	MemoryContext oldcontext = CurrentMemoryContext;
	RelnavPlan *plan = site->plan;
	volatile int rc = 0;

	PG_TRY();
	{
		rc = relnav_plan_execute_write(plan, site->params);
	}
	PG_CATCH();
	{
		ErrorData  *edata;
		char	   *line;
		char	   *at;

		MemoryContextSwitchTo(oldcontext);
		edata = CopyErrorData();
		FlushErrorState();
		line = psprintf("SQL statement \"%s\"", plan->sql);
		at = edata->context ? strstr(edata->context, line) : NULL;
		if (at != NULL)
		{
			StringInfoData context;

			initStringInfo(&context);
			appendBinaryStringInfo(&context, edata->context, at - edata->context);
			appendStringInfo(&context, "while %s through relationship \"%s\" on table \"%s\"",
							 unlink ? "unlinking" : "linking",
							 ((LinkPlanInfo *) plan->extra)->name,
							 relnav_display_name(plan->source));
			appendStringInfoString(&context, at + strlen(line));
			edata->context = context.data;
		}
		ReThrowError(edata);
	}
	PG_END_TRY();
	return rc;
}

/* The common body of rel_link and rel_unlink. */
static void
link_change(FunctionCallInfo fcinfo, bool unlink)
{
	static const char *const argnames[] = {"source", "key", "name", "target_key"};
	LinkCallSite *site;
	RelnavPlan *plan;
	LinkPlanInfo *info;
	Datum		source_values[RELNAV_MAX_COLUMNS];
	Datum		target_values[RELNAV_MAX_COLUMNS];
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
	relnav_check_relation(PG_GETARG_OID(0));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	site = link_callsite_get(fcinfo, unlink, PG_GETARG_OID(0), PG_GETARG_TEXT_PP(2));
	plan = site->plan;
	info = plan->extra;

	link_convert_key(fcinfo, 1, "key", &site->source_conv, plan, source_values);
	link_convert_key(fcinfo, 3, "target_key", &site->target_conv, info->target_key,
					 target_values);
	site->params->numParams = plan->nparams;
	for (int i = 0; i < plan->nkeys; i++)
		link_bind(site, i + 1, source_values[i]);
	for (int i = 0; i < info->target_key->nkeys; i++)
		link_bind(site, plan->nkeys + i + 1, target_values[i]);

	rc = link_execute(site, unlink);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "relnav link failed: %s", SPI_result_code_string(rc));
	found_source = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	found_target = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	linked = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));
	taken = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 4, &isnull));
	changed = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 5, &isnull));

	if (!found_source)
		link_error_missing_row(plan->source, link_key_text(plan, source_values),
							   "source", info->name, plan->source);
	if (!found_target)
		link_error_missing_row(info->target,
							   link_key_text(info->target_key, target_values),
							   "target", info->name, plan->source);
	if (taken)
		ereport(ERROR,
				(errcode(ERRCODE_UNIQUE_VIOLATION),
				 errmsg("row %s of table \"%s\" is already linked through one_to_one relationship \"%s\"",
						link_key_text(plan, source_values),
						relnav_display_name(plan->source), info->name),
				 errdetail("Another row of table \"%s\" points to it, and a one_to_one relationship links at most one row.",
						   relnav_display_name(info->target)),
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
							link_key_text(plan, source_values),
							relnav_display_name(plan->source),
							link_key_text(info->target_key, target_values),
							relnav_display_name(info->target)),
					 errdetail("The row is visible, but deleting it removed nothing: a row-level security policy or a trigger prevented it, or another transaction changed it.")));
		else
		{
			bool		m2o = (info->kind == RELNAV_MANY_TO_ONE);

			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("could not update row %s of table \"%s\"",
							m2o ? link_key_text(plan, source_values) :
							link_key_text(info->target_key, target_values),
							relnav_display_name(m2o ? plan->source : info->target)),
					 errdetail("The row is visible, but updating it changed nothing: a row-level security policy or a trigger prevented it, or another transaction changed it.")));
		}
	}
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
