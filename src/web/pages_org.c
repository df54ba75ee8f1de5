/* pages_org.c - registering an organization, its profile with the SME decision, and the
 * workspace home with the guided path to SECURITY ACTION ★★. */
#include "form.h"
#include "org_profile.h"
#include "pages.h"
#include "str.h"
#include "workspace.h"

#include <string.h>

static const char *const FIELDS[] = {"name",      "org_type",   "industry", "capital",
                                     "employees", "prefecture", "website",  "representative"};

static org_form_t form_from_req(const struct req *rq)
{
    return (org_form_t){req_form(rq, "name"),      req_form(rq, "org_type"),
                        req_form(rq, "industry"),  req_form(rq, "capital"),
                        req_form(rq, "employees"), req_form(rq, "prefecture"),
                        req_form(rq, "website"),   req_form(rq, "representative")};
}

/* The first invalid field in form order gets the focus. */
static const char *first_error(json_t *errors)
{
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++)
        if (json_object_get(errors, FIELDS[i]))
            return FIELDS[i];
    return "";
}

static void render_form(struct req *rq, struct resp *rs, const char *tmpl, const char *title,
                        json_t *values, json_t *errors, int status)
{
    json_t *d =
        json_pack("{s:s,s:o,s:o,s:s,s:I}", "title", title, "values", values, "errors", errors,
                  "first_error", first_error(errors), "org_id", (json_int_t)rq->org_id);
    org_profile_options(rq, d, values);
    page_render(rq, rs, tmpl, d);
    rs->status = status;
}

static void new_form(struct req *rq, struct resp *rs)
{
    render_form(rq, rs, "org/new", N_("Register your organization"), json_object(), json_object(),
                200);
}

static void new_submit(struct req *rq, struct resp *rs)
{
    org_form_t f = form_from_req(rq);
    org_checked_t chk;
    json_t *errors = json_object();
    if (org_profile_check(rq, &f, errors, &chk)) {
        int64_t id = org_profile_create(rq, &f, &chk);
        if (id > 0) {
            json_decref(errors);
            char detail[64];
            str_fmt(detail, sizeof detail, "sme=%d rule=%d", chk.sme.eligible, chk.sme.rule);
            audit(rq, "org_create", id, detail);
            flash_set(rq, rs, "Your organization was registered.");
            resp_redirectf(rs, "/w/%lld/eligibility", (long long)id);
            return;
        }
        form_error(rq, errors, "name", "Something went wrong. Please try again.");
    }
    render_form(rq, rs, "org/new", N_("Register your organization"), form_values(rq), errors, 422);
}

static json_t *org_header(struct req *rq)
{
    json_t *s = workspace_summary(rq->db, rq->org_id);
    if (!s)
        return NULL;
    json_object_set_new(s, "is_owner", json_boolean(rq->access == ACCESS_OWNER));
    json_object_set_new(s, "can_write", json_boolean(rq->access >= ACCESS_WRITE));
    json_t *sme = org_sme_view(rq, rq->org_id);
    json_object_set_new(s, "sme", sme ? sme : json_null());
    return s;
}

static void eligibility(struct req *rq, struct resp *rs)
{
    json_t *d = org_header(rq);
    if (!d) {
        page_error(rq, rs, 404);
        return;
    }
    json_object_set_new(d, "title", json_string(N_("Is your organization an SME?")));
    page_render(rq, rs, "org/eligibility", d);
}

static void profile_view(struct req *rq, struct resp *rs)
{
    json_t *v = org_profile_values(rq, rq->org_id);
    if (!v) {
        page_error(rq, rs, 404);
        return;
    }
    if (rq->access == ACCESS_OWNER) {
        render_form(rq, rs, "org/profile", N_("Organization profile"), v, json_object(), 200);
        return;
    }
    /* Advisors and operators see the profile but cannot change it. */
    int64_t pref = 0;
    str_to_i64(json_string_value(json_object_get(v, "prefecture")), 1, 47, &pref);
    json_t *d = json_pack("{s:s,s:o,s:I,s:s,s:s,s:s}", "title", N_("Organization profile"),
                          "values", v, "org_id", (json_int_t)rq->org_id, "org_type_label",
                          org_type_label(rq, json_string_value(json_object_get(v, "org_type"))),
                          "industry_label",
                          org_industry_label(rq, json_string_value(json_object_get(v, "industry"))),
                          "prefecture_label", org_prefecture_label(rq, (int)pref));
    page_render(rq, rs, "org/profile_view", d);
}

static void profile_submit(struct req *rq, struct resp *rs)
{
    org_form_t f = form_from_req(rq);
    org_checked_t chk;
    json_t *errors = json_object();
    if (org_profile_check(rq, &f, errors, &chk)) {
        if (org_profile_update(rq, rq->org_id, &f, &chk) == 0) {
            json_decref(errors);
            char detail[64];
            str_fmt(detail, sizeof detail, "sme=%d rule=%d", chk.sme.eligible, chk.sme.rule);
            audit(rq, "org_update", rq->org_id, detail);
            flash_set(rq, rs, "The profile was saved. Here is the SME decision again.");
            resp_redirectf(rs, "/w/%lld/eligibility", (long long)rq->org_id);
            return;
        }
        form_error(rq, errors, "name", "Something went wrong. Please try again.");
    }
    render_form(rq, rs, "org/profile", N_("Organization profile"), form_values(rq), errors, 422);
}

/* The guided path. Each step is done, the next one to take, or not yet; the first step not
 * done is "next". ★★ may be declared without ★, so a later step can be done before an
 * earlier one. */
static json_t *steps(const json_t *s, int64_t org)
{
    int stars = (int)json_integer_value(json_object_get(s, "stars"));
    bool done[5] = {
        stars >= 1,
        !json_is_null(json_object_get(s, "diagnosis")),
        !json_is_null(json_object_get(s, "policy")),
        stars == 2,
        !json_is_null(json_object_get(s, "plan")),
    };
    static const char *const titles[5] = {
        N_("Read and pledge the five principles, then declare one star"),
        N_("Take the self-diagnosis (25 questions)"),
        N_("Write and publish your basic policy"),
        N_("Declare two stars"),
        N_("Make the action plan and the employee handbook"),
    };
    static const char *const texts[5] = {
        N_("Five basic habits that stop most attacks. Pledging them is the first SECURITY "
           "ACTION declaration (one star)."),
        N_("Answer 25 short questions about how your company handles information. It takes "
           "about 5 to 10 minutes and shows what to improve first."),
        N_("A one-page statement of how your company protects information, made from a "
           "template. Publishing it is a condition of two stars."),
        N_("With a completed self-diagnosis and a published basic policy you can declare two "
           "stars."),
        N_("A one-year plan of measures from your diagnosis results, and a handbook for your "
           "staff."),
    };
    static const char *const actions[5] = {
        N_("Read the five principles"),      N_("Start the self-diagnosis"),
        N_("Write the basic policy"),        N_("Declare two stars"),
        N_("Make the one-year action plan"),
    };
    static const char *const paths[5] = {"principles", "diagnosis", "policy", "declare2", "plan"};
    static const char *const done_actions[5] = {
        N_("See your declaration"), N_("See the results"),     N_("See the basic policy"),
        N_("See your declaration"), N_("See the action plan"),
    };
    static const char *const done_paths[5] = {"declaration", "diagnosis", "policy", "declaration",
                                              "plan"};
    json_t *out = json_array();
    bool next_given = false;
    for (int i = 0; i < 5; i++) {
        const char *state = done[i] ? "done" : next_given ? "later" : "next";
        if (!done[i])
            next_given = true;
        char href[64];
        str_fmt(href, sizeof href, "/w/%lld/%s", (long long)org,
                done[i] ? done_paths[i] : paths[i]);
        json_array_append_new(out, json_pack("{s:i,s:s,s:s,s:s,s:s,s:s}", "no", i + 1, "state",
                                             state, "title", titles[i], "text", texts[i], "action",
                                             done[i] ? done_actions[i] : actions[i], "href", href));
    }
    return out;
}

/* Step titles are msgids: translate them for the template. */
static void translate_steps(struct req *rq, json_t *list)
{
    size_t i;
    json_t *st;
    json_array_foreach(list, i, st)
    {
        const char *keys[] = {"title", "text", "action"};
        for (size_t k = 0; k < 3; k++)
            json_object_set_new(
                st, keys[k], json_string(tr(rq, json_string_value(json_object_get(st, keys[k])))));
    }
}

static void workspace_home(struct req *rq, struct resp *rs)
{
    json_t *d = org_header(rq);
    if (!d) {
        page_error(rq, rs, 404);
        return;
    }
    json_t *st = steps(d, rq->org_id);
    translate_steps(rq, st);
    json_t *next = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(st, i, x) if (!next && str_eq(json_string_value(json_object_get(x, "state")),
                                                     "next")) next = x;
    json_object_set(d, "next_step", next ? next : json_null());
    json_object_set_new(d, "steps", st);
    json_object_set_new(d, "title", json_string(N_("Your workspace")));
    page_render(rq, rs, "workspace/home", d);
}

void pages_org_register(struct app *app)
{
    route_add(app, "GET", "/orgs/new", R_SME, new_form);
    route_add(app, "POST", "/orgs/new", R_SME, new_submit);
    route_add(app, "GET", "/w/:org", R_ORG, workspace_home);
    route_add(app, "GET", "/w/:org/eligibility", R_ORG, eligibility);
    route_add(app, "GET", "/w/:org/profile", R_ORG, profile_view);
    route_add(app, "POST", "/w/:org/profile", R_ORG | R_ORG_OWNER, profile_submit);
}
