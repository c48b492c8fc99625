/*
 * probe.h
 *		Checking that a source row exists, by its primary key, without the
 *		executor.
 *
 * A navigation whose first hop starts from the key must still give no rows
 * when the source row does not exist or the caller may not see it.  For a
 * plain table without row-level security and without inheritance children
 * that check is one index probe under the statement's snapshot, plus the
 * privilege checks the executor would make for
 * "SELECT 1 FROM source WHERE pk = key"; doing it here instead of in the
 * statement saves the executor's set-up of a second scan.  Which tables
 * qualify is relnav_relation_probeable's (relinfo.h) to say.
 */
#ifndef RELNAV_PROBE_H
#define RELNAV_PROBE_H

#include "nodes/params.h"

#include "keys.h"

/* Does the row of key's table with the key in params $1..$nkeys exist? */
extern bool relnav_probe_source(const RelnavKeyDesc *key, ParamListInfo params);

#endif							/* RELNAV_PROBE_H */
