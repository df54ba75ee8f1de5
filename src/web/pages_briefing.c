/* pages_briefing.c - public briefing sessions of a program with the registration form, and
 * an expert's own registrations (/expert/briefings) with cancellation. */
#include "form.h"
#include "log.h"
#include "pages.h"
#include "pages_briefing.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>

static json_t *qualifications(const struct req *rq, const char *selected)
{
    static const char *keys[] = {"riss", "itc", "other"};
    json_t *a = json_array();
    for (size_t i = 0; i < 3; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "key", keys[i], "label",
                                           tr(rq, briefing_qualification_msgid(keys[i])),
                                           "selected", str_eq(selected, keys[i])));
    return a;
}

static bool is_advisor(const struct req *rq)
{
    return rq->logged_in && rq->user.role == ROLE_ADVISOR;
}

/* The advisor's qualification from the expert registry, "" if not registered there. */
static void advisor_qualification(struct req *rq, char out[8])
{
    out[0] = '\0';
    db_res_t *r =
        db_query(rq->db, "SELECT qualification FROM experts WHERE user_id = ?", "i", rq->user.id);
    if (r && db_res_rows(r) == 1)
        str_copy(out, 8, db_res_text(r, 0, 0));
    db_res_free(r);
}

static void render_public(struct req *rq, struct resp *rs, int64_t pid, json_t *values,
                          json_t *errors)
{
    char *name = briefing_program_name(rq, pid);
    if (!name) {
        json_decref(values);
        json_decref(errors);
        page_error(rq, rs, 404);
        return;
    }
    int st = rs->status;
    json_t *sessions = briefing_sessions_json(rq, pid);
    bool any_open = false;
    size_t i;
    json_t *s;
    const char *chosen = json_string_value(json_object_get(values, "session"));
    json_array_foreach(sessions, i, s)
    {
        char id[24];
        str_fmt(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(s, "id")));
        json_object_set_new(s, "checked", json_boolean(chosen && str_eq(chosen, id)));
        if (json_is_true(json_object_get(s, "registering")))
            any_open = true;
    }
    const char *q = json_string_value(json_object_get(values, "qualification"));
    json_t *d = json_pack("{s:s,s:s,s:I,s:o,s:b,s:o,s:o,s:o,s:b}", "title",
                          N_("Briefing sessions for experts"), "program", name, "program_id",
                          (json_int_t)pid, "sessions", sessions, "any_open", any_open,
                          "qualifications", qualifications(rq, q ? q : ""), "values", values,
                          "errors", errors, "linked", is_advisor(rq));
    free(name);
    const char *first = NULL;
    static const char *order[] = {"session", "name", "email", "qualification"};
    for (size_t k = 0; k < 4 && !first; k++)
        if (json_object_get(errors, order[k]))
            first = order[k];
    if (first)
        json_object_set_new(d, "first_error", json_string(first));
    page_render(rq, rs, "briefing/public", d);
    rs->status = st;
}

static void public_page(struct req *rq, struct resp *rs)
{
    json_t *values = json_object();
    if (is_advisor(rq)) {
        char q[8];
        advisor_qualification(rq, q);
        json_object_set_new(values, "name", json_string(rq->user.name));
        json_object_set_new(values, "email", json_string(rq->user.email));
        json_object_set_new(values, "qualification", json_string(q));
    }
    render_public(rq, rs, req_param_id(rq, 0), values, json_object());
}

static void public_register(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    char *pname = briefing_program_name(rq, pid);
    if (!pname) {
        page_error(rq, rs, 404);
        return;
    }
    free(pname);
    if (!rq->logged_in && briefing_throttled(rq)) {
        rs->status = 429;
        json_t *errors = json_object();
        form_error(rq, errors, "session",
                   "Too many registrations from your network. Please wait 10 minutes and try "
                   "again.");
        render_public(rq, rs, pid, form_values(rq), errors);
        return;
    }
    json_t *errors = json_object();
    const char *name = req_form(rq, "name"), *email = req_form(rq, "email");
    const char *qual = req_form(rq, "qualification");
    if (is_advisor(rq))
        email = rq->user.email; /* linked registrations use the account's address */
    int64_t sid = -1;
    const char *s = req_form(rq, "session");
    if (!*s || !str_to_i64(s, 1, INT64_MAX, &sid))
        form_error(rq, errors, "session", "Please choose a session.");
    const char *m = check_text(name, 1, BRIEFING_NAME_MAX);
    if (*m)
        form_error(rq, errors, "name", m);
    else if (strchr(name, '\n') || strchr(name, '\r') || strchr(name, '\t'))
        form_error(rq, errors, "name", "This contains characters that cannot be used.");
    m = check_email(email);
    if (*m)
        form_error(rq, errors, "email", m);
    if (!briefing_valid_qualification(qual))
        form_error(rq, errors, "qualification", "Please choose your qualification.");
    if (json_object_size(errors) == 0) {
        json_t *sess = briefing_session_json(rq, sid, pid);
        if (!sess)
            form_error(rq, errors, "session", "Please choose a session.");
        json_decref(sess);
    }
    if (json_object_size(errors) == 0) {
        struct briefing_reg in = {name, email, qual, is_advisor(rq) ? rq->user.id : 0, rq->lang};
        int64_t reg, pos;
        enum briefing_outcome o = briefing_register(rq, sid, &in, &reg, &pos);
        if (o == BO_ACCEPTED || o == BO_WAITLISTED || o == BO_REFUSED) {
            json_decref(errors);
            flash_set(rq, rs, briefing_outcome_msgid(o));
            resp_redirectf(rs, "/programs/%lld/briefings", (long long)pid);
            return;
        }
        form_error(rq, errors, o == BO_DUPLICATE ? "email" : "session", briefing_outcome_msgid(o));
    }
    rs->status = 422;
    render_public(rq, rs, pid, form_values(rq), errors);
}

static void expert_list(struct req *rq, struct resp *rs)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT r.id, r.status, s.id, s.program_id, p.name FROM "
                           "briefing_registrations r JOIN briefing_sessions s ON s.id = "
                           "r.session_id JOIN programs p ON p.id = s.program_id WHERE r.user_id "
                           "= ? ORDER BY s.starts_at DESC, r.id DESC",
                           "i", rq->user.id);
    if (!r) {
        page_error(rq, rs, 500);
        return;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        json_t *sess = briefing_session_json(rq, db_res_int(r, i, 2), 0);
        if (!sess)
            continue;
        const char *st = db_res_text(r, i, 1);
        bool cancelled_session = json_is_true(json_object_get(sess, "cancelled"));
        json_array_append_new(
            rows,
            json_pack("{s:I,s:s,s:s,s:s,s:o,s:b,s:b,s:I}", "id", (json_int_t)db_res_int(r, i, 0),
                      "status", st, "status_label", tr(rq, briefing_status_msgid(st)), "program",
                      db_res_text(r, i, 4), "session", sess, "accepted", str_eq(st, "accepted"),
                      "cancellable",
                      !cancelled_session && (str_eq(st, "accepted") || str_eq(st, "waitlisted")),
                      "program_id", (json_int_t)db_res_int(r, i, 3)));
    }
    db_res_free(r);
    page_render(rq, rs, "briefing/mine",
                json_pack("{s:s,s:o}", "title", N_("My briefing sessions"), "rows", rows));
}

static void expert_cancel(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 0);
    db_res_t *r =
        db_query(rq->db, "SELECT id FROM briefing_registrations WHERE id = ? AND user_id = ?", "ii",
                 id, rq->user.id);
    bool mine = r && db_res_rows(r) == 1;
    db_res_free(r);
    if (!mine) {
        page_error(rq, rs, 404);
        return;
    }
    if (briefing_cancel_registration(rq, id) != 0) {
        flash_set(rq, rs, "This registration can no longer be cancelled.");
        resp_redirect(rs, "/expert/briefings");
        return;
    }
    flash_set(rq, rs, "Your registration was cancelled.");
    resp_redirect(rs, "/expert/briefings");
}

/* The cancel link of the mails: anonymous registrants cancel with its token. */
static void link_cancel_form(struct req *rq, struct resp *rs)
{
    const char *tok = req_query(rq, "token");
    int64_t id = briefing_registration_by_token(rq, tok);
    db_res_t *r = id > 0 ? db_query(rq->db,
                                    "SELECT name, status, session_id FROM "
                                    "briefing_registrations WHERE id = ?",
                                    "i", id)
                         : NULL;
    json_t *sess =
        r && db_res_rows(r) == 1 ? briefing_session_json(rq, db_res_int(r, 0, 2), 0) : NULL;
    json_t *d = json_pack("{s:s,s:s,s:b}", "title", N_("Cancel a registration"), "token", tok,
                          "valid", sess != NULL);
    if (sess) {
        json_object_set_new(d, "session", sess);
        json_object_set_new(d, "name", json_string(db_res_text(r, 0, 0)));
        json_object_set_new(d, "status_label",
                            json_string(tr(rq, briefing_status_msgid(db_res_text(r, 0, 1)))));
    }
    db_res_free(r);
    rs->status = sess ? 200 : 404;
    page_render(rq, rs, "briefing/cancel", d);
    rs->status = sess ? 200 : 404;
}

static void link_cancel(struct req *rq, struct resp *rs)
{
    int64_t id = briefing_registration_by_token(rq, req_form(rq, "token"));
    db_res_t *r = id > 0 ? db_query(rq->db,
                                    "SELECT s.program_id FROM briefing_registrations r JOIN "
                                    "briefing_sessions s ON s.id = r.session_id WHERE r.id = ?",
                                    "i", id)
                         : NULL;
    int64_t pid = r && db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : -1;
    db_res_free(r);
    if (pid < 0 || briefing_cancel_registration(rq, id) != 0) {
        rs->status = 404;
        page_render(rq, rs, "briefing/cancel",
                    json_pack("{s:s,s:s,s:b}", "title", N_("Cancel a registration"), "token", "",
                              "valid", false));
        rs->status = 404;
        return;
    }
    flash_set(rq, rs, "Your registration was cancelled.");
    resp_redirectf(rs, "/programs/%lld/briefings", (long long)pid);
}

void pages_briefing_register(struct app *app)
{
    route_add(app, "GET", "/programs/:id/briefings", R_PUBLIC, public_page);
    route_add(app, "POST", "/programs/:id/briefings", R_PUBLIC, public_register);
    route_add(app, "GET", "/briefings/cancel", R_PUBLIC, link_cancel_form);
    route_add(app, "POST", "/briefings/cancel", R_PUBLIC, link_cancel);
    route_add(app, "GET", "/expert/briefings", R_ADVISOR, expert_list);
    route_add(app, "POST", "/expert/briefings/:id/cancel", R_ADVISOR, expert_cancel);
}
