/*
 * sqlgen_link.c
 *		The statements of rel_link and rel_unlink: changing which rows a
 *		relationship links, without the caller having to know which table
 *		holds the foreign key.
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
 * Stateless: the statement built is kept by the plan cache like every
 * other, under the link or unlink statement kind.
 */
#include "postgres.h"

#include "storage/lmgr.h"
#include "utils/builtins.h"

#include "condition.h"
#include "link.h"
#include "relinfo.h"

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
 * The pins of a conditional relationship (condition.h): the columns a link
 * sets, each bound as a constant of stmt.
 */
typedef struct LinkPins
{
	int			n;
	AttrNumber	attnums[RELNAV_MAX_COLUMNS];
	int			params[RELNAV_MAX_COLUMNS];
} LinkPins;

static void
link_read_pins(RelnavStatement *stmt, const RelnavDecl *decl, LinkPins *pins)
{
	ListCell   *lc;

	pins->n = 0;
	foreach(lc, relnav_condition_pins(decl))
	{
		RelnavPin  *pin = lfirst(lc);

		if (pins->n >= RELNAV_MAX_COLUMNS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("condition of relationship \"%s\" sets more than %d columns",
							decl->name, RELNAV_MAX_COLUMNS)));
		pins->attnums[pins->n] = pin->attnum;
		pins->params[pins->n++] = relnav_stmt_add_const(stmt, pin->type, pin->value);
	}
}

/* Append ", alias.p1, alias.p2" for the pinned columns of relid. */
static void
link_append_pin_columns(StringInfo buf, const char *alias, Oid relid,
						const LinkPins *pins)
{
	for (int i = 0; i < pins->n; i++)
	{
		appendStringInfoString(buf, ", ");
		if (alias != NULL)
			appendStringInfo(buf, "%s.", alias);
		appendStringInfoString(buf, quote_identifier(relnav_column_name(relid, pins->attnums[i])));
	}
}

/* Append " AND alias.p1 = $c1 ..." : the condition, on holder rows alias. */
static void
link_append_pins_hold(StringInfo buf, const char *alias, Oid relid,
					  const LinkPins *pins)
{
	for (int i = 0; i < pins->n; i++)
		relnav_append_key_equality(buf, alias, relid, pins->attnums[i],
								   psprintf("$%d", pins->params[i]));
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
link_append_secondary_write(StringInfo sql, const RelnavDecl *decl, bool unlink,
							const LinkPins *pins)
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
	/* linked means under the condition too */
	link_append_pins_hold(&join, "a", decl->secondary, pins);

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
	link_append_pin_columns(sql, NULL, decl->secondary, pins);
	appendStringInfoString(sql, ") SELECT ");
	link_append_columns(sql, "s", decl->source, decl->ncolumns, decl->source_attnums);
	appendStringInfoString(sql, ", ");
	link_append_columns(sql, "t", decl->target, decl->ntarget_columns, decl->target_attnums);
	for (int i = 0; i < pins->n; i++)
		appendStringInfo(sql, ", $%d", pins->params[i]);
	appendStringInfoString(sql, " FROM s, t WHERE NOT EXISTS (SELECT 1 FROM l)");
	/*
	 * With pinned columns, an association row of the pair that fails the
	 * condition is a conflict to report, not a link to assume.
	 */
	if (pins->n == 0 && relnav_columns_unique(decl->secondary, nall, all))
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
						 const RelnavKeyDesc *source_key,
						 const RelnavKeyDesc *target_key, const LinkPins *pins)
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
	/* linked means under the condition too (its columns are in s or t) */
	link_append_pins_hold(&where, m2o ? "s" : "t", holder, pins);
	appendStringInfo(sql, ", l AS (SELECT 1 FROM s, t WHERE %s)", where.data);

	/* one_to_one: another target row already points at the source row */
	if (!unlink && decl->kind == RELNAV_ONE_TO_ONE)
	{
		resetStringInfo(&where);
		for (int i = 0; i < decl->ncolumns; i++)
			relnav_append_column_equality(&where, "o", decl->target, decl->target_attnums[i],
										  "s", decl->source, decl->source_attnums[i], decl);
		link_append_pins_hold(&where, "o", decl->target, pins);
		appendStringInfo(sql, ", o AS (SELECT 1 FROM %s o, s WHERE %s AND NOT (",
						 relnav_qualified_name(decl->target), where.data);
		resetStringInfo(&where);
		relnav_append_key_match(&where, "o", target_key, "$%d", source_key->nkeys + 1);
		appendStringInfo(sql, "%s))", where.data);
	}

	appendStringInfo(sql, ", w AS (UPDATE %s u SET ", relnav_qualified_name(holder));
	link_append_set(sql, holder, fk, unlink ? NULL : other_alias, other, ref,
					decl->ncolumns);
	/* a link sets what the condition pins; an unlink leaves it */
	for (int i = 0; !unlink && i < pins->n; i++)
		appendStringInfo(sql, ", %s = $%d",
						 quote_identifier(relnav_column_name(holder, pins->attnums[i])),
						 pins->params[i]);
	appendStringInfo(sql, " FROM %s WHERE ", other_alias);
	resetStringInfo(&where);
	if (m2o)
		relnav_append_key_match(&where, "u", source_key, "$%d", 1);
	else
		relnav_append_key_match(&where, "u", target_key, "$%d", source_key->nkeys + 1);
	if (unlink)
	{
		/* only a row that points at this very row, under the condition */
		for (int i = 0; i < decl->ncolumns; i++)
			relnav_append_column_equality(&where, "u", holder, fk[i],
										  other_alias, other, ref[i], decl);
		link_append_pins_hold(&where, "u", holder, pins);
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
void
relnav_build_link(RelnavStatement *stmt, void *arg)
{
	RelnavStatementSpec *spec = arg;
	bool		unlink = (spec->kind == RELNAV_STMT_UNLINK);
	const RelnavDecl *decl;
	LinkInfo   *info;
	LinkPins	pins;
	StringInfoData sql;
	StringInfoData where;

	/* as navigation does: any change to source's declarations has committed */
	LockRelationOid(spec->source, AccessShareLock);
	decl = relnav_decl_lookup(spec->source, spec->text, false);
	if (decl->viewonly)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("relationship \"%s\" on table \"%s\" is read-only",
						decl->name, relnav_display_name(decl->source)),
				 errdetail("It was declared with viewonly => true, so rows are not linked or unlinked through it."),
				 errhint("Change the rows directly, or through a relationship declared without viewonly.")));
	if (unlink)
		link_check_nullable(decl);

	relnav_stmt_add_dependency(stmt, decl->source);
	relnav_stmt_add_dependency(stmt, decl->target);
	if (OidIsValid(decl->secondary))
		relnav_stmt_add_dependency(stmt, decl->secondary);

	relnav_stmt_set_key(stmt, decl->source);
	relnav_key_describe(&stmt->target_key, decl->target, stmt->context);
	for (int i = 0; i < stmt->key.nkeys; i++)
		(void) relnav_stmt_add_param(stmt, stmt->key.types[i]);
	for (int i = 0; i < stmt->target_key.nkeys; i++)
		(void) relnav_stmt_add_param(stmt, stmt->target_key.types[i]);

	info = MemoryContextAllocZero(stmt->context, sizeof(LinkInfo));
	info->name = MemoryContextStrdup(stmt->context, decl->name);
	info->kind = decl->kind;
	info->secondary = decl->secondary;
	stmt->target = decl->target;
	stmt->extra = info;
	stmt->description = MemoryContextStrdup(stmt->context,
											psprintf("while %s through relationship \"%s\" on table \"%s\"",
													 unlink ? "unlinking" : "linking",
													 decl->name,
													 relnav_display_name(decl->source)));

	/* after the keys: the condition's constants, if it allows links */
	link_read_pins(stmt, decl, &pins);

	initStringInfo(&sql);
	initStringInfo(&where);
	appendStringInfoString(&sql, "WITH s AS (SELECT ");
	link_append_columns(&sql, "s", decl->source, decl->ncolumns, decl->source_attnums);
	if (decl->kind == RELNAV_MANY_TO_ONE)
		link_append_pin_columns(&sql, "s", decl->source, &pins);
	relnav_append_key_match(&where, "s", &stmt->key, "$%d", 1);
	appendStringInfo(&sql, " FROM %s s WHERE %s), t AS (SELECT ",
					 relnav_qualified_name(decl->source), where.data);
	link_append_columns(&sql, "t", decl->target, decl->ntarget_columns, decl->target_attnums);
	if (decl->kind == RELNAV_ONE_TO_MANY || decl->kind == RELNAV_ONE_TO_ONE)
		link_append_pin_columns(&sql, "t", decl->target, &pins);
	resetStringInfo(&where);
	relnav_append_key_match(&where, "t", &stmt->target_key, "$%d", stmt->key.nkeys + 1);
	appendStringInfo(&sql, " FROM %s t WHERE %s)",
					 relnav_qualified_name(decl->target), where.data);

	if (decl->kind == RELNAV_MANY_TO_MANY)
		link_append_secondary_write(&sql, decl, unlink, &pins);
	else
		link_append_direct_write(&sql, decl, unlink, &stmt->key, &stmt->target_key,
								 &pins);

	appendStringInfo(&sql, " SELECT EXISTS (SELECT 1 FROM s), EXISTS (SELECT 1 FROM t),"
					 " EXISTS (SELECT 1 FROM l), %s, (SELECT pg_catalog.count(*) FROM w)",
					 (!unlink && decl->kind == RELNAV_ONE_TO_ONE) ?
					 "EXISTS (SELECT 1 FROM o)" : "false");
	stmt->sql = sql.data;
}
