/*
 * keys.h
 *		Primary keys: how a table's rows are identified (RelnavKeyDesc), and
 *		turning a key argument ("any", text, or jsonb for composite keys)
 *		into values of those columns (RelnavKeyConv).
 *
 * A key finds exactly the rows "WHERE pk = key" finds: a conversion that
 * loses information (1.5 to an integer key) matches no row instead of a
 * rounded neighbour.  A conversion is worked out once per call site, key
 * description and argument type (a catalog look-up for the cast) and kept
 * by the caller; each call then only runs the cast or input function.
 */
#ifndef RELNAV_KEYS_H
#define RELNAV_KEYS_H

#include "access/attnum.h"
#include "fmgr.h"

#include "store.h"

/* The primary key of one table, by attribute number and type. */
typedef struct RelnavKeyDesc
{
	Oid			relid;
	int			nkeys;
	AttrNumber	attnums[RELNAV_MAX_COLUMNS];
	Oid			types[RELNAV_MAX_COLUMNS];
	char	   *names[RELNAV_MAX_COLUMNS];
} RelnavKeyDesc;

/*
 * Fill desc with relid's primary key, names allocated in mcxt.  Errors
 * (42P16, naming the table) when it has none.
 */
extern void relnav_key_describe(RelnavKeyDesc *desc, Oid relid,
								MemoryContext mcxt);

/* "(a, b)=(1, 2)", the way PostgreSQL shows keys in constraint errors. */
extern char *relnav_key_text(const RelnavKeyDesc *desc, const Datum *values);

typedef enum RelnavKeyMethod
{
	RELNAV_KEY_SAME,			/* already the key type (or binary-compatible) */
	RELNAV_KEY_INPUT,			/* text-like: the key type's input function */
	RELNAV_KEY_CAST,			/* a cast function, checked by casting back */
	RELNAV_KEY_VIA_IO,			/* output function, then input function */
	RELNAV_KEY_JSONB			/* jsonb: an object naming key columns */
} RelnavKeyMethod;

/* What converting a key gave. */
typedef enum RelnavKeyResult
{
	RELNAV_KEY_FOUND,			/* values hold the key */
	RELNAV_KEY_NULL,			/* the key, or a part of it, is NULL */
	RELNAV_KEY_NO_MATCH			/* a value no key column can equal (1.5) */
} RelnavKeyResult;

typedef struct RelnavKeyConv
{
	RelnavKeyDesc desc;			/* the key converted to (names in mcxt) */
	const char *argname;		/* for messages: "key", "target_key" */
	Oid			argtype;		/* type the key arrives as */
	RelnavKeyMethod method;
	FmgrInfo	key_input[RELNAV_MAX_COLUMNS];
	Oid			key_ioparam[RELNAV_MAX_COLUMNS];
	bool		text_is_jsonb;	/* text argument holding a jsonb key */
	FmgrInfo	cast;			/* RELNAV_KEY_CAST: argtype to key type */
	int			cast_nargs;
	bool		cast_checked;	/* cast back and compared with the argument */
	bool		cast_back_relabel;	/* the way back needs no function */
	FmgrInfo	cast_back;		/* key type back to argtype */
	int			cast_back_nargs;
	FmgrInfo	arg_equal;		/* argtype's equality, for the check */
	Oid			arg_collation;
	FmgrInfo	arg_output;		/* RELNAV_KEY_VIA_IO */
} RelnavKeyConv;

/* Is conv set up for this key and argument type? */
extern bool relnav_keyconv_ready(const RelnavKeyConv *conv,
								 const RelnavKeyDesc *desc, Oid argtype);

/*
 * Set up conv in mcxt for desc and argtype; argname names the argument in
 * messages and must live as long as conv.
 */
extern void relnav_keyconv_init(RelnavKeyConv *conv, MemoryContext mcxt,
								const RelnavKeyDesc *desc, Oid argtype,
								const char *argname);

/*
 * Convert arg into key values.  Errors (22P02 and the like, with a CONTEXT
 * line naming the argument and table) when it does not convert.  User code
 * may run here: a cast function, a domain's CHECK.
 */
extern RelnavKeyResult relnav_keyconv_apply(RelnavKeyConv *conv, Datum arg,
											Datum *values);

/*
 * Does conv give the same result whatever the settings (TimeZone,
 * DateStyle) and whenever it runs: only immutable functions?  Then a
 * constant key may be converted once, when a statement is planned.
 */
extern bool relnav_keyconv_immutable(const RelnavKeyConv *conv);

/*
 * Forget the conversions _relnav.key_column keeps (key_column.c) for relid's
 * key, or for every table when relid is InvalidOid.  Only marks them.
 */
extern void relnav_key_column_invalidate(Oid relid);

#endif							/* RELNAV_KEYS_H */
