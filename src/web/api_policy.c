/* api_policy.c - JSON API of basic policy versions (docs/api.md "Basic policy"). */
#include "pages.h"
#include "policy_store.h"
#include "str.h"

static void list(struct req *rq, struct resp *rs)
{
    resp_json(rs, 200, json_pack("{s:o}", "policies", policy_list(rq)));
}

static void create(struct req *rq, struct resp *rs)
{
    bool from_template = false;
    if (rq->body_len > 0) {
        json_t *in = req_json(rq, rs);
        if (!in)
            return;
        const char *from = json_string_value(json_object_get(in, "from"));
        from_template = from && str_eq(from, "template");
        json_decref(in);
    }
    bool created;
    int64_t id = policy_create_draft(rq, from_template, &created);
    json_t *pol = id > 0 ? policy_get(rq, id) : NULL;
    if (!pol) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    resp_json(rs, created ? 201 : 200, pol);
}

static void get(struct req *rq, struct resp *rs)
{
    json_t *pol = policy_get(rq, req_param_id(rq, 1));
    if (!pol) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    resp_json(rs, 200, pol);
}

static void published_error(struct req *rq, struct resp *rs)
{
    resp_json_error(rq, rs, 409, "published",
                    "This version is published and can no longer be changed. To change the "
                    "policy, start a new draft from it and publish it as the next version.");
}

static void update(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    json_t *pol = policy_get(rq, id);
    if (!pol) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    json_t *in = req_json(rq, rs);
    if (!in) {
        json_decref(pol);
        return;
    }
    if (!json_is_true(json_object_get(pol, "draft"))) {
        published_error(rq, rs);
        goto out;
    }
    json_t *jt = json_object_get(in, "title"), *jb = json_object_get(in, "body");
    const char *title = jt ? (json_is_string(jt) ? json_string_value(jt) : "")
                           : json_string_value(json_object_get(pol, "title"));
    const char *body = jb ? (json_is_string(jb) ? json_string_value(jb) : "")
                          : json_string_value(json_object_get(pol, "body"));
    json_t *errors = json_object();
    if (!policy_validate(rq, title, body, errors)) {
        resp_json_invalid(rq, rs, NULL, errors);
        goto out;
    }
    json_decref(errors);
    enum pol_result r = policy_update_draft(rq, id, title, body);
    if (r == POL_PUBLISHED)
        published_error(rq, rs);
    else if (r != POL_OK)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else
        resp_json(rs, 200, policy_get(rq, id));
out:
    json_decref(in);
    json_decref(pol);
}

static void publish(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    int version = 0;
    enum pol_result r = policy_publish(rq, id, &version);
    if (r == POL_NOT_FOUND)
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
    else if (r == POL_PUBLISHED)
        resp_json_error(rq, rs, 409, "published", "This version is already published.");
    else if (r != POL_OK)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else
        resp_json(rs, 200, policy_get(rq, id));
}

void api_policy_register(struct app *app)
{
    route_add(app, "GET", "/api/v1/organizations/:org/policies", R_API | R_ORG, list);
    route_add(app, "POST", "/api/v1/organizations/:org/policies", R_API | R_ORG | R_ORG_WRITE,
              create);
    route_add(app, "GET", "/api/v1/organizations/:org/policies/:id", R_API | R_ORG, get);
    route_add(app, "PATCH", "/api/v1/organizations/:org/policies/:id", R_API | R_ORG | R_ORG_WRITE,
              update);
    route_add(app, "POST", "/api/v1/organizations/:org/policies/:id/publish",
              R_API | R_ORG | R_ORG_OWNER, publish);
}
