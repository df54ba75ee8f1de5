/* pages_program_apps.c - the secretariat decides a program's applications as they arrive:
 * filters, the eligibility reasons of each, accept / wait-list / reject with a reason. */
#include "form.h"
#include "log.h"
#include "pages.h"
#include "pref_options.h"
#include "program_core.h"
#include "str.h"

#include <string.h>

#define PER_PAGE 50
#define MAX_PAGE 100000

struct app_filter {
    char status[16];
    char elig[4]; /* "yes", "no" or "" */
    int64_t pref, page;
};

static void filter_read(const struct req *rq, struct app_filter *f)
{
    memset(f, 0, sizeof *f);
    static const char *const statuses[] = {"submitted", "accepted", "rejected",  "waitlisted",
                                           "withdrawn", "matched",  "completed", "terminated"};
    const char *s = req_query(rq, "status");
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (str_eq(s, statuses[i]))
            str_copy(f->status, sizeof f->status, s);
    s = req_query(rq, "elig");
    if (str_eq(s, "yes") || str_eq(s, "no"))
        str_copy(f->elig, sizeof f->elig, s);
    s = req_query(rq, "pref");
    if (!*s || !str_to_i64(s, 1, 47, &f->pref))
        f->pref = 0;
    s = req_query(rq, "page");
    if (!*s || !str_to_i64(s, 1, MAX_PAGE, &f->page))
        f->page = 1;
}

/* Every filter is bound; "(? = '' OR ...)" switches one off. */
#define APP_FROM                                                                                   \
    " FROM program_applications a JOIN programs p ON p.id = a.program_id JOIN organizations o "    \
    "ON o.id = a.org_id WHERE a.program_id = ? AND (? = '' OR a.status = ?) AND (? = '0' OR "      \
    "o.prefecture = ?) AND (? = '' OR " PROG_ELIGIBLE_NOW_SQL " = (CASE WHEN ? = 'yes' THEN 1 "    \
    "ELSE 0 END))"
#define APP_TYPES "issiiss"
#define APP_ARGS(pid, f) (pid), (f)->status, (f)->status, (f)->pref, (f)->pref, (f)->elig, (f)->elig

/* Renders the list; err_app/err_text/kept show a refused decision next to its form. */
static void render(struct req *rq, struct resp *rs, json_t *prog, int64_t err_app,
                   const char *err_text, const char *kept, const char *notice, int status)
{
    struct app_filter f;
    filter_read(rq, &f);
    int64_t pid = json_integer_value(json_object_get(prog, "id"));
    db_res_t *c = db_query(rq->db, "SELECT COUNT(*)" APP_FROM, APP_TYPES, APP_ARGS(pid, &f));
    db_res_t *r =
        db_query(rq->db,
                 "SELECT a.id, o.id, o.name, o.prefecture, a.status, a.created_at, "
                 "a.eligibility, " PROG_ELIGIBLE_NOW_SQL ", a.reason, a.message" APP_FROM
                 " ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?",
                 APP_TYPES "ii", APP_ARGS(pid, &f), (int64_t)PER_PAGE, (f.page - 1) * PER_PAGE);
    if (!c || !r) {
        log_error("program applications: %s", db_errmsg(rq->db));
        db_res_free(c);
        db_res_free(r);
        json_decref(prog);
        page_error(rq, rs, 500);
        return;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        int64_t id = db_res_int(r, i, 0);
        const char *st = db_res_text(r, i, 4);
        json_error_t jerr;
        json_t *elig = json_loads(db_res_text(r, i, 6), 0, &jerr);
        if (!json_is_object(elig)) {
            json_decref(elig);
            elig = json_object();
        }
        prog_decision_localize(rq, elig);
        char date[11];
        prog_jst_date(db_res_text(r, i, 5), date);
        bool decidable = str_eq(st, "submitted") || str_eq(st, "waitlisted");
        bool err_here = id == err_app;
        json_array_append_new(
            rows,
            json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:b,s:s,s:s,s:b,s:b,s:s,s:s}", "id",
                      (json_int_t)id, "org_id", (json_int_t)db_res_int(r, i, 1), "org_name",
                      db_res_text(r, i, 2), "prefecture",
                      pref_name_lang(rq->lang, (int)db_res_int(r, i, 3)), "status", st,
                      "status_text", prog_status_text(rq, st), "applied_on", date, "eligibility",
                      elig, "eligible_now", db_res_int(r, i, 7) != 0, "reason",
                      db_res_text(r, i, 8), "message", db_res_text(r, i, 9), "decidable", decidable,
                      "can_waitlist", str_eq(st, "submitted"), "error",
                      err_here && err_text ? err_text : "", "kept", err_here && kept ? kept : ""));
    }
    int64_t total = db_res_int(c, 0, 0);
    db_res_free(c);
    db_res_free(r);
    buf_t b;
    buf_init(&b);
    pref_options_html(&b, rq->lang, (int)f.pref);
    json_t *d = json_pack("{s:s,s:o,s:o,s:s,s:I,s:s,s:s,s:I,s:s}", "title", N_("Applications"),
                          "program", prog, "rows", rows, "tab", "applications", "total",
                          (json_int_t)total, "status", f.status, "elig", f.elig, "page",
                          (json_int_t)f.page, "html_pref_options", buf_cstr(&b));
    buf_free(&b);
    if (notice)
        json_object_set_new(d, "notice", json_string(notice));
    char q[128];
    str_fmt(q, sizeof q, "status=%s&elig=%s&pref=%lld", f.status, f.elig, (long long)f.pref);
    if (f.page > 1)
        json_object_set_new(d, "prev_url", json_sprintf("?%s&page=%lld", q, (long long)f.page - 1));
    if (f.page * PER_PAGE < total)
        json_object_set_new(d, "next_url", json_sprintf("?%s&page=%lld", q, (long long)f.page + 1));
    page_render(rq, rs, "program/applications", d);
    rs->status = status;
}

static void list(struct req *rq, struct resp *rs)
{
    json_t *p = prog_get(rq->db, req_param_id(rq, 0), rq->lang);
    if (!p) {
        page_error(rq, rs, 404);
        return;
    }
    render(rq, rs, p, 0, NULL, NULL, NULL, 200);
}

static void decide(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0), app = req_param_id(rq, 1);
    json_t *p = prog_get(rq->db, pid, rq->lang);
    if (!p || app <= 0) {
        json_decref(p);
        page_error(rq, rs, 404);
        return;
    }
    const char *decision = req_form(rq, "decision");
    enum prog_result res = prog_decide_app(rq, app, pid, decision, req_form(rq, "reason"));
    switch (res) {
    case PROG_OK:
        json_decref(p);
        flash_set(rq, rs,
                  str_eq(decision, "accept")
                      ? N_("The application was accepted. The organization was told by mail.")
                  : str_eq(decision, "waitlist")
                      ? N_("The application is on the waiting list. The organization was told "
                           "by mail.")
                      : N_("The application was not accepted. The organization was told by "
                           "mail."));
        resp_redirectf(rs, "/operator/programs/%lld/applications", (long long)pid);
        return;
    case PROG_NOT_FOUND:
        json_decref(p);
        page_error(rq, rs, 404);
        return;
    case PROG_NEED_REASON:
        render(rq, rs, p, app,
               tr(rq, "Please write the reason (at most 1000 characters). The organization "
                      "will read it."),
               req_form(rq, "reason"), NULL, 422);
        return;
    case PROG_FULL:
        render(rq, rs, p, app,
               tr(rq, "The program is full: every place has been given. Put the application on "
                      "the waiting list instead, or raise the capacity first."),
               req_form(rq, "reason"), NULL, 409);
        return;
    case PROG_BAD_STATE:
        render(rq, rs, p, app,
               tr(rq, "This application has already been decided or withdrawn. The list shows "
                      "its current state."),
               NULL, NULL, 409);
        return;
    default:
        json_decref(p);
        page_error(rq, rs, 500);
        return;
    }
}

void pages_program_apps_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN;
    route_add(app, "GET", "/operator/programs/:id/applications", ops, list);
    route_add(app, "POST", "/operator/programs/:id/applications/:app/decision", ops, decide);
}
