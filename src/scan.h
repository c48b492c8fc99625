/*
 * scan.h
 *		Scanning user-written identifiers, paths, and the keywords and
 *		literals of shape clauses: pure text, no look-ups.
 *
 * Names follow SQL's identifier rules: unquoted names fold to lower case,
 * double quotes keep case and allow any character ("" is a quote).  Every
 * syntax error is SQLSTATE 42601 and says at which character and what was
 * expected.
 */
#ifndef RELNAV_SCAN_H
#define RELNAV_SCAN_H

#include "nodes/pg_list.h"

typedef struct RelnavScanner
{
	const char *input;			/* the whole string, for messages */
	const char *pos;			/* next unread character */
	const char *what;			/* "path", "shape", "order_by" */
} RelnavScanner;

extern void relnav_scan_init(RelnavScanner *scan, const char *input,
							 const char *what);
extern void relnav_scan_skip_space(RelnavScanner *scan);
extern bool relnav_scan_at_end(RelnavScanner *scan);

/* After whitespace, consume c if it is next. */
extern bool relnav_scan_char(RelnavScanner *scan, char c);

/* After whitespace, consume an unquoted keyword (any case) if it is next. */
extern bool relnav_scan_keyword(RelnavScanner *scan, const char *keyword);

/*
 * After whitespace, consume an identifier and return it folded or unquoted
 * (palloc'd); *quoted tells which, when not NULL.  Errors if none is next.
 */
extern char *relnav_scan_identifier(RelnavScanner *scan, const char *expected,
									bool *quoted);

extern void relnav_scan_error(RelnavScanner *scan, const char *expected) pg_attribute_noreturn();

/* Longest path: every hop is a join to plan, like a shape's levels. */
#define RELNAV_PATH_MAX_HOPS 32

/* Largest number in a quantifier ({n}, {m,n}). */
#define RELNAV_MAX_HOPS_BOUND 10000

/*
 * One relationship of a path, with its quantifier: SQL/PGQ's '+' (1 or
 * more hops), '*' (0 or more), '{n}', '{m,n}', '{m,}'.  A plain name is one
 * hop, not quantified.
 */
typedef struct RelnavPathStep
{
	char	   *name;
	int			location;		/* character position, for messages */
	bool		quantified;
	int			min_hops;
	int			max_hops;		/* -1: no upper bound */
} RelnavPathStep;

/*
 * After whitespace, consume a quantifier if one is next.  Errors (42601)
 * on {0}, {0,0} and m > n, and 54001 past RELNAV_MAX_HOPS_BOUND.
 */
extern bool relnav_scan_quantifier(RelnavScanner *scan, int *min_hops,
								   int *max_hops);

/*
 * Parse 'a.b+."C d"{1,3}' into a List of RelnavPathStep.  Errors on bad
 * syntax, and on more than RELNAV_PATH_MAX_HOPS steps (54001).
 */
extern List *relnav_parse_path(const char *path);

/*
 * Keywords and literals, for the clauses of shapes (query_parse.c).
 * Keywords are unquoted words in any case; "where" is a name, not WHERE.
 */

/* 1-based character position of pos in the scanner's input. */
extern int	relnav_scan_charpos(RelnavScanner *scan, const char *pos);

/* After whitespace, is keyword next?  Consumes nothing else. */
extern bool relnav_scan_peek_keyword(RelnavScanner *scan, const char *keyword);

/*
 * After whitespace, consume a string literal and return its value
 * (palloc'd): 'text' with '' for a quote, or E'text' with PostgreSQL's
 * backslash escapes too.  Errors if none is next.
 */
extern char *relnav_scan_string(RelnavScanner *scan, const char *expected);

/* After whitespace, does a number ([-]digits, [-].digits) start here? */
extern bool relnav_scan_at_number(RelnavScanner *scan);

/*
 * After whitespace, consume a number and return it as written: with
 * integer, digits only; otherwise [-]digits[.digits][e[+-]digits].  A name
 * right after the digits is a syntax error.
 */
extern char *relnav_scan_number(RelnavScanner *scan, bool integer,
								const char *expected);

/* A user string shortened for an error message. */
extern char *relnav_abbreviate(const char *text);

#endif							/* RELNAV_SCAN_H */
