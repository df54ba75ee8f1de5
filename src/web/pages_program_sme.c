/* pages_program_sme.c - the SME's side of the guidance program: one status page that answers
 * "where does my application stand, who is my expert, when is the next visit, where is my
 * report", the live eligibility decision before applying, applying and withdrawing. */
#include "form.h"
#include "timeutil.h"
#include "log.h"
#include "pages.h"
#include "program_core.h"
#include "str.h"

#include <string.h>

#define MESSAGE_MAX_CHARS 2000

/* "YYYY-MM-DDTHH:MM" -> "YYYY-MM-DD HH:MM" (a local time, shown as such). */
static json_t *local_time(const char *s)
{
    char out[32];
    str_copy(out, sizeof out, s ? s : "");
    char *t = strchr(out, 'T');
    if (t)
        *t = ' ';
    return json_string(out);
}

/* The expert, next visit and report of an accepted application (tables of the expert and
 * visits parts; empty until they exist). */
static void add_match(struct req *rq, json_t *a, int64_t app_id)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT m.id, m.status, e.name, (SELECT COUNT(*) FROM visits v WHERE "
                           "v.match_id = m.id AND v.status = 'done') FROM matches m JOIN experts "
                           "e ON e.id = m.expert_id WHERE m.application_id = ? AND m.status IN "
                           "('chosen', 'confirmed', 'completed', 'terminated') ORDER BY m.id DESC "
                           "LIMIT 1",
                           "i", app_id);
    if (r && db_res_rows(r) == 1) {
        int64_t mid = db_res_int(r, 0, 0);
        json_object_set_new(a, "match",
                            json_pack("{s:s,s:s,s:I}", "status", db_res_text(r, 0, 1),
                                      "expert_name", db_res_text(r, 0, 2), "visits_done",
                                      (json_int_t)db_res_int(r, 0, 3)));
        db_res_t *v =
            db_query(rq->db,
                     "SELECT visit_no, planned_at, status FROM visits WHERE match_id = "
                     "? AND status IN ('proposed', 'confirmed') ORDER BY visit_no LIMIT 1",
                     "i", mid);
        if (v && db_res_rows(v) == 1)
            json_object_set_new(a, "next_visit",
                                json_pack("{s:I,s:o,s:b}", "no", (json_int_t)db_res_int(v, 0, 0),
                                          "at", local_time(db_res_str(v, 0, 1)), "confirmed",
                                          str_eq(db_res_text(v, 0, 2), "confirmed")));
        db_res_free(v);
    }
    db_res_free(r);
    r = db_query(rq->db,
                 "SELECT COUNT(*) FROM match_proposals WHERE application_id = ? AND status = "
                 "'sent'",
                 "i", app_id);
    json_object_set_new(a, "proposals_sent", json_boolean(r && db_res_int(r, 0, 0) > 0));
    db_res_free(r);
}

static void status_page(struct req *rq, struct resp *rs)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT a.id, p.visit_count FROM program_applications a JOIN programs "
                           "p ON p.id = a.program_id WHERE a.org_id = ? ORDER BY a.created_at "
                           "DESC, a.id DESC",
                           "i", rq->org_id);
    char today[11];
    time_jst_date(today, time(NULL), 0);
    db_res_t *o = db_query(rq->db,
                           "SELECT p.id FROM programs p WHERE p.apply_until >= ? AND NOT EXISTS "
                           "(SELECT 1 FROM program_applications a WHERE a.program_id = p.id AND "
                           "a.org_id = ? AND a.status <> 'withdrawn') ORDER BY p.apply_from, p.id "
                           "LIMIT 20",
                           "si", today, rq->org_id);
    db_res_t *n = db_query(rq->db, "SELECT name FROM organizations WHERE id = ?", "i", rq->org_id);
    if (!r || !o || !n || db_res_rows(n) != 1) {
        db_res_free(r);
        db_res_free(o);
        db_res_free(n);
        page_error(rq, rs, 500);
        return;
    }
    json_t *apps = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        int64_t id = db_res_int(r, i, 0);
        json_t *a = prog_application_get(rq, id, rq->org_id);
        if (!a)
            continue;
        const char *st = json_string_value(json_object_get(a, "status"));
        json_object_set_new(a, "can_withdraw",
                            json_boolean(rq->access == ACCESS_OWNER &&
                                         (str_eq(st, "submitted") || str_eq(st, "waitlisted"))));
        json_object_set_new(a, "visit_count", json_integer(db_res_int(r, i, 1)));
        if (str_eq(st, "accepted") || str_eq(st, "matched") || str_eq(st, "completed") ||
            str_eq(st, "terminated"))
            add_match(rq, a, id);
        json_object_set_new(a, "completed", json_boolean(str_eq(st, "completed")));
        json_array_append_new(apps, a);
    }
    json_t *open = json_array();
    for (size_t i = 0; i < db_res_rows(o); i++) {
        json_t *p = prog_get(rq->db, db_res_int(o, i, 0), rq->lang);
        json_t *d = p ? prog_eligibility(rq, p, rq->org_id) : NULL;
        if (d) {
            prog_decision_localize(rq, d);
            json_object_set_new(p, "decision", d);
            json_array_append_new(open, p);
        } else {
            json_decref(p);
        }
    }
    json_t *d =
        json_pack("{s:s,s:I,s:s,s:o,s:o,s:b}", "title", N_("Expert guidance program"), "org_id",
                  (json_int_t)rq->org_id, "org_name", db_res_text(n, 0, 0), "applications", apps,
                  "open", open, "is_owner", rq->access == ACCESS_OWNER);
    db_res_free(r);
    db_res_free(o);
    db_res_free(n);
    page_render(rq, rs, "program/status", d);
}

static void render_apply(struct req *rq, struct resp *rs, json_t *p, json_t *decision,
                         json_t *values, json_t *errors, int status)
{
    prog_decision_localize(rq, decision);
    json_object_set_new(p, "decision", decision);
    json_t *d = json_pack("{s:s,s:I,s:o,s:b,s:o,s:o}", "title", N_("Apply to the program"),
                          "org_id", (json_int_t)rq->org_id, "program", p, "is_owner",
                          rq->access == ACCESS_OWNER, "values", values, "errors", errors);
    page_render(rq, rs, "program/apply", d);
    rs->status = status;
}

static void apply_form(struct req *rq, struct resp *rs)
{
    json_t *p = prog_get(rq->db, req_param_id(rq, 1), rq->lang);
    json_t *dec = p ? prog_eligibility(rq, p, rq->org_id) : NULL;
    if (!dec) {
        json_decref(p);
        page_error(rq, rs, p ? 500 : 404);
        return;
    }
    render_apply(rq, rs, p, dec, json_object(), json_object(), 200);
}

static void apply_submit(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 1);
    json_t *p = prog_get(rq->db, pid, rq->lang);
    if (!p) {
        page_error(rq, rs, 404);
        return;
    }
    const char *msg = req_form(rq, "message");
    if (*check_text(msg, 0, MESSAGE_MAX_CHARS)) {
        json_t *errors = json_object();
        form_error(rq, errors, "message", check_text(msg, 0, MESSAGE_MAX_CHARS));
        json_t *dec = prog_eligibility(rq, p, rq->org_id);
        if (!dec) {
            json_decref(p);
            json_decref(errors);
            page_error(rq, rs, 500);
            return;
        }
        render_apply(rq, rs, p, dec, form_values(rq), errors, 422);
        return;
    }
    json_t *dec = NULL;
    int64_t app_id = 0;
    enum prog_result res = prog_apply(rq, pid, rq->org_id, msg, &dec, &app_id);
    if (res == PROG_OK) {
        json_decref(dec);
        json_decref(p);
        flash_set(rq, rs,
                  "Your application was sent. The secretariat will decide and tell you by mail.");
        resp_redirectf(rs, "/w/%lld/program", (long long)rq->org_id);
        return;
    }
    if (res == PROG_REFUSED && dec) {
        json_t *errors = json_object();
        json_object_set_new(errors, "refused",
                            json_string(tr(rq, "The application could not be sent. The reasons "
                                               "are listed below.")));
        render_apply(rq, rs, p, dec, form_values(rq), errors, 422);
        return;
    }
    json_decref(dec);
    json_decref(p);
    page_error(rq, rs, 500);
}

static void withdraw(struct req *rq, struct resp *rs)
{
    enum prog_result res = prog_withdraw(rq, req_param_id(rq, 1), rq->org_id);
    if (res == PROG_NOT_FOUND) {
        page_error(rq, rs, 404);
        return;
    }
    if (res == PROG_ERROR) {
        page_error(rq, rs, 500);
        return;
    }
    flash_set(rq, rs,
              res == PROG_OK ? N_("Your application was withdrawn.")
                             : N_("This application can no longer be withdrawn: it has "
                                  "already been decided."));
    resp_redirectf(rs, "/w/%lld/program", (long long)rq->org_id);
}

void pages_program_sme_register(struct app *app)
{
    route_add(app, "GET", "/w/:org/program", R_ORG, status_page);
    route_add(app, "GET", "/w/:org/programs/:id/apply", R_ORG, apply_form);
    route_add(app, "POST", "/w/:org/programs/:id/apply", R_ORG | R_ORG_OWNER, apply_submit);
    route_add(app, "POST", "/w/:org/program/applications/:id/withdraw", R_ORG | R_ORG_OWNER,
              withdraw);
}
