/*
 * probe.h
 *		Checking that a source row exists, by its primary key, without the
 *		executor.
 *
 * A navigation whose first hop starts from the key must still give no rows
 * when the source row does not exist or the caller may not see it.  For a
 * plain table without row-level security that check is one index probe
 * under the statement's snapshot, plus the privilege checks the executor
 * would make for "SELECT 1 FROM source WHERE pk = key"; doing it here
 * instead of in the statement saves the executor's set-up of a second scan.
 */
#ifndef RELNAV_PROBE_H
#define RELNAV_PROBE_H

#include "nodes/params.h"
#include "plancache.h"

/* Can relid's rows be checked by a probe (a plain table, no row security)? */
extern bool relnav_probe_possible(Oid relid);

/*
 * Set plan up to probe its source: index, comparison functions, collations,
 * in plan->context.  Checks USAGE on the source's schema, as parsing the
 * statement would.
 */
extern void relnav_probe_prepare(RelnavPlan *plan);

/* Does the source row with the key in params $1..$nkeys exist? */
extern bool relnav_probe_source(RelnavPlan *plan, ParamListInfo params);

#endif							/* RELNAV_PROBE_H */
