/* pages_operator.c - the secretariat's list of declarations (filters, counts, CSV) and the
 * withdrawal of a declaration with a reason (audited, shown publicly, mailed to members). */
#include "content.h"
#include "csv_out.h"
#include "decl_lookup.h"
#include "form.h"
#include "log.h"
#include "mailer.h"
#include "pages.h"
#include "pref_options.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

#define OP_PER_PAGE 50
#define OP_MAX_PAGE 100000
#define REASON_MAX_CHARS 1000
#define CSV_CHUNK 5000

/* The list filters, validated; empty/0 means "any". */
struct op_filter {
    char name[512];
    char like[1100]; /* LIKE pattern of name, or "" */
    int64_t level, pref, page;
    char status[16];
    char from[11], to[11];
    char to_bound[16]; /* to + "T99": every timestamp of that day sorts below it */
    bool bad_from, bad_to;
};

static void filter_read(const struct req *rq, struct op_filter *f)
{
    memset(f, 0, sizeof *f);
    f->page = 1;
    str_copy(f->name, sizeof f->name, req_query(rq, "q"));
    str_trim(f->name);
    if (!str_valid_utf8(f->name, strlen(f->name)) || str_utf8_len(f->name) > 100)
        f->name[0] = '\0';
    if (*f->name) {
        buf_t b;
        buf_init(&b);
        buf_putc(&b, '%');
        for (const char *c = f->name; *c; c++) {
            if (*c == '%' || *c == '_' || *c == '!')
                buf_putc(&b, '!');
            buf_putc(&b, *c);
        }
        buf_putc(&b, '%');
        str_copy(f->like, sizeof f->like, buf_cstr(&b));
        buf_free(&b);
    }
    const char *s = req_query(rq, "level");
    if (*s && !str_to_i64(s, 1, 2, &f->level))
        f->level = 0;
    s = req_query(rq, "pref");
    if (*s && !str_to_i64(s, 1, PREFECTURES, &f->pref))
        f->pref = 0;
    s = req_query(rq, "page");
    if (*s && !str_to_i64(s, 1, OP_MAX_PAGE, &f->page))
        f->page = 1;
    s = req_query(rq, "status");
    if (str_eq(s, "active") || str_eq(s, "withdrawn"))
        str_copy(f->status, sizeof f->status, s);
    s = req_query(rq, "from");
    if (*s && time_valid_date(s))
        str_copy(f->from, sizeof f->from, s);
    else
        f->bad_from = *s != '\0';
    s = req_query(rq, "to");
    if (*s && time_valid_date(s)) {
        str_copy(f->to, sizeof f->to, s);
        str_fmt(f->to_bound, sizeof f->to_bound, "%sT99", s);
    } else {
        f->bad_to = *s != '\0';
    }
}

/* Every filter is always bound; "(? = '' OR ...)" switches a condition off. Superseded ★
 * rows of a step-up are history, never listed. */
#define FILTER_WHERE                                                                               \
    " FROM declarations d JOIN organizations o ON o.id = d.org_id WHERE d.status <> "              \
    "'superseded' AND (? = '0' OR d.level = ?) AND (? = '' OR d.status = ?) AND (? = '0' OR "      \
    "o.prefecture = ?) AND (? = '' OR d.declared_at >= ?) AND (? = '' OR d.declared_at < ?) AND "  \
    "(? = '' OR lower(o.name) LIKE lower(?) ESCAPE '!')"
#define FILTER_TYPES "iissiissssss"
#define FILTER_ARGS(f)                                                                             \
    (f)->level, (f)->level, (f)->status, (f)->status, (f)->pref, (f)->pref, (f)->from, (f)->from,  \
        (f)->to_bound, (f)->to_bound, (f)->like, (f)->like

#define LIST_COLS                                                                                  \
    "SELECT d.public_id, o.name, o.prefecture, d.level, d.status, d.declared_at, "                 \
    "d.withdrawn_at, d.withdrawn_reason, d.step_up, d.id"

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

/* The filters as a query string (without page), to build page and CSV links. */
static void filter_query(buf_t *b, const struct op_filter *f)
{
    buf_puts(b, "q=");
    url_encode(b, f->name);
    if (f->level)
        buf_printf(b, "&level=%lld", (long long)f->level);
    if (*f->status)
        buf_printf(b, "&status=%s", f->status);
    if (f->pref)
        buf_printf(b, "&pref=%lld", (long long)f->pref);
    if (*f->from)
        buf_printf(b, "&from=%s", f->from);
    if (*f->to)
        buf_printf(b, "&to=%s", f->to);
}

static json_t *link(const char *path, const struct op_filter *f, int64_t page)
{
    buf_t b;
    buf_init(&b);
    buf_printf(&b, "%s?", path);
    filter_query(&b, f);
    if (page > 0)
        buf_printf(&b, "&page=%lld", (long long)page);
    json_t *j = json_string(buf_cstr(&b));
    buf_free(&b);
    return j;
}

static json_t *prefectures(const struct req *rq, int64_t selected)
{
    buf_t b;
    buf_init(&b);
    pref_options_html(&b, rq->lang, (int)selected);
    json_t *j = json_string(buf_cstr(&b));
    buf_free(&b);
    return j;
}

static void list(struct req *rq, struct resp *rs)
{
    struct op_filter f;
    filter_read(rq, &f);
    db_res_t *c = db_query(rq->db,
                           "SELECT COUNT(*), "
                           "COALESCE(SUM(CASE WHEN d.status = 'active' AND d.level = 1 THEN 1 "
                           "ELSE 0 END), 0), "
                           "COALESCE(SUM(CASE WHEN d.status = 'active' AND d.level = 2 THEN 1 "
                           "ELSE 0 END), 0), "
                           "COALESCE(SUM(CASE WHEN d.status = 'withdrawn' THEN 1 ELSE 0 END), 0)"
                           " " FILTER_WHERE,
                           FILTER_TYPES, FILTER_ARGS(&f));
    db_res_t *r = db_query(rq->db,
                           LIST_COLS FILTER_WHERE " ORDER BY d.declared_at DESC, d.id DESC LIMIT ? "
                                                  "OFFSET ?",
                           FILTER_TYPES "ii", FILTER_ARGS(&f), (int64_t)OP_PER_PAGE,
                           (f.page - 1) * OP_PER_PAGE);
    if (!c || !r) {
        log_error("operator list: %s", db_errmsg(rq->db));
        db_res_free(c);
        db_res_free(r);
        page_error(rq, rs, 500);
        return;
    }
    int64_t total = db_res_int(c, 0, 0);
    json_t *rows = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        char date[11];
        decl_date(date, db_res_text(r, i, 5));
        json_array_append_new(
            rows, json_pack("{s:s,s:s,s:s,s:b,s:b,s:s}", "id", db_res_text(r, i, 0), "name",
                            db_res_text(r, i, 1), "prefecture",
                            pref_name_lang(rq->lang, (int)db_res_int(r, i, 2)), "two_stars",
                            db_res_int(r, i, 3) == 2, "active",
                            str_eq(db_res_text(r, i, 4), "active"), "declared_at", date));
    }
    json_t *d = json_pack(
        "{s:s,s:o,s:I,s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:o}", "title", N_("Declarations"),
        "rows", rows, "total", (json_int_t)total, "active_one", (json_int_t)db_res_int(c, 0, 1),
        "active_two", (json_int_t)db_res_int(c, 0, 2), "withdrawn", (json_int_t)db_res_int(c, 0, 3),
        "q", f.name, "status", f.status, "from", f.bad_from ? req_query(rq, "from") : f.from, "to",
        f.bad_to ? req_query(rq, "to") : f.to, "level",
        f.level == 1   ? "1"
        : f.level == 2 ? "2"
                       : "",
        "page", (json_int_t)f.page, "html_pref_options", prefectures(rq, f.pref));
    db_res_free(c);
    db_res_free(r);
    json_object_set_new(d, "filtered",
                        json_boolean(*f.name || f.level || *f.status || f.pref || *f.from ||
                                     *f.to || f.bad_from || f.bad_to));
    if (f.bad_from || f.bad_to)
        json_object_set_new(d, "date_error",
                            json_string(tr(rq, "Please enter dates as YYYY-MM-DD. The date "
                                               "filter was not applied.")));
    json_object_set_new(d, "csv_url", link("/operator/declarations.csv", &f, 0));
    if (f.page > 1)
        json_object_set_new(d, "prev_url", link("/operator/declarations", &f, f.page - 1));
    if (f.page * OP_PER_PAGE < total)
        json_object_set_new(d, "next_url", link("/operator/declarations", &f, f.page + 1));
    page_render(rq, rs, "operator/declarations", d);
}

static void csv(struct req *rq, struct resp *rs)
{
    struct op_filter f;
    filter_read(rq, &f);
    buf_t *b = &rs->body;
    buf_reset(b);
    buf_puts(b, "\xef\xbb\xbf"); /* BOM: Excel then reads UTF-8 */
    static const char *heads[] = {
        N_("Declaration ID"), N_("Organization"), N_("Prefecture"),   N_("Level"),
        N_("Status"),         N_("Declared on"),  N_("Withdrawn on"), N_("Reason for withdrawal"),
        N_("Step-up"),
    };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        if (i)
            buf_putc(b, ',');
        csv_text(b, tr(rq, heads[i]));
    }
    buf_puts(b, "\r\n");
    /* Keyset pages keep the materialized result small however many rows match. */
    int64_t after = 0;
    for (;;) {
        db_res_t *r = db_query(rq->db, LIST_COLS FILTER_WHERE " AND d.id > ? ORDER BY d.id LIMIT ?",
                               FILTER_TYPES "ii", FILTER_ARGS(&f), after, (int64_t)CSV_CHUNK);
        if (!r) {
            log_error("operator csv: %s", db_errmsg(rq->db));
            buf_reset(b);
            page_error(rq, rs, 500);
            return;
        }
        size_t n = db_res_rows(r);
        for (size_t i = 0; i < n; i++) {
            csv_text(b, db_res_text(r, i, 0));
            buf_putc(b, ',');
            csv_text(b, db_res_text(r, i, 1));
            buf_putc(b, ',');
            csv_text(b, pref_name_lang(rq->lang, (int)db_res_int(r, i, 2)));
            buf_printf(b, ",%lld,", (long long)db_res_int(r, i, 3));
            csv_text(b, db_res_text(r, i, 4));
            buf_putc(b, ',');
            csv_text(b, db_res_text(r, i, 5));
            buf_putc(b, ',');
            csv_text(b, db_res_text(r, i, 6));
            buf_putc(b, ',');
            csv_text(b, db_res_text(r, i, 7));
            buf_printf(b, ",%d\r\n", db_res_int(r, i, 8) ? 1 : 0);
            after = db_res_int(r, i, 9);
        }
        db_res_free(r);
        if (n < CSV_CHUNK)
            break;
    }
    rs->status = 200;
    rs->ctype = "text/csv; charset=utf-8";
    resp_header(rs, "Content-Disposition", "attachment; filename=\"declarations.csv\"");
    resp_header(rs, "Cache-Control", "no-store");
}

/* Renders the detail page of one declaration (with the withdrawal form when active). */
static void detail_render(struct req *rq, struct resp *rs, const struct decl_view *v,
                          json_t *values, json_t *errors)
{
    char date[64], first[64], wdate[64];
    decl_date_text(date, sizeof date, v->declared_at, rq->lang);
    decl_date_text(first, sizeof first, v->first_declared_at, rq->lang);
    decl_date_text(wdate, sizeof wdate, v->withdrawn_at, rq->lang);
    json_t *d = json_pack(
        "{s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:s,s:s,s:s,s:s,s:I,s:o,s:o}", "title",
        N_("Declaration details"), "id", v->public_id, "org_name", v->org_name, "prefecture",
        pref_name_lang(rq->lang, v->prefecture), "two_stars", v->level == 2, "active", v->active,
        "step_up", v->step_up, "declared_at", date, "first_declared_at", first, "withdrawn_at",
        wdate, "withdrawn_reason", v->withdrawn_reason, "org_id", (json_int_t)v->org_id, "values",
        values ? values : json_object(), "errors", errors ? errors : json_object());
    page_render(rq, rs, "operator/declaration", d);
}

static bool load(struct req *rq, struct resp *rs, struct decl_view *v)
{
    int found = decl_lookup(rq->db, rq->params[0], v, true);
    if (found <= 0)
        page_error(rq, rs, found < 0 ? 500 : 404);
    return found > 0;
}

static void detail(struct req *rq, struct resp *rs)
{
    struct decl_view v;
    if (load(rq, rs, &v))
        detail_render(rq, rs, &v, NULL, NULL);
}

/* Tells the organization's own members, each in their language. */
static void mail_members(struct req *rq, const struct decl_view *v, const char *reason)
{
    db_res_t *r = mail_org_members(rq, v->org_id);
    const char *lang = rq->lang;
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        rq->lang = str_eq(db_res_text(r, i, 1), "en") ? "en" : "ja";
        buf_t body;
        buf_init(&body);
        buf_printf(&body, "%s\n\n%s: %s\n%s: %s\n%s:\n%s\n\n%s\n%s/verify/%s\n\n%s\n",
                   tr(rq, "The secretariat has withdrawn your organization's SECURITY ACTION "
                          "declaration."),
                   tr(rq, "Organization"), v->org_name, tr(rq, "Declaration ID"), v->public_id,
                   tr(rq, "Reason for withdrawal"), reason,
                   tr(rq, "The public verification page now shows the declaration as withdrawn:"),
                   rq->app->cfg.base_url, v->public_id,
                   tr(rq, "If you have questions, please reply to the secretariat. You can "
                          "declare again once the reason has been resolved."));
        web_send_mail(rq, db_res_text(r, i, 0),
                      tr(rq, "Your SECURITY ACTION declaration was withdrawn"), buf_cstr(&body));
        buf_free(&body);
    }
    rq->lang = lang;
    db_res_free(r);
}

static void withdraw(struct req *rq, struct resp *rs)
{
    struct decl_view v;
    if (!load(rq, rs, &v))
        return;
    if (!v.active) {
        flash_set(rq, rs, "This declaration has already been withdrawn.");
        resp_redirectf(rs, "/operator/declarations/%s", v.public_id);
        return;
    }
    char reason[4096];
    bool fits = str_copy(reason, sizeof reason, req_form(rq, "reason"));
    str_trim(reason);
    json_t *errors = json_object();
    if (!*reason)
        form_error(rq, errors, "reason",
                   "Please enter the reason. The organization and the public will see it.");
    else if (!fits || !str_valid_utf8(reason, strlen(reason)) ||
             str_utf8_len(reason) > REASON_MAX_CHARS)
        form_error(rq, errors, "reason", "Please write the reason in at most 1000 characters.");
    if (json_object_size(errors) > 0) {
        detail_render(rq, rs, &v, form_values(rq), errors);
        rs->status = 422;
        return;
    }
    json_decref(errors);
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    bool ok = db_begin(rq->db) == 0;
    /* Only the current active row changes; a concurrent withdrawal changes 0 rows. */
    int64_t n = ok ? db_exec(rq->db,
                             "UPDATE declarations SET status = 'withdrawn', withdrawn_at = ?, "
                             "withdrawn_reason = ?, withdrawn_by = ? WHERE id = ? AND status = "
                             "'active'",
                             "ssii", now, reason, rq->user.id, v.row_id)
                   : -1;
    if (n == 1) {
        char detail_txt[128];
        str_fmt(detail_txt, sizeof detail_txt, "%s level %d", v.public_id, v.level);
        audit(rq, "declaration_withdrawn", v.org_id, detail_txt);
    }
    if (n != 1 || db_commit(rq->db) != 0) {
        if (ok)
            db_rollback(rq->db);
        if (n == 0) {
            flash_set(rq, rs, "This declaration has already been withdrawn.");
            resp_redirectf(rs, "/operator/declarations/%s", v.public_id);
            return;
        }
        log_error("withdraw %s: %s", v.public_id, db_errmsg(rq->db));
        page_error(rq, rs, 500);
        return;
    }
    mail_members(rq, &v, reason);
    flash_set(rq, rs,
              "The declaration was withdrawn. The organization's members were told by mail.");
    resp_redirectf(rs, "/operator/declarations/%s", v.public_id);
}

void pages_operator_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN;
    route_add(app, "GET", "/operator/declarations", ops, list);
    route_add(app, "GET", "/operator/declarations.csv", ops, csv);
    route_add(app, "GET", "/operator/declarations/:id", ops, detail);
    route_add(app, "POST", "/operator/declarations/:id/withdraw", ops, withdraw);
}
