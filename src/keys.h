/*
 * keys.h
 *		Turning a key argument ("any", text, or jsonb for composite keys)
 *		into values of the source table's primary key columns.
 *
 * The conversion is worked out once per call site and argument type (a
 * catalog look-up for the cast) and kept in fn_extra; each call then only
 * runs the cast or input function.
 */
#ifndef RELNAV_KEYS_H
#define RELNAV_KEYS_H

#include "fmgr.h"
#include "plancache.h"

typedef enum RelnavKeyMethod
{
	RELNAV_KEY_SAME,			/* already the key type (or binary-compatible) */
	RELNAV_KEY_INPUT,			/* text-like: the key type's input function */
	RELNAV_KEY_CAST,			/* a cast function */
	RELNAV_KEY_VIA_IO,			/* output function, then input function */
	RELNAV_KEY_JSONB			/* jsonb: an object naming key columns */
} RelnavKeyMethod;

typedef struct RelnavKeyConv
{
	Oid			argtype;		/* type the key arrives as */
	RelnavPlan *plan;			/* plan whose key this converts ... */
	uint64		plan_build;		/* ... as of this build of it */
	int			nkeys;
	Oid			key_types[RELNAV_MAX_COLUMNS];
	char	   *key_names[RELNAV_MAX_COLUMNS];
	FmgrInfo	key_input[RELNAV_MAX_COLUMNS];
	Oid			key_ioparam[RELNAV_MAX_COLUMNS];
	RelnavKeyMethod method;
	bool		text_is_jsonb;	/* text argument holding a jsonb key */
	FmgrInfo	cast;			/* RELNAV_KEY_CAST */
	int			cast_nargs;
	FmgrInfo	arg_output;		/* RELNAV_KEY_VIA_IO */
} RelnavKeyConv;

/* Is conv set up for this plan build and argument type? */
extern bool relnav_keyconv_ready(const RelnavKeyConv *conv, RelnavPlan *plan,
								 Oid argtype);

/* Set up conv in mcxt (fn_mcxt) for plan's source key and argtype. */
extern void relnav_keyconv_init(RelnavKeyConv *conv, MemoryContext mcxt,
								RelnavPlan *plan, Oid argtype);

/*
 * Convert arg into key values; returns false when a key column is NULL
 * (which matches no row).  Errors (22P02 and the like) when it does not
 * convert.
 */
extern bool relnav_keyconv_apply(RelnavKeyConv *conv, Datum arg,
								 Datum *values);

#endif							/* RELNAV_KEYS_H */
