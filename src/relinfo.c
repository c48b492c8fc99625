/*
 * relinfo.c
 *		Facts about user tables and types, read from PostgreSQL's caches.
 *
 * Nothing is kept here: the relcache and syscache are the caches, and
 * PostgreSQL invalidates them.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/stratnum.h"
#include "access/relation.h"
#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "commands/defrem.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "relinfo.h"
#include "scan.h"

void
relnav_check_relation(Oid relid)
{
	char		relkind = get_rel_relkind(relid);

	if (relkind == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation with OID %u does not exist", relid)));

	switch (relkind)
	{
		case RELKIND_RELATION:
		case RELKIND_PARTITIONED_TABLE:
		case RELKIND_VIEW:
		case RELKIND_MATVIEW:
		case RELKIND_FOREIGN_TABLE:
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_WRONG_OBJECT_TYPE),
					 errmsg("\"%s\" is not a table, view or foreign table",
							relnav_display_name(relid))));
	}
}

char *
relnav_display_name(Oid relid)
{
	char	   *relname = get_rel_name(relid);

	if (relname == NULL)
		return psprintf("%u", relid);
	if (RelationIsVisible(relid))
		return relname;
	return psprintf("%s.%s", get_namespace_name(get_rel_namespace(relid)),
					relname);
}

AttrNumber
relnav_column_attnum(Oid relid, const char *name)
{
	HeapTuple	tuple;
	AttrNumber	attnum = InvalidAttrNumber;

	if (strlen(name) >= NAMEDATALEN)
		return InvalidAttrNumber;
	tuple = SearchSysCacheAttName(relid, name);
	if (HeapTupleIsValid(tuple))
	{
		Form_pg_attribute att = (Form_pg_attribute) GETSTRUCT(tuple);

		if (att->attnum > 0 && !att->attisdropped)
			attnum = att->attnum;
		ReleaseSysCache(tuple);
	}
	return attnum;
}

AttrNumber
relnav_column_attnum_or_error(Oid relid, const char *name)
{
	AttrNumber	attnum = relnav_column_attnum(relid, name);

	if (attnum == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of table \"%s\" does not exist",
						relnav_abbreviate(name), relnav_display_name(relid))));
	return attnum;
}

char *
relnav_column_name(Oid relid, AttrNumber attnum)
{
	char	   *name = get_attname(relid, attnum, true);

	if (name == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column %d of table \"%s\" does not exist",
						attnum, relnav_display_name(relid))));
	return name;
}

Oid
relnav_column_type(Oid relid, AttrNumber attnum)
{
	return get_atttype(relid, attnum);
}

bool
relnav_column_not_null(Oid relid, AttrNumber attnum)
{
	HeapTuple	tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid),
										Int16GetDatum(attnum));
	bool		not_null;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for attribute %d of relation %u",
			 attnum, relid);
	not_null = ((Form_pg_attribute) GETSTRUCT(tuple))->attnotnull;
	ReleaseSysCache(tuple);
	return not_null;
}

bool
relnav_primary_key(Oid relid, int *ncolumns, AttrNumber *attnums)
{
	Relation	rel = relation_open(relid, AccessShareLock);
	Oid			indexoid;
	bool		found = false;

	/* rd_pkindex is filled in by RelationGetIndexList */
	list_free(RelationGetIndexList(rel));
	indexoid = rel->rd_pkindex;
	if (OidIsValid(indexoid))
	{
		HeapTuple	tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexoid));
		Form_pg_index index;

		if (!HeapTupleIsValid(tuple))
			elog(ERROR, "cache lookup failed for index %u", indexoid);
		index = (Form_pg_index) GETSTRUCT(tuple);
		*ncolumns = index->indnkeyatts;
		for (int i = 0; i < index->indnkeyatts; i++)
			attnums[i] = index->indkey.values[i];
		ReleaseSysCache(tuple);
		found = true;
	}
	relation_close(rel, AccessShareLock);
	return found;
}

void
relnav_require_primary_key(Oid relid, int *ncolumns, AttrNumber *attnums)
{
	char		relkind;

	if (relnav_primary_key(relid, ncolumns, attnums))
		return;
	relkind = get_rel_relkind(relid);
	if (relkind == RELKIND_VIEW || relkind == RELKIND_MATVIEW ||
		relkind == RELKIND_FOREIGN_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
				 errmsg("\"%s\" has no primary key", relnav_display_name(relid)),
				 errdetail("relnav identifies rows by their primary key, which a view, materialized view or foreign table cannot have."),
				 errhint("Work through the table that holds the rows.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
			 errmsg("table \"%s\" has no primary key", relnav_display_name(relid)),
			 errdetail("relnav identifies rows by their primary key."),
			 errhint("Add a primary key to table \"%s\".", relnav_display_name(relid))));
}

/* Is every element of a (n items) in b (n items)?  Both are sets. */
static bool
relinfo_same_columns(int n, const AttrNumber *a, const int16 *b)
{
	for (int i = 0; i < n; i++)
	{
		bool		found = false;

		for (int j = 0; j < n && !found; j++)
			found = (a[i] == b[j]);
		if (!found)
			return false;
	}
	return true;
}

bool
relnav_columns_unique(Oid relid, int ncolumns, const AttrNumber *attnums)
{
	Relation	rel;
	List	   *indexes;
	ListCell   *lc;
	bool		unique = false;

	/* '{a,a}' is one column: covering it twice proves nothing */
	for (int i = 0; i < ncolumns; i++)
		for (int j = 0; j < i; j++)
			if (attnums[i] == attnums[j])
				return false;

	rel = relation_open(relid, AccessShareLock);
	indexes = RelationGetIndexList(rel);

	foreach(lc, indexes)
	{
		Oid			indexoid = lfirst_oid(lc);
		HeapTuple	tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexoid));
		Form_pg_index index;

		if (!HeapTupleIsValid(tuple))
			elog(ERROR, "cache lookup failed for index %u", indexoid);
		index = (Form_pg_index) GETSTRUCT(tuple);
		/* a deferrable index lets duplicates exist until commit */
		if (index->indisunique && index->indisvalid && index->indimmediate &&
			index->indnkeyatts == ncolumns &&
			heap_attisnull(tuple, Anum_pg_index_indpred, NULL) &&
			heap_attisnull(tuple, Anum_pg_index_indexprs, NULL) &&
			relinfo_same_columns(ncolumns, attnums, index->indkey.values))
			unique = true;
		ReleaseSysCache(tuple);
		if (unique)
			break;
	}
	list_free(indexes);
	relation_close(rel, AccessShareLock);
	return unique;
}

Oid
relnav_equality_operator(Oid ltype, Oid rtype)
{
	Oid			lopclass;
	Oid			ropclass;
	Oid			family;

	ltype = getBaseType(ltype);
	rtype = getBaseType(rtype);
	if (ltype == rtype)
		return lookup_type_cache(ltype, TYPECACHE_EQ_OPR)->eq_opr;

	/* different types compare when one btree family holds both */
	lopclass = GetDefaultOpClass(ltype, BTREE_AM_OID);
	ropclass = GetDefaultOpClass(rtype, BTREE_AM_OID);
	if (!OidIsValid(lopclass) || !OidIsValid(ropclass))
		return InvalidOid;
	family = get_opclass_family(lopclass);
	if (family != get_opclass_family(ropclass))
		return InvalidOid;
	return get_opfamily_member(family,
							   get_opclass_input_type(lopclass),
							   get_opclass_input_type(ropclass),
							   BTEqualStrategyNumber);
}

bool
relnav_relation_probeable(Oid relid)
{
	HeapTuple	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Form_pg_class form;
	bool		possible;
	AclResult	aclresult;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	form = (Form_pg_class) GETSTRUCT(tuple);
	/* an inheritance parent's rows include its children's: a query finds them */
	possible = (form->relkind == RELKIND_RELATION && !form->relrowsecurity &&
				!form->relhassubclass);
	if (possible)
	{
		aclresult = pg_namespace_aclcheck(form->relnamespace, GetUserId(), ACL_USAGE);
		if (aclresult != ACLCHECK_OK)
			aclcheck_error(aclresult, OBJECT_SCHEMA,
						   get_namespace_name(form->relnamespace));
	}
	ReleaseSysCache(tuple);
	return possible;
}

bool
relnav_foreign_key_trusted(Oid fkrel, Oid pkrel, int ncolumns,
						   const AttrNumber *fkcols, const AttrNumber *pkcols)
{
	HeapTuple	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(pkrel));
	Form_pg_class form;
	bool		plain;
	Relation	rel;
	List	   *fkeys;
	ListCell   *lc;
	bool		trusted = false;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", pkrel);
	form = (Form_pg_class) GETSTRUCT(tuple);
	/*
	 * Rows hidden by a policy exist for the key but not for the caller; and
	 * a foreign key to a partitioned table, which PostgreSQL also records
	 * against each partition, promises the row in some partition, not in
	 * this one.
	 */
	plain = (form->relkind == RELKIND_RELATION && !form->relrowsecurity &&
			 !form->relispartition);
	ReleaseSysCache(tuple);
	if (!plain)
		return false;

	rel = relation_open(fkrel, AccessShareLock);
	fkeys = RelationGetFKeyList(rel);
	foreach(lc, fkeys)
	{
		ForeignKeyCacheInfo *fk = lfirst_node(ForeignKeyCacheInfo, lc);
		bool		same = (fk->confrelid == pkrel && fk->nkeys == ncolumns);
		Form_pg_constraint con;

		for (int i = 0; same && i < fk->nkeys; i++)
		{
			int			j = 0;

			while (j < ncolumns &&
				   !(fkcols[j] == fk->conkey[i] && pkcols[j] == fk->confkey[i]))
				j++;
			same = (j < ncolumns &&
					fk->conpfeqop[i] ==
					relnav_equality_operator(relnav_column_type(pkrel, pkcols[j]),
											 relnav_column_type(fkrel, fkcols[j])));
		}
		if (!same)
			continue;

		/*
		 * A deferrable constraint may be deferred, leaving rows without
		 * their key until commit; one not validated may have such rows.
		 */
		tuple = SearchSysCache1(CONSTROID, ObjectIdGetDatum(fk->conoid));
		if (!HeapTupleIsValid(tuple))
			continue;
		con = (Form_pg_constraint) GETSTRUCT(tuple);
		trusted = (con->convalidated && !con->condeferrable);
		ReleaseSysCache(tuple);
		if (trusted)
			break;
	}
	relation_close(rel, AccessShareLock);
	return trusted;
}
