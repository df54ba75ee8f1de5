/* pages_download.c - sending generated files (PDF, XLSX) as downloads. */
#include "download.h"
#include "log.h"
#include "pdf.h"
#include "xlsx.h"

#include <string.h>

static bool attr_char(unsigned char c)
{
    /* RFC 5987 attr-char */
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("!#$&+-.^_`|~", c) != NULL;
}

void resp_download(struct resp *rs, const char *ctype, const char *ascii_name,
                   const char *utf8_name, buf_t *data)
{
    buf_t cd;
    buf_init(&cd);
    buf_puts(&cd, "attachment; filename=\"");
    for (const char *p = ascii_name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '-' || c == '_';
        buf_putc(&cd, ok ? (char)c : '_');
    }
    buf_putc(&cd, '"');
    if (utf8_name && *utf8_name) {
        buf_puts(&cd, "; filename*=UTF-8''");
        for (const unsigned char *p = (const unsigned char *)utf8_name; *p; p++) {
            if (attr_char(*p))
                buf_putc(&cd, (char)*p);
            else
                buf_printf(&cd, "%%%02X", *p);
        }
    }
    rs->status = 200;
    rs->ctype = ctype;
    resp_header(rs, "Content-Disposition", buf_cstr(&cd));
    resp_header(rs, "Cache-Control", "no-store");
    resp_header(rs, "X-Content-Type-Options", "nosniff");
    buf_free(&cd);
    buf_free(&rs->body);
    rs->body = *data;
    buf_init(data);
}

void resp_pdf(struct req *rq, struct resp *rs, json_t *doc, const char *ascii_name,
              const char *utf8_name)
{
    buf_t out;
    buf_init(&out);
    char err[256] = "";
    if (pdf_render(doc, NULL, &out, err, sizeof err) != 0 || out.oom) {
        log_error("pdf %s: %s", ascii_name, err);
        buf_free(&out);
        json_decref(doc);
        page_error(rq, rs, 500);
        return;
    }
    json_decref(doc);
    resp_download(rs, "application/pdf", ascii_name, utf8_name, &out);
    buf_free(&out);
}

void resp_xlsx(struct req *rq, struct resp *rs, const char *sheet, json_t *columns, json_t *rows,
               const char *ascii_name, const char *utf8_name)
{
    resp_xlsx_book(rq, rs,
                   json_pack("[{s:s,s:o,s:o}]", "name", sheet, "columns", columns, "rows", rows),
                   ascii_name, utf8_name);
}

void resp_xlsx_book(struct req *rq, struct resp *rs, json_t *sheets, const char *ascii_name,
                    const char *utf8_name)
{
    buf_t out;
    buf_init(&out);
    char err[256] = "";
    int rc = xlsx_render_book(sheets, &out, err, sizeof err);
    json_decref(sheets);
    if (rc != 0 || out.oom) {
        log_error("xlsx %s: %s", ascii_name, err);
        buf_free(&out);
        page_error(rq, rs, 500);
        return;
    }
    resp_download(rs, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  ascii_name, utf8_name, &out);
    buf_free(&out);
}
