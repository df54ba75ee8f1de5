/* pages_survey_results.c - the secretariat's view of a program's questionnaires: response
 * rate, counts and percentages per question with charts (like figures 7-17 of seed 001),
 * free-text answers, XLSX and CSV export, and sending the invitations. */
#include "download.h"
#include "csv_out.h"
#include "pages.h"
#include "str.h"
#include "survey_invite.h"
#include "survey_store.h"
#include "svgchart.h"

#include <stdlib.h>
#include <string.h>

static const char *const KINDS[] = {"sme", "expert"};

/* The chart's label column holds about 22 units (a CJK character counts 2, others 1, at
 * 14px in 168px); a longer label is cut at a character boundary with "…". The table under
 * the chart keeps the full text. */
#define LABEL_UNITS 22
static char *short_label(const char *s)
{
    buf_t b;
    buf_init(&b);
    size_t units = 0, total = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t len = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
        total += len >= 3 ? 2 : 1;
        p += len;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t len = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
        size_t u = len >= 3 ? 2 : 1;
        if (total > LABEL_UNITS && units + u > LABEL_UNITS - 2) {
            buf_puts(&b, "\xe2\x80\xa6");
            break;
        }
        for (size_t i = 0; i < len && p[i]; i++)
            buf_putc(&b, (char)p[i]);
        units += u;
        p += len;
    }
    char *out = strdup(buf_cstr(&b));
    buf_free(&b);
    return out;
}

/* Adds html_chart (a bar per option, percent of those who answered) to a choice question. */
static void add_chart(struct req *rq, json_t *q, const char *kind, size_t idx)
{
    json_t *opts = json_object_get(q, "options");
    size_t n = json_array_size(opts);
    if (n == 0)
        return;
    const char **labels = calloc(n, sizeof *labels);
    double *vals = calloc(n, sizeof *vals);
    if (!labels || !vals)
        goto out;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(opts, i);
        labels[i] = short_label(json_string_value(json_object_get(o, "label")));
        vals[i] = json_number_value(json_object_get(o, "pct"));
    }
    char id[48], desc[160];
    str_fmt(id, sizeof id, "chart-%s-%zu", kind, idx);
    str_fmt(desc, sizeof desc, "%s: %lld", tr(rq, "Number of answers"),
            (long long)json_integer_value(json_object_get(q, "answered")));
    struct svgchart_bars c = {.id = id,
                              .title = json_string_value(json_object_get(q, "text")),
                              .desc = desc,
                              .labels = labels,
                              .values = vals,
                              .n = n,
                              .max = 100,
                              .suffix = "%",
                              .width = 560};
    buf_t b;
    buf_init(&b);
    if (svgchart_bar(&b, &c) == 0)
        json_object_set_new(q, "html_chart", json_string(buf_cstr(&b)));
    buf_free(&b);
out:
    for (size_t i = 0; labels && i < n; i++)
        free((char *)labels[i]);
    free(labels);
    free(vals);
}

static void results_page(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    char name[256];
    if (!survey_program_exists(rq, pid, name, sizeof name)) {
        page_error(rq, rs, 404);
        return;
    }
    json_t *list = json_array();
    for (size_t k = 0; k < 2; k++) {
        const survey_t *s = survey_get(KINDS[k]);
        json_t *res = s ? survey_results(rq, pid, s) : NULL;
        if (!res) {
            json_decref(list);
            page_error(rq, rs, 500);
            return;
        }
        size_t i;
        json_t *q;
        json_array_foreach(json_object_get(res, "questions"), i, q)
        {
            if (!json_is_true(json_object_get(q, "is_text")))
                add_chart(rq, q, KINDS[k], i);
            /* one decimal for the page ("74.9") */
            size_t j;
            json_t *o;
            json_array_foreach(json_object_get(q, "options"), j, o)
            {
                char p[16];
                str_fmt(p, sizeof p, "%.1f", json_number_value(json_object_get(o, "pct")));
                json_object_set_new(o, "pct_text", json_string(p));
            }
        }
        char rate[16];
        str_fmt(rate, sizeof rate, "%.1f", json_number_value(json_object_get(res, "rate")));
        json_object_set_new(res, "rate_text", json_string(rate));
        json_array_append_new(list, res);
    }
    json_t *d = json_pack("{s:s,s:I,s:s,s:o}", "title", N_("Questionnaire results"), "program_id",
                          (json_int_t)pid, "program_name", name, "surveys", list);
    page_render(rq, rs, "survey/results", d);
}

static json_t *sheet_for(struct req *rq, int64_t pid, const survey_t *s, const char *name)
{
    json_t *cols = NULL, *rows = NULL;
    if (survey_rows(rq, pid, s, &cols, &rows) != 0)
        return NULL;
    return json_pack("{s:s,s:o,s:o}", "name", name, "columns", cols, "rows", rows);
}

static void export_xlsx(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    if (!survey_program_exists(rq, pid, NULL, 0)) {
        page_error(rq, rs, 404);
        return;
    }
    json_t *sheets = json_array();
    const char *names[] = {tr(rq, "SME questionnaire"), tr(rq, "Expert questionnaire")};
    for (size_t k = 0; k < 2; k++) {
        const survey_t *s = survey_get(KINDS[k]);
        json_t *sh = s ? sheet_for(rq, pid, s, names[k]) : NULL;
        if (!sh) {
            json_decref(sheets);
            page_error(rq, rs, 500);
            return;
        }
        json_array_append_new(sheets, sh);
    }
    char ascii[64], utf8[256];
    str_fmt(ascii, sizeof ascii, "surveys-%lld.xlsx", (long long)pid);
    str_fmt(utf8, sizeof utf8, "%s-%lld.xlsx", tr(rq, "Questionnaire results"), (long long)pid);
    resp_xlsx_book(rq, rs, sheets, ascii, utf8);
}

static void csv_row(buf_t *b, const json_t *row)
{
    size_t i;
    const json_t *v;
    json_array_foreach(row, i, v)
    {
        if (i)
            buf_putc(b, ',');
        csv_value(b, v);
    }
    buf_puts(b, "\r\n");
}

static void export_csv(struct req *rq, struct resp *rs, const char *kind)
{
    int64_t pid = req_param_id(rq, 0);
    const survey_t *s = survey_get(kind);
    json_t *cols = NULL, *rows = NULL;
    if (!survey_program_exists(rq, pid, NULL, 0)) {
        page_error(rq, rs, 404);
        return;
    }
    if (!s || survey_rows(rq, pid, s, &cols, &rows) != 0) {
        page_error(rq, rs, 500);
        return;
    }
    buf_t *b = &rs->body;
    buf_reset(b);
    buf_puts(b, "\xef\xbb\xbf"); /* BOM: Excel then reads UTF-8 */
    csv_row(b, cols);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) csv_row(b, row);
    json_decref(cols);
    json_decref(rows);
    rs->ctype = "text/csv; charset=utf-8";
    char cd[128];
    str_fmt(cd, sizeof cd, "attachment; filename=\"survey-%s-%lld.csv\"", kind, (long long)pid);
    resp_header(rs, "Content-Disposition", cd);
}

static void csv_sme(struct req *rq, struct resp *rs)
{
    export_csv(rq, rs, "sme");
}

static void csv_expert(struct req *rq, struct resp *rs)
{
    export_csv(rq, rs, "expert");
}

/* Invites every match of the program whose guidance is over (completed, or all visits done)
 * and that was neither invited nor answered yet. */
static void invite_all(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    if (!survey_program_exists(rq, pid, NULL, 0)) {
        page_error(rq, rs, 404);
        return;
    }
    db_res_t *r = db_query(rq->db,
                           "SELECT m.id FROM matches m JOIN program_applications a ON a.id = "
                           "m.application_id JOIN programs p ON p.id = a.program_id WHERE "
                           "a.program_id = ? AND (m.status = 'completed' OR (m.status = "
                           "'confirmed' AND (SELECT COUNT(*) FROM visits v WHERE v.match_id = m.id "
                           "AND v.status = 'done') >= p.visit_count)) ORDER BY m.id",
                           "i", pid);
    if (!r) {
        page_error(rq, rs, 500);
        return;
    }
    int sent = 0;
    for (size_t i = 0; i < db_res_rows(r); i++) {
        int n = survey_invite_match(rq, db_res_int(r, i, 0));
        if (n > 0)
            sent += n;
    }
    db_res_free(r);
    flash_set(rq, rs,
              sent ? N_("The questionnaire invitations were sent.")
                   : N_("There was no one new to invite: every finished guidance was already "
                        "invited."));
    resp_redirectf(rs, "/operator/programs/%lld/surveys", (long long)pid);
}

void pages_survey_results_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN;
    route_add(app, "GET", "/operator/programs/:id/surveys", ops, results_page);
    route_add(app, "GET", "/operator/programs/:id/surveys.xlsx", ops, export_xlsx);
    route_add(app, "GET", "/operator/programs/:id/surveys/sme.csv", ops, csv_sme);
    route_add(app, "GET", "/operator/programs/:id/surveys/expert.csv", ops, csv_expert);
    route_add(app, "POST", "/operator/programs/:id/surveys/invite", ops, invite_all);
}
