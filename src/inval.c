/*
 * inval.c
 *		Invalidation callbacks: what PostgreSQL tells relnav, and whom relnav
 *		tells in turn.
 *
 *	 the catalog table changed (a declaration was added, dropped or
 *	 renamed; its statement trigger sends this at commit to every backend),
 *	 or a full cache reset:	every cached declaration and every plan;
 *	 a user table changed (renamed, columns, indexes, privileges):
 *							the plans that read it, and its key's conversions;
 *	 a schema was renamed:	every plan, whose text names schemas;
 *	 a function changed:	which functions the planner hook expands, and
 *							the key conversions of expanded statements;
 *	 a cast changed:		those key conversions.
 *
 * Callbacks only mark and reset what cannot be in use (declarations are
 * handed out as copies; plans are only marked invalid), since they run
 * wherever a lock is taken, in the middle of relnav's own work.
 */
#include "postgres.h"

#include "utils/inval.h"
#include "utils/syscache.h"

#include "catalog.h"
#include "inline.h"
#include "inval.h"
#include "keys.h"
#include "plancache.h"
#include "store.h"

static void
inval_everything(void)
{
	relnav_store_invalidate();
	relnav_plancache_invalidate_all();
	relnav_key_column_invalidate(InvalidOid);
}

static void
inval_relcache_callback(Datum arg, Oid relid)
{
	if (!OidIsValid(relid) || relid == relnav_catalog_relid_if_known())
	{
		/* the catalog may be gone (DROP EXTENSION): look it up again */
		relnav_catalog_relid_forget();
		inval_everything();
		return;
	}
	relnav_plancache_invalidate_rel(relid);
	relnav_key_column_invalidate(relid);
}

static void
inval_namespace_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	relnav_plancache_invalidate_all();
}

static void
inval_function_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	relnav_inline_forget_functions();
	relnav_key_column_invalidate(InvalidOid);
}

static void
inval_cast_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	relnav_key_column_invalidate(InvalidOid);
}

void
relnav_inval_init(void)
{
	CacheRegisterRelcacheCallback(inval_relcache_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(NAMESPACEOID, inval_namespace_callback,
								  (Datum) 0);
	CacheRegisterSyscacheCallback(PROCOID, inval_function_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(CASTSOURCETARGET, inval_cast_callback, (Datum) 0);
}
