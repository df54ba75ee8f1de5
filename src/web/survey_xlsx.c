/* survey_xlsx.c - the survey export: all responses, one sheet per questionnaire. */
#include "survey_xlsx.h"

#include "fileutil.h"
#include "str.h"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_BOOK (64 * 1024 * 1024)

static int fill(lxw_workbook *wb, lxw_worksheet *ws, const json_t *sheet)
{
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    lxw_format *body = workbook_add_format(wb);
    format_set_text_wrap(body);
    format_set_align(body, LXW_ALIGN_VERTICAL_TOP);
    const json_t *cols = json_object_get(sheet, "columns");
    size_t c;
    const json_t *v;
    json_array_foreach(cols, c, v)
    {
        if (c > 255 || worksheet_write_string(ws, 0, (lxw_col_t)c, json_string_value(v), head))
            return -1;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c < 2 ? 12 : 24, NULL);
    }
    size_t r;
    const json_t *row;
    json_array_foreach(json_object_get(sheet, "rows"), r, row)
    {
        if (r + 1 >= LXW_ROW_MAX)
            return -1;
        json_array_foreach(row, c, v)
        {
            lxw_error e = LXW_NO_ERROR;
            if (c > 255)
                return -1;
            if (json_is_string(v))
                e = worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
                                           json_string_value(v), body);
            else if (json_is_integer(v))
                e = worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
                                           (double)json_integer_value(v), body);
            if (e != LXW_NO_ERROR)
                return -1;
        }
    }
    worksheet_freeze_panes(ws, 1, 0);
    return 0;
}

int survey_xlsx_book(const json_t *sheets, buf_t *out)
{
    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir)
        tmpdir = "/tmp";
    char path[4096];
    if (!str_fmt(path, sizeof path, "%s/otasuke-survey-XXXXXX", tmpdir))
        return -1;
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    int rc = -1;
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)tmpdir};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        goto out;
    size_t i;
    const json_t *sh;
    json_array_foreach(sheets, i, sh)
    {
        const char *name = json_string_value(json_object_get(sh, "name"));
        lxw_worksheet *ws = NULL;
        if (name && workbook_validate_sheet_name(wb, name) == LXW_NO_ERROR)
            ws = workbook_add_worksheet(wb, name);
        if (!ws || fill(wb, ws, sh) != 0) {
            workbook_close(wb);
            goto out;
        }
    }
    if (workbook_close(wb) != LXW_NO_ERROR)
        goto out;
    size_t len = 0;
    char *data = file_read_all(path, MAX_BOOK, &len);
    if (!data)
        goto out;
    buf_append(out, data, len);
    free(data);
    rc = out->oom ? -1 : 0;
out:
    unlink(path);
    return rc;
}
