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

/* ------------------------------------------------------------------------
 * Keywords and literals, for the clauses of shapes (query_parse.c)
 * ------------------------------------------------------------------------
 */

int
relnav_scan_charpos(RelnavScanner *scan, const char *pos)
{
	return pg_mbstrlen_with_len(scan->input, pos - scan->input) + 1;
}

bool
relnav_scan_peek_keyword(RelnavScanner *scan, const char *keyword)
{
	int			len = strlen(keyword);

	relnav_scan_skip_space(scan);
	return pg_strncasecmp(scan->pos, keyword, len) == 0 &&
		!ident_cont_char((unsigned char) scan->pos[len]);
}

bool
relnav_scan_keyword(RelnavScanner *scan, const char *keyword)
{
	if (!relnav_scan_peek_keyword(scan, keyword))
		return false;
	scan->pos += strlen(keyword);
	return true;
}

static void
ident_error_escape(RelnavScanner *scan, const char *at, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("invalid escape in %s \"%s\" at character %d",
					scan->what, relnav_abbreviate(scan->input),
					relnav_scan_charpos(scan, at)),
			 errdetail("%s", detail)));
}

static int
ident_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* n hex digits at p as a code point, or -1 */
static long
ident_hex_digits(const char *p, int n)
{
	long		value = 0;

	for (int i = 0; i < n; i++)
	{
		int			digit = ident_hex_value(p[i]);

		if (digit < 0)
			return -1;
		value = value * 16 + digit;
	}
	return value;
}

/*
 * One backslash escape of an E'' string, as PostgreSQL reads them: \b \f
 * \n \r \t, octal \ooo, hex \xhh, \uXXXX and \UXXXXXXXX (a UTF-16
 * surrogate pair as two \u), anything else itself.  p is at the backslash;
 * returns the position after the escape.
 */
static const char *
ident_scan_escape(RelnavScanner *scan, const char *p, StringInfo buf)
{
	const char *at = p++;
	int			value = 0;
	int			n = 0;

	switch (*p)
	{
		case 'b':
			appendStringInfoChar(buf, '\b');
			return p + 1;
		case 'f':
			appendStringInfoChar(buf, '\f');
			return p + 1;
		case 'n':
			appendStringInfoChar(buf, '\n');
			return p + 1;
		case 'r':
			appendStringInfoChar(buf, '\r');
			return p + 1;
		case 't':
			appendStringInfoChar(buf, '\t');
			return p + 1;
		case 'x':
			while (n < 2 && ident_hex_value(p[1 + n]) >= 0)
				value = value * 16 + ident_hex_value(p[1 + n++]);
			if (n == 0)
			{
				appendStringInfoChar(buf, 'x');
				return p + 1;
			}
			p += 1 + n;
			break;
		case 'u':
		case 'U':
			{
				int			ndigits = (*p == 'u') ? 4 : 8;
				long		cp = ident_hex_digits(p + 1, ndigits);
				unsigned char utf[MAX_UNICODE_EQUIVALENT_STRING + 1];

				if (cp < 0)
					ident_error_escape(scan, at, "A Unicode escape must be \\uXXXX or \\UXXXXXXXX.");
				p += 1 + ndigits;
				if (cp <= 0x10FFFF && is_utf16_surrogate_first((pg_wchar) cp))
				{
					long		second = (p[0] == '\\' && p[1] == 'u') ?
						ident_hex_digits(p + 2, 4) : -1;

					if (second < 0 || !is_utf16_surrogate_second((pg_wchar) second))
						ident_error_escape(scan, at, "A Unicode high surrogate must be followed by a low surrogate.");
					cp = surrogate_pair_to_codepoint((pg_wchar) cp, (pg_wchar) second);
					p += 6;
				}
				else if (cp <= 0x10FFFF && is_utf16_surrogate_second((pg_wchar) cp))
					ident_error_escape(scan, at, "A Unicode low surrogate must follow a high surrogate.");
				if (cp == 0 || !is_valid_unicode_codepoint((pg_wchar) cp))
					ident_error_escape(scan, at, "The Unicode escape value is not a character.");
				pg_unicode_to_server((pg_wchar) cp, utf);
				appendStringInfoString(buf, (char *) utf);
				return p;
			}
		default:
			if (*p >= '0' && *p <= '7')
			{
				while (n < 3 && p[n] >= '0' && p[n] <= '7')
					value = value * 8 + (p[n++] - '0');
				p += n;
				break;
			}
			/* anything else, a quote or a backslash say, is itself */
			appendStringInfoChar(buf, *p);
			return p + 1;
	}

	/* an octal or hex byte: the string's encoding is checked at the end */
	if ((value & 0xFF) == 0)
		ident_error_escape(scan, at, "A string cannot hold a zero byte.");
	appendStringInfoChar(buf, (char) value);
	return p;
}

char *
relnav_scan_string(RelnavScanner *scan, const char *expected)
{
	const char *start;
	const char *p;
	bool		escapes;
	StringInfoData buf;

	relnav_scan_skip_space(scan);
	start = scan->pos;
	escapes = (*start == 'E' || *start == 'e') && start[1] == '\'';
	if (*start != '\'' && !escapes)
		relnav_scan_error(scan, expected);

	/*
	 * SQL's standard strings: '' is a quote, a backslash a backslash; in
	 * E'' strings (what quote_literal writes for a backslash) backslash
	 * escapes too, whatever standard_conforming_strings says.
	 */
	initStringInfo(&buf);
	p = start + (escapes ? 2 : 1);
	for (;;)
	{
		const char *run = p;

		while (*p != '\0' && *p != '\'' && !(escapes && *p == '\\'))
			p++;
		appendBinaryStringInfo(&buf, run, p - run);
		if (*p == '\0' || (*p == '\\' && p[1] == '\0'))
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("unterminated quoted string in %s \"%s\"",
							scan->what, relnav_abbreviate(scan->input)),
					 errdetail("The string starting at character %d has no closing quote.",
							   relnav_scan_charpos(scan, start))));
		if (*p == '\\')
		{
			p = ident_scan_escape(scan, p, &buf);
			continue;
		}
		if (p[1] != '\'')
			break;
		appendStringInfoChar(&buf, '\'');
		p += 2;
	}
	if (escapes)
		(void) pg_verifymbstr(buf.data, buf.len, false);	/* 22021 if not */
	scan->pos = p + 1;
	return buf.data;
}

bool
relnav_scan_at_number(RelnavScanner *scan)
{
	const char *p;

	relnav_scan_skip_space(scan);
	p = scan->pos;
	if (*p == '-')
		p++;
	if (*p == '.')
		p++;
	return *p >= '0' && *p <= '9';
}

char *
relnav_scan_number(RelnavScanner *scan, bool integer, const char *expected)
{
	const char *start;
	const char *p;
	bool		digits = false;

	relnav_scan_skip_space(scan);
	start = p = scan->pos;
	if (!integer && *p == '-')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits = true;
	if (!integer && *p == '.')
	{
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits = true;
	}
	if (!digits)
		relnav_scan_error(scan, expected);
	if (!integer && (*p == 'e' || *p == 'E'))
	{
		const char *e = p + 1;

		if (*e == '+' || *e == '-')
			e++;
		if (*e >= '0' && *e <= '9')
		{
			while (*e >= '0' && *e <= '9')
				e++;
			p = e;
		}
	}
	/* "5abc" is no number followed by a name, as it would be in SQL */
	if (ident_cont_char((unsigned char) *p) || *p == '.')
	{
		scan->pos = p;
		relnav_scan_error(scan, integer ? "an integer" : "the end of the number");
	}
	scan->pos = p;
	return pnstrdup(start, p - start);
}
