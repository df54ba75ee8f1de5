/* api_program.c - JSON API of guidance programs and applications (docs/api.md "Guidance
 * programs and applications"); the same rules and refusals as the pages. */
#include "form.h"
#include "log.h"
#include "pages.h"
#include "program_core.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>

static void not_found(struct req *rq, struct resp *rs)
{
    resp_json_error(rq, rs, 404, "not_found", "Not found.");
}

static void list(struct req *rq, struct resp *rs)
{
    db_res_t *r = db_query(rq->db, "SELECT id FROM programs ORDER BY year DESC, id DESC", NULL);
    if (!r) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    json_t *out = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        json_t *p = prog_get(rq->db, db_res_int(r, i, 0), rq->lang);
        if (p)
            json_array_append_new(out, p);
    }
    db_res_free(r);
    resp_json(rs, 200, json_pack("{s:o}", "programs", out));
}

static void get(struct req *rq, struct resp *rs)
{
    json_t *p = prog_get(rq->db, req_param_id(rq, 0), rq->lang);
    if (!p) {
        not_found(rq, rs);
        return;
    }
    resp_json(rs, 200, p);
}

/* Text of a JSON value as a form would hold it, into out; false for a wrong type. */
static bool as_text(json_t *v, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!v || json_is_null(v))
        return true;
    if (json_is_string(v))
        return str_copy(out, outsz, json_string_value(v));
    if (json_is_integer(v))
        return str_fmt(out, outsz, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    if (json_is_boolean(v))
        return str_copy(out, outsz, json_is_true(v) ? "1" : "");
    return false;
}

#define NSCALAR 14
static const char *const SCALARS[NSCALAR] = {
    "year",        "name",        "description",       "capacity",           "apply_from",
    "apply_until", "visits_from", "visits_until",      "visit_count",        "fee_per_visit",
    "require_sme", "min_stars",   "require_no_policy", "excluded_program_id"};

struct api_form {
    char scalars[NSCALAR][16400];
    char ja[PROG_MAX_VISITS][1024], en[PROG_MAX_VISITS][1024];
    prog_form_t f;
};

/* Fills a from body over base (the stored program for PUT, NULL for POST). false and a 422
 * answer when a field has a type no form could send. */
static bool read_body(struct req *rq, struct resp *rs, json_t *body, const json_t *base,
                      struct api_form *a)
{
    json_t *bad = json_object();
    for (size_t i = 0; i < NSCALAR; i++) {
        json_t *v = json_object_get(body, SCALARS[i]);
        if (!v && base)
            v = json_object_get(base, SCALARS[i]);
        if (!as_text(v, a->scalars[i], sizeof a->scalars[i]))
            form_error(rq, bad, SCALARS[i], "This value has the wrong type.");
    }
    json_t *cur = json_object_get(body, "curriculum");
    if (!cur && base)
        cur = json_object_get(base, "curriculum");
    if (cur && !json_is_array(cur))
        form_error(rq, bad, "curriculum", "This value has the wrong type.");
    for (size_t i = 0; i < PROG_MAX_VISITS; i++) {
        json_t *c = json_array_get(cur, i);
        if (!as_text(json_object_get(c, "title_ja"), a->ja[i], sizeof a->ja[i]) ||
            !as_text(json_object_get(c, "title_en"), a->en[i], sizeof a->en[i]))
            form_error(rq, bad, "curriculum", "This value has the wrong type.");
    }
    if (json_object_size(bad)) {
        resp_json_invalid(rq, rs, NULL, bad);
        return false;
    }
    json_decref(bad);
    a->f = (prog_form_t){a->scalars[0],  a->scalars[1],  a->scalars[2],  a->scalars[3],
                         a->scalars[4],  a->scalars[5],  a->scalars[6],  a->scalars[7],
                         a->scalars[8],  a->scalars[9],  a->scalars[10], a->scalars[11],
                         a->scalars[12], a->scalars[13], {NULL},         {NULL}};
    for (size_t i = 0; i < PROG_MAX_VISITS; i++) {
        a->f.title_ja[i] = a->ja[i];
        a->f.title_en[i] = a->en[i];
    }
    return true;
}

static void save(struct req *rq, struct resp *rs, int64_t id, const json_t *base)
{
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    struct api_form *a = calloc(1, sizeof *a);
    if (!a) {
        json_decref(body);
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    if (!read_body(rq, rs, body, base, a))
        goto out;
    json_t *errors = json_object();
    prog_checked_t c;
    if (prog_check(rq, &a->f, id, errors, &c)) {
        int64_t saved = prog_save(rq, id, &a->f, &c);
        if (saved > 0) {
            json_decref(errors);
            char detail[64];
            str_fmt(detail, sizeof detail, "program=%lld", (long long)saved);
            audit(rq, id ? "program_update" : "program_create", 0, detail);
            resp_json(rs, id ? 200 : 201, prog_get(rq->db, saved, rq->lang));
            goto out;
        }
        form_error(rq, errors, saved == -2 ? "capacity" : "name",
                   saved == -2 ? N_("The capacity cannot be smaller than the number of "
                                    "companies already accepted.")
                               : N_("Something went wrong. Please try again."));
    }
    resp_json_invalid(rq, rs, NULL, errors);
out:
    free(a);
    json_decref(body);
}

static void create(struct req *rq, struct resp *rs)
{
    save(rq, rs, 0, NULL);
}

static void update(struct req *rq, struct resp *rs)
{
    json_t *p = prog_get(rq->db, req_param_id(rq, 0), rq->lang);
    if (!p) {
        not_found(rq, rs);
        return;
    }
    save(rq, rs, json_integer_value(json_object_get(p, "id")), p);
    json_decref(p);
}

/* Applications as a JSON array: of one program (org 0) or of one organization. */
static json_t *app_list(struct req *rq, int64_t program_id, int64_t org_id, const char *status)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT id FROM program_applications WHERE (? = '0' OR program_id = ?) "
                           "AND (? = '0' OR org_id = ?) AND (? = '' OR status = ?) ORDER BY "
                           "created_at DESC, id DESC LIMIT 1000",
                           "iiiiss", program_id, program_id, org_id, org_id, status, status);
    if (!r)
        return NULL;
    json_t *out = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        json_t *a = prog_application_get(rq, db_res_int(r, i, 0), org_id);
        if (a)
            json_array_append_new(out, a);
    }
    db_res_free(r);
    return out;
}

static void program_apps(struct req *rq, struct resp *rs)
{
    json_t *p = prog_get(rq->db, req_param_id(rq, 0), rq->lang);
    if (!p) {
        not_found(rq, rs);
        return;
    }
    json_t *l =
        app_list(rq, json_integer_value(json_object_get(p, "id")), 0, req_query(rq, "status"));
    json_decref(p);
    if (!l) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    resp_json(rs, 200, json_pack("{s:o}", "applications", l));
}

static void org_apps(struct req *rq, struct resp *rs)
{
    json_t *l = app_list(rq, 0, rq->org_id, req_query(rq, "status"));
    if (!l) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    resp_json(rs, 200, json_pack("{s:o}", "applications", l));
}

static void org_apply(struct req *rq, struct resp *rs)
{
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    json_t *pid = json_object_get(body, "program_id");
    const char *msg = json_string_value(json_object_get(body, "message"));
    if (!json_is_integer(pid) || (json_object_get(body, "message") && !msg) ||
        *check_text(msg ? msg : "", 0, 2000)) {
        json_decref(body);
        resp_json_error(rq, rs, 422, "invalid",
                        "Please give program_id (a number) and, if you like, a message of at "
                        "most 2000 characters.");
        return;
    }
    json_t *dec = NULL;
    int64_t app_id = 0;
    enum prog_result res =
        prog_apply(rq, json_integer_value(pid), rq->org_id, msg ? msg : "", &dec, &app_id);
    json_decref(body);
    if (res == PROG_OK) {
        json_decref(dec);
        resp_json(rs, 201, prog_application_get(rq, app_id, rq->org_id));
        return;
    }
    if (res == PROG_NOT_FOUND) {
        not_found(rq, rs);
        return;
    }
    if (res == PROG_REFUSED && dec) {
        prog_decision_localize(rq, dec);
        /* The first reason that failed names the refusal; all of them are listed. */
        const char *code = "refused", *message = "";
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(dec, "reasons"), i, r)
        {
            if (!json_is_true(json_object_get(r, "ok"))) {
                code = json_string_value(json_object_get(r, "code"));
                message = json_string_value(json_object_get(r, "message"));
                break;
            }
        }
        resp_json(rs, 422,
                  json_pack("{s:{s:s,s:s,s:o}}", "error", "code", code, "message", message,
                            "eligibility", dec));
        return;
    }
    json_decref(dec);
    resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
}

static bool is_operator(const struct req *rq)
{
    return rq->user.role == ROLE_OPERATOR || rq->user.role == ROLE_ADMIN;
}

/* The organization of an application the current user may see: its own members, and
 * operators. 0 when not visible (answered 404, whether or not it exists). */
static int64_t visible_org(struct req *rq, int64_t app_id)
{
    db_res_t *r =
        db_query(rq->db,
                 "SELECT a.org_id FROM program_applications a WHERE a.id = ? AND (? = '1' "
                 "OR EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = a.org_id AND "
                 "m.user_id = ? AND m.kind = 'member'))",
                 "iii", app_id, (int64_t)is_operator(rq), rq->user.id);
    int64_t org = r && db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : 0;
    db_res_free(r);
    return org;
}

static void app_get(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 0);
    json_t *a = id > 0 && visible_org(rq, id) ? prog_application_get(rq, id, 0) : NULL;
    if (!a) {
        not_found(rq, rs);
        return;
    }
    resp_json(rs, 200, a);
}

static void app_decision(struct req *rq, struct resp *rs)
{
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    int64_t id = req_param_id(rq, 0);
    const char *decision = json_string_value(json_object_get(body, "decision"));
    const char *reason = json_string_value(json_object_get(body, "reason"));
    if (!decision || (!str_eq(decision, "accept") && !str_eq(decision, "reject") &&
                      !str_eq(decision, "waitlist"))) {
        json_decref(body);
        resp_json_error(rq, rs, 422, "invalid",
                        "decision must be \"accept\", \"reject\" or \"waitlist\".");
        return;
    }
    enum prog_result res =
        id > 0 ? prog_decide_app(rq, id, 0, decision, reason ? reason : "") : PROG_NOT_FOUND;
    json_decref(body);
    switch (res) {
    case PROG_OK:
        resp_json(rs, 200, prog_application_get(rq, id, 0));
        return;
    case PROG_NOT_FOUND:
        not_found(rq, rs);
        return;
    case PROG_NEED_REASON:
        resp_json_error(rq, rs, 422, "reason_required",
                        "Please write the reason (at most 1000 characters). The organization "
                        "will read it.");
        return;
    case PROG_FULL:
        resp_json_error(rq, rs, 409, "program_full",
                        "The program is full: every place has been given. Put the application "
                        "on the waiting list instead, or raise the capacity first.");
        return;
    case PROG_BAD_STATE:
        resp_json_error(rq, rs, 409, "already_decided",
                        "This application has already been decided or withdrawn. The list shows "
                        "its current state.");
        return;
    default:
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
}

static void app_withdraw(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 0);
    int64_t org = id > 0 ? visible_org(rq, id) : 0;
    /* Only the organization's own members withdraw, not the secretariat. */
    enum prog_result res =
        org > 0 && !is_operator(rq) ? prog_withdraw(rq, id, org) : PROG_NOT_FOUND;
    if (res == PROG_OK)
        resp_json(rs, 200, prog_application_get(rq, id, org));
    else if (res == PROG_NOT_FOUND)
        not_found(rq, rs);
    else if (res == PROG_BAD_STATE)
        resp_json_error(rq, rs, 409, "already_decided",
                        "This application can no longer be withdrawn: it has already been "
                        "decided.");
    else
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
}

void api_program_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN | R_API;
    route_add(app, "GET", "/api/v1/programs", R_PUBLIC | R_API, list);
    route_add(app, "POST", "/api/v1/programs", ops, create);
    route_add(app, "GET", "/api/v1/programs/:id", R_PUBLIC | R_API, get);
    route_add(app, "PUT", "/api/v1/programs/:id", ops, update);
    route_add(app, "GET", "/api/v1/programs/:id/applications", ops, program_apps);
    route_add(app, "GET", "/api/v1/organizations/:org/applications", R_ORG | R_API, org_apps);
    route_add(app, "POST", "/api/v1/organizations/:org/applications", R_ORG | R_ORG_OWNER | R_API,
              org_apply);
    route_add(app, "GET", "/api/v1/applications/:id", R_API, app_get);
    route_add(app, "POST", "/api/v1/applications/:id/decision", ops, app_decision);
    route_add(app, "POST", "/api/v1/applications/:id/withdraw", R_API, app_withdraw);
}
