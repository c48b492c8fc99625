/*
 * keys.c
 *		Primary key descriptions and the conversion of key arguments.
 *
 * Nothing here is cached: callers keep a RelnavKeyConv as long as their
 * call site keeps its plan (or, for _relnav.key_column, until inval.c says
 * it is stale: key_column.c), and set it up again when the plan is rebuilt
 * or the argument type changes.
 */
#include "postgres.h"

#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "parser/parse_coerce.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "keys.h"
#include "relinfo.h"
#include "scan.h"

void
relnav_key_describe(RelnavKeyDesc *desc, Oid relid, MemoryContext mcxt)
{
	desc->relid = relid;
	relnav_require_primary_key(relid, &desc->nkeys, desc->attnums);
	for (int i = 0; i < desc->nkeys; i++)
	{
		desc->types[i] = relnav_column_type(relid, desc->attnums[i]);
		desc->names[i] = MemoryContextStrdup(mcxt,
											 relnav_column_name(relid, desc->attnums[i]));
	}
}

char *
relnav_key_text(const RelnavKeyDesc *desc, const Datum *values)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	for (int i = 0; i < desc->nkeys; i++)
		appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "",
						 quote_identifier(desc->names[i]));
	appendStringInfoString(&buf, ")=(");
	for (int i = 0; i < desc->nkeys; i++)
	{
		Oid			outfunc;
		bool		isvarlena;

		getTypeOutputInfo(desc->types[i], &outfunc, &isvarlena);
		appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "",
						 OidOutputFunctionCall(outfunc, values[i]));
	}
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

static bool
keys_is_text_like(Oid type)
{
	return type == TEXTOID || type == VARCHAROID || type == BPCHAROID ||
		type == NAMEOID || type == UNKNOWNOID || type == CSTRINGOID;
}

/* The C string of a text-like datum. */
static char *
keys_text_value(Oid type, Datum value)
{
	switch (type)
	{
		case UNKNOWNOID:
		case CSTRINGOID:
			return DatumGetCString(value);
		case NAMEOID:
			return NameStr(*DatumGetName(value));
		default:
			return TextDatumGetCString(value);
	}
}

bool
relnav_keyconv_ready(const RelnavKeyConv *conv, const RelnavKeyDesc *desc,
					 Oid argtype)
{
	if (conv->argtype != argtype || conv->desc.relid != desc->relid ||
		conv->desc.nkeys != desc->nkeys)
		return false;
	for (int i = 0; i < desc->nkeys; i++)
		if (conv->desc.types[i] != desc->types[i] ||
			strcmp(conv->desc.names[i], desc->names[i]) != 0)
			return false;
	return true;
}

/* A query calling a cast function checks EXECUTE on it: so do we. */
static void
keys_check_execute(Oid funcid)
{
	AclResult	aclresult = pg_proc_aclcheck(funcid, GetUserId(), ACL_EXECUTE);

	if (aclresult != ACLCHECK_OK)
		aclcheck_error(aclresult, OBJECT_FUNCTION, get_func_name(funcid));
}

/*
 * A cast that may lose information (numeric to integer rounds, timestamp
 * to date truncates) is checked by casting the result back and comparing
 * it with the argument, with the argument type's own equality.  Returns
 * false when there is no way back or no equality: a cast of the user's own
 * (a composite to an integer, say) is then trusted as it is.
 */
static bool
keys_prepare_cast_back(RelnavKeyConv *conv, MemoryContext mcxt, Oid keytype,
					   Oid argtype)
{
	Oid			funcid;
	TypeCacheEntry *typentry;
	CoercionPathType path = find_coercion_pathway(argtype, keytype,
												  COERCION_ASSIGNMENT, &funcid);

	typentry = lookup_type_cache(argtype, TYPECACHE_EQ_OPR_FINFO);
	if (!OidIsValid(typentry->eq_opr_finfo.fn_oid))
		return false;
	switch (path)
	{
		case COERCION_PATH_RELABELTYPE:
			conv->cast_back_relabel = true;
			break;
		case COERCION_PATH_FUNC:
			keys_check_execute(funcid);
			fmgr_info_cxt(funcid, &conv->cast_back, mcxt);
			conv->cast_back_nargs = get_func_nargs(funcid);
			break;
		default:
			return false;
	}
	fmgr_info_copy(&conv->arg_equal, &typentry->eq_opr_finfo, mcxt);
	conv->arg_collation = typentry->typcollation;
	return true;
}

void
relnav_keyconv_init(RelnavKeyConv *conv, MemoryContext mcxt,
					const RelnavKeyDesc *desc, Oid argtype, const char *argname)
{
	Oid			keytype = desc->types[0];

	memset(conv, 0, sizeof(*conv));
	conv->desc = *desc;
	conv->argname = argname;
	for (int i = 0; i < desc->nkeys; i++)
	{
		Oid			infunc;

		conv->desc.names[i] = MemoryContextStrdup(mcxt, desc->names[i]);
		getTypeInputInfo(desc->types[i], &infunc, &conv->key_ioparam[i]);
		fmgr_info_cxt(infunc, &conv->key_input[i], mcxt);
	}

	if (desc->nkeys > 1)
	{
		/* a composite key comes as a jsonb object, or as text holding one */
		if (argtype == JSONBOID)
			conv->method = RELNAV_KEY_JSONB;
		else if (keys_is_text_like(argtype))
		{
			conv->method = RELNAV_KEY_JSONB;
			conv->text_is_jsonb = true;
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("%s for table \"%s\" must be a jsonb object, not type %s",
							argname, relnav_display_name(desc->relid),
							format_type_be(argtype)),
					 errdetail("The primary key of table \"%s\" has %d columns.",
							   relnav_display_name(desc->relid), desc->nkeys),
					 errhint("Pass a jsonb object naming each key column, for example '{\"%s\": ...}'.",
							 desc->names[0])));
	}
	else if (argtype == keytype)
		conv->method = RELNAV_KEY_SAME;
	else if (keys_is_text_like(argtype))
		conv->method = RELNAV_KEY_INPUT;
	else if (argtype == JSONBOID)
		conv->method = RELNAV_KEY_JSONB;
	else
	{
		Oid			funcid;
		/* the casts an INSERT into the key column would apply */
		CoercionPathType path = find_coercion_pathway(keytype, argtype,
													  COERCION_ASSIGNMENT,
													  &funcid);

		if (path == COERCION_PATH_RELABELTYPE)
			conv->method = RELNAV_KEY_SAME;
		else if (path == COERCION_PATH_FUNC)
		{
			/* checked by casting back where that can be done */
			conv->method = RELNAV_KEY_CAST;
			conv->cast_checked = keys_prepare_cast_back(conv, mcxt, keytype,
														argtype);
			keys_check_execute(funcid);
			fmgr_info_cxt(funcid, &conv->cast, mcxt);
			conv->cast_nargs = get_func_nargs(funcid);
		}
		else
		{
			/* through text, which converts exactly or fails (22P02) */
			Oid			outfunc;
			bool		isvarlena;

			conv->method = RELNAV_KEY_VIA_IO;
			getTypeOutputInfo(argtype, &outfunc, &isvarlena);
			fmgr_info_cxt(outfunc, &conv->arg_output, mcxt);
		}
	}
	conv->argtype = argtype;
}

/* The text of one jsonb value, or NULL for a json null. */
static char *
keys_jsonb_value_text(JsonbValue *v)
{
	switch (v->type)
	{
		case jbvNull:
			return NULL;
		case jbvString:
			return pnstrdup(v->val.string.val, v->val.string.len);
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out,
													   NumericGetDatum(v->val.numeric)));
		case jbvBool:
			return pstrdup(v->val.boolean ? "true" : "false");
		case jbvBinary:
			return JsonbToCString(NULL, v->val.binary.data, v->val.binary.len);
		default:
			elog(ERROR, "unexpected jsonb value type %d", (int) v->type);
	}
	return NULL;					/* keep compiler quiet */
}

static RelnavKeyResult
keys_from_jsonb(RelnavKeyConv *conv, Jsonb *jb, Datum *values)
{
	if (JB_ROOT_IS_OBJECT(jb))
	{
		for (int i = 0; i < conv->desc.nkeys; i++)
		{
			const char *name = conv->desc.names[i];
			JsonbValue	v;
			char	   *text;

			if (getKeyJsonValueFromContainer(&jb->root, name, strlen(name), &v) == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("%s lacks primary key column \"%s\"",
								conv->argname, name),
						 errdetail("A jsonb key names every primary key column.")));
			text = keys_jsonb_value_text(&v);
			if (text == NULL)
				return RELNAV_KEY_NULL;
			values[i] = InputFunctionCall(&conv->key_input[i], text,
										  conv->key_ioparam[i], -1);
		}
		return RELNAV_KEY_FOUND;
	}

	if (conv->desc.nkeys == 1 && JB_ROOT_IS_SCALAR(jb))
	{
		JsonbValue	v;
		char	   *text;

		if (!JsonbExtractScalar(&jb->root, &v))
			elog(ERROR, "could not extract jsonb scalar");
		text = keys_jsonb_value_text(&v);
		if (text == NULL)
			return RELNAV_KEY_NULL;
		values[0] = InputFunctionCall(&conv->key_input[0], text,
									  conv->key_ioparam[0], -1);
		return RELNAV_KEY_FOUND;
	}

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("%s must be a jsonb object naming the primary key columns",
					conv->argname),
			 errhint("For example '{\"%s\": ...}'.", conv->desc.names[0])));
	return RELNAV_KEY_NULL;		/* keep compiler quiet */
}

static Datum
keys_call_cast(FmgrInfo *cast, int nargs, Datum arg)
{
	if (nargs == 1)
		return FunctionCall1(cast, arg);
	if (nargs == 2)
		return FunctionCall2(cast, arg, Int32GetDatum(-1));
	return FunctionCall3(cast, arg, Int32GetDatum(-1), BoolGetDatum(false));
}

static RelnavKeyResult
keys_apply(RelnavKeyConv *conv, Datum arg, Datum *values)
{
	switch (conv->method)
	{
		case RELNAV_KEY_SAME:
			values[0] = arg;
			return RELNAV_KEY_FOUND;
		case RELNAV_KEY_INPUT:
			values[0] = InputFunctionCall(&conv->key_input[0],
										  keys_text_value(conv->argtype, arg),
										  conv->key_ioparam[0], -1);
			return RELNAV_KEY_FOUND;
		case RELNAV_KEY_CAST:
			{
				Datum		back;

				values[0] = keys_call_cast(&conv->cast, conv->cast_nargs, arg);
				if (!conv->cast_checked)
					return RELNAV_KEY_FOUND;
				back = conv->cast_back_relabel ? values[0] :
					keys_call_cast(&conv->cast_back, conv->cast_back_nargs, values[0]);
				if (!DatumGetBool(FunctionCall2Coll(&conv->arg_equal,
													conv->arg_collation,
													arg, back)))
					return RELNAV_KEY_NO_MATCH;
				return RELNAV_KEY_FOUND;
			}
		case RELNAV_KEY_VIA_IO:
			values[0] = InputFunctionCall(&conv->key_input[0],
										  OutputFunctionCall(&conv->arg_output, arg),
										  conv->key_ioparam[0], -1);
			return RELNAV_KEY_FOUND;
		case RELNAV_KEY_JSONB:
			{
				Jsonb	   *jb;

				if (conv->text_is_jsonb)
					jb = DatumGetJsonbP(DirectFunctionCall1(jsonb_in,
															CStringGetDatum(keys_text_value(conv->argtype, arg))));
				else
					jb = DatumGetJsonbP(arg);
				return keys_from_jsonb(conv, jb, values);
			}
	}
	return RELNAV_KEY_NULL;		/* keep compiler quiet */
}

/* CONTEXT line of an error raised while converting a key. */
static void
keys_error_context(void *arg)
{
	RelnavKeyConv *conv = arg;

	errcontext("while converting %s for table \"%s\"", conv->argname,
			   relnav_display_name(conv->desc.relid));
}

RelnavKeyResult
relnav_keyconv_apply(RelnavKeyConv *conv, Datum arg, Datum *values)
{
	ErrorContextCallback callback;
	RelnavKeyResult result;

	/* the common case converts nothing and cannot fail */
	if (conv->method == RELNAV_KEY_SAME)
	{
		values[0] = arg;
		return RELNAV_KEY_FOUND;
	}
	callback.callback = keys_error_context;
	callback.arg = conv;
	callback.previous = error_context_stack;
	error_context_stack = &callback;
	result = keys_apply(conv, arg, values);
	error_context_stack = callback.previous;
	return result;
}

static bool
keys_immutable(const FmgrInfo *finfo)
{
	return func_volatile(finfo->fn_oid) == PROVOLATILE_IMMUTABLE;
}

bool
relnav_keyconv_immutable(const RelnavKeyConv *conv)
{
	switch (conv->method)
	{
		case RELNAV_KEY_SAME:
			return true;
		case RELNAV_KEY_CAST:
			return keys_immutable(&conv->cast) &&
				(!conv->cast_checked ||
				 ((conv->cast_back_relabel || keys_immutable(&conv->cast_back)) &&
				  keys_immutable(&conv->arg_equal)));
		case RELNAV_KEY_VIA_IO:
			if (!keys_immutable(&conv->arg_output))
				return false;
			/* FALLTHROUGH */
		case RELNAV_KEY_INPUT:
		case RELNAV_KEY_JSONB:
			for (int i = 0; i < conv->desc.nkeys; i++)
				if (!keys_immutable(&conv->key_input[i]))
					return false;
			return true;
	}
	return false;				/* keep compiler quiet */
}
