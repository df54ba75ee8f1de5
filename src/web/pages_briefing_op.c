/* pages_briefing_op.c - the secretariat's briefing sessions of a program: table 1 (per
 * venue capacity, applications, accepted, refused, attended; CSV and XLSX), creating,
 * editing and cancelling sessions, registrants and attendance. */
#include "download.h"
#include "csv_out.h"
#include "form.h"
#include "log.h"
#include "pages.h"
#include "pages_briefing.h"
#include "pref_options.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>

#define ATTEND_MAX 100000

/* Loads the program name or writes 404; free() the result. */
static char *program_or_404(struct req *rq, struct resp *rs, int64_t pid)
{
    char *name = briefing_program_name(rq, pid);
    if (!name)
        page_error(rq, rs, 404);
    return name;
}

static json_t *pref_options(const struct req *rq, int selected)
{
    buf_t b;
    buf_init(&b);
    pref_options_html(&b, rq->lang, selected);
    json_t *j = json_string(buf_cstr(&b));
    buf_free(&b);
    return j;
}

static void index_page(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    char *name = program_or_404(rq, rs, pid);
    if (!name)
        return;
    json_t *d =
        json_pack("{s:s,s:s,s:I,s:o,s:o}", "title", N_("Briefing sessions"), "program", name,
                  "program_id", (json_int_t)pid, "table", briefing_table1_json(rq, pid), "sessions",
                  briefing_sessions_json(rq, pid));
    free(name);
    page_render(rq, rs, "briefing/op_index", d);
}

/* Table 1 as columns and rows for CSV and XLSX. */
static void table1_export(struct req *rq, int64_t pid, json_t **cols, json_t **rows)
{
    static const char *heads[] = {N_("Date"),
                                  N_("Venue"),
                                  N_("Capacity"),
                                  N_("Registrations"),
                                  N_("Registrations accepted"),
                                  N_("On the wait-list"),
                                  N_("Refused"),
                                  N_("Cancelled by the registrant"),
                                  N_("Attended"),
                                  N_("Cancelled session")};
    *cols = json_array();
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        json_array_append_new(*cols, json_string(tr(rq, heads[i])));
    *rows = json_array();
    json_t *t = briefing_table1_json(rq, pid);
    size_t i;
    json_t *r;
    static const char *nums[] = {"capacity", "applications", "accepted", "waitlisted",
                                 "refused",  "withdrawn",    "attended"};
    json_array_foreach(json_object_get(t, "rows"), i, r)
    {
        json_t *row = json_pack("[O,O]", json_object_get(r, "date"), json_object_get(r, "venue"));
        for (size_t k = 0; k < 7; k++)
            json_array_append(row, json_object_get(r, nums[k]));
        json_array_append_new(row, json_string(json_is_true(json_object_get(r, "cancelled"))
                                                   ? tr(rq, "Session cancelled")
                                                   : ""));
        json_array_append_new(*rows, row);
    }
    json_t *tot = json_object_get(t, "totals");
    json_t *row = json_pack("[s,s]", tr(rq, "Grand total"), "");
    for (size_t k = 0; k < 7; k++)
        json_array_append(row, json_object_get(tot, nums[k]));
    json_array_append_new(row, json_string(""));
    json_array_append_new(*rows, row);
    json_decref(t);
}

static void export_csv(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    char *name = program_or_404(rq, rs, pid);
    if (!name)
        return;
    free(name);
    json_t *cols, *rows;
    table1_export(rq, pid, &cols, &rows);
    buf_t out;
    buf_init(&out);
    buf_puts(&out, "\xef\xbb\xbf"); /* BOM: Excel then reads UTF-8 */
    size_t i, k;
    json_t *v, *row;
    json_array_foreach(cols, i, v)
    {
        if (i)
            buf_putc(&out, ',');
        csv_value(&out, v);
    }
    buf_puts(&out, "\r\n");
    json_array_foreach(rows, i, row)
    {
        json_array_foreach(row, k, v)
        {
            if (k)
                buf_putc(&out, ',');
            csv_value(&out, v);
        }
        buf_puts(&out, "\r\n");
    }
    json_decref(cols);
    json_decref(rows);
    resp_download(rs, "text/csv; charset=utf-8", "briefing-sessions.csv", NULL, &out);
    buf_free(&out);
}

static void export_xlsx(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    char *name = program_or_404(rq, rs, pid);
    if (!name)
        return;
    free(name);
    json_t *cols, *rows;
    table1_export(rq, pid, &cols, &rows);
    resp_xlsx(rq, rs, tr(rq, "Briefing sessions"), cols, rows, "briefing-sessions.xlsx", NULL);
}

static void render_form(struct req *rq, struct resp *rs, int64_t pid, int64_t sid, json_t *values,
                        json_t *errors)
{
    char *name = program_or_404(rq, rs, pid);
    if (!name) {
        json_decref(values);
        json_decref(errors);
        return;
    }
    int st = rs->status;
    int64_t pref = 0;
    const char *p = json_string_value(json_object_get(values, "prefecture"));
    if (p && !str_to_i64(p, 1, 47, &pref))
        pref = 0;
    static const char *order[] = {"venue",    "prefecture", "address",    "date",
                                  "start",    "end",        "capacity",   "waitlist",
                                  "reg_from", "reg_until",  "online_url", "recording_url"};
    const char *first = NULL;
    for (size_t k = 0; k < sizeof order / sizeof order[0] && !first; k++)
        if (json_object_get(errors, order[k]))
            first = order[k];
    json_t *d = json_pack("{s:s,s:s,s:I,s:I,s:o,s:o,s:o,s:s}", "title",
                          sid > 0 ? N_("Edit the briefing session") : N_("New briefing session"),
                          "program", name, "program_id", (json_int_t)pid, "session_id",
                          (json_int_t)sid, "values", values, "errors", errors, "html_pref_options",
                          pref_options(rq, (int)pref), "first_error", first ? first : "");
    free(name);
    page_render(rq, rs, "briefing/op_form", d);
    rs->status = st;
}

static void new_form(struct req *rq, struct resp *rs)
{
    render_form(rq, rs, req_param_id(rq, 0), 0, json_pack("{s:s}", "waitlist", "0"), json_object());
}

/* True when session sid belongs to program pid; otherwise a 404 page is written. */
static bool session_or_404(struct req *rq, struct resp *rs, int64_t pid, int64_t sid)
{
    json_t *s = briefing_session_json(rq, sid, pid);
    if (!s) {
        page_error(rq, rs, 404);
        return false;
    }
    json_decref(s);
    return true;
}

static void edit_form(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0), sid = req_param_id(rq, 1);
    json_t *s = briefing_session_json(rq, sid, pid);
    if (!s) {
        page_error(rq, rs, 404);
        return;
    }
    if (json_is_true(json_object_get(s, "cancelled"))) {
        json_decref(s);
        flash_set(rq, rs, "A cancelled session cannot be changed.");
        resp_redirectf(rs, "/operator/programs/%lld/briefings/%lld", (long long)pid,
                       (long long)sid);
        return;
    }
    char pref[8] = "", cap[24], wl[24];
    if (json_integer_value(json_object_get(s, "prefecture")) > 0)
        str_fmt(pref, sizeof pref, "%lld",
                (long long)json_integer_value(json_object_get(s, "prefecture")));
    str_fmt(cap, sizeof cap, "%lld", (long long)json_integer_value(json_object_get(s, "capacity")));
    str_fmt(wl, sizeof wl, "%lld",
            (long long)json_integer_value(json_object_get(s, "waitlist_size")));
    json_t *v = json_pack(
        "{s:O,s:s,s:O,s:O,s:O,s:O,s:s,s:s,s:O,s:O,s:O,s:O}", "venue", json_object_get(s, "venue"),
        "prefecture", pref, "address", json_object_get(s, "address"), "date",
        json_object_get(s, "date"), "start", json_object_get(s, "start"), "end",
        json_object_get(s, "end"), "capacity", cap, "waitlist", wl, "reg_from",
        json_object_get(s, "register_from"), "reg_until", json_object_get(s, "register_until"),
        "online_url", json_object_get(s, "online_url"), "recording_url",
        json_object_get(s, "recording_url"));
    json_decref(s);
    render_form(rq, rs, pid, sid, v, json_object());
}

/* Create (no session id in the path) or update. */
static void save(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0), sid = rq->nparams > 1 ? req_param_id(rq, 1) : 0;
    char *name = program_or_404(rq, rs, pid);
    if (!name)
        return;
    free(name);
    if (rq->nparams > 1) {
        if (!session_or_404(rq, rs, pid, sid))
            return;
    }
    struct briefing_form f = {
        req_form(rq, "venue"),     req_form(rq, "prefecture"), req_form(rq, "address"),
        req_form(rq, "date"),      req_form(rq, "start"),      req_form(rq, "end"),
        req_form(rq, "capacity"),  req_form(rq, "waitlist"),   req_form(rq, "reg_from"),
        req_form(rq, "reg_until"), req_form(rq, "online_url"), req_form(rq, "recording_url"),
    };
    struct briefing_values v;
    struct briefing_problem pr[16];
    size_t n = briefing_form_check(&f, &v, pr, 16);
    json_t *errors = json_object();
    for (size_t i = 0; i < n && i < 16; i++)
        form_error(rq, errors, pr[i].field, pr[i].msgid);
    if (n == 0) {
        const char *problem = NULL;
        int64_t id = briefing_save_session(rq, pid, sid, &v, &problem);
        if (id > 0) {
            json_decref(errors);
            flash_set(rq, rs, sid > 0 ? "The session was saved." : "The session was created.");
            resp_redirectf(rs, "/operator/programs/%lld/briefings/%lld", (long long)pid,
                           (long long)id);
            return;
        }
        form_error(rq, errors, "capacity",
                   problem ? problem : "Something went wrong. Please try again.");
    }
    rs->status = 422;
    render_form(rq, rs, pid, sid, form_values(rq), errors);
}

static void render_session(struct req *rq, struct resp *rs, int64_t pid, int64_t sid,
                           json_t *errors)
{
    json_t *s = briefing_session_json(rq, sid, pid);
    char *name = s ? briefing_program_name(rq, pid) : NULL;
    if (!s || !name) {
        json_decref(s);
        json_decref(errors);
        page_error(rq, rs, 404);
        return;
    }
    int st = rs->status;
    json_t *d = json_pack("{s:s,s:s,s:I,s:o,s:o,s:o}", "title", N_("Briefing session"), "program",
                          name, "program_id", (json_int_t)pid, "session", s, "registrants",
                          briefing_registrants_json(rq, sid), "errors", errors);
    free(name);
    page_render(rq, rs, "briefing/op_session", d);
    rs->status = st;
}

static void session_page(struct req *rq, struct resp *rs)
{
    render_session(rq, rs, req_param_id(rq, 0), req_param_id(rq, 1), json_object());
}

static void cancel(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0), sid = req_param_id(rq, 1);
    if (!session_or_404(rq, rs, pid, sid))
        return;
    const char *reason = req_form(rq, "reason");
    const char *m = check_text(reason, 1, BRIEFING_REASON_MAX);
    if (*m) {
        json_t *errors = json_object();
        form_error(rq, errors, "reason",
                   *reason ? m : "Please write the reason; it is mailed to every registrant.");
        rs->status = 422;
        render_session(rq, rs, pid, sid, errors);
        return;
    }
    if (briefing_cancel_session(rq, sid, reason) != 0) {
        flash_set(rq, rs, "This session was already cancelled.");
    } else {
        audit(rq, "briefing_cancelled", 0, reason);
        flash_set(rq, rs, "The session was cancelled and every registrant was mailed.");
    }
    resp_redirectf(rs, "/operator/programs/%lld/briefings/%lld", (long long)pid, (long long)sid);
}

static void attendance(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0), sid = req_param_id(rq, 1);
    if (!session_or_404(rq, rs, pid, sid))
        return;
    int64_t *ids = calloc(rq->form.n + 1, sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; ids && i < rq->form.n && n < ATTEND_MAX; i++) {
        int64_t id;
        if (str_eq(rq->form.items[i].key, "attended") &&
            str_to_i64(rq->form.items[i].val, 1, INT64_MAX, &id))
            ids[n++] = id;
    }
    int rc = ids ? briefing_set_attendance(rq, sid, ids, n) : -1;
    free(ids);
    flash_set(rq, rs,
              rc == 0 ? "Attendance was saved."
                      : "Attendance cannot be recorded for a cancelled session.");
    resp_redirectf(rs, "/operator/programs/%lld/briefings/%lld", (long long)pid, (long long)sid);
}

static void close_waitlist(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0), sid = req_param_id(rq, 1);
    if (!session_or_404(rq, rs, pid, sid))
        return;
    int64_t n = briefing_close_waitlist(rq, sid);
    flash_set(rq, rs,
              n >= 0 ? "The wait-list was closed. Everyone on it was mailed the recording link."
                     : "The wait-list of a cancelled session cannot be closed.");
    resp_redirectf(rs, "/operator/programs/%lld/briefings/%lld", (long long)pid, (long long)sid);
}

void pages_briefing_op_register(struct app *app)
{
    const unsigned op = R_OPERATOR | R_ADMIN;
    route_add(app, "GET", "/operator/programs/:id/briefings", op, index_page);
    route_add(app, "POST", "/operator/programs/:id/briefings", op, save);
    route_add(app, "GET", "/operator/programs/:id/briefings.csv", op, export_csv);
    route_add(app, "GET", "/operator/programs/:id/briefings.xlsx", op, export_xlsx);
    route_add(app, "GET", "/operator/programs/:id/briefings/new", op, new_form);
    route_add(app, "GET", "/operator/programs/:id/briefings/:sid", op, session_page);
    route_add(app, "GET", "/operator/programs/:id/briefings/:sid/edit", op, edit_form);
    route_add(app, "POST", "/operator/programs/:id/briefings/:sid/edit", op, save);
    route_add(app, "POST", "/operator/programs/:id/briefings/:sid/cancel", op, cancel);
    route_add(app, "POST", "/operator/programs/:id/briefings/:sid/attendance", op, attendance);
    route_add(app, "POST", "/operator/programs/:id/briefings/:sid/close-waitlist", op,
              close_waitlist);
}
