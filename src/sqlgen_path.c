/*
 * sqlgen_path.c
 *		Resolving a path of relationships, and the navigation statements it
 *		compiles to.
 *
 * A path compiles to one statement:
 *	 SELECT <output> FROM target t
 *	  WHERE EXISTS (SELECT 1 FROM <every hop but the last> WHERE <joins>)
 *	  ORDER BY ... LIMIT $k
 * The EXISTS makes a multi-hop result a set (each target row once).  When
 * the first hop joins on the source's primary key, it starts from the key
 * parameters themselves (r0.pk = $1 and r0.pk = t.fk give t.fk = $1), and
 * the source row is only checked for existence: in the statement, or by an
 * index probe (probe.c) where that is equivalent.  Privileges and row-level
 * security apply to every table, as if the join were written by hand.
 *
 * Stateless: the statement built is kept by the plan cache.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "order.h"
#include "path.h"
#include "relinfo.h"
#include "scan.h"

RelnavPath *
relnav_resolve_path(Oid source, const char *path, RelnavStatement *stmt)
{
	List	   *names = relnav_parse_path(path);
	RelnavPath *result = palloc(sizeof(RelnavPath));
	Oid			current = source;
	ListCell   *lc;
	int			i = 0;

	result->source = source;
	result->nhops = list_length(names);
	result->hops = palloc(sizeof(RelnavDecl *) * result->nhops);
	result->scalar = true;
	if (stmt != NULL)
		relnav_stmt_add_dependency(stmt, source);

	foreach(lc, names)
	{
		const RelnavDecl *decl;

		/* as a query would; and any change to current has committed now */
		LockRelationOid(current, AccessShareLock);
		decl = relnav_decl_lookup(current, lfirst(lc), false);

		result->hops[i++] = decl;
		result->scalar &= relnav_kind_is_scalar(decl->kind);
		if (stmt != NULL)
		{
			relnav_stmt_add_dependency(stmt, decl->target);
			if (OidIsValid(decl->secondary))
				relnav_stmt_add_dependency(stmt, decl->secondary);
		}
		current = decl->target;
	}
	return result;
}

/*
 * The joins of every hop (see path.h).  With key_exprs (see
 * path_key_starts_path), the first hop starts from those expressions and
 * the source table is not joined: when check_key is given, its row is
 * checked with EXISTS, its key written with key_format; else the caller
 * checks it.
 */
static void
path_append_joins(StringInfo from, StringInfo where, const RelnavPath *path,
				  const char *prefix, const char *right_alias,
				  char **key_exprs, const RelnavKeyDesc *check_key,
				  const char *key_format)
{
	if (key_exprs == NULL)
		appendStringInfo(from, "%s %s0", relnav_qualified_name(path->source), prefix);
	else if (check_key != NULL)
	{
		/*
		 * The source row must still exist and be visible to the caller (its
		 * privileges, its row-level security): checked once per key, apart
		 * from the join, which starts from the key itself.
		 */
		StringInfoData cond;

		initStringInfo(&cond);
		relnav_append_key_match(&cond, psprintf("%s0", prefix), check_key,
								key_format, 1);
		relnav_append_and(where);
		appendStringInfo(where, "EXISTS (SELECT 1 FROM %s %s0 WHERE %s)",
						 relnav_qualified_name(path->source), prefix, cond.data);
	}
	for (int i = 0; i < path->nhops; i++)
	{
		char	   *left = psprintf("%s%d", prefix, i);
		char	   *right = (i == path->nhops - 1) ? pstrdup(right_alias) :
			psprintf("%s%d", prefix, i + 1);
		char	   *sec = psprintf("%ss%d", prefix, i + 1);

		relnav_append_hop(from, where, path->hops[i], left,
						  (i == 0) ? (const char *const *) key_exprs : NULL,
						  right, sec, i < path->nhops - 1);
	}
}

void
relnav_append_path_joins(StringInfo from, StringInfo where,
						 const RelnavPath *path, const char *prefix,
						 const char *right_alias)
{
	path_append_joins(from, where, path, prefix, right_alias, NULL, NULL, NULL);
}

/*
 * Can the path's first hop start from the source key itself?  When the hop
 * joins on the source's primary key, r0.pk = $1 and r0.pk = t.fk give
 * t.fk = $1, and the source row is then only checked for existence, once.
 * Returns the key expression for each of the hop's source columns
 * (key_format with the key column's number: "$%d" or "k.k%d"), followed
 * at RELNAV_MAX_COLUMNS by the expression of each key column, or NULL.
 */
static char **
path_key_starts_path(const RelnavStatement *stmt, const RelnavPath *path,
					 const char *key_format)
{
	const RelnavDecl *first = path->hops[0];
	const RelnavKeyDesc *key = &stmt->key;
	char	  **exprs;

	if (first->kind == RELNAV_MANY_TO_ONE || first->ncolumns != key->nkeys)
		return NULL;

	exprs = palloc0(sizeof(char *) * RELNAV_MAX_COLUMNS * 2);
	for (int k = 0; k < key->nkeys; k++)
		exprs[RELNAV_MAX_COLUMNS + k] = psprintf(key_format, k + 1);
	for (int i = 0; i < first->ncolumns; i++)
	{
		for (int k = 0; k < key->nkeys; k++)
			if (key->attnums[k] == first->source_attnums[i])
				exprs[i] = exprs[RELNAV_MAX_COLUMNS + k];
		if (exprs[i] == NULL)
			return NULL;
	}
	return exprs;
}

/* Append the identity of rows aliased alias of relid: key or ctid. */
static void
path_append_row_identity(StringInfo buf, const char *alias, Oid relid)
{
	AttrNumber	pk[RELNAV_MAX_COLUMNS];
	int			npk;

	if (relnav_primary_key(relid, &npk, pk))
	{
		appendStringInfoString(buf, "ROW(");
		for (int i = 0; i < npk; i++)
			appendStringInfo(buf, "%s%s.%s", i > 0 ? ", " : "", alias,
							 quote_identifier(relnav_column_name(relid, pk[i])));
		appendStringInfoChar(buf, ')');
	}
	else
		appendStringInfo(buf, "ROW(%s.tableoid, %s.ctid)", alias, alias);
}

/*
 * A scalar hop must find at most one row from each row it starts from.
 * Hops whose target columns are unique cannot find two.  For each other
 * scalar hop except the last (whose result the caller counts), append to
 * where a guard: over the path up to that hop, a starting row with two
 * distinct targets calls _relnav.scalar_overflow, which raises the 21000
 * that names the relationship.
 */
static void
path_append_scalar_guards(StringInfo where, const RelnavPath *path,
						  char **key_exprs, const RelnavStatement *stmt,
						  const char *key_format)
{
	for (int hop = 0; hop < path->nhops - (path->scalar ? 1 : 0); hop++)
	{
		const RelnavDecl *decl = path->hops[hop];
		RelnavPath	prefix = *path;
		StringInfoData from;
		StringInfoData cond;
		char	   *start = psprintf("g%d", hop);
		bool		grouped = (hop > 0 || key_exprs == NULL);

		if (!relnav_kind_is_scalar(decl->kind) ||
			relnav_columns_unique(decl->target, decl->ntarget_columns,
								  decl->target_attnums))
			continue;

		prefix.nhops = hop + 1;
		initStringInfo(&from);
		initStringInfo(&cond);
		if (key_exprs == NULL)
			relnav_append_key_match(&cond, "g0", &stmt->key, key_format, 1);
		path_append_joins(&from, &cond, &prefix, "g", "gt", key_exprs, &stmt->key,
						  key_format);

		relnav_append_and(where);
		appendStringInfo(where, "NOT EXISTS (SELECT 1 FROM %s%s%s gt WHERE %s",
						 from.data, from.len > 0 ? ", " : "",
						 relnav_qualified_name(decl->target), cond.data);
		if (grouped)
		{
			appendStringInfoString(where, " GROUP BY ");
			path_append_row_identity(where, start, decl->source);
		}
		appendStringInfoString(where, " HAVING CASE WHEN pg_catalog.count(DISTINCT ");
		path_append_row_identity(where, "gt", decl->target);
		appendStringInfo(where,
						 ") OPERATOR(pg_catalog.>) 1 THEN _relnav.scalar_overflow(%u::pg_catalog.regclass, %s, %s) ELSE false END)",
						 decl->source, quote_literal_cstr(decl->name),
						 quote_literal_cstr(relnav_kind_name(decl->kind)));
	}
}

/* The ORDER BY items of a navigation: order_by, else the last hop's. */
static void
path_order(const RelnavStatementSpec *spec, const RelnavPath *path,
		   RelnavOrder *order)
{
	if (spec->order_by != NULL)
		relnav_parse_order_by(spec->order_by, relnav_path_target(path), order);
	else
		*order = path->hops[path->nhops - 1]->order;
}

/*
 * Append "FROM target t WHERE <t is reached>".  A path is a set, so rows are
 * found through EXISTS (the bare conditions when the path needs no table
 * besides t).
 */
static void
path_append_reach(StringInfo sql, const RelnavPath *path,
				  StringInfo from, StringInfo where)
{
	char	   *target = relnav_qualified_name(relnav_path_target(path));

	if (from->len > 0)
		appendStringInfo(sql, " FROM %s t WHERE EXISTS (SELECT 1 FROM %s WHERE %s)",
						 target, from->data, where->data);
	else
		appendStringInfo(sql, " FROM %s t WHERE %s", target, where->data);
}

/*
 * What both navigation builders share: resolve the path, set the
 * statement's key and target, and fill from and where with every join from
 * the key (written with key_format: "$%d" or "k.k%d") to the target row t.
 * With may_probe, a source row that a probe can check (probe.h) is left to
 * the caller, which must then call relnav_probe_source when stmt->probe.
 */
static RelnavPath *
path_compile(RelnavStatement *stmt, const RelnavStatementSpec *spec,
			 const char *key_format, bool may_probe,
			 StringInfo from, StringInfo where)
{
	RelnavPath *path = relnav_resolve_path(spec->source, spec->text, stmt);
	char	  **key_exprs;

	relnav_stmt_set_key(stmt, spec->source);
	stmt->target = relnav_path_target(path);
	stmt->scalar = path->scalar;
	stmt->last_hop = relnav_stmt_keep_decl(stmt, path->hops[path->nhops - 1]);
	stmt->description = MemoryContextStrdup(stmt->context,
											psprintf("while navigating path \"%s\" from table \"%s\"",
													 relnav_abbreviate(spec->text),
													 relnav_display_name(spec->source)));

	initStringInfo(from);
	initStringInfo(where);
	key_exprs = path_key_starts_path(stmt, path, key_format);
	if (key_exprs == NULL)
		relnav_append_key_match(where, "r0", &stmt->key, key_format, 1);
	else if (may_probe && relnav_relation_probeable(spec->source))
		stmt->probe = true;
	path_append_joins(from, where, path, "r", "t", key_exprs,
					  stmt->probe ? NULL : &stmt->key, key_format);
	path_append_scalar_guards(where, path, key_exprs, stmt, key_format);
	return path;
}

void
relnav_build_navigate(RelnavStatement *stmt, void *arg)
{
	RelnavStatementSpec *spec = arg;
	StringInfoData from;
	StringInfoData where;
	RelnavPath *path = path_compile(stmt, spec, "$%d", true, &from, &where);
	Oid			target = stmt->target;
	RelnavOrder order;
	StringInfoData sql;

	for (int i = 0; i < stmt->key.nkeys; i++)
		(void) relnav_stmt_add_param(stmt, stmt->key.types[i]);
	path_order(spec, path, &order);

	initStringInfo(&sql);
	switch (spec->kind)
	{
		case RELNAV_STMT_ROWS:
			appendStringInfoString(&sql, "SELECT t");
			break;
		case RELNAV_STMT_COUNT:
			appendStringInfoString(&sql, "SELECT pg_catalog.count(*)");
			break;
		default:
			appendStringInfoString(&sql, "SELECT pg_catalog.to_jsonb(t)");
			break;
	}
	path_append_reach(&sql, path, &from, &where);

	if (spec->kind != RELNAV_STMT_COUNT)
	{
		relnav_append_order_by(&sql, "t", target, &order);
		/* a scalar path needs only enough rows to see that it has two */
		if (path->scalar)
			appendStringInfoString(&sql, " LIMIT 2");
		else if (spec->with_limit)
			appendStringInfo(&sql, " LIMIT $%d",
							 relnav_stmt_add_param(stmt, INT8OID));
	}
	stmt->sql = sql.data;
}

/*
 * For every distinct key (at its first position), the rows its path
 * reaches, in the relationship's order:
 *	 SELECT k.ord, x.j FROM <distinct keys with first position> k
 *	   CROSS JOIN LATERAL (SELECT to_jsonb(t) j, t.<order col> o1, ...
 *						   FROM target t WHERE EXISTS (...r0.pk = k.k1...)) x
 *	  ORDER BY k.ord, x.o1, ...
 * One sort at the end orders every group.
 */
void
relnav_build_navigate_many(RelnavStatement *stmt, void *arg)
{
	RelnavStatementSpec *spec = arg;
	StringInfoData from;
	StringInfoData where;
	RelnavPath *path = path_compile(stmt, spec, "k.k%d", false, &from, &where);
	Oid			target = stmt->target;
	RelnavOrder order;
	StringInfoData sql;

	relnav_effective_order(target, &path->hops[path->nhops - 1]->order, &order);

	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT k.ord, x.j FROM ");
	relnav_append_distinct_keys(&sql, stmt);
	appendStringInfoString(&sql, " k CROSS JOIN LATERAL (SELECT pg_catalog.to_jsonb(t) AS j");
	for (int i = 0; i < order.nitems; i++)
		appendStringInfo(&sql, ", t.%s AS o%d",
						 quote_identifier(relnav_column_name(target, order.attnums[i])),
						 i + 1);
	path_append_reach(&sql, path, &from, &where);
	appendStringInfo(&sql, "%s) x ORDER BY k.ord", path->scalar ? " LIMIT 2" : "");
	for (int i = 0; i < order.nitems; i++)
	{
		appendStringInfo(&sql, ", x.o%d", i + 1);
		relnav_append_order_direction(&sql, order.flags[i]);
	}
	stmt->sql = sql.data;
}
