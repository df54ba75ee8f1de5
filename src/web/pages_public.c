/* pages_public.c - public verification of a declaration and the public search of declarers. */
#include "content.h"
#include "decl_lookup.h"
#include "pages.h"
#include "pref_options.h"
#include "str.h"

#include <string.h>

#define SEARCH_PER_PAGE 20
#define SEARCH_MAX_PAGE 500
#define SEARCH_MAX_CHARS 100

static void verify(struct req *rq, struct resp *rs)
{
    struct decl_view v;
    int found = decl_lookup(rq->db, rq->params[0], &v, true);
    if (found <= 0) {
        if (found < 0) {
            page_error(rq, rs, 500);
            return;
        }
        page_render(
            rq, rs, "public/verify_unknown",
            json_pack("{s:s,s:s}", "title", N_("Declaration not found"), "id",
                      str_valid_utf8(rq->params[0], strlen(rq->params[0])) ? rq->params[0] : ""));
        rs->status = 404;
        return;
    }
    char date[64], first[64], wdate[64];
    decl_date_text(date, sizeof date, v.declared_at, rq->lang);
    decl_date_text(first, sizeof first, v.first_declared_at, rq->lang);
    decl_date_text(wdate, sizeof wdate, v.withdrawn_at, rq->lang);
    json_t *d =
        json_pack("{s:s,s:s,s:i,s:b,s:b,s:s,s:s,s:s,s:s,s:s}", "title",
                  N_("Verify a SECURITY ACTION declaration"), "id", v.public_id, "level", v.level,
                  "two_stars", v.level == 2, "active", v.active, "declared_at", date, "org_name",
                  v.org_name, "prefecture", pref_name_lang(rq->lang, v.prefecture), "withdrawn_at",
                  wdate, "withdrawn_reason", v.withdrawn_reason);
    if (v.step_up && !str_eq(first, date))
        json_object_set_new(d, "first_declared_at", json_string(first));
    if (v.level == 2 && v.has_policy) {
        buf_t u;
        buf_init(&u);
        decl_policy_url(&u, "", v.org_id);
        json_object_set_new(d, "policy_url", json_string(buf_cstr(&u)));
        buf_free(&u);
    }
    page_render(rq, rs, "public/verify", d);
}

/* Appends s percent-encoded for a query string. */
static void url_encode(buf_t *b, const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            *c == '-' || *c == '_' || *c == '.' || *c == '~')
            buf_putc(b, (char)*c);
        else
            buf_printf(b, "%%%02X", *c);
    }
}

static json_t *page_link(const char *q, int pref, bool partial, int page)
{
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "/search?q=");
    url_encode(&b, q);
    if (pref > 0)
        buf_printf(&b, "&pref=%d", pref);
    buf_printf(&b, "&match=%s&page=%d", partial ? "partial" : "prefix", page);
    json_t *j = json_string(buf_cstr(&b));
    buf_free(&b);
    return j;
}

/* Escapes LIKE wildcards with '!' (the ESCAPE character of the partial search). */
static void like_pattern(buf_t *b, const char *q)
{
    buf_putc(b, '%');
    for (const char *c = q; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '!')
            buf_putc(b, '!');
        buf_putc(b, *c);
    }
    buf_putc(b, '%');
}

/* Runs the search; NULL on a database error. Only active declarations are listed.
 * Prefix search is an index range on organizations (name) or (prefecture, name):
 * [q, q + U+10FFFF) in byte order, re-checked with substr for engines whose collation is not
 * byte order. Partial search scans names (lower() folds ASCII case on both engines).
 * CROSS JOIN makes SQLite walk organizations in name order and probe declarations_org_status;
 * without statistics it would otherwise scan every active declaration and sort (PostgreSQL
 * plans it as an ordinary join). */
static db_res_t *search_query(struct req *rq, const char *q, int pref, bool partial, int page)
{
    int64_t offset = (int64_t)(page - 1) * SEARCH_PER_PAGE, limit = SEARCH_PER_PAGE + 1;
    static const char *cols =
        "SELECT o.name, o.prefecture, d.public_id, d.level, d.declared_at FROM organizations o "
        "CROSS JOIN declarations d WHERE d.org_id = o.id AND d.status = 'active' AND ";
    char sql[1024];
    buf_t a, b;
    buf_init(&a);
    buf_init(&b);
    db_res_t *r = NULL;
    const char *pref_cond = pref > 0 ? "o.prefecture = ? AND " : "";
    if (!*q) {
        str_fmt(sql, sizeof sql, "%so.prefecture = ? ORDER BY o.name, o.id LIMIT ? OFFSET ?", cols);
        r = db_query(rq->db, sql, "iii", (int64_t)pref, limit, offset);
    } else if (partial) {
        like_pattern(&a, q);
        str_fmt(sql, sizeof sql,
                "%s%slower(o.name) LIKE lower(?) ESCAPE '!' ORDER BY o.name, o.id LIMIT ? "
                "OFFSET ?",
                cols, pref_cond);
        if (pref > 0)
            r = db_query(rq->db, sql, "isii", (int64_t)pref, buf_cstr(&a), limit, offset);
        else
            r = db_query(rq->db, sql, "sii", buf_cstr(&a), limit, offset);
    } else {
        buf_puts(&a, q);
        buf_puts(&b, q);
        buf_puts(&b, "\xf4\x8f\xbf\xbf");
        int64_t n = (int64_t)str_utf8_len(q);
        str_fmt(sql, sizeof sql,
                "%s%so.name >= ? AND o.name < ? AND substr(o.name, 1, ?) = ? ORDER BY o.name, "
                "o.id LIMIT ? OFFSET ?",
                cols, pref_cond);
        if (pref > 0)
            r = db_query(rq->db, sql, "issisii", (int64_t)pref, buf_cstr(&a), buf_cstr(&b), n, q,
                         limit, offset);
        else
            r = db_query(rq->db, sql, "ssisii", buf_cstr(&a), buf_cstr(&b), n, q, limit, offset);
    }
    buf_free(&a);
    buf_free(&b);
    return r;
}

static void search(struct req *rq, struct resp *rs)
{
    char q[512];
    str_copy(q, sizeof q, req_query(rq, "q"));
    str_trim(q);
    int64_t pref = 0, page = 1;
    const char *ps = req_query(rq, "pref");
    const char *pg = req_query(rq, "page");
    bool partial = !str_eq(req_query(rq, "match"), "prefix");
    json_t *d = json_pack("{s:s,s:s,s:s}", "title", N_("Find SECURITY ACTION declarers"), "q", q,
                          "match", partial ? "partial" : "prefix");
    const char *problem = NULL;
    if (*ps && !str_to_i64(ps, 1, PREFECTURES, &pref))
        pref = 0;
    if (*pg && !str_to_i64(pg, 1, SEARCH_MAX_PAGE, &page))
        page = 1;
    if (!str_valid_utf8(q, strlen(q)) || str_utf8_len(q) > SEARCH_MAX_CHARS) {
        problem = N_("Please enter at most 100 characters of the name.");
        q[0] = '\0';
        json_object_set_new(d, "q", json_string(""));
    }
    buf_t opts;
    buf_init(&opts);
    pref_options_html(&opts, rq->lang, (int)pref);
    json_object_set_new(d, "html_pref_options", json_string(buf_cstr(&opts)));
    buf_free(&opts);
    if (problem)
        json_object_set_new(d, "error", json_string(tr(rq, problem)));
    if (!problem && (*q || pref > 0)) {
        db_res_t *r = search_query(rq, q, (int)pref, partial, (int)page);
        if (!r) {
            json_decref(d);
            page_error(rq, rs, 500);
            return;
        }
        size_t n = db_res_rows(r);
        json_t *rows = json_array();
        for (size_t i = 0; i < n && i < SEARCH_PER_PAGE; i++) {
            char date[64];
            decl_date_text(date, sizeof date, db_res_text(r, i, 4), rq->lang);
            json_array_append_new(
                rows, json_pack("{s:s,s:s,s:s,s:b,s:s}", "name", db_res_text(r, i, 0), "prefecture",
                                pref_name_lang(rq->lang, (int)db_res_int(r, i, 1)), "id",
                                db_res_text(r, i, 2), "two_stars", db_res_int(r, i, 3) == 2,
                                "declared_at", date));
        }
        db_res_free(r);
        json_object_set_new(d, "searched", json_true());
        json_object_set_new(d, "results", rows);
        json_object_set_new(d, "page", json_integer(page));
        if (page > 1)
            json_object_set_new(d, "prev_url", page_link(q, (int)pref, partial, (int)page - 1));
        if (n > SEARCH_PER_PAGE && page < SEARCH_MAX_PAGE)
            json_object_set_new(d, "next_url", page_link(q, (int)pref, partial, (int)page + 1));
    }
    page_render(rq, rs, "public/search", d);
}

void pages_public_register(struct app *app)
{
    route_add(app, "GET", "/verify/:id", R_PUBLIC, verify);
    route_add(app, "GET", "/search", R_PUBLIC, search);
}
