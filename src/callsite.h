/*
 * callsite.h
 *		The state a reader keeps between calls: plan, key conversion and
 *		parameter list of the last call.
 *
 * A call that repeats the previous call's source, path or shape, and
 * options, finds them here without building a cache key or touching any
 * catalog.  A prepared statement gets a new executor, and so an empty
 * fn_extra, at every execution; so at nesting depth 0, where only one
 * relnav call can be running, each statement kind keeps one site for the
 * whole backend.  Nested calls (relnav inside a relnav statement) keep
 * theirs in fn_extra.
 */
#ifndef RELNAV_CALLSITE_H
#define RELNAV_CALLSITE_H

#include "fmgr.h"
#include "keys.h"
#include "plancache.h"
#include "utils/array.h"

typedef enum RelnavStatementKind
{
	RELNAV_STMT_NAVIGATE,		/* to_jsonb(row) per target row */
	RELNAV_STMT_ROWS,			/* the whole target row */
	RELNAV_STMT_COUNT,			/* count(*) of target rows */
	RELNAV_STMT_NAVIGATE_MANY,	/* (key position, to_jsonb(row)) */
	RELNAV_STMT_FETCH,			/* one document */
	RELNAV_STMT_FETCH_MANY		/* one document per key, in key order */
} RelnavStatementKind;

/* What identifies a statement; the plan cache key spells all of it. */
typedef struct RelnavStatementSpec
{
	RelnavStatementKind kind;
	Oid			source;
	const char *text;			/* path or shape */
	const char *order_by;		/* NULL: not given */
	bool		with_limit;
} RelnavStatementSpec;

typedef struct RelnavCallSite
{
	MemoryContext mcxt;			/* texts: reset when the site changes call */
	MemoryContext conv_mcxt;	/* conv: reset when it is set up again */
	bool		resettable;		/* backend-wide site owning both contexts */
	uint64		generation;
	Oid			userid;			/* plans are per role: see callsite.c */
	RelnavStatementKind kind;
	Oid			source;
	text	   *subject;		/* path or shape */
	text	   *order_by;
	bool		with_limit;
	RelnavPlan *plan;
	RelnavKeyConv conv;
	ParamListInfo params;		/* room for RELNAV_MAX_PARAMS */
} RelnavCallSite;

/*
 * The call site's plan for this statement, built by builder (which gets a
 * RelnavStatementSpec) when not cached.  SPI must be connected.
 */
extern RelnavCallSite *relnav_callsite_get(FunctionCallInfo fcinfo,
										   RelnavStatementKind kind, Oid source,
										   text *subject, text *order_by,
										   bool with_limit,
										   RelnavPlanBuilder builder);

/*
 * Convert argument argno (of its own type) into the source key and bind it
 * as parameters $1..$nkeys.  False when the key has a NULL part.
 */
extern bool relnav_callsite_bind_key(FunctionCallInfo fcinfo,
									 RelnavCallSite *site, int argno);

/*
 * The keys array argument argno: an array, or the text form of one (the
 * text twins of the _many functions), read as text[].
 */
extern ArrayType *relnav_callsite_key_array(FunctionCallInfo fcinfo, int argno);

/*
 * Bind the array argument argno as one array per key column, $1..$nkeys,
 * converting elements to the key types where needed.  Elements that are
 * NULL (or have a NULL part) stay NULL, so positions are kept.
 */
extern void relnav_callsite_bind_key_array(FunctionCallInfo fcinfo,
										   RelnavCallSite *site, int argno);

/* Bind one more parameter (after the keys). */
extern void relnav_callsite_bind(RelnavCallSite *site, int paramno, Oid type,
								 Datum value, bool isnull);

#endif							/* RELNAV_CALLSITE_H */
