/*
 * diagram.c
 *		rel_diagram: the declared relationships as a Mermaid erDiagram or a
 *		Graphviz digraph, in crow's foot notation.
 *
 * One edge per relationship, and one per back_populates pair: a pair of
 * mirrors is one link between two tables, seen from either end.  An edge
 * goes from the source of its first relationship; for a pair of a
 * collection and a many_to_one, from the collection's side, so that the
 * referenced table comes first as in most ER drawings.  Its label lists the
 * relationship names in that order ("appointments / user"), and for a
 * many_to_many the association table it goes through.
 *
 * The mark at each end says how many rows of that end's table one row of
 * the other end has:
 *	 referenced table: exactly one (||) only where the database guarantees
 *	   it: a foreign key constraint joins exactly these columns and every
 *	   referencing column is NOT NULL; else zero or one (|o), as for a join
 *	   declared with explicit columns that no constraint backs;
 *	 referencing table: zero or one (o|) for a one_to_one (either side
 *	   declared so, or a unique index covers the referencing columns), else
 *	   zero or more (o{);
 *	 many_to_many: zero or more at both ends.
 *
 * Everything is read from the system catalogs (syscache and pg_index /
 * pg_constraint queries) without opening a user table, so an open
 * transaction that drew a diagram holds no lock on any table and blocks no
 * owner's DDL; a table dropped meanwhile is left out of the drawing.
 *
 * Output is ordered by source table and name, so it is the same for the
 * same declarations.  Names are quoted for the target language whatever they
 * contain; Mermaid cannot quote '"', '%' or '\' in names, so those become
 * look-alikes, and a name that then meets another gets a number.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "catalog.h"
#include "declare.h"
#include "infer.h"
#include "relinfo.h"
#include "store.h"

typedef enum DiagramFormat
{
	DIAGRAM_MERMAID,
	DIAGRAM_DOT
} DiagramFormat;

/* How many rows of one end a row of the other end has. */
typedef enum DiagramMany
{
	DIAGRAM_ZERO_OR_ONE,
	DIAGRAM_EXACTLY_ONE,
	DIAGRAM_ZERO_OR_MORE
} DiagramMany;

/* Mermaid marks for the left and the right end, and Graphviz arrows. */
static const char *const mermaid_left[] = {"|o", "||", "}o"};
static const char *const mermaid_right[] = {"o|", "||", "o{"};
static const char *const dot_arrow[] = {"teeodot", "teetee", "crowodot"};

typedef struct DiagramDecl
{
	RelnavDecl *decl;
	char	   *source_name;	/* display name, the sort key */
	bool		drawn;
} DiagramDecl;

/* A table drawn, with the name it has in the output. */
typedef struct DiagramNode
{
	Oid			relid;
	char	   *token;			/* Mermaid: quoted name; dot: node id */
} DiagramNode;

typedef struct DiagramState
{
	DiagramFormat format;
	List	   *nodes;			/* DiagramNode, in order of first use */
	StringInfoData nodes_text;	/* dot: the node statements */
	StringInfoData edges_text;
} DiagramState;

static int
diagram_compare(const void *a, const void *b)
{
	const DiagramDecl *x = a;
	const DiagramDecl *y = b;
	int			c = strcmp(x->source_name, y->source_name);

	return c != 0 ? c : strcmp(x->decl->name, y->decl->name);
}

static bool
diagram_table_exists(Oid relid)
{
	return SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid));
}

/* Is the column NOT NULL?  False for a column dropped meanwhile. */
static bool
diagram_not_null(Oid relid, AttrNumber attnum)
{
	HeapTuple	tuple = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid),
										Int16GetDatum(attnum));
	bool		not_null = false;

	if (HeapTupleIsValid(tuple))
	{
		Form_pg_attribute att = (Form_pg_attribute) GETSTRUCT(tuple);

		not_null = att->attnotnull && !att->attisdropped;
		ReleaseSysCache(tuple);
	}
	return not_null;
}

/*
 * Does a valid, immediate, non-partial unique index of relid have all its
 * key columns among attnums?  Then no two rows share values there.  Read
 * from pg_index: opening the table would lock it.
 */
static bool
diagram_unique(Oid relid, int n, const AttrNumber *attnums)
{
	Oid			argtypes[2] = {OIDOID, INT2ARRAYOID};
	Datum		values[2];
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
	int			rc;

	for (int i = 0; i < n; i++)
		elems[i] = Int16GetDatum(attnums[i]);
	values[0] = ObjectIdGetDatum(relid);
	values[1] = PointerGetDatum(construct_array(elems, n, INT2OID, sizeof(int16),
												true, TYPALIGN_SHORT));
	rc = relnav_spi_execute("SELECT 1 FROM pg_catalog.pg_index i"
							" WHERE i.indrelid OPERATOR(pg_catalog.=) $1"
							" AND i.indisunique AND i.indisvalid AND i.indimmediate"
							" AND i.indpred IS NULL AND i.indexprs IS NULL"
							" AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(i.indkey::pg_catalog.int2[])"
							"  WITH ORDINALITY k(attnum, n)"
							"  WHERE k.n OPERATOR(pg_catalog.<=) i.indnkeyatts"
							"  AND NOT k.attnum OPERATOR(pg_catalog.=) ANY ($2))",
							2, argtypes, values, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read indexes: %s", SPI_result_code_string(rc));
	return SPI_processed > 0;
}

/*
 * Does a foreign key of holder to referenced join exactly these column
 * pairs, with every referencing column NOT NULL?  Then each holder row has
 * exactly one referenced row.
 */
static bool
diagram_required(Oid holder, const AttrNumber *holder_attnums, Oid referenced,
				 const AttrNumber *referenced_attnums, int n)
{
	ListCell   *lc;

	for (int i = 0; i < n; i++)
		if (!diagram_not_null(holder, holder_attnums[i]))
			return false;
	foreach(lc, relnav_foreign_keys(holder, referenced, InvalidOid))
	{
		RelnavForeignKey *fk = lfirst(lc);

		if (relnav_same_column_pairs(n, holder_attnums, referenced_attnums,
									 fk->ncolumns, fk->conkey, fk->confkey))
			return true;
	}
	return false;
}

/* Every declaration whose tables still exist, sorted. */
static DiagramDecl *
diagram_read(int *count)
{
	List	   *all = relnav_declarations();
	DiagramDecl *decls = palloc0(sizeof(DiagramDecl) * Max(list_length(all), 1));
	ListCell   *lc;

	*count = 0;
	foreach(lc, all)
	{
		RelnavDecl *decl = lfirst(lc);
		DiagramDecl *d;

		/* no lock is held: a table may have been dropped since the read */
		if (!diagram_table_exists(decl->source) || !diagram_table_exists(decl->target) ||
			(OidIsValid(decl->secondary) && !diagram_table_exists(decl->secondary)))
			continue;
		d = &decls[(*count)++];
		d->decl = decl;
		d->source_name = relnav_display_name(decl->source);
	}
	qsort(decls, *count, sizeof(DiagramDecl), diagram_compare);
	return decls;
}

/* The undrawn declaration that d names as back_populates, naming d back. */
static DiagramDecl *
diagram_mirror(DiagramDecl *decls, int n, const DiagramDecl *d)
{
	if (d->decl->back_populates == NULL)
		return NULL;
	for (int i = 0; i < n; i++)
	{
		const RelnavDecl *m = decls[i].decl;

		if (&decls[i] != d && !decls[i].drawn &&
			m->source == d->decl->target && m->target == d->decl->source &&
			strcmp(m->name, d->decl->back_populates) == 0 &&
			m->back_populates != NULL && strcmp(m->back_populates, d->decl->name) == 0)
			return &decls[i];
	}
	return NULL;
}

/* Append s for a Mermaid quoted string, or a Graphviz one (escaped). */
static void
diagram_append_text(StringInfo buf, DiagramFormat format, const char *s)
{
	for (; *s; s++)
	{
		if (*s == '\n' || *s == '\r' || *s == '\t' || *s == '\v' || *s == '\b')
			appendStringInfoChar(buf, ' ');
		else if (format == DIAGRAM_DOT && (*s == '"' || *s == '\\'))
			appendStringInfo(buf, "\\%c", *s);
		else if (format == DIAGRAM_MERMAID && *s == '"')
			appendStringInfoChar(buf, '\'');
		else if (format == DIAGRAM_MERMAID && (*s == '%' || *s == '\\'))
			appendStringInfoChar(buf, '_');
		else
			appendStringInfoChar(buf, *s);
	}
}

/* The output name of relid, created at first use. */
static const char *
diagram_node(DiagramState *state, Oid relid)
{
	ListCell   *lc;
	DiagramNode *node;
	StringInfoData buf;

	foreach(lc, state->nodes)
	{
		node = lfirst(lc);
		if (node->relid == relid)
			return node->token;
	}

	node = palloc(sizeof(DiagramNode));
	node->relid = relid;
	initStringInfo(&buf);
	if (state->format == DIAGRAM_DOT)
	{
		/* plain ids, so that names only ever appear in labels */
		appendStringInfo(&buf, "t%d", list_length(state->nodes) + 1);
		appendStringInfo(&state->nodes_text, "\t%s [label=\"", buf.data);
		diagram_append_text(&state->nodes_text, DIAGRAM_DOT, relnav_display_name(relid));
		appendStringInfoString(&state->nodes_text, "\"];\n");
	}
	else
	{
		char	   *name;
		int			copies = 1;
		bool		clash;

		initStringInfo(&buf);
		diagram_append_text(&buf, DIAGRAM_MERMAID, relnav_display_name(relid));
		name = buf.data;
		do
		{
			clash = false;
			initStringInfo(&buf);
			appendStringInfo(&buf, copies == 1 ? "\"%s\"" : "\"%s (%d)\"", name, copies);
			foreach(lc, state->nodes)
				clash |= (strcmp(((DiagramNode *) lfirst(lc))->token, buf.data) == 0);
			copies++;
		} while (clash);
	}
	node->token = buf.data;
	state->nodes = lappend(state->nodes, node);
	return node->token;
}

/* The marks at the source and target ends of decl, given its mirror. */
static void
diagram_marks(const RelnavDecl *decl, const RelnavDecl *mirror,
			  DiagramMany *at_source, DiagramMany *at_target)
{
	bool		m2o = (decl->kind == RELNAV_MANY_TO_ONE);
	Oid			holder = m2o ? decl->source : decl->target;
	Oid			other = m2o ? decl->target : decl->source;
	const AttrNumber *fk = m2o ? decl->source_attnums : decl->target_attnums;
	const AttrNumber *key = m2o ? decl->target_attnums : decl->source_attnums;
	bool		required;
	bool		single;
	DiagramMany referenced;
	DiagramMany referencing;

	if (decl->kind == RELNAV_MANY_TO_MANY)
	{
		*at_source = *at_target = DIAGRAM_ZERO_OR_MORE;
		return;
	}
	required = diagram_required(holder, fk, other, key, decl->ncolumns);
	single = decl->kind == RELNAV_ONE_TO_ONE ||
		(mirror != NULL && mirror->kind == RELNAV_ONE_TO_ONE) ||
		diagram_unique(holder, decl->ncolumns, fk);
	referenced = required ? DIAGRAM_EXACTLY_ONE : DIAGRAM_ZERO_OR_ONE;
	referencing = single ? DIAGRAM_ZERO_OR_ONE : DIAGRAM_ZERO_OR_MORE;
	*at_source = m2o ? referencing : referenced;
	*at_target = m2o ? referenced : referencing;
}

static void
diagram_edge(DiagramState *state, const RelnavDecl *decl, const RelnavDecl *mirror)
{
	StringInfo	out = &state->edges_text;
	const char *left = diagram_node(state, decl->source);
	const char *right = diagram_node(state, decl->target);
	DiagramMany at_source;
	DiagramMany at_target;
	StringInfoData label;

	diagram_marks(decl, mirror, &at_source, &at_target);
	initStringInfo(&label);
	diagram_append_text(&label, state->format, decl->name);
	if (mirror != NULL)
	{
		appendStringInfoString(&label, " / ");
		diagram_append_text(&label, state->format, mirror->name);
	}
	if (OidIsValid(decl->secondary))
	{
		/* dot breaks the line before the association table (its own \n) */
		appendStringInfoString(&label, state->format == DIAGRAM_DOT ?
							   "\\nthrough " : ", through ");
		diagram_append_text(&label, state->format, relnav_display_name(decl->secondary));
	}

	if (state->format == DIAGRAM_MERMAID)
		appendStringInfo(out, "\n    %s %s--%s %s : \"%s\"", left,
						 mermaid_left[at_source], mermaid_right[at_target], right,
						 label.data);
	else
		appendStringInfo(out, "\t%s -> %s [arrowtail=%s, arrowhead=%s, label=\"%s\"];\n",
						 left, right, dot_arrow[at_source], dot_arrow[at_target],
						 label.data);
}

/* rel_diagram(format text) RETURNS text */
PG_FUNCTION_INFO_V1(rel_diagram);
Datum
rel_diagram(PG_FUNCTION_ARGS)
{
	char	   *format = text_to_cstring(PG_GETARG_TEXT_PP(0));
	DiagramState state = {0};
	DiagramDecl *decls;
	int			n;
	StringInfoData result;

	if (pg_strcasecmp(format, "mermaid") == 0)
		state.format = DIAGRAM_MERMAID;
	else if (pg_strcasecmp(format, "dot") == 0)
		state.format = DIAGRAM_DOT;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid diagram format \"%s\"", format),
				 errhint("Valid formats are mermaid and dot.")));
	(void) relnav_catalog_relid_or_error();

	/* the result is built here, outside SPI's memory, which SPI_finish frees */
	initStringInfo(&result);
	relnav_spi_connect();
	initStringInfo(&state.nodes_text);
	initStringInfo(&state.edges_text);
	decls = diagram_read(&n);
	for (int i = 0; i < n; i++)
	{
		DiagramDecl *d = &decls[i];
		DiagramDecl *m;

		if (d->drawn)
			continue;
		m = diagram_mirror(decls, n, d);
		d->drawn = true;
		if (m == NULL)
			diagram_edge(&state, d->decl, NULL);
		else
		{
			m->drawn = true;
			/* a collection and its many_to_one: from the collection */
			if (d->decl->kind == RELNAV_MANY_TO_ONE && m->decl->kind != RELNAV_MANY_TO_ONE)
				diagram_edge(&state, m->decl, d->decl);
			else
				diagram_edge(&state, d->decl, m->decl);
		}
	}

	if (state.format == DIAGRAM_MERMAID)
		appendStringInfo(&result, "erDiagram%s", state.edges_text.data);
	else
		appendStringInfo(&result,
						 "digraph relnav {\n"
						 "\tgraph [rankdir=LR, ranksep=1.4, nodesep=0.5, fontname=\"Helvetica\"];\n"
						 "\tnode [shape=box, margin=\"0.25,0.12\", fontname=\"Helvetica\"];\n"
						 "\tedge [dir=both, fontname=\"Helvetica\", fontsize=10];\n"
						 "%s%s}",
						 state.nodes_text.data, state.edges_text.data);
	SPI_finish();
	PG_RETURN_TEXT_P(cstring_to_text(result.data));
}
