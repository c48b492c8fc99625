/*
 * compat.h
 *		The one place for differences between PostgreSQL major versions.
 *
 * relnav targets PostgreSQL 15; the shims below keep the rest of the code
 * free of version #ifs should a later major version be added.
 */
#ifndef RELNAV_COMPAT_H
#define RELNAV_COMPAT_H

#if PG_VERSION_NUM >= 160000
#define relnav_table_ownercheck(relid, roleid) \
	object_ownercheck(RelationRelationId, (relid), (roleid))
#else
#define relnav_table_ownercheck(relid, roleid) \
	pg_class_ownercheck((relid), (roleid))
#endif

#endif							/* RELNAV_COMPAT_H */
