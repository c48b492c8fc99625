/*
 * relnav.c
 *		Module entry: registers the cache invalidation callbacks once per
 *		backend.  The SQL-callable functions live in declare.c (rel_declare,
 *		rel_drop), navigate.c (rel_navigate, rel_rows, rel_count,
 *		rel_navigate_many), fetch.c (rel_fetch, rel_fetch_many), link.c
 *		(rel_link, rel_unlink), reflect.c (rel_reflect), diagram.c
 *		(rel_diagram), catalog.c (catalog triggers and view helpers) and
 *		ddl.c (event triggers).
 */
#include "postgres.h"

#include "fmgr.h"

#include "plancache.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	relnav_plancache_init();
}
