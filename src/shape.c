/*
 * shape.c
 *		A recursive-descent parser for document shapes (grammar in shape.h).
 *
 * Each level of parentheses is one recursion; the depth is bounded both by
 * RELNAV_SHAPE_MAX_DEPTH (a clear error for users) and check_stack_depth()
 * (the backend's own guard), and the number of relationships embedded by
 * RELNAV_SHAPE_MAX_EMBEDS, since every one becomes a subquery to plan.
 */
#include "postgres.h"

#include "miscadmin.h"

#include "ident.h"
#include "relinfo.h"
#include "shape.h"

typedef struct ShapeParser
{
	RelnavScanner scan;
	int			nembeds;
	void		(*add_dependency) (void *arg, Oid relid);
	void	   *arg;
} ShapeParser;

static ShapeNode *shape_parse_level(ShapeParser *parser, Oid relid, int depth);

static void
shape_error_duplicate_key(ShapeParser *parser, const char *key)
{
	ereport(ERROR,
			(errcode(ERRCODE_DUPLICATE_COLUMN),
			 errmsg("key \"%s\" appears more than once in shape \"%s\"",
					key, relnav_abbreviate(parser->scan.input)),
			 errhint("Give the embedded relationship another name with an alias, as in alias:relationship(...).")));
}

/* Is key already taken at this level by an embedded relationship? */
static bool
shape_has_embed(ShapeNode *node, const char *key)
{
	ListCell   *lc;

	foreach(lc, node->embeds)
		if (strcmp(((ShapeEmbed *) lfirst(lc))->key, key) == 0)
			return true;
	return false;
}

static bool
shape_has_column(ShapeNode *node, const char *key)
{
	ListCell   *lc;

	if (node->star && relnav_column_attnum(node->relid, key) != InvalidAttrNumber)
		return true;
	foreach(lc, node->columns)
		if (strcmp(((ShapeColumn *) lfirst(lc))->name, key) == 0)
			return true;
	return false;
}

static void
shape_parse_embed(ShapeParser *parser, ShapeNode *node, char *key,
				  char *relationship, int depth)
{
	ShapeEmbed *embed = palloc(sizeof(ShapeEmbed));

	if (++parser->nembeds > RELNAV_SHAPE_MAX_EMBEDS)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("shape embeds more than %d relationships",
						RELNAV_SHAPE_MAX_EMBEDS)));
	if (shape_has_embed(node, key) || shape_has_column(node, key))
		shape_error_duplicate_key(parser, key);

	embed->key = key;
	embed->decl = relnav_decl_lookup(node->relid, relationship, false);
	if (parser->add_dependency)
	{
		parser->add_dependency(parser->arg, embed->decl->target);
		if (OidIsValid(embed->decl->secondary))
			parser->add_dependency(parser->arg, embed->decl->secondary);
	}
	embed->child = shape_parse_level(parser, embed->decl->target, depth + 1);
	if (!relnav_scan_char(&parser->scan, ')'))
		relnav_scan_error(&parser->scan, "\",\" or \")\"");
	node->embeds = lappend(node->embeds, embed);
}

static void
shape_parse_item(ShapeParser *parser, ShapeNode *node, int depth)
{
	char	   *name;
	char	   *alias = NULL;

	if (relnav_scan_char(&parser->scan, '*'))
	{
		ListCell   *lc;

		node->star = true;
		foreach(lc, node->embeds)
			if (relnav_column_attnum(node->relid, ((ShapeEmbed *) lfirst(lc))->key))
				shape_error_duplicate_key(parser, ((ShapeEmbed *) lfirst(lc))->key);
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
		shape_parse_embed(parser, node, alias, name, depth);
		return;
	}
	if (relnav_scan_char(&parser->scan, '('))
	{
		shape_parse_embed(parser, node, name, name, depth);
		return;
	}

	/* a column: listed once however often it is named */
	{
		ShapeColumn *column;
		ListCell   *lc;
		AttrNumber	attnum = relnav_column_attnum_or_error(node->relid, name);

		foreach(lc, node->columns)
			if (((ShapeColumn *) lfirst(lc))->attnum == attnum)
				return;
		if (shape_has_embed(node, name))
			shape_error_duplicate_key(parser, name);
		column = palloc(sizeof(ShapeColumn));
		column->name = name;
		column->attnum = attnum;
		node->columns = lappend(node->columns, column);
	}
}

static ShapeNode *
shape_parse_level(ShapeParser *parser, Oid relid, int depth)
{
	ShapeNode  *node = palloc0(sizeof(ShapeNode));

	check_stack_depth();
	if (depth > RELNAV_SHAPE_MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("shape nests more than %d levels deep", RELNAV_SHAPE_MAX_DEPTH)));
	CHECK_FOR_INTERRUPTS();

	node->relid = relid;
	do
	{
		shape_parse_item(parser, node, depth);
	} while (relnav_scan_char(&parser->scan, ','));
	return node;
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

	root = shape_parse_level(&parser, relid, 0);
	if (!relnav_scan_at_end(&parser.scan))
		relnav_scan_error(&parser.scan, "\",\" or end of shape");
	return root;
}
