/*
 * reflect.c
 *		rel_reflect: declaring the relationships that a schema's foreign keys
 *		imply, the way SQLAlchemy's automap does, under names of the contract.
 *
 * The schema's foreign keys are the constraints of its tables (partition
 * copies excluded).  Each gives a pair of relationships, each naming the
 * other with back_populates:
 *	 many_to_one on the referencing table, named after its single foreign-key
 *	   column without a trailing "_id" (user_id -> user), else after the
 *	   referenced table;
 *	 one_to_many on the referenced table, one_to_one when the foreign-key
 *	   columns are unique, named after the referencing table.
 * A junction table (two foreign keys whose columns together are its
 * primary key, or a unique constraint or index: see reflect_find_junctions)
 * gives instead a many_to_many on each referenced table, named after the
 * other one.  When the junction holds a payload (a column in neither key
 * nor its primary key, such as a membership's role), the pairs of both its
 * foreign keys are declared too, so that the payload can be reached.
 *
 * Names: a relationship whose join is declared already (under any name) is
 * left alone.  A name taken on its table (by a relationship, a column, or a
 * back_populates that waits for a different mirror), or wanted by two new
 * relationships of one table, becomes "<name>_by_<foreign-key columns>" for
 * every one of them, so that none of the two looks like the only one
 * (appointments_by_user_id, appointments_by_doctor_id).  When a hand-made
 * mirror already waits with back_populates for a name, that name is used.
 *
 * Declarations go through relnav_declare, as rel_declare's do, so they are
 * validated and written exactly like the user's own.  Tables the caller does not own are
 * skipped with a NOTICE.  Every table the foreign keys join is locked
 * first, then the catalog with the lock rel_declare takes, for the whole
 * call, so that what it reads stays true while it declares.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "store.h"
#include "compat.h"
#include "declare.h"
#include "infer.h"
#include "relinfo.h"

typedef struct ReflectFk
{
	char	   *name;
	Oid			conrelid;		/* the referencing table */
	Oid			confrelid;		/* the referenced table */
	int			ncolumns;
	AttrNumber	conkey[RELNAV_MAX_COLUMNS];
	AttrNumber	confkey[RELNAV_MAX_COLUMNS];
	struct ReflectFk *partner;	/* the junction's other key, or NULL */
	bool		done;			/* its relationships are candidates */
} ReflectFk;

/* A relationship the foreign keys imply. */
typedef struct ReflectCand
{
	RelnavDecl	decl;			/* source, target, kind and join */
	const ReflectFk *fk;		/* its foreign key (many_to_many: source side) */
	struct ReflectCand *mirror;
	char	   *base;			/* the name by the rules */
	char	   *suffixed;		/* the same with the key columns appended */
	char	   *name;			/* the name chosen; NULL: not declared */
	const RelnavDecl *existing; /* a declaration with this join, if any */
	bool		owned;
	bool		fixed;			/* name chosen by the mirror's back_populates */
	bool		duplicate;		/* another candidate has the same join */
	bool		clash;			/* even the suffixed name is taken */
} ReflectCand;

typedef struct ReflectState
{
	List	   *fks;			/* ReflectFk */
	List	   *cands;			/* ReflectCand, in declaration order */
	List	   *decls;			/* every existing RelnavDecl */
} ReflectState;

/* A name clipped to an identifier's length, as PostgreSQL clips names. */
static char *
reflect_clip(char *name)
{
	int			len = strlen(name);

	if (len >= NAMEDATALEN)
		name[pg_mbcliplen(name, len, NAMEDATALEN - 1)] = '\0';
	return name;
}

/* "<base>_by_<col>_<col>" */
static char *
reflect_suffixed(const char *base, Oid relid, int n, const AttrNumber *attnums)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s_by", base);
	for (int i = 0; i < n; i++)
		appendStringInfo(&buf, "_%s", relnav_column_name(relid, attnums[i]));
	return reflect_clip(buf.data);
}

/* The schema's foreign keys, by table name and constraint name. */
static List *
reflect_read_foreign_keys(Oid nspid)
{
	List	   *fks = NIL;
	ListCell   *lc;

	/* the latest snapshot: what committed while we waited for locks */
	PushActiveSnapshot(GetLatestSnapshot());
	foreach(lc, relnav_foreign_keys(InvalidOid, InvalidOid, nspid))
	{
		RelnavForeignKey *read = lfirst(lc);
		ReflectFk  *fk;

		/* a table dropped after the read (not yet locked): skip its keys */
		if (get_rel_relkind(read->conrelid) == '\0' ||
			get_rel_relkind(read->confrelid) == '\0')
			continue;
		fk = palloc0(sizeof(ReflectFk));
		fk->name = read->name;
		fk->conrelid = read->conrelid;
		fk->confrelid = read->confrelid;
		fk->ncolumns = read->ncolumns;
		memcpy(fk->conkey, read->conkey, sizeof(fk->conkey));
		memcpy(fk->confkey, read->confkey, sizeof(fk->confkey));
		fks = lappend(fks, fk);
	}
	PopActiveSnapshot();
	return fks;
}

/*
 * Read the schema's foreign keys and lock every table they join, in OID
 * order, before the catalog (the lock order of declare.c); read them again
 * after each round of locks, until no new table turns up.  What is read
 * last holds only tables locked against DROP.
 */
static void
reflect_lock_foreign_keys(ReflectState *state, Oid nspid)
{
	List	   *locked = NIL;

	for (;;)
	{
		Oid		   *wanted;
		int			nwanted = 0;
		ListCell   *lc;

		state->fks = reflect_read_foreign_keys(nspid);
		wanted = palloc(sizeof(Oid) * (2 * list_length(state->fks) + 1));
		foreach(lc, state->fks)
		{
			ReflectFk  *fk = lfirst(lc);

			if (!list_member_oid(locked, fk->conrelid))
				wanted[nwanted++] = fk->conrelid;
			if (!list_member_oid(locked, fk->confrelid))
				wanted[nwanted++] = fk->confrelid;
		}
		if (nwanted == 0)
			break;
		relnav_lock_tables(nwanted, wanted);
		for (int i = 0; i < nwanted; i++)
			locked = list_append_unique_oid(locked, wanted[i]);
	}
}

static bool
reflect_has_column(int n, const AttrNumber *attnums, AttrNumber attnum)
{
	for (int i = 0; i < n; i++)
		if (attnums[i] == attnum)
			return true;
	return false;
}

/*
 * Mark junction tables: two foreign keys of one table that share no column
 * and whose columns together are unique there, as its primary key or a
 * unique constraint or index (a surrogate id beside UNIQUE (a_id, b_id), as
 * Django and Rails make; no primary key at all, as Prisma makes).  A table
 * where several pairs would do is no junction.
 */
static void
reflect_find_junctions(ReflectState *state)
{
	ListCell   *lc1;

	foreach(lc1, state->fks)
	{
		ReflectFk  *a = lfirst(lc1);
		ReflectFk  *found = NULL;
		int			nfound = 0;
		ListCell   *lc2;

		if (a->partner != NULL)
			continue;
		foreach(lc2, state->fks)
		{
			ReflectFk  *b = lfirst(lc2);
			AttrNumber	pair[RELNAV_MAX_COLUMNS];
			bool		fits = (b != a && b->conrelid == a->conrelid &&
								a->ncolumns + b->ncolumns <= RELNAV_MAX_COLUMNS);

			for (int i = 0; fits && i < a->ncolumns; i++)
				fits = !reflect_has_column(b->ncolumns, b->conkey, a->conkey[i]);
			if (!fits)
				continue;
			memcpy(pair, a->conkey, sizeof(AttrNumber) * a->ncolumns);
			memcpy(pair + a->ncolumns, b->conkey, sizeof(AttrNumber) * b->ncolumns);
			if (relnav_columns_unique(a->conrelid, a->ncolumns + b->ncolumns, pair))
			{
				found = b;
				nfound++;
			}
		}
		if (nfound == 1 && found->partner == NULL)
		{
			a->partner = found;
			found->partner = a;
		}
	}
}

/*
 * Does the junction of a and b hold a payload: a live column in neither
 * key nor in its primary key (a surrogate id is no payload)?
 */
static bool
reflect_has_payload(const ReflectFk *a, const ReflectFk *b)
{
	Oid			relid = a->conrelid;
	AttrNumber	pk[RELNAV_MAX_COLUMNS];
	int			npk = 0;

	if (!relnav_primary_key(relid, &npk, pk))
		npk = 0;
	for (AttrNumber attnum = 1;; attnum++)
	{
		HeapTuple	tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid),
											Int16GetDatum(attnum));
		bool		live;

		if (!HeapTupleIsValid(tuple))
			return false;
		live = !((Form_pg_attribute) GETSTRUCT(tuple))->attisdropped;
		ReleaseSysCache(tuple);
		if (live && !reflect_has_column(a->ncolumns, a->conkey, attnum) &&
			!reflect_has_column(b->ncolumns, b->conkey, attnum) &&
			!reflect_has_column(npk, pk, attnum))
			return true;
	}
}

static ReflectCand *
reflect_add(ReflectState *state, const ReflectFk *fk, Oid source, Oid target,
			RelnavKind kind)
{
	ReflectCand *cand = palloc0(sizeof(ReflectCand));

	cand->fk = fk;
	cand->decl.source = source;
	cand->decl.target = target;
	cand->decl.kind = kind;
	state->cands = lappend(state->cands, cand);
	return cand;
}

/* Both directions of one foreign key. */
static void
reflect_add_direct(ReflectState *state, const ReflectFk *fk)
{
	bool		unique = relnav_columns_unique(fk->conrelid, fk->ncolumns, fk->conkey);
	ReflectCand *m2o = reflect_add(state, fk, fk->conrelid, fk->confrelid,
								   RELNAV_MANY_TO_ONE);
	ReflectCand *o2m = reflect_add(state, fk, fk->confrelid, fk->conrelid,
								   unique ? RELNAV_ONE_TO_ONE : RELNAV_ONE_TO_MANY);
	const char *column = relnav_column_name(fk->conrelid, fk->conkey[0]);
	size_t		len = strlen(column);

	m2o->decl.ncolumns = m2o->decl.ntarget_columns = fk->ncolumns;
	o2m->decl.ncolumns = o2m->decl.ntarget_columns = fk->ncolumns;
	for (int i = 0; i < fk->ncolumns; i++)
	{
		m2o->decl.source_attnums[i] = o2m->decl.target_attnums[i] = fk->conkey[i];
		m2o->decl.target_attnums[i] = o2m->decl.source_attnums[i] = fk->confkey[i];
	}

	if (fk->ncolumns == 1 && len > 3 && strcmp(column + len - 3, "_id") == 0)
		m2o->base = pnstrdup(column, len - 3);
	else
		m2o->base = pstrdup(get_rel_name(fk->confrelid));
	o2m->base = reflect_clip(pstrdup(get_rel_name(fk->conrelid)));
	m2o->suffixed = reflect_suffixed(m2o->base, fk->conrelid, fk->ncolumns, fk->conkey);
	o2m->suffixed = reflect_suffixed(o2m->base, fk->conrelid, fk->ncolumns, fk->conkey);
	m2o->mirror = o2m;
	o2m->mirror = m2o;
}

/* One direction of a junction: from a's referenced table to b's. */
static ReflectCand *
reflect_add_secondary(ReflectState *state, const ReflectFk *a, const ReflectFk *b)
{
	ReflectCand *cand = reflect_add(state, a, a->confrelid, b->confrelid,
									RELNAV_MANY_TO_MANY);

	cand->decl.secondary = a->conrelid;
	cand->decl.ncolumns = a->ncolumns;
	for (int i = 0; i < a->ncolumns; i++)
	{
		cand->decl.source_attnums[i] = a->confkey[i];
		cand->decl.secondary_source_attnums[i] = a->conkey[i];
	}
	cand->decl.ntarget_columns = b->ncolumns;
	for (int i = 0; i < b->ncolumns; i++)
	{
		cand->decl.secondary_target_attnums[i] = b->conkey[i];
		cand->decl.target_attnums[i] = b->confkey[i];
	}
	cand->base = reflect_clip(pstrdup(get_rel_name(b->confrelid)));
	cand->suffixed = reflect_suffixed(cand->base, b->conrelid, b->ncolumns, b->conkey);
	return cand;
}

/* Same source, target and join in the same direction (kind aside)? */
static bool
reflect_same_join(const RelnavDecl *a, const RelnavDecl *b)
{
	if (a->source != b->source || a->target != b->target ||
		a->secondary != b->secondary ||
		(a->kind == RELNAV_MANY_TO_ONE) != (b->kind == RELNAV_MANY_TO_ONE) ||
		(a->kind == RELNAV_MANY_TO_MANY) != (b->kind == RELNAV_MANY_TO_MANY))
		return false;
	if (a->kind != RELNAV_MANY_TO_MANY)
		return relnav_same_column_pairs(a->ncolumns, a->source_attnums, a->target_attnums,
								  b->ncolumns, b->source_attnums, b->target_attnums);
	return relnav_same_column_pairs(a->ncolumns, a->source_attnums, a->secondary_source_attnums,
							  b->ncolumns, b->source_attnums, b->secondary_source_attnums) &&
		relnav_same_column_pairs(a->ntarget_columns, a->target_attnums, a->secondary_target_attnums,
						   b->ntarget_columns, b->target_attnums, b->secondary_target_attnums);
}

/*
 * Is name unavailable for a new relationship of cand's source?  Taken by a
 * declaration or a column, or awaited as back_populates by a declaration
 * other than cand's own mirror.
 */
static bool
reflect_name_taken(ReflectState *state, const ReflectCand *cand, const char *name)
{
	ListCell   *lc;

	if (relnav_column_attnum(cand->decl.source, name) != InvalidAttrNumber)
		return true;
	foreach(lc, state->decls)
	{
		const RelnavDecl *decl = lfirst(lc);

		if (decl->source == cand->decl.source && strcmp(decl->name, name) == 0)
			return true;
		if (decl->target == cand->decl.source && decl->back_populates != NULL &&
			strcmp(decl->back_populates, name) == 0 &&
			(cand->mirror == NULL || decl != cand->mirror->existing))
			return true;
	}
	return false;
}

/* Does another new candidate on cand's source want or hold name? */
static bool
reflect_name_wanted(ReflectState *state, const ReflectCand *cand, const char *name,
					bool chosen)
{
	ListCell   *lc;

	foreach(lc, state->cands)
	{
		const ReflectCand *other = lfirst(lc);

		if (other == cand || other->existing != NULL || other->duplicate ||
			other->decl.source != cand->decl.source)
			continue;
		if (chosen ? (other->name != NULL && strcmp(other->name, name) == 0) :
			(other->fixed ? strcmp(other->name, name) == 0 :
			 strcmp(other->base, name) == 0))
			return true;
	}
	return false;
}

/* Choose the name of every candidate not declared yet; see the file header. */
static void
reflect_choose_names(ReflectState *state)
{
	ListCell   *lc;

	/* a hand-made mirror that waits for a name gets it, when it is free */
	foreach(lc, state->cands)
	{
		ReflectCand *cand = lfirst(lc);
		const RelnavDecl *mirror = cand->mirror ? cand->mirror->existing : NULL;

		if (cand->existing == NULL && !cand->duplicate && mirror != NULL &&
			mirror->back_populates != NULL &&
			!reflect_name_taken(state, cand, mirror->back_populates))
		{
			cand->name = pstrdup(mirror->back_populates);
			cand->fixed = true;
		}
	}
	foreach(lc, state->cands)
	{
		ReflectCand *cand = lfirst(lc);

		if (cand->existing != NULL || cand->duplicate || cand->fixed)
			continue;
		if (reflect_name_taken(state, cand, cand->base) ||
			reflect_name_wanted(state, cand, cand->base, false))
			cand->name = cand->suffixed;
		else
			cand->name = cand->base;
	}
	/*
	 * A suffixed name can still meet another name: then it is not declared.
	 * Decide for all first, so that two such candidates are treated alike.
	 */
	foreach(lc, state->cands)
	{
		ReflectCand *cand = lfirst(lc);

		cand->clash = (cand->name != NULL && cand->name == cand->suffixed &&
					   (reflect_name_taken(state, cand, cand->name) ||
						reflect_name_wanted(state, cand, cand->name, true)));
	}
	foreach(lc, state->cands)
	{
		ReflectCand *cand = lfirst(lc);

		if (cand->clash)
		{
			ereport(NOTICE,
					(errmsg("skipping a relationship from table \"%s\" to table \"%s\"",
							relnav_display_name(cand->decl.source),
							relnav_display_name(cand->decl.target)),
					 errdetail("Foreign key \"%s\" implies it, but names \"%s\" and \"%s\" are both taken on table \"%s\".",
							   cand->fk->name, cand->base, cand->suffixed,
							   relnav_display_name(cand->decl.source)),
					 errhint("Declare it with rel_declare under a name of your choice.")));
			cand->name = NULL;
		}
	}
}

/* Column names of relid, as a list of C strings. */
static List *
reflect_column_names(Oid relid, int n, const AttrNumber *attnums)
{
	List	   *names = NIL;

	for (int i = 0; i < n; i++)
		names = lappend(names, relnav_column_name(relid, attnums[i]));
	return names;
}

/*
 * Declare cand as a user would: the foreign key and the kind for a direct
 * relationship, the columns for a many_to_many (the junction may hold more
 * keys to the same tables than the two it joins by).
 */
static void
reflect_declare(const ReflectCand *cand, const char *back_populates)
{
	const RelnavDecl *decl = &cand->decl;
	RelnavDeclareArgs args;

	memset(&args, 0, sizeof(args));
	args.source = decl->source;
	args.name = cand->name;
	args.target = decl->target;
	args.back_populates = back_populates;
	if (decl->kind == RELNAV_MANY_TO_MANY)
	{
		args.secondary = decl->secondary;
		args.source_columns = reflect_column_names(decl->source, decl->ncolumns,
												   decl->source_attnums);
		args.target_columns = reflect_column_names(decl->target, decl->ntarget_columns,
												   decl->target_attnums);
		args.secondary_source_columns = reflect_column_names(decl->secondary, decl->ncolumns,
															 decl->secondary_source_attnums);
		args.secondary_target_columns = reflect_column_names(decl->secondary,
															 decl->ntarget_columns,
															 decl->secondary_target_attnums);
	}
	else
	{
		args.foreign_key = cand->fk->name;
		args.kind = relnav_kind_name(decl->kind);
	}
	relnav_declare(&args);
}

/* The back_populates of cand: its mirror's name, when they can pair. */
static const char *
reflect_back_populates(const ReflectCand *cand)
{
	const ReflectCand *mirror = cand->mirror;

	if (mirror == NULL || mirror->duplicate)
		return NULL;
	if (mirror->existing != NULL)
	{
		/* an existing mirror pairs only when it already names this one */
		if (mirror->existing->back_populates != NULL &&
			strcmp(mirror->existing->back_populates, cand->name) == 0)
			return mirror->existing->name;
		return NULL;
	}
	/* a mirror skipped for ownership keeps its name: it waits for it */
	return mirror->name;
}

/* One NOTICE per table skipped for ownership, naming what was left out. */
static void
reflect_notice_skipped(ReflectState *state)
{
	ListCell   *lc1;

	foreach(lc1, state->cands)
	{
		ReflectCand *first = lfirst(lc1);
		StringInfoData names;
		ListCell   *lc2;
		bool		earlier = false;

		if (first->owned || first->name == NULL)
			continue;
		foreach(lc2, state->cands)
		{
			ReflectCand *other = lfirst(lc2);

			if (other == first)
				break;
			earlier |= (!other->owned && other->name != NULL &&
						other->decl.source == first->decl.source);
		}
		if (earlier)
			continue;

		initStringInfo(&names);
		for_each_from(lc2, state->cands, foreach_current_index(lc1))
		{
			ReflectCand *other = lfirst(lc2);

			if (!other->owned && other->name != NULL &&
				other->decl.source == first->decl.source)
				appendStringInfo(&names, "%s%s", names.len > 0 ? ", " : "",
								 quote_identifier(other->name));
		}
		ereport(NOTICE,
				(errmsg("skipping relationships on table \"%s\"",
						relnav_display_name(first->decl.source)),
				 errdetail("Only the owner of table \"%s\" can declare relationships on it. Not declared: %s.",
						   relnav_display_name(first->decl.source), names.data)));
	}
}

/* rel_reflect(schema regnamespace) RETURNS integer */
PG_FUNCTION_INFO_V1(rel_reflect);
Datum
rel_reflect(PG_FUNCTION_ARGS)
{
	Oid			nspid = PG_GETARG_OID(0);
	ReflectState state = {0};
	ListCell   *lc;
	int32		added = 0;

	(void) relnav_catalog_relid_or_error();
	if (get_namespace_name(nspid) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_SCHEMA),
				 errmsg("schema with OID %u does not exist", nspid)));

	relnav_spi_connect();
	/* the tables, then rel_declare's lock on the catalog for the whole call */
	reflect_lock_foreign_keys(&state, nspid);
	LockRelationOid(relnav_catalog_relid(), ShareRowExclusiveLock);
	PushActiveSnapshot(GetLatestSnapshot());

	reflect_find_junctions(&state);
	foreach(lc, state.fks)
	{
		ReflectFk  *fk = lfirst(lc);

		fk->done = true;
		if (fk->partner == NULL)
			reflect_add_direct(&state, fk);
		else if (!fk->partner->done)
		{
			ReflectCand *ab = reflect_add_secondary(&state, fk, fk->partner);
			ReflectCand *ba = reflect_add_secondary(&state, fk->partner, fk);

			ab->mirror = ba;
			ba->mirror = ab;
			/* the payload is reachable through the junction itself */
			if (reflect_has_payload(fk, fk->partner))
			{
				reflect_add_direct(&state, fk);
				reflect_add_direct(&state, fk->partner);
			}
		}
	}

	state.decls = relnav_declarations();
	foreach(lc, state.cands)
	{
		ReflectCand *cand = lfirst(lc);
		ListCell   *lc2;

		foreach(lc2, state.decls)
		{
			if (reflect_same_join(&cand->decl, lfirst(lc2)))
				cand->existing = lfirst(lc2);
		}
		for (int i = 0; i < foreach_current_index(lc) && cand->existing == NULL; i++)
			cand->duplicate |= reflect_same_join(&cand->decl,
												 &((ReflectCand *) list_nth(state.cands, i))->decl);
		cand->owned = relnav_table_ownercheck(cand->decl.source, GetUserId());
	}

	reflect_choose_names(&state);
	reflect_notice_skipped(&state);
	foreach(lc, state.cands)
	{
		ReflectCand *cand = lfirst(lc);

		if (cand->existing != NULL || cand->duplicate || cand->name == NULL ||
			!cand->owned)
			continue;
		reflect_declare(cand, reflect_back_populates(cand));
		added++;
	}

	PopActiveSnapshot();
	SPI_finish();
	PG_RETURN_INT32(added);
}
