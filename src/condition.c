/*
 * condition.c
 *		Declared conditions of relationships (see condition.h).
 */
#include "postgres.h"

#include <ctype.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "condition.h"
#include "query.h"
#include "relinfo.h"
#include "scan.h"

Oid
relnav_condition_holder(const RelnavDecl *decl)
{
	switch (decl->kind)
	{
		case RELNAV_MANY_TO_ONE:
			return decl->source;
		case RELNAV_MANY_TO_MANY:
			return decl->secondary;
		default:
			return decl->target;
	}
}

/* Collect the operands of cond, refusing what a condition cannot hold. */
static void
condition_collect(RelnavScanner *scan, QueryCond *cond, List **operands)
{
	ListCell   *lc;

	check_stack_depth();
	switch (cond->kind)
	{
		case QUERY_AND:
		case QUERY_OR:
		case QUERY_NOT:
			foreach(lc, cond->args)
				condition_collect(scan, lfirst(lc), operands);
			return;
		case QUERY_COMPARE:
		case QUERY_IN:
		case QUERY_NULLTEST:
		case QUERY_LIKE:
			if (cond->operand->path.names == NIL)
			{
				*operands = lappend(*operands, cond->operand);
				return;
			}
			scan->pos = scan->input + cond->operand->location;
			break;
		case QUERY_AGG_COMPARE:
			scan->pos = scan->input + cond->aggregate->location;
			break;
		case QUERY_EXISTS:
			break;
	}
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("condition \"%s\" reaches beyond its table",
					relnav_abbreviate(scan->input)),
			 errdetail("A relationship's condition compares columns of the table that holds its referencing columns with literals: no paths, aggregates or EXISTS.")));
}

/* Parse and resolve text against holder; the operands, in order. */
static QueryCond *
condition_parse(const char *text, Oid holder, List **operands)
{
	RelnavScanner scan;
	QueryParser parser;
	QueryResolver resolver;
	QueryCond  *cond;

	relnav_scan_init(&scan, text, "condition");
	relnav_query_parser_init(&parser, &scan);
	cond = relnav_query_parse_condition(&parser);
	if (!relnav_scan_at_end(&scan))
		relnav_scan_error(&scan, "AND, OR or end of condition");
	*operands = NIL;
	condition_collect(&scan, cond, operands);

	memset(&resolver, 0, sizeof(resolver));
	resolver.scan = &scan;
	relnav_query_resolve_condition(&resolver, cond, holder);
	return cond;
}

/* Convert a literal with its type's input function (its own errors). */
static Datum
condition_literal_value(const QueryLiteral *literal)
{
	Oid			infunc;
	Oid			ioparam;

	getTypeInputInfo(literal->type, &infunc, &ioparam);
	return OidInputFunctionCall(infunc, literal->value, ioparam, -1);
}

static void
condition_check_literals(QueryCond *cond)
{
	ListCell   *lc;

	foreach(lc, cond->args)
		condition_check_literals(lfirst(lc));
	foreach(lc, cond->literals)
		(void) condition_literal_value(lfirst(lc));
}

char *
relnav_condition_compile(const char *text, Oid holder, int16 **attnums, int *n)
{
	List	   *operands;
	QueryCond  *cond = condition_parse(text, holder, &operands);
	StringInfoData template_text;
	int			done = 0;
	int			i;
	ListCell   *lc;

	condition_check_literals(cond);

	/* every column, where it stands, becomes #attnum */
	*attnums = palloc(sizeof(int16) * Max(list_length(operands), 1));
	*n = 0;
	initStringInfo(&template_text);
	foreach(lc, operands)
	{
		QueryOperand *operand = lfirst(lc);
		RelnavScanner scan;

		relnav_scan_init(&scan, text, "condition");
		scan.pos = text + operand->location;
		(void) relnav_scan_identifier(&scan, "a column", NULL);
		appendBinaryStringInfo(&template_text, text + done, operand->location - done);
		appendStringInfo(&template_text, "#%d", operand->attnum);
		done = scan.pos - text;
		/* each column once: the list says which columns the condition uses */
		for (i = 0; i < *n && (*attnums)[i] != operand->attnum; i++)
			;
		if (i == *n)
			(*attnums)[(*n)++] = operand->attnum;
	}
	appendStringInfoString(&template_text, text + done);
	return template_text.data;
}

char *
relnav_condition_render(const char *template_text, Oid holder)
{
	StringInfoData buf;
	const char *p = template_text;

	initStringInfo(&buf);
	while (*p)
	{
		if (*p == '\'' || ((*p == 'E' || *p == 'e') && p[1] == '\''))
		{
			/* a string literal, copied as it is: '' and \' stay inside */
			bool		escapes = (*p != '\'');

			if (escapes)
				appendStringInfoChar(&buf, *p++);
			appendStringInfoChar(&buf, *p++);
			while (*p)
			{
				if (escapes && *p == '\\' && p[1])
				{
					appendStringInfoChar(&buf, *p++);
					appendStringInfoChar(&buf, *p++);
					continue;
				}
				if (*p == '\'' && p[1] == '\'')
				{
					appendStringInfoString(&buf, "''");
					p += 2;
					continue;
				}
				if (*p == '\'')
					break;
				appendStringInfoChar(&buf, *p++);
			}
			if (*p)
				appendStringInfoChar(&buf, *p++);
		}
		else if (*p == '#' && isdigit((unsigned char) p[1]))
		{
			char	   *end;
			long		attnum = strtol(p + 1, &end, 10);

			appendStringInfoString(&buf,
								   quote_identifier(relnav_column_name(holder,
																	   (AttrNumber) attnum)));
			p = end;
		}
		else if (isalpha((unsigned char) *p) || *p == '_' || IS_HIGHBIT_SET(*p))
		{
			/* a word (a keyword): its letters may not start a literal */
			while (isalnum((unsigned char) *p) || *p == '_' || *p == '$' ||
				   IS_HIGHBIT_SET(*p))
				appendStringInfoChar(&buf, *p++);
		}
		else
			appendStringInfoChar(&buf, *p++);
	}
	return buf.data;
}

/* Append the SQL of cond over rows aliased alias of relid. */
static void
condition_append_sql(StringInfo buf, RelnavStatement *stmt, const QueryCond *cond,
					 const char *alias, Oid relid)
{
	ListCell   *lc;
	char	   *column;

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
				condition_append_sql(buf, stmt, lfirst(lc), alias, relid);
			}
			appendStringInfoChar(buf, ')');
			return;
		case QUERY_NOT:
			appendStringInfoString(buf, "(NOT ");
			condition_append_sql(buf, stmt, linitial(cond->args), alias, relid);
			appendStringInfoChar(buf, ')');
			return;
		default:
			break;
	}

	column = psprintf("%s.%s", alias,
					  quote_identifier(relnav_column_name(relid, cond->operand->attnum)));
	switch (cond->kind)
	{
		case QUERY_COMPARE:
		case QUERY_IN:
			appendStringInfoString(buf, cond->negated ? "(NOT (" : "((");
			foreach(lc, cond->literals)
			{
				QueryLiteral *literal = lfirst(lc);

				if (lc != list_head(cond->literals))
					appendStringInfoString(buf, " OR ");
				appendStringInfo(buf, "%s ", column);
				relnav_append_operator(buf, cond->opno);
				appendStringInfo(buf, " $%d",
								 relnav_stmt_add_const(stmt, literal->type,
													   condition_literal_value(literal)));
			}
			appendStringInfoString(buf, "))");
			break;
		case QUERY_NULLTEST:
			appendStringInfo(buf, "(%s IS %sNULL)", column, cond->negated ? "NOT " : "");
			break;
		case QUERY_LIKE:
			{
				QueryLiteral *literal = linitial(cond->literals);

				appendStringInfo(buf, "(%s OPERATOR(pg_catalog.%s%s) $%d)", column,
								 cond->negated ? "!~~" : "~~", cond->ilike ? "*" : "",
								 relnav_stmt_add_const(stmt, literal->type,
													   condition_literal_value(literal)));
			}
			break;
		default:
			elog(ERROR, "unexpected condition kind %d", (int) cond->kind);
	}
}

void
relnav_append_condition(StringInfo buf, RelnavStatement *stmt,
						const RelnavDecl *decl, const char *alias)
{
	Oid			holder;
	List	   *operands;
	QueryCond  *cond;

	if (decl->condition == NULL)
		return;
	if (stmt == NULL)
		elog(ERROR, "relationship condition without a statement to bind it");
	holder = relnav_condition_holder(decl);
	cond = condition_parse(relnav_condition_render(decl->condition, holder), holder,
						   &operands);
	relnav_append_and(buf);
	condition_append_sql(buf, stmt, cond, alias, holder);
}

/* Add cond's "column = literal" conjuncts to pins; false for anything else. */
static bool
condition_collect_pins(const QueryCond *cond, List **pins)
{
	ListCell   *lc;
	RelnavPin  *pin;

	if (cond->kind == QUERY_AND)
	{
		foreach(lc, cond->args)
			if (!condition_collect_pins(lfirst(lc), pins))
				return false;
		return true;
	}
	if (cond->kind != QUERY_COMPARE || cond->cmp != QUERY_EQ ||
		cond->operand->path.names != NIL)
		return false;
	pin = palloc(sizeof(RelnavPin));
	pin->attnum = cond->operand->attnum;
	pin->type = ((QueryLiteral *) linitial(cond->literals))->type;
	pin->value = condition_literal_value(linitial(cond->literals));
	*pins = lappend(*pins, pin);
	return true;
}

List *
relnav_condition_pins(const RelnavDecl *decl)
{
	Oid			holder;
	List	   *operands;
	List	   *pins = NIL;
	char	   *text;

	if (decl->condition == NULL)
		return NIL;
	holder = relnav_condition_holder(decl);
	text = relnav_condition_render(decl->condition, holder);
	if (!condition_collect_pins(condition_parse(text, holder, &operands), &pins))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("relationship \"%s\" on table \"%s\" cannot link rows",
						decl->name, relnav_display_name(decl->source)),
				 errdetail("Its condition \"%s\" is not a conjunction of column = literal, so no link can be made to satisfy it.",
						   relnav_abbreviate(text)),
				 errhint("Change the rows with UPDATE or INSERT, or declare the condition as column = value pairs joined by AND.")));
	return pins;
}
