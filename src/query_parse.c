/*
 * query_parse.c
 *		Conditions, sort items, aggregates and literals of shape clauses:
 *		pass one (syntax) and pass two (names and types); grammar in query.h.
 *
 * Pass one is recursive descent over the shape's scanner.  AND and OR
 * lists are read in loops and kept flat, so a long chain of them costs no
 * stack; what does recurse (parentheses, NOT, the conditions of EXISTS and
 * of aggregates) is bounded by RELNAV_QUERY_MAX_DEPTH and check_stack_depth(),
 * and the number of terms and literals by RELNAV_QUERY_MAX_TERMS and
 * RELNAV_QUERY_MAX_LITERALS, each with a clean 54001.
 *
 * Keywords are recognised only where a clause or an operator can stand.
 * A name that starts an operand or a path may not be one of the reserved
 * words below unquoted, as in SQL; after a dot, any name is a name.
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/value.h"
#include "parser/parse_coerce.h"
#include "parser/parse_func.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "query.h"
#include "relinfo.h"

/* Words that cannot start an operand or a path unless double-quoted. */
static const char *const query_reserved[] = {
	"and", "or", "not", "in", "is", "null", "like", "ilike", "exists",
	"true", "false", "where", "order", "by", "limit", "offset", "asc", "desc",
	NULL
};

static const char *const query_aggregate_names[] = {
	"count", "sum", "avg", "min", "max"
};

static QueryCond *query_parse_or(QueryParser *parser, int depth);
static QueryAggregate *query_try_aggregate(QueryParser *parser, int depth);

void
relnav_query_parser_init(QueryParser *parser, RelnavScanner *scan)
{
	parser->scan = scan;
	parser->literals = NIL;
	parser->nterms = 0;
}

const char *
relnav_query_aggregate_name(QueryAggKind kind)
{
	return query_aggregate_names[kind];
}

/* ------------------------------------------------------------------------
 * Pass one: syntax
 * ------------------------------------------------------------------------
 */

static void
query_check_depth(QueryParser *parser, int depth)
{
	check_stack_depth();
	if (depth > RELNAV_QUERY_MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("condition in %s \"%s\" nests more than %d levels deep",
						parser->scan->what, relnav_abbreviate(parser->scan->input),
						RELNAV_QUERY_MAX_DEPTH)));
}

static void
query_count_term(QueryParser *parser)
{
	if (++parser->nterms > RELNAV_QUERY_MAX_TERMS)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("%s \"%s\" has more than %d conditions, sort items and aggregates",
						parser->scan->what, relnav_abbreviate(parser->scan->input),
						RELNAV_QUERY_MAX_TERMS)));
	CHECK_FOR_INTERRUPTS();
}

static bool
query_at_reserved(RelnavScanner *scan)
{
	for (int i = 0; query_reserved[i] != NULL; i++)
		if (relnav_scan_peek_keyword(scan, query_reserved[i]))
			return true;
	return false;
}

/* A name that starts an operand or a path: not a reserved word unquoted. */
static char *
query_scan_first_name(QueryParser *parser, const char *expected)
{
	if (query_at_reserved(parser->scan))
		relnav_scan_error(parser->scan, expected);
	return relnav_scan_identifier(parser->scan, expected, NULL);
}

/*
 * name ('.' name)*: at most RELNAV_PATH_MAX_HOPS relationships, and a
 * column after them when with_column.
 */
static List *
query_parse_names(QueryParser *parser, const char *expected, bool with_column)
{
	List	   *names = list_make1(query_scan_first_name(parser, expected));

	while (relnav_scan_char(parser->scan, '.'))
	{
		if (list_length(names) >= RELNAV_PATH_MAX_HOPS + (with_column ? 1 : 0))
			ereport(ERROR,
					(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
					 errmsg("path in %s \"%s\" has more than %d relationships",
							parser->scan->what,
							relnav_abbreviate(parser->scan->input),
							RELNAV_PATH_MAX_HOPS)));
		names = lappend(names,
						relnav_scan_identifier(parser->scan,
											   "a relationship or column name", NULL));
	}
	return names;
}

/* operand := column | path '.' column */
static QueryOperand *
query_parse_operand(QueryParser *parser, const char *expected)
{
	QueryOperand *operand = palloc0(sizeof(QueryOperand));
	List	   *names;

	relnav_scan_skip_space(parser->scan);
	operand->location = parser->scan->pos - parser->scan->input;
	names = query_parse_names(parser, expected, true);
	operand->column = llast(names);
	operand->path.names = list_truncate(names, list_length(names) - 1);
	return operand;
}

static QueryLiteral *
query_add_literal(QueryParser *parser, QueryLiteralKind kind, char *value,
				  const char *start)
{
	QueryLiteral *literal = palloc0(sizeof(QueryLiteral));

	if (list_length(parser->literals) >= RELNAV_QUERY_MAX_LITERALS)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("%s \"%s\" has more than %d literals",
						parser->scan->what, relnav_abbreviate(parser->scan->input),
						RELNAV_QUERY_MAX_LITERALS)));
	literal->kind = kind;
	literal->value = value;
	literal->start = start - parser->scan->input;
	literal->end = parser->scan->pos - parser->scan->input;
	literal->index = list_length(parser->literals);
	literal->type = InvalidOid;
	parser->literals = lappend(parser->literals, literal);
	return literal;
}

/* literal := string | number | TRUE | FALSE; only a string when string_only */
static QueryLiteral *
query_parse_literal(QueryParser *parser, bool string_only)
{
	RelnavScanner *scan = parser->scan;
	const char *start;

	relnav_scan_skip_space(scan);
	start = scan->pos;
	if (*start == '\'' || ((*start == 'E' || *start == 'e') && start[1] == '\''))
		return query_add_literal(parser, QUERY_LIT_STRING,
								 relnav_scan_string(scan, "a string"), start);
	if (!string_only)
	{
		if (relnav_scan_at_number(scan))
			return query_add_literal(parser, QUERY_LIT_NUMBER,
									 relnav_scan_number(scan, false, "a number"),
									 start);
		if (relnav_scan_keyword(scan, "true"))
			return query_add_literal(parser, QUERY_LIT_BOOLEAN, pstrdup("true"), start);
		if (relnav_scan_keyword(scan, "false"))
			return query_add_literal(parser, QUERY_LIT_BOOLEAN, pstrdup("false"), start);
	}
	if (relnav_scan_peek_keyword(scan, "null"))
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("syntax error in %s \"%s\" at character %d",
						scan->what, relnav_abbreviate(scan->input),
						relnav_scan_charpos(scan, start)),
				 errdetail("NULL is not a value that can be compared."),
				 errhint("Use IS NULL or IS NOT NULL to match NULL.")));
	relnav_scan_error(scan, string_only ? "a string" :
					  "a literal: a string, a number, TRUE or FALSE");
}

static bool
query_scan_cmp(RelnavScanner *scan, QueryCmp *cmp)
{
	const char *p;
	int			len = 1;

	relnav_scan_skip_space(scan);
	p = scan->pos;
	if (p[0] == '=')
		*cmp = QUERY_EQ;
	else if ((p[0] == '<' && p[1] == '>') || (p[0] == '!' && p[1] == '='))
		*cmp = QUERY_NE, len = 2;
	else if (p[0] == '<' && p[1] == '=')
		*cmp = QUERY_LE, len = 2;
	else if (p[0] == '<')
		*cmp = QUERY_LT;
	else if (p[0] == '>' && p[1] == '=')
		*cmp = QUERY_GE, len = 2;
	else if (p[0] == '>')
		*cmp = QUERY_GT;
	else
		return false;
	scan->pos += len;
	return true;
}

static QueryCond *
query_new_cond(QueryCondKind kind)
{
	QueryCond  *cond = palloc0(sizeof(QueryCond));

	cond->kind = kind;
	return cond;
}

/* After an operand: the rest of its predicate. */
static QueryCond *
query_parse_predicate_tail(QueryParser *parser, QueryOperand *operand)
{
	RelnavScanner *scan = parser->scan;
	QueryCond  *cond;
	QueryCmp	cmp;
	bool		negated = false;

	query_count_term(parser);
	if (query_scan_cmp(scan, &cmp))
	{
		cond = query_new_cond(QUERY_COMPARE);
		cond->operand = operand;
		cond->cmp = cmp;
		cond->literals = list_make1(query_parse_literal(parser, false));
		return cond;
	}

	if (relnav_scan_keyword(scan, "is"))
	{
		cond = query_new_cond(QUERY_NULLTEST);
		cond->operand = operand;
		cond->negated = relnav_scan_keyword(scan, "not");
		if (!relnav_scan_keyword(scan, "null"))
			relnav_scan_error(scan, cond->negated ? "NULL" : "NOT or NULL");
		return cond;
	}

	if (relnav_scan_keyword(scan, "not"))
		negated = true;
	if (relnav_scan_keyword(scan, "in"))
	{
		cond = query_new_cond(QUERY_IN);
		cond->operand = operand;
		cond->negated = negated;
		if (!relnav_scan_char(scan, '('))
			relnav_scan_error(scan, "\"(\"");
		do
		{
			cond->literals = lappend(cond->literals, query_parse_literal(parser, false));
		} while (relnav_scan_char(scan, ','));
		if (!relnav_scan_char(scan, ')'))
			relnav_scan_error(scan, "\",\" or \")\"");
		return cond;
	}
	if (relnav_scan_peek_keyword(scan, "like") || relnav_scan_peek_keyword(scan, "ilike"))
	{
		cond = query_new_cond(QUERY_LIKE);
		cond->operand = operand;
		cond->negated = negated;
		cond->ilike = relnav_scan_keyword(scan, "ilike");
		if (!cond->ilike)
			(void) relnav_scan_keyword(scan, "like");
		cond->literals = list_make1(query_parse_literal(parser, true));
		return cond;
	}
	relnav_scan_error(scan, negated ? "IN, LIKE or ILIKE" :
					  "a comparison operator, IN, IS, LIKE or ILIKE");
}

/* EXISTS '(' path [WHERE condition] ')', after "EXISTS (" */
static QueryCond *
query_parse_exists(QueryParser *parser, int depth)
{
	QueryCond  *cond = query_new_cond(QUERY_EXISTS);

	query_count_term(parser);
	cond->path = palloc0(sizeof(QueryPath));
	cond->path->names = query_parse_names(parser, "a relationship name", false);
	if (relnav_scan_keyword(parser->scan, "where"))
		cond->where = query_parse_or(parser, depth + 1);
	if (!relnav_scan_char(parser->scan, ')'))
		relnav_scan_error(parser->scan,
						  cond->where ? "AND, OR or \")\"" : "\".\", WHERE or \")\"");
	return cond;
}

/* '(' condition ')' | EXISTS (...) | aggregate cmp literal | predicate */
static QueryCond *
query_parse_primary(QueryParser *parser, int depth)
{
	RelnavScanner *scan = parser->scan;
	QueryAggregate *aggregate;
	const char *save;

	if (relnav_scan_char(scan, '('))
	{
		QueryCond  *cond;

		query_check_depth(parser, depth + 1);
		cond = query_parse_or(parser, depth + 1);
		if (!relnav_scan_char(scan, ')'))
			relnav_scan_error(scan, "AND, OR or \")\"");
		return cond;
	}

	relnav_scan_skip_space(scan);
	save = scan->pos;
	if (relnav_scan_keyword(scan, "exists"))
	{
		if (relnav_scan_char(scan, '('))
		{
			query_check_depth(parser, depth + 1);
			return query_parse_exists(parser, depth);
		}
		scan->pos = save;		/* reported as a misplaced keyword below */
	}

	aggregate = query_try_aggregate(parser, depth);
	if (aggregate != NULL)
	{
		QueryCond  *cond = query_new_cond(QUERY_AGG_COMPARE);

		cond->aggregate = aggregate;
		if (!query_scan_cmp(scan, &cond->cmp))
			relnav_scan_error(scan, "a comparison operator");
		cond->literals = list_make1(query_parse_literal(parser, false));
		return cond;
	}

	return query_parse_predicate_tail(parser,
									  query_parse_operand(parser,
														  "a condition: a column, a path, an aggregate, EXISTS, NOT or \"(\""));
}

static QueryCond *
query_parse_not(QueryParser *parser, int depth)
{
	if (relnav_scan_keyword(parser->scan, "not"))
	{
		QueryCond  *cond = query_new_cond(QUERY_NOT);

		query_check_depth(parser, depth + 1);
		cond->args = list_make1(query_parse_not(parser, depth + 1));
		return cond;
	}
	return query_parse_primary(parser, depth);
}

/* One level of AND (or OR) as a flat list, read in a loop. */
static QueryCond *
query_parse_and(QueryParser *parser, int depth)
{
	QueryCond  *first = query_parse_not(parser, depth);
	QueryCond  *cond;

	if (!relnav_scan_peek_keyword(parser->scan, "and"))
		return first;
	cond = query_new_cond(QUERY_AND);
	cond->args = list_make1(first);
	while (relnav_scan_keyword(parser->scan, "and"))
		cond->args = lappend(cond->args, query_parse_not(parser, depth));
	return cond;
}

static QueryCond *
query_parse_or(QueryParser *parser, int depth)
{
	QueryCond  *first = query_parse_and(parser, depth);
	QueryCond  *cond;

	if (!relnav_scan_peek_keyword(parser->scan, "or"))
		return first;
	cond = query_new_cond(QUERY_OR);
	cond->args = list_make1(first);
	while (relnav_scan_keyword(parser->scan, "or"))
		cond->args = lappend(cond->args, query_parse_and(parser, depth));
	return cond;
}

QueryCond *
relnav_query_parse_condition(QueryParser *parser)
{
	return query_parse_or(parser, 0);
}

static QueryAggregate *
query_try_aggregate(QueryParser *parser, int depth)
{
	RelnavScanner *scan = parser->scan;
	QueryAggregate *aggregate;
	const char *start;
	List	   *names;
	int			kind = -1;

	relnav_scan_skip_space(scan);
	start = scan->pos;
	for (int i = 0; i < lengthof(query_aggregate_names) && kind < 0; i++)
	{
		if (!relnav_scan_keyword(scan, query_aggregate_names[i]))
			continue;
		if (relnav_scan_char(scan, '('))
			kind = i;
		else
			scan->pos = start;	/* a column named count, say */
	}
	if (kind < 0)
		return NULL;

	query_count_term(parser);
	query_check_depth(parser, depth + 1);
	aggregate = palloc0(sizeof(QueryAggregate));
	aggregate->kind = (QueryAggKind) kind;
	aggregate->location = start - scan->input;
	relnav_scan_skip_space(scan);
	aggregate->operand.location = scan->pos - scan->input;
	names = query_parse_names(parser, "a relationship name",
							  aggregate->kind != QUERY_AGG_COUNT);
	if (aggregate->kind == QUERY_AGG_COUNT)
		aggregate->operand.path.names = names;
	else
	{
		/* SUM(path.column): a column at the end of at least one hop */
		if (list_length(names) < 2)
			relnav_scan_error(scan, "\".\" and a column name: the aggregate takes path.column");
		aggregate->operand.column = llast(names);
		aggregate->operand.path.names = list_truncate(names, list_length(names) - 1);
	}
	if (relnav_scan_keyword(scan, "where"))
		aggregate->where = query_parse_or(parser, depth + 1);
	if (!relnav_scan_char(scan, ')'))
		relnav_scan_error(scan, aggregate->where ? "AND, OR or \")\"" :
						  "\".\", WHERE or \")\"");
	return aggregate;
}

QueryAggregate *
relnav_query_try_aggregate(QueryParser *parser)
{
	return query_try_aggregate(parser, 0);
}

QuerySort *
relnav_query_parse_sort(QueryParser *parser)
{
	RelnavScanner *scan = parser->scan;
	QuerySort  *sort = palloc0(sizeof(QuerySort));

	sort->aggregate = query_try_aggregate(parser, 0);
	if (sort->aggregate == NULL)
	{
		query_count_term(parser);
		sort->operand = query_parse_operand(parser, "a column, a path or an aggregate");
	}
	if (relnav_scan_keyword(scan, "desc"))
		sort->desc = sort->nulls_first = true;
	else
		(void) relnav_scan_keyword(scan, "asc");
	if (relnav_scan_keyword(scan, "nulls"))
	{
		if (relnav_scan_keyword(scan, "first"))
			sort->nulls_first = true;
		else if (relnav_scan_keyword(scan, "last"))
			sort->nulls_first = false;
		else
			relnav_scan_error(scan, "FIRST or LAST");
	}
	return sort;
}

QueryLiteral *
relnav_query_parse_count(QueryParser *parser)
{
	RelnavScanner *scan = parser->scan;
	QueryLiteral *literal;
	const char *start;

	relnav_scan_skip_space(scan);
	start = scan->pos;
	if (*start < '0' || *start > '9')
		relnav_scan_error(scan, "a non-negative integer");
	literal = query_add_literal(parser, QUERY_LIT_COUNT,
								relnav_scan_number(scan, true, "a non-negative integer"),
								start);
	/* out of range: 22003, as bigint's input says, without a megabyte of digits */
	if (strlen(literal->value) > 20)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value \"%s\" is out of range for type bigint",
						relnav_abbreviate(literal->value))));
	(void) pg_strtoint64(literal->value);
	literal->type = INT8OID;
	return literal;
}

/* ------------------------------------------------------------------------
 * Pass two: names and types
 * ------------------------------------------------------------------------
 */

static void
query_resolve_path(QueryResolver *resolver, QueryPath *path, Oid relid)
{
	ListCell   *lc;
	int			i = 0;

	path->source = relid;
	path->nhops = list_length(path->names);
	path->hops = palloc(sizeof(RelnavDecl *) * Max(path->nhops, 1));
	path->scalar = true;
	foreach(lc, path->names)
	{
		const RelnavDecl *decl;

		/* as a query would; and any change to relid has committed now */
		LockRelationOid(relid, AccessShareLock);
		decl = relnav_decl_lookup(relid, lfirst(lc), false);
		if (resolver->add_dependency)
		{
			resolver->add_dependency(resolver->arg, decl->target);
			if (OidIsValid(decl->secondary))
				resolver->add_dependency(resolver->arg, decl->secondary);
		}
		path->hops[i++] = decl;
		path->scalar &= relnav_kind_is_scalar(decl->kind);
		relid = decl->target;
	}
	path->target = relid;
}

static void
query_resolve_operand(QueryResolver *resolver, QueryOperand *operand, Oid relid)
{
	query_resolve_path(resolver, &operand->path, relid);
	if (operand->column != NULL)
	{
		operand->attnum = relnav_column_attnum_or_error(operand->path.target,
														operand->column);
		operand->type = relnav_column_type(operand->path.target, operand->attnum);
	}
}

/* "kins.full_name" for messages */
static char *
query_operand_text(const QueryOperand *operand)
{
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	foreach(lc, operand->path.names)
		appendStringInfo(&buf, "%s.", quote_identifier(lfirst(lc)));
	if (operand->column)
		appendStringInfoString(&buf, quote_identifier(operand->column));
	else if (buf.len > 0)
		buf.data[--buf.len] = '\0';
	return buf.data;
}

/*
 * The operator of the type's default btree operator class for cmp, as a
 * comparison or an ORDER BY written in SQL would use it.
 */
static Oid
query_comparison_operator(Oid type, QueryCmp cmp)
{
	TypeCacheEntry *entry = lookup_type_cache(getBaseType(type),
											  TYPECACHE_BTREE_OPFAMILY);
	static const int16 strategies[] = {
		BTEqualStrategyNumber, BTEqualStrategyNumber, BTLessStrategyNumber,
		BTLessEqualStrategyNumber, BTGreaterStrategyNumber,
		BTGreaterEqualStrategyNumber
	};
	Oid			opno = InvalidOid;

	if (OidIsValid(entry->btree_opf))
		opno = get_opfamily_member(entry->btree_opf, entry->btree_opintype,
								   entry->btree_opintype, strategies[cmp]);
	if (OidIsValid(opno) && cmp == QUERY_NE)
		opno = get_negator(opno);
	if (!OidIsValid(opno))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("could not identify a comparison operator for type %s",
						format_type_be(type)),
				 errdetail("Conditions compare with the operators of the type's default btree operator class.")));
	return opno;
}

static void
query_check_orderable(const QueryOperand *operand, Oid type)
{
	TypeCacheEntry *entry = lookup_type_cache(getBaseType(type), TYPECACHE_LT_OPR);

	if (!OidIsValid(entry->lt_opr))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("could not identify an ordering operator for type %s",
						format_type_be(type)),
				 errdetail("ORDER BY %s needs the type's default btree operator class.",
						   query_operand_text(operand))));
}

static void
query_set_literal_types(List *literals, Oid type)
{
	ListCell   *lc;

	/* a domain's values compare as its base type's, as in SQL */
	foreach(lc, literals)
		((QueryLiteral *) lfirst(lc))->type = getBaseType(type);
}

void
relnav_query_resolve_aggregate(QueryResolver *resolver,
							   QueryAggregate *aggregate, Oid relid)
{
	QueryOperand *operand = &aggregate->operand;

	check_stack_depth();
	query_resolve_operand(resolver, operand, relid);
	if (aggregate->where != NULL)
		relnav_query_resolve_condition(resolver, aggregate->where,
									   operand->path.target);

	if (aggregate->kind == QUERY_AGG_COUNT)
		aggregate->result_type = INT8OID;
	else
	{
		/* the aggregate SQL would pick for the column, from pg_catalog */
		const char *name = relnav_query_aggregate_name(aggregate->kind);
		Oid			argtype = getBaseType(operand->type);
		Oid			funcid;
		Oid			rettype;
		bool		retset;
		int			nvargs;
		Oid			vatype;
		Oid		   *true_types;

		if (func_get_detail(list_make2(makeString("pg_catalog"),
									   makeString(pstrdup(name))),
							NIL, NIL, 1, &argtype, false, false, false,
							&funcid, &rettype, &retset, &nvargs, &vatype,
							&true_types, NULL) != FUNCDETAIL_AGGREGATE)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_FUNCTION),
					 errmsg("function %s(%s) does not exist", name,
							format_type_be(operand->type)),
					 errdetail("%s(%s) aggregates column \"%s\" of table \"%s\", of type %s.",
							   asc_toupper(name, strlen(name)),
							   query_operand_text(operand), operand->column,
							   relnav_display_name(operand->path.target),
							   format_type_be(operand->type))));
		/* min and max of arrays and enums return their argument's type */
		aggregate->result_type = IsPolymorphicType(rettype) ? argtype : rettype;
	}
}

void
relnav_query_resolve_condition(QueryResolver *resolver, QueryCond *cond,
							   Oid relid)
{
	ListCell   *lc;

	check_stack_depth();
	switch (cond->kind)
	{
		case QUERY_AND:
		case QUERY_OR:
		case QUERY_NOT:
			foreach(lc, cond->args)
				relnav_query_resolve_condition(resolver, lfirst(lc), relid);
			break;
		case QUERY_COMPARE:
		case QUERY_IN:
			query_resolve_operand(resolver, cond->operand, relid);
			cond->opno = query_comparison_operator(cond->operand->type,
												   cond->kind == QUERY_IN ?
												   QUERY_EQ : cond->cmp);
			query_set_literal_types(cond->literals, cond->operand->type);
			break;
		case QUERY_NULLTEST:
			query_resolve_operand(resolver, cond->operand, relid);
			break;
		case QUERY_LIKE:
			query_resolve_operand(resolver, cond->operand, relid);
			if (TypeCategory(getBaseType(cond->operand->type)) != TYPCATEGORY_STRING)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("operator %s cannot be applied to column \"%s\" of type %s",
								cond->ilike ? "ILIKE" : "LIKE",
								query_operand_text(cond->operand),
								format_type_be(cond->operand->type)),
						 errhint("LIKE and ILIKE match strings: columns of type text, varchar, char or name.")));
			/* the pattern is text, whatever the string type of the column */
			query_set_literal_types(cond->literals, TEXTOID);
			break;
		case QUERY_AGG_COMPARE:
			relnav_query_resolve_aggregate(resolver, cond->aggregate, relid);
			cond->opno = query_comparison_operator(cond->aggregate->result_type,
												   cond->cmp);
			query_set_literal_types(cond->literals, cond->aggregate->result_type);
			break;
		case QUERY_EXISTS:
			query_resolve_path(resolver, cond->path, relid);
			if (cond->where != NULL)
				relnav_query_resolve_condition(resolver, cond->where,
											   cond->path->target);
			break;
	}
}

void
relnav_query_resolve_sort(QueryResolver *resolver, QuerySort *sort, Oid relid)
{
	if (sort->aggregate != NULL)
	{
		relnav_query_resolve_aggregate(resolver, sort->aggregate, relid);
		query_check_orderable(&sort->aggregate->operand,
							  sort->aggregate->result_type);
		return;
	}

	query_resolve_operand(resolver, sort->operand, relid);
	if (!sort->operand->path.scalar)
	{
		const RelnavDecl *collection = NULL;

		for (int i = 0; i < sort->operand->path.nhops && collection == NULL; i++)
			if (!relnav_kind_is_scalar(sort->operand->path.hops[i]->kind))
				collection = sort->operand->path.hops[i];
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_COLUMN_REFERENCE),
				 errmsg("cannot order by \"%s\" in %s \"%s\"",
						query_operand_text(sort->operand), resolver->scan->what,
						relnav_abbreviate(resolver->scan->input)),
				 errdetail("Relationship \"%s\" on table \"%s\" is %s, so a row may reach several values.",
						   collection->name, relnav_display_name(collection->source),
						   relnav_kind_name(collection->kind)),
				 errhint("Order by an aggregate of the path instead, such as MIN(%s) or MAX(%s).",
						 query_operand_text(sort->operand),
						 query_operand_text(sort->operand))));
	}
	query_check_orderable(sort->operand, sort->operand->type);
}
