/* export_tool.c - test driver: render JSON documents with the export library.
 *   export_tool pdf DOC.json OUT.pdf        (also checks the file equals the buffer)
 *   export_tool xlsx SHEET TABLE.json OUT.xlsx   (TABLE = {"columns": [..], "rows": [..]}) */
#include "fileutil.h"
#include "pdf.h"
#include "str.h"
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int save(const char *path, const buf_t *b)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(b->data, 1, b->len, f);
    return fclose(f) == 0 && n == b->len ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: export_tool pdf DOC OUT | xlsx SHEET TABLE OUT\n");
        return 2;
    }
    bool pdf = str_eq(argv[1], "pdf");
    json_error_t jerr;
    json_t *doc = json_load_file(pdf ? argv[2] : argv[3], 0, &jerr);
    if (!doc || (!pdf && argc != 5)) {
        fprintf(stderr, "bad input: %s\n", doc ? "arguments" : jerr.text);
        json_decref(doc);
        return 2;
    }
    buf_t out;
    buf_init(&out);
    char err[256] = "";
    int rc;
    if (pdf) {
        rc = pdf_render(doc, argv[3], &out, err, sizeof err);
        if (rc == 0) {
            size_t len = 0;
            char *file = file_read_all(argv[3], 1 << 28, &len);
            if (!file || len != out.len || memcmp(file, out.data, len) != 0) {
                str_copy(err, sizeof err, "file and buffer differ");
                rc = -1;
            }
            free(file);
        }
    } else {
        rc = xlsx_render_table(argv[2], json_object_get(doc, "columns"),
                               json_object_get(doc, "rows"), &out, err, sizeof err);
        if (rc == 0 && save(argv[4], &out) != 0) {
            str_copy(err, sizeof err, "cannot write output");
            rc = -1;
        }
    }
    json_decref(doc);
    buf_free(&out);
    if (pdf)
        pdf_shutdown();
    if (rc != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    return 0;
}
