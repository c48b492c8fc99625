/*
 * probe.c
 *		Source-row checks by primary key index probe (see probe.h).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/pg_class.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "probe.h"
#include "relinfo.h"

bool
relnav_probe_possible(Oid relid)
{
	HeapTuple	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Form_pg_class form;
	bool		possible;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	form = (Form_pg_class) GETSTRUCT(tuple);
	possible = (form->relkind == RELKIND_RELATION && !form->relrowsecurity);
	ReleaseSysCache(tuple);
	return possible;
}

void
relnav_probe_prepare(RelnavPlan *plan)
{
	Oid			nspid = get_rel_namespace(plan->source);
	Relation	heap;
	Relation	index;
	AclResult	aclresult;

	/* parsing "FROM schema.source" would check this */
	aclresult = pg_namespace_aclcheck(nspid, GetUserId(), ACL_USAGE);
	if (aclresult != ACLCHECK_OK)
		aclcheck_error(aclresult, OBJECT_SCHEMA, get_namespace_name(nspid));

	heap = table_open(plan->source, AccessShareLock);
	list_free(RelationGetIndexList(heap));	/* fills rd_pkindex */
	if (!OidIsValid(heap->rd_pkindex))
		elog(ERROR, "table \"%s\" has no primary key index",
			 RelationGetRelationName(heap));
	index = index_open(heap->rd_pkindex, AccessShareLock);
	plan->probe_index = RelationGetRelid(index);
	for (int i = 0; i < plan->nkeys; i++)
	{
		Oid			opno = get_opfamily_member(index->rd_opfamily[i],
											   index->rd_opcintype[i],
											   index->rd_opcintype[i],
											   BTEqualStrategyNumber);

		if (!OidIsValid(opno))
			elog(ERROR, "no equality operator for primary key of \"%s\"",
				 RelationGetRelationName(heap));
		plan->probe_procs[i] = get_opcode(opno);
		plan->probe_collations[i] = index->rd_indcollation[i];
	}
	index_close(index, NoLock);
	table_close(heap, NoLock);
	plan->probe = true;
}

/* The privilege "SELECT 1 FROM source WHERE pk = key" needs (42501). */
static void
probe_check_privileges(RelnavPlan *plan)
{
	Oid			userid = GetUserId();

	if (pg_class_aclcheck(plan->source, userid, ACL_SELECT) == ACLCHECK_OK)
		return;
	for (int i = 0; i < plan->nkeys; i++)
		if (pg_attribute_aclcheck(plan->source, plan->key_attnums[i], userid,
								  ACL_SELECT) != ACLCHECK_OK)
			aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE,
						   get_rel_name(plan->source));
}

bool
relnav_probe_source(RelnavPlan *plan, ParamListInfo params)
{
	ScanKeyData keys[RELNAV_MAX_COLUMNS];
	Relation	heap;
	Relation	index;
	IndexScanDesc scan;
	TupleTableSlot *slot;
	bool		found;

	probe_check_privileges(plan);

	/* locked to the end of the transaction, as a query would */
	heap = table_open(plan->source, AccessShareLock);
	index = index_open(plan->probe_index, AccessShareLock);
	for (int i = 0; i < plan->nkeys; i++)
		ScanKeyEntryInitialize(&keys[i], 0, i + 1, BTEqualStrategyNumber,
							   InvalidOid, plan->probe_collations[i],
							   plan->probe_procs[i], params->params[i].value);

	slot = table_slot_create(heap, NULL);
	scan = index_beginscan(heap, index, GetActiveSnapshot(), plan->nkeys, 0);
	index_rescan(scan, keys, plan->nkeys, NULL, 0);
	found = index_getnext_slot(scan, ForwardScanDirection, slot);
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	index_close(index, NoLock);
	table_close(heap, NoLock);
	return found;
}
