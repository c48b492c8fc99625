/*
 * relnav.c
 *		Module entry: sets up, once per backend, the invalidation callbacks
 *		(inval.c), the plan cache's transaction callbacks (plancache.c), the
 *		relnav.trust_foreign_keys setting (sqlgen.c), and the relnav.inline
 *		setting with its planner hook (inline.c).
 *
 * Where things live: the README's "How it works" has the file map.
 */
#include "postgres.h"

#include "fmgr.h"

#include "inline.h"
#include "inval.h"
#include "plancache.h"
#include "sqlgen.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	relnav_inval_init();
	relnav_plancache_init();
	relnav_sqlgen_init();
	relnav_inline_init();
}
