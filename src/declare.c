/*
 * declare.c
 *		relnav_declare (shared by rel_declare and rel_reflect) and rel_drop:
 *		validating a declaration and writing it to the catalog.
 *
 * Declarations are serialized by a self-conflicting lock on the catalog
 * table, so two sessions declaring the same name see each other: the second
 * waits and then fails cleanly.  Navigation only reads the catalog and is
 * never blocked by this lock.
 *
 * Lock order: the user tables first (AccessShareLock, in OID order), then
 * the catalog.  An ALTER TABLE holds its table and then, from its event
 * trigger, writes the catalog; taking the catalog first and a table next
 * would let the two wait for each other.  Locks are held to the end of the
 * transaction, as PostgreSQL holds them.
 */
#include "postgres.h"

#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"

#include "store.h"
#include "compat.h"
#include "condition.h"
#include "declare.h"
#include "order.h"
#include "scan.h"
#include "infer.h"
#include "relinfo.h"
#include "sqlgen.h"

/* Error unless the current user owns table relid (42501). */
static void
declare_check_owner(Oid relid)
{
	if (!relnav_table_ownercheck(relid, GetUserId()))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("must be owner of table %s", relnav_display_name(relid)),
				 errdetail("Relationships are declared and dropped by the owner of their source table.")));
}

/*
 * Error unless source can have a primary key (42809): navigation identifies
 * source rows by it, so a relationship from a view, a materialized view or
 * a foreign table could be declared but never walked.  They may be targets.
 */
static void
declare_check_source_kind(const char *name, Oid source)
{
	const char *what;
	const char *instead = "the table that it reads from";

	switch (get_rel_relkind(source))
	{
		case RELKIND_VIEW:
			what = "view";
			break;
		case RELKIND_MATVIEW:
			what = "materialized view";
			break;
		case RELKIND_FOREIGN_TABLE:
			what = "foreign table";
			instead = "a table";
			break;
		default:
			return;
	}
	ereport(ERROR,
			(errcode(ERRCODE_WRONG_OBJECT_TYPE),
			 errmsg("cannot declare relationship \"%s\" on %s \"%s\"",
					name, what, relnav_display_name(source)),
			 errdetail("Navigation identifies the rows of a relationship's source by its primary key, which a %s cannot have.",
					   what),
			 errhint("Declare the relationship on %s; a %s can be the target of a relationship.",
					 instead, what)));
}

/*
 * Error if relid is a temporary table (0A000).  A declaration is a row of a
 * permanent catalog: it would outlive a temporary table (which is dropped
 * without event triggers at the end of its session), and pg_dump would
 * carry it to a restore where the table cannot exist.  PostgreSQL refuses
 * foreign keys between temporary and permanent tables for the same reason.
 */
static void
declare_check_permanent(const char *name, Oid relid)
{
	if (get_rel_persistence(relid) == RELPERSISTENCE_TEMP)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("relationship \"%s\" cannot use temporary table \"%s\"",
						name, relnav_display_name(relid)),
				 errdetail("Declarations are kept in a permanent catalog, which a temporary table would not outlive."),
				 errhint("Declare relationships between permanent tables, and join temporary tables by hand.")));
}

static void
declare_check_not_null(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", argname)));
}

static int
declare_compare_oids(const void *a, const void *b)
{
	Oid			x = *(const Oid *) a;
	Oid			y = *(const Oid *) b;

	return (x > y) - (x < y);
}

void
relnav_lock_tables(int n, const Oid *relids)
{
	Oid		   *sorted = palloc(sizeof(Oid) * Max(n, 1));

	memcpy(sorted, relids, sizeof(Oid) * n);
	qsort(sorted, n, sizeof(Oid), declare_compare_oids);
	for (int i = 0; i < n; i++)
		if (OidIsValid(sorted[i]) && (i == 0 || sorted[i] != sorted[i - 1]))
			LockRelationOid(sorted[i], AccessShareLock);
	pfree(sorted);
}

/* Lock the catalog against other declarations; see the file header. */
static void
declare_lock_catalog(void)
{
	LockRelationOid(relnav_catalog_relid_or_error(), ShareRowExclusiveLock);
}

static void
declare_check_name(Oid source, const char *name)
{
	if (name[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_NAME),
				 errmsg("relationship name must not be empty")));
	if (strlen(name) >= NAMEDATALEN)
		ereport(ERROR,
				(errcode(ERRCODE_NAME_TOO_LONG),
				 errmsg("relationship name \"%s\" is too long", relnav_abbreviate(name)),
				 errdetail("Names are at most %d bytes long, like other SQL identifiers.",
						   NAMEDATALEN - 1)));
	if (relnav_column_attnum(source, name) != InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("relationship name \"%s\" conflicts with a column of table \"%s\"",
						name, relnav_display_name(source)),
				 errdetail("In nested documents a relationship and a column share one key space."),
				 errhint("Choose another name for the relationship.")));
}

/* A column list's names, as attribute numbers of relid. */
static int
declare_columns(List *names, Oid relid, const char *argname,
				AttrNumber *attnums)
{
	ListCell   *lc;

	if (list_length(names) > RELNAV_MAX_COLUMNS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s names more than %d columns", argname, RELNAV_MAX_COLUMNS)));
	foreach(lc, names)
		attnums[foreach_current_index(lc)] =
			relnav_column_attnum_or_error(relid, (const char *) lfirst(lc));
	return list_length(names);
}

static void
declare_check_types(const RelnavDecl *decl, Oid lrel, const AttrNumber *latt,
					Oid rrel, const AttrNumber *ratt, int n)
{
	for (int i = 0; i < n; i++)
	{
		Oid			ltype = relnav_column_type(lrel, latt[i]);
		Oid			rtype = relnav_column_type(rrel, ratt[i]);

		if (!OidIsValid(relnav_equality_operator(ltype, rtype)))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" of table \"%s\" and column \"%s\" of table \"%s\" have types %s and %s, which cannot be compared",
							relnav_column_name(lrel, latt[i]), relnav_display_name(lrel),
							relnav_column_name(rrel, ratt[i]), relnav_display_name(rrel),
							format_type_be(ltype), format_type_be(rtype)),
					 errdetail("Relationship \"%s\" joins them.", decl->name)));
	}
}

static void
declare_error_count_mismatch(const char *left, const char *right)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s and %s must name the same number of columns", left, right)));
}

/* Explicit columns: fill in the join, and the kind when it follows. */
static void
declare_explicit_columns(const RelnavDeclareArgs *args, RelnavDecl *decl,
						 const RelnavKind *kind)
{
	bool		have_secondary_columns = args->secondary_source_columns != NIL ||
		args->secondary_target_columns != NIL;

	if (args->source_columns == NIL || args->target_columns == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("source_columns and target_columns must be given together")));

	decl->ncolumns = declare_columns(args->source_columns, decl->source,
									 "source_columns", decl->source_attnums);
	decl->ntarget_columns = declare_columns(args->target_columns, decl->target,
											"target_columns", decl->target_attnums);

	if (OidIsValid(decl->secondary))
	{
		if (args->secondary_source_columns == NIL || args->secondary_target_columns == NIL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a many_to_many relationship with explicit columns needs secondary_source_columns and secondary_target_columns")));
		if (declare_columns(args->secondary_source_columns, decl->secondary,
							"secondary_source_columns",
							decl->secondary_source_attnums) != decl->ncolumns)
			declare_error_count_mismatch("source_columns", "secondary_source_columns");
		if (declare_columns(args->secondary_target_columns, decl->secondary,
							"secondary_target_columns",
							decl->secondary_target_attnums) != decl->ntarget_columns)
			declare_error_count_mismatch("secondary_target_columns", "target_columns");
		declare_check_types(decl, decl->source, decl->source_attnums,
							decl->secondary, decl->secondary_source_attnums,
							decl->ncolumns);
		declare_check_types(decl, decl->secondary, decl->secondary_target_attnums,
							decl->target, decl->target_attnums,
							decl->ntarget_columns);
		decl->kind = RELNAV_MANY_TO_MANY;
		return;
	}

	if (have_secondary_columns)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("secondary_source_columns and secondary_target_columns need a secondary table")));
	if (decl->ncolumns != decl->ntarget_columns)
		declare_error_count_mismatch("source_columns", "target_columns");
	declare_check_types(decl, decl->source, decl->source_attnums,
						decl->target, decl->target_attnums, decl->ncolumns);

	if (kind != NULL)
		decl->kind = *kind;
	else
	{
		bool		target_unique = relnav_columns_unique(decl->target, decl->ncolumns,
														  decl->target_attnums);
		bool		source_unique = relnav_columns_unique(decl->source, decl->ncolumns,
														  decl->source_attnums);

		if (target_unique && !source_unique)
			decl->kind = RELNAV_MANY_TO_ONE;
		else if (source_unique && !target_unique)
			decl->kind = RELNAV_ONE_TO_MANY;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
					 errmsg("cannot infer the kind of relationship \"%s\" from its columns",
							decl->name),
					 errdetail(target_unique ?
							   "The columns are unique on both sides." :
							   "The columns are unique on neither side."),
					 errhint("Pass kind => 'many_to_one', 'one_to_many' or 'one_to_one'.")));
	}
}

/* Apply uselist (SQLAlchemy's meaning) to the kind. */
static void
declare_apply_uselist(const RelnavDeclareArgs *args, RelnavDecl *decl, bool kind_given)
{
	bool		uselist_given = args->uselist_given;
	bool		uselist = uselist_given && args->uselist;

	switch (decl->kind)
	{
		case RELNAV_MANY_TO_ONE:
			if (uselist_given && uselist)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("relationship \"%s\" is many_to_one, which cannot have uselist => true",
								decl->name),
						 errdetail("The source row holds the foreign key, so it reaches at most one row."),
						 errhint("Declare the other direction to reach a collection.")));
			break;
		case RELNAV_ONE_TO_MANY:
			if (uselist_given && !uselist)
				decl->kind = RELNAV_ONE_TO_ONE;
			else if (!uselist_given && !kind_given &&
					 relnav_columns_unique(decl->target, decl->ntarget_columns,
										   decl->target_attnums))
				decl->kind = RELNAV_ONE_TO_ONE;
			break;
		case RELNAV_ONE_TO_ONE:
			if (uselist_given && uselist)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("kind one_to_one of relationship \"%s\" on table \"%s\" contradicts uselist => true",
								decl->name, relnav_display_name(decl->source)),
						 errhint("Pass kind => 'one_to_many' for a collection, or leave uselist unset.")));
			break;
		case RELNAV_MANY_TO_MANY:
			if (uselist_given && !uselist)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("many_to_many relationship \"%s\" cannot have uselist => false",
								decl->name),
						 errhint("Navigate it with max_rows => 1 where one row is wanted.")));
			break;
	}
}

/*
 * A one_to_one whose referencing columns are not unique in the target is
 * accepted (the data may keep it so), with a NOTICE: navigating it raises
 * 21000 when two rows match.
 */
static void
declare_notice_not_unique(const RelnavDecl *decl)
{
	StringInfoData columns;

	if (decl->kind != RELNAV_ONE_TO_ONE ||
		relnav_columns_unique(decl->target, decl->ntarget_columns, decl->target_attnums))
		return;
	initStringInfo(&columns);
	for (int i = 0; i < decl->ntarget_columns; i++)
		appendStringInfo(&columns, "%s\"%s\"", i > 0 ? ", " : "",
						 relnav_column_name(decl->target, decl->target_attnums[i]));
	ereport(NOTICE,
			(errmsg("relationship \"%s\" on table \"%s\" is one_to_one, but its columns are not unique in table \"%s\"",
					decl->name, relnav_display_name(decl->source),
					relnav_display_name(decl->target)),
			 errdetail("Navigating it raises an error (SQLSTATE 21000) when more than one row matches."),
			 errhint("Add a unique constraint on %s %s of table \"%s\" to guarantee at most one row.",
					 decl->ntarget_columns == 1 ? "column" : "columns", columns.data,
					 relnav_display_name(decl->target))));
}

/* order_by orders collections only (22023). */
static void
declare_check_order_by(const RelnavDecl *decl, const char *order_by)
{
	if (order_by != NULL && relnav_kind_is_scalar(decl->kind))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("order_by has no effect on relationship \"%s\" on table \"%s\"",
						decl->name, relnav_display_name(decl->source)),
				 errdetail("It is %s, so it reaches at most one row.",
						   relnav_kind_name(decl->kind)),
				 errhint("Leave order_by out: it orders the rows of one_to_many and many_to_many relationships.")));
}

static bool
declare_inverse_kinds(RelnavKind a, RelnavKind b)
{
	if (a == RELNAV_MANY_TO_MANY || b == RELNAV_MANY_TO_MANY)
		return a == b;
	return (a == RELNAV_MANY_TO_ONE) != (b == RELNAV_MANY_TO_ONE);
}

/* Is b exactly the other direction of a? */
static bool
declare_is_inverse(const RelnavDecl *a, const RelnavDecl *b)
{
	if (a->source != b->target || a->target != b->source ||
		a->secondary != b->secondary || !declare_inverse_kinds(a->kind, b->kind))
		return false;
	if (a->kind != RELNAV_MANY_TO_MANY)
		return relnav_same_column_pairs(a->ncolumns, a->source_attnums, a->target_attnums,
								  b->ncolumns, b->target_attnums, b->source_attnums);
	return relnav_same_column_pairs(a->ncolumns, a->source_attnums, a->secondary_source_attnums,
							  b->ntarget_columns, b->target_attnums, b->secondary_target_attnums) &&
		relnav_same_column_pairs(a->ntarget_columns, a->target_attnums, a->secondary_target_attnums,
						   b->ncolumns, b->source_attnums, b->secondary_source_attnums);
}

/*
 * back_populates: when both sides exist they must be exact inverses naming
 * each other, whichever was declared first.
 */
static void
declare_check_mirror(const RelnavDecl *decl)
{
	Oid			argtypes[3] = {OIDOID, OIDOID, TEXTOID};
	Datum		values[3];
	int			rc;

	if (decl->back_populates != NULL)
	{
		RelnavDecl *mirror = relnav_decl_read(decl->target, decl->back_populates);

		if (mirror != NULL)
		{
			if (mirror->back_populates == NULL ||
				strcmp(mirror->back_populates, decl->name) != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
						 errmsg("relationship \"%s\" on table \"%s\" does not name \"%s\" as its back_populates",
								mirror->name, relnav_display_name(mirror->source), decl->name),
						 mirror->back_populates == NULL ?
						 errdetail("It was declared without back_populates, so it is not the inverse of anything.") :
						 errdetail("It names \"%s\" instead.", mirror->back_populates),
						 errhint("Drop \"%s\" and declare it again with back_populates => '%s'.",
								 mirror->name, decl->name)));
			if (!declare_is_inverse(decl, mirror) ||
				(decl->condition == NULL) != (mirror->condition == NULL) ||
				(decl->condition != NULL &&
				 strcmp(decl->condition, mirror->condition) != 0))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
						 errmsg("relationship \"%s\" on table \"%s\" is not the inverse of relationship \"%s\" on table \"%s\"",
								decl->name, relnav_display_name(decl->source),
								mirror->name, relnav_display_name(mirror->source)),
						 errdetail("\"%s\" is %s; back_populates pairs must join the same columns in opposite directions through the same secondary table, under the same condition.",
								   mirror->name, relnav_kind_name(mirror->kind)),
						 errhint("Declare both sides from the same foreign key, or drop back_populates.")));
		}
	}

	/* a declaration on the target that already names this one */
	values[0] = ObjectIdGetDatum(decl->target);
	values[1] = ObjectIdGetDatum(decl->source);
	values[2] = CStringGetTextDatum(decl->name);
	rc = relnav_spi_execute("SELECT name FROM _relnav.relationships"
							   " WHERE source OPERATOR(pg_catalog.=) $1::pg_catalog.regclass"
							   " AND target OPERATOR(pg_catalog.=) $2::pg_catalog.regclass"
							   " AND back_populates OPERATOR(pg_catalog.=) $3"
							   " ORDER BY name COLLATE \"C\"",
							   3, argtypes, values, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read relnav catalog: %s", SPI_result_code_string(rc));
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		char	   *other = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

		if (decl->back_populates == NULL || strcmp(other, decl->back_populates) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
					 errmsg("relationship \"%s\" on table \"%s\" names \"%s\" as its back_populates",
							other, relnav_display_name(decl->target), decl->name),
					 errdetail("Both sides of a back_populates pair name each other."),
					 errhint("Declare \"%s\" with back_populates => '%s'.",
							 decl->name, other)));
	}
}

static Datum
declare_name_array(Oid relid, int n, const AttrNumber *attnums)
{
	Datum	   *names = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
	{
		Name		name = palloc0(NAMEDATALEN);

		namestrcpy(name, relnav_column_name(relid, attnums[i]));
		names[i] = NameGetDatum(name);
	}
	return PointerGetDatum(construct_array(names, n, NAMEOID, NAMEDATALEN,
										   false, TYPALIGN_CHAR));
}

static void
declare_insert(const RelnavDecl *decl, const char *condition)
{
	Oid			argtypes[14] = {OIDOID, TEXTOID, OIDOID, TEXTOID, OIDOID, TEXTOID,
		NAMEARRAYOID, NAMEARRAYOID, NAMEARRAYOID, NAMEARRAYOID, NAMEARRAYOID,
	INT2ARRAYOID, BOOLOID, TEXTOID};
	Datum		values[14];
	char		nulls[14];
	bool		m2m = (decl->kind == RELNAV_MANY_TO_MANY);
	bool		ordered = (decl->order.nitems > 0);

	memset(nulls, ' ', sizeof(nulls));
	values[0] = ObjectIdGetDatum(decl->source);
	values[1] = CStringGetTextDatum(decl->name);
	values[2] = ObjectIdGetDatum(decl->target);
	values[3] = CStringGetTextDatum(relnav_kind_name(decl->kind));
	values[4] = ObjectIdGetDatum(decl->secondary);
	nulls[4] = m2m ? ' ' : 'n';
	if (decl->back_populates != NULL)
		values[5] = CStringGetTextDatum(decl->back_populates);
	else
		nulls[5] = 'n';
	values[6] = declare_name_array(decl->source, decl->ncolumns, decl->source_attnums);
	values[7] = declare_name_array(decl->target, decl->ntarget_columns, decl->target_attnums);
	if (m2m)
	{
		values[8] = declare_name_array(decl->secondary, decl->ncolumns,
									   decl->secondary_source_attnums);
		values[9] = declare_name_array(decl->secondary, decl->ntarget_columns,
									   decl->secondary_target_attnums);
	}
	else
		nulls[8] = nulls[9] = 'n';
	if (ordered)
	{
		Datum	   *flags = palloc(sizeof(Datum) * decl->order.nitems);

		values[10] = declare_name_array(decl->target, decl->order.nitems,
										decl->order.attnums);
		for (int i = 0; i < decl->order.nitems; i++)
			flags[i] = Int16GetDatum(decl->order.flags[i]);
		values[11] = PointerGetDatum(construct_array(flags, decl->order.nitems, INT2OID,
													 sizeof(int16), true, TYPALIGN_SHORT));
	}
	else
		nulls[10] = nulls[11] = 'n';

	values[12] = BoolGetDatum(decl->viewonly);
	values[13] = condition != NULL ? CStringGetTextDatum(condition) : (Datum) 0;
	nulls[13] = condition != NULL ? ' ' : 'n';

	/*
	 * viewonly and condition are named only when set: a catalog not yet
	 * updated to 0.3.0 lacks the columns, and its rel_declare cannot set
	 * them.  The catalog's trigger derives the condition's template from
	 * its text, as on a restore.
	 */
	relnav_catalog_exec(psprintf("INSERT INTO _relnav.relationships"
								 " (source, name, target, kind, secondary, back_populates,"
								 " source_columns, target_columns,"
								 " secondary_source_columns, secondary_target_columns,"
								 " order_columns, order_flags%s%s)"
								 " VALUES ($1::pg_catalog.regclass, $2, $3::pg_catalog.regclass, $4,"
								 " $5::pg_catalog.regclass, $6, $7, $8, $9, $10, $11, $12%s%s)",
								 decl->viewonly ? ", viewonly" : "",
								 condition != NULL ? ", condition" : "",
								 decl->viewonly ? ", $13" : "",
								 condition != NULL ? ", $14" : ""),
						condition != NULL ? 14 : decl->viewonly ? 13 : 12,
						argtypes, values, nulls, SPI_OK_INSERT);
}

/* The kind named by the kind argument. */
static RelnavKind
declare_kind(const char *kind_name)
{
	RelnavKind	kind;

	if (!relnav_kind_from_name(kind_name, &kind))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid relationship kind \"%s\"", relnav_abbreviate(kind_name)),
				 errhint("Valid kinds are many_to_one, one_to_many, one_to_one and many_to_many.")));
	return kind;
}

void
relnav_declare(const RelnavDeclareArgs *args)
{
	RelnavDecl *decl = palloc0(sizeof(RelnavDecl));
	RelnavKind	kind = RELNAV_MANY_TO_ONE;
	bool		kind_given = (args->kind != NULL);
	const char *foreign_key = args->foreign_key;
	bool		explicit_columns;

	decl->source = args->source;
	decl->name = pstrdup(args->name);
	decl->target = args->target;
	decl->secondary = args->secondary;
	decl->back_populates = args->back_populates ? pstrdup(args->back_populates) : NULL;
	decl->viewonly = args->viewonly;

	{
		Oid			tables[3] = {decl->source, decl->target, decl->secondary};

		/* before any check: a table dropped meanwhile is then seen gone */
		relnav_lock_tables(lengthof(tables), tables);
	}
	relnav_check_relation(decl->source);
	relnav_check_relation(decl->target);
	if (OidIsValid(decl->secondary))
		relnav_check_relation(decl->secondary);
	declare_check_owner(decl->source);
	declare_check_source_kind(args->name, decl->source);
	declare_check_name(decl->source, decl->name);
	declare_check_permanent(decl->name, decl->source);
	declare_check_permanent(decl->name, decl->target);
	if (OidIsValid(decl->secondary))
		declare_check_permanent(decl->name, decl->secondary);
	if (decl->back_populates != NULL)
	{
		if (decl->source == decl->target && strcmp(decl->back_populates, decl->name) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
					 errmsg("relationship \"%s\" cannot be its own back_populates", decl->name),
					 errdetail("A back_populates pair joins the same columns in opposite directions, so it takes two relationships."),
					 errhint("Declare the other direction under another name.")));
		if (decl->back_populates[0] == '\0' || strlen(decl->back_populates) >= NAMEDATALEN)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_NAME),
					 errmsg("back_populates \"%s\" is not a valid relationship name",
							relnav_abbreviate(decl->back_populates))));
	}

	if (kind_given)
		kind = declare_kind(args->kind);
	/* the kind and the secondary table must agree, however the join is given */
	if (kind_given && kind == RELNAV_MANY_TO_MANY && !OidIsValid(decl->secondary))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a many_to_many relationship needs a secondary table"),
				 errhint("Pass secondary => 'association_table'.")));
	if (kind_given && kind != RELNAV_MANY_TO_MANY && OidIsValid(decl->secondary))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a relationship through a secondary table is many_to_many, not %s",
						relnav_kind_name(kind))));

	explicit_columns = args->source_columns != NIL || args->target_columns != NIL ||
		args->secondary_source_columns != NIL || args->secondary_target_columns != NIL;
	if (explicit_columns && foreign_key != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("foreign_key cannot be combined with explicit columns"),
				 errhint("Give either a constraint name or the join columns.")));

	relnav_spi_connect();
	declare_lock_catalog();
	/*
	 * The latest snapshot, as PostgreSQL reads its own catalogs: it sees the
	 * declarations and foreign keys committed while we waited for the locks,
	 * even in a REPEATABLE READ transaction.
	 */
	PushActiveSnapshot(GetLatestSnapshot());

	if (relnav_decl_read(decl->source, decl->name) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("relationship \"%s\" already exists on table \"%s\"",
						decl->name, relnav_display_name(decl->source)),
				 errhint("Drop it with rel_drop first, or choose another name.")));

	if (explicit_columns)
		declare_explicit_columns(args, decl, kind_given ? &kind : NULL);
	else if (OidIsValid(decl->secondary))
		relnav_infer_secondary(decl, foreign_key);
	else
		relnav_infer_direct(decl, foreign_key, kind_given ? &kind : NULL);

	if (kind_given && kind == RELNAV_ONE_TO_ONE && decl->kind == RELNAV_ONE_TO_MANY)
		decl->kind = RELNAV_ONE_TO_ONE;
	declare_apply_uselist(args, decl, kind_given);

	declare_check_order_by(decl, args->order_by);
	declare_notice_not_unique(decl);
	if (args->order_by != NULL)
		relnav_parse_order_by(args->order_by, decl->target, &decl->order);
	if (args->condition != NULL)
	{
		int16	   *attnums;
		int			n;

		decl->condition = relnav_condition_compile(args->condition,
												   relnav_condition_holder(decl),
												   &attnums, &n);
	}

	declare_check_mirror(decl);
	declare_insert(decl, args->condition);

	PopActiveSnapshot();
	SPI_finish();
}

/*
 * A text[] argument of column names as a list of C strings; NIL when the
 * argument is NULL.  The list is never empty otherwise.
 */
static List *
declare_text_array(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	ArrayType  *array;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	List	   *result = NIL;

	if (PG_ARGISNULL(argno))
		return NIL;
	array = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(array) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", argname)));
	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must name at least one column", argname)));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain nulls", argname)));
		result = lappend(result, TextDatumGetCString(elems[i]));
	}
	return result;
}

static const char *
declare_text_arg(FunctionCallInfo fcinfo, int argno)
{
	return PG_ARGISNULL(argno) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(argno));
}

/*
 * rel_declare(source regclass, name text, target regclass, secondary regclass,
 *			   back_populates text, uselist boolean, foreign_key text,
 *			   kind text, source_columns text[], target_columns text[],
 *			   secondary_source_columns text[], secondary_target_columns text[],
 *			   order_by text, viewonly boolean) RETURNS void
 *
 * Before 0.3.0 the SQL function ends at order_by: the arguments it lacks
 * take their defaults.
 */
PG_FUNCTION_INFO_V1(rel_declare);
Datum
rel_declare(PG_FUNCTION_ARGS)
{
	RelnavDeclareArgs args;

	declare_check_not_null(fcinfo, 0, "source");
	declare_check_not_null(fcinfo, 1, "name");
	declare_check_not_null(fcinfo, 2, "target");

	memset(&args, 0, sizeof(args));
	args.source = PG_GETARG_OID(0);
	args.name = text_to_cstring(PG_GETARG_TEXT_PP(1));
	args.target = PG_GETARG_OID(2);
	args.secondary = PG_ARGISNULL(3) ? InvalidOid : PG_GETARG_OID(3);
	/* secondary => 0 names no table: the error of any OID that names none */
	if (!PG_ARGISNULL(3) && !OidIsValid(args.secondary))
		relnav_check_relation(args.secondary);
	args.back_populates = declare_text_arg(fcinfo, 4);
	args.uselist_given = !PG_ARGISNULL(5);
	args.uselist = args.uselist_given && PG_GETARG_BOOL(5);
	args.foreign_key = declare_text_arg(fcinfo, 6);
	args.kind = declare_text_arg(fcinfo, 7);
	args.source_columns = declare_text_array(fcinfo, 8, "source_columns");
	args.target_columns = declare_text_array(fcinfo, 9, "target_columns");
	args.secondary_source_columns = declare_text_array(fcinfo, 10, "secondary_source_columns");
	args.secondary_target_columns = declare_text_array(fcinfo, 11, "secondary_target_columns");
	args.order_by = declare_text_arg(fcinfo, 12);
	/* 0.3.0 grew the signature: condition, then viewonly */
	args.condition = PG_NARGS() > 14 ? declare_text_arg(fcinfo, 13) : NULL;
	args.viewonly = PG_NARGS() > 14 && !PG_ARGISNULL(14) && PG_GETARG_BOOL(14);

	relnav_declare(&args);
	PG_RETURN_VOID();
}

List *
relnav_declarations(void)
{
	List	   *result = NIL;
	int			rc;
	uint64		n;
	Oid		   *sources;
	char	  **names;

	rc = relnav_spi_execute("SELECT source::pg_catalog.oid, name FROM _relnav.relationships",
							0, NULL, NULL, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read relnav catalog: %s", SPI_result_code_string(rc));
	n = SPI_processed;
	sources = palloc(sizeof(Oid) * Max(n, 1));
	names = palloc(sizeof(char *) * Max(n, 1));
	for (uint64 i = 0; i < n; i++)
	{
		bool		isnull;

		sources[i] = DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[i],
													SPI_tuptable->tupdesc, 1, &isnull));
		names[i] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
	}
	/* each with the latest snapshot: a concurrent drop may have won */
	for (uint64 i = 0; i < n; i++)
	{
		RelnavDecl *decl = relnav_decl_read(sources[i], names[i]);

		if (decl != NULL)
			result = lappend(result, decl);
	}
	return result;
}

/* rel_drop(source regclass, name text, if_exists boolean) RETURNS void */
PG_FUNCTION_INFO_V1(rel_drop);
Datum
rel_drop(PG_FUNCTION_ARGS)
{
	Oid			argtypes[2] = {OIDOID, TEXTOID};
	Datum		values[2];
	Oid			source;
	char	   *name;
	bool		if_exists = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);
	RelnavDecl *decl;

	declare_check_not_null(fcinfo, 0, "source");
	declare_check_not_null(fcinfo, 1, "name");
	source = PG_GETARG_OID(0);
	name = text_to_cstring(PG_GETARG_TEXT_PP(1));
	relnav_check_relation(source);
	declare_check_owner(source);

	relnav_spi_connect();
	/* the declaration's tables, then the catalog: see the file header */
	decl = relnav_decl_read(source, name);
	{
		Oid			tables[3] = {source,
			decl ? decl->target : InvalidOid,
		decl ? decl->secondary : InvalidOid};

		relnav_lock_tables(lengthof(tables), tables);
	}
	declare_lock_catalog();

	values[0] = ObjectIdGetDatum(source);
	values[1] = CStringGetTextDatum(name);
	if (relnav_catalog_exec("DELETE FROM _relnav.relationships"
							" WHERE source OPERATOR(pg_catalog.=) $1::pg_catalog.regclass"
							" AND name OPERATOR(pg_catalog.=) $2",
							2, argtypes, values, NULL, SPI_OK_DELETE) == 0)
	{
		if (!if_exists)
			relnav_error_undeclared(source, name);
		ereport(NOTICE,
				(errmsg("relationship \"%s\" does not exist on table \"%s\", skipping",
						relnav_abbreviate(name), relnav_display_name(source))));
	}
	SPI_finish();
	PG_RETURN_VOID();
}
