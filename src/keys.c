/*
 * keys.c
 *		Converting key arguments to primary key values.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"

#include "keys.h"
#include "relinfo.h"

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
relnav_keyconv_ready(const RelnavKeyConv *conv, RelnavPlan *plan, Oid argtype)
{
	return conv->plan == plan && conv->plan_build == plan->build_id &&
		conv->argtype == argtype;
}

void
relnav_keyconv_init(RelnavKeyConv *conv, MemoryContext mcxt, RelnavPlan *plan,
					Oid argtype)
{
	Oid			keytype = plan->key_types[0];

	memset(conv, 0, sizeof(*conv));
	conv->nkeys = plan->nkeys;
	for (int i = 0; i < plan->nkeys; i++)
	{
		Oid			infunc;

		conv->key_types[i] = plan->key_types[i];
		conv->key_names[i] = MemoryContextStrdup(mcxt, plan->key_names[i]);
		getTypeInputInfo(plan->key_types[i], &infunc, &conv->key_ioparam[i]);
		fmgr_info_cxt(infunc, &conv->key_input[i], mcxt);
	}

	if (plan->nkeys > 1)
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
					 errmsg("key for table \"%s\" must be a jsonb object, not type %s",
							relnav_display_name(plan->source),
							format_type_be(argtype)),
					 errdetail("The primary key of table \"%s\" has %d columns.",
							   relnav_display_name(plan->source), plan->nkeys),
					 errhint("Pass a jsonb object naming each key column, for example '{\"%s\": ...}'.",
							 plan->key_names[0])));
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

		switch (path)
		{
			case COERCION_PATH_RELABELTYPE:
				conv->method = RELNAV_KEY_SAME;
				break;
			case COERCION_PATH_FUNC:
				conv->method = RELNAV_KEY_CAST;
				fmgr_info_cxt(funcid, &conv->cast, mcxt);
				conv->cast_nargs = get_func_nargs(funcid);
				break;
			default:
				/* no cast: go through text, which fails cleanly (22P02) */
				{
					Oid			outfunc;
					bool		isvarlena;

					conv->method = RELNAV_KEY_VIA_IO;
					getTypeOutputInfo(argtype, &outfunc, &isvarlena);
					fmgr_info_cxt(outfunc, &conv->arg_output, mcxt);
				}
				break;
		}
	}

	conv->argtype = argtype;
	conv->plan = plan;
	conv->plan_build = plan->build_id;
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

static bool
keys_from_jsonb(RelnavKeyConv *conv, Jsonb *jb, Datum *values)
{
	if (JB_ROOT_IS_OBJECT(jb))
	{
		for (int i = 0; i < conv->nkeys; i++)
		{
			JsonbValue	v;
			char	   *text;

			if (getKeyJsonValueFromContainer(&jb->root, conv->key_names[i],
											 strlen(conv->key_names[i]), &v) == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("key lacks primary key column \"%s\"",
								conv->key_names[i]),
						 errdetail("A jsonb key names every primary key column.")));
			text = keys_jsonb_value_text(&v);
			if (text == NULL)
				return false;
			values[i] = InputFunctionCall(&conv->key_input[i], text,
										  conv->key_ioparam[i], -1);
		}
		return true;
	}

	if (conv->nkeys == 1 && JB_ROOT_IS_SCALAR(jb))
	{
		JsonbValue	v;
		char	   *text;

		if (!JsonbExtractScalar(&jb->root, &v))
			elog(ERROR, "could not extract jsonb scalar");
		text = keys_jsonb_value_text(&v);
		if (text == NULL)
			return false;
		values[0] = InputFunctionCall(&conv->key_input[0], text,
									  conv->key_ioparam[0], -1);
		return true;
	}

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("key must be a jsonb object naming the primary key columns"),
			 errhint("For example '{\"%s\": ...}'.", conv->key_names[0])));
	return false;				/* keep compiler quiet */
}

bool
relnav_keyconv_apply(RelnavKeyConv *conv, Datum arg, Datum *values)
{
	switch (conv->method)
	{
		case RELNAV_KEY_SAME:
			values[0] = arg;
			return true;
		case RELNAV_KEY_INPUT:
			values[0] = InputFunctionCall(&conv->key_input[0],
										  keys_text_value(conv->argtype, arg),
										  conv->key_ioparam[0], -1);
			return true;
		case RELNAV_KEY_CAST:
			if (conv->cast_nargs == 1)
				values[0] = FunctionCall1(&conv->cast, arg);
			else if (conv->cast_nargs == 2)
				values[0] = FunctionCall2(&conv->cast, arg, Int32GetDatum(-1));
			else
				values[0] = FunctionCall3(&conv->cast, arg, Int32GetDatum(-1),
										  BoolGetDatum(true));
			return true;
		case RELNAV_KEY_VIA_IO:
			values[0] = InputFunctionCall(&conv->key_input[0],
										  OutputFunctionCall(&conv->arg_output, arg),
										  conv->key_ioparam[0], -1);
			return true;
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
	return false;				/* keep compiler quiet */
}
