/*
 * condition.h
 *		A relationship's declared condition ('subject_type = ''Comment'''):
 *		checked at declaration, kept by attribute number, turned into SQL
 *		wherever the relationship is walked, and read for the columns that
 *		links must set.
 *
 * The grammar is that of shape conditions (query.h) without paths,
 * aggregates or EXISTS, over the columns of the table that holds the
 * referencing columns.  It is kept twice in the catalog: as written, with
 * today's column names (for pg_dump and the view), and as a template in
 * which every column is "#attnum" (which follows renames).  Nothing is
 * cached here: each statement build parses the template again.
 */
#ifndef RELNAV_CONDITION_H
#define RELNAV_CONDITION_H

#include "lib/stringinfo.h"

#include "sqlgen.h"

/* The table a relationship's condition is about. */
extern Oid	relnav_condition_holder(const RelnavDecl *decl);

/*
 * Check text as the condition of a relationship whose referencing columns
 * are holder's (42601, 42703, the literals' own errors), and return its
 * template; *attnums gets the columns it reads (palloc'd, *n of them).
 */
extern char *relnav_condition_compile(const char *text, Oid holder,
									  int16 **attnums, int *n);

/* The condition of a template, under holder's column names of today. */
extern char *relnav_condition_render(const char *template_text, Oid holder);

/*
 * Append " AND (<decl's condition>)" over holder rows aliased alias, its
 * literals bound as stmt's constant parameters; nothing when decl has no
 * condition.
 */
extern void relnav_append_condition(StringInfo buf, RelnavStatement *stmt,
									const RelnavDecl *decl, const char *alias);

/* One column a link sets: column = value. */
typedef struct RelnavPin
{
	AttrNumber	attnum;
	Oid			type;
	Datum		value;
} RelnavPin;

/*
 * The columns that a link through decl must set: the "column = literal"
 * conjuncts of its condition.  NIL when it has none; 42809 when the
 * condition is of another form, which no link can make true.
 */
extern List *relnav_condition_pins(const RelnavDecl *decl);

#endif							/* RELNAV_CONDITION_H */
