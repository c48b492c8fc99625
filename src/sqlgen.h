/*
 * sqlgen.h
 *		What the compiler produces (RelnavStatement), and the building
 *		blocks of the SQL text it writes: quoted names, equality operators,
 *		the join of one relationship hop, ORDER BY lists.
 *
 * Everything is built from OIDs and attribute numbers read from the
 * catalogs: identifiers are quoted, operators schema-qualified, functions
 * pg_catalog-qualified, and values never appear in the text (callers bind
 * them as $n parameters).  So the text parses the same under any
 * search_path, and can be handed to SPI_prepare or to parse analysis.
 *
 * The statements themselves are written by sqlgen_path.c (navigation),
 * sqlgen_shape.c (documents) and sqlgen_link.c (links).
 */
#ifndef RELNAV_SQLGEN_H
#define RELNAV_SQLGEN_H

#include "lib/stringinfo.h"

#include "keys.h"
#include "store.h"

#define RELNAV_MAX_PARAMS (RELNAV_MAX_COLUMNS * 2 + 2)

typedef enum RelnavStatementKind
{
	RELNAV_STMT_NAVIGATE,		/* to_jsonb(row) per target row */
	RELNAV_STMT_ROWS,			/* the whole target row */
	RELNAV_STMT_COUNT,			/* count(*) of target rows */
	RELNAV_STMT_NAVIGATE_MANY,	/* (key position, to_jsonb(row)) */
	RELNAV_STMT_FETCH,			/* one document */
	RELNAV_STMT_FETCH_MANY,		/* one document per key, in key order */
	RELNAV_STMT_LINK,			/* rel_link */
	RELNAV_STMT_UNLINK			/* rel_unlink */
} RelnavStatementKind;

#define RELNAV_STMT_NKINDS (RELNAV_STMT_UNLINK + 1)

/* What identifies a statement; the plan cache key spells all of it. */
typedef struct RelnavStatementSpec
{
	RelnavStatementKind kind;
	Oid			source;
	const char *text;			/* path, shape, or relationship name */
	const char *order_by;		/* NULL: not given */
	bool		with_limit;
	/*
	 * For the planner (inline.c), the statement must say everything in SQL:
	 * no index probe, no check left to C; and it is ordered only where the
	 * call's order can be seen (ordered) or a limit needs it.
	 */
	bool		for_planner;
	bool		ordered;
	/* the key is read from a row of the source table: no check needed */
	bool		source_known;
	/*
	 * The planner's rel_navigate_many with keys of another type than the
	 * key's (bigint[] for an integer key, or text): that type.  The key
	 * arrays $1.. then hold the keys converted, and each row's source_key
	 * is the caller's own element, read from a parameter of this type.
	 */
	Oid			keys_as_given;
} RelnavStatementSpec;

/*
 * One compiled statement.  Parameters $1..$key.nkeys are the source row's
 * key (for the _many statements: one array per key column).  Everything
 * kept is allocated in context, which lives as long as the plan cache
 * entry that holds the statement.
 */
typedef struct RelnavStatement
{
	MemoryContext context;
	char	   *sql;
	int			nparams;
	Oid			paramtypes[RELNAV_MAX_PARAMS];
	int			ndeps;
	Oid		   *deps;			/* every table the statement reads */

	RelnavKeyDesc key;			/* the source row's key */
	RelnavKeyDesc target_key;	/* link statements: the target row's key */
	Oid			target;			/* last table of a path */
	bool		scalar;			/* every hop scalar: at most one row */
	const RelnavDecl *last_hop; /* a path's last relationship */
	bool		probe;			/* source row checked by probe.c, not in sql */
	char	   *description;	/* CONTEXT of its errors: "navigating ..." */
	int			limit_param;	/* max_rows, when given: its number */
	int			keys_as_given_param;	/* spec's keys_as_given: its number */
	/* parameters whose values the statement fixes (conditions' literals) */
	int			nconsts;
	int			const_params[RELNAV_MAX_PARAMS];
	Datum		const_values[RELNAV_MAX_PARAMS];
	void	   *extra;			/* statement-specific */
} RelnavStatement;

/*
 * Fills in a statement.  Runs connected to SPI, in stmt->context; but every
 * SPI call returns to SPI's own context, which SPI_finish frees, so what is
 * kept must be allocated in stmt->context explicitly (the helpers below
 * do).
 */
typedef void (*RelnavStatementBuilder) (RelnavStatement *stmt, void *arg);

/* Note a table the statement reads: its changes invalidate the plan. */
extern void relnav_stmt_add_dependency(RelnavStatement *stmt, Oid relid);

/* A copy of decl that lives as long as the statement. */
extern const RelnavDecl *relnav_stmt_keep_decl(RelnavStatement *stmt,
											   const RelnavDecl *decl);

/* Describe source's primary key as the statement's key (errors if none). */
extern void relnav_stmt_set_key(RelnavStatement *stmt, Oid source);

/* Add a parameter of type; returns its number ($n). */
extern int	relnav_stmt_add_param(RelnavStatement *stmt, Oid type);

/*
 * Add a parameter whose value the statement fixes (a declared condition's
 * literal: values are bound, never written into the SQL); value is copied
 * into the statement.  Returns its number.
 */
extern int	relnav_stmt_add_const(RelnavStatement *stmt, Oid type, Datum value);

/* Append "OPERATOR(nsp.name)" for an operator OID. */
extern void relnav_append_operator(StringInfo buf, Oid opno);

/*
 * Append the call that raises decl's 21000 ("found more than one row"):
 * generated statements make it, in a CASE, once they have seen two rows.
 */
extern void relnav_append_overflow_raise(StringInfo buf, const RelnavDecl *decl);

/* Quoted schema-qualified name of a table. */
extern char *relnav_qualified_name(Oid relid);

/* Append "AND " unless buf is empty: WHERE lists are built from pieces. */
extern void relnav_append_and(StringInfo buf);

/* Append "lalias.lcol OPERATOR(nsp.=) ralias.rcol" (errors name decl). */
extern void relnav_append_column_equality(StringInfo buf,
										  const char *lalias, Oid lrel, AttrNumber latt,
										  const char *ralias, Oid rrel, AttrNumber ratt,
										  const RelnavDecl *decl);

/*
 * Append "alias.col OPERATOR(nsp.=) expr" with the column type's own
 * equality operator; expr ($1, k.k1) has the column's type.
 */
extern void relnav_append_key_equality(StringInfo buf, const char *alias,
									   Oid relid, AttrNumber attnum,
									   const char *expr);

/*
 * Append "alias.pk1 = expr1 AND ..." for every column of key, where expr i
 * is expr_format ("$%d", "k.k%d") with first + i.
 */
extern void relnav_append_key_match(StringInfo buf, const char *alias,
									const RelnavKeyDesc *key,
									const char *expr_format, int first);

/*
 * Append the tables and conditions that join one hop, from rows aliased
 * left_alias (decl->source) to rows aliased right_alias (decl->target).
 * With left_exprs, the hop's source-side columns are those expressions
 * (parameters, say) instead of left_alias's columns.  The secondary table of
 * a many-to-many is added to from as sec_alias.  When target_in_from, the
 * target table is added to from too; otherwise the caller has it in an
 * outer query.  from items are comma-separated.  holder_join, when given,
 * follows the from item of the rows holding the referencing columns (the
 * secondary, or the target, which must then be in from).  The
 * relationship's declared condition, if any, joins where, its literals
 * bound as stmt's constants.
 */
extern void relnav_append_hop(StringInfo from, StringInfo where,
							  RelnavStatement *stmt, const RelnavDecl *decl,
							  const char *left_alias, const char *const *left_exprs,
							  const char *right_alias,
							  const char *sec_alias, bool target_in_from,
							  const char *holder_join);

/*
 * relnav.trust_foreign_keys (default off): a navigation's promise is that
 * a key without a row reaches nothing, and a foreign key does not keep
 * that promise when its triggers were off (session_replication_role =
 * replica, DISABLE TRIGGER).  When on, relnav_hop_source_trusted may say
 * yes.
 */
extern bool relnav_trust_foreign_keys;
extern void relnav_sqlgen_init(void);

/*
 * With relnav.trust_foreign_keys on: does a foreign key guarantee that the
 * source row of every row decl's hop reaches from a key exists and is
 * visible (relnav_foreign_key_trusted)?  Then a navigation need not check
 * the source row.
 */
extern bool relnav_hop_source_trusted(const RelnavDecl *decl);

/*
 * " LEFT JOIN ONLY source rs ON rs.pk = holder.fk AND ...", for a hop whose
 * source is trusted, holder_alias naming the rows holding the referencing
 * columns.  Nothing reads rs and rs.pk is unique, so the planner removes
 * the join; what stays is the check of the privileges the hand-written
 * join needs, and rs among the statement's tables, so that DDL on the
 * source replans it.  Allocated in the current context.
 */
extern char *relnav_source_reference(const RelnavDecl *decl,
									 const char *holder_alias);

/*
 * Append " ORDER BY ..." for rows aliased alias of relid: the given order,
 * then the primary key columns not already in it, so results are stable.
 * Appends nothing when there is neither.
 */
extern void relnav_append_order_by(StringInfo buf, const char *alias, Oid relid,
								   const RelnavOrder *order);

/* The given order, then the primary key columns not already in it. */
extern void relnav_effective_order(Oid relid, const RelnavOrder *order,
								   RelnavOrder *result);

/* Append "alias.col [DESC] [NULLS ...], ..." without the ORDER BY keyword. */
extern bool relnav_append_order_items(StringInfo buf, const char *alias,
									  Oid relid, const RelnavOrder *order);

/*
 * The key's parameters, $1..$nkeys, before any other: one per key column,
 * or for the _many statements one array per key column.
 */
extern void relnav_stmt_add_key_params(RelnavStatement *stmt, bool arrays);

/*
 * Append "(SELECT k1.., min(ord) AS ord FROM ROWS FROM (unnest($1)..) ...
 * GROUP BY k1..)": every distinct key of the key arrays $1..$nkeys, with
 * its first position.  The array parameters must be stmt's first.
 */
extern void relnav_append_distinct_keys(StringInfo sql, RelnavStatement *stmt);

/*
 * Append the source_key column of the planner's rel_navigate_many, for the
 * distinct keys aliased k: k.k1, or for keys_as_given the caller's element
 * at the key's first position (a new parameter of that type: an array, or
 * text holding one).
 */
extern void relnav_append_source_key(StringInfo sql, RelnavStatement *stmt,
									 const RelnavStatementSpec *spec);

#endif							/* RELNAV_SQLGEN_H */
