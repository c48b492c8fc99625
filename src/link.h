/*
 * link.h
 *		The link and unlink statements (sqlgen_link.c), for link.c.
 */
#ifndef RELNAV_LINK_H
#define RELNAV_LINK_H

#include "sqlgen.h"

/* stmt->extra of a link statement: what its caller needs to know. */
typedef struct LinkInfo
{
	char	   *name;
	RelnavKind	kind;
	Oid			secondary;
} LinkInfo;

/*
 * Builder of RELNAV_STMT_LINK and _UNLINK statements: parameters are the
 * source key, then the target key; one row of flags comes back (source
 * found, target found, linked before, target taken, rows written).
 */
extern void relnav_build_link(RelnavStatement *stmt, void *arg);

#endif							/* RELNAV_LINK_H */
