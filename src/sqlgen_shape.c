/*
 * sqlgen_shape.c
 *		A resolved shape as one SELECT, whatever its depth and clauses.
 *
 * As PostgREST builds its embedding, each level is a jsonb object of the
 * row's columns, and each embedded relationship a correlated subquery:
 *	 scalar:	 (SELECT <object> FROM target c WHERE <join> AND <where>)
 *	 collection: COALESCE((SELECT jsonb_agg(<object> ORDER BY ...)
 *							FROM target c WHERE <join> AND <where>), '[]')
 * and with LIMIT or OFFSET, per parent row, the object built over a page
 * query of the rows,
 *				 COALESCE((SELECT jsonb_agg(<object>) FROM (SELECT c.<columns>
 *							FROM ... ORDER BY ... LIMIT ... OFFSET ...) c), '[]')
 * so a scalar hop that finds two rows fails with PostgreSQL's own 21000,
 * and privileges and row-level security apply at every level.
 *
 * Paths in conditions never join into the level's FROM, which would repeat
 * its rows: a predicate on path.column is EXISTS (SELECT 1 FROM <hops>
 * WHERE ... AND <predicate>), an aggregate a scalar subquery over the rows
 * at the path's end, each once (reached through EXISTS, as navigation
 * reaches them), and a scalar path in ORDER BY a scalar subquery.
 *
 * Literals are elements of array parameters (see sqlgen_shape.h).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "order.h"
#include "relinfo.h"
#include "sqlgen.h"
#include "sqlgen_shape.h"
#include "tree.h"

/* jsonb_build_object takes at most FUNC_MAX_ARGS (100) arguments. */
#define SHAPE_PAIRS_PER_CALL 50

typedef struct ShapeGen
{
	RelnavStatement *stmt;
	ShapeParams *params;
	int			naliases;		/* aliases t1, t2, ... (and s1, ...) handed out */
} ShapeGen;

/*
 * The scalar relationship of hops whose target columns are not unique, so
 * that may find two rows from one, or NULL.
 */
/* Append " OPERATOR(nsp.name) ", an operator between two operands. */
static void
shape_append_spaced_operator(StringInfo buf, Oid opno)
{
	appendStringInfoChar(buf, ' ');
	relnav_append_operator(buf, opno);
	appendStringInfoChar(buf, ' ');
}

static const RelnavDecl *
shape_overflowing_hop(const RelnavDecl *const *hops, int nhops)
{
	for (int i = 0; i < nhops; i++)
		if (relnav_kind_is_scalar(hops[i]->kind) &&
			!relnav_columns_unique(hops[i]->target, hops[i]->ntarget_columns,
								   hops[i]->target_attnums))
			return hops[i];
	return NULL;
}

/*
 * Append "CASE WHEN count(*) OVER () > 1 THEN <21000 naming decl> ELSE ":
 * a scalar subquery that finds two rows raises the relationship's own
 * error (a 21000 of the user's code stays PostgreSQL's); the window sees
 * every row before the first is returned.  The caller closes with "END"
 * and type casts the raise to (it never returns).
 */
static void
shape_append_overflow_check(StringInfo buf, const RelnavDecl *decl,
							const char *type)
{
	appendStringInfoString(buf, "CASE WHEN pg_catalog.count(*) OVER () OPERATOR(pg_catalog.>) 1 THEN ");
	relnav_append_overflow_raise(buf, decl);
	appendStringInfo(buf, "::pg_catalog.text::%s ELSE ", type);
}

static void shape_append_object(ShapeGen *gen, StringInfo buf,
								const ShapeNode *node, const char *alias);
static void shape_append_condition(ShapeGen *gen, StringInfo buf,
								   const QueryCond *cond, const char *alias);

/* ------------------------------------------------------------------------
 * Literals
 * ------------------------------------------------------------------------
 */

/*
 * Give every literal of tree its place: one array parameter per type,
 * numbered after the parameters the statement has already.  The result
 * lives in stmt->context and becomes stmt->extra.
 */
static void
shape_assign_params(ShapeGen *gen, const ShapeTree *tree)
{
	RelnavStatement *stmt = gen->stmt;
	int			nliterals = list_length(tree->literals);
	ShapeParams *params = MemoryContextAllocZero(stmt->context, sizeof(ShapeParams));
	ListCell   *lc;

	params->nslots = nliterals;
	params->slots = MemoryContextAllocZero(stmt->context,
										   sizeof(ShapeParamSlot) * Max(nliterals, 1));
	params->types = MemoryContextAllocZero(stmt->context,
										   sizeof(ShapeParamType) * Max(nliterals, 1));
	params->groups = MemoryContextAllocZero(stmt->context,
											sizeof(ShapeParamGroup) * Max(nliterals, 1));
	foreach(lc, tree->literals)
	{
		QueryLiteral *literal = lfirst(lc);
		ShapeParamSlot *slot = &params->slots[literal->index];
		Oid			elemtype;
		int			t;
		int			g;

		if (!OidIsValid(literal->type))
			elog(ERROR, "literal %d of shape has no type", literal->index + 1);

		for (t = 0; t < params->ntypes; t++)
			if (params->types[t].type == literal->type)
				break;
		if (t == params->ntypes)
		{
			ShapeParamType *type = &params->types[params->ntypes++];
			Oid			typinput;

			type->type = literal->type;
			getTypeInputInfo(literal->type, &typinput, &type->typioparam);
			fmgr_info_cxt(typinput, &type->input, stmt->context);
		}

		/* a type without an array type travels as text */
		elemtype = OidIsValid(get_array_type(literal->type)) ? literal->type : TEXTOID;
		for (g = 0; g < params->ngroups; g++)
			if (params->groups[g].elemtype == elemtype)
				break;
		if (g == params->ngroups)
		{
			ShapeParamGroup *group = &params->groups[params->ngroups++];

			group->elemtype = elemtype;
			group->arraytype = get_array_type(elemtype);
			get_typlenbyvalalign(elemtype, &group->elemlen, &group->elembyval,
								 &group->elemalign);
		}
		slot->type = t;
		slot->group = g;
		slot->element = ++params->groups[g].nvalues;
	}

	if (stmt->nparams + params->ngroups > RELNAV_MAX_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("shape compares values of %d types, more than %d",
						params->ngroups, RELNAV_MAX_PARAMS - stmt->nparams),
				 errdetail("The literals of each type are one parameter of the statement, which has room for %d parameters beside its key.",
						   RELNAV_MAX_PARAMS - stmt->nparams)));
	for (int g = 0; g < params->ngroups; g++)
	{
		params->groups[g].paramno = relnav_stmt_add_param(stmt,
														  params->groups[g].arraytype);
	}
	stmt->extra = params;
	gen->params = params;
}

static void
shape_append_literal(ShapeGen *gen, StringInfo buf, const QueryLiteral *literal)
{
	const ShapeParamSlot *slot = &gen->params->slots[literal->index];
	const ShapeParamGroup *group = &gen->params->groups[slot->group];
	Oid			type = gen->params->types[slot->type].type;

	if (group->elemtype != type)
		appendStringInfo(buf, "CAST($%d[%d] AS %s)", group->paramno, slot->element,
						 format_type_be_qualified(type));
	else
		appendStringInfo(buf, "$%d[%d]", group->paramno, slot->element);
}

/* ------------------------------------------------------------------------
 * Operators, columns, paths
 * ------------------------------------------------------------------------
 */

static char *
shape_column_ref(const char *alias, Oid relid, AttrNumber attnum)
{
	return psprintf("%s.%s", alias,
					quote_identifier(relnav_column_name(relid, attnum)));
}

static char *
shape_new_alias(ShapeGen *gen)
{
	return psprintf("t%d", ++gen->naliases);
}

/*
 * Append to from and where the hops of path from rows aliased left.  The
 * rows reached are aliased last_alias; their table goes into from unless
 * the caller has it in an outer query (target_in_from false).
 */
static void
shape_append_path(ShapeGen *gen, StringInfo from, StringInfo where,
				  const QueryPath *path, const char *left,
				  const char *last_alias, bool target_in_from)
{
	for (int i = 0; i < path->nhops; i++)
	{
		int			n = ++gen->naliases;
		bool		last = (i == path->nhops - 1);
		const char *right = last ? last_alias : psprintf("t%d", n);

		relnav_append_hop(from, where, gen->stmt, path->hops[i], left, NULL, right,
						  psprintf("s%d", n), !last || target_in_from, NULL);
		left = right;
	}
}

/*
 * Append the condition that row x, in the caller's FROM, is reached by
 * path from the row aliased left: the join itself for one direct hop,
 * else EXISTS over the hops, so that each row counts once.
 */
static void
shape_append_reached(ShapeGen *gen, StringInfo buf, const QueryPath *path,
					 const char *left, const char *x)
{
	StringInfoData from;
	StringInfoData where;

	initStringInfo(&from);
	initStringInfo(&where);
	shape_append_path(gen, &from, &where, path, left, x, false);
	if (from.len > 0)
		appendStringInfo(buf, "EXISTS (SELECT 1 FROM %s WHERE %s)", from.data, where.data);
	else
		appendStringInfoString(buf, where.data);
}

/* (SELECT agg(x.col) FROM target x WHERE <x reached> AND <where>) */
static void
shape_append_aggregate(ShapeGen *gen, StringInfo buf,
					   const QueryAggregate *aggregate, const char *alias)
{
	const QueryOperand *operand = &aggregate->operand;
	Oid			target = operand->path.target;
	char	   *x = shape_new_alias(gen);

	appendStringInfoString(buf, "(SELECT ");
	if (aggregate->kind == QUERY_AGG_COUNT)
		appendStringInfoString(buf, "pg_catalog.count(*)");
	else
		appendStringInfo(buf, "pg_catalog.%s(%s)",
						 relnav_query_aggregate_name(aggregate->kind),
						 shape_column_ref(x, target, operand->attnum));
	appendStringInfo(buf, " FROM %s %s WHERE ", relnav_qualified_name(target), x);
	shape_append_reached(gen, buf, &operand->path, alias, x);
	if (aggregate->where != NULL)
	{
		appendStringInfoString(buf, " AND ");
		shape_append_condition(gen, buf, aggregate->where, x);
	}
	appendStringInfoChar(buf, ')');
}

/* ------------------------------------------------------------------------
 * Conditions
 * ------------------------------------------------------------------------
 */

/* The predicate of cond applied to the column expression expr. */
static void
shape_append_predicate(ShapeGen *gen, StringInfo buf, const QueryCond *cond,
					   const char *expr)
{
	switch (cond->kind)
	{
		case QUERY_COMPARE:
			appendStringInfo(buf, "(%s", expr);
			shape_append_spaced_operator(buf, cond->opno);
			shape_append_literal(gen, buf, linitial(cond->literals));
			appendStringInfoChar(buf, ')');
			break;
		case QUERY_IN:
			{
				const QueryLiteral *first = linitial(cond->literals);
				const QueryLiteral *last = llast(cond->literals);
				const ShapeParamSlot *slot = &gen->params->slots[first->index];
				const ShapeParamGroup *group = &gen->params->groups[slot->group];

				appendStringInfoString(buf, cond->negated ? "(NOT (" : "((");
				if (group->elemtype == gen->params->types[slot->type].type)
				{
					/* the list is a slice of its type's array: one ANY */
					appendStringInfoString(buf, expr);
					shape_append_spaced_operator(buf, cond->opno);
					appendStringInfo(buf, "ANY ($%d[%d:%d])", group->paramno,
									 slot->element,
									 gen->params->slots[last->index].element);
				}
				else
				{
					ListCell   *lc;

					foreach(lc, cond->literals)
					{
						if (lc != list_head(cond->literals))
							appendStringInfoString(buf, " OR ");
						appendStringInfoString(buf, expr);
						shape_append_spaced_operator(buf, cond->opno);
						shape_append_literal(gen, buf, lfirst(lc));
					}
				}
				appendStringInfoString(buf, "))");
			}
			break;
		case QUERY_NULLTEST:
			appendStringInfo(buf, "(%s IS %sNULL)", expr, cond->negated ? "NOT " : "");
			break;
		case QUERY_LIKE:
			appendStringInfo(buf, "(%s OPERATOR(pg_catalog.%s%s) ", expr,
							 cond->negated ? "!~~" : "~~", cond->ilike ? "*" : "");
			shape_append_literal(gen, buf, linitial(cond->literals));
			appendStringInfoChar(buf, ')');
			break;
		default:
			elog(ERROR, "unexpected condition kind %d", (int) cond->kind);
	}
}

/*
 * A predicate on a column of the level's row, or on the rows a path
 * reaches: true when at least one of them satisfies it.
 */
static void
shape_append_operand_predicate(ShapeGen *gen, StringInfo buf,
							   const QueryCond *cond, const char *alias)
{
	const QueryOperand *operand = cond->operand;
	StringInfoData from;
	StringInfoData where;
	char	   *x;

	if (operand->path.nhops == 0)
	{
		shape_append_predicate(gen, buf, cond,
							   shape_column_ref(alias, operand->path.target,
												operand->attnum));
		return;
	}

	x = shape_new_alias(gen);
	initStringInfo(&from);
	initStringInfo(&where);
	shape_append_path(gen, &from, &where, &operand->path, alias, x, true);
	appendStringInfo(&where, " AND ");
	shape_append_predicate(gen, &where, cond,
						   shape_column_ref(x, operand->path.target, operand->attnum));
	appendStringInfo(buf, "EXISTS (SELECT 1 FROM %s WHERE %s)", from.data, where.data);
}

static void
shape_append_condition(ShapeGen *gen, StringInfo buf, const QueryCond *cond,
					   const char *alias)
{
	ListCell   *lc;

	check_stack_depth();
	switch (cond->kind)
	{
		case QUERY_AND:
		case QUERY_OR:
			appendStringInfoChar(buf, '(');
			foreach(lc, cond->args)
			{
				if (lc != list_head(cond->args))
					appendStringInfoString(buf, cond->kind == QUERY_AND ? " AND " : " OR ");
				shape_append_condition(gen, buf, lfirst(lc), alias);
			}
			appendStringInfoChar(buf, ')');
			break;
		case QUERY_NOT:
			appendStringInfoString(buf, "(NOT ");
			shape_append_condition(gen, buf, linitial(cond->args), alias);
			appendStringInfoChar(buf, ')');
			break;
		case QUERY_COMPARE:
		case QUERY_IN:
		case QUERY_NULLTEST:
		case QUERY_LIKE:
			shape_append_operand_predicate(gen, buf, cond, alias);
			break;
		case QUERY_AGG_COMPARE:
			appendStringInfoChar(buf, '(');
			shape_append_aggregate(gen, buf, cond->aggregate, alias);
			shape_append_spaced_operator(buf, cond->opno);
			shape_append_literal(gen, buf, linitial(cond->literals));
			appendStringInfoChar(buf, ')');
			break;
		case QUERY_EXISTS:
			{
				char	   *x = shape_new_alias(gen);
				StringInfoData from;
				StringInfoData where;

				initStringInfo(&from);
				initStringInfo(&where);
				shape_append_path(gen, &from, &where, cond->path, alias, x, true);
				if (cond->where != NULL)
				{
					appendStringInfoString(&where, " AND ");
					shape_append_condition(gen, &where, cond->where, x);
				}
				appendStringInfo(buf, "EXISTS (SELECT 1 FROM %s WHERE %s)",
								 from.data, where.data);
			}
			break;
	}
}

/* ------------------------------------------------------------------------
 * Orders and pages
 * ------------------------------------------------------------------------
 */

/*
 * Append the items of order for rows aliased alias of relid, then the
 * primary key columns not among them, so that the order is total.
 */
static void
shape_append_sorts(ShapeGen *gen, StringInfo buf, List *order,
				   const char *alias, Oid relid)
{
	AttrNumber	pk[RELNAV_MAX_COLUMNS];
	int			npk = 0;
	ListCell   *lc;

	foreach(lc, order)
	{
		QuerySort  *sort = lfirst(lc);

		if (lc != list_head(order))
			appendStringInfoString(buf, ", ");
		if (sort->aggregate != NULL)
			shape_append_aggregate(gen, buf, sort->aggregate, alias);
		else if (sort->operand->path.nhops == 0)
			appendStringInfoString(buf, shape_column_ref(alias, relid,
														 sort->operand->attnum));
		else
		{
			/* every hop scalar (pass two checked): one value or none */
			const QueryOperand *operand = sort->operand;
			char	   *x = shape_new_alias(gen);
			StringInfoData from;
			StringInfoData where;

			const RelnavDecl *overflow =
				shape_overflowing_hop((const RelnavDecl *const *) operand->path.hops,
									  operand->path.nhops);

			initStringInfo(&from);
			initStringInfo(&where);
			shape_append_path(gen, &from, &where, &operand->path, alias, x, true);
			appendStringInfoString(buf, "(SELECT ");
			if (overflow != NULL)
				shape_append_overflow_check(buf, overflow,
											format_type_be_qualified(relnav_column_type(operand->path.target,
																						operand->attnum)));
			appendStringInfoString(buf, shape_column_ref(x, operand->path.target,
														 operand->attnum));
			appendStringInfo(buf, "%s FROM %s WHERE %s)", overflow != NULL ? " END" : "",
							 from.data, where.data);
		}
		relnav_append_order_direction(buf,
									  (sort->desc ? RELNAV_ORDER_DESC : 0) |
									  (sort->nulls_first ? RELNAV_ORDER_NULLS_FIRST : 0));
	}

	if (relnav_primary_key(relid, &npk, pk))
	{
		for (int k = 0; k < npk; k++)
		{
			bool		listed = false;

			foreach(lc, order)
			{
				QuerySort  *sort = lfirst(lc);

				listed |= (sort->operand != NULL && sort->operand->path.nhops == 0 &&
						   sort->operand->attnum == pk[k]);
			}
			if (!listed)
				appendStringInfo(buf, ", %s", shape_column_ref(alias, relid, pk[k]));
		}
	}
}

static void
shape_append_paging(ShapeGen *gen, StringInfo buf, const ShapeNode *node)
{
	if (node->limit != NULL)
	{
		appendStringInfoString(buf, " LIMIT ");
		shape_append_literal(gen, buf, node->limit);
	}
	if (node->offset != NULL)
	{
		appendStringInfoString(buf, " OFFSET ");
		shape_append_literal(gen, buf, node->offset);
	}
}

/* ------------------------------------------------------------------------
 * Documents
 * ------------------------------------------------------------------------
 */

/*
 * Append "alias.col, ..." for the columns of node's table that its object
 * reads: its columns ('*': all), and the source columns of the first hop
 * of each embed and aggregate, which correlate their subqueries.  A paged
 * level selects only these in its page query, so that the object is built
 * for the page's rows alone, with no privilege on other columns needed.
 */
static void
shape_append_object_columns(StringInfo buf, const ShapeNode *node,
							const char *alias)
{
	Relation	rel = relation_open(node->relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	bool	   *used = palloc0(sizeof(bool) * (desc->natts + 1));
	int			n = 0;
	ListCell   *lc;

	foreach(lc, node->columns)
		used[((ShapeColumn *) lfirst(lc))->attnum] = true;
	foreach(lc, node->aggregates)
	{
		const RelnavDecl *hop = ((ShapeAggregate *) lfirst(lc))->aggregate->operand.path.hops[0];

		for (int i = 0; i < hop->ncolumns; i++)
			used[hop->source_attnums[i]] = true;
	}
	foreach(lc, node->embeds)
	{
		const RelnavDecl *decl = ((ShapeEmbed *) lfirst(lc))->decl;

		for (int i = 0; i < decl->ncolumns; i++)
			used[decl->source_attnums[i]] = true;
	}
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (att->attisdropped || !(node->star || used[att->attnum]))
			continue;
		appendStringInfo(buf, "%s%s.%s", n++ > 0 ? ", " : "", alias,
						 quote_identifier(NameStr(att->attname)));
	}
	relation_close(rel, NoLock);
}

/*
 * An object expression is built from parts joined by ||, each part at most
 * SHAPE_PAIRS_PER_CALL key/value pairs of one jsonb_build_object call.
 * Start the next pair, opening a new part when the current one is full.
 */
static void
shape_begin_pair(StringInfo buf, int *npairs, int *nparts, const char *key)
{
	if (*npairs % SHAPE_PAIRS_PER_CALL == 0)
	{
		if (*npairs > 0)
			appendStringInfoChar(buf, ')');
		if ((*nparts)++ > 0)
			appendStringInfoString(buf, " OPERATOR(pg_catalog.||) ");
		appendStringInfoString(buf, "pg_catalog.jsonb_build_object(");
	}
	else
		appendStringInfoString(buf, ", ");
	(*npairs)++;
	appendStringInfo(buf, "%s, ", quote_literal_cstr(key));
}

/*
 * One level of a tree: the rows of child's table that decl reaches from
 * the row aliased left (its identity column, when ident_expr is given, is
 * the row's; else left is a row of the table), that pass child's WHERE
 * and are not on branch (an array of identities), in child's order and
 * page: "SELECT c.id, row_number() OVER (ORDER BY ...) AS pos, <guard>".
 */
static void
shape_append_tree_level(ShapeGen *gen, StringInfo buf, const ShapeEmbed *embed,
						const char *left, const char *c, const char *branch,
						const char *id_column)
{
	const RelnavDecl *decl = embed->decl;
	const ShapeNode *child = embed->child;
	char	   *target = relnav_qualified_name(decl->target);
	StringInfoData from;
	StringInfoData where;
	StringInfoData order;
	const RelnavDecl *overflow = shape_overflowing_hop(&decl, 1);

	initStringInfo(&from);
	initStringInfo(&where);
	relnav_append_hop(&from, &where, gen->stmt, decl, left, NULL, c,
					  psprintf("%ss", c), false, NULL);
	initStringInfo(&order);
	if (child->order != NIL)
		shape_append_sorts(gen, &order, child->order, c, decl->target);
	else if (!relnav_append_order_items(&order, c, decl->target, &decl->order))
		appendStringInfo(&order, "%s.%s", c, id_column);

	appendStringInfo(buf, "SELECT %s.%s AS id, pg_catalog.row_number() OVER (ORDER BY %s) AS pos, ",
					 c, id_column, order.data);
	if (overflow != NULL)
	{
		appendStringInfoString(buf, "CASE WHEN pg_catalog.count(*) OVER () OPERATOR(pg_catalog.>) 1 THEN ");
		relnav_append_overflow_raise(buf, overflow);
		appendStringInfoString(buf, " END AS g");
	}
	else
		appendStringInfoString(buf, "NULL::pg_catalog.bool AS g");
	appendStringInfo(buf, " FROM %s %s WHERE ", target, c);
	if (from.len > 0)			/* through a secondary: each target row once */
		appendStringInfo(buf, "EXISTS (SELECT 1 FROM %s WHERE %s)", from.data, where.data);
	else
		appendStringInfoString(buf, where.data);
	/* a row already on the branch from the root is not nested again */
	appendStringInfo(buf, " AND %s.%s OPERATOR(pg_catalog.<>) ALL (%s)", c, id_column, branch);
	if (child->where != NULL)
	{
		appendStringInfoString(buf, " AND ");
		shape_append_condition(gen, buf, child->where, c);
	}
	appendStringInfo(buf, " ORDER BY %s", order.data);
	shape_append_paging(gen, buf, child);
}

/*
 * A recursive embed ('replies+(body)'): one walk, WITH RECURSIVE, of the
 * rows below the parent row, each with its depth and the path of sibling
 * positions from the parent, then each row's document built once and the
 * whole nested by _relnav.tree_agg (tree.c) in depth-first order.  The
 * walk stops at the embed's levels, or for '+' one level past the deepest
 * tree a document may hold (the aggregate then raises 54001), and after
 * one row more than a document may hold.
 */
static void
shape_append_tree(ShapeGen *gen, StringInfo buf, const ShapeEmbed *embed,
				  const char *parent_alias)
{
	const RelnavDecl *decl = embed->decl;
	Oid			relid = decl->target;
	int			n = ++gen->naliases;
	char	   *w = psprintf("w%d", n);
	char	   *x = psprintf("x%d", n);
	char	   *c = psprintf("t%d", n);
	char	   *s = psprintf("r%d", n);
	char	   *target = relnav_qualified_name(relid);
	AttrNumber	pk[RELNAV_MAX_COLUMNS];
	int			npk;
	const char *id_column;
	int			levels = embed->levels >= 0 ? embed->levels : RELNAV_TREE_MAX_DEPTH + 1;
	bool		scalar = relnav_kind_is_scalar(decl->kind);

	if (!relnav_primary_key(relid, &npk, pk) || npk != 1)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("relationship \"%s\" on table \"%s\" cannot be nested as a tree",
						decl->name, relnav_display_name(decl->source)),
				 errdetail("A tree tells its rows apart by a primary key of one column, which table \"%s\" does not have.",
						   relnav_display_name(relid))));
	id_column = quote_identifier(relnav_column_name(relid, pk[0]));

	appendStringInfo(buf, "(SELECT %s_relnav.tree_agg(%s.depth, ",
					 scalar ? "" : "COALESCE(", w);
	shape_append_object(gen, buf, embed->child, c);
	appendStringInfo(buf, ", %s, %s.depth OPERATOR(pg_catalog.<) %d, %s ORDER BY %s.path)",
					 quote_literal_cstr(embed->key), w,
					 embed->levels >= 0 ? embed->levels : RELNAV_TREE_MAX_DEPTH + 2,
					 scalar ? "true" : "false", w);
	if (!scalar)
		appendStringInfoString(buf, ", '[]'::pg_catalog.jsonb)");

	/* the walk: from the parent row, then from each row reached */
	appendStringInfo(buf, " FROM (WITH RECURSIVE %s(depth, id, branch, path, g) AS (SELECT 1, %s.id,"
					 " pg_catalog.array_append(ARRAY[%s.%s], %s.id), ARRAY[%s.pos], %s.g FROM (",
					 w, x, parent_alias, id_column, x, x, x);
	shape_append_tree_level(gen, buf, embed, parent_alias, c,
							psprintf("ARRAY[%s.%s]", parent_alias, id_column), id_column);
	appendStringInfo(buf, ") %s UNION ALL SELECT %s.depth OPERATOR(pg_catalog.+) 1, %s.id,"
					 " pg_catalog.array_append(%s.branch, %s.id),"
					 " pg_catalog.array_append(%s.path, %s.pos), %s.g"
					 " FROM %s, %s %s CROSS JOIN LATERAL (",
					 x, w, x, w, x, w, x, x, w, target, s);
	shape_append_tree_level(gen, buf, embed, s, c, psprintf("%s.branch", w), id_column);
	/*
	 * Each row reached, read again by its key for its document: LATERAL
	 * and OFFSET 0 keep that a probe per row, where a join on the walk
	 * (whose size the planner cannot estimate) may read the whole table.
	 */
	appendStringInfo(buf, ") %s WHERE %s.%s OPERATOR(pg_catalog.=) %s.id"
					 " AND %s.depth OPERATOR(pg_catalog.<) %d)"
					 " SELECT * FROM %s LIMIT %d) %s CROSS JOIN LATERAL"
					 " (SELECT * FROM %s %s WHERE %s.%s OPERATOR(pg_catalog.=) %s.id OFFSET 0) %s)",
					 x, s, id_column, w, w, levels, w, RELNAV_TREE_MAX_NODES + 1, w,
					 target, c, c, id_column, w, c);
}

static void
shape_append_embed(ShapeGen *gen, StringInfo buf, const ShapeEmbed *embed,
				   const char *parent_alias)
{
	const RelnavDecl *decl = embed->decl;
	const ShapeNode *child = embed->child;
	int			n;
	char	   *alias;
	char	   *target = relnav_qualified_name(decl->target);
	StringInfoData from;
	StringInfoData where;
	StringInfoData condition;
	StringInfoData order;
	bool		ordered;

	if (embed->recursive)
	{
		shape_append_tree(gen, buf, embed, parent_alias);
		return;
	}
	n = ++gen->naliases;
	alias = psprintf("t%d", n);
	initStringInfo(&from);
	initStringInfo(&where);
	relnav_append_hop(&from, &where, gen->stmt, decl, parent_alias, NULL, alias,
					  psprintf("s%d", n), false, NULL);
	initStringInfo(&condition);
	if (from.len > 0)			/* through a secondary: each target row once */
		appendStringInfo(&condition, "EXISTS (SELECT 1 FROM %s WHERE %s)",
						 from.data, where.data);
	else
		appendStringInfoString(&condition, where.data);
	if (child->where != NULL)
	{
		appendStringInfoString(&condition, " AND ");
		shape_append_condition(gen, &condition, child->where, alias);
	}

	/* ORDER BY replaces the relationship's default order */
	initStringInfo(&order);
	if (child->order != NIL)
	{
		shape_append_sorts(gen, &order, child->order, alias, decl->target);
		ordered = true;
	}
	else
		ordered = !relnav_kind_is_scalar(decl->kind) &&
			relnav_append_order_items(&order, alias, decl->target, &decl->order);

	if (relnav_kind_is_scalar(decl->kind))
	{
		const RelnavDecl *overflow = shape_overflowing_hop(&decl, 1);

		appendStringInfoString(buf, "(SELECT ");
		if (overflow != NULL)
			shape_append_overflow_check(buf, overflow, "pg_catalog.jsonb");
		shape_append_object(gen, buf, child, alias);
		appendStringInfo(buf, "%s FROM %s %s WHERE %s", overflow != NULL ? " END" : "",
						 target, alias, condition.data);
		if (ordered)
			appendStringInfo(buf, " ORDER BY %s", order.data);
		shape_append_paging(gen, buf, child);
		appendStringInfoChar(buf, ')');
	}
	else if (child->limit == NULL && child->offset == NULL)
	{
		appendStringInfoString(buf, "COALESCE((SELECT pg_catalog.jsonb_agg(");
		shape_append_object(gen, buf, child, alias);
		if (ordered)
			appendStringInfo(buf, " ORDER BY %s", order.data);
		appendStringInfo(buf, ") FROM %s %s WHERE %s), '[]'::pg_catalog.jsonb)",
						 target, alias, condition.data);
	}
	else
	{
		/*
		 * Each parent's page: the page query selects the rows (the columns
		 * the object reads) and the object is built over it, under the same
		 * alias, for the page's rows only, not for those OFFSET skips.  A
		 * plain aggregate over a sorted subquery reads the rows in the
		 * subquery's order, which PostgreSQL keeps (PostgREST relies on it
		 * too).
		 */
		appendStringInfoString(buf, "COALESCE((SELECT pg_catalog.jsonb_agg(");
		shape_append_object(gen, buf, child, alias);
		appendStringInfoString(buf, ") FROM (SELECT ");
		shape_append_object_columns(buf, child, alias);
		appendStringInfo(buf, " FROM %s %s WHERE %s", target, alias, condition.data);
		if (ordered)
			appendStringInfo(buf, " ORDER BY %s", order.data);
		shape_append_paging(gen, buf, child);
		appendStringInfo(buf, ") %s), '[]'::pg_catalog.jsonb)", alias);
	}
}

/*
 * Append the jsonb expression of node's document for the row alias: its
 * columns, aggregates and embedded relationships as the pairs of one
 * jsonb_build_object (more only past SHAPE_PAIRS_PER_CALL pairs: joining
 * objects with || serializes the document again).  A level of '*' alone
 * is to_jsonb(row).
 */
static void
shape_append_object(ShapeGen *gen, StringInfo buf, const ShapeNode *node,
					const char *alias)
{
	int			nparts = 0;
	int			npairs = 0;
	ListCell   *lc;

	if (node->star && node->columns == NIL && node->aggregates == NIL &&
		node->embeds == NIL)
	{
		appendStringInfo(buf, "pg_catalog.to_jsonb(%s)", alias);
		return;
	}

	if (node->star)
	{
		/* every live column, as to_jsonb would show it */
		Relation	rel = relation_open(node->relid, AccessShareLock);
		TupleDesc	desc = RelationGetDescr(rel);

		for (int i = 0; i < desc->natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, i);

			if (att->attisdropped)
				continue;
			shape_begin_pair(buf, &npairs, &nparts, NameStr(att->attname));
			appendStringInfo(buf, "%s.%s", alias,
							 quote_identifier(NameStr(att->attname)));
		}
		relation_close(rel, NoLock);
	}
	foreach(lc, node->columns)
	{
		ShapeColumn *column = lfirst(lc);

		shape_begin_pair(buf, &npairs, &nparts, column->key);
		appendStringInfoString(buf, shape_column_ref(alias, node->relid, column->attnum));
	}
	foreach(lc, node->aggregates)
	{
		ShapeAggregate *item = lfirst(lc);

		shape_begin_pair(buf, &npairs, &nparts, item->key);
		shape_append_aggregate(gen, buf, item->aggregate, alias);
	}
	foreach(lc, node->embeds)
	{
		ShapeEmbed *embed = lfirst(lc);

		shape_begin_pair(buf, &npairs, &nparts, embed->key);
		shape_append_embed(gen, buf, embed, alias);
	}
	if (npairs > 0)
		appendStringInfoChar(buf, ')');
	else
		appendStringInfoString(buf, "'{}'::pg_catalog.jsonb");
}

void
relnav_shape_build_statement(RelnavStatement *stmt, const ShapeTree *tree,
							 bool many)
{
	ShapeGen	gen = {stmt, NULL, 0};
	const ShapeNode *root = tree->root;
	Oid			source = stmt->key.relid;
	StringInfoData keys;
	StringInfoData where;
	StringInfoData rows;
	StringInfoData sql;
	bool		paged;

	/* the key parameters first, $1..$nkeys, then the literals' */
	initStringInfo(&keys);
	initStringInfo(&where);
	relnav_append_key_match(&where, "t0", &stmt->key, many ? "k.k%d" : "$%d", 1);
	relnav_stmt_add_key_params(stmt, many);
	if (many)
		relnav_append_distinct_keys(&keys, stmt);
	shape_assign_params(&gen, tree);

	/* the rows: with LIMIT or OFFSET, a page query of them (see embeds) */
	initStringInfo(&rows);
	paged = (root->limit != NULL || root->offset != NULL);
	if (paged)
	{
		appendStringInfoString(&rows, "(SELECT ");
		shape_append_object_columns(&rows, root, "t0");
	}
	if (many)
		appendStringInfo(&rows, "%s FROM %s k, %s t0 WHERE %s", paged ? "" : " ",
						 keys.data, relnav_qualified_name(source), where.data);
	else
		appendStringInfo(&rows, "%s FROM %s t0 WHERE %s", paged ? "" : " ",
						 relnav_qualified_name(source), where.data);
	if (root->where != NULL)
	{
		appendStringInfoString(&rows, " AND ");
		shape_append_condition(&gen, &rows, root->where, "t0");
	}
	/* at the root of rel_fetch_many, ORDER BY replaces the order of keys */
	if (root->order != NIL)
	{
		appendStringInfoString(&rows, " ORDER BY ");
		shape_append_sorts(&gen, &rows, root->order, "t0", source);
	}
	else if (many)
		appendStringInfoString(&rows, " ORDER BY k.ord");
	shape_append_paging(&gen, &rows, root);
	if (paged)
		appendStringInfoString(&rows, ") t0");

	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT ");
	shape_append_object(&gen, &sql, root, "t0");
	if (paged)
		appendStringInfo(&sql, " FROM %s", rows.data);
	else
		appendStringInfoString(&sql, rows.data);
	stmt->sql = sql.data;
}
