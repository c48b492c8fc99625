/*
 * declare.h
 *		The declaration entry point, for code inside relnav that declares
 *		through the very path a user's rel_declare call takes (rel_reflect).
 */
#ifndef RELNAV_DECLARE_H
#define RELNAV_DECLARE_H

#include "fmgr.h"

/* Arguments of rel_declare, by position, as in its SQL signature. */
#define RELNAV_DECLARE_NARGS			13
#define RELNAV_DECLARE_SOURCE			0
#define RELNAV_DECLARE_NAME				1
#define RELNAV_DECLARE_TARGET			2
#define RELNAV_DECLARE_SECONDARY		3
#define RELNAV_DECLARE_BACK_POPULATES	4
#define RELNAV_DECLARE_USELIST			5
#define RELNAV_DECLARE_FOREIGN_KEY		6
#define RELNAV_DECLARE_KIND				7
#define RELNAV_DECLARE_SOURCE_COLUMNS	8
#define RELNAV_DECLARE_TARGET_COLUMNS	9
#define RELNAV_DECLARE_SECONDARY_SOURCE_COLUMNS 10
#define RELNAV_DECLARE_SECONDARY_TARGET_COLUMNS 11
#define RELNAV_DECLARE_ORDER_BY			12

/* declare.c; needs no flinfo state, connects to SPI itself */
extern PGDLLEXPORT Datum rel_declare(PG_FUNCTION_ARGS);

#endif							/* RELNAV_DECLARE_H */
