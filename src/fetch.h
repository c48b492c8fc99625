/*
 * fetch.h
 *		rel_fetch's statements, for the planner hook.
 */
#ifndef RELNAV_FETCH_H
#define RELNAV_FETCH_H

#include "plancache.h"

/*
 * The pinned plan of rel_fetch (rel_fetch_many when many) for shape on
 * source, the one calls use, with the shape's literals as parameter values:
 * values[paramno - 1] and given[paramno - 1] = true for each.  The caller
 * is connected to SPI and releases the plan.
 */
extern RelnavPlan *relnav_fetch_plan(Oid source, text *shape, bool many,
									 Datum *values, bool *given);

#endif							/* RELNAV_FETCH_H */
