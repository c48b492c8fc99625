/*
 * infer.c
 *		Foreign-key inference for rel_declare.
 *
 * A foreign key from A to B can back a relationship in two directions:
 * many_to_one from A (A holds the key) or one_to_many from B.  Between a
 * source and a target we therefore collect (constraint, direction) options
 * and narrow them by foreign_key and kind; exactly one must remain.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "infer.h"
#include "relinfo.h"
#include "sqlgen.h"

typedef RelnavForeignKey ForeignKey;

typedef struct FkOption
{
	ForeignKey *fk;
	bool		many_to_one;	/* source holds the key */
} FkOption;

List *
relnav_foreign_keys(Oid referencing, Oid referenced, Oid nspid)
{
	Oid			argtypes[3] = {OIDOID, OIDOID, OIDOID};
	Datum		values[3];
	List	   *result = NIL;
	int			rc;

	values[0] = ObjectIdGetDatum(referencing);
	values[1] = ObjectIdGetDatum(referenced);
	values[2] = ObjectIdGetDatum(nspid);
	rc = relnav_spi_execute("SELECT c.conname, c.conrelid, c.confrelid, c.conkey, c.confkey"
							" FROM pg_catalog.pg_constraint c, pg_catalog.pg_class r"
							" WHERE r.oid OPERATOR(pg_catalog.=) c.conrelid"
							" AND c.contype OPERATOR(pg_catalog.=) 'f'"
							" AND c.conparentid OPERATOR(pg_catalog.=) 0"
							" AND ($1 OPERATOR(pg_catalog.=) 0 OR c.conrelid OPERATOR(pg_catalog.=) $1)"
							" AND ($2 OPERATOR(pg_catalog.=) 0 OR c.confrelid OPERATOR(pg_catalog.=) $2)"
							" AND ($3 OPERATOR(pg_catalog.=) 0 OR r.relnamespace OPERATOR(pg_catalog.=) $3)"
							" ORDER BY r.relname COLLATE \"C\", c.conname COLLATE \"C\"",
							3, argtypes, values, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read foreign keys: %s", SPI_result_code_string(rc));

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		RelnavForeignKey *fk = palloc0(sizeof(RelnavForeignKey));
		bool		isnull;

		fk->name = SPI_getvalue(tuple, desc, 1);
		fk->conrelid = DatumGetObjectId(SPI_getbinval(tuple, desc, 2, &isnull));
		fk->confrelid = DatumGetObjectId(SPI_getbinval(tuple, desc, 3, &isnull));
		fk->ncolumns = relnav_int2_array(SPI_getbinval(tuple, desc, 4, &isnull), false,
										 fk->conkey);
		if (relnav_int2_array(SPI_getbinval(tuple, desc, 5, &isnull), false,
							  fk->confkey) != fk->ncolumns)
			elog(ERROR, "foreign key \"%s\" has unbalanced column lists", fk->name);
		result = lappend(result, fk);
	}
	return result;
}

/* Foreign keys from referencing to referenced. */
static List *
infer_foreign_keys(Oid referencing, Oid referenced)
{
	return relnav_foreign_keys(referencing, referenced, InvalidOid);
}

static void
infer_append_columns(StringInfo buf, Oid relid, int n, const AttrNumber *attnums)
{
	appendStringInfo(buf, "%s(", relnav_display_name(relid));
	for (int i = 0; i < n; i++)
		appendStringInfo(buf, "%s%s", i > 0 ? ", " : "",
						 quote_identifier(relnav_column_name(relid, attnums[i])));
	appendStringInfoChar(buf, ')');
}

/* '"name" (a(x) references b(y))' for messages */
static void
infer_describe_fk(StringInfo buf, const ForeignKey *fk)
{
	appendStringInfo(buf, "\"%s\" (", fk->name);
	infer_append_columns(buf, fk->conrelid, fk->ncolumns, fk->conkey);
	appendStringInfoString(buf, " references ");
	infer_append_columns(buf, fk->confrelid, fk->ncolumns, fk->confkey);
	appendStringInfoChar(buf, ')');
}

static void
infer_use_option(RelnavDecl *decl, const FkOption *option)
{
	const ForeignKey *fk = option->fk;

	decl->ncolumns = fk->ncolumns;
	decl->ntarget_columns = fk->ncolumns;
	for (int i = 0; i < fk->ncolumns; i++)
	{
		decl->source_attnums[i] = option->many_to_one ? fk->conkey[i] : fk->confkey[i];
		decl->target_attnums[i] = option->many_to_one ? fk->confkey[i] : fk->conkey[i];
	}
	decl->kind = option->many_to_one ? RELNAV_MANY_TO_ONE : RELNAV_ONE_TO_MANY;
}

/* relid as a regclass literal's contents: quoted, qualified when not visible. */
static char *
infer_regclass_literal(Oid relid)
{
	char	   *name = RelationIsVisible(relid) ?
		pstrdup(quote_identifier(get_rel_name(relid))) :
		relnav_qualified_name(relid);
	StringInfoData buf;

	/* inside '...': double any single quote */
	initStringInfo(&buf);
	for (const char *c = name; *c; c++)
	{
		if (*c == '\'')
			appendStringInfoChar(&buf, '\'');
		appendStringInfoChar(&buf, *c);
	}
	return buf.data;
}

/*
 * Tables that hold foreign keys to both source and target (two to source
 * when they are the same table): the junctions a many-to-many between them
 * could go through, as a list of OIDs ordered by name.
 */
static List *
infer_junctions(Oid source, Oid target)
{
	List	   *to_source = relnav_foreign_keys(InvalidOid, source, InvalidOid);
	List	   *to_target = relnav_foreign_keys(InvalidOid, target, InvalidOid);
	List	   *result = NIL;
	ListCell   *lc1;

	foreach(lc1, to_source)
	{
		ForeignKey *a = lfirst(lc1);
		ListCell   *lc2;

		if (list_member_oid(result, a->conrelid))
			continue;
		foreach(lc2, to_target)
		{
			ForeignKey *b = lfirst(lc2);

			if (b->conrelid == a->conrelid && strcmp(a->name, b->name) != 0)
			{
				result = lappend_oid(result, a->conrelid);
				break;
			}
		}
	}
	return result;
}

/*
 * No foreign key joins from and to (42P17).  When tables reference both,
 * the user most likely forgot secondary: the HINT names them.
 */
static void
infer_error_no_foreign_key(const RelnavDecl *decl, Oid from, Oid to)
{
	List	   *junctions = OidIsValid(decl->secondary) ? NIL :
		infer_junctions(decl->source, decl->target);

	if (list_length(junctions) == 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("no foreign key links table \"%s\" to table \"%s\"",
						relnav_display_name(from), relnav_display_name(to)),
				 errdetail("Relationship \"%s\" needs a join between them.", decl->name),
				 decl->source == decl->target ?
				 errhint("Table \"%s\" references it twice: for a many-to-many relationship through it, pass secondary => '%s'.",
						 relnav_display_name(linitial_oid(junctions)),
						 infer_regclass_literal(linitial_oid(junctions))) :
				 errhint("Table \"%s\" references both: for a many-to-many relationship through it, pass secondary => '%s'.",
						 relnav_display_name(linitial_oid(junctions)),
						 infer_regclass_literal(linitial_oid(junctions)))));
	if (junctions != NIL)
	{
		StringInfoData names;
		ListCell   *lc;

		initStringInfo(&names);
		foreach(lc, junctions)
			appendStringInfo(&names, "%s'%s'", names.len > 0 ? ", " : "",
							 infer_regclass_literal(lfirst_oid(lc)));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
				 errmsg("no foreign key links table \"%s\" to table \"%s\"",
						relnav_display_name(from), relnav_display_name(to)),
				 errdetail("Relationship \"%s\" needs a join between them.", decl->name),
				 errhint("Several tables reference both: for a many-to-many relationship, pass secondary => one of %s.",
						 names.data)));
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
			 errmsg("no foreign key links table \"%s\" to table \"%s\"",
					relnav_display_name(from), relnav_display_name(to)),
			 errdetail("Relationship \"%s\" needs a join between them.", decl->name),
			 errhint("Add a foreign key constraint, or give the join with source_columns and target_columns.")));
}

/*
 * foreign_key names no constraint among fks, the foreign keys between from
 * and to (or also to2, for a secondary table) (42704); the HINT lists the
 * constraints there are.
 */
static void
infer_error_unknown_foreign_key(const char *foreign_key, Oid from, Oid to, Oid to2,
								List *fks)
{
	StringInfoData names;
	ListCell   *lc;

	initStringInfo(&names);
	foreach(lc, fks)
	{
		const char *name = ((ForeignKey *) lfirst(lc))->name;
		bool		seen = false;

		/* a self-reference lists its constraints twice */
		for (ListCell *prev = list_head(fks); prev != lc && !seen; prev = lnext(fks, prev))
			seen = strcmp(((ForeignKey *) lfirst(prev))->name, name) == 0;
		if (!seen)
			appendStringInfo(&names, "%s%s", names.len > 0 ? ", " : "",
							 quote_identifier(name));
	}
	if (OidIsValid(to2) && to2 != to)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("foreign key constraint \"%s\" does not link table \"%s\" to table \"%s\" or table \"%s\"",
						foreign_key, relnav_display_name(from), relnav_display_name(to),
						relnav_display_name(to2)),
				 errhint("Foreign keys between these tables: %s.", names.data)));
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("foreign key constraint \"%s\" does not link table \"%s\" to table \"%s\"",
					foreign_key, relnav_display_name(from), relnav_display_name(to)),
			 errhint("Foreign keys between these tables: %s.", names.data)));
}

/*
 * Several foreign keys could join from and to (42P17); candidates
 * describes them, hint says how to pick one.
 */
static void
infer_error_candidates(const char *candidates, Oid from, Oid to, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
			 errmsg("more than one foreign key links table \"%s\" to table \"%s\"",
					relnav_display_name(from), relnav_display_name(to)),
			 errdetail("Candidates: %s.", candidates),
			 errhint("%s", hint)));
}

/* infer_describe_fk of each of fks, comma-separated. */
static char *
infer_describe_fks(List *fks)
{
	StringInfoData candidates;
	ListCell   *lc;

	initStringInfo(&candidates);
	foreach(lc, fks)
	{
		if (candidates.len > 0)
			appendStringInfoString(&candidates, ", ");
		infer_describe_fk(&candidates, lfirst(lc));
	}
	return candidates.data;
}

void
relnav_infer_direct(RelnavDecl *decl, const char *foreign_key,
					const RelnavKind *kind)
{
	List	   *holds = infer_foreign_keys(decl->source, decl->target);
	/* a self-reference: each constraint once, followed both ways */
	List	   *held = (decl->source == decl->target) ? holds :
		infer_foreign_keys(decl->target, decl->source);
	FkOption   *options = palloc(sizeof(FkOption) * (list_length(holds) + list_length(held) + 1));
	int			noptions = 0;
	bool		self_reference = (decl->source == decl->target);
	ListCell   *lc;

	/* with a self-reference both lists hold the same constraints */
	foreach(lc, holds)
	{
		options[noptions].fk = lfirst(lc);
		options[noptions++].many_to_one = true;
	}
	foreach(lc, held)
	{
		options[noptions].fk = lfirst(lc);
		options[noptions++].many_to_one = false;
	}
	if (noptions == 0)
		infer_error_no_foreign_key(decl, decl->source, decl->target);

	/* narrow by foreign_key, then by kind */
	if (foreign_key != NULL)
	{
		int			kept = 0;

		for (int i = 0; i < noptions; i++)
			if (strcmp(options[i].fk->name, foreign_key) == 0)
				options[kept++] = options[i];
		if (kept == 0)
			infer_error_unknown_foreign_key(foreign_key, decl->source, decl->target,
											InvalidOid, list_concat_copy(holds, self_reference ? NIL : held));
		noptions = kept;
	}
	if (kind != NULL)
	{
		int			kept = 0;
		bool		want_many_to_one = (*kind == RELNAV_MANY_TO_ONE);

		for (int i = 0; i < noptions; i++)
			if (options[i].many_to_one == want_many_to_one)
				options[kept++] = options[i];
		if (kept == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
					 errmsg("no foreign key makes relationship \"%s\" from table \"%s\" to table \"%s\" %s",
							decl->name, relnav_display_name(decl->source),
							relnav_display_name(decl->target), relnav_kind_name(*kind)),
					 errdetail(want_many_to_one ?
							   "A many_to_one relationship needs a foreign key on the source table." :
							   "A one_to_many or one_to_one relationship needs a foreign key on the target table."),
					 errhint("Leave kind unset to use the foreign keys' direction, or give the join columns.")));
		noptions = kept;
	}

	if (noptions > 1)
	{
		StringInfoData candidates;
		bool		directions_only = true;

		initStringInfo(&candidates);
		for (int i = 0; i < noptions; i++)
		{
			/* a self-reference lists each constraint once */
			bool		seen = false;

			for (int j = 0; j < i; j++)
				seen |= (options[j].fk == options[i].fk);
			if (seen)
				continue;
			if (candidates.len > 0)
				appendStringInfoString(&candidates, ", ");
			infer_describe_fk(&candidates, options[i].fk);
			if (options[i].fk != options[0].fk)
				directions_only = false;
		}
		if (self_reference && directions_only)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
					 errmsg("relationship \"%s\" on table \"%s\" is a self-reference with two possible directions",
							decl->name, relnav_display_name(decl->source)),
					 errdetail("Foreign key %s can be followed either way.", candidates.data),
					 errhint("Pass kind => 'many_to_one' to follow it to the referenced row, or kind => 'one_to_many' to the referencing rows.")));
		infer_error_candidates(candidates.data, decl->source, decl->target,
							   self_reference ?
							   "Pass foreign_key => 'constraint_name' to pick one, and kind => 'many_to_one' or 'one_to_many' for its direction." :
							   "Pass foreign_key => 'constraint_name' to pick one.");
	}
	infer_use_option(decl, &options[0]);
}

/* The constraint named name in fks, or NULL. */
static ForeignKey *
infer_find_fk(List *fks, const char *name)
{
	ListCell   *lc;

	foreach(lc, fks)
		if (strcmp(((ForeignKey *) lfirst(lc))->name, name) == 0)
			return lfirst(lc);
	return NULL;
}

/* fks without the constraint except (compared by name). */
static List *
infer_without(List *fks, const ForeignKey *except)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, fks)
		if (except == NULL || strcmp(((ForeignKey *) lfirst(lc))->name, except->name) != 0)
			result = lappend(result, lfirst(lc));
	return result;
}

void
relnav_infer_secondary(RelnavDecl *decl, const char *foreign_key)
{
	List	   *to_source = infer_foreign_keys(decl->secondary, decl->source);
	List	   *to_target = infer_foreign_keys(decl->secondary, decl->target);
	ForeignKey *source_fk = NULL;
	ForeignKey *target_fk = NULL;
	List	   *rest;

	if (to_source == NIL)
		infer_error_no_foreign_key(decl, decl->secondary, decl->source);
	if (to_target == NIL)
		infer_error_no_foreign_key(decl, decl->secondary, decl->target);

	/* foreign_key names the constraint of either side */
	if (foreign_key != NULL)
	{
		source_fk = infer_find_fk(to_source, foreign_key);
		if (source_fk == NULL)
		{
			target_fk = infer_find_fk(to_target, foreign_key);
			if (target_fk == NULL)
				infer_error_unknown_foreign_key(foreign_key, decl->secondary, decl->source,
												decl->target,
												decl->source == decl->target ? to_source :
												list_concat_copy(to_source, to_target));
		}
	}

	if (source_fk == NULL)
	{
		rest = infer_without(to_source, target_fk);
		if (list_length(rest) > 1)
			infer_error_candidates(infer_describe_fks(rest), decl->secondary, decl->source,
								   "Pass foreign_key => 'constraint_name' to pick the one that leads to the source row.");
		if (rest == NIL)
			infer_error_no_foreign_key(decl, decl->secondary, decl->source);
		source_fk = linitial(rest);
	}
	if (target_fk == NULL)
	{
		rest = infer_without(to_target, source_fk);
		if (list_length(rest) > 1)
			infer_error_candidates(infer_describe_fks(rest), decl->secondary, decl->target,
								   "Pass foreign_key => 'constraint_name' to pick the one that leads to the target rows, or give the join with source_columns, secondary_source_columns, secondary_target_columns and target_columns.");
		if (rest == NIL)
			infer_error_no_foreign_key(decl, decl->secondary, decl->target);
		target_fk = linitial(rest);
	}

	decl->kind = RELNAV_MANY_TO_MANY;
	decl->ncolumns = source_fk->ncolumns;
	for (int i = 0; i < source_fk->ncolumns; i++)
	{
		decl->source_attnums[i] = source_fk->confkey[i];
		decl->secondary_source_attnums[i] = source_fk->conkey[i];
	}
	decl->ntarget_columns = target_fk->ncolumns;
	for (int i = 0; i < target_fk->ncolumns; i++)
	{
		decl->secondary_target_attnums[i] = target_fk->conkey[i];
		decl->target_attnums[i] = target_fk->confkey[i];
	}
}
