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

/*
 * The privileges "SELECT 1 FROM source WHERE pk = key" needs (42501).
 * relnav_probe_source checks them after the statement has run, so that a
 * caller without privileges on several tables hears about the same table
 * as when the statement is expanded into the caller's (inline.c), where
 * the target is checked first.
 */
extern void relnav_probe_check_privileges(const RelnavKeyDesc *key);

/* Does the row of key's table with the key in params $1..$nkeys exist? */
extern bool relnav_probe_source(const RelnavKeyDesc *key, ParamListInfo params);

#endif							/* RELNAV_PROBE_H */
