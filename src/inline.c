/*
 * inline.c
 *		Expanding relnav calls into the statement that contains them, before
 *		PostgreSQL plans it, the way PostgreSQL inlines SQL functions.
 *
 * A planner_hook walks the query tree.  A call of rel_rows, rel_navigate,
 * rel_navigate_many or rel_fetch_many in FROM becomes a subquery, and a
 * call of rel_count or rel_fetch in an expression a scalar subquery, when
 * its relationship arguments (source, path or shape, order_by) are
 * constants and its key and max_rows read the same value each time: the
 * statement is compiled as for a call (sqlgen_path.c, for_planner),
 * analysed and rewritten as SQL, so views and row-level security apply as
 * by hand, and the caller's expressions take the place of its parameters,
 * as inline_set_returning_function does; a key of another type than the
 * key column's through _relnav.key_column (key_column.c), which converts
 * it as the call does.  Anything else, and any error while expanding,
 * leaves the call as it is: it then runs, and fails, exactly as before.
 *
 * The plan depends on the catalog (a changed declaration replans callers'
 * kept plans), on the role (dependsOnRole), and on the functions expanded.
 *
 * The only state is a cache of which functions are relnav's, and of the
 * internal functions' OIDs, for the backend; inval.c empties it when
 * pg_proc changes.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parsetree.h"
#include "parser/parse_coerce.h"
#include "parser/parse_func.h"
#include "rewrite/rewriteManip.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "utils/syscache.h"

#include "callsite.h"
#include "catalog.h"
#include "fetch.h"
#include "inline.h"
#include "keys.h"
#include "path.h"
#include "plancache.h"
#include "relinfo.h"

typedef enum InlineKind
{
	INLINE_NOT_OURS,
	INLINE_ROWS,				/* rel_rows */
	INLINE_NAVIGATE,			/* rel_navigate */
	INLINE_COUNT,				/* rel_count */
	INLINE_FETCH,				/* rel_fetch */
	INLINE_FETCH_MANY,			/* rel_fetch_many */
	INLINE_NAVIGATE_MANY,		/* rel_navigate_many */
	INLINE_OTHER				/* relnav's, not expanded */
} InlineKind;

typedef struct InlineFunc
{
	Oid			funcid;			/* hash key */
	InlineKind	kind;
} InlineFunc;

typedef struct InlineContext
{
	bool		expanded;		/* anything in the whole statement */
	bool		added_sublink;	/* in the query being walked */
	bool		order_unseen;	/* inside EXISTS, IN, ANY, ALL */
	List	   *queries;		/* the query walked, then those around it */
	List	   *funcids;		/* functions expanded */
} InlineContext;

bool		relnav_inline = true;

static planner_hook_type prev_planner_hook = NULL;
static HTAB *func_kinds = NULL;
static Oid	key_array_funcid = InvalidOid;	/* _relnav.key_array */
static Oid	max_rows_funcid = InvalidOid;	/* _relnav.max_rows */
static Oid	key_column_funcid = InvalidOid; /* _relnav.key_column */
static Oid	key_column_array_funcid = InvalidOid;	/* _relnav.key_column_array */

static void inline_query(Query *query, InlineContext *ctx);

/* Which relnav function, if any, funcid is: by its C symbol. */
static InlineKind
inline_function_kind(Oid funcid)
{
	static const struct
	{
		const char *symbol;
		InlineKind	kind;
	}			symbols[] = {
		{"rel_rows", INLINE_ROWS},
		{"rel_navigate", INLINE_NAVIGATE},
		{"rel_count", INLINE_COUNT},
		{"rel_fetch", INLINE_FETCH},
		{"rel_fetch_many", INLINE_FETCH_MANY},
		{"rel_navigate_many", INLINE_NAVIGATE_MANY},
	};
	InlineFunc *entry;
	InlineKind	kind = INLINE_NOT_OURS;
	HeapTuple	tuple;

	if (func_kinds != NULL &&
		(entry = hash_search(func_kinds, &funcid, HASH_FIND, NULL)) != NULL)
		return entry->kind;

	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	if (HeapTupleIsValid(tuple))
	{
		Form_pg_proc proc = (Form_pg_proc) GETSTRUCT(tuple);
		bool		isnull;
		Datum		probin;

		if (proc->prolang == ClanguageId)
		{
			probin = SysCacheGetAttr(PROCOID, tuple, Anum_pg_proc_probin, &isnull);
			if (!isnull && strcmp(TextDatumGetCString(probin), "$libdir/relnav") == 0)
			{
				char	   *prosrc = TextDatumGetCString(SysCacheGetAttr(PROCOID, tuple,
																		 Anum_pg_proc_prosrc,
																		 &isnull));

				kind = INLINE_OTHER;
				for (int i = 0; i < lengthof(symbols); i++)
					if (strcmp(prosrc, symbols[i].symbol) == 0)
						kind = symbols[i].kind;
			}
		}
		ReleaseSysCache(tuple);
	}

	/* the look-up may have emptied the cache: create it after */
	if (func_kinds == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(InlineFunc);
		ctl.hcxt = CacheMemoryContext;
		func_kinds = hash_create("relnav functions", 32, &ctl,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	entry = hash_search(func_kinds, &funcid, HASH_ENTER, NULL);
	entry->kind = kind;
	return kind;
}

void
relnav_inline_forget_functions(void)
{
	if (func_kinds != NULL)
		hash_destroy(func_kinds);
	func_kinds = NULL;
	key_array_funcid = InvalidOid;
	max_rows_funcid = InvalidOid;
	key_column_funcid = InvalidOid;
	key_column_array_funcid = InvalidOid;
}

/*
 * arg passed through relnav's internal function _relnav.name(argtype),
 * which checks it as a call would; NULL when the installed version of the
 * extension has no such function.  The OID is kept in *funcid until pg_proc
 * changes.
 */
static Node *
inline_checked_arg(const char *name, Node *arg, Oid argtype, Oid *funcid)
{
	if (!OidIsValid(*funcid))
		*funcid = LookupFuncName(list_make2(makeString("_relnav"),
											makeString(pstrdup(name))),
								 1, &argtype, true);
	if (!OidIsValid(*funcid))
		return NULL;
	return (Node *) makeFuncExpr(*funcid, exprType(arg), list_make1(arg),
								 InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
}

/*
 * The arguments of a call by position.  Before planning, a call holds only
 * the arguments written, some maybe by name (NamedArgExpr); the ones left
 * out take their defaults, which are NULL for every argument expanded.
 */
#define INLINE_MAX_ARGS 6

static void
inline_call_args(FuncExpr *fexpr, Node **args)
{
	ListCell   *lc;
	int			position = 0;

	memset(args, 0, sizeof(Node *) * INLINE_MAX_ARGS);
	foreach(lc, fexpr->args)
	{
		Node	   *arg = lfirst(lc);

		if (IsA(arg, NamedArgExpr))
		{
			NamedArgExpr *named = (NamedArgExpr *) arg;

			if (named->argnumber >= 0 && named->argnumber < INLINE_MAX_ARGS)
				args[named->argnumber] = (Node *) named->arg;
		}
		else if (position < INLINE_MAX_ARGS)
			args[position] = arg;
		position++;
	}
}

/*
 * arg folded as the planner folds constants (max_rows => 10 is int8(10)),
 * or arg itself when folding fails: an argument in a CASE branch that the
 * planner drops may raise an error (1/0) that the call never would.
 */
static Node *
inline_fold(Node *arg)
{
	MemoryContext oldcontext = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	Node	   *volatile folded = arg;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcontext);
	PG_TRY();
	{
		folded = eval_const_expressions(NULL, arg);
		ReleaseCurrentSubTransaction();
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(oldcontext);
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		folded = arg;
	}
	PG_END_TRY();
	MemoryContextSwitchTo(oldcontext);
	CurrentResourceOwner = oldowner;
	return folded;
}

/*
 * The value of a constant argument (an argument left out is NULL); false
 * when it is not a constant.  Casts of constants are folded first
 * (inline_fold); the folded argument takes the place of the call's.
 */
static bool
inline_const_arg(Node **args, int argno, Datum *value, bool *isnull)
{
	Node	   *arg = args[argno];

	if (arg == NULL)
	{
		*value = (Datum) 0;
		*isnull = true;
		return true;
	}
	if (!IsA(arg, Const) && !contain_volatile_functions(arg))
		args[argno] = arg = inline_fold(arg);
	if (!IsA(arg, Const))
		return false;
	*value = ((Const *) arg)->constvalue;
	*isnull = ((Const *) arg)->constisnull;
	return true;
}

typedef struct InlineParams
{
	int			nargs;
	Node	   *args[RELNAV_MAX_PARAMS];
	int			sublevels_up;
	bool		added_sublink;	/* in the query being mutated */
} InlineParams;

/*
 * Replace $n by the caller's expressions, one level deeper per subquery.
 * A query that receives a sublink (a key given as a scalar subquery) must
 * say it has one, or the planner would leave the sublink unplanned.
 */
static Node *
inline_substitute_mutator(Node *node, InlineParams *params)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Query))
	{
		Query	   *result;
		bool		outer_added = params->added_sublink;

		params->sublevels_up++;
		params->added_sublink = false;
		result = query_tree_mutator((Query *) node, inline_substitute_mutator,
									params, 0);
		if (params->added_sublink)
			result->hasSubLinks = true;
		params->sublevels_up--;
		params->added_sublink = outer_added;
		return (Node *) result;
	}
	if (IsA(node, Param) && ((Param *) node)->paramkind == PARAM_EXTERN)
	{
		Param	   *param = (Param *) node;
		Node	   *arg;

		if (param->paramid < 1 || param->paramid > params->nargs)
			elog(ERROR, "relnav statement has no parameter $%d", param->paramid);
		arg = copyObject(params->args[param->paramid - 1]);
		IncrementVarSublevelsUp(arg, params->sublevels_up, 0);
		if (checkExprHasSubLink(arg))
			params->added_sublink = true;
		return arg;
	}
	return expression_tree_mutator(node, inline_substitute_mutator, params);
}

/*
 * Column part of the key converted from key by _relnav.key_column, or of
 * every key of the array keys by _relnav.key_column_array (arrays), exactly
 * as the call would convert it (no row: NULL); NULL when the installed
 * version of the extension has no such function.
 */
static Node *
inline_key_column(Node *key, const RelnavKeyDesc *desc, int part, bool arrays)
{
	Oid		   *funcid = arrays ? &key_column_array_funcid : &key_column_funcid;
	Oid			type = arrays ? get_array_type(desc->types[part]) : desc->types[part];
	Oid			collation = get_typcollation(desc->types[part]);
	Oid			function;
	List	   *args;

	if (!OidIsValid(type))
		return NULL;
	if (!OidIsValid(*funcid))
	{
		Oid			argtypes[4] = {REGCLASSOID, INT4OID, ANYOID,
		arrays ? ANYARRAYOID : ANYELEMENTOID};

		*funcid = LookupFuncName(list_make2(makeString("_relnav"),
											makeString(arrays ? "key_column_array" :
													   "key_column")),
								 4, argtypes, true);
		if (!OidIsValid(*funcid))
			return NULL;
	}
	/* a copy: the look-ups below may take an invalidation that clears it */
	function = *funcid;
	args = list_make4(makeConst(REGCLASSOID, -1, InvalidOid, sizeof(Oid),
								ObjectIdGetDatum(desc->relid), false, true),
					  makeConst(INT4OID, -1, InvalidOid, sizeof(int32),
								Int32GetDatum(part), false, true),
					  copyObject(key),
					  makeNullConst(type, -1, collation));
	return (Node *) makeFuncExpr(function, type, args, InvalidOid, collation,
								 COERCE_EXPLICIT_CALL);
}

/*
 * The key expressions for the statement's key parameters, each converted
 * exactly as a call converts its key: a constant now, by the same code
 * (NULL, or no row for a fraction: a NULL key, which matches nothing),
 * where the conversion is immutable; an expression of the key's own type
 * is used as it is; text (an untyped parameter's type, as drivers send
 * keys) goes through the key type's input function; anything else, and a
 * constant whose conversion depends on settings, through
 * _relnav.key_column.  False when that function is missing.
 */
static bool
inline_key_args(Node *key, const RelnavKeyDesc *desc, InlineParams *params)
{
	Oid			argtype = exprType(key);

	if (IsA(key, Const))
	{
		RelnavKeyConv conv;
		Datum		values[RELNAV_MAX_COLUMNS];
		RelnavKeyResult result = RELNAV_KEY_NULL;

		if (!((Const *) key)->constisnull)
		{
			relnav_keyconv_init(&conv, CurrentMemoryContext, desc, argtype, "key");
			result = relnav_keyconv_apply(&conv, ((Const *) key)->constvalue, values);
			/*
			 * A conversion that depends on settings ('2024-01-01' to a
			 * timestamptz key, by TimeZone) runs as the call would, each
			 * time the statement runs: a kept plan may outlive the setting.
			 */
			if (!relnav_keyconv_immutable(&conv))
			{
				for (int i = 0; i < desc->nkeys; i++)
					if ((params->args[i] = inline_key_column(key, desc, i, false)) == NULL)
						return false;
				return true;
			}
		}
		for (int i = 0; i < desc->nkeys; i++)
		{
			int16		typlen;
			bool		typbyval;

			get_typlenbyval(desc->types[i], &typlen, &typbyval);
			params->args[i] = (Node *)
				makeConst(desc->types[i], -1, get_typcollation(desc->types[i]),
						  typlen, result == RELNAV_KEY_FOUND ? values[i] : (Datum) 0,
						  result != RELNAV_KEY_FOUND, typbyval);
		}
		return true;
	}
	if (desc->nkeys == 1 && argtype == desc->types[0])
		params->args[0] = key;
	else if (desc->nkeys == 1 && IsBinaryCoercible(argtype, desc->types[0]) &&
			 getBaseType(argtype) == getBaseType(desc->types[0]))
		params->args[0] = (Node *) makeRelabelType((Expr *) key, desc->types[0], -1,
												   get_typcollation(desc->types[0]),
												   COERCE_IMPLICIT_CAST);
	else if (desc->nkeys == 1 && (argtype == TEXTOID || argtype == VARCHAROID))
	{
		/* through the key type's input function, as the call converts text */
		CoerceViaIO *coerce = makeNode(CoerceViaIO);

		coerce->arg = (Expr *) key;
		coerce->resulttype = desc->types[0];
		coerce->resultcollid = get_typcollation(desc->types[0]);
		coerce->coerceformat = COERCE_EXPLICIT_CAST;
		coerce->location = -1;
		params->args[0] = (Node *) coerce;
	}
	else
	{
		/* anything else (a bigint parameter, jsonb) converts as in a call */
		for (int i = 0; i < desc->nkeys; i++)
			if ((params->args[i] = inline_key_column(key, desc, i, false)) == NULL)
				return false;
	}
	return true;
}

/*
 * The plan cache key of an expansion.  It spells every field of the spec:
 * the statements for the planner differ from the calls' own (for_planner),
 * and by whether the call's order shows and its source row is known.  The
 * role is part of it, as for calls (callsite.c).
 */
static char *
inline_plan_key(const RelnavStatementSpec *spec)
{
	return psprintf("planner %d %d %u %s", (int) spec->ordered,
					(int) spec->source_known, spec->keys_as_given,
					relnav_callsite_plan_key(spec));
}

/*
 * A copy of the statement's query tree, analysed and rewritten: once when
 * the plan was prepared, and again by PostgreSQL whenever something it read
 * has changed since, or the role differs where row-level security applied
 * (CachedPlanGetTargetList revalidates).  So an expansion that is already
 * cached costs no parsing.  A copy, because the planner scribbles on it.
 */
static Query *
inline_query_tree(RelnavPlan *plan)
{
	List	   *sources = SPI_plan_get_plan_sources(plan->spiplan);
	CachedPlanSource *source;
	Query	   *query;

	if (list_length(sources) != 1)
		elog(ERROR, "relnav statement has %d plan sources", list_length(sources));
	source = linitial(sources);
	(void) CachedPlanGetTargetList(source, NULL);
	if (list_length(source->query_list) != 1)
		elog(ERROR, "relnav statement rewrites to %d queries",
			 list_length(source->query_list));
	query = copyObject(linitial_node(Query, source->query_list));
	if (query->commandType != CMD_SELECT || query->utilityStmt != NULL)
		elog(ERROR, "relnav statement is not a plain SELECT");
	return query;
}

/*
 * The _many functions' keys, for their key array parameters.  An array of
 * the key's own type: a constant is checked now, anything else by
 * _relnav.key_array when the statement runs (the call refuses an array of
 * several dimensions, which unnest would read element by element).  Any
 * other array (bigint[] for an integer key, jsonb[] for a composite key)
 * goes through _relnav.key_column_array, which converts it element by
 * element as the call does; so does text (the text twins, which take the
 * keys as an array literal, as drivers send arrays untyped).
 */
static bool
inline_key_array_arg(Node *keys, const RelnavKeyDesc *desc, InlineParams *params)
{
	Oid			argtype = exprType(keys);

	if (!OidIsValid(get_element_type(argtype)) && argtype != TEXTOID)
		return false;
	if (desc->nkeys != 1 || argtype != get_array_type(desc->types[0]))
	{
		for (int i = 0; i < desc->nkeys; i++)
			if ((params->args[i] = inline_key_column(keys, desc, i, true)) == NULL)
				return false;
		return true;
	}
	if (IsA(keys, Const))
	{
		if (!((Const *) keys)->constisnull &&
			ARR_NDIM(DatumGetArrayTypeP(((Const *) keys)->constvalue)) > 1)
			return false;		/* its error is the call's to raise */
		params->args[0] = keys;
		return true;
	}
	params->args[0] = inline_checked_arg("key_array", keys, ANYARRAYOID,
										 &key_array_funcid);
	return params->args[0] != NULL;
}

/*
 * rel_navigate_many's keys: the type they come in (an array, or text for
 * the text twin) when it is not the array type of source's one-column key
 * (its rows then read their source_key from the caller's keys), else
 * InvalidOid.
 */
static Oid
inline_keys_as_given(Node *keys, Oid source)
{
	Oid			argtype = exprType(keys);
	AttrNumber	pk[RELNAV_MAX_COLUMNS];
	int			npk;

	if (relnav_primary_key(source, &npk, pk) && npk == 1 &&
		argtype == get_array_type(relnav_column_type(source, pk[0])))
		return InvalidOid;
	return argtype;
}

/*
 * Is key a column of the source table's one-column primary key, read by the
 * caller's statement as the caller?  Then the source row exists and the
 * caller may see it: the caller's own scan of that table says so.  Not a
 * row the statement writes (an UPDATE's new row in RETURNING, an INSERT's
 * EXCLUDED), nor one a view reads with its owner's rights.
 */
static bool
inline_key_from_source(Node *key, Oid source, InlineContext *ctx)
{
	Var		   *var = (Var *) key;
	Query	   *query;
	RangeTblEntry *rte;
	AttrNumber	pk[RELNAV_MAX_COLUMNS];
	int			npk;

	if (!IsA(key, Var) || var->varlevelsup >= list_length(ctx->queries))
		return false;
	query = list_nth(ctx->queries, var->varlevelsup);
	if (var->varno < 1 || var->varno > list_length(query->rtable))
		return false;
	if (var->varno == query->resultRelation ||
		(query->onConflict != NULL && var->varno == query->onConflict->exclRelIndex))
		return false;
	rte = rt_fetch(var->varno, query->rtable);
	return rte->rtekind == RTE_RELATION && rte->relid == source &&
		!OidIsValid(rte->checkAsUser) &&
		relnav_primary_key(source, &npk, pk) && npk == 1 &&
		pk[0] == var->varattno;
}

/*
 * The caller's expressions for the statement's parameters: the key, the
 * caller's own keys for source_key, max_rows, and the constants the
 * statement fixes (declared conditions' literals, a shape's literals).
 * Errors when one cannot be bound as the call binds it.
 */
static void
inline_bind(InlineKind kind, Node **args, Node *max_rows,
			const RelnavStatement *stmt, const Datum *fixed_values,
			const bool *fixed_given, InlineParams *params)
{
	int			base = (kind == INLINE_ROWS) ? 1 : 0;

	memset(params, 0, sizeof(*params));
	params->nargs = stmt->nparams;
	/* sublevels_up 0: the mutator counts the statement itself as one level down */
	if (kind == INLINE_ROWS &&
		exprType(args[0]) != get_rel_type_id(stmt->target))
		elog(ERROR, "the first argument's type is not the target's row type");
	if (kind == INLINE_FETCH_MANY || kind == INLINE_NAVIGATE_MANY ?
		!inline_key_array_arg(args[1], &stmt->key, params) :
		!inline_key_args(args[base + 1], &stmt->key, params))
		elog(ERROR, "the key cannot be bound in SQL as the call converts it");
	if (stmt->keys_as_given_param > 0)
		params->args[stmt->keys_as_given_param - 1] = args[1];
	if (stmt->limit_param > 0)
		params->args[stmt->limit_param - 1] = IsA(max_rows, Const) ? max_rows :
			inline_checked_arg("max_rows", max_rows, INT8OID, &max_rows_funcid);
	/* parameters the statement fixes: declared conditions' literals */
	for (int i = 0; i < stmt->nconsts; i++)
	{
		Oid			type = stmt->paramtypes[stmt->const_params[i] - 1];
		int16		typlen;
		bool		typbyval;

		get_typlenbyval(type, &typlen, &typbyval);
		params->args[stmt->const_params[i] - 1] = (Node *)
			makeConst(type, -1, get_typcollation(type), typlen,
					  datumCopy(stmt->const_values[i], typbyval, typlen),
					  false, typbyval);
	}
	/* and a shape's literals, as the call binds them */
	for (int i = 0; i < stmt->nparams; i++)
	{
		Oid			type = stmt->paramtypes[i];
		int16		typlen;
		bool		typbyval;

		if (!fixed_given[i])
			continue;
		get_typlenbyval(type, &typlen, &typbyval);
		params->args[i] = (Node *) makeConst(type, -1, get_typcollation(type),
											typlen, fixed_values[i], false,
											typbyval);
	}
	for (int i = 0; i < stmt->nparams; i++)
		if (params->args[i] == NULL)
			elog(ERROR, "relnav statement parameter $%d is not bound", i + 1);
}

/*
 * Errors unless the statement's columns are the call's: one column of its
 * type for a scalar call, (source_key, target) for rel_navigate_many.
 */
static void
inline_check_columns(InlineKind kind, FuncExpr *fexpr, Node **args, Query *query)
{
	Oid			keys_type = exprType(args[1]);
	Oid			source_key_type = (keys_type == TEXTOID) ? TEXTOID :
		get_element_type(keys_type);

	/* a call of one column becomes a subquery of one column of its type */
	if ((kind == INLINE_COUNT || kind == INLINE_FETCH || kind == INLINE_FETCH_MANY) &&
		(query->targetList == NIL ||
		 exprType((Node *) linitial_node(TargetEntry, query->targetList)->expr) !=
		 fexpr->funcresulttype ||
		 (list_length(query->targetList) > 1 &&
		  !lsecond_node(TargetEntry, query->targetList)->resjunk)))
		elog(ERROR, "the statement's column is not of the call's type");
	/*
	 * rel_navigate_many's (source_key, target): the key is the caller's,
	 * an element of its array, or text for the text twin
	 */
	if (kind == INLINE_NAVIGATE_MANY &&
		(list_length(query->targetList) < 2 ||
		 exprType((Node *) linitial_node(TargetEntry, query->targetList)->expr) !=
		 source_key_type ||
		 exprType((Node *) lsecond_node(TargetEntry, query->targetList)->expr) !=
		 JSONBOID ||
		 (list_length(query->targetList) > 2 &&
		  !lthird_node(TargetEntry, query->targetList)->resjunk)))
		elog(ERROR, "the statement's columns are not the call's (source_key, target)");
}

/*
 * Expand one call: its statement from the plan cache (compiled, analysed
 * and rewritten once), bound to the caller's arguments; NULL when it is not to be expanded.
 * Runs in a subtransaction: any error means "leave the call as it is".
 */
static Query *
inline_expand_call(FuncExpr *fexpr, InlineKind kind, bool ordered,
				   InlineContext *ctx)
{
	Node	   *args[INLINE_MAX_ARGS];
	int			base = (kind == INLINE_ROWS) ? 1 : 0;
	RelnavStatementSpec spec;
	Datum		value;
	Datum		shape;
	bool		isnull;
	Node	   *volatile max_rows = NULL;
	MemoryContext oldcontext = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	Query	   *volatile result = NULL;

	inline_call_args(fexpr, args);
	if (args[base + 1] == NULL || (kind == INLINE_ROWS && args[0] == NULL))
		return NULL;
	memset(&spec, 0, sizeof(spec));
	spec.kind = kind == INLINE_ROWS ? RELNAV_STMT_ROWS :
		kind == INLINE_COUNT ? RELNAV_STMT_COUNT :
		kind == INLINE_FETCH ? RELNAV_STMT_FETCH :
		kind == INLINE_NAVIGATE_MANY ? RELNAV_STMT_NAVIGATE_MANY : RELNAV_STMT_NAVIGATE;
	spec.for_planner = true;
	spec.ordered = ordered;

	/* the relationship arguments must be constants, and not NULL */
	if (!inline_const_arg(args, base, &value, &isnull) || isnull)
		return NULL;
	spec.source = DatumGetObjectId(value);
	if ((kind == INLINE_FETCH || kind == INLINE_FETCH_MANY) && args[2] == NULL)
		value = CStringGetTextDatum("*");	/* the shape's default */
	else if (!inline_const_arg(args, base + 2, &value, &isnull) || isnull)
		return NULL;
	spec.text = TextDatumGetCString(value);
	shape = value;
	if (kind == INLINE_ROWS || kind == INLINE_NAVIGATE)
	{
		if (!inline_const_arg(args, base + 3, &value, &isnull))
			return NULL;
		spec.order_by = isnull ? NULL : TextDatumGetCString(value);
		/* max_rows may be anything: a constant is checked now */
		if (inline_const_arg(args, base + 4, &value, &isnull) &&
			!isnull && DatumGetInt64(value) < 0)
			return NULL;		/* its error is the call's to raise */
		max_rows = args[base + 4];
		spec.with_limit = (max_rows != NULL &&
						   !(IsA(max_rows, Const) && ((Const *) max_rows)->constisnull));
		if (max_rows != NULL && (contain_volatile_functions(max_rows) ||
								 contain_window_function(max_rows)))
			return NULL;		/* the call reads it once */
	}
	/*
	 * The statement may read the key more than once (the source row's
	 * check and the join): only an expression that gives the same value
	 * each time may stand for it.  A scalar subquery does, as an initplan
	 * (or a subplan per row, as the call would be).
	 */
	if (contain_volatile_functions(args[base + 1]))
		return NULL;
	/* a window function belongs to the caller's level; moved down it would not */
	if (contain_window_function(args[base + 1]))
		return NULL;
	if (pg_proc_aclcheck(fexpr->funcid, GetUserId(), ACL_EXECUTE) != ACLCHECK_OK)
		return NULL;
	spec.source_known = inline_key_from_source(args[base + 1], spec.source, ctx);

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcontext);
	PG_TRY();
	{
		RelnavPlan *plan;
		const RelnavStatement *stmt;
		InlineParams params;
		Query	   *query;
		Datum		fixed_values[RELNAV_MAX_PARAMS];
		bool		fixed_given[RELNAV_MAX_PARAMS];

		relnav_spi_connect();
		relnav_check_relation(spec.source);
		if (kind == INLINE_NAVIGATE_MANY)
			spec.keys_as_given = inline_keys_as_given(args[1], spec.source);
		memset(fixed_given, 0, sizeof(fixed_given));
		if (kind == INLINE_FETCH || kind == INLINE_FETCH_MANY)
			plan = relnav_fetch_plan(spec.source, DatumGetTextPP(shape),
									 kind == INLINE_FETCH_MANY, fixed_values,
									 fixed_given);
		else
			plan = relnav_plan_acquire(inline_plan_key(&spec),
									   kind == INLINE_NAVIGATE_MANY ?
									   relnav_build_navigate_many :
									   relnav_build_navigate, &spec);
		stmt = &plan->stmt;
		MemoryContextSwitchTo(oldcontext);
		query = inline_query_tree(plan);

		inline_bind(kind, args, max_rows, stmt, fixed_values, fixed_given, &params);
		inline_check_columns(kind, fexpr, args, query);
		result = (Query *) inline_substitute_mutator((Node *) query, &params);
		relnav_plan_release(plan);
		SPI_finish();
		MemoryContextSwitchTo(oldcontext);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcontext);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		ereport(DEBUG1,
				(errmsg_internal("relnav call not expanded: %s", edata->message)));
		FreeErrorData(edata);
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;
		result = NULL;
	}
	PG_END_TRY();
	return result;
}

/* Does a query show the order of its one FROM item, rte_index? */
static bool
inline_order_shows(Query *query, int rte_index)
{
	List	   *from = query->jointree->fromlist;

	return list_length(from) == 1 && IsA(linitial(from), RangeTblRef) &&
		linitial_node(RangeTblRef, from)->rtindex == rte_index &&
		query->sortClause == NIL && query->groupClause == NIL &&
		query->havingQual == NULL &&
		query->distinctClause == NIL && query->setOperations == NULL &&
		!query->hasAggs && !query->hasWindowFuncs && query->groupingSets == NIL;
}

static Node *
inline_mutator(Node *node, InlineContext *ctx)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Query))
	{
		inline_query((Query *) node, ctx);
		return node;
	}
	if (IsA(node, SubLink))
	{
		SubLink    *sublink = (SubLink *) node;
		bool		outer_unseen = ctx->order_unseen;

		/* only these sublinks make the order of their rows unseen */
		sublink->testexpr = inline_mutator(sublink->testexpr, ctx);
		ctx->order_unseen = (sublink->subLinkType == EXISTS_SUBLINK ||
							 sublink->subLinkType == ANY_SUBLINK ||
							 sublink->subLinkType == ALL_SUBLINK);
		inline_query(castNode(Query, sublink->subselect), ctx);
		ctx->order_unseen = outer_unseen;
		return node;
	}
	if (IsA(node, FuncExpr))
	{
		FuncExpr   *fexpr;
		InlineKind	kind;
		Query	   *sub;

		node = expression_tree_mutator(node, inline_mutator, ctx);
		fexpr = (FuncExpr *) node;
		if (!fexpr->funcretset &&
			((kind = inline_function_kind(fexpr->funcid)) == INLINE_COUNT ||
			 kind == INLINE_FETCH) &&
			(sub = inline_expand_call(fexpr, kind, false, ctx)) != NULL)
		{
			SubLink    *sublink = makeNode(SubLink);

			sublink->subLinkType = EXPR_SUBLINK;
			sublink->subselect = (Node *) sub;
			sublink->location = fexpr->location;
			ctx->added_sublink = true;
			ctx->expanded = true;
			ctx->funcids = list_append_unique_oid(ctx->funcids, fexpr->funcid);
			return (Node *) sublink;
		}
		return node;
	}
	return expression_tree_mutator(node, inline_mutator, ctx);
}

/*
 * Inside EXISTS, IN, ANY and ALL, PostgreSQL turns a sublink into a
 * semi-join only when its FROM clause refers to nothing outside: our
 * expansion, a subquery in FROM whose key is the outer row's column, does.
 * PostgreSQL would flatten that subquery, but only after it has decided
 * about the sublink.  So when the call is the sublink's only FROM item and
 * its statement is a plain join, flatten it here, as PostgreSQL's own
 * pull-up does: its tables join query's FROM, and query's references to
 * the call's columns become the statement's output expressions.
 *
 * A lone call whose order shows (hoist_order: query is a SELECT of the call
 * alone, unsorted, unaggregated) is flattened too, its ORDER BY and LIMIT
 * becoming query's: PostgreSQL never pulls up a sorted subquery, and the
 * scan of it would cost a lone navigation a tenth of its time.  Not when
 * query's target list returns sets, whose rows a sort would not keep in
 * the order of the rows they come from; and the call's LIMIT only where
 * query neither filters nor limits, since it counts rows before them.
 */
static bool
inline_flatten(Query *query, int rte_index, RangeTblEntry *rte, Query *sub,
			   bool hoist_order)
{
	List	   *from = query->jointree->fromlist;
	Query	   *flat;
	int			offset = list_length(query->rtable);
	ListCell   *lc;
	Index		sortref = 0;

	if (list_length(from) != 1 || !IsA(linitial(from), RangeTblRef) ||
		linitial_node(RangeTblRef, from)->rtindex != rte_index)
		return false;
	if (sub->cteList != NIL || sub->hasAggs || sub->hasWindowFuncs ||
		sub->groupClause != NIL || sub->havingQual != NULL ||
		sub->distinctClause != NIL || sub->setOperations != NULL ||
		sub->hasTargetSRFs || sub->hasRecursive || sub->rowMarks != NIL ||
		sub->hasForUpdate || sub->groupingSets != NIL)
		return false;
	/* sort keys may join only a plain SELECT's target list */
	hoist_order &= (query->commandType == CMD_SELECT && !query->hasTargetSRFs &&
					query->sortClause == NIL && query->groupClause == NIL &&
					query->groupingSets == NIL && query->havingQual == NULL &&
					!query->hasAggs && !query->hasWindowFuncs &&
					query->windowClause == NIL &&
					query->distinctClause == NIL && query->setOperations == NULL);
	if (sub->sortClause != NIL && !hoist_order)
		return false;
	/* the call's limit counts its rows before the caller filters them */
	if ((sub->limitCount != NULL || sub->limitOffset != NULL) &&
		!(hoist_order && query->limitCount == NULL && query->limitOffset == NULL &&
		  query->jointree->quals == NULL))
		return false;

	/* its references to outer rows come one level closer */
	IncrementVarSublevelsUp((Node *) sub, -1, 1);
	OffsetVarNodes((Node *) sub, offset, 0);
	query->rtable = list_concat(query->rtable, sub->rtable);
	flat = (Query *) ReplaceVarsFromTargetList((Node *) query, rte_index, 0, rte,
											   sub->targetList,
											   REPLACEVARS_REPORT_ERROR, 0,
											   &query->hasSubLinks);
	/* its FROM items and conditions join the query's own, at one level */
	flat->jointree->fromlist = sub->jointree->fromlist;
	flat->jointree->quals = make_and_qual(flat->jointree->quals,
										  sub->jointree->quals);
	flat->hasSubLinks |= sub->hasSubLinks;
	flat->hasRowSecurity |= sub->hasRowSecurity;
	memcpy(query, flat, sizeof(Query));

	/* its sort keys become query's, as columns nobody sees */
	foreach(lc, query->targetList)
		sortref = Max(sortref, lfirst_node(TargetEntry, lc)->ressortgroupref);
	foreach(lc, sub->sortClause)
	{
		SortGroupClause *sort = copyObject(lfirst_node(SortGroupClause, lc));
		TargetEntry *key = get_sortgroupclause_tle(sort, sub->targetList);
		TargetEntry *tle = makeTargetEntry(key->expr,
										   list_length(query->targetList) + 1,
										   NULL, true);

		tle->ressortgroupref = sort->tleSortGroupRef = ++sortref;
		query->targetList = lappend(query->targetList, tle);
		query->sortClause = lappend(query->sortClause, sort);
	}
	if (sub->limitCount != NULL || sub->limitOffset != NULL)
	{
		query->limitCount = sub->limitCount;
		query->limitOffset = sub->limitOffset;
		query->limitOption = sub->limitOption;
	}

	/* the call's entry stays, so that range table indexes hold, but empty */
	rte = rt_fetch(rte_index, query->rtable);
	rte->rtekind = RTE_RESULT;
	rte->subquery = NULL;
	rte->functions = NIL;
	rte->lateral = false;
	return true;
}

/* Expand a function in FROM into a subquery, when it is one to expand. */
static void
inline_function_rte(Query *query, RangeTblEntry *rte, int rte_index,
					InlineContext *ctx)
{
	RangeTblFunction *rtfunc;
	FuncExpr   *fexpr;
	InlineKind	kind;
	Query	   *sub;
	bool		ordered;

	if (list_length(rte->functions) != 1 || rte->funcordinality)
		return;
	rtfunc = linitial_node(RangeTblFunction, rte->functions);
	if (!IsA(rtfunc->funcexpr, FuncExpr))
		return;
	fexpr = (FuncExpr *) rtfunc->funcexpr;
	kind = inline_function_kind(fexpr->funcid);
	if (kind != INLINE_ROWS && kind != INLINE_NAVIGATE &&
		kind != INLINE_FETCH_MANY && kind != INLINE_NAVIGATE_MANY)
		return;
	ordered = !ctx->order_unseen && inline_order_shows(query, rte_index);
	sub = inline_expand_call(fexpr, kind, ordered, ctx);
	if (sub == NULL)
		return;
	ctx->expanded = true;
	ctx->funcids = list_append_unique_oid(ctx->funcids, fexpr->funcid);
	if ((ctx->order_unseen || ordered) &&
		inline_flatten(query, rte_index, rte, sub, ordered))
		return;
	rte->rtekind = RTE_SUBQUERY;
	rte->subquery = sub;
	rte->security_barrier = false;
	rte->functions = NIL;
	rte->funcordinality = false;
}

/* Expand every call in query and in the queries inside it, in place. */
static void
inline_query(Query *query, InlineContext *ctx)
{
	bool		outer_added = ctx->added_sublink;
	bool		outer_unseen = ctx->order_unseen;
	ListCell   *lc;
	int			rte_index;
	int			nrtes;

	check_stack_depth();
	ctx->added_sublink = false;
	ctx->queries = lcons(query, ctx->queries);
	/*
	 * Inside EXISTS, IN, ANY or ALL only the sublink's own rows are unseen:
	 * a subquery or CTE below it may LIMIT or number its rows, which shows
	 * the order of a call inside it.
	 */
	ctx->order_unseen = false;
	foreach(lc, query->cteList)
		inline_query(castNode(Query, lfirst_node(CommonTableExpr, lc)->ctequery), ctx);
	ctx->order_unseen = outer_unseen;
	/* by index: a flattened call appends its tables (not to be walked) */
	nrtes = list_length(query->rtable);
	for (rte_index = 1; rte_index <= nrtes; rte_index++)
	{
		RangeTblEntry *rte = rt_fetch(rte_index, query->rtable);

		switch (rte->rtekind)
		{
			case RTE_SUBQUERY:
				ctx->order_unseen = false;
				inline_query(rte->subquery, ctx);
				ctx->order_unseen = outer_unseen;
				break;
			case RTE_FUNCTION:
				rte->functions = (List *) inline_mutator((Node *) rte->functions, ctx);
				inline_function_rte(query, rte, rte_index, ctx);
				break;
			case RTE_VALUES:
				rte->values_lists = (List *) inline_mutator((Node *) rte->values_lists, ctx);
				break;
			default:
				break;
		}
	}
	query_tree_mutator(query, inline_mutator, ctx,
					   QTW_DONT_COPY_QUERY | QTW_IGNORE_RANGE_TABLE |
					   QTW_IGNORE_CTE_SUBQUERIES);
	if (ctx->added_sublink)
		query->hasSubLinks = true;
	ctx->added_sublink = outer_added;
	ctx->queries = list_delete_first(ctx->queries);
}

static PlannedStmt *
inline_planner(Query *parse, const char *query_string, int cursorOptions,
			   ParamListInfo boundParams)
{
	InlineContext ctx;
	PlannedStmt *result;

	memset(&ctx, 0, sizeof(ctx));
	/* expanding needs subtransactions, which parallel mode forbids */
	if (relnav_inline && parse->commandType != CMD_UTILITY &&
		!IsInParallelMode() && OidIsValid(relnav_catalog_relid()))
		inline_query(parse, &ctx);

	result = prev_planner_hook ?
		prev_planner_hook(parse, query_string, cursorOptions, boundParams) :
		standard_planner(parse, query_string, cursorOptions, boundParams);

	if (ctx.expanded)
	{
		ListCell   *lc;

		/* a changed declaration, or another role, plans again */
		result->relationOids = lappend_oid(result->relationOids,
										   relnav_catalog_relid());
		result->dependsOnRole = true;
		foreach(lc, ctx.funcids)
		{
			PlanInvalItem *item = makeNode(PlanInvalItem);

			item->cacheId = PROCOID;
			item->hashValue = GetSysCacheHashValue1(PROCOID,
													ObjectIdGetDatum(lfirst_oid(lc)));
			result->invalItems = lappend(result->invalItems, item);
		}
	}
	return result;
}

/* Plans kept so far follow the setting: they are planned again. */
static void
inline_assign(bool newval, void *extra)
{
	if (newval != relnav_inline)
		ResetPlanCache();
}

void
relnav_inline_init(void)
{
	DefineCustomBoolVariable("relnav.inline",
							 "Expands relnav calls with constant relationship arguments into the statement that contains them.",
							 "When off, every call runs its own statement.",
							 &relnav_inline,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, inline_assign, NULL);
	MarkGUCPrefixReserved("relnav");
	prev_planner_hook = planner_hook;
	planner_hook = inline_planner;

	/*
	 * A session loads relnav at its first call, after plans kept so far
	 * were made without expansion (a PL/pgSQL function's statements, a
	 * PREPARE without parameters): they are planned again.
	 */
	ResetPlanCache();
}
