/* download.h - file downloads (PDF, XLSX) with a proper Content-Disposition. */
#ifndef OTASUKE_DOWNLOAD_H
#define OTASUKE_DOWNLOAD_H

#include "web.h"

/* Sends data (taken over: data is left empty) as an attachment. ascii_name is the plain
 * fallback filename ([A-Za-z0-9._-] only, others become '_'); utf8_name, when given, goes
 * in filename* (RFC 5987: UTF-8, percent-encoded) for browsers that show Japanese names. */
void resp_download(struct resp *rs, const char *ctype, const char *ascii_name,
                   const char *utf8_name, buf_t *data);

/* Renders doc (pdf.h model; taken over) and sends it; a 500 page when rendering fails. */
void resp_pdf(struct req *rq, struct resp *rs, json_t *doc, const char *ascii_name,
              const char *utf8_name);

/* Renders one table (xlsx.h; columns and rows taken over) and sends it. */
void resp_xlsx(struct req *rq, struct resp *rs, const char *sheet, json_t *columns, json_t *rows,
               const char *ascii_name, const char *utf8_name);
/* Several tables, one sheet each ([{"name", "columns", "rows"}], taken over). */
void resp_xlsx_book(struct req *rq, struct resp *rs, json_t *sheets, const char *ascii_name,
                    const char *utf8_name);

#endif
