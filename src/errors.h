/*
 * errors.h
 *		Errors raised from more than one place: one helper per condition,
 *		so that a condition always gives one message and one SQLSTATE.
 */
#ifndef RELNAV_ERRORS_H
#define RELNAV_ERRORS_H

#include "utils/array.h"

#include "store.h"

/*
 * A scalar relationship (many_to_one, one_to_one) found more than one row
 * from one row: 21000, naming it.
 */
extern void relnav_error_overflow(Oid source, const char *name,
								  RelnavKind kind) pg_attribute_noreturn();

/* Keys given as an array must be one array of one dimension. */
extern void relnav_check_key_array(ArrayType *keys);

/* max_rows must not be negative (2201W). */
extern void relnav_check_max_rows(int64 max_rows);

#endif							/* RELNAV_ERRORS_H */
