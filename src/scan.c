/*
 * scan.c
 *		A small scanner for the names users write in paths, shapes and
 *		ORDER BY lists.
 *
 * Pure text: the scanner never looks anything up and never builds SQL; it
 * only yields names, which callers look up in the catalog and quote again
 * when they generate a statement.  Nothing is kept between calls.
 */
#include "postgres.h"

#include <ctype.h>

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "parser/scansup.h"
#include "utils/builtins.h"

#include "scan.h"

#define RELNAV_ABBREVIATE_AT 60

void
relnav_scan_init(RelnavScanner *scan, const char *input, const char *what)
{
	scan->input = input;
	scan->pos = input;
	scan->what = what;
}

void
relnav_scan_skip_space(RelnavScanner *scan)
{
	while (scanner_isspace(*scan->pos))
		scan->pos++;
}

bool
relnav_scan_at_end(RelnavScanner *scan)
{
	relnav_scan_skip_space(scan);
	return *scan->pos == '\0';
}

bool
relnav_scan_char(RelnavScanner *scan, char c)
{
	relnav_scan_skip_space(scan);
	if (*scan->pos != c)
		return false;
	scan->pos++;
	return true;
}

static bool
ident_start_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		IS_HIGHBIT_SET(c);
}

static bool
ident_cont_char(unsigned char c)
{
	return ident_start_char(c) || (c >= '0' && c <= '9') || c == '$';
}

char *
relnav_abbreviate(const char *text)
{
	int			len = strlen(text);
	int			cut;

	if (len <= RELNAV_ABBREVIATE_AT)
		return pstrdup(text);
	cut = pg_mbcliplen(text, len, RELNAV_ABBREVIATE_AT);
	return psprintf("%.*s...", cut, text);
}

void
relnav_scan_error(RelnavScanner *scan, const char *expected)
{
	int			charpos = pg_mbstrlen_with_len(scan->input,
											   scan->pos - scan->input) + 1;

	if (*scan->pos == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("syntax error in %s \"%s\" at end of input",
						scan->what, relnav_abbreviate(scan->input)),
				 errdetail("Expected %s at character %d.", expected, charpos)));
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("syntax error in %s \"%s\" at character %d",
					scan->what, relnav_abbreviate(scan->input), charpos),
			 errdetail("Expected %s, found \"%s\".", expected,
					   relnav_abbreviate(scan->pos))));
}

char *
relnav_scan_identifier(RelnavScanner *scan, const char *expected, bool *quoted)
{
	const char *start;

	relnav_scan_skip_space(scan);
	start = scan->pos;

	if (*start == '"')
	{
		StringInfoData buf;
		const char *p = start + 1;

		initStringInfo(&buf);
		for (;;)
		{
			if (*p == '\0')
				ereport(ERROR,
						(errcode(ERRCODE_SYNTAX_ERROR),
						 errmsg("unterminated quoted identifier in %s \"%s\"",
								scan->what, relnav_abbreviate(scan->input)),
						 errdetail("The quoted identifier starting at character %d has no closing double quote.",
								   pg_mbstrlen_with_len(scan->input,
														start - scan->input) + 1)));
			if (*p == '"')
			{
				if (p[1] != '"')
					break;
				p++;			/* "" stands for one quote */
			}
			appendStringInfoChar(&buf, *p);
			p++;
		}
		if (buf.len == 0)
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("zero-length delimited identifier in %s \"%s\" at character %d",
							scan->what, relnav_abbreviate(scan->input),
							pg_mbstrlen_with_len(scan->input,
												 start - scan->input) + 1)));
		scan->pos = p + 1;
		if (quoted)
			*quoted = true;
		return buf.data;
	}

	if (!ident_start_char((unsigned char) *start))
		relnav_scan_error(scan, expected);
	while (ident_cont_char((unsigned char) *scan->pos))
		scan->pos++;
	if (quoted)
		*quoted = false;
	return downcase_identifier(start, scan->pos - start, false, false);
}

/* A whole number of a quantifier; 54001 past RELNAV_MAX_HOPS_BOUND. */
static int
scan_bound(RelnavScanner *scan)
{
	int64		value = 0;

	relnav_scan_skip_space(scan);
	if (!isdigit((unsigned char) *scan->pos))
		relnav_scan_error(scan, "a whole number");
	while (isdigit((unsigned char) *scan->pos))
	{
		value = value * 10 + (*scan->pos++ - '0');
		if (value > RELNAV_MAX_HOPS_BOUND)
			ereport(ERROR,
					(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
					 errmsg("quantifier in %s \"%s\" exceeds %d hops",
							scan->what, relnav_abbreviate(scan->input),
							RELNAV_MAX_HOPS_BOUND),
					 errhint("Use + or {m,} for every depth: cycles in the data are followed once.")));
	}
	return (int) value;
}

bool
relnav_scan_quantifier(RelnavScanner *scan, int *min_hops, int *max_hops)
{
	const char *start;

	relnav_scan_skip_space(scan);
	start = scan->pos;
	if (relnav_scan_char(scan, '+'))
	{
		*min_hops = 1;
		*max_hops = -1;
		return true;
	}
	if (relnav_scan_char(scan, '*'))
	{
		*min_hops = 0;
		*max_hops = -1;
		return true;
	}
	if (!relnav_scan_char(scan, '{'))
		return false;
	*min_hops = scan_bound(scan);
	if (relnav_scan_char(scan, ','))
	{
		relnav_scan_skip_space(scan);
		if (*scan->pos == '}')
			*max_hops = -1;		/* {m,}: no upper bound */
		else if (isdigit((unsigned char) *scan->pos))
			*max_hops = scan_bound(scan);
		else
			relnav_scan_error(scan, "a whole number or \"}\"");
	}
	else
		*max_hops = *min_hops;
	if (!relnav_scan_char(scan, '}'))
		relnav_scan_error(scan, "\",\" or \"}\"");
	if (*max_hops == 0 || (*max_hops >= 0 && *min_hops > *max_hops))
	{
		scan->pos = start;
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("invalid quantifier in %s \"%s\" at character %d",
						scan->what, relnav_abbreviate(scan->input),
						pg_mbstrlen_with_len(scan->input, start - scan->input) + 1),
				 errdetail(*max_hops == 0 ?
						   "A quantifier allows at least one hop." :
						   "The lower bound exceeds the upper bound.")));
	}
	return true;
}

List *
relnav_parse_path(const char *path)
{
	RelnavScanner scan;
	List	   *steps = NIL;

	relnav_scan_init(&scan, path, "path");
	do
	{
		RelnavPathStep *step = palloc0(sizeof(RelnavPathStep));

		if (list_length(steps) >= RELNAV_PATH_MAX_HOPS)
			ereport(ERROR,
					(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
					 errmsg("path \"%s\" has more than %d relationships",
							relnav_abbreviate(path), RELNAV_PATH_MAX_HOPS)));
		relnav_scan_skip_space(&scan);
		step->location = pg_mbstrlen_with_len(path, scan.pos - path) + 1;
		step->name = relnav_scan_identifier(&scan, "a relationship name", NULL);
		step->min_hops = step->max_hops = 1;
		step->quantified = relnav_scan_quantifier(&scan, &step->min_hops,
												  &step->max_hops);
		steps = lappend(steps, step);
	} while (relnav_scan_char(&scan, '.'));

	if (!relnav_scan_at_end(&scan))
		relnav_scan_error(&scan, "a quantifier, \".\" or end of path");
	return steps;
}

bool
relnav_scan_keyword(RelnavScanner *scan, const char *keyword)
{
	int			len = strlen(keyword);

	relnav_scan_skip_space(scan);
	if (pg_strncasecmp(scan->pos, keyword, len) == 0 &&
		!ident_cont_char((unsigned char) scan->pos[len]))
	{
		scan->pos += len;
		return true;
	}
	return false;
}
