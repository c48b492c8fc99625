/*
 * callsite.h
 *		Execution: the state a SQL-callable function keeps between calls
 *		(plan, key conversions, parameter list), binding keys, and running
 *		the plan.
 *
 * A call that repeats the previous call's statement (same kind, source,
 * path or shape, options and role) finds its plan here without building a
 * cache key or touching any catalog; it only locks the plan's tables and
 * checks that the plan is still valid.  A prepared statement gets a new
 * executor, and so an empty fn_extra, at every execution, so calls made
 * while no other relnav call runs keep one site per statement kind for the
 * whole backend; nested calls keep theirs in fn_extra.  A site is used by
 * one call at a time: a call that finds its site busy (a relnav call made
 * by user code inside another, say from a domain check during key
 * conversion) works with a fresh site of its own.
 */
#ifndef RELNAV_CALLSITE_H
#define RELNAV_CALLSITE_H

#include "fmgr.h"
#include "nodes/execnodes.h"
#include "nodes/params.h"
#include "tcop/dest.h"
#include "utils/array.h"

#include "keys.h"
#include "plancache.h"

typedef struct RelnavCallSite
{
	MemoryContext mcxt;			/* texts and conversions of this statement */
	bool		kept;			/* lives beyond the call (backend or fn_extra) */
	uint64		busy_call;		/* the call using it, if still running */
	uint64		generation;		/* plancache generation when plan was kept */
	RelnavPlan *plan;			/* pinned while busy */
	uint64		build_id;		/* plan build the conversions are for */
	Oid			userid;			/* plans are per role: see callsite.c */
	RelnavStatementKind kind;
	Oid			source;
	text	   *subject;		/* path, shape or relationship name */
	text	   *order_by;
	bool		with_limit;
	RelnavKeyConv conv;			/* the key argument */
	RelnavKeyConv target_conv;	/* rel_link's target_key */
	ParamListInfo params;		/* room for RELNAV_MAX_PARAMS */
} RelnavCallSite;

/* The plan cache key of a call's statement (the role included). */
extern char *relnav_callsite_plan_key(const RelnavStatementSpec *spec);

/*
 * Start a call: the site for it, with its plan pinned, built by builder
 * (which gets a RelnavStatementSpec) when not cached.  SPI must be
 * connected.  Every successful enter is paired with relnav_callsite_leave;
 * an error in between is cleaned up by the transaction callbacks.
 */
extern RelnavCallSite *relnav_callsite_enter(FunctionCallInfo fcinfo,
											 RelnavStatementKind kind, Oid source,
											 text *subject, text *order_by,
											 bool with_limit,
											 RelnavStatementBuilder builder);

/* End a call: unpin the plan, free the site for the next call. */
extern void relnav_callsite_leave(RelnavCallSite *site);

/*
 * Convert argument argno (of its own type) into the statement's source key
 * and bind it as parameters $1..$nkeys.  False when the key is NULL or
 * matches no row (a fraction for an integer key).
 */
extern bool relnav_callsite_bind_key(FunctionCallInfo fcinfo,
									 RelnavCallSite *site, int argno);

/*
 * Convert argument argno with conv, set up for desc; argname names it in
 * messages.  The result tells whether values hold a key.
 */
extern RelnavKeyResult relnav_callsite_convert_key(FunctionCallInfo fcinfo,
												   RelnavCallSite *site,
												   RelnavKeyConv *conv,
												   const RelnavKeyDesc *desc,
												   int argno, const char *argname,
												   Datum *values);

/*
 * The keys array argument argno: an array, or the text form of one (the
 * text twins of the _many functions), read as text[].  Errors unless it
 * has at most one dimension.
 */
extern ArrayType *relnav_callsite_key_array(FunctionCallInfo fcinfo, int argno);

/*
 * Bind the array argument argno as one array per key column, $1..$nkeys,
 * converting elements to the key types where needed.  Elements that are
 * NULL, have a NULL part or match no row stay NULL, so positions are kept.
 */
extern void relnav_callsite_bind_key_array(FunctionCallInfo fcinfo,
										   RelnavCallSite *site, int argno);

/* Bind parameter paramno; the parameter list covers the whole statement. */
extern void relnav_callsite_bind(RelnavCallSite *site, int paramno,
								 Datum value, bool isnull);

/*
 * Run the site's plan into dest, or into SPI_tuptable when dest is NULL;
 * read_only for readers.  An error raised inside the statement gets a
 * CONTEXT line that describes the call instead of the generated SQL.
 */
extern int	relnav_callsite_execute(RelnavCallSite *site, DestReceiver *dest,
									bool read_only);

/*
 * Run the site's reader statement straight into a materialized SRF's
 * tuplestore; the number of rows.
 */
extern uint64 relnav_callsite_read_into(RelnavCallSite *site,
										ReturnSetInfo *rsinfo);

#endif							/* RELNAV_CALLSITE_H */
