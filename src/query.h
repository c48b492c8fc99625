/*
 * query.h
 *		The clauses of a shape level: conditions, sort items, aggregates and
 *		literals, as SQL writes them.
 *
 *	   condition := condition OR condition | condition AND condition
 *				  | NOT condition | '(' condition ')' | predicate
 *	   predicate := operand cmp literal
 *				  | operand [NOT] IN '(' literal (',' literal)* ')'
 *				  | operand IS [NOT] NULL
 *				  | operand [NOT] (LIKE | ILIKE) string
 *				  | aggregate cmp literal
 *				  | EXISTS '(' path [WHERE condition] ')'
 *	   aggregate := COUNT '(' path [WHERE condition] ')'
 *				  | (SUM | AVG | MIN | MAX) '(' path '.' column [WHERE condition] ')'
 *	   operand	 := column | path '.' column
 *	   sort		 := (operand | aggregate) [ASC | DESC] [NULLS (FIRST | LAST)]
 *	   literal	 := string | number | TRUE | FALSE
 *
 * Parsing is two passes, like the shape's: relnav_query_parse_* read text
 * into nodes holding names only (syntax errors, 42601, say where); then
 * relnav_query_resolve_* look the names up from a table (42703, 42704) and
 * fix every literal's type, the type of what it is compared with.
 *
 * Literals never reach SQL text: each is a parameter.  The parser lists
 * them in order of appearance with their place in the text, so that the
 * text with literals blanked out identifies the statement (see fetch.c).
 */
#ifndef RELNAV_QUERY_H
#define RELNAV_QUERY_H

#include "scan.h"
#include "store.h"
#include "nodes/pg_list.h"

/*
 * Limits that keep hostile conditions from exhausting the backend: nesting
 * (parentheses, NOT, EXISTS and aggregate conditions) is recursion, every
 * term a piece of SQL to plan, every literal a value to convert.
 */
#define RELNAV_QUERY_MAX_DEPTH 32
#define RELNAV_QUERY_MAX_TERMS 1000
#define RELNAV_QUERY_MAX_LITERALS 10000

typedef enum QueryCmp
{
	QUERY_EQ,
	QUERY_NE,
	QUERY_LT,
	QUERY_LE,
	QUERY_GT,
	QUERY_GE
} QueryCmp;

typedef enum QueryLiteralKind
{
	QUERY_LIT_STRING,
	QUERY_LIT_NUMBER,
	QUERY_LIT_BOOLEAN,
	QUERY_LIT_COUNT				/* LIMIT and OFFSET: a non-negative bigint */
} QueryLiteralKind;

typedef struct QueryLiteral
{
	QueryLiteralKind kind;
	char	   *value;			/* what the type's input function gets */
	int			start;			/* byte offsets of the literal in the text */
	int			end;
	int			index;			/* 0, 1, ... in order of appearance */
	Oid			type;			/* pass two: the type it converts to */
} QueryLiteral;

/* Relationships walked from a table, one hop each. */
typedef struct QueryPath
{
	List	   *names;			/* relationship names (char *) */
	int			nhops;			/* pass two: */
	const RelnavDecl **hops;
	Oid			source;
	Oid			target;
	bool		scalar;			/* every hop scalar: at most one row */
} QueryPath;

/* A column of the level's table (no path) or of the rows a path reaches. */
typedef struct QueryOperand
{
	QueryPath	path;
	char	   *column;
	int			location;		/* byte offset, for messages */
	AttrNumber	attnum;			/* pass two */
	Oid			type;			/* the column's type */
} QueryOperand;

typedef enum QueryAggKind
{
	QUERY_AGG_COUNT,
	QUERY_AGG_SUM,
	QUERY_AGG_AVG,
	QUERY_AGG_MIN,
	QUERY_AGG_MAX
} QueryAggKind;

typedef struct QueryCond QueryCond;

/* An aggregate over the rows a path reaches, each row once. */
typedef struct QueryAggregate
{
	QueryAggKind kind;
	QueryOperand operand;		/* COUNT: path only, column NULL */
	QueryCond  *where;			/* on the rows reached; NULL: none */
	int			location;
	Oid			result_type;	/* pass two: what the aggregate returns */
} QueryAggregate;

typedef enum QueryCondKind
{
	QUERY_AND,					/* args */
	QUERY_OR,					/* args */
	QUERY_NOT,					/* args: one */
	QUERY_COMPARE,				/* operand cmp literal */
	QUERY_IN,					/* operand [NOT] IN (literals) */
	QUERY_NULLTEST,				/* operand IS [NOT] NULL */
	QUERY_LIKE,					/* operand [NOT] LIKE / ILIKE literal */
	QUERY_AGG_COMPARE,			/* aggregate cmp literal */
	QUERY_EXISTS				/* EXISTS (path [WHERE where]) */
} QueryCondKind;

struct QueryCond
{
	QueryCondKind kind;
	List	   *args;			/* AND, OR, NOT */
	QueryOperand *operand;		/* COMPARE, IN, NULLTEST, LIKE */
	QueryAggregate *aggregate;	/* AGG_COMPARE */
	QueryCmp	cmp;			/* COMPARE, AGG_COMPARE */
	bool		negated;		/* NOT IN, IS NOT NULL, NOT LIKE */
	bool		ilike;			/* LIKE: ILIKE */
	List	   *literals;		/* QueryLiteral: one, or IN's several */
	QueryPath  *path;			/* EXISTS */
	QueryCond  *where;			/* EXISTS: NULL when none */
	Oid			opno;			/* pass two: the operator to apply */
};

typedef struct QuerySort
{
	QueryOperand *operand;		/* one of these two */
	QueryAggregate *aggregate;
	bool		desc;
	bool		nulls_first;	/* as SQL: DESC implies NULLS FIRST */
} QuerySort;

/* State of pass one, shared by every clause of one shape. */
typedef struct QueryParser
{
	RelnavScanner *scan;
	List	   *literals;		/* QueryLiteral, in order of appearance */
	int			nterms;			/* predicates, aggregates and sort items */
} QueryParser;

/* State of pass two. */
typedef struct QueryResolver
{
	RelnavScanner *scan;		/* the text, for messages */
	void		(*add_dependency) (void *arg, Oid relid);
	void	   *arg;
} QueryResolver;

extern void relnav_query_parser_init(QueryParser *parser, RelnavScanner *scan);

/* Pass one: each reads its construct at the scanner's position. */
extern QueryCond *relnav_query_parse_condition(QueryParser *parser);
extern QuerySort *relnav_query_parse_sort(QueryParser *parser);
extern QueryLiteral *relnav_query_parse_count(QueryParser *parser);

/*
 * An aggregate if one starts here (COUNT, SUM, AVG, MIN or MAX, unquoted,
 * then '('), else NULL with nothing consumed.
 */
extern QueryAggregate *relnav_query_try_aggregate(QueryParser *parser);

/* The aggregate's function name in lower case: its default document key. */
extern const char *relnav_query_aggregate_name(QueryAggKind kind);

/*
 * Pass two, for a construct on rows of relid.  Every table a path reaches
 * is passed to the resolver's add_dependency.  SPI must be connected.
 */
extern void relnav_query_resolve_condition(QueryResolver *resolver,
										   QueryCond *cond, Oid relid);
extern void relnav_query_resolve_sort(QueryResolver *resolver,
									  QuerySort *sort, Oid relid);
extern void relnav_query_resolve_aggregate(QueryResolver *resolver,
										   QueryAggregate *aggregate, Oid relid);

#endif							/* RELNAV_QUERY_H */
