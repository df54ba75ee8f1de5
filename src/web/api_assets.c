/* api_assets.c - JSON API of the asset inventory (docs/api.md "Asset inventory"). */
#include "assets_store.h"
#include "pages.h"
#include "str.h"

#include <stdio.h>

static void list(struct req *rq, struct resp *rs)
{
    json_t *l = asset_list(rq->db, rq->org_id);
    if (!l) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    resp_json(rs, 200, json_pack("{s:o}", "assets", l));
}

static void get_one(struct req *rq, struct resp *rs)
{
    json_t *a = asset_get(rq->db, rq->org_id, req_param_id(rq, 1));
    if (!a)
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
    else
        resp_json(rs, 200, a);
}

/* Buffers for the levels as text, so that the page validation applies unchanged. */
struct levels {
    char v[5][24];
};

/* Reads an asset from o. Absent fields keep cur's value (PUT of a partial object), or are
 * empty/missing for a new asset. Wrong types become "" (text) or "x" (levels), which
 * validation refuses. */
static asset_in_t json_input(const json_t *o, const json_t *cur, struct levels *lv)
{
    asset_in_t in = {0};
    static const char *const text[] = {"business_area", "name",   "notes", "users",
                                       "department",    "medium", "owner"};
    const char **tf[] = {&in.business_area, &in.name,   &in.notes, &in.users,
                         &in.department,    &in.medium, &in.owner};
    for (size_t k = 0; k < 7; k++) {
        json_t *v = json_object_get(o, text[k]);
        if (!v)
            v = json_object_get(cur, text[k]);
        *tf[k] = json_is_string(v) ? json_string_value(v) : v ? "\x01" : "";
    }
    static const char *const names[] = {"confidentiality", "integrity", "availability", "threat",
                                        "weakness"};
    const char **lf[] = {&in.c, &in.i, &in.a, &in.threat, &in.weakness};
    for (size_t k = 0; k < 5; k++) {
        json_t *v = json_object_get(o, names[k]);
        if (!v)
            v = json_object_get(cur, names[k]);
        if (json_is_integer(v))
            snprintf(lv->v[k], sizeof lv->v[k], "%lld", (long long)json_integer_value(v));
        else
            str_copy(lv->v[k], sizeof lv->v[k], "x");
        *lf[k] = lv->v[k];
    }
    json_t *p = json_object_get(o, "personal_data");
    in.personal_data = json_is_true(p ? p : json_object_get(cur, "personal_data"));
    json_t *e = json_object_get(o, "existential");
    in.existential = json_is_true(e ? e : json_object_get(cur, "existential"));
    return in;
}

/* API field names for the form's level errors. */
static json_t *api_errors(json_t *errors)
{
    static const char *const map[][2] = {
        {"c", "confidentiality"}, {"i", "integrity"}, {"a", "availability"}};
    for (size_t k = 0; k < 3; k++) {
        json_t *e = json_object_get(errors, map[k][0]);
        if (e) {
            json_object_set(errors, map[k][1], e);
            json_object_del(errors, map[k][0]);
        }
    }
    return errors;
}

static void invalid(struct req *rq, struct resp *rs, json_t *errors)
{
    resp_json_invalid(rq, rs, NULL, api_errors(errors));
}

static void create(struct req *rq, struct resp *rs)
{
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    struct levels lv;
    asset_in_t in = json_input(body, NULL, &lv);
    json_t *errors = json_object();
    if (!asset_validate(rq, &in, errors)) {
        invalid(rq, rs, errors);
        json_decref(body);
        return;
    }
    json_decref(errors);
    int64_t id = asset_insert(rq, &in);
    json_decref(body);
    if (id < 0)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else
        resp_json(rs, 201, asset_get(rq->db, rq->org_id, id));
}

static void update(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    json_t *cur = asset_get(rq->db, rq->org_id, id);
    if (!cur) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    json_t *body = req_json(rq, rs);
    if (!body) {
        json_decref(cur);
        return;
    }
    struct levels lv;
    asset_in_t in = json_input(body, cur, &lv);
    json_t *errors = json_object();
    if (!asset_validate(rq, &in, errors)) {
        invalid(rq, rs, errors);
    } else {
        json_decref(errors);
        int r = asset_update(rq, id, &in);
        if (r < 0)
            resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        else if (r == 0)
            resp_json_error(rq, rs, 404, "not_found", "Not found.");
        else
            resp_json(rs, 200, asset_get(rq->db, rq->org_id, id));
    }
    json_decref(body);
    json_decref(cur);
}

static void delete_one(struct req *rq, struct resp *rs)
{
    int r = asset_delete(rq, req_param_id(rq, 1));
    if (r == 0)
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
    else if (r < 0)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else
        resp_json(rs, 200, json_pack("{s:b}", "deleted", 1));
}

void api_assets_register(struct app *app)
{
    route_add(app, "GET", "/api/v1/organizations/:org/assets", R_API | R_ORG, list);
    route_add(app, "POST", "/api/v1/organizations/:org/assets", R_API | R_ORG | R_ORG_WRITE,
              create);
    route_add(app, "GET", "/api/v1/organizations/:org/assets/:id", R_API | R_ORG, get_one);
    route_add(app, "PUT", "/api/v1/organizations/:org/assets/:id", R_API | R_ORG | R_ORG_WRITE,
              update);
    route_add(app, "DELETE", "/api/v1/organizations/:org/assets/:id", R_API | R_ORG | R_ORG_WRITE,
              delete_one);
}
