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
 * index probe (probe.c) where that is equivalent, or not at all where a
 * foreign key guarantees it.  Privileges and row-level security apply to
 * every table, as if the join were written by hand.
 *
 * Stateless: the statement built is kept by the plan cache.
 */
#include "postgres.h"

#include "access/relation.h"
#include "catalog/pg_type.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "order.h"
#include "path.h"
#include "relinfo.h"
#include "scan.h"

static void path_append_output(StringInfo sql, const RelnavStatementSpec *spec,
							   Oid target);
static bool path_ordered(const RelnavStatementSpec *spec);

RelnavPath *
relnav_resolve_path(Oid source, const char *path, RelnavStatement *stmt)
{
	List	   *steps = relnav_parse_path(path);
	RelnavPath *result = palloc(sizeof(RelnavPath));
	Oid			current = source;
	ListCell   *lc;
	int			i = 0;

	result->source = source;
	result->nhops = list_length(steps);
	result->hops = palloc(sizeof(RelnavDecl *) * result->nhops);
	result->min_hops = palloc(sizeof(int) * result->nhops);
	result->max_hops = palloc(sizeof(int) * result->nhops);
	result->recursive = false;
	result->scalar = true;
	if (stmt != NULL)
		relnav_stmt_add_dependency(stmt, source);

	foreach(lc, steps)
	{
		RelnavPathStep *step = lfirst(lc);
		const RelnavDecl *decl;

		/* as a query would; and any change to current has committed now */
		LockRelationOid(current, AccessShareLock);
		decl = relnav_decl_lookup(current, step->name, false);
		if (step->quantified && decl->target != decl->source)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_RECURSION),
					 errmsg("relationship \"%s\" on table \"%s\" cannot be repeated",
							decl->name, relnav_display_name(decl->source)),
					 errdetail("It leads to table \"%s\"; only a relationship from a table to itself can take a quantifier (at character %d of path \"%s\").",
							   relnav_display_name(decl->target), step->location,
							   relnav_abbreviate(path))));

		result->hops[i] = decl;
		result->min_hops[i] = step->min_hops;
		result->max_hops[i] = step->max_hops;
		result->recursive |= step->quantified;
		result->scalar &= relnav_kind_is_scalar(decl->kind) && !step->quantified;
		if (stmt != NULL)
		{
			relnav_stmt_add_dependency(stmt, decl->target);
			if (OidIsValid(decl->secondary))
				relnav_stmt_add_dependency(stmt, decl->secondary);
		}
		current = decl->target;
		i++;
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
path_append_joins(StringInfo from, StringInfo where, RelnavStatement *stmt,
				  const RelnavPath *path,
				  const char *prefix, const char *right_alias,
				  char **key_exprs, const RelnavKeyDesc *check_key,
				  const char *key_format, const char *holder_join)
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

		relnav_append_hop(from, where, stmt, path->hops[i], left,
						  (i == 0) ? (const char *const *) key_exprs : NULL,
						  right, sec, i < path->nhops - 1,
						  (i == 0) ? holder_join : NULL);
	}
}

void
relnav_append_path_joins(StringInfo from, StringInfo where,
						 RelnavStatement *stmt, const RelnavPath *path,
						 const char *prefix, const char *right_alias)
{
	path_append_joins(from, where, stmt, path, prefix, right_alias, NULL, NULL, NULL,
					  NULL);
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
 * scalar hop except the last (whose result the caller counts, unless
 * guard_last), append to where a guard: over the path up to that hop, a starting row with two
 * distinct targets calls _relnav.scalar_overflow, which raises the 21000
 * that names the relationship.
 */
static void
path_append_scalar_guards(StringInfo where, const RelnavPath *path,
						  char **key_exprs, RelnavStatement *stmt,
						  const char *key_format, bool guard_last)
{
	for (int hop = 0; hop < path->nhops - (path->scalar && !guard_last ? 1 : 0); hop++)
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
		path_append_joins(&from, &cond, stmt, &prefix, "g", "gt",
						  key_exprs, &stmt->key, key_format, NULL);

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
		appendStringInfoString(where, ") OPERATOR(pg_catalog.>) 1 THEN ");
		relnav_append_overflow_raise(where, decl);
		appendStringInfoString(where, " ELSE false END)");
	}
}

/*
 * Recursive paths.  A path with a quantified hop compiles to a chain of
 * common table expressions, each the set of rows reached so far, by
 * identity (primary key, else tableoid and ctid: a ctid alone repeats across
 * the partitions of a partitioned table), with "o", the position of the key
 * they started from:
 *	 c0		the source row;
 *	 c<h+1>	a plain hop from the rows of c<h> (SELECT DISTINCT);
 *	 d<h>	for a quantified hop, the rows reached with each number of hops
 *			up to the upper bound, or up to the lower one when there is no
 *			upper bound: UNION on (row, depth) visits every row once per
 *			depth, so cycles end at the bound;
 *	 c<h+1>	the rows of d<h> within the bounds, or, without an upper bound,
 *			every row reachable from those at the lower bound: UNION on the
 *			row visits it once, so cycles end.
 * Every step joins tables as the caller, so privileges and row-level
 * security apply at every hop: a row hidden from the caller is not
 * reached, nor is anything beyond it.
 */

/* The identity columns of relid: its primary key, or none (tableoid, ctid). */
static int
path_identity(Oid relid, AttrNumber *attnums)
{
	int			n;

	if (!relnav_primary_key(relid, &n, attnums))
		n = 0;
	return n;
}

/*
 * Append "alias.k1, alias.k2" (or "alias.tableoid, alias.ctid") for relid's
 * rows.
 */
static void
path_append_identity(StringInfo buf, const char *alias, Oid relid)
{
	AttrNumber	id[RELNAV_MAX_COLUMNS];
	int			n = path_identity(relid, id);

	if (n == 0)
		appendStringInfo(buf, "%s.tableoid, %s.ctid", alias, alias);
	for (int i = 0; i < n; i++)
		appendStringInfo(buf, "%s%s.%s", i > 0 ? ", " : "", alias,
						 quote_identifier(relnav_column_name(relid, id[i])));
}

/* Append "o, i1, i2" for a table expression of relid's rows. */
static void
path_append_cte_columns(StringInfo buf, const char *prefix, Oid relid)
{
	AttrNumber	id[RELNAV_MAX_COLUMNS];
	int			n = path_identity(relid, id);

	if (n == 0)
		n = 2;					/* tableoid, ctid */
	appendStringInfo(buf, "%so", prefix);
	for (int i = 0; i < n; i++)
		appendStringInfo(buf, ", %si%d", prefix, i + 1);
}

/* Append "alias's identity = cte.i1 AND ..." for relid's rows. */
static void
path_append_identity_match(StringInfo where, const char *alias, Oid relid,
						   const char *cte)
{
	AttrNumber	id[RELNAV_MAX_COLUMNS];
	int			n = path_identity(relid, id);

	if (n == 0)
	{
		relnav_append_and(where);
		appendStringInfo(where,
						 "%s.tableoid OPERATOR(pg_catalog.=) %s.i1 AND %s.ctid OPERATOR(pg_catalog.=) %s.i2",
						 alias, cte, alias, cte);
	}
	for (int i = 0; i < n; i++)
		relnav_append_key_equality(where, alias, relid, id[i],
								   psprintf("%s.i%d", cte, i + 1));
}

/*
 * Append " FROM <cte> c, ... WHERE ...": one step of decl from the rows of
 * cte to rows t of decl->target.  When the hop joins on the identity, it
 * starts from the table expression's columns; else the row is joined again
 * as s.
 */
/*
 * The same, from a table expression that carries the hop's source-side
 * columns as j1, j2, ... (see path_carries_join) when carried: then no row
 * is joined again.
 */
static void
path_append_step_from(StringInfo sql, RelnavStatement *stmt, const char *cte,
					  const RelnavDecl *decl, bool carried)
{
	AttrNumber	id[RELNAV_MAX_COLUMNS];
	int			nid = path_identity(decl->source, id);
	const char *left[RELNAV_MAX_COLUMNS];
	bool		direct = nid > 0;
	StringInfoData from;
	StringInfoData where;

	for (int i = 0; direct && i < decl->ncolumns; i++)
	{
		left[i] = NULL;
		for (int k = 0; k < nid; k++)
			if (id[k] == decl->source_attnums[i])
				left[i] = psprintf("c.i%d", k + 1);
		direct = (left[i] != NULL);
	}
	if (carried)
	{
		for (int i = 0; i < decl->ncolumns; i++)
			left[i] = psprintf("c.j%d", i + 1);
		direct = true;
	}
	/* a many_to_one's condition is on its source row: join it */
	if (decl->kind == RELNAV_MANY_TO_ONE && decl->condition != NULL)
		direct = false;
	initStringInfo(&from);
	initStringInfo(&where);
	appendStringInfo(&from, "%s c", cte);
	if (!direct)
	{
		appendStringInfo(&from, ", %s s", relnav_qualified_name(decl->source));
		path_append_identity_match(&where, "s", decl->source, "c");
	}
	relnav_append_hop(&from, &where, stmt, decl, "s", direct ? left : NULL, "t", "x",
					  true, NULL);
	appendStringInfo(sql, " FROM %s WHERE %s", from.data, where.data);
}

/*
 * Should a closure over decl carry decl's source-side columns along
 * (j1, j2, ...)?  When a step cannot start from a row's identity (a
 * many_to_one's foreign key), carrying them saves joining each row again.
 */
static bool
path_carries_join(const RelnavDecl *decl)
{
	AttrNumber	id[RELNAV_MAX_COLUMNS];
	int			nid = path_identity(decl->source, id);

	if (nid == 0 || decl->condition != NULL)
		return false;
	for (int i = 0; i < decl->ncolumns; i++)
	{
		bool		found = false;

		for (int k = 0; k < nid; k++)
			found |= (id[k] == decl->source_attnums[i]);
		if (!found)
			return true;
	}
	return false;
}

static void
path_append_step(StringInfo sql, RelnavStatement *stmt, const char *cte,
				 const RelnavDecl *decl)
{
	path_append_step_from(sql, stmt, cte, decl, false);
}

/*
 * A scalar hop whose target columns are not unique may find two rows from
 * one: append to where a guard that raises its 21000 then, for the steps
 * taken from the rows of cte (those for which depth_below, when not NULL, is
 * true: "c.depth < n").
 */
static void
path_append_recursive_guard(StringInfo where, RelnavStatement *stmt,
							const char *cte, const char *depth_below,
							const RelnavDecl *decl, bool carried)
{
	StringInfoData step;

	if (!relnav_kind_is_scalar(decl->kind) ||
		relnav_columns_unique(decl->target, decl->ntarget_columns,
							  decl->target_attnums))
		return;
	initStringInfo(&step);
	path_append_step_from(&step, stmt, cte, decl, carried);
	if (depth_below != NULL)
		appendStringInfo(&step, " AND %s", depth_below);
	relnav_append_and(where);
	appendStringInfo(where, "NOT EXISTS (SELECT 1%s GROUP BY ", step.data);
	path_append_cte_columns(where, "c.", decl->source);
	appendStringInfoString(where, " HAVING CASE WHEN pg_catalog.count(DISTINCT ROW(");
	path_append_identity(where, "t", decl->target);
	appendStringInfoString(where, ")) OPERATOR(pg_catalog.>) 1 THEN ");
	relnav_append_overflow_raise(where, decl);
	appendStringInfoString(where, " ELSE false END)");
}

/*
 * Append the table expressions of a quantified hop, from c<h> to c<h+1>,
 * and to where the guards of a scalar relationship on every step taken:
 * from the rows of d<h> below the bound, and, without an upper bound, from
 * every row of c<h+1>.
 */
static void
path_append_quantified(StringInfo sql, StringInfo where, RelnavStatement *stmt,
					   int hop, const RelnavDecl *decl, int min_hops,
					   int max_hops)
{
	Oid			relid = decl->target;
	char	   *c = psprintf("c%d", hop);
	char	   *d = psprintf("d%d", hop);
	char	   *next = psprintf("c%d", hop + 1);
	StringInfoData columns;

	initStringInfo(&columns);
	path_append_cte_columns(&columns, "", relid);

	/*
	 * + and *: no depth to count.  The rows reachable in one or more hops
	 * (+) start from one hop out of c<h>, those in zero or more (*) from
	 * c<h> itself; then every row once.
	 */
	if (max_hops < 0 && min_hops <= 1)
	{
		/* for +, the rows carry the next step's columns along */
		bool		carry = (min_hops == 1 && path_carries_join(decl));
		StringInfoData carried;

		initStringInfo(&carried);
		for (int i = 0; carry && i < decl->ncolumns; i++)
			appendStringInfo(&carried, ", t.%s",
							 quote_identifier(relnav_column_name(relid,
																 decl->source_attnums[i])));
		if (carry)
		{
			for (int i = 0; i < decl->ncolumns; i++)
				appendStringInfo(&columns, ", j%d", i + 1);
		}
		if (min_hops == 0)
			appendStringInfo(sql, ", %s(%s) AS (SELECT %s FROM %s", next,
							 columns.data, columns.data, c);
		else
		{
			appendStringInfo(sql, ", %s(%s) AS (SELECT c.o, ", next, columns.data);
			path_append_identity(sql, "t", relid);
			appendStringInfoString(sql, carried.data);
			path_append_step(sql, stmt, c, decl);
			path_append_recursive_guard(where, stmt, c, NULL, decl, false);
		}
		appendStringInfoString(sql, " UNION SELECT c.o, ");
		path_append_identity(sql, "t", relid);
		appendStringInfoString(sql, carried.data);
		path_append_step_from(sql, stmt, next, decl, carry);
		appendStringInfoChar(sql, ')');
		path_append_recursive_guard(where, stmt, next, NULL, decl, carry);
		return;
	}

	appendStringInfo(sql, ", %s(%s, depth) AS (SELECT %s, 0 FROM %s UNION SELECT c.o, ",
					 d, columns.data, columns.data, c);
	path_append_identity(sql, "t", relid);
	appendStringInfoString(sql, ", c.depth OPERATOR(pg_catalog.+) 1");
	path_append_step(sql, stmt, d, decl);
	appendStringInfo(sql, " AND c.depth OPERATOR(pg_catalog.<) %d)",
					 max_hops >= 0 ? max_hops : min_hops);

	if (max_hops >= 0)
		appendStringInfo(sql, ", %s(%s) AS (SELECT DISTINCT %s FROM %s"
						 " WHERE depth OPERATOR(pg_catalog.>=) %d)",
						 next, columns.data, columns.data, d, min_hops);
	else
	{
		appendStringInfo(sql, ", %s(%s) AS (SELECT %s FROM %s"
						 " WHERE depth OPERATOR(pg_catalog.=) %d UNION SELECT c.o, ",
						 next, columns.data, columns.data, d, min_hops);
		path_append_identity(sql, "t", relid);
		path_append_step(sql, stmt, next, decl);
		appendStringInfoChar(sql, ')');
		path_append_recursive_guard(where, stmt, next, NULL, decl, false);
	}
	path_append_recursive_guard(where, stmt, d,
								psprintf("c.depth OPERATOR(pg_catalog.<) %d",
										 max_hops >= 0 ? max_hops : min_hops),
								decl, false);
}

/*
 * The statement of a recursive path: the table expressions, then
 * "SELECT <output> FROM target t WHERE <t in the last one>", ordered; for
 * rel_navigate_many, every row once per key position o (for the planner,
 * with the key at that position).
 */
static void
path_build_recursive(RelnavStatement *stmt, const RelnavStatementSpec *spec,
					 const RelnavPath *path, const RelnavOrder *order)
{
	bool		many = (spec->kind == RELNAV_STMT_NAVIGATE_MANY);
	Oid			target = relnav_path_target(path);
	StringInfoData sql;
	StringInfoData where;
	StringInfoData columns;
	char	   *last = psprintf("c%d", path->nhops);

	initStringInfo(&sql);
	initStringInfo(&where);
	initStringInfo(&columns);
	path_append_cte_columns(&columns, "", path->source);
	appendStringInfo(&sql, "WITH RECURSIVE c0(%s) AS (SELECT ", columns.data);
	if (many)
	{
		appendStringInfoString(&sql, "k.ord, ");
		path_append_identity(&sql, "s", path->source);
		appendStringInfoString(&sql, " FROM ");
		relnav_append_distinct_keys(&sql, stmt);
		appendStringInfo(&sql, " k, %s s WHERE ", relnav_qualified_name(path->source));
		resetStringInfo(&where);
		relnav_append_key_match(&where, "s", &stmt->key, "k.k%d", 1);
	}
	else
	{
		appendStringInfoString(&sql, "1::pg_catalog.int8, ");
		path_append_identity(&sql, "s", path->source);
		appendStringInfo(&sql, " FROM %s s WHERE ", relnav_qualified_name(path->source));
		relnav_append_key_match(&where, "s", &stmt->key, "$%d", 1);
	}
	appendStringInfo(&sql, "%s)", where.data);

	resetStringInfo(&where);
	for (int hop = 0; hop < path->nhops; hop++)
	{
		const RelnavDecl *decl = path->hops[hop];

		if (path->min_hops[hop] == 1 && path->max_hops[hop] == 1)
		{
			resetStringInfo(&columns);
			path_append_cte_columns(&columns, "", decl->target);
			appendStringInfo(&sql, ", c%d(%s) AS (SELECT DISTINCT c.o, ",
							 hop + 1, columns.data);
			path_append_identity(&sql, "t", decl->target);
			path_append_step(&sql, stmt, psprintf("c%d", hop), decl);
			appendStringInfoChar(&sql, ')');
			path_append_recursive_guard(&where, stmt, psprintf("c%d", hop), NULL,
										decl, false);
		}
		else
			path_append_quantified(&sql, &where, stmt, hop, decl, path->min_hops[hop],
								   path->max_hops[hop]);
	}

	/*
	 * The rows of the last table expression, in the navigation's order.  A
	 * count needs no row: each one is in the table expression once, and
	 * was read as the caller when it was reached.
	 */
	if (spec->kind == RELNAV_STMT_COUNT)
	{
		appendStringInfo(&sql, " SELECT pg_catalog.count(*) FROM %s c", last);
		if (where.len > 0)
			appendStringInfo(&sql, " WHERE %s", where.data);
		stmt->sql = sql.data;
		return;
	}
	if (many && spec->for_planner)
	{
		/* the planner's rows name their key itself: join the keys again */
		appendStringInfoString(&sql, " SELECT ");
		relnav_append_source_key(&sql, stmt, spec);
		appendStringInfoString(&sql, " AS source_key, pg_catalog.to_jsonb(t) AS target FROM ");
		relnav_append_distinct_keys(&sql, stmt);
		appendStringInfo(&sql, " k, %s c, %s t WHERE k.ord OPERATOR(pg_catalog.=) c.o AND ",
						 last, relnav_qualified_name(target));
	}
	else if (many)
		appendStringInfo(&sql, " SELECT c.o, pg_catalog.to_jsonb(t) FROM %s c, %s t WHERE ",
						 last, relnav_qualified_name(target));
	else
	{
		/*
		 * A semi-join: the planner then reads the rows reached from the
		 * table expression, each by its key, where a join on the expression
		 * (whose size it cannot estimate) may read the whole table.
		 */
		appendStringInfoChar(&sql, ' ');
		path_append_output(&sql, spec, target);
		appendStringInfo(&sql, " FROM %s t WHERE EXISTS (SELECT FROM %s c WHERE ",
						 relnav_qualified_name(target), last);
	}
	{
		StringInfoData match;

		initStringInfo(&match);
		path_append_identity_match(&match, "t", target, "c");
		appendStringInfoString(&sql, match.data);
	}
	if (where.len > 0)
		appendStringInfo(&sql, " AND %s", where.data);
	if (!many)
		appendStringInfoChar(&sql, ')');
	if (many)
	{
		RelnavOrder effective;

		relnav_effective_order(target, order, &effective);
		appendStringInfoString(&sql, " ORDER BY c.o");
		for (int i = 0; i < effective.nitems; i++)
		{
			appendStringInfo(&sql, ", t.%s",
							 quote_identifier(relnav_column_name(target, effective.attnums[i])));
			relnav_append_order_direction(&sql, effective.flags[i]);
		}
	}
	else
	{
		if (path_ordered(spec))
			relnav_append_order_by(&sql, "t", target, order);
		if (spec->with_limit)
		{
			stmt->limit_param = relnav_stmt_add_param(stmt, INT8OID);
			appendStringInfo(&sql, " LIMIT $%d", stmt->limit_param);
		}
	}
	stmt->sql = sql.data;
}

/*
 * Append "SELECT <output>" of a navigation reaching rows t of target: the
 * row (for the planner, its columns one by one, as a function returning
 * the row type shows them), its jsonb, or their count.
 */
static void
path_append_output(StringInfo sql, const RelnavStatementSpec *spec, Oid target)
{
	switch (spec->kind)
	{
		case RELNAV_STMT_ROWS:
			if (!spec->for_planner)
			{
				appendStringInfoString(sql, "SELECT t");
				break;
			}
			else
			{
				Relation	rel = relation_open(target, AccessShareLock);
				TupleDesc	desc = RelationGetDescr(rel);

				appendStringInfoString(sql, "SELECT ");
				for (int i = 0; i < desc->natts; i++)
				{
					Form_pg_attribute att = TupleDescAttr(desc, i);

					if (i > 0)
						appendStringInfoString(sql, ", ");
					/* a dropped column keeps its place, as in the row type */
					if (att->attisdropped)
						appendStringInfoString(sql, "NULL::pg_catalog.int4");
					else
						appendStringInfo(sql, "t.%s",
										 quote_identifier(NameStr(att->attname)));
				}
				relation_close(rel, NoLock);
			}
			break;
		case RELNAV_STMT_COUNT:
			appendStringInfoString(sql, "SELECT pg_catalog.count(*)");
			break;
		default:
			appendStringInfoString(sql, "SELECT pg_catalog.to_jsonb(t)");
			break;
	}
}

/* Does the statement need its ORDER BY? */
static bool
path_ordered(const RelnavStatementSpec *spec)
{
	return !spec->for_planner || spec->ordered || spec->with_limit;
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
 * Append " FROM <head> WHERE <t is reached>", head being the FROM items
 * that hold the target rows t (path_compile).  A path is a set, so rows
 * are found through EXISTS (the bare conditions when the path needs no
 * table besides t).
 */
static void
path_append_reach(StringInfo sql, StringInfo head, StringInfo from,
				  StringInfo where)
{
	appendStringInfo(sql, " FROM %s WHERE ", head->data);
	if (from->len > 0)
		appendStringInfo(sql, "EXISTS (SELECT 1 FROM %s WHERE %s)",
						 from->data, where->data);
	else
		appendStringInfoString(sql, where->data);
}

/*
 * What both navigation builders share: resolve the path, set the
 * statement's key and target, and fill head (the FROM items holding the
 * target rows t), from and where with every join from the key (written
 * with key_format: "$%d" or "k.k%d") to t.
 *
 * When the first hop starts from the key, the source row must still be
 * checked: a missing key, or a row the caller may not see, gives no rows.
 * Where a foreign key guarantees that row for every row the hop reaches
 * (relnav_hop_source_trusted), there is nothing to check; only the
 * privileges stay, through a join the planner removes.  Else, with
 * may_probe, a source row that a probe can check (probe.h) is left to the
 * caller, which must then call relnav_probe_source when stmt->probe; else
 * head starts with the check, a subquery of one row or none, which
 * multiplies nothing.  Either way the target's privileges are checked
 * first (a subquery's tables come after the statement's own, a joined
 * table after t), whether the statement runs alone or expanded into the
 * caller's (inline.c).
 */
static RelnavPath *
path_compile(RelnavStatement *stmt, const RelnavStatementSpec *spec,
			 const char *key_format, bool may_probe,
			 StringInfo head, StringInfo from, StringInfo where)
{
	RelnavPath *path = relnav_resolve_path(spec->source, spec->text, stmt);
	char	  **key_exprs;
	const RelnavDecl *first;
	bool		trusted = false;
	char	   *reference = NULL;
	bool		reference_on_t;

	relnav_stmt_set_key(stmt, spec->source);
	relnav_stmt_add_key_params(stmt, spec->kind == RELNAV_STMT_NAVIGATE_MANY);
	stmt->target = relnav_path_target(path);
	stmt->scalar = path->scalar;
	stmt->last_hop = relnav_stmt_keep_decl(stmt, path->hops[path->nhops - 1]);

	initStringInfo(head);
	initStringInfo(from);
	initStringInfo(where);
	if (path->recursive)
		return path;			/* path_build_recursive writes it all */
	first = path->hops[0];
	key_exprs = path_key_starts_path(stmt, path, key_format);
	if (key_exprs == NULL)
		relnav_append_key_match(where, "r0", &stmt->key, key_format, 1);
	else if (spec->source_known)
		;						/* the caller read the key from its row */
	else if (relnav_hop_source_trusted(first))
		trusted = true;
	else if (may_probe && !spec->for_planner &&
			 relnav_relation_probeable(spec->source))
		stmt->probe = true;
	else
	{
		StringInfoData match;

		initStringInfo(&match);
		relnav_append_key_match(&match, "rs", &stmt->key, key_format, 1);
		appendStringInfo(head, "(SELECT FROM %s rs WHERE %s) rs, ",
						 relnav_qualified_name(spec->source), match.data);
	}
	appendStringInfo(head, "%s t", relnav_qualified_name(stmt->target));

	/* the rows holding the first hop's referencing columns: t, rs1 or r1 */
	reference_on_t = (first->kind != RELNAV_MANY_TO_MANY && path->nhops == 1);
	if (trusted)
		reference = relnav_source_reference(first,
											reference_on_t ? "t" :
											first->kind == RELNAV_MANY_TO_MANY ? "rs1" : "r1");
	if (reference != NULL && reference_on_t)
		appendStringInfoString(head, reference);
	path_append_joins(from, where, stmt, path, "r", "t", key_exprs, NULL, key_format,
					  reference_on_t ? NULL : reference);
	path_append_scalar_guards(where, path, key_exprs, stmt, key_format,
							  spec->for_planner);
	return path;
}

void
relnav_build_navigate(RelnavStatement *stmt, void *arg)
{
	RelnavStatementSpec *spec = arg;
	StringInfoData head;
	StringInfoData from;
	StringInfoData where;
	RelnavPath *path;
	Oid			target;
	RelnavOrder order;
	StringInfoData sql;

	path = path_compile(stmt, spec, "$%d", true, &head, &from, &where);
	target = stmt->target;
	path_order(spec, path, &order);
	if (path->recursive)
	{
		path_build_recursive(stmt, spec, path, &order);
		return;
	}

	initStringInfo(&sql);
	path_append_output(&sql, spec, target);
	path_append_reach(&sql, &head, &from, &where);

	if (spec->kind != RELNAV_STMT_COUNT)
	{
		if (path_ordered(spec))
			relnav_append_order_by(&sql, "t", target, &order);
		/* a scalar path needs only enough rows to see that it has two */
		if (path->scalar && !spec->for_planner)
			appendStringInfoString(&sql, " LIMIT 2");
		else if (spec->with_limit)
		{
			stmt->limit_param = relnav_stmt_add_param(stmt, INT8OID);
			appendStringInfo(&sql, " LIMIT $%d", stmt->limit_param);
		}
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
	StringInfoData head;
	StringInfoData from;
	StringInfoData where;
	RelnavPath *path = path_compile(stmt, spec, "k.k%d", false, &head, &from,
									&where);
	Oid			target = stmt->target;
	RelnavOrder order;
	StringInfoData sql;

	if (path->recursive)
	{
		path_build_recursive(stmt, spec, path, &path->hops[path->nhops - 1]->order);
		return;
	}
	relnav_effective_order(target, &path->hops[path->nhops - 1]->order, &order);

	/*
	 * A call maps each row's key position back to the key the caller wrote;
	 * for the planner the statement names that key itself
	 * (relnav_append_source_key), and the columns are those of the
	 * function's result.
	 */
	initStringInfo(&sql);
	if (spec->for_planner)
	{
		appendStringInfoString(&sql, "SELECT ");
		relnav_append_source_key(&sql, stmt, spec);
		appendStringInfoString(&sql, " AS source_key, x.j AS target FROM ");
	}
	else
		appendStringInfoString(&sql, "SELECT k.ord, x.j FROM ");
	relnav_append_distinct_keys(&sql, stmt);
	appendStringInfoString(&sql, " k CROSS JOIN LATERAL (SELECT pg_catalog.to_jsonb(t) AS j");
	for (int i = 0; i < order.nitems; i++)
		appendStringInfo(&sql, ", t.%s AS o%d",
						 quote_identifier(relnav_column_name(target, order.attnums[i])),
						 i + 1);
	path_append_reach(&sql, &head, &from, &where);
	/* a call sees two rows of a scalar path; the planner's guard raises */
	appendStringInfo(&sql, "%s) x ORDER BY k.ord",
					 path->scalar && !spec->for_planner ? " LIMIT 2" : "");
	for (int i = 0; i < order.nitems; i++)
	{
		appendStringInfo(&sql, ", x.o%d", i + 1);
		relnav_append_order_direction(&sql, order.flags[i]);
	}
	stmt->sql = sql.data;
}
