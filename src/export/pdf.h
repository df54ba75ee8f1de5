/* pdf.h - render a simple document model (jansson) to an A4 PDF with Japanese text. */
#ifndef OTASUKE_PDF_H
#define OTASUKE_PDF_H

#include "buf.h"

#include <jansson.h>
#include <stddef.h>

/* The document:
 *   {"title": "...", "subtitle": "...", "meta": ["..."],
 *    "blocks": [{"type": "h2" | "h3" | "p", "text": "..."},
 *               {"type": "ul" | "ol", "items": ["..."]},
 *               {"type": "table", "columns": ["..."], "widths": [2, 1, ...],
 *                "rows": [["...", 12, null], ...]},
 *               {"type": "pagebreak"}]}
 * title and blocks are required; widths are relative (default equal); cells may be strings,
 * numbers or null. Text wraps; pages break automatically (paragraphs and table rows split
 * line by line when needed, headings stay with what follows, table headers repeat); every
 * page has the title and "n / N" in the footer. Font: Noto Sans CJK JP, embedded.
 *
 * Writes the PDF bytes into out (when not NULL) and to path (when not NULL, replaced
 * atomically). Returns 0, or -1 with a reason in err (e.g. "blocks[2]: unknown type").
 * Fonts come from the calling thread's pango font map (pango keeps one per thread). */
int pdf_render(const json_t *doc, const char *path_or_NULL, buf_t *out, char *err, size_t errlen);

/* Drops this thread's pango font map and its font caches. For the end of a process or
 * thread (so leak checkers see a clean exit); a later render builds a new font map. */
void pdf_shutdown(void);

#endif
