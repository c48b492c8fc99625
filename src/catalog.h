/*
 * catalog.h
 *		Access to relnav's catalog table _relnav.relationships: where it is,
 *		and running SQL on it (or on PostgreSQL's catalogs) safely.
 *
 * The catalog's OID is remembered for the backend and forgotten by the
 * invalidation callbacks (inval.c) when the catalog itself may be gone.
 */
#ifndef RELNAV_CATALOG_H
#define RELNAV_CATALOG_H

#include "postgres_ext.h"

#define RELNAV_SCHEMA "_relnav"
#define RELNAV_CATALOG_TABLE "relationships"

/* Oid of the catalog table, or InvalidOid when the extension is absent. */
extern Oid	relnav_catalog_relid(void);

/* The same, but 42704 with a HINT when the extension is absent. */
extern Oid	relnav_catalog_relid_or_error(void);

/* The same without any look-up (for invalidation callbacks). */
extern Oid	relnav_catalog_relid_if_known(void);

/* Forget the catalog's OID: it may have been dropped (callback-safe). */
extern void relnav_catalog_relid_forget(void);

/* SPI_connect, or an internal error: it fails only on a corrupted stack. */
extern void relnav_spi_connect(void);

/*
 * Pin search_path to "pg_catalog, pg_temp" for relnav's own queries, so that
 * no object in the caller's schemas (an operator named =, say) can stand in
 * for a built-in; returns the GUC nest level to pass to the unpin.  An error
 * in between restores the setting by itself.
 */
extern int	relnav_pin_search_path(void);
extern void relnav_unpin_search_path(int nestlevel);

/*
 * SPI_execute_with_args for relnav's own catalog queries, under the pinned
 * search_path.  Messages built around it still use the caller's.
 */
extern int	relnav_spi_execute(const char *sql, int nargs, Oid *argtypes,
							   Datum *values, const char *nulls,
							   bool read_only, long tcount);

/*
 * A read-only catalog query with the latest snapshot, as PostgreSQL reads
 * its own catalogs: a declaration committed while the caller waited for a
 * lock is seen, whatever the statement's snapshot.  In parallel mode, where
 * no new snapshot may be taken, the active snapshot is used.
 */
extern int	relnav_spi_execute_latest(const char *sql, int nargs, Oid *argtypes,
									  Datum *values, long tcount);

/*
 * Run one statement on the catalog as the catalog's owner, so that callers
 * need no write privilege on it.  Caller must be connected to SPI.
 * Returns SPI_processed.
 */
extern uint64 relnav_catalog_exec(const char *sql, int nargs, Oid *argtypes,
								  Datum *values, const char *nulls,
								  int expected_rc);

#endif							/* RELNAV_CATALOG_H */
