/* pages_expert.c - the expert's own pages: sign-up as an expert, the profile, and the home
 * page with its matches (confirm or decline). */
#include "decl_lookup.h"
#include "mailer.h"
#include "expert_flow.h"
#include "expert_store.h"
#include "form.h"
#include "new_account.h"
#include "log.h"
#include "pages.h"
#include "pref_options.h"
#include "session.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

/* The first field with an error, in form order, gets autofocus. */
static const char *first_error(json_t *errors)
{
    static const char *order[] = {"name",       "email",       "password",      "password_confirm",
                                  "agree",      "expert_name", "qualification", "registration_no",
                                  "prefecture", "areas",       "mode",          "specialities",
                                  "industries", "capacity",    "profile"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (json_object_get(errors, order[i]))
            return order[i];
    return "";
}

static void render_form(struct req *rq, struct resp *rs, const char *tmpl, const char *title,
                        json_t *values, json_t *errors, int status)
{
    json_t *d = json_pack("{s:s,s:o,s:o,s:s}", "title", title, "values", values, "errors", errors,
                          "first_error", first_error(errors));
    expert_form_options(rq, d, values);
    page_render(rq, rs, tmpl, d);
    rs->status = status;
}

/* The register form names the expert's display name "expert_name" (the account partial
 * owns "name"); the profile form uses "name". */
static void register_form(struct req *rq, struct resp *rs)
{
    if (rq->logged_in) {
        resp_redirect(rs, rq->user.role == ROLE_ADVISOR ? "/expert/profile" : "/");
        return;
    }
    render_form(rq, rs, "expert/register", N_("Register as an expert"),
                json_pack("{s:s}", "capacity", "3"), json_object(), 200);
}

static void mail_operators_new(struct req *rq, const struct expert_profile *p, int64_t user_id)
{
    struct expert_mail m = {
        .subject = N_("A new expert has registered"),
        .lead = N_("A new expert has registered and waits for your approval."),
        .labels = {N_("Name"), N_("Qualification"), N_("Registration number")},
        .values = {p->name, expert_qualification_msgid(p->qualification), p->registration_no},
        .tr_value = {false, true, false},
        .link = "/operator/experts?status=pending",
    };
    expert_mail(rq, db_query(rq->db, EXPERT_MAIL_OPERATORS, "i", user_id), &m);
}

static void register_submit(struct req *rq, struct resp *rs)
{
    if (rq->logged_in) {
        resp_redirect(rs, "/expert/profile");
        return;
    }
    json_t *errors = json_object();
    new_account_check(rq, errors);
    struct expert_input in;
    struct expert_profile p;
    expert_input_from_form(rq, &in);
    in.name = req_form(rq, "expert_name");
    json_t *perr = json_object();
    expert_validate(rq, &in, &p, perr);
    /* The profile's name field is called expert_name on this form. */
    json_t *ne = json_object_get(perr, "name");
    if (ne)
        json_object_set(errors, "expert_name", ne);
    json_object_del(perr, "name");
    json_object_update_missing(errors, perr);
    json_decref(perr);
    if (json_object_size(errors) == 0) {
        if (db_begin(rq->db) != 0) {
            form_error(rq, errors, "email", "Something went wrong. Please try again.");
        } else {
            int64_t uid = new_account_insert(rq, "advisor", errors);
            if (uid > 0 && expert_insert(rq->db, uid, &p) > 0 && db_commit(rq->db) == 0) {
                json_decref(errors);
                session_start(rq, rs, uid);
                rq->user.id = uid;
                rq->logged_in = true;
                audit(rq, "expert_signup", 0, req_form(rq, "email"));
                mail_operators_new(rq, &p, uid);
                flash_set(rq, rs,
                          "Your registration was received. The secretariat will check it and "
                          "tell you by mail.");
                resp_redirect(rs, "/expert");
                return;
            }
            db_rollback(rq->db);
            if (uid > 0)
                form_error(rq, errors, "email", "Something went wrong. Please try again.");
        }
    }
    render_form(rq, rs, "expert/register", N_("Register as an expert"), form_values(rq), errors,
                422);
}

static void profile_form(struct req *rq, struct resp *rs)
{
    int64_t id = expert_id_of_user(rq->db, rq->user.id);
    if (id < 0) {
        page_error(rq, rs, 500);
        return;
    }
    json_t *e = id > 0 ? expert_json(rq, id) : NULL;
    json_t *values =
        e ? expert_form_values(e) : json_pack("{s:s,s:s}", "name", rq->user.name, "capacity", "3");
    json_t *d =
        json_pack("{s:s,s:o,s:o,s:s,s:b}", "title",
                  e ? N_("Your expert profile") : N_("Create your expert profile"), "values",
                  values, "errors", json_object(), "first_error", "", "exists", e != NULL);
    if (e)
        json_object_set_new(d, "expert", e);
    expert_form_options(rq, d, values);
    page_render(rq, rs, "expert/profile", d);
}

static void profile_submit(struct req *rq, struct resp *rs)
{
    int64_t id = expert_id_of_user(rq->db, rq->user.id);
    struct expert_input in;
    struct expert_profile p;
    json_t *errors = json_object();
    expert_input_from_form(rq, &in);
    expert_validate(rq, &in, &p, errors);
    if (id < 0)
        form_error(rq, errors, "name", "Something went wrong. Please try again.");
    if (json_object_size(errors) == 0 && db_begin(rq->db) == 0) {
        int rc = id > 0                                       ? expert_update(rq->db, id, &p)
                 : expert_insert(rq->db, rq->user.id, &p) > 0 ? 0
                                                              : -1;
        if (rc == 0 && db_commit(rq->db) == 0) {
            json_decref(errors);
            if (id == 0)
                mail_operators_new(rq, &p, rq->user.id);
            flash_set(rq, rs,
                      id > 0 ? "Your profile was saved."
                             : "Your registration was received. The secretariat will check it "
                               "and tell you by mail.");
            resp_redirect(rs, "/expert");
            return;
        }
        db_rollback(rq->db);
        if (rc == -2)
            form_error(rq, errors, "capacity",
                       "You already support more SMEs than this. Please enter at least the "
                       "number you support now.");
        else
            form_error(rq, errors, "name", "Something went wrong. Please try again.");
    }
    json_t *values = form_values(rq);
    json_t *d =
        json_pack("{s:s,s:o,s:o,s:s,s:b}", "title",
                  id > 0 ? N_("Your expert profile") : N_("Create your expert profile"), "values",
                  values, "errors", errors, "first_error", first_error(errors), "exists", id > 0);
    expert_form_options(rq, d, values);
    page_render(rq, rs, "expert/profile", d);
    rs->status = 422;
}

static const char *match_status_msgid(const char *s)
{
    if (str_eq(s, "chosen"))
        return N_("Chosen by the SME: please confirm or decline");
    if (str_eq(s, "confirmed"))
        return N_("Confirmed");
    if (str_eq(s, "declined"))
        return N_("Declined");
    if (str_eq(s, "completed"))
        return N_("Completed");
    return N_("Ended early");
}

static const char *expert_status_msgid(const char *s)
{
    if (str_eq(s, "approved"))
        return N_("Approved: you can be proposed to SMEs.");
    if (str_eq(s, "rejected"))
        return N_("Not approved.");
    if (str_eq(s, "suspended"))
        return N_("Suspended: you are not proposed to SMEs at the moment.");
    return N_("Waiting for the secretariat to check your registration.");
}

static void home_render(struct req *rq, struct resp *rs, json_t *errors, int64_t err_match)
{
    int64_t id = expert_id_of_user(rq->db, rq->user.id);
    if (id == 0) {
        resp_redirect(rs, "/expert/profile");
        json_decref(errors);
        return;
    }
    json_t *e = id > 0 ? expert_json(rq, id) : NULL;
    if (!e) {
        json_decref(errors);
        page_error(rq, rs, 500);
        return;
    }
    json_object_set_new(
        e, "status_text",
        json_string(tr(rq, expert_status_msgid(json_string_value(json_object_get(e, "status"))))));
    db_res_t *r =
        db_query(rq->db,
                 "SELECT m.id, m.status, a.org_id, o.name, o.prefecture, p.name, "
                 "m.chosen_at, m.end_reason, p.visit_count, (SELECT COUNT(*) FROM "
                 "visits v WHERE v.match_id = m.id AND v.status = 'done'), (SELECT "
                 "MIN(v.planned_at) FROM visits v WHERE v.match_id = m.id AND v.status "
                 "IN ('proposed', 'confirmed')) FROM matches m JOIN program_applications a "
                 "ON a.id = m.application_id JOIN organizations o ON o.id = a.org_id "
                 "JOIN programs p ON p.id = a.program_id WHERE m.expert_id = ? ORDER BY "
                 "m.id DESC",
                 "i", id);
    json_t *list = json_array();
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        const char *st = db_res_text(r, i, 1);
        int64_t mid = db_res_int(r, i, 0);
        char date[64];
        decl_date_text(date, sizeof date, db_res_text(r, i, 6), rq->lang);
        json_t *m =
            json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:b,s:b}", "id", (json_int_t)mid, "status",
                      st, "status_text", tr(rq, match_status_msgid(st)), "org_id",
                      (json_int_t)db_res_int(r, i, 2), "org_name", db_res_text(r, i, 3),
                      "prefecture", pref_name_lang(rq->lang, (int)db_res_int(r, i, 4)), "program",
                      db_res_text(r, i, 5), "chosen_on", date, "chosen", str_eq(st, "chosen"),
                      "active", str_eq(st, "confirmed") || str_eq(st, "completed"));
        /* Where the guidance stands: visits done of the curriculum, the next planned date. */
        json_object_set_new(m, "visits_done", json_integer(db_res_int(r, i, 9)));
        json_object_set_new(m, "visit_count", json_integer(db_res_int(r, i, 8)));
        const char *next = db_res_text(r, i, 10);
        if (strlen(next) >= 16) {
            char at[20];
            str_fmt(at, sizeof at, "%.10s %.5s", next, next + 11);
            json_object_set_new(m, "next_visit", json_string(at));
        }
        if (err_match == mid && errors)
            json_object_set(m, "errors", errors);
        json_array_append_new(list, m);
    }
    db_res_free(r);
    json_decref(errors);
    page_render(
        rq, rs, "expert/home",
        json_pack("{s:s,s:o,s:o}", "title", N_("Expert home"), "expert", e, "matches", list));
}

static void home(struct req *rq, struct resp *rs)
{
    home_render(rq, rs, NULL, 0);
}

static void answer(struct req *rq, struct resp *rs, bool confirm)
{
    int64_t mid = req_param_id(rq, 0);
    enum flow_result r =
        confirm ? flow_confirm(rq, mid) : flow_decline(rq, mid, req_form(rq, "reason"));
    if (r == FLOW_OK) {
        flash_set(rq, rs,
                  confirm ? "You have confirmed the match. The SME's workspace is now open to you."
                          : N_("You have declined. The SME and the secretariat were told."));
        resp_redirect(rs, "/expert");
        return;
    }
    if (r == FLOW_NOT_FOUND || r == FLOW_ERROR) {
        page_error(rq, rs, flow_status(r));
        return;
    }
    json_t *errors = json_object();
    form_error(rq, errors, "reason", flow_message(r));
    home_render(rq, rs, errors, mid);
    rs->status = flow_status(r);
}

static void confirm_match(struct req *rq, struct resp *rs)
{
    answer(rq, rs, true);
}

static void decline_match(struct req *rq, struct resp *rs)
{
    answer(rq, rs, false);
}

void pages_expert_register(struct app *app)
{
    route_add(app, "GET", "/expert/register", R_PUBLIC, register_form);
    route_add(app, "POST", "/expert/register", R_PUBLIC, register_submit);
    route_add(app, "GET", "/expert/profile", R_ADVISOR, profile_form);
    route_add(app, "POST", "/expert/profile", R_ADVISOR, profile_submit);
    route_add(app, "GET", "/expert", R_ADVISOR, home);
    route_add(app, "POST", "/expert/matches/:id/confirm", R_ADVISOR, confirm_match);
    route_add(app, "POST", "/expert/matches/:id/decline", R_ADVISOR, decline_match);
}
