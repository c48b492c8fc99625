/*
 * probe.c
 *		Source-row checks by primary key index probe (see probe.h).
 *
 * The index is found anew at each probe, from the table's relcache entry
 * under the table's lock, so a primary key rebuilt by another session is
 * followed.  Only the comparison functions of the last index probed are
 * kept, for the backend, keyed by the index's OID.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_class.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "probe.h"
#include "relinfo.h"

/* The equality procedures of the last primary key index probed. */
static Oid	probe_index = InvalidOid;
static int	probe_nkeys = 0;
static RegProcedure probe_procs[RELNAV_MAX_COLUMNS];
static Oid	probe_collations[RELNAV_MAX_COLUMNS];


void
relnav_probe_check_privileges(const RelnavKeyDesc *key)
{
	Oid			userid = GetUserId();

	if (pg_class_aclcheck(key->relid, userid, ACL_SELECT) == ACLCHECK_OK)
		return;
	for (int i = 0; i < key->nkeys; i++)
		if (pg_attribute_aclcheck(key->relid, key->attnums[i], userid,
								  ACL_SELECT) != ACLCHECK_OK)
			aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE,
						   get_rel_name(key->relid));
}

/* Remember index's equality procedures, unless they are the last ones. */
static void
probe_learn_index(Relation index)
{
	int			nkeys = IndexRelationGetNumberOfKeyAttributes(index);

	if (RelationGetRelid(index) == probe_index)
		return;
	probe_index = InvalidOid;
	for (int i = 0; i < nkeys; i++)
	{
		Oid			opno = get_opfamily_member(index->rd_opfamily[i],
											   index->rd_opcintype[i],
											   index->rd_opcintype[i],
											   BTEqualStrategyNumber);

		if (!OidIsValid(opno))
			elog(ERROR, "no equality operator for index \"%s\"",
				 RelationGetRelationName(index));
		probe_procs[i] = get_opcode(opno);
		probe_collations[i] = index->rd_indcollation[i];
	}
	probe_nkeys = nkeys;
	probe_index = RelationGetRelid(index);
}

bool
relnav_probe_source(const RelnavKeyDesc *key, ParamListInfo params)
{
	ScanKeyData keys[RELNAV_MAX_COLUMNS];
	Relation	heap;
	Relation	index;
	IndexScanDesc scan;
	TupleTableSlot *slot;
	Oid			indexoid;
	bool		found;

	relnav_probe_check_privileges(key);

	/* locked to the end of the transaction, as a query would */
	heap = table_open(key->relid, AccessShareLock);
	list_free(RelationGetIndexList(heap));	/* fills rd_pkindex */
	indexoid = heap->rd_pkindex;
	if (!OidIsValid(indexoid))
		elog(ERROR, "table \"%s\" has no primary key index",
			 RelationGetRelationName(heap));
	index = index_open(indexoid, AccessShareLock);
	probe_learn_index(index);
	if (probe_nkeys != key->nkeys)
		elog(ERROR, "primary key of \"%s\" changed under a kept plan",
			 RelationGetRelationName(heap));
	for (int i = 0; i < key->nkeys; i++)
		ScanKeyEntryInitialize(&keys[i], 0, i + 1, BTEqualStrategyNumber,
							   InvalidOid, probe_collations[i],
							   probe_procs[i], params->params[i].value);

	slot = table_slot_create(heap, NULL);
	scan = index_beginscan(heap, index, GetActiveSnapshot(), key->nkeys, 0);
	index_rescan(scan, keys, key->nkeys, NULL, 0);
	found = index_getnext_slot(scan, ForwardScanDirection, slot);
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	index_close(index, NoLock);
	table_close(heap, NoLock);
	return found;
}
