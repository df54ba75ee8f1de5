/* pages_assets.c - the asset inventory (情報資産管理台帳) and its risk analysis: list by risk,
 * add, edit, delete after confirmation, XLSX export of the ledger. */
#include "assets_store.h"
#include "download.h"
#include "form.h"
#include "org_basic.h"
#include "pages.h"
#include "str.h"

/* The 1-3 scales of domain.md §4 with what each level means, shown on the form. */
static const struct {
    const char *field, *legend, *help, *meaning[3]; /* meaning[level - 1] */
} SCALES[] = {
    {"c",
     N_("Confidentiality"),
     N_("How much harm if the information leaked to people who should not see it?"),
     {N_("1: Little harm. It could be made public."),
      N_("2: Some harm. It is for people inside the company only."),
      N_("3: Serious harm to the business or to customers.")}},
    {"i",
     N_("Integrity"),
     N_("How much harm if the information were wrong, altered or incomplete?"),
     {N_("1: Little harm."), N_("2: Some harm, which can be put right."),
      N_("3: Serious harm to the business or to customers.")}},
    {"a",
     N_("Availability"),
     N_("How much harm if the information or the system could not be used when needed?"),
     {N_("1: Little harm, even if it cannot be used for a while."),
      N_("2: Work is delayed if it cannot be used for about a day."),
      N_("3: Work stops if it cannot be used even for a short time.")}},
    {"threat",
     N_("Threat"),
     N_("How often could something bad happen to this asset (theft, loss, virus, mistakes)?"),
     {N_("1: Normally never happens."), N_("2: Can happen a few times a year."),
      N_("3: Can happen any time.")}},
    {"weakness",
     N_("Weakness"),
     N_("How well is the asset protected now?"),
     {N_("1: Measures are in place."), N_("2: Measures are partly in place."),
      N_("3: There is no defence.")}},
};
#define N_SCALES (sizeof SCALES / sizeof SCALES[0])

static json_t *base(struct req *rq, const char *title)
{
    char name[512] = "", rep[256];
    org_basic(rq->db, rq->org_id, name, sizeof name, rep, sizeof rep);
    return json_pack("{s:s,s:I,s:s,s:b}", "title", title, "org_id", (json_int_t)rq->org_id,
                     "org_name", name, "can_write", rq->access >= ACCESS_WRITE);
}

static const char *band_label(const struct req *rq, const char *band)
{
    if (str_eq(band, "urgent"))
        return tr(rq, "Urgent");
    if (str_eq(band, "this_term"))
        return tr(rq, "This term");
    if (str_eq(band, "desirable"))
        return tr(rq, "Desirable");
    return tr(rq, "Low");
}

static void index_page(struct req *rq, struct resp *rs)
{
    json_t *list = asset_list(rq->db, rq->org_id);
    if (!list) {
        page_error(rq, rs, 500);
        return;
    }
    int counts[4] = {0, 0, 0, 0}; /* urgent, this_term, desirable, low */
    size_t k;
    json_t *a;
    json_array_foreach(list, k, a)
    {
        const char *b = json_string_value(json_object_get(a, "band"));
        json_object_set_new(a, "band_label", json_string(band_label(rq, b)));
        counts[str_eq(b, "urgent")      ? 0
               : str_eq(b, "this_term") ? 1
               : str_eq(b, "desirable") ? 2
                                        : 3]++;
    }
    json_t *d = base(rq, N_("Asset inventory and risk analysis"));
    json_object_set_new(d, "assets", list);
    json_object_set_new(d, "counts",
                        json_pack("{s:i,s:i,s:i,s:i,s:i}", "total", (int)json_array_size(list),
                                  "urgent", counts[0], "this_term", counts[1], "desirable",
                                  counts[2], "low", counts[3]));
    page_render(rq, rs, "assets/index", d);
}

static void assets_xlsx(struct req *rq, struct resp *rs)
{
    char name[512] = "", rep[256], utf8[700];
    org_basic(rq->db, rq->org_id, name, sizeof name, rep, sizeof rep);
    json_t *list = asset_list(rq->db, rq->org_id);
    if (!list) {
        page_error(rq, rs, 500);
        return;
    }
    json_t *cols, *rows;
    asset_xlsx_table(rq, list, &cols, &rows);
    json_decref(list);
    if (!str_fmt(utf8, sizeof utf8, "%s_%s.xlsx", tr(rq, "Asset inventory"), name))
        utf8[0] = '\0';
    resp_xlsx(rq, rs, tr(rq, "Asset inventory"), cols, rows, "asset-inventory.xlsx", utf8);
}

/* The five scales with their choices; values holds the submitted or current levels. */
static json_t *scales_json(struct req *rq, const json_t *values, const json_t *errors,
                           const char *focus)
{
    json_t *arr = json_array();
    for (size_t s = 0; s < N_SCALES; s++) {
        const char *cur = json_string_value(json_object_get(values, SCALES[s].field));
        json_t *opts = json_array();
        for (int l = 1; l <= 3; l++) {
            char v[2] = {(char)('0' + l), '\0'};
            json_array_append_new(opts, json_pack("{s:s,s:s,s:b,s:b}", "value", v, "label",
                                                  tr(rq, SCALES[s].meaning[l - 1]), "checked",
                                                  str_eq(cur, v), "autofocus",
                                                  l == 1 && str_eq(focus, SCALES[s].field)));
        }
        json_t *e = json_object_get(errors, SCALES[s].field);
        json_t *one =
            json_pack("{s:s,s:s,s:s,s:o}", "field", SCALES[s].field, "legend",
                      tr(rq, SCALES[s].legend), "help", tr(rq, SCALES[s].help), "options", opts);
        if (e)
            json_object_set(one, "error", e);
        json_array_append_new(arr, one);
    }
    return arr;
}

static void render_form(struct req *rq, struct resp *rs, const json_t *asset, json_t *values,
                        json_t *errors)
{
    json_t *d = base(rq, asset ? N_("Edit an information asset") : N_("Add an information asset"));
    if (asset)
        json_object_set_new(d, "asset", json_deep_copy(asset));
    /* The first invalid field, in form order, gets the focus. */
    static const char *const order[] = {"business_area", "name",    "notes", "users", "department",
                                        "medium",        "owner",   "c",     "i",     "a",
                                        "threat",        "weakness"};
    const char *focus = "";
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        if (json_object_get(errors, order[k])) {
            focus = order[k];
            break;
        }
    json_object_set_new(d, "first_error", json_string(focus));
    json_object_set_new(d, "scales", scales_json(rq, values, errors, focus));
    json_object_set_new(d, "values", values);
    json_object_set_new(d, "errors", errors);
    page_render(rq, rs, "assets/form", d);
}

static json_t *values_of(const json_t *a)
{
    json_t *v = json_object();
    static const char *const text[] = {"business_area", "name",   "notes", "users",
                                       "department",    "medium", "owner"};
    for (size_t k = 0; k < sizeof text / sizeof text[0]; k++)
        json_object_set(v, text[k], json_object_get(a, text[k]));
    static const char *const lv[][2] = {{"c", "confidentiality"},
                                        {"i", "integrity"},
                                        {"a", "availability"},
                                        {"threat", "threat"},
                                        {"weakness", "weakness"}};
    for (size_t k = 0; k < 5; k++) {
        char s[24];
        str_fmt(s, sizeof s, "%lld", (long long)json_integer_value(json_object_get(a, lv[k][1])));
        json_object_set_new(v, lv[k][0], json_string(s));
    }
    json_object_set_new(v, "personal_data",
                        json_string(json_is_true(json_object_get(a, "personal_data")) ? "1" : ""));
    json_object_set_new(v, "existential",
                        json_string(json_is_true(json_object_get(a, "existential")) ? "1" : ""));
    return v;
}

static asset_in_t form_input(struct req *rq)
{
    return (asset_in_t){.business_area = req_form(rq, "business_area"),
                        .name = req_form(rq, "name"),
                        .notes = req_form(rq, "notes"),
                        .users = req_form(rq, "users"),
                        .department = req_form(rq, "department"),
                        .medium = req_form(rq, "medium"),
                        .owner = req_form(rq, "owner"),
                        .c = req_form(rq, "c"),
                        .i = req_form(rq, "i"),
                        .a = req_form(rq, "a"),
                        .threat = req_form(rq, "threat"),
                        .weakness = req_form(rq, "weakness"),
                        .personal_data = str_eq(req_form(rq, "personal_data"), "1"),
                        .existential = str_eq(req_form(rq, "existential"), "1")};
}

static void new_form(struct req *rq, struct resp *rs)
{
    render_form(rq, rs, NULL, json_object(), json_object());
}

static void add(struct req *rq, struct resp *rs)
{
    asset_in_t in = form_input(rq);
    json_t *errors = json_object();
    if (!asset_validate(rq, &in, errors)) {
        rs->status = 422;
        render_form(rq, rs, NULL, form_values(rq), errors);
        rs->status = 422;
        return;
    }
    json_decref(errors);
    int64_t id = asset_insert(rq, &in);
    if (id < 0) {
        page_error(rq, rs, 500);
        return;
    }
    flash_set(rq, rs, N_("The information asset was added."));
    resp_redirectf(rs, "/w/%lld/assets#asset-%lld", (long long)rq->org_id, (long long)id);
}

static void edit_form(struct req *rq, struct resp *rs)
{
    json_t *a = asset_get(rq->db, rq->org_id, req_param_id(rq, 1));
    if (!a) {
        page_error(rq, rs, 404);
        return;
    }
    render_form(rq, rs, a, values_of(a), json_object());
    json_decref(a);
}

static void save(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    json_t *a = asset_get(rq->db, rq->org_id, id);
    if (!a) {
        page_error(rq, rs, 404);
        return;
    }
    asset_in_t in = form_input(rq);
    json_t *errors = json_object();
    if (!asset_validate(rq, &in, errors)) {
        rs->status = 422;
        render_form(rq, rs, a, form_values(rq), errors);
        rs->status = 422;
        json_decref(a);
        return;
    }
    json_decref(a);
    json_decref(errors);
    int r = asset_update(rq, id, &in);
    if (r <= 0) {
        page_error(rq, rs, r == 0 ? 404 : 500);
        return;
    }
    flash_set(rq, rs, N_("The information asset was saved."));
    resp_redirectf(rs, "/w/%lld/assets#asset-%lld", (long long)rq->org_id, (long long)id);
}

static void delete_confirm(struct req *rq, struct resp *rs)
{
    json_t *a = asset_get(rq->db, rq->org_id, req_param_id(rq, 1));
    if (!a) {
        page_error(rq, rs, 404);
        return;
    }
    json_t *d = base(rq, N_("Delete an information asset"));
    json_object_set_new(d, "asset", a);
    page_render(rq, rs, "assets/delete", d);
}

static void delete_asset(struct req *rq, struct resp *rs)
{
    int r = asset_delete(rq, req_param_id(rq, 1));
    if (r <= 0) {
        page_error(rq, rs, r == 0 ? 404 : 500);
        return;
    }
    flash_set(rq, rs, N_("The information asset was deleted."));
    resp_redirectf(rs, "/w/%lld/assets", (long long)rq->org_id);
}

void pages_assets_register(struct app *app)
{
    route_add(app, "GET", "/w/:org/assets", R_ORG, index_page);
    route_add(app, "GET", "/w/:org/assets.xlsx", R_ORG, assets_xlsx);
    route_add(app, "GET", "/w/:org/assets/new", R_ORG | R_ORG_WRITE, new_form);
    route_add(app, "POST", "/w/:org/assets", R_ORG | R_ORG_WRITE, add);
    route_add(app, "GET", "/w/:org/assets/:id", R_ORG | R_ORG_WRITE, edit_form);
    route_add(app, "POST", "/w/:org/assets/:id", R_ORG | R_ORG_WRITE, save);
    route_add(app, "GET", "/w/:org/assets/:id/delete", R_ORG | R_ORG_WRITE, delete_confirm);
    route_add(app, "POST", "/w/:org/assets/:id/delete", R_ORG | R_ORG_WRITE, delete_asset);
}
