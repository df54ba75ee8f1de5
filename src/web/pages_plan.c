/* pages_plan.c - the one-year action plan: generate from the diagnosis, edit, print, export. */
#include "download.h"
#include "form.h"
#include "org_basic.h"
#include "pages.h"
#include "plan_store.h"
#include "str.h"

#include <stdio.h>

static json_t *base(struct req *rq, const char *title)
{
    char name[512] = "", rep[256];
    org_basic(rq->db, rq->org_id, name, sizeof name, rep, sizeof rep);
    return json_pack("{s:s,s:I,s:s,s:b}", "title", title, "org_id", (json_int_t)rq->org_id,
                     "org_name", name, "can_write", rq->access >= ACCESS_WRITE);
}

static bool has_completed_diagnosis(struct req *rq)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT COUNT(*) FROM diagnoses WHERE org_id = ? AND status = "
                           "'completed'",
                           "i", rq->org_id);
    bool yes = r && db_res_int(r, 0, 0) > 0;
    db_res_free(r);
    return yes;
}

static void index_page(struct req *rq, struct resp *rs)
{
    json_t *d = base(rq, N_("Action plan"));
    json_t *plan = plan_load(rq);
    if (plan)
        json_object_set_new(d, "plan", plan);
    json_object_set_new(d, "has_diagnosis", json_boolean(has_completed_diagnosis(rq)));
    page_render(rq, rs, "plan/index", d);
}

static void generate(struct req *rq, struct resp *rs)
{
    int64_t id = plan_create(rq);
    if (id < 0) {
        page_error(rq, rs, 500);
        return;
    }
    flash_set(rq, rs,
              id == 0 ? N_("Please complete the self-diagnosis first. The plan is made from its "
                           "results.")
                      : N_("The action plan was made from your latest self-diagnosis."));
    resp_redirectf(rs, "/w/%lld/plan", (long long)rq->org_id);
}

/* Month choices 1-12 labelled with their calendar month. */
static json_t *month_options(const json_t *plan)
{
    const char *start = plan ? json_string_value(json_object_get(plan, "start_month")) : NULL;
    int y = 0, m = 0;
    json_t *a = json_array();
    if (!start || sscanf(start, "%d-%d", &y, &m) != 2)
        y = 0;
    for (int i = 1; i <= 12; i++) {
        char label[32];
        int idx = y * 12 + m - 1 + i - 1;
        if (y > 0)
            str_fmt(label, sizeof label, "%d/%02d", idx / 12, idx % 12 + 1);
        else
            label[0] = '\0';
        json_array_append_new(a, json_pack("{s:i,s:s}", "n", i, "cal", label));
    }
    return a;
}

static void render_item_form(struct req *rq, struct resp *rs, json_t *item, json_t *values,
                             json_t *errors)
{
    json_t *d = base(rq, item ? N_("Edit a measure") : N_("Add a measure"));
    json_t *plan = plan_load(rq);
    json_object_set_new(d, "months", month_options(plan));
    json_decref(plan);
    json_object_set_new(d, "custom",
                        json_boolean(!item || json_is_true(json_object_get(item, "custom"))));
    if (item)
        json_object_set_new(d, "item", item);
    json_object_set_new(d, "values", values);
    /* The first invalid field, in form order, gets the focus. */
    static const char *const order[] = {"title", "owner", "month", "priority", "status"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (json_object_get(errors, order[i])) {
            json_object_set_new(d, "first_error", json_string(order[i]));
            break;
        }
    json_object_set_new(d, "errors", errors);
    page_render(rq, rs, "plan/item", d);
}

static void item_form(struct req *rq, struct resp *rs)
{
    json_t *it = plan_item_get(rq, req_param_id(rq, 1));
    if (!it) {
        page_error(rq, rs, 404);
        return;
    }
    char month[8];
    str_fmt(month, sizeof month, "%lld",
            (long long)json_integer_value(json_object_get(it, "month")));
    json_t *values =
        json_pack("{s:O,s:O,s:s,s:O,s:O,s:s}", "title", json_object_get(it, "title"), "owner",
                  json_object_get(it, "owner"), "month", month, "priority",
                  json_object_get(it, "priority"), "status", json_object_get(it, "status"),
                  "in_handbook", json_is_true(json_object_get(it, "in_handbook")) ? "1" : "");
    render_item_form(rq, rs, it, values, json_object());
}

static plan_item_in_t form_input(struct req *rq, bool custom)
{
    return (plan_item_in_t){.title = custom ? req_form(rq, "title") : NULL,
                            .owner = req_form(rq, "owner"),
                            .month = req_form(rq, "month"),
                            .priority = req_form(rq, "priority"),
                            .status = req_form(rq, "status"),
                            .in_handbook = str_eq(req_form(rq, "in_handbook"), "1")};
}

static void item_save(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    json_t *it = plan_item_get(rq, id);
    if (!it) {
        page_error(rq, rs, 404);
        return;
    }
    plan_item_in_t in = form_input(rq, json_is_true(json_object_get(it, "custom")));
    json_t *errors = json_object();
    if (!plan_item_validate(rq, &in, it, in.title != NULL, errors)) {
        rs->status = 422;
        render_item_form(rq, rs, it, form_values(rq), errors);
        rs->status = 422;
        return;
    }
    json_decref(errors);
    json_decref(it);
    int r = plan_item_update(rq, id, &in);
    if (r <= 0) {
        page_error(rq, rs, r == 0 ? 404 : 500);
        return;
    }
    flash_set(rq, rs, N_("The measure was saved."));
    resp_redirectf(rs, "/w/%lld/plan#item-%lld", (long long)rq->org_id, (long long)id);
}

static void new_form(struct req *rq, struct resp *rs)
{
    json_t *plan = plan_load(rq);
    if (!plan) {
        resp_redirectf(rs, "/w/%lld/plan", (long long)rq->org_id);
        return;
    }
    json_int_t today = json_integer_value(json_object_get(plan, "today_index"));
    json_decref(plan);
    char month[8];
    str_fmt(month, sizeof month, "%lld", (long long)(today < 1 ? 1 : today > 12 ? 12 : today));
    render_item_form(rq, rs, NULL,
                     json_pack("{s:s,s:s,s:s,s:s,s:s}", "month", month, "priority", "medium",
                               "status", "todo", "in_handbook", "1", "owner", ""),
                     json_object());
}

static void item_add(struct req *rq, struct resp *rs)
{
    plan_item_in_t in = form_input(rq, true);
    json_t *errors = json_object();
    if (!plan_item_validate(rq, &in, NULL, true, errors)) {
        rs->status = 422;
        render_item_form(rq, rs, NULL, form_values(rq), errors);
        rs->status = 422;
        return;
    }
    json_decref(errors);
    int64_t id = plan_item_add(rq, &in);
    if (id < 0) {
        page_error(rq, rs, 500);
        return;
    }
    flash_set(rq, rs, id ? N_("The measure was added.") : N_("Please make the action plan first."));
    resp_redirectf(rs, "/w/%lld/plan#item-%lld", (long long)rq->org_id, (long long)id);
}

/* One-click progress change from the plan table. */
static void item_status(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    json_t *it = plan_item_get(rq, id);
    if (!it) {
        page_error(rq, rs, 404);
        return;
    }
    json_decref(it);
    plan_item_in_t in = {.status = req_form(rq, "status"), .in_handbook = -1};
    if (!str_eq(in.status, "todo") && !str_eq(in.status, "doing") && !str_eq(in.status, "done")) {
        page_error(rq, rs, 400);
        return;
    }
    if (plan_item_update(rq, id, &in) < 0) {
        page_error(rq, rs, 500);
        return;
    }
    flash_set(rq, rs, N_("The measure was saved."));
    resp_redirectf(rs, "/w/%lld/plan#item-%lld", (long long)rq->org_id, (long long)id);
}

static void item_delete(struct req *rq, struct resp *rs)
{
    int r = plan_item_delete(rq, req_param_id(rq, 1));
    if (r <= 0) {
        page_error(rq, rs, r == 0 ? 404 : 500);
        return;
    }
    flash_set(rq, rs, N_("The measure was removed from the plan."));
    resp_redirectf(rs, "/w/%lld/plan", (long long)rq->org_id);
}

static void plan_pdf(struct req *rq, struct resp *rs)
{
    char name[512], utf8[700];
    json_t *plan = plan_load_for_download(rq, rs, name, sizeof name);
    if (!plan)
        return;
    json_t *doc = plan_pdf_doc(rq, plan, name);
    json_decref(plan);
    if (!str_fmt(utf8, sizeof utf8, "%s_%s.pdf", tr(rq, "Action plan"), name))
        utf8[0] = '\0';
    resp_pdf(rq, rs, doc, "action-plan.pdf", utf8);
}

static void plan_xlsx(struct req *rq, struct resp *rs)
{
    char name[512], utf8[700];
    json_t *plan = plan_load_for_download(rq, rs, name, sizeof name);
    if (!plan)
        return;
    json_t *cols, *rows;
    plan_xlsx_table(rq, plan, &cols, &rows);
    json_decref(plan);
    if (!str_fmt(utf8, sizeof utf8, "%s_%s.xlsx", tr(rq, "Action plan"), name))
        utf8[0] = '\0';
    resp_xlsx(rq, rs, tr(rq, "Action plan"), cols, rows, "action-plan.xlsx", utf8);
}

void pages_plan_register(struct app *app)
{
    route_add(app, "GET", "/w/:org/plan", R_ORG, index_page);
    route_add(app, "POST", "/w/:org/plan", R_ORG | R_ORG_WRITE, generate);
    route_add(app, "GET", "/w/:org/plan.pdf", R_ORG, plan_pdf);
    route_add(app, "GET", "/w/:org/plan.xlsx", R_ORG, plan_xlsx);
    route_add(app, "GET", "/w/:org/plan/items/new", R_ORG | R_ORG_WRITE, new_form);
    route_add(app, "POST", "/w/:org/plan/items", R_ORG | R_ORG_WRITE, item_add);
    route_add(app, "GET", "/w/:org/plan/items/:id", R_ORG | R_ORG_WRITE, item_form);
    route_add(app, "POST", "/w/:org/plan/items/:id", R_ORG | R_ORG_WRITE, item_save);
    route_add(app, "POST", "/w/:org/plan/items/:id/delete", R_ORG | R_ORG_WRITE, item_delete);
    route_add(app, "POST", "/w/:org/plan/items/:id/status", R_ORG | R_ORG_WRITE, item_status);
}
