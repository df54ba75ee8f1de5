/* xlsx.h - tables as an Excel workbook (libxlsxwriter). */
#ifndef OTASUKE_XLSX_H
#define OTASUKE_XLSX_H

#include "buf.h"

#include <jansson.h>
#include <stddef.h>

/* columns: array of titles, each a string or {"title": "...", "width": N (characters)};
 * rows: array of arrays with one value per column (string, number, true/false or null).
 * Strings are always written as text (dates stay "2026-11-22" exactly, "=..." is never a
 * formula); numbers as numbers. Header row bold, frozen and with an autofilter; column
 * widths from "width" or from the longest text (East Asian characters count double).
 * Sheet name: 1-31 characters without []:*?/\ . Writes the .xlsx bytes into out.
 * Returns 0, or -1 with a reason in err. */
int xlsx_render_table(const char *sheet_name, const json_t *columns, const json_t *rows, buf_t *out,
                      char *err, size_t errlen);
/* Several tables, one sheet each: sheets is an array of {"name", "columns", "rows"} as
 * above (names unique). */
int xlsx_render_book(const json_t *sheets, buf_t *out, char *err, size_t errlen);

#endif
