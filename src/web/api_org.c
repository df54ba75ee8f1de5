/* api_org.c - JSON API for organizations, declarations and advisor invitations (the same
 * flows as the workspace pages; docs/api.md "Organizations, declarations, invitations"). */
#include "declare.h"
#include "form.h"
#include "invite.h"
#include "org_profile.h"
#include "pages.h"
#include "str.h"
#include "workspace.h"

#include <stdlib.h>
#include <string.h>

#define NFIELDS 8
static const char *const FIELDS[NFIELDS] = {"name",    "org_type",      "industry",
                                            "capital", "employees",     "prefecture",
                                            "website", "representative"};

/* Text of a JSON field as a form would hold it: strings as they are, integers printed,
 * null or absent as "". false when the type cannot be a value of the field. */
static bool field_text(json_t *v, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!v || json_is_null(v))
        return true;
    if (json_is_string(v))
        return str_copy(out, outsz, json_string_value(v));
    if (json_is_integer(v))
        return str_fmt(out, outsz, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return false;
}

static void validation_error(struct req *rq, struct resp *rs, json_t *fields)
{
    resp_json_invalid(rq, rs,
                      N_("Some entries need to be corrected. Please see the messages below "
                         "each field."),
                      fields);
}

/* Fills vals from body, starting from base (the stored profile for PATCH, NULL for POST).
 * Returns false (and answers 422) when a field has a type no form could send. */
static bool read_fields(struct req *rq, struct resp *rs, json_t *body, json_t *base,
                        char vals[NFIELDS][2100], org_form_t *f)
{
    json_t *bad = json_object();
    for (size_t i = 0; i < NFIELDS; i++) {
        json_t *v = json_object_get(body, FIELDS[i]);
        if (!v && base)
            v = json_object_get(base, FIELDS[i]);
        if (!field_text(v, vals[i], sizeof vals[i]))
            form_error(rq, bad, FIELDS[i], "This value has the wrong type.");
    }
    if (json_object_size(bad)) {
        validation_error(rq, rs, bad);
        return false;
    }
    json_decref(bad);
    *f = (org_form_t){vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], vals[6], vals[7]};
    return true;
}

static json_t *org_json(struct req *rq, int64_t org)
{
    json_t *v = org_profile_values(rq, org);
    if (!v)
        return NULL;
    json_t *o = json_pack("{s:I}", "id", (json_int_t)org);
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *s = json_string_value(json_object_get(v, FIELDS[i]));
        int64_t n;
        bool numeric = str_eq(FIELDS[i], "capital") || str_eq(FIELDS[i], "employees") ||
                       str_eq(FIELDS[i], "prefecture");
        if (numeric)
            json_object_set_new(o, FIELDS[i],
                                *s && str_to_i64(s, 0, INT64_MAX, &n) ? json_integer(n)
                                                                      : json_null());
        else if (str_eq(FIELDS[i], "industry"))
            json_object_set_new(o, FIELDS[i], *s ? json_string(s) : json_null());
        else
            json_object_set_new(o, FIELDS[i], json_string(s));
    }
    json_decref(v);
    json_t *sme = org_sme_view(rq, org);
    json_object_set_new(o, "sme", sme ? sme : json_null());
    json_t *sum = workspace_summary(rq->db, org);
    if (sum) {
        json_object_set(o, "stars", json_object_get(sum, "stars"));
        json_object_set(o, "declaration", json_object_get(sum, "declaration"));
        json_object_set(o, "diagnosis", json_object_get(sum, "diagnosis"));
        json_object_set(o, "policy", json_object_get(sum, "policy"));
        json_decref(sum);
    }
    return o;
}

static void org_create(struct req *rq, struct resp *rs)
{
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    char(*v)[2100] = malloc(NFIELDS * sizeof *v); /* 17 KB: kept off the thread's stack */
    org_form_t f;
    if (!v || !read_fields(rq, rs, body, NULL, v, &f))
        goto out;
    org_checked_t chk;
    json_t *errors = json_object();
    if (!org_profile_check(rq, &f, errors, &chk)) {
        validation_error(rq, rs, errors);
        goto out;
    }
    json_decref(errors);
    int64_t id = org_profile_create(rq, &f, &chk);
    if (id < 0) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        goto out;
    }
    audit(rq, "org_create", id, "api");
    rq->org_id = id;
    resp_json(rs, 201, org_json(rq, id));
out:
    free(v);
    json_decref(body);
}

static void org_get(struct req *rq, struct resp *rs)
{
    json_t *o = org_json(rq, rq->org_id);
    if (!o) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    resp_json(rs, 200, o);
}

static void org_patch(struct req *rq, struct resp *rs)
{
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    json_t *base = org_profile_values(rq, rq->org_id);
    char(*v)[2100] = malloc(NFIELDS * sizeof *v);
    org_form_t f;
    if (!base || !v) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        goto out;
    }
    if (!read_fields(rq, rs, body, base, v, &f))
        goto out;
    org_checked_t chk;
    json_t *errors = json_object();
    if (!org_profile_check(rq, &f, errors, &chk)) {
        validation_error(rq, rs, errors);
        goto out;
    }
    json_decref(errors);
    if (org_profile_update(rq, rq->org_id, &f, &chk) < 0) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        goto out;
    }
    audit(rq, "org_update", rq->org_id, "api");
    resp_json(rs, 200, org_json(rq, rq->org_id));
out:
    free(v);
    json_decref(base);
    json_decref(body);
}

static void decl_create(struct req *rq, struct resp *rs)
{
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    json_t *lv = json_object_get(body, "level"), *pl = json_object_get(body, "pledge");
    json_int_t level = json_is_integer(lv) ? json_integer_value(lv) : 0;
    unsigned pledged = 0;
    bool pledge_ok = !pl || json_is_array(pl);
    size_t i;
    json_t *x;
    if (json_is_array(pl))
        json_array_foreach(pl, i, x)
        {
            json_int_t n = json_is_integer(x) ? json_integer_value(x) : 0;
            if (n < 1 || n > 5)
                pledge_ok = false;
            else
                pledged |= 1u << n;
        }
    json_decref(body);
    if (level != 1 && level != 2) {
        resp_json_error(rq, rs, 422, "invalid_level", "The level must be 1 or 2.");
        return;
    }
    if (!pledge_ok) {
        resp_json_error(rq, rs, 422, "invalid_pledge",
                        "The pledge must be a list of principle numbers from 1 to 5.");
        return;
    }
    struct decl_prereq p;
    struct decl_made d;
    switch (decl_make(rq, (int)level, pledged, &p, &d)) {
    case DECL_OK: {
        char url[512];
        str_fmt(url, sizeof url, "%s/verify/%s", rq->app->cfg.base_url, d.public_id);
        resp_json(rs, 201,
                  json_pack("{s:I,s:s,s:i,s:b,s:s,s:s,s:s}", "id", (json_int_t)d.id, "public_id",
                            d.public_id, "level", d.level, "step_up", d.step_up, "status", "active",
                            "declared_at", d.declared_at, "verify_url", url));
        return;
    }
    case DECL_PLEDGE:
        resp_json_error(rq, rs, 422, "pledge_required",
                        "Please check all five principles. Declaring one star means pledging to "
                        "practise every one of them.");
        return;
    case DECL_ALREADY:
        resp_json_error(rq, rs, 409, "already_declared",
                        "Your organization has already declared SECURITY ACTION at this level.");
        return;
    case DECL_MISSING: {
        json_t *missing = json_array();
        if (!p.diagnosis_id)
            json_array_append_new(missing, json_string("diagnosis"));
        if (!p.policy_id)
            json_array_append_new(missing, json_string("policy"));
        resp_json(
            rs, 409,
            json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "prerequisites_missing", "message",
                      tr(rq, "Two stars need a completed self-diagnosis and a published basic "
                             "policy."),
                      "missing", missing));
        return;
    }
    case DECL_ERROR:
        break;
    }
    resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
}

static void decl_index(struct req *rq, struct resp *rs)
{
    resp_json(rs, 200, json_pack("{s:o}", "declarations", decl_list(rq)));
}

static void inv_create(struct req *rq, struct resp *rs)
{
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    const char *email = json_string_value(json_object_get(body, "email"));
    const char *m = check_email(email ? email : "");
    if (*m) {
        json_t *fields = json_object();
        form_error(rq, fields, "email", m);
        validation_error(rq, rs, fields);
        json_decref(body);
        return;
    }
    enum invite_status st;
    int64_t id = invite_create(rq, email, &st);
    if (id > 0) {
        resp_json(
            rs, 201,
            json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "email", email, "status", "pending"));
    } else if (st == INV_HAS_ACCESS) {
        resp_json_error(rq, rs, 409, "has_access",
                        "This person already has access to the workspace.");
    } else {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    }
    json_decref(body);
}

static void inv_index(struct req *rq, struct resp *rs)
{
    resp_json(
        rs, 200,
        json_pack("{s:o,s:o}", "invitations", invite_pending(rq), "advisors", invite_advisors(rq)));
}

static void inv_delete(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    if (id < 0 || invite_revoke(rq, id) < 0) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    resp_json(rs, 200, json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "revoked"));
}

static void advisor_delete(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    if (id < 0 || invite_remove_advisor(rq, id) < 0) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    resp_json(rs, 200, json_pack("{s:I,s:b}", "user_id", (json_int_t)id, "removed", 1));
}

static void inv_accept(struct req *rq, struct resp *rs)
{
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    const char *tok = json_string_value(json_object_get(body, "token"));
    struct invite_info inv;
    if (!tok || !invite_find(rq, tok, &inv)) {
        json_decref(body);
        resp_json_error(rq, rs, 404, "invalid_invitation",
                        "This invitation link is no longer valid. Please ask for a new "
                        "invitation.");
        return;
    }
    json_decref(body);
    switch (invite_accept(rq, &inv, rq->user.id, false)) {
    case INV_OK:
        resp_json(
            rs, 200,
            json_pack("{s:I,s:s}", "organization_id", (json_int_t)inv.org_id, "access", "advisor"));
        return;
    case INV_HAS_ACCESS:
        resp_json_error(rq, rs, 409, "has_access", "You already have access to this workspace.");
        return;
    case INV_ROLE:
        resp_json_error(rq, rs, 403, "forbidden",
                        "Operator accounts cannot join a workspace as an advisor. Please log in "
                        "with another account.");
        return;
    case INV_INVALID:
        resp_json_error(rq, rs, 404, "invalid_invitation",
                        "This invitation link is no longer valid. Please ask for a new "
                        "invitation.");
        return;
    case INV_ERROR:
        break;
    }
    resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
}

void api_org_register(struct app *app)
{
    const unsigned O = R_API | R_ORG, OWN = R_API | R_ORG | R_ORG_OWNER;
    route_add(app, "POST", "/api/v1/organizations", R_API | R_SME, org_create);
    route_add(app, "GET", "/api/v1/organizations/:org", O, org_get);
    route_add(app, "PATCH", "/api/v1/organizations/:org", OWN, org_patch);
    route_add(app, "GET", "/api/v1/organizations/:org/declarations", O, decl_index);
    route_add(app, "POST", "/api/v1/organizations/:org/declarations", OWN, decl_create);
    route_add(app, "GET", "/api/v1/organizations/:org/invitations", OWN, inv_index);
    route_add(app, "POST", "/api/v1/organizations/:org/invitations", OWN, inv_create);
    route_add(app, "DELETE", "/api/v1/organizations/:org/invitations/:id", OWN, inv_delete);
    route_add(app, "DELETE", "/api/v1/organizations/:org/advisors/:user", OWN, advisor_delete);
    route_add(app, "POST", "/api/v1/invitations/accept", R_API, inv_accept);
}
