/*
 * errors.c
 *		Errors raised from more than one place (see errors.h), and the
 *		SQL-callable function through which generated statements raise
 *		them.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "errors.h"
#include "relinfo.h"
#include "scan.h"

void
relnav_error_overflow(Oid source, const char *name, RelnavKind kind)
{
	ereport(ERROR,
			(errcode(ERRCODE_CARDINALITY_VIOLATION),
			 errmsg("relationship \"%s\" on table \"%s\" found more than one row",
					name, relnav_display_name(source)),
			 errdetail("Relationship \"%s\" is %s, so it reaches at most one row from each row.",
					   name, relnav_kind_name(kind)),
			 kind == RELNAV_MANY_TO_ONE ?
			 errhint("Its target columns are not unique: join on a unique key, or make them unique.") :
			 errhint("Declare it as one_to_many (uselist => true) if several rows are expected.")));
}

/*
 * _relnav.scalar_overflow(source regclass, name text, kind text) RETURNS
 * boolean: raises the error above and never returns.  Generated statements
 * call it, only once they have found two rows, from a CASE, which keeps
 * the order of evaluation; a 21000 raised by anything else in a statement
 * (a user's view or policy) stays PostgreSQL's own.
 */
PG_FUNCTION_INFO_V1(relnav_scalar_overflow);
Datum
relnav_scalar_overflow(PG_FUNCTION_ARGS)
{
	RelnavKind	kind = RELNAV_MANY_TO_ONE;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
		!relnav_kind_from_name(text_to_cstring(PG_GETARG_TEXT_PP(2)), &kind))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid arguments for _relnav.scalar_overflow")));
	relnav_error_overflow(PG_GETARG_OID(0),
						  relnav_abbreviate(text_to_cstring(PG_GETARG_TEXT_PP(1))),
						  kind);
	PG_RETURN_BOOL(false);
}

void
relnav_check_key_array(ArrayType *keys)
{
	if (ARR_NDIM(keys) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("keys must be a one-dimensional array"),
				 errdetail("The array given has %d dimensions.", ARR_NDIM(keys))));
}

/*
 * _relnav.key_array(keys anyarray) RETURNS anyarray: keys, once checked as
 * a call checks them.  A call of rel_fetch_many expanded into its statement
 * (inline.c) reads its keys through it.
 */
PG_FUNCTION_INFO_V1(relnav_key_array);
Datum
relnav_key_array(PG_FUNCTION_ARGS)
{
	ArrayType  *keys = PG_GETARG_ARRAYTYPE_P(0);

	relnav_check_key_array(keys);
	PG_RETURN_ARRAYTYPE_P(keys);
}

void
relnav_check_max_rows(int64 max_rows)
{
	if (max_rows < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_ROW_COUNT_IN_LIMIT_CLAUSE),
				 errmsg("max_rows must not be negative")));
}

/*
 * _relnav.max_rows(max_rows bigint) RETURNS bigint: max_rows, once checked
 * as a call checks it.  A call expanded into its statement (inline.c)
 * whose max_rows is not a constant reads it through this.
 */
PG_FUNCTION_INFO_V1(relnav_max_rows);
Datum
relnav_max_rows(PG_FUNCTION_ARGS)
{
	int64		max_rows = PG_GETARG_INT64(0);

	relnav_check_max_rows(max_rows);
	PG_RETURN_INT64(max_rows);
}
