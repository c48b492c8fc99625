/*
 * shape.c
 *		A recursive-descent parser for document shapes (grammar in shape.h;
 *		the clauses' conditions, sorts and aggregates in query_parse.c).
 *
 * Two passes: the first reads the whole text and builds the tree with
 * names only, so that a syntax error is reported as one (42601) wherever it
 * is; the second looks every name up in the catalog (42703, 42704, 42701).
 * Each level of parentheses is one recursion; the depth is bounded both by
 * RELNAV_SHAPE_MAX_DEPTH (a clear error for users) and check_stack_depth()
 * (the backend's own guard), and the number of relationships embedded by
 * RELNAV_SHAPE_MAX_EMBEDS, since every one becomes a subquery to plan.
 *
 * Keywords (WHERE, ORDER BY, LIMIT, OFFSET) are recognised only after an
 * item, where no name can stand: in an item list, "order" is a column.
 */
#include "postgres.h"

#include "access/relation.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/rel.h"

#include "scan.h"
#include "relinfo.h"
#include "shape.h"
#include "tree.h"

typedef struct ShapeParser
{
	RelnavScanner scan;
	QueryParser query;
	int			nembeds;
} ShapeParser;

static ShapeNode *shape_parse_level(ShapeParser *parser, int depth,
									const char **expected_next);

static void
shape_add_aggregate(ShapeNode *node, QueryAggregate *aggregate, char *alias)
{
	ShapeAggregate *item = palloc(sizeof(ShapeAggregate));

	item->aggregate = aggregate;
	item->aliased = (alias != NULL);
	item->key = alias ? alias : pstrdup(relnav_query_aggregate_name(aggregate->kind));
	node->aggregates = lappend(node->aggregates, item);
}

/* Only +, {n} and {1,n} nest trees: the others are paths' quantifiers. */
static void
shape_error_quantifier(ShapeParser *parser, const char *at)
{
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("invalid quantifier in shape \"%s\" at character %d",
					relnav_abbreviate(parser->scan.input),
					relnav_scan_charpos(&parser->scan, at)),
			 errdetail("An embedded relationship nests as a tree with +, {n} or {1,n}.")));
}

static void
shape_parse_item(ShapeParser *parser, ShapeNode *node, int depth)
{
	char	   *name;
	char	   *alias = NULL;
	QueryAggregate *aggregate;
	ShapeEmbed *embed;
	const char *expected_next;
	const char *quantifier_at;
	int			min_hops;
	int			max_hops;
	bool		quantified = false;

	if (relnav_scan_char(&parser->scan, '*'))
	{
		node->star = true;
		return;
	}

	aggregate = relnav_query_try_aggregate(&parser->query);
	if (aggregate != NULL)
	{
		shape_add_aggregate(node, aggregate, NULL);
		return;
	}

	name = relnav_scan_identifier(&parser->scan,
								  "\"*\", a column, an aggregate or a relationship",
								  NULL);
	if (relnav_scan_char(&parser->scan, ':'))
	{
		alias = name;
		aggregate = relnav_query_try_aggregate(&parser->query);
		if (aggregate != NULL)
		{
			shape_add_aggregate(node, aggregate, alias);
			return;
		}
		name = relnav_scan_identifier(&parser->scan,
									  "a column, an aggregate or a relationship",
									  NULL);
	}
	relnav_scan_skip_space(&parser->scan);
	quantifier_at = parser->scan.pos;

	/* a quantifier makes it a recursive embed, which must follow */
	if (relnav_scan_quantifier(&parser->scan, &min_hops, &max_hops))
	{
		/* not before "(": a column, and what follows is the error */
		if (!relnav_scan_char(&parser->scan, '('))
			parser->scan.pos = quantifier_at;
		else
		{
			if (min_hops == 0 ||
				(min_hops != 1 && min_hops != max_hops))
				shape_error_quantifier(parser, quantifier_at);
			quantified = true;
		}
	}
	if (!quantified && !relnav_scan_char(&parser->scan, '('))
	{
		ShapeColumn *column = palloc(sizeof(ShapeColumn));

		column->key = alias ? alias : name;
		column->name = name;
		column->attnum = InvalidAttrNumber;
		node->columns = lappend(node->columns, column);
		return;
	}

	if (++parser->nembeds > RELNAV_SHAPE_MAX_EMBEDS)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("shape embeds more than %d relationships",
						RELNAV_SHAPE_MAX_EMBEDS)));
	embed = palloc0(sizeof(ShapeEmbed));
	embed->key = alias ? alias : name;
	embed->relationship = name;
	embed->recursive = quantified;
	embed->levels = quantified ? max_hops : 1;
	if (embed->levels > RELNAV_TREE_MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("recursive embed \"%s\" in shape \"%s\" nests more than %d levels",
						name, relnav_abbreviate(parser->scan.input),
						RELNAV_TREE_MAX_DEPTH)));
	embed->child = shape_parse_level(parser, depth + 1, &expected_next);
	if (!relnav_scan_char(&parser->scan, ')'))
		relnav_scan_error(&parser->scan,
						  expected_next ? psprintf("%s or \")\"", expected_next) : "\")\"");
	node->embeds = lappend(node->embeds, embed);
}

/*
 * One level: items, then its clauses.  *expected_next says what else could
 * have followed the last thing read, for the caller's syntax error.
 */
static ShapeNode *
shape_parse_level(ShapeParser *parser, int depth, const char **expected_next)
{
	RelnavScanner *scan = &parser->scan;
	ShapeNode  *node = palloc0(sizeof(ShapeNode));

	check_stack_depth();
	if (depth > RELNAV_SHAPE_MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("shape nests more than %d levels deep", RELNAV_SHAPE_MAX_DEPTH)));
	CHECK_FOR_INTERRUPTS();

	do
	{
		shape_parse_item(parser, node, depth);
	} while (relnav_scan_char(scan, ','));
	*expected_next = "\",\", WHERE, ORDER BY, LIMIT, OFFSET";

	if (relnav_scan_keyword(scan, "where"))
	{
		node->where = relnav_query_parse_condition(&parser->query);
		*expected_next = "AND, OR, ORDER BY, LIMIT, OFFSET";
	}
	if (relnav_scan_keyword(scan, "order"))
	{
		if (!relnav_scan_keyword(scan, "by"))
			relnav_scan_error(scan, "BY");
		do
		{
			node->order = lappend(node->order, relnav_query_parse_sort(&parser->query));
		} while (relnav_scan_char(scan, ','));
		*expected_next = "\",\", LIMIT, OFFSET";
	}
	if (relnav_scan_keyword(scan, "limit"))
	{
		node->limit = relnav_query_parse_count(&parser->query);
		*expected_next = "OFFSET";
	}
	if (relnav_scan_keyword(scan, "offset"))
	{
		node->offset = relnav_query_parse_count(&parser->query);
		*expected_next = NULL;
	}
	return node;
}

ShapeTree *
relnav_shape_parse(const char *shape)
{
	ShapeParser parser;
	ShapeTree  *tree = palloc(sizeof(ShapeTree));
	const char *expected_next;

	relnav_scan_init(&parser.scan, shape, "shape");
	relnav_query_parser_init(&parser.query, &parser.scan);
	parser.nembeds = 0;

	tree->text = shape;
	tree->root = shape_parse_level(&parser, 0, &expected_next);
	if (!relnav_scan_at_end(&parser.scan))
		relnav_scan_error(&parser.scan,
						  expected_next ? psprintf("%s or end of shape", expected_next) :
						  "end of shape");
	tree->literals = parser.query.literals;
	return tree;
}

char *
relnav_shape_normalize(const ShapeTree *tree)
{
	StringInfoData buf;
	ListCell   *lc;
	int			done = 0;

	initStringInfo(&buf);
	foreach(lc, tree->literals)
	{
		QueryLiteral *literal = lfirst(lc);

		appendBinaryStringInfo(&buf, tree->text + done, literal->start - done);
		appendStringInfoChar(&buf, '?');
		done = literal->end;
	}
	appendStringInfoString(&buf, tree->text + done);
	return buf.data;
}

/* ------------------------------------------------------------------------
 * Pass two
 * ------------------------------------------------------------------------
 */

typedef struct ShapeResolver
{
	QueryResolver query;
	const char *text;
} ShapeResolver;

/* One document key of a level, for the check that each appears once. */
typedef enum ShapeKeyKind
{
	SHAPE_KEY_COLUMN,			/* '*' or a column item */
	SHAPE_KEY_AGGREGATE,
	SHAPE_KEY_EMBED
} ShapeKeyKind;

typedef struct ShapeKey
{
	const char *key;
	int			order;			/* in the order the check reads keys */
	ShapeKeyKind kind;
	AttrNumber	attnum;			/* columns */
	ShapeColumn *column;		/* column items; NULL for '*' */
} ShapeKey;

static int
shape_key_cmp(const void *a, const void *b)
{
	const ShapeKey *ka = a;
	const ShapeKey *kb = b;
	int			c = strcmp(ka->key, kb->key);

	if (c != 0)
		return c;
	return (ka->order > kb->order) - (ka->order < kb->order);
}

static void
shape_error_duplicate_key(ShapeResolver *resolver, const ShapeKey *key)
{
	ereport(ERROR,
			(errcode(ERRCODE_DUPLICATE_COLUMN),
			 errmsg("key \"%s\" appears more than once in shape \"%s\"",
					key->key, relnav_abbreviate(resolver->text)),
			 key->kind == SHAPE_KEY_EMBED ?
			 errhint("Give the embedded relationship another name with an alias, as in alias:relationship(...).") :
			 key->kind == SHAPE_KEY_AGGREGATE ?
			 errhint("Give the aggregate another name with an alias, as in alias:COUNT(...).") :
			 errhint("Give the column another name with an alias, as in alias:column.")));
}

static void
shape_add_key(ShapeKey *keys, int *n, const char *key, ShapeKeyKind kind,
			  AttrNumber attnum, ShapeColumn *column)
{
	keys[*n].key = key;
	keys[*n].order = *n;
	keys[*n].kind = kind;
	keys[*n].attnum = attnum;
	keys[*n].column = column;
	(*n)++;
}

/*
 * Every key of node once: a column shown twice under its one key (by name
 * twice, or by name and '*') is shown once; any other repeated key is
 * 42701, reported at the key met second when reading '*' and columns, then
 * aggregates, then embeds.  Sorting keeps this O(n log n) for long lists.
 */
static void
shape_check_keys(ShapeResolver *resolver, ShapeNode *node)
{
	int			nkeys = list_length(node->columns) + list_length(node->aggregates) +
		list_length(node->embeds);
	ShapeKey   *keys;
	int			n = 0;
	const ShapeKey *duplicate = NULL;
	List	   *columns = NIL;
	ListCell   *lc;

	if (node->star && nkeys > 0)
	{
		Relation	rel = relation_open(node->relid, AccessShareLock);
		TupleDesc	desc = RelationGetDescr(rel);

		keys = palloc(sizeof(ShapeKey) * (nkeys + desc->natts));
		for (int i = 0; i < desc->natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, i);

			if (att->attisdropped)
				continue;
			shape_add_key(keys, &n, pstrdup(NameStr(att->attname)),
						  SHAPE_KEY_COLUMN, att->attnum, NULL);
		}
		relation_close(rel, NoLock);
	}
	else
		keys = palloc(sizeof(ShapeKey) * Max(nkeys, 1));

	foreach(lc, node->columns)
	{
		ShapeColumn *column = lfirst(lc);

		shape_add_key(keys, &n, column->key, SHAPE_KEY_COLUMN, column->attnum, column);
	}
	foreach(lc, node->aggregates)
		shape_add_key(keys, &n, ((ShapeAggregate *) lfirst(lc))->key,
					  SHAPE_KEY_AGGREGATE, InvalidAttrNumber, NULL);
	foreach(lc, node->embeds)
		shape_add_key(keys, &n, ((ShapeEmbed *) lfirst(lc))->key,
					  SHAPE_KEY_EMBED, InvalidAttrNumber, NULL);
	if (n < 2)
		return;

	qsort(keys, n, sizeof(ShapeKey), shape_key_cmp);
	for (int i = 1, run = 0; i < n; i++)
	{
		const ShapeKey *first;
		ShapeKey   *key = &keys[i];

		/* within a run of one key, compare with the run's first */
		if (strcmp(keys[i - 1].key, key->key) != 0)
		{
			run = i;
			continue;
		}
		first = &keys[run];
		if (first->kind == SHAPE_KEY_COLUMN && key->kind == SHAPE_KEY_COLUMN &&
			first->attnum == key->attnum)
		{
			/*
			 * The same column again: shown once, by '*' if it is there.
			 * '*' reads first, so key is a column item.
			 */
			key->column->attnum = InvalidAttrNumber;
			continue;
		}
		if (duplicate == NULL || key->order < duplicate->order)
			duplicate = key;
	}
	if (duplicate != NULL)
		shape_error_duplicate_key(resolver, duplicate);

	foreach(lc, node->columns)
		if (((ShapeColumn *) lfirst(lc))->attnum != InvalidAttrNumber)
			columns = lappend(columns, lfirst(lc));
	node->columns = columns;
}

/* 42703 for an item naming no column, with a hint if it is a relationship */
static void
shape_error_no_column(Oid relid, const char *name)
{
	LockRelationOid(relid, AccessShareLock);
	if (relnav_decl_lookup(relid, name, true) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of table \"%s\" does not exist",
						relnav_abbreviate(name), relnav_display_name(relid)),
				 errhint("\"%s\" is a relationship: embed it with a shape in parentheses, as in %s(*).",
						 relnav_abbreviate(name), quote_identifier(name))));
	(void) relnav_column_attnum_or_error(relid, name);
}

static void
shape_resolve_level(ShapeResolver *resolver, ShapeNode *node, Oid relid)
{
	ListCell   *lc;

	check_stack_depth();
	node->relid = relid;
	foreach(lc, node->columns)
	{
		ShapeColumn *column = lfirst(lc);

		column->attnum = relnav_column_attnum(relid, column->name);
		if (column->attnum == InvalidAttrNumber)
			shape_error_no_column(relid, column->name);
	}
	foreach(lc, node->aggregates)
		relnav_query_resolve_aggregate(&resolver->query,
									   ((ShapeAggregate *) lfirst(lc))->aggregate,
									   relid);
	if (node->where != NULL)
		relnav_query_resolve_condition(&resolver->query, node->where, relid);
	foreach(lc, node->order)
		relnav_query_resolve_sort(&resolver->query, lfirst(lc), relid);

	shape_check_keys(resolver, node);

	foreach(lc, node->embeds)
	{
		ShapeEmbed *embed = lfirst(lc);

		/* as a query would; and any change to relid has committed now */
		LockRelationOid(relid, AccessShareLock);
		embed->decl = relnav_decl_lookup(relid, embed->relationship, false);
		if (embed->recursive && embed->decl->target != embed->decl->source)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_RECURSION),
					 errmsg("relationship \"%s\" on table \"%s\" cannot be nested as a tree",
							embed->decl->name, relnav_display_name(relid)),
					 errdetail("It leads to table \"%s\"; only a relationship from a table to itself can take a quantifier.",
							   relnav_display_name(embed->decl->target))));
		if (resolver->query.add_dependency)
		{
			resolver->query.add_dependency(resolver->query.arg, embed->decl->target);
			if (OidIsValid(embed->decl->secondary))
				resolver->query.add_dependency(resolver->query.arg,
											   embed->decl->secondary);
		}
		shape_resolve_level(resolver, embed->child, embed->decl->target);
	}
}

void
relnav_shape_resolve(ShapeTree *tree, Oid relid,
					 void (*add_dependency) (void *arg, Oid relid), void *arg)
{
	ShapeResolver resolver;
	RelnavScanner scan;

	relnav_scan_init(&scan, tree->text, "shape");
	resolver.query.scan = &scan;
	resolver.query.add_dependency = add_dependency;
	resolver.query.arg = arg;
	resolver.text = tree->text;
	shape_resolve_level(&resolver, tree->root, relid);
}
