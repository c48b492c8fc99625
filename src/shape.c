/*
 * shape.c
 *		A recursive-descent parser for document shapes (grammar in shape.h).
 *
 * Two passes: the first reads the whole text and builds the tree with
 * names only, so that a syntax error is reported as one (42601) wherever it
 * is; the second looks every name up in the catalog (42703, 42704, 42701).
 * Each level of parentheses is one recursion; the depth is bounded both by
 * RELNAV_SHAPE_MAX_DEPTH (a clear error for users) and check_stack_depth()
 * (the backend's own guard), and the number of relationships embedded by
 * RELNAV_SHAPE_MAX_EMBEDS, since every one becomes a subquery to plan.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "storage/lmgr.h"

#include "scan.h"
#include "relinfo.h"
#include "shape.h"

typedef struct ShapeParser
{
	RelnavScanner scan;
	int			nembeds;
	void		(*add_dependency) (void *arg, Oid relid);
	void	   *arg;
} ShapeParser;

/* Pass one: an embed's relationship name waits in decl's place. */
typedef struct ShapeSyntaxEmbed
{
	ShapeEmbed	embed;
	char	   *relationship;
} ShapeSyntaxEmbed;

static ShapeNode *shape_parse_level(ShapeParser *parser, int depth);

static void
shape_parse_item(ShapeParser *parser, ShapeNode *node, int depth)
{
	char	   *name;
	char	   *alias = NULL;
	ShapeSyntaxEmbed *embed;

	if (relnav_scan_char(&parser->scan, '*'))
	{
		node->star = true;
		return;
	}

	name = relnav_scan_identifier(&parser->scan,
								  "\"*\", a column or a relationship", NULL);
	if (relnav_scan_char(&parser->scan, ':'))
	{
		alias = name;
		name = relnav_scan_identifier(&parser->scan, "a relationship name", NULL);
		if (!relnav_scan_char(&parser->scan, '('))
			relnav_scan_error(&parser->scan, "\"(\"");
	}
	else if (!relnav_scan_char(&parser->scan, '('))
	{
		ShapeColumn *column = palloc(sizeof(ShapeColumn));

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
	embed = palloc(sizeof(ShapeSyntaxEmbed));
	embed->embed.key = alias ? alias : name;
	embed->embed.decl = NULL;
	embed->relationship = name;
	embed->embed.child = shape_parse_level(parser, depth + 1);
	if (!relnav_scan_char(&parser->scan, ')'))
		relnav_scan_error(&parser->scan, "\",\" or \")\"");
	node->embeds = lappend(node->embeds, embed);
}

static ShapeNode *
shape_parse_level(ShapeParser *parser, int depth)
{
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
	} while (relnav_scan_char(&parser->scan, ','));
	return node;
}

static void
shape_error_duplicate_key(ShapeParser *parser, const char *key)
{
	ereport(ERROR,
			(errcode(ERRCODE_DUPLICATE_COLUMN),
			 errmsg("key \"%s\" appears more than once in shape \"%s\"",
					key, relnav_abbreviate(parser->scan.input)),
			 errhint("Give the embedded relationship another name with an alias, as in alias:relationship(...).")));
}

/* Pass two: look up node's names as columns and relationships of relid. */
static void
shape_resolve(ShapeParser *parser, ShapeNode *node, Oid relid)
{
	List	   *columns = NIL;
	ListCell   *lc;

	node->relid = relid;

	/* columns: each once, however often named */
	foreach(lc, node->columns)
	{
		ShapeColumn *column = lfirst(lc);
		ListCell   *seen;
		bool		duplicate = false;

		column->attnum = relnav_column_attnum_or_error(relid, column->name);
		foreach(seen, columns)
			duplicate |= (((ShapeColumn *) lfirst(seen))->attnum == column->attnum);
		if (!duplicate)
			columns = lappend(columns, column);
	}
	node->columns = columns;

	foreach(lc, node->embeds)
	{
		ShapeSyntaxEmbed *embed = lfirst(lc);
		const char *key = embed->embed.key;
		ListCell   *other;

		/* a key names one thing: not a column shown, not another embed */
		if (node->star && relnav_column_attnum(relid, key) != InvalidAttrNumber)
			shape_error_duplicate_key(parser, key);
		foreach(other, node->columns)
			if (strcmp(((ShapeColumn *) lfirst(other))->name, key) == 0)
				shape_error_duplicate_key(parser, key);
		foreach(other, node->embeds)
		{
			if (other == lc)
				break;
			if (strcmp(((ShapeEmbed *) lfirst(other))->key, key) == 0)
				shape_error_duplicate_key(parser, key);
		}

		/* as a query would; and any change to relid has committed now */
		LockRelationOid(relid, AccessShareLock);
		embed->embed.decl = relnav_decl_lookup(relid, embed->relationship, false);
		if (parser->add_dependency)
		{
			parser->add_dependency(parser->arg, embed->embed.decl->target);
			if (OidIsValid(embed->embed.decl->secondary))
				parser->add_dependency(parser->arg, embed->embed.decl->secondary);
		}
		check_stack_depth();
		shape_resolve(parser, embed->embed.child, embed->embed.decl->target);
	}
}

ShapeNode *
relnav_parse_shape(const char *shape, Oid relid,
				   void (*add_dependency) (void *arg, Oid relid), void *arg)
{
	ShapeParser parser;
	ShapeNode  *root;

	relnav_scan_init(&parser.scan, shape, "shape");
	parser.nembeds = 0;
	parser.add_dependency = add_dependency;
	parser.arg = arg;

	root = shape_parse_level(&parser, 0);
	if (!relnav_scan_at_end(&parser.scan))
		relnav_scan_error(&parser.scan, "\",\" or end of shape");
	shape_resolve(&parser, root, relid);
	return root;
}
