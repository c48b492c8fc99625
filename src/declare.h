/*
 * declare.h
 *		Declaring a relationship from C: the one path that rel_declare (the
 *		SQL-callable wrapper) and rel_reflect both take, so that a reflected
 *		declaration is validated and written exactly like a user's own.
 */
#ifndef RELNAV_DECLARE_H
#define RELNAV_DECLARE_H

#include "nodes/pg_list.h"

/*
 * What rel_declare's arguments say.  Pointers may be NULL and lists NIL
 * where the SQL argument would be NULL; column lists hold C strings.
 */
typedef struct RelnavDeclareArgs
{
	Oid			source;
	const char *name;
	Oid			target;
	Oid			secondary;		/* InvalidOid: none */
	const char *back_populates;
	bool		uselist_given;
	bool		uselist;
	const char *foreign_key;
	const char *kind;
	List	   *source_columns;
	List	   *target_columns;
	List	   *secondary_source_columns;
	List	   *secondary_target_columns;
	const char *order_by;
	const char *condition;
	bool		viewonly;
} RelnavDeclareArgs;

/*
 * Validate a declaration and write it to the catalog, or raise the error
 * that says why not.  Connects to SPI itself; takes the locks described in
 * declare.c.
 */
extern void relnav_declare(const RelnavDeclareArgs *args);

/*
 * AccessShareLock on each valid relid, in OID order, once each: the first
 * step of everything that writes the catalog (see declare.c).
 */
extern void relnav_lock_tables(int n, const Oid *relids);

/*
 * Every declaration in the catalog (RelnavDecl), each read with the latest
 * snapshot, in no particular order.  SPI connected; takes no lock.
 */
extern List *relnav_declarations(void);

#endif							/* RELNAV_DECLARE_H */
