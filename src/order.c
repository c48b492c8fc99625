/*
 * order.c
 *		ORDER BY lists of one table's columns: parsing the text users write
 *		(order_by arguments and declarations) into attribute numbers, and
 *		rendering them back under today's column names.
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "order.h"
#include "relinfo.h"
#include "scan.h"

void
relnav_append_order_direction(StringInfo buf, int16 flags)
{
	bool		desc = (flags & RELNAV_ORDER_DESC) != 0;
	bool		nulls_first = (flags & RELNAV_ORDER_NULLS_FIRST) != 0;

	if (desc)
		appendStringInfoString(buf, " DESC");
	/* NULLS is said only where it differs from the direction's default */
	if (nulls_first != desc)
		appendStringInfoString(buf, nulls_first ? " NULLS FIRST" : " NULLS LAST");
}

void
relnav_parse_order_by(const char *text, Oid relid, RelnavOrder *order)
{
	RelnavScanner scan;
	char	   *columns[RELNAV_MAX_COLUMNS];

	relnav_scan_init(&scan, text, "order_by");
	order->nitems = 0;
	do
	{
		int16		flags = 0;

		if (order->nitems >= RELNAV_MAX_COLUMNS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("order_by \"%s\" has more than %d items",
							relnav_abbreviate(text), RELNAV_MAX_COLUMNS)));
		columns[order->nitems] = relnav_scan_identifier(&scan, "a column name", NULL);

		if (relnav_scan_keyword(&scan, "desc"))
			flags |= RELNAV_ORDER_DESC | RELNAV_ORDER_NULLS_FIRST;
		else
			(void) relnav_scan_keyword(&scan, "asc");

		if (relnav_scan_keyword(&scan, "nulls"))
		{
			if (relnav_scan_keyword(&scan, "first"))
				flags |= RELNAV_ORDER_NULLS_FIRST;
			else if (relnav_scan_keyword(&scan, "last"))
				flags &= ~RELNAV_ORDER_NULLS_FIRST;
			else
				relnav_scan_error(&scan, "FIRST or LAST");
		}
		order->flags[order->nitems++] = flags;
	} while (relnav_scan_char(&scan, ','));

	if (!relnav_scan_at_end(&scan))
		relnav_scan_error(&scan, "ASC, DESC, NULLS, \",\" or end of order_by");

	/* names are looked up once the whole list is known to be well formed */
	for (int i = 0; i < order->nitems; i++)
		order->attnums[i] = relnav_column_attnum_or_error(relid, columns[i]);
}

char *
relnav_order_by_to_text(Oid relid, const RelnavOrder *order)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < order->nitems; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf,
							   quote_identifier(relnav_column_name(relid,
																   order->attnums[i])));
		relnav_append_order_direction(&buf, order->flags[i]);
	}
	return buf.data;
}
