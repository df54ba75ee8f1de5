/* xlsx.c - tables as an Excel workbook, written to a private temporary file and read
 * back (libxlsxwriter only writes files). */
#include "xlsx.h"
#include "fileutil.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_XLSX (256u << 20)

/* Display width of the longest line of s: East Asian characters (3- and 4-byte UTF-8)
 * count 2 columns, others 1. */
static double text_width(const char *s)
{
    double best = 0, cur = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n') {
            cur = 0;
            continue;
        }
        if (*p < 0x80)
            cur += 1;
        else if (*p >= 0xe0)
            cur += 2;
        else if (*p >= 0xc0)
            cur += 1;
        if (cur > best)
            best = cur;
    }
    return best;
}

static const char *column_title(const json_t *c, double *width)
{
    *width = 0;
    if (json_is_string(c))
        return json_string_value(c);
    const json_t *w = json_object_get(c, "width");
    if (w) {
        if (!json_is_number(w) || json_number_value(w) < 1 || json_number_value(w) > 255)
            return NULL;
        *width = json_number_value(w);
    }
    return json_string_value(json_object_get(c, "title"));
}

static int fill_sheet(lxw_workbook *wb, lxw_worksheet *ws, const json_t *columns,
                      const json_t *rows, char *err, size_t errlen)
{
    size_t ncols = json_array_size(columns), nrows = json_array_size(rows);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xE8ECFA);
    format_set_bottom(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *body = workbook_add_format(wb);
    format_set_align(body, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(body);

    double auto_w[256] = {0}, fixed_w[256] = {0};
    for (size_t c = 0; c < ncols; c++) {
        const char *t = column_title(json_array_get(columns, c), &fixed_w[c]);
        lxw_error e = worksheet_write_string(ws, 0, (lxw_col_t)c, t, head);
        if (e != LXW_NO_ERROR) {
            str_fmt(err, errlen, "xlsx: column %zu: %s", c, lxw_strerror(e));
            return -1;
        }
        auto_w[c] = text_width(t);
    }
    size_t r;
    const json_t *row;
    json_array_foreach(rows, r, row)
    {
        if (!json_is_array(row) || json_array_size(row) != ncols) {
            str_fmt(err, errlen, "xlsx: row %zu must have %zu cells", r, ncols);
            return -1;
        }
        lxw_row_t xr = (lxw_row_t)(r + 1);
        for (size_t c = 0; c < ncols; c++) {
            const json_t *v = json_array_get(row, c);
            lxw_col_t xc = (lxw_col_t)c;
            lxw_error e = LXW_NO_ERROR;
            if (json_is_string(v)) {
                e = worksheet_write_string(ws, xr, xc, json_string_value(v), body);
                double w = text_width(json_string_value(v));
                if (w > auto_w[c])
                    auto_w[c] = w;
            } else if (json_is_number(v)) {
                e = worksheet_write_number(ws, xr, xc, json_number_value(v), body);
                if (auto_w[c] < 10)
                    auto_w[c] = 10;
            } else if (json_is_boolean(v)) {
                e = worksheet_write_boolean(ws, xr, xc, json_is_true(v), body);
            } else if (!json_is_null(v)) {
                str_fmt(err, errlen, "xlsx: row %zu cell %zu must be text, number or null", r, c);
                return -1;
            }
            if (e != LXW_NO_ERROR) {
                str_fmt(err, errlen, "xlsx: row %zu cell %zu: %s", r, c, lxw_strerror(e));
                return -1;
            }
        }
    }
    for (size_t c = 0; c < ncols; c++) {
        double w = fixed_w[c] > 0 ? fixed_w[c] : auto_w[c] + 2;
        if (w < 8)
            w = 8;
        if (w > 60)
            w = 60;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(ncols - 1));
    return 0;
}

/* Checks one sheet of a book: a name, 1-256 titled columns, rows as an array. */
static int check_sheet(const json_t *sheet, char *err, size_t errlen)
{
    const char *name = json_string_value(json_object_get(sheet, "name"));
    const json_t *columns = json_object_get(sheet, "columns");
    const json_t *rows = json_object_get(sheet, "rows");
    size_t ncols = json_array_size(columns);
    if (!json_is_array(columns) || ncols == 0 || ncols > 256) {
        str_copy(err, errlen, "xlsx: columns must be an array of 1-256 titles");
        return -1;
    }
    for (size_t c = 0; c < ncols; c++) {
        double w;
        if (!column_title(json_array_get(columns, c), &w)) {
            str_fmt(err, errlen, "xlsx: column %zu needs a title (and a width of 1-255)", c);
            return -1;
        }
    }
    if (!json_is_array(rows) || json_array_size(rows) >= LXW_ROW_MAX) {
        str_copy(err, errlen, "xlsx: rows must be an array of at most 1048575 rows");
        return -1;
    }
    if (!name || !*name) {
        str_copy(err, errlen, "xlsx: empty sheet name");
        return -1;
    }
    return 0;
}

int xlsx_render_book(const json_t *sheets, buf_t *out, char *err, size_t errlen)
{
    char dummy[1];
    if (!err || !errlen) {
        err = dummy;
        errlen = sizeof dummy;
    }
    size_t nsheets = json_array_size(sheets);
    if (nsheets == 0) {
        str_copy(err, errlen, "xlsx: a workbook needs at least one sheet");
        return -1;
    }
    for (size_t i = 0; i < nsheets; i++)
        if (check_sheet(json_array_get(sheets, i), err, errlen) != 0)
            return -1;

    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir)
        tmpdir = "/tmp";
    char path[4096];
    if (!str_fmt(path, sizeof path, "%s/otasuke-xlsx-XXXXXX", tmpdir)) {
        str_copy(err, errlen, "xlsx: TMPDIR too long");
        return -1;
    }
    int fd = mkstemp(path);
    if (fd < 0) {
        str_fmt(err, errlen, "xlsx: cannot create a temporary file in %s", tmpdir);
        return -1;
    }
    close(fd);

    int rc = -1;
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)tmpdir};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        str_copy(err, errlen, "xlsx: cannot create workbook");
        goto out;
    }
    for (size_t i = 0; i < nsheets; i++) {
        const json_t *sheet = json_array_get(sheets, i);
        const char *name = json_string_value(json_object_get(sheet, "name"));
        lxw_error e = workbook_validate_sheet_name(wb, name);
        if (e != LXW_NO_ERROR) {
            str_fmt(err, errlen, "xlsx: sheet name: %s", lxw_strerror(e));
            workbook_close(wb);
            goto out;
        }
        lxw_worksheet *ws = workbook_add_worksheet(wb, name);
        if (!ws || fill_sheet(wb, ws, json_object_get(sheet, "columns"),
                              json_object_get(sheet, "rows"), err, errlen) != 0) {
            if (ws == NULL)
                str_copy(err, errlen, "xlsx: cannot add worksheet");
            workbook_close(wb);
            goto out;
        }
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        str_fmt(err, errlen, "xlsx: %s", lxw_strerror(e));
        goto out;
    }
    size_t len = 0;
    char *data = file_read_all(path, MAX_XLSX, &len);
    if (!data) {
        str_copy(err, errlen, "xlsx: cannot read the written workbook");
        goto out;
    }
    buf_append(out, data, len);
    free(data);
    rc = out->oom ? -1 : 0;
out:
    unlink(path);
    return rc;
}

int xlsx_render_table(const char *sheet_name, const json_t *columns, const json_t *rows, buf_t *out,
                      char *err, size_t errlen)
{
    json_t *sheets = json_pack("[{s:s?,s:O,s:O}]", "name", sheet_name, "columns", (json_t *)columns,
                               "rows", (json_t *)rows);
    if (!sheets) {
        if (err && errlen)
            str_copy(err, errlen, "xlsx: columns and rows must be given");
        return -1;
    }
    int rc = xlsx_render_book(sheets, out, err, errlen);
    json_decref(sheets);
    return rc;
}
