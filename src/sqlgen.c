/*
 * sqlgen.c
 *		Building blocks of the SQL that relnav prepares, and the helpers
 *		with which statement builders fill in a RelnavStatement.
 *
 * Stateless: everything is derived from the catalogs at each build.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "catalog/pg_operator.h"
#include "commands/defrem.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "condition.h"
#include "order.h"
#include "plancache.h"
#include "relinfo.h"
#include "sqlgen.h"


void
relnav_append_operator(StringInfo buf, Oid opno)
{
	HeapTuple	tuple = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
	Form_pg_operator oper;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for operator %u", opno);
	oper = (Form_pg_operator) GETSTRUCT(tuple);
	appendStringInfo(buf, "OPERATOR(%s.%s)",
					 quote_identifier(get_namespace_name(oper->oprnamespace)),
					 NameStr(oper->oprname));
	ReleaseSysCache(tuple);
}

void
relnav_append_and(StringInfo buf)
{
	if (buf->len > 0)
		appendStringInfoString(buf, " AND ");
}

/* Append "AND lexpr OPERATOR(nsp.op) rexpr" (no AND when buf is empty). */
static void
sqlgen_append_comparison(StringInfo buf, const char *lexpr, Oid opno,
						 const char *rexpr)
{
	relnav_append_and(buf);
	appendStringInfo(buf, "%s ", lexpr);
	relnav_append_operator(buf, opno);
	appendStringInfo(buf, " %s", rexpr);
}

static char *
sqlgen_column_ref(const char *alias, Oid relid, AttrNumber attnum)
{
	return psprintf("%s.%s", alias, quote_identifier(relnav_column_name(relid, attnum)));
}

/*
 * Append "lexpr OPERATOR(nsp.=) rexpr" comparing column latt of lrel (or an
 * expression of its type) with column ratt of rrel.
 */
static void
sqlgen_append_equality(StringInfo buf, const char *lexpr, Oid lrel, AttrNumber latt,
					   const char *rexpr, Oid rrel, AttrNumber ratt,
					   const RelnavDecl *decl)
{
	Oid			ltype = relnav_column_type(lrel, latt);
	Oid			rtype = relnav_column_type(rrel, ratt);
	Oid			opno = relnav_equality_operator(ltype, rtype);

	if (!OidIsValid(opno))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("relationship \"%s\" on table \"%s\" joins columns of types %s and %s, which cannot be compared",
						decl->name, relnav_display_name(decl->source),
						format_type_be(ltype), format_type_be(rtype)),
				 errdetail("Column \"%s\" of table \"%s\" is compared with column \"%s\" of table \"%s\".",
						   relnav_column_name(lrel, latt), relnav_display_name(lrel),
						   relnav_column_name(rrel, ratt), relnav_display_name(rrel)),
				 errhint("Change the column types back, or drop and declare the relationship again.")));

	sqlgen_append_comparison(buf, lexpr, opno, rexpr);
}

void
relnav_append_column_equality(StringInfo buf,
							  const char *lalias, Oid lrel, AttrNumber latt,
							  const char *ralias, Oid rrel, AttrNumber ratt,
							  const RelnavDecl *decl)
{
	sqlgen_append_equality(buf, sqlgen_column_ref(lalias, lrel, latt), lrel, latt,
						   sqlgen_column_ref(ralias, rrel, ratt), rrel, ratt, decl);
}

void
relnav_append_key_equality(StringInfo buf, const char *alias,
						   Oid relid, AttrNumber attnum, const char *expr)
{
	Oid			type = relnav_column_type(relid, attnum);
	Oid			opno = relnav_equality_operator(type, type);

	if (!OidIsValid(opno))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("could not identify an equality operator for type %s",
						format_type_be(type))));
	sqlgen_append_comparison(buf, sqlgen_column_ref(alias, relid, attnum), opno,
							 expr);
}

void
relnav_append_key_match(StringInfo buf, const char *alias,
						const RelnavKeyDesc *key, const char *expr_format,
						int first)
{
	for (int i = 0; i < key->nkeys; i++)
		relnav_append_key_equality(buf, alias, key->relid, key->attnums[i],
								   psprintf(expr_format, first + i));
}

static void
sqlgen_append_from(StringInfo from, Oid relid, const char *alias)
{
	if (from->len > 0)
		appendStringInfoString(from, ", ");
	appendStringInfo(from, "%s %s", relnav_qualified_name(relid), alias);
}

void
relnav_append_hop(StringInfo from, StringInfo where, RelnavStatement *stmt,
				  const RelnavDecl *decl,
				  const char *left_alias, const char *const *left_exprs,
				  const char *right_alias, const char *sec_alias,
				  bool target_in_from, const char *holder_join)
{
	/* the hop's source-side columns: given expressions, or left_alias's */
	const char *left[RELNAV_MAX_COLUMNS];

	for (int i = 0; i < decl->ncolumns; i++)
		left[i] = left_exprs ? left_exprs[i] :
			sqlgen_column_ref(left_alias, decl->source, decl->source_attnums[i]);

	if (decl->kind == RELNAV_MANY_TO_MANY)
	{
		sqlgen_append_from(from, decl->secondary, sec_alias);
		if (holder_join != NULL)
			appendStringInfoString(from, holder_join);
		for (int i = 0; i < decl->ncolumns; i++)
			sqlgen_append_equality(where, left[i], decl->source, decl->source_attnums[i],
								   sqlgen_column_ref(sec_alias, decl->secondary,
													 decl->secondary_source_attnums[i]),
								   decl->secondary, decl->secondary_source_attnums[i],
								   decl);
		for (int i = 0; i < decl->ntarget_columns; i++)
			relnav_append_column_equality(where,
										  sec_alias, decl->secondary, decl->secondary_target_attnums[i],
										  right_alias, decl->target, decl->target_attnums[i],
										  decl);
	}
	else
	{
		for (int i = 0; i < decl->ncolumns; i++)
			sqlgen_append_equality(where, left[i], decl->source, decl->source_attnums[i],
								   sqlgen_column_ref(right_alias, decl->target,
													 decl->target_attnums[i]),
								   decl->target, decl->target_attnums[i], decl);
	}
	if (target_in_from)
		sqlgen_append_from(from, decl->target, right_alias);
	if (holder_join != NULL && decl->kind != RELNAV_MANY_TO_MANY)
	{
		Assert(target_in_from);
		appendStringInfoString(from, holder_join);
	}

	/* the declared condition, on the rows holding the referencing columns */
	if (decl->condition != NULL)
	{
		if (decl->kind == RELNAV_MANY_TO_ONE && left_exprs != NULL)
			elog(ERROR, "a many_to_one hop with a condition needs its source row");
		relnav_append_condition(where, stmt, decl,
								decl->kind == RELNAV_MANY_TO_ONE ? left_alias :
								decl->kind == RELNAV_MANY_TO_MANY ? sec_alias :
								right_alias);
	}
}

bool		relnav_trust_foreign_keys = false;

/*
 * The statements built depend on the setting: a change rebuilds relnav's
 * plans and replans the backend's kept plans, which may hold expansions
 * (inline.c).  Both only mark plans, so this cannot fail.
 */
static void
sqlgen_trust_assign(bool newval, void *extra)
{
	if (newval == relnav_trust_foreign_keys)
		return;
	relnav_plancache_invalidate_all();
	ResetPlanCache();
}

void
relnav_sqlgen_init(void)
{
	DefineCustomBoolVariable("relnav.trust_foreign_keys",
							 "Lets navigations along a validated foreign key skip checking that their source row exists.",
							 "Rows whose foreign key was not enforced (written with its triggers disabled, or with session_replication_role = replica) are then reached from keys that have no row.",
							 &relnav_trust_foreign_keys,
							 false,
							 PGC_USERSET,
							 0,
							 NULL, sqlgen_trust_assign, NULL);
}

bool
relnav_hop_source_trusted(const RelnavDecl *decl)
{
	if (!relnav_trust_foreign_keys)
		return false;
	switch (decl->kind)
	{
		case RELNAV_ONE_TO_MANY:
		case RELNAV_ONE_TO_ONE:
			return relnav_foreign_key_trusted(decl->target, decl->source,
											  decl->ncolumns, decl->target_attnums,
											  decl->source_attnums);
		case RELNAV_MANY_TO_MANY:
			return relnav_foreign_key_trusted(decl->secondary, decl->source,
											  decl->ncolumns,
											  decl->secondary_source_attnums,
											  decl->source_attnums);
		default:
			return false;		/* the source row holds the referencing columns */
	}
}

char *
relnav_source_reference(const RelnavDecl *decl, const char *holder_alias)
{
	bool		m2m = (decl->kind == RELNAV_MANY_TO_MANY);
	Oid			holder = m2m ? decl->secondary : decl->target;
	StringInfoData on;

	initStringInfo(&on);
	for (int i = 0; i < decl->ncolumns; i++)
		relnav_append_column_equality(&on, "rs", decl->source, decl->source_attnums[i],
									  holder_alias, holder,
									  m2m ? decl->secondary_source_attnums[i] :
									  decl->target_attnums[i],
									  decl);
	return psprintf(" LEFT JOIN ONLY %s rs ON %s",
					relnav_qualified_name(decl->source), on.data);
}

void
relnav_effective_order(Oid relid, const RelnavOrder *order, RelnavOrder *result)
{
	AttrNumber	pk[RELNAV_MAX_COLUMNS];
	int			npk = 0;

	result->nitems = 0;
	for (int i = 0; order != NULL && i < order->nitems; i++)
	{
		result->attnums[result->nitems] = order->attnums[i];
		result->flags[result->nitems++] = order->flags[i];
	}

	/* primary key columns break ties, so the order is always the same */
	if (relnav_primary_key(relid, &npk, pk))
	{
		for (int k = 0; k < npk && result->nitems < RELNAV_MAX_COLUMNS; k++)
		{
			bool		listed = false;

			for (int i = 0; i < result->nitems; i++)
				listed |= (result->attnums[i] == pk[k]);
			if (!listed)
			{
				result->attnums[result->nitems] = pk[k];
				result->flags[result->nitems++] = 0;
			}
		}
	}
}


bool
relnav_append_order_items(StringInfo buf, const char *alias, Oid relid,
						  const RelnavOrder *order)
{
	RelnavOrder effective;

	relnav_effective_order(relid, order, &effective);
	for (int i = 0; i < effective.nitems; i++)
	{
		appendStringInfo(buf, "%s%s.%s", i > 0 ? ", " : "", alias,
						 quote_identifier(relnav_column_name(relid, effective.attnums[i])));
		relnav_append_order_direction(buf, effective.flags[i]);
	}
	return effective.nitems > 0;
}

void
relnav_append_order_by(StringInfo buf, const char *alias, Oid relid,
					   const RelnavOrder *order)
{
	StringInfoData items;

	initStringInfo(&items);
	if (relnav_append_order_items(&items, alias, relid, order))
		appendStringInfo(buf, " ORDER BY %s", items.data);
	pfree(items.data);
}

void
relnav_stmt_add_dependency(RelnavStatement *stmt, Oid relid)
{
	for (int i = 0; i < stmt->ndeps; i++)
		if (stmt->deps[i] == relid)
			return;
	if (stmt->deps == NULL)
		stmt->deps = MemoryContextAlloc(stmt->context, sizeof(Oid) * 8);
	else if ((stmt->ndeps & (stmt->ndeps - 1)) == 0 && stmt->ndeps >= 8)
		stmt->deps = repalloc(stmt->deps, sizeof(Oid) * stmt->ndeps * 2);
	stmt->deps[stmt->ndeps++] = relid;
}

const RelnavDecl *
relnav_stmt_keep_decl(RelnavStatement *stmt, const RelnavDecl *decl)
{
	return relnav_decl_copy(decl, stmt->context);
}

void
relnav_stmt_set_key(RelnavStatement *stmt, Oid source)
{
	relnav_key_describe(&stmt->key, source, stmt->context);
}

int
relnav_stmt_add_param(RelnavStatement *stmt, Oid type)
{
	if (stmt->nparams >= RELNAV_MAX_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a relnav statement takes at most %d parameters",
						RELNAV_MAX_PARAMS)));
	stmt->paramtypes[stmt->nparams++] = type;
	return stmt->nparams;
}

int
relnav_stmt_add_const(RelnavStatement *stmt, Oid type, Datum value)
{
	int16		typlen;
	bool		typbyval;
	int			paramno = relnav_stmt_add_param(stmt, type);
	MemoryContext oldcontext = MemoryContextSwitchTo(stmt->context);

	get_typlenbyval(type, &typlen, &typbyval);
	stmt->const_params[stmt->nconsts] = paramno;
	stmt->const_values[stmt->nconsts++] = datumCopy(value, typbyval, typlen);
	MemoryContextSwitchTo(oldcontext);
	return paramno;
}

char *
relnav_qualified_name(Oid relid)
{
	char	   *relname = get_rel_name(relid);
	char	   *nspname;

	if (relname == NULL)
		elog(ERROR, "cache lookup failed for relation %u", relid);
	nspname = get_namespace_name(get_rel_namespace(relid));
	return quote_qualified_identifier(nspname, relname);
}

void
relnav_stmt_add_key_params(RelnavStatement *stmt, bool arrays)
{
	if (stmt->nparams != 0)
		elog(ERROR, "relnav key parameters must come first");
	for (int i = 0; i < stmt->key.nkeys; i++)
	{
		Oid			type = stmt->key.types[i];

		if (arrays)
		{
			type = get_array_type(stmt->key.types[i]);
			if (!OidIsValid(type))
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_OBJECT),
						 errmsg("type %s has no array type",
								format_type_be(stmt->key.types[i]))));
		}
		(void) relnav_stmt_add_param(stmt, type);
	}
}

void
relnav_append_distinct_keys(StringInfo sql, RelnavStatement *stmt)
{
	appendStringInfoString(sql, "(SELECT ");
	for (int i = 0; i < stmt->key.nkeys; i++)
		appendStringInfo(sql, "k%d, ", i + 1);
	appendStringInfoString(sql, "pg_catalog.min(ord) AS ord FROM ROWS FROM (");
	for (int i = 0; i < stmt->key.nkeys; i++)
		appendStringInfo(sql, "%spg_catalog.unnest($%d)", i > 0 ? ", " : "", i + 1);
	appendStringInfoString(sql, ") WITH ORDINALITY AS u(");
	for (int i = 0; i < stmt->key.nkeys; i++)
		appendStringInfo(sql, "k%d, ", i + 1);
	appendStringInfoString(sql, "ord) GROUP BY ");
	for (int i = 0; i < stmt->key.nkeys; i++)
		appendStringInfo(sql, "%sk%d", i > 0 ? ", " : "", i + 1);
	appendStringInfoChar(sql, ')');
}

void
relnav_append_source_key(StringInfo sql, RelnavStatement *stmt,
						 const RelnavStatementSpec *spec)
{
	int			param;

	if (!OidIsValid(spec->keys_as_given))
	{
		appendStringInfoString(sql, "k.k1");
		return;
	}
	param = relnav_stmt_add_param(stmt, spec->keys_as_given);
	stmt->keys_as_given_param = param;
	/* positions count from 1, whatever the array's lower bound */
	if (OidIsValid(get_element_type(spec->keys_as_given)))
		appendStringInfo(sql, "($%d)[k.ord::pg_catalog.int4 OPERATOR(pg_catalog.+) "
						 "pg_catalog.array_lower($%d, 1) OPERATOR(pg_catalog.-) 1]",
						 param, param);
	else
	{
		/* the text twin: keys are an array literal, read as text[] */
		appendStringInfo(sql, "($%d::pg_catalog.text[])[k.ord::pg_catalog.int4 OPERATOR(pg_catalog.+) "
						 "pg_catalog.array_lower($%d::pg_catalog.text[], 1) OPERATOR(pg_catalog.-) 1]",
						 param, param);
	}
}

void
relnav_append_overflow_raise(StringInfo buf, const RelnavDecl *decl)
{
	appendStringInfo(buf, "_relnav.scalar_overflow(%u::pg_catalog.regclass, %s, %s)",
					 decl->source, quote_literal_cstr(decl->name),
					 quote_literal_cstr(relnav_kind_name(decl->kind)));
}
