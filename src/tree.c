/*
 * tree.c
 *		_relnav.tree_agg: nesting the rows of a recursive embed
 *		('replies+(body)') into one document.
 *
 * The statement walks the tree once, with WITH RECURSIVE, and hands each
 * row to the aggregate in depth-first order (sorted by the path of sibling
 * positions from the root) with its depth and its document without the
 * recursive key.  The aggregate rebuilds the nesting: a row at depth d
 * belongs to the closest row before it at depth d - 1.  So a tree of any
 * shape costs one statement, not one per node or per level; and the
 * document is pushed into one parse state and serialized once.
 *
 * State lives in the aggregate's memory context for one group; nothing is
 * kept between calls.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "tree.h"

typedef struct TreeNode
{
	int			depth;
	Jsonb	   *doc;			/* the row's document without the key */
	bool		nests;			/* carries the key (not on the last level) */
	List	   *children;		/* TreeNode, in order */
} TreeNode;

typedef struct TreeState
{
	List	   *nodes;			/* TreeNode, depth-first */
	char	   *key;
	bool		scalar;
} TreeState;

/*
 * _relnav.tree_agg_step(state internal, depth integer, doc jsonb,
 *						 key text, nests boolean, scalar boolean)
 */
PG_FUNCTION_INFO_V1(relnav_tree_agg_step);
Datum
relnav_tree_agg_step(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	MemoryContext oldcontext;
	TreeState  *state;
	TreeNode   *node;
	int			depth;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "_relnav.tree_agg_step called in non-aggregate context");
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		PG_ARGISNULL(4) || PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("arguments of _relnav.tree_agg must not be null")));
	depth = PG_GETARG_INT32(1);
	if (depth < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("tree depth must be positive")));
	if (depth > RELNAV_TREE_MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("tree of key \"%s\" is more than %d levels deep",
						text_to_cstring(PG_GETARG_TEXT_PP(3)), RELNAV_TREE_MAX_DEPTH),
				 errhint("Bound the quantifier, as in {1,%d}, or fetch the tree in parts.",
						 RELNAV_TREE_MAX_DEPTH)));

	oldcontext = MemoryContextSwitchTo(aggcontext);
	if (PG_ARGISNULL(0))
	{
		state = palloc0(sizeof(TreeState));
		state->key = text_to_cstring(PG_GETARG_TEXT_PP(3));
		state->scalar = PG_GETARG_BOOL(5);
	}
	else
		state = (TreeState *) PG_GETARG_POINTER(0);
	if (list_length(state->nodes) >= RELNAV_TREE_MAX_NODES)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("tree of key \"%s\" holds more than %d rows",
						state->key, RELNAV_TREE_MAX_NODES),
				 errhint("Bound the quantifier, filter the levels with WHERE, or page them with LIMIT.")));
	node = palloc0(sizeof(TreeNode));
	node->depth = depth;
	node->doc = DatumGetJsonbPCopy(PG_GETARG_DATUM(2));
	node->nests = PG_GETARG_BOOL(4);
	state->nodes = lappend(state->nodes, node);
	MemoryContextSwitchTo(oldcontext);
	PG_RETURN_POINTER(state);
}

static JsonbValue *tree_push_node(JsonbParseState **ps, TreeState *state,
								  TreeNode *node, JsonbIteratorToken token);

/*
 * Push the value of a level with token (WJB_VALUE under a key, WJB_ELEM in
 * an array): its nodes as an array, or for a scalar relationship one node
 * or null.  Returns what the last push returned: the whole value, when
 * it closes the outermost container.
 */
static JsonbValue *
tree_push_level(JsonbParseState **ps, TreeState *state, List *nodes,
				JsonbIteratorToken token)
{
	ListCell   *lc;

	if (state->scalar)
	{
		JsonbValue	null;

		if (nodes != NIL)
			return tree_push_node(ps, state, linitial(nodes), token);
		null.type = jbvNull;
		return pushJsonbValue(ps, token, &null);
	}
	(void) pushJsonbValue(ps, WJB_BEGIN_ARRAY, NULL);
	foreach(lc, nodes)
		(void) tree_push_node(ps, state, lfirst(lc), WJB_ELEM);
	return pushJsonbValue(ps, WJB_END_ARRAY, NULL);
}

/*
 * Push node's document, its own pairs and then the key holding its
 * children, into the one parse state of the whole tree, so that the
 * document is serialized once, not once per level.
 */
static JsonbValue *
tree_push_node(JsonbParseState **ps, TreeState *state, TreeNode *node,
			   JsonbIteratorToken token)
{
	JsonbIterator *it;
	JsonbValue	value;
	JsonbIteratorToken next;
	JsonbValue *result = NULL;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (!node->nests)
	{
		value.type = jbvBinary;
		value.val.binary.data = &node->doc->root;
		value.val.binary.len = VARSIZE(node->doc) - VARHDRSZ;
		return pushJsonbValue(ps, token, &value);
	}
	/* the object's own pairs, nested values whole, then the key */
	it = JsonbIteratorInit(&node->doc->root);
	while ((next = JsonbIteratorNext(&it, &value, true)) != WJB_DONE)
	{
		if (next == WJB_END_OBJECT)
		{
			JsonbValue	key;

			key.type = jbvString;
			key.val.string.val = state->key;
			key.val.string.len = strlen(state->key);
			(void) pushJsonbValue(ps, WJB_KEY, &key);
			tree_push_level(ps, state, node->children, WJB_VALUE);
		}
		result = pushJsonbValue(ps, next, next < WJB_BEGIN_ARRAY ? &value : NULL);
	}
	return result;
}

/* _relnav.tree_agg_final(state internal) RETURNS jsonb */
PG_FUNCTION_INFO_V1(relnav_tree_agg_final);
Datum
relnav_tree_agg_final(PG_FUNCTION_ARGS)
{
	TreeState  *state;
	TreeNode  **stack;
	List	   *roots = NIL;
	int			depth = 0;
	ListCell   *lc;
	JsonbParseState *ps = NULL;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (TreeState *) PG_GETARG_POINTER(0);

	/* stack[d - 1]: the last node seen at depth d */
	stack = palloc0(sizeof(TreeNode *) * (RELNAV_TREE_MAX_DEPTH + 1));
	foreach(lc, state->nodes)
	{
		TreeNode   *node = lfirst(lc);

		if (node->depth > depth + 1)
			elog(ERROR, "tree rows out of depth-first order");
		if (node->depth == 1)
			roots = lappend(roots, node);
		else
			stack[node->depth - 2]->children =
				lappend(stack[node->depth - 2]->children, node);
		stack[node->depth - 1] = node;
		depth = node->depth;
	}

	if (state->scalar)
	{
		TreeNode   *root;

		if (roots == NIL)
			PG_RETURN_NULL();
		root = linitial(roots);
		if (!root->nests)
			PG_RETURN_JSONB_P(root->doc);
		PG_RETURN_JSONB_P(JsonbValueToJsonb(tree_push_node(&ps, state, root,
														   WJB_ELEM)));
	}
	PG_RETURN_JSONB_P(JsonbValueToJsonb(tree_push_level(&ps, state, roots,
														WJB_ELEM)));
}
