/*
 * order.h
 *		ORDER BY lists of one table's columns, by attribute number.
 */
#ifndef RELNAV_ORDER_H
#define RELNAV_ORDER_H

#include "lib/stringinfo.h"

#include "store.h"

/* Parse 'col [ASC|DESC] [NULLS FIRST|LAST], ...' against relid's columns. */
extern void relnav_parse_order_by(const char *text, Oid relid,
								  RelnavOrder *order);

/* Render an order list with today's column names, quoted where needed. */
extern char *relnav_order_by_to_text(Oid relid, const RelnavOrder *order);

/* Append " DESC", " NULLS FIRST" and so on for one order item's flags. */
extern void relnav_append_order_direction(StringInfo buf, int16 flags);

#endif							/* RELNAV_ORDER_H */
