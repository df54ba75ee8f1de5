/* pages_policy.c - the basic policy: versions, draft editing, publication, public pages, PDF. */
#include "download.h"
#include "form.h"
#include "org_basic.h"
#include "pages.h"
#include "policy_store.h"
#include "str.h"

static json_t *base(struct req *rq, const char *title)
{
    char name[512] = "", rep[256];
    org_basic(rq->db, rq->org_id, name, sizeof name, rep, sizeof rep);
    return json_pack("{s:s,s:I,s:s,s:b,s:b}", "title", title, "org_id", (json_int_t)rq->org_id,
                     "org_name", name, "can_write", rq->access >= ACCESS_WRITE, "can_publish",
                     rq->access >= ACCESS_OWNER);
}

static void index_page(struct req *rq, struct resp *rs)
{
    json_t *d = base(rq, N_("Basic policy"));
    json_t *list = policy_list(rq);
    json_t *draft = NULL, *published = NULL;
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (json_is_true(json_object_get(v, "draft")) && !draft)
            draft = v;
        else if (!json_is_true(json_object_get(v, "draft")) && !published)
            published = v;
    }
    if (draft)
        json_object_set(d, "draft", draft);
    if (published)
        json_object_set(d, "published", published);
    json_object_set_new(d, "versions", list);
    page_render(rq, rs, "policy/index", d);
}

static void create_draft(struct req *rq, struct resp *rs)
{
    bool created;
    int64_t id = policy_create_draft(rq, str_eq(req_form(rq, "from"), "template"), &created);
    if (id <= 0) {
        page_error(rq, rs, 500);
        return;
    }
    flash_set(rq, rs,
              created ? N_("A draft was created. Check the text and edit it where needed.")
                      : N_("A draft already exists. Please continue with it."));
    resp_redirectf(rs, "/w/%lld/policy/%lld", (long long)rq->org_id, (long long)id);
}

static void render_version(struct req *rq, struct resp *rs, json_t *pol, json_t *values,
                           json_t *errors, const char *problem)
{
    json_t *d = base(rq, json_is_true(json_object_get(pol, "draft")) ? N_("Edit the draft policy")
                                                                     : N_("Basic policy"));
    json_object_set_new(d, "blocks",
                        policy_blocks(json_string_value(json_object_get(pol, "body"))));
    if (!values)
        values = json_pack("{s:O,s:O}", "title", json_object_get(pol, "title"), "body",
                           json_object_get(pol, "body"));
    json_object_set_new(d, "policy", pol);
    json_object_set_new(d, "values", values);
    json_object_set_new(d, "errors", errors ? errors : json_object());
    if (problem)
        json_object_set_new(d, "problem", json_string(tr(rq, problem)));
    page_render(rq, rs, "policy/version", d);
}

static void version_page(struct req *rq, struct resp *rs)
{
    json_t *pol = policy_get(rq, req_param_id(rq, 1));
    if (!pol) {
        page_error(rq, rs, 404);
        return;
    }
    render_version(rq, rs, pol, NULL, NULL, NULL);
}

static void update_draft(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    json_t *pol = policy_get(rq, id);
    if (!pol) {
        page_error(rq, rs, 404);
        return;
    }
    const char *title = req_form(rq, "title"), *body = req_form(rq, "body");
    if (!json_is_true(json_object_get(pol, "draft"))) {
        rs->status = 409;
        render_version(rq, rs, pol, NULL, NULL,
                       N_("This version is published and can no longer be changed. To change "
                          "the policy, start a new draft from it and publish it as the next "
                          "version."));
        rs->status = 409;
        return;
    }
    json_t *errors = json_object();
    if (!policy_validate(rq, title, body, errors)) {
        rs->status = 422;
        render_version(rq, rs, pol, form_values(rq), errors, NULL);
        rs->status = 422;
        return;
    }
    json_decref(errors);
    json_decref(pol);
    enum pol_result r = policy_update_draft(rq, id, title, body);
    if (r == POL_PUBLISHED) { /* published between our read and our write */
        flash_set(rq, rs, N_("This version was published meanwhile, so it was not changed."));
    } else if (r != POL_OK) {
        page_error(rq, rs, r == POL_NOT_FOUND ? 404 : 500);
        return;
    } else {
        flash_set(rq, rs, N_("The draft was saved."));
    }
    resp_redirectf(rs, "/w/%lld/policy/%lld", (long long)rq->org_id, (long long)id);
}

static void publish(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    int version = 0;
    enum pol_result r = policy_publish(rq, id, &version);
    if (r == POL_NOT_FOUND || r == POL_ERROR) {
        page_error(rq, rs, r == POL_NOT_FOUND ? 404 : 500);
        return;
    }
    flash_set(rq, rs,
              r == POL_OK ? N_("The policy was published. Anyone can now read it at its public "
                               "address.")
                          : N_("This version is already published."));
    resp_redirectf(rs, "/w/%lld/policy/%lld", (long long)rq->org_id, (long long)id);
}

static void discard(struct req *rq, struct resp *rs)
{
    enum pol_result r = policy_discard(rq, req_param_id(rq, 1));
    if (r == POL_NOT_FOUND || r == POL_ERROR) {
        page_error(rq, rs, r == POL_NOT_FOUND ? 404 : 500);
        return;
    }
    flash_set(rq, rs,
              r == POL_OK ? N_("The draft was deleted.")
                          : N_("This version is published and can no longer be changed. To "
                               "change the policy, start a new draft from it and publish it as "
                               "the next version."));
    resp_redirectf(rs, "/w/%lld/policy", (long long)rq->org_id);
}

static void version_pdf(struct req *rq, struct resp *rs)
{
    json_t *pol = policy_get(rq, req_param_id(rq, 1));
    if (!pol) {
        page_error(rq, rs, 404);
        return;
    }
    char name[512] = "", rep[256], ascii[64], utf8[700];
    org_basic(rq->db, rq->org_id, name, sizeof name, rep, sizeof rep);
    long long ver = (long long)json_integer_value(json_object_get(pol, "version"));
    bool draft = json_is_true(json_object_get(pol, "draft"));
    str_fmt(ascii, sizeof ascii, "policy-v%lld%s.pdf", ver, draft ? "-draft" : "");
    if (!str_fmt(utf8, sizeof utf8, "%s_%s_v%lld%s.pdf", tr(rq, "Basic policy"), name, ver,
                 draft ? "_draft" : ""))
        str_copy(utf8, sizeof utf8, ascii);
    json_t *doc = policy_pdf_doc(rq, pol, name);
    json_decref(pol);
    resp_pdf(rq, rs, doc, ascii, utf8);
}

static void public_page(struct req *rq, struct resp *rs, int64_t version)
{
    int64_t org = req_param_id(rq, 0);
    json_t *pol = org > 0 ? policy_public(rq->db, org, version) : NULL;
    if (!pol) {
        page_error(rq, rs, 404);
        return;
    }
    json_t *d = json_pack("{s:s,s:I}", "title", N_("Information security basic policy"), "org_id",
                          (json_int_t)org);
    int64_t newest = json_integer_value(json_array_get(json_object_get(pol, "versions"), 0));
    json_object_set_new(
        d, "is_newest",
        json_boolean(json_integer_value(json_object_get(pol, "version")) == newest));
    json_object_set_new(d, "blocks",
                        policy_blocks(json_string_value(json_object_get(pol, "body"))));
    json_object_set_new(d, "policy", pol);
    page_render(rq, rs, "policy/public", d);
}

static void public_newest(struct req *rq, struct resp *rs)
{
    public_page(rq, rs, 0);
}

static void public_version(struct req *rq, struct resp *rs)
{
    int64_t v = req_param_id(rq, 1);
    if (v <= 0) {
        page_error(rq, rs, 404);
        return;
    }
    public_page(rq, rs, v);
}

void pages_policy_register(struct app *app)
{
    route_add(app, "GET", "/w/:org/policy", R_ORG, index_page);
    route_add(app, "POST", "/w/:org/policy", R_ORG | R_ORG_WRITE, create_draft);
    route_add(app, "GET", "/w/:org/policy/:id", R_ORG, version_page);
    route_add(app, "POST", "/w/:org/policy/:id", R_ORG | R_ORG_WRITE, update_draft);
    route_add(app, "POST", "/w/:org/policy/:id/publish", R_ORG | R_ORG_OWNER, publish);
    route_add(app, "POST", "/w/:org/policy/:id/discard", R_ORG | R_ORG_WRITE, discard);
    route_add(app, "GET", "/w/:org/policy/:id/policy.pdf", R_ORG, version_pdf);
    route_add(app, "GET", "/orgs/:org/policy", R_PUBLIC, public_newest);
    route_add(app, "GET", "/orgs/:org/policy/v/:version", R_PUBLIC, public_version);
}
