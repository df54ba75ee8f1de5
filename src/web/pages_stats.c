/* pages_stats.c - the statistics of a guidance program (by prefecture, region, the three
 * metro areas against the number of companies like table 4 of seed 001, industries, company
 * sizes; charts; CSV and XLSX), and the import of the number of companies per prefecture
 * (a CSV with its source and year: all 47 prefectures or nothing is saved). */
#include "company_counts.h"
#include "csv_out.h"
#include "content.h"
#include "download.h"
#include "form.h"
#include "log.h"
#include "pages.h"
#include "stats.h"
#include "str.h"
#include "svgchart.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>

#define SOURCE_MAX_CHARS 200
#define CSV_MAX_BYTES 200000

static const struct {
    const char *key, *msgid;
} AREA_LABELS[] = {
    {"shutoken", N_("Greater Tokyo area")}, {"chukyo", N_("Greater Nagoya area")},
    {"kinki", N_("Greater Osaka area")},    {"metro", N_("Three metro areas")},
    {"other", N_("Other prefectures")},     {"total", N_("All 47 prefectures")},
};

static const struct {
    const char *key, *msgid;
} SIZE_LABELS[] = {
    {"0-5", N_("5 or fewer employees")},     {"6-20", N_("6 to 20 employees")},
    {"21-50", N_("21 to 50 employees")},     {"51-100", N_("51 to 100 employees")},
    {"101-300", N_("101 to 300 employees")}, {"301-", N_("301 or more employees")},
};

static const char *label_of(struct req *rq, const char *key, bool sizes)
{
    if (sizes) {
        for (size_t i = 0; i < sizeof SIZE_LABELS / sizeof SIZE_LABELS[0]; i++)
            if (str_eq(SIZE_LABELS[i].key, key))
                return tr(rq, SIZE_LABELS[i].msgid);
    } else {
        for (size_t i = 0; i < sizeof AREA_LABELS / sizeof AREA_LABELS[0]; i++)
            if (str_eq(AREA_LABELS[i].key, key))
                return tr(rq, AREA_LABELS[i].msgid);
    }
    return key;
}

/* 114445 -> "114,445". */
static void thousands(char *out, size_t outsz, int64_t v)
{
    char digits[32];
    str_fmt(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
    size_t n = strlen(digits), k = 0;
    if (v < 0 && k + 1 < outsz)
        out[k++] = '-';
    for (size_t i = 0; i < n && k + 2 < outsz; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
}

/* Shares with one decimal, the ratio with two, counts with separators: as in table 4. */
static void area_texts(json_t *o)
{
    char t[48];
    json_t *v = json_object_get(o, "companies");
    if (v) {
        thousands(t, sizeof t, json_integer_value(v));
        json_object_set_new(o, "companies_text", json_string(t));
        str_fmt(t, sizeof t, "%.1f", json_real_value(json_object_get(o, "company_share")));
        json_object_set_new(o, "company_share_text", json_string(t));
        v = json_object_get(o, "ratio");
        if (json_is_real(v))
            str_fmt(t, sizeof t, "%.2f", json_real_value(v));
        else
            str_copy(t, sizeof t, "-");
        json_object_set_new(o, "ratio_text", json_string(t));
    }
    thousands(t, sizeof t, json_integer_value(json_object_get(o, "matches")));
    json_object_set_new(o, "matches_text", json_string(t));
    str_fmt(t, sizeof t, "%.1f", json_real_value(json_object_get(o, "match_share")));
    json_object_set_new(o, "match_share_text", json_string(t));
}

/* Fills the "label" of every row of list: names of industries, sizes and areas. */
static void label_rows(struct req *rq, json_t *list, int kind)
{
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *o = json_array_get(list, i);
        const char *key = json_string_value(json_object_get(o, "key"));
        const char *name = json_string_value(json_object_get(o, "name"));
        const char *label = kind == 1       ? label_of(rq, key, true)
                            : kind == 2     ? label_of(rq, key, false)
                            : name && *name ? name
                                            : tr(rq, "Not stated");
        json_object_set_new(o, "label", json_string(label));
        if (kind == 2)
            area_texts(o);
    }
}

/* Labels of every list of the statistics s, in the reader's language. */
static void label_all(struct req *rq, json_t *s)
{
    label_rows(rq, json_object_get(s, "industries"), 0);
    label_rows(rq, json_object_get(s, "sizes"), 1);
    label_rows(rq, json_object_get(s, "metro"), 2);
    json_t *regions = json_object_get(s, "regions");
    for (size_t i = 0; i < json_array_size(regions); i++) {
        json_t *o = json_array_get(regions, i);
        json_object_set(o, "label", json_object_get(o, "name"));
    }
}

/* A bar chart of one number ("applications" or "matches") of each row of list. */
static void chart(struct req *rq, json_t *d, const char *key, const char *id, const char *title,
                  json_t *list, const char *field)
{
    size_t n = json_array_size(list);
    const char **labels = calloc(n ? n : 1, sizeof *labels);
    double *values = calloc(n ? n : 1, sizeof *values);
    buf_t b;
    buf_init(&b);
    if (labels && values && n) {
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_array_get(list, i);
            labels[i] = json_string_value(json_object_get(o, "label"));
            values[i] = (double)json_integer_value(json_object_get(o, field));
        }
        struct svgchart_bars ch = {.id = id,
                                   .title = tr(rq, title),
                                   .desc = tr(rq, "The table below gives the same numbers."),
                                   .labels = labels,
                                   .values = values,
                                   .n = n,
                                   .width = 480};
        if (svgchart_bar(&b, &ch) != 0)
            buf_reset(&b);
    }
    json_object_set_new(d, key, json_string(buf_cstr(&b)));
    buf_free(&b);
    free(labels);
    free(values);
}

static json_t *load(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    bool found = false;
    json_t *s = pid > 0 ? stats_program_cached(rq->db, pid, rq->lang, &found) : NULL;
    if (!s)
        page_error(rq, rs, found ? 500 : 404);
    return s;
}

static void stats_page(struct req *rq, struct resp *rs)
{
    char key[64];
    str_fmt(key, sizeof key, "sp:%lld:%s", (long long)req_param_id(rq, 0), rq->lang);
    /* The decorated page data is cached like the numbers (shared, read-only); page_render
     * gets a shallow copy for its own top-level keys. */
    json_t *d0 = stats_cache_get(key);
    if (d0) {
        json_t *d = json_copy(d0);
        json_decref(d0);
        page_render(rq, rs, "stats/index", d);
        return;
    }
    json_t *shared = load(rq, rs);
    if (!shared)
        return;
    json_t *s = json_deep_copy(shared);
    json_decref(shared);
    label_all(rq, s);
    json_t *regions = json_object_get(s, "regions");
    json_t *d = json_pack("{ss sO}", "title", N_("Statistics of the program"), "s", s);
    chart(rq, d, "html_chart_regions", "regions-chart", N_("Matches by region"), regions,
          "matches");
    chart(rq, d, "html_chart_industries", "industries-chart", N_("Applications by industry"),
          json_object_get(s, "industries"), "applications");
    chart(rq, d, "html_chart_sizes", "sizes-chart", N_("Applications by company size"),
          json_object_get(s, "sizes"), "applications");
    json_decref(s);
    stats_cache_put(key, d);
    json_t *dc = json_copy(d);
    json_decref(d);
    page_render(rq, rs, "stats/index", dc);
}

/* The export table: one row per prefecture. */
static void export_table(struct req *rq, json_t *s, json_t **cols, json_t **rows)
{
    bool have = !json_is_null(json_object_get(s, "company_counts"));
    *cols = json_pack("[s s s s s s]", tr(rq, "Code"), tr(rq, "Prefecture"), tr(rq, "Region"),
                      tr(rq, "Metro area"), tr(rq, "Applications"), tr(rq, "Matches"));
    if (have)
        json_array_append_new(*cols, json_string(tr(rq, "Companies")));
    *rows = json_array();
    json_t *prefs = json_object_get(s, "prefectures");
    for (size_t i = 0; i < json_array_size(prefs); i++) {
        json_t *p = json_array_get(prefs, i);
        const char *metro = json_string_value(json_object_get(p, "metro"));
        json_t *row = json_pack("[O O O s O O]", json_object_get(p, "code"),
                                json_object_get(p, "name"), json_object_get(p, "region"),
                                metro && *metro ? label_of(rq, metro, false) : "",
                                json_object_get(p, "applications"), json_object_get(p, "matches"));
        if (have)
            json_array_append(row, json_object_get(p, "companies"));
        json_array_append_new(*rows, row);
    }
}

static void stats_csv(struct req *rq, struct resp *rs)
{
    json_t *s = load(rq, rs);
    if (!s)
        return;
    json_t *cols, *rows;
    export_table(rq, s, &cols, &rows);
    json_decref(s);
    buf_t *b = &rs->body;
    buf_reset(b);
    buf_puts(b, "\xef\xbb\xbf"); /* BOM: Excel then reads UTF-8 */
    for (size_t i = 0; i < json_array_size(cols); i++) {
        if (i)
            buf_putc(b, ',');
        csv_text(b, json_string_value(json_array_get(cols, i)));
    }
    buf_puts(b, "\r\n");
    for (size_t r = 0; r < json_array_size(rows); r++) {
        json_t *row = json_array_get(rows, r);
        for (size_t i = 0; i < json_array_size(row); i++) {
            json_t *v = json_array_get(row, i);
            if (i)
                buf_putc(b, ',');
            csv_value(b, v);
        }
        buf_puts(b, "\r\n");
    }
    json_decref(cols);
    json_decref(rows);
    rs->status = 200;
    rs->ctype = "text/csv; charset=utf-8";
    resp_header(rs, "Content-Disposition", "attachment; filename=\"program-statistics.csv\"");
    resp_header(rs, "Cache-Control", "no-store");
}

/* One sheet of labelled rows: label, then the given number fields (null when absent). */
static json_t *sheet_of(struct req *rq, const char *name, const char *first, json_t *list,
                        const char *const *fields, const char *const *titles, size_t n)
{
    json_t *cols = json_pack("[s]", tr(rq, first)), *rows = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(cols, json_string(tr(rq, titles[k])));
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        json_t *row = json_pack("[O]", json_object_get(o, "label"));
        for (size_t k = 0; k < n; k++) {
            json_t *v = json_object_get(o, fields[k]);
            json_array_append_new(row, json_is_number(v) ? json_incref(v) : json_null());
        }
        json_array_append_new(rows, row);
    }
    return json_pack("{s:s,s:o,s:o}", "name", tr(rq, name), "columns", cols, "rows", rows);
}

/* The workbook: by prefecture, then table 4 (metro areas and the rest), regions, industries
 * and company sizes, each on its own sheet. */
static void stats_xlsx(struct req *rq, struct resp *rs)
{
    json_t *shared = load(rq, rs);
    if (!shared)
        return;
    json_t *s = json_deep_copy(shared);
    json_decref(shared);
    json_t *cols, *rows;
    export_table(rq, s, &cols, &rows);
    label_all(rq, s);
    json_t *regions = json_object_get(s, "regions");
    static const char *const t4f[] = {"applications", "matches",       "match_share",
                                      "companies",    "company_share", "ratio"};
    static const char *const t4t[] = {N_("Applications"),           N_("Matches"),
                                      N_("Share of matches (%)"),   N_("Companies"),
                                      N_("Share of companies (%)"), N_("Ratio")};
    static const char *const am[] = {"applications", "matches"};
    static const char *const amt[] = {N_("Applications"), N_("Matches")};
    json_t *book = json_pack("[{s:s,s:o,s:o}]", "name", tr(rq, "By prefecture"), "columns", cols,
                             "rows", rows);
    json_array_append_new(book, sheet_of(rq, N_("Metro areas"), N_("Area"),
                                         json_object_get(s, "metro"), t4f, t4t, 6));
    json_array_append_new(book, sheet_of(rq, N_("By region"), N_("Region"), regions, am, amt, 2));
    json_array_append_new(book, sheet_of(rq, N_("By industry"), N_("Industry"),
                                         json_object_get(s, "industries"), am, amt, 2));
    json_array_append_new(book, sheet_of(rq, N_("By company size"), N_("Company size"),
                                         json_object_get(s, "sizes"), am, amt, 2));
    json_decref(s);
    resp_xlsx_book(rq, rs, book, "program-statistics.xlsx", NULL);
}

/* ---- company counts ---- */

static void counts_render(struct req *rq, struct resp *rs, int status, json_t *values,
                          json_t *errors, json_t *lines)
{
    json_t *d =
        json_pack("{ss so so so}", "title", N_("Number of companies per prefecture"), "values",
                  values ? values : json_object(), "errors", errors ? errors : json_object(),
                  "csv_errors", lines ? lines : json_array());
    const char *first = NULL;
    const char *order[] = {"source", "year", "csv"};
    for (size_t i = 0; i < 3 && errors && !first; i++)
        if (json_object_get(errors, order[i]))
            first = order[i];
    if (first)
        json_object_set_new(d, "first_error", json_string(first));
    db_res_t *r = db_query(rq->db,
                           "SELECT i.source, i.year, i.total, i.imported_at, u.name FROM "
                           "company_count_imports i JOIN users u ON u.id = i.imported_by ORDER BY "
                           "i.id DESC LIMIT 1",
                           NULL);
    if (r && db_res_rows(r))
        json_object_set_new(d, "current",
                            json_pack("{ss ss ss ss ss}", "source", db_res_text(r, 0, 0), "year",
                                      db_res_text(r, 0, 1), "total", db_res_text(r, 0, 2),
                                      "imported_on", db_res_text(r, 0, 3), "by",
                                      db_res_text(r, 0, 4)));
    if (json_object_get(d, "current")) {
        json_t *c = json_object_get(d, "current");
        char day[11];
        str_copy(day, sizeof day, json_string_value(json_object_get(c, "imported_on")));
        json_object_set_new(c, "imported_on", json_string(day));
    }
    db_res_free(r);
    rs->status = status;
    page_render(rq, rs, "stats/company_counts", d);
}

static void counts_page(struct req *rq, struct resp *rs)
{
    counts_render(rq, rs, 200, NULL, NULL, NULL);
}

static const char *problem_msgid(enum cc_problem p)
{
    switch (p) {
    case CC_FIELDS:
        return N_("Write two values per line: the prefecture and the number of companies.");
    case CC_PREFECTURE:
        return N_("The prefecture is not known. Use its code (1 to 47) or its name.");
    case CC_NUMBER:
        return N_("The number of companies must be a whole number (0 or more).");
    case CC_DUPLICATE:
        return N_("This prefecture is already given on an earlier line.");
    case CC_MISSING:
        return N_("This prefecture has no line.");
    case CC_ENCODING:
        return N_("The text is not UTF-8. Save the CSV as UTF-8 and paste it again.");
    case CC_EMPTY:
        return N_("No lines with numbers were found.");
    }
    return N_("Check this line.");
}

static void counts_import(struct req *rq, struct resp *rs)
{
    const content_t *ct = content_get();
    json_t *errors = json_object(), *lines = json_array();
    char source[1024];
    str_copy(source, sizeof source, req_form(rq, "source"));
    str_trim(source);
    const char *e = check_text(source, 1, SOURCE_MAX_CHARS);
    if (*e)
        form_error(rq, errors, "source",
                   N_("Name the source of the numbers, e.g. the census and table (up to 200 "
                      "characters)."));
    int64_t year = 0;
    if (!str_to_i64(req_form(rq, "year"), 1900, 2100, &year))
        form_error(rq, errors, "year", N_("Enter the year of the numbers, e.g. 2021."));
    const char *text = req_form(rq, "csv");
    size_t len = strlen(text);
    struct cc_result *res = calloc(1, sizeof *res);
    if (!ct || !res) {
        free(res);
        json_decref(errors);
        json_decref(lines);
        page_error(rq, rs, 500);
        return;
    }
    if (len == 0 || len > CSV_MAX_BYTES) {
        form_error(rq, errors, "csv", N_("Paste the CSV: 47 lines of prefecture and number."));
    } else if (cc_parse(ct, text, len, res) < 0) {
        form_error(rq, errors, "csv",
                   N_("The CSV has problems; nothing was saved. See the list below."));
        for (size_t i = 0; i < res->nerr; i++) {
            const struct cc_error *ce = &res->err[i];
            json_t *o =
                json_pack("{si ss}", "line", ce->line, "msg", tr(rq, problem_msgid(ce->problem)));
            if (ce->pref)
                json_object_set_new(
                    o, "pref",
                    json_string(dtext_get(&ct->prefectures[ce->pref - 1].name, rq->lang)));
            json_array_append_new(lines, o);
        }
        if (res->more_errors)
            json_array_append_new(
                lines, json_pack("{si ss}", "line", 0, "msg", tr(rq, "There are more problems.")));
    }
    if (json_object_size(errors) > 0) {
        free(res);
        counts_render(rq, rs, 422, form_values(rq), errors, lines);
        return;
    }
    json_decref(errors);
    json_decref(lines);
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    int64_t id = -1;
    if (db_begin(rq->db) < 0)
        goto fail;
    id = db_insert_id(rq->db,
                      "INSERT INTO company_count_imports (source, year, total, imported_by, "
                      "imported_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                      "siiis", source, year, res->total, rq->user.id, now);
    if (id < 0)
        goto rollback;
    for (int p = 1; p <= PREFECTURES; p++)
        if (db_exec(
                rq->db,
                "INSERT INTO company_counts (import_id, prefecture, companies) VALUES (?, ?, ?)",
                "iii", id, (int64_t)p, res->companies[p]) < 0)
            goto rollback;
    if (db_commit(rq->db) < 0)
        goto rollback;
    free(res);
    stats_cache_clear();
    audit(rq, "company_counts.import", 0, source);
    flash_set(rq, rs, "The numbers of companies were imported.");
    resp_redirect(rs, "/operator/company-counts");
    return;
rollback:
    db_rollback(rq->db);
fail:
    log_error("company counts import: %s", db_errmsg(rq->db));
    free(res);
    page_error(rq, rs, 500);
}

void pages_stats_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN;
    route_add(app, "GET", "/operator/programs/:id/statistics", ops, stats_page);
    route_add(app, "GET", "/operator/programs/:id/statistics.csv", ops, stats_csv);
    route_add(app, "GET", "/operator/programs/:id/statistics.xlsx", ops, stats_xlsx);
    route_add(app, "GET", "/operator/company-counts", ops, counts_page);
    route_add(app, "POST", "/operator/company-counts", ops, counts_import);
}
