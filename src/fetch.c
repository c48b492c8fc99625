/*
 * fetch.c
 *		rel_fetch and rel_fetch_many: nested documents in one statement.
 *
 * A shape compiles to a single SELECT whatever its depth, the way
 * PostgREST builds its embedding: each level is a jsonb object of the
 * row's columns, each embedded relationship a correlated subquery,
 *	 scalar:	 (SELECT <object> FROM target c WHERE <join>)
 *	 collection: COALESCE((SELECT jsonb_agg(<object> ORDER BY ...)
 *							FROM target c WHERE <join>), '[]')
 * so a scalar hop that finds two rows fails with PostgreSQL's own 21000,
 * and privileges and row-level security apply at every level.
 */
#include "postgres.h"

#include "access/relation.h"
#include "executor/spi.h"
#include "executor/tstoreReceiver.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/rel.h"
#include "utils/tuplestore.h"

#include "callsite.h"
#include "relinfo.h"
#include "scan.h"
#include "shape.h"
#include "sqlgen.h"

/* jsonb_build_object takes at most FUNC_MAX_ARGS (100) arguments. */
#define FETCH_PAIRS_PER_CALL 50

typedef struct FetchGen
{
	RelnavStatement *stmt;
	int			naliases;		/* aliases t0, t1, ... handed out */
} FetchGen;

static void fetch_append_object(FetchGen *gen, StringInfo buf,
								const ShapeNode *node, const char *alias);

static void
fetch_add_dependency(void *arg, Oid relid)
{
	relnav_stmt_add_dependency((RelnavStatement *) arg, relid);
}

/*
 * An object expression is built from parts joined by ||, each part at most
 * FETCH_PAIRS_PER_CALL key/value pairs of one jsonb_build_object call.
 * Start the next pair, opening a new part when the current one is full.
 */
static void
fetch_begin_pair(StringInfo buf, int *npairs, int *nparts)
{
	if (*npairs % FETCH_PAIRS_PER_CALL == 0)
	{
		if (*npairs > 0)
			appendStringInfoChar(buf, ')');
		if ((*nparts)++ > 0)
			appendStringInfoString(buf, " OPERATOR(pg_catalog.||) ");
		appendStringInfoString(buf, "pg_catalog.jsonb_build_object(");
	}
	else
		appendStringInfoString(buf, ", ");
	(*npairs)++;
}

/* Close the last jsonb_build_object call of a run of pairs. */
static void
fetch_end_pairs(StringInfo buf, int npairs)
{
	if (npairs > 0)
		appendStringInfoChar(buf, ')');
}

static void
fetch_append_embed(FetchGen *gen, StringInfo buf, const ShapeEmbed *embed,
				   const char *parent_alias)
{
	const RelnavDecl *decl = embed->decl;
	int			n = ++gen->naliases;
	char	   *alias = psprintf("t%d", n);
	char	   *sec_alias = psprintf("s%d", n);
	StringInfoData from;
	StringInfoData where;
	StringInfoData condition;

	initStringInfo(&from);
	initStringInfo(&where);
	relnav_append_hop(&from, &where, decl, parent_alias, NULL, alias, sec_alias, false);
	initStringInfo(&condition);
	if (from.len > 0)			/* through a secondary: each target row once */
		appendStringInfo(&condition, "EXISTS (SELECT 1 FROM %s WHERE %s)",
						 from.data, where.data);
	else
		appendStringInfoString(&condition, where.data);

	if (relnav_kind_is_scalar(decl->kind) &&
		relnav_columns_unique(decl->target, decl->ntarget_columns,
							  decl->target_attnums))
	{
		/* unique target columns: one row at most */
		appendStringInfoString(buf, "(SELECT ");
		fetch_append_object(gen, buf, embed->child, alias);
		appendStringInfo(buf, " FROM %s %s WHERE %s)",
						 relnav_qualified_name(decl->target), alias, condition.data);
	}
	else if (relnav_kind_is_scalar(decl->kind))
	{
		/*
		 * Two rows call _relnav.scalar_overflow, which names the
		 * relationship; the window count sees every row before the first
		 * is returned.
		 */
		appendStringInfo(buf, "(SELECT CASE WHEN pg_catalog.count(*) OVER () OPERATOR(pg_catalog.>) 1"
						 " THEN _relnav.scalar_overflow(%u::pg_catalog.regclass, %s, %s)::pg_catalog.text::pg_catalog.jsonb ELSE ",
						 decl->source, quote_literal_cstr(decl->name),
						 quote_literal_cstr(relnav_kind_name(decl->kind)));
		fetch_append_object(gen, buf, embed->child, alias);
		appendStringInfo(buf, " END FROM %s %s WHERE %s LIMIT 1)",
						 relnav_qualified_name(decl->target), alias, condition.data);
	}
	else
	{
		StringInfoData items;

		initStringInfo(&items);
		appendStringInfoString(buf, "COALESCE((SELECT pg_catalog.jsonb_agg(");
		fetch_append_object(gen, buf, embed->child, alias);
		if (relnav_append_order_items(&items, alias, decl->target, &decl->order))
			appendStringInfo(buf, " ORDER BY %s", items.data);
		appendStringInfo(buf, ") FROM %s %s WHERE %s), '[]'::pg_catalog.jsonb)",
						 relnav_qualified_name(decl->target), alias, condition.data);
	}
}

/* Append one "'name', alias.name" pair. */
static void
fetch_append_column_pair(StringInfo buf, const char *alias, const char *name,
						 int *npairs, int *nparts)
{
	fetch_begin_pair(buf, npairs, nparts);
	appendStringInfo(buf, "%s, %s.%s", quote_literal_cstr(name), alias,
					 quote_identifier(name));
}

/*
 * Append the jsonb expression of node's document for the row alias: its
 * columns and embedded relationships as the pairs of one jsonb_build_object
 * (more only past FETCH_PAIRS_PER_CALL pairs: joining objects with ||
 * serializes the document again).  A level of '*' alone is to_jsonb(row).
 */
static void
fetch_append_object(FetchGen *gen, StringInfo buf, const ShapeNode *node,
					const char *alias)
{
	int			nparts = 0;
	int			npairs = 0;
	ListCell   *lc;

	if (node->star && node->embeds == NIL)
	{
		appendStringInfo(buf, "pg_catalog.to_jsonb(%s)", alias);
		return;
	}

	if (node->star)
	{
		/* every live column, as to_jsonb would show it */
		Relation	rel = relation_open(node->relid, AccessShareLock);
		TupleDesc	desc = RelationGetDescr(rel);

		for (int i = 0; i < desc->natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, i);

			if (!att->attisdropped)
				fetch_append_column_pair(buf, alias, NameStr(att->attname),
										 &npairs, &nparts);
		}
		relation_close(rel, NoLock);
	}
	else
		foreach(lc, node->columns)
			fetch_append_column_pair(buf, alias, ((ShapeColumn *) lfirst(lc))->name,
									 &npairs, &nparts);

	foreach(lc, node->embeds)
	{
		ShapeEmbed *embed = lfirst(lc);

		fetch_begin_pair(buf, &npairs, &nparts);
		appendStringInfo(buf, "%s, ", quote_literal_cstr(embed->key));
		fetch_append_embed(gen, buf, embed, alias);
	}
	fetch_end_pairs(buf, npairs);

	if (nparts == 0)
		appendStringInfoString(buf, "'{}'::pg_catalog.jsonb");
}

/* Builder of RELNAV_STMT_FETCH and RELNAV_STMT_FETCH_MANY statements. */
static void
fetch_build(RelnavStatement *stmt, void *arg)
{
	RelnavStatementSpec *spec = arg;
	FetchGen	gen = {stmt, 0};
	ShapeNode  *root;
	StringInfoData sql;

	relnav_stmt_set_key(stmt, spec->source);
	relnav_stmt_add_dependency(stmt, spec->source);
	root = relnav_parse_shape(spec->text, spec->source, fetch_add_dependency, stmt);
	stmt->target = spec->source;

	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT ");
	fetch_append_object(&gen, &sql, root, "t0");

	if (spec->kind == RELNAV_STMT_FETCH)
	{
		StringInfoData where;

		initStringInfo(&where);
		for (int i = 0; i < stmt->key.nkeys; i++)
			(void) relnav_stmt_add_param(stmt, stmt->key.types[i]);
		relnav_append_key_match(&where, "t0", &stmt->key, "$%d", 1);
		appendStringInfo(&sql, " FROM %s t0 WHERE %s",
						 relnav_qualified_name(spec->source), where.data);
	}
	else
	{
		StringInfoData where;

		appendStringInfoString(&sql, " FROM ");
		relnav_append_distinct_keys(&sql, stmt);
		initStringInfo(&where);
		relnav_append_key_match(&where, "t0", &stmt->key, "k.k%d", 1);
		appendStringInfo(&sql, " k, %s t0 WHERE %s ORDER BY k.ord",
						 relnav_qualified_name(spec->source), where.data);
	}
	stmt->sql = sql.data;
}

/* rel_fetch(source regclass, key "any", shape text) RETURNS jsonb */
PG_FUNCTION_INFO_V1(rel_fetch);
Datum
rel_fetch(PG_FUNCTION_ARGS)
{
	RelnavCallSite *site;
	Datum		result = (Datum) 0;
	bool		found = false;
	int			rc;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();

	relnav_spi_connect();
	site = relnav_callsite_enter(fcinfo, RELNAV_STMT_FETCH, PG_GETARG_OID(0),
							   PG_GETARG_TEXT_PP(2), NULL, false, fetch_build);
	if (relnav_callsite_bind_key(fcinfo, site, 1))
	{
		rc = relnav_callsite_execute(site, NULL, true);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "relnav fetch failed: %s", SPI_result_code_string(rc));
		if (SPI_processed > 0)
		{
			bool		isnull;
			Datum		doc = SPI_getbinval(SPI_tuptable->vals[0],
											SPI_tuptable->tupdesc, 1, &isnull);

			if (!isnull)
			{
				/* copy out of SPI's memory before SPI_finish frees it */
				result = SPI_datumTransfer(doc, false, -1);
				found = true;
			}
		}
	}
	relnav_callsite_leave(site);
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/*
 * rel_fetch_many(source regclass, keys anyarray, shape text)
 *		RETURNS SETOF jsonb
 */
PG_FUNCTION_INFO_V1(rel_fetch_many);
Datum
rel_fetch_many(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	RelnavCallSite *site;
	DestReceiver *dest;
	int			rc;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;

	relnav_spi_connect();
	site = relnav_callsite_enter(fcinfo, RELNAV_STMT_FETCH_MANY, PG_GETARG_OID(0),
							   PG_GETARG_TEXT_PP(2), NULL, false, fetch_build);
	relnav_callsite_bind_key_array(fcinfo, site, 1);
	dest = CreateDestReceiver(DestTuplestore);
	SetTuplestoreDestReceiverParams(dest, rsinfo->setResult,
									rsinfo->econtext->ecxt_per_query_memory,
									false, NULL, NULL);
	rc = relnav_callsite_execute(site, dest, true);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "relnav fetch failed: %s", SPI_result_code_string(rc));
	dest->rDestroy(dest);
	relnav_callsite_leave(site);
	SPI_finish();
	return (Datum) 0;
}
