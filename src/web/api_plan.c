/* api_plan.c - JSON API of the action plan (docs/api.md "Action plan"). */
#include "pages.h"
#include "plan_store.h"
#include "str.h"

#include <stdio.h>

static void get(struct req *rq, struct resp *rs)
{
    json_t *plan = plan_load(rq);
    if (!plan) {
        resp_json_error(rq, rs, 404, "no_plan", "There is no action plan yet.");
        return;
    }
    resp_json(rs, 200, plan);
}

static void generate(struct req *rq, struct resp *rs)
{
    int64_t id = plan_create(rq);
    if (id == 0)
        resp_json_error(rq, rs, 409, "no_diagnosis",
                        "Please complete the self-diagnosis first. The plan is made from its "
                        "results.");
    else if (id < 0)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else
        resp_json(rs, 201, plan_load(rq));
}

/* Reads the item fields of a JSON body; absent fields stay NULL (keep). Values of the wrong
 * type become "" so that validation refuses them. month_buf holds a numeric month. */
static plan_item_in_t json_input(const json_t *in, char *month_buf, size_t month_sz)
{
    plan_item_in_t r = {.in_handbook = -1};
    const char **fields[] = {&r.title, &r.owner, &r.priority, &r.status};
    const char *names[] = {"title", "owner", "priority", "status"};
    for (size_t i = 0; i < 4; i++) {
        json_t *v = json_object_get(in, names[i]);
        if (v)
            *fields[i] = json_is_string(v) ? json_string_value(v) : "";
    }
    json_t *m = json_object_get(in, "month");
    if (json_is_integer(m))
        snprintf(month_buf, month_sz, "%lld", (long long)json_integer_value(m));
    else
        month_buf[0] = '\0';
    if (m)
        r.month = month_buf;
    json_t *h = json_object_get(in, "in_handbook");
    if (json_is_boolean(h))
        r.in_handbook = json_is_true(h);
    return r;
}

static void patch_item(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    json_t *cur = plan_item_get(rq, id);
    if (!cur) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    json_t *in = req_json(rq, rs);
    if (!in) {
        json_decref(cur);
        return;
    }
    char month[24];
    plan_item_in_t v = json_input(in, month, sizeof month);
    bool custom = json_is_true(json_object_get(cur, "custom"));
    if (!custom)
        v.title = NULL; /* the title of a measure from the framework is not editable */
    json_t *errors = json_object();
    if (!plan_item_validate(rq, &v, cur, custom, errors)) {
        resp_json_invalid(rq, rs, NULL, errors);
    } else {
        json_decref(errors);
        int r = plan_item_update(rq, id, &v);
        if (r < 0)
            resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        else
            resp_json(rs, 200, plan_item_get(rq, id));
    }
    json_decref(in);
    json_decref(cur);
}

static void add_item(struct req *rq, struct resp *rs)
{
    json_t *in = req_json(rq, rs);
    if (!in)
        return;
    char month[24];
    plan_item_in_t v = json_input(in, month, sizeof month);
    if (v.in_handbook < 0)
        v.in_handbook = 1;
    if (!v.status)
        v.status = "todo";
    if (!v.priority)
        v.priority = "medium";
    json_t *errors = json_object();
    if (!plan_item_validate(rq, &v, NULL, true, errors)) {
        resp_json_invalid(rq, rs, NULL, errors);
        json_decref(in);
        return;
    }
    json_decref(errors);
    int64_t id = plan_item_add(rq, &v);
    json_decref(in);
    if (id == 0)
        resp_json_error(rq, rs, 409, "no_plan", "There is no action plan yet.");
    else if (id < 0)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else
        resp_json(rs, 201, plan_item_get(rq, id));
}

static void delete_item(struct req *rq, struct resp *rs)
{
    int r = plan_item_delete(rq, req_param_id(rq, 1));
    if (r == 0)
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
    else if (r < 0)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else
        resp_json(rs, 200, json_pack("{s:b}", "deleted", 1));
}

void api_plan_register(struct app *app)
{
    route_add(app, "GET", "/api/v1/organizations/:org/plan", R_API | R_ORG, get);
    route_add(app, "POST", "/api/v1/organizations/:org/plan", R_API | R_ORG | R_ORG_WRITE,
              generate);
    route_add(app, "POST", "/api/v1/organizations/:org/plan/items", R_API | R_ORG | R_ORG_WRITE,
              add_item);
    route_add(app, "PATCH", "/api/v1/organizations/:org/plan/items/:id",
              R_API | R_ORG | R_ORG_WRITE, patch_item);
    route_add(app, "DELETE", "/api/v1/organizations/:org/plan/items/:id",
              R_API | R_ORG | R_ORG_WRITE, delete_item);
}
