/* pages_declare.c - the five principles and the ★ pledge, the ★★ declaration with its
 * prerequisites, and the declaration page with the logo usage rules. */
#include "content.h"
#include "declare.h"
#include "form.h"
#include "logo_rules.h"
#include "pages.h"
#include "str.h"
#include "workspace.h"

#include <string.h>

/* Bits 1..5 for each principle number checked in the form ("pledge" repeated). */
static unsigned pledged_from_form(const struct req *rq)
{
    unsigned bits = 0;
    for (size_t i = 0; i < rq->form.n; i++) {
        int64_t n;
        if (str_eq(rq->form.items[i].key, "pledge") &&
            str_to_i64(rq->form.items[i].val, 1, PRINCIPLES, &n))
            bits |= 1u << n;
    }
    return bits;
}

static void render_principles(struct req *rq, struct resp *rs, unsigned checked, const char *error,
                              int status)
{
    const content_t *c = content_get();
    json_t *s = workspace_summary(rq->db, rq->org_id);
    if (!c || !s) {
        json_decref(s);
        page_error(rq, rs, c ? 404 : 500);
        return;
    }
    json_t *list = json_array();
    for (int i = 0; i < PRINCIPLES; i++) {
        const principle_t *p = &c->principles[i];
        json_array_append_new(list, json_pack("{s:i,s:s,s:s,s:b}", "no", p->no, "title",
                                              dtext_get(&p->title, rq->lang), "explanation",
                                              dtext_get(&p->explanation, rq->lang), "checked",
                                              (checked & (1u << p->no)) != 0));
    }
    json_object_set_new(s, "principles", list);
    json_object_set_new(s, "title", json_string(N_("The five principles of information security")));
    json_object_set_new(s, "is_owner", json_boolean(rq->access == ACCESS_OWNER));
    if (error)
        json_object_set_new(s, "error", json_string(tr(rq, error)));
    page_render(rq, rs, "declare/principles", s);
    rs->status = status;
}

static void principles(struct req *rq, struct resp *rs)
{
    render_principles(rq, rs, 0, NULL, 200);
}

static void declare1(struct req *rq, struct resp *rs)
{
    unsigned pledged = pledged_from_form(rq);
    struct decl_prereq p;
    struct decl_made d;
    switch (decl_make(rq, 1, pledged, &p, &d)) {
    case DECL_OK:
        flash_set(rq, rs, "You have declared SECURITY ACTION (one star).");
        resp_redirectf(rs, "/w/%lld/declaration", (long long)rq->org_id);
        return;
    case DECL_PLEDGE:
        render_principles(
            rq, rs, pledged,
            N_("Please check all five principles. Declaring one star means pledging to "
               "practise every one of them."),
            422);
        return;
    case DECL_ALREADY:
        flash_set(rq, rs, "Your organization has already declared SECURITY ACTION.");
        resp_redirectf(rs, "/w/%lld/declaration", (long long)rq->org_id);
        return;
    case DECL_MISSING:
    case DECL_ERROR:
        break;
    }
    page_error(rq, rs, 500);
}

static void render_declare2(struct req *rq, struct resp *rs, const char *error, int status)
{
    json_t *s = workspace_summary(rq->db, rq->org_id);
    if (!s) {
        page_error(rq, rs, 404);
        return;
    }
    struct decl_prereq p;
    decl_prereq(rq, &p);
    json_object_set_new(s, "has_diagnosis", json_boolean(p.diagnosis_id > 0));
    json_object_set_new(s, "has_policy", json_boolean(p.policy_id > 0));
    json_object_set_new(s, "ready", json_boolean(p.diagnosis_id > 0 && p.policy_id > 0));
    json_object_set_new(s, "is_owner", json_boolean(rq->access == ACCESS_OWNER));
    json_object_set_new(s, "title", json_string(N_("Declare SECURITY ACTION (two stars)")));
    if (error)
        json_object_set_new(s, "error", json_string(tr(rq, error)));
    page_render(rq, rs, "declare/declare2", s);
    rs->status = status;
}

static void declare2_form(struct req *rq, struct resp *rs)
{
    render_declare2(rq, rs, NULL, 200);
}

static void declare2(struct req *rq, struct resp *rs)
{
    if (!str_eq(req_form(rq, "confirm"), "yes")) {
        render_declare2(rq, rs, N_("Please check the box to confirm the declaration."), 422);
        return;
    }
    struct decl_prereq p;
    struct decl_made d;
    switch (decl_make(rq, 2, pledged_from_form(rq), &p, &d)) {
    case DECL_OK:
        flash_set(rq, rs, "You have declared SECURITY ACTION (two stars).");
        resp_redirectf(rs, "/w/%lld/declaration", (long long)rq->org_id);
        return;
    case DECL_MISSING:
        render_declare2(
            rq, rs, N_("Two stars cannot be declared yet. Please finish the steps marked below."),
            409);
        return;
    case DECL_ALREADY:
        flash_set(rq, rs, "Your organization has already declared SECURITY ACTION (two stars).");
        resp_redirectf(rs, "/w/%lld/declaration", (long long)rq->org_id);
        return;
    case DECL_PLEDGE:
    case DECL_ERROR:
        break;
    }
    page_error(rq, rs, 500);
}

/* The date of an ISO timestamp as parts for the template's translated date format:
 * "date": {"y": 2026, "m": 11, "d": 2, "mm": "11", "dd": "02"}. */
static void add_date(json_t *o)
{
    const char *iso = json_string_value(json_object_get(o, "declared_at"));
    char ys[5] = "", ms[3] = "", ds[3] = "";
    int64_t y, m, d;
    if (!iso || strlen(iso) < 10)
        return;
    memcpy(ys, iso, 4);
    memcpy(ms, iso + 5, 2);
    memcpy(ds, iso + 8, 2);
    if (!str_to_i64(ys, 1, 9999, &y) || !str_to_i64(ms, 1, 12, &m) || !str_to_i64(ds, 1, 31, &d))
        return;
    json_object_set_new(o, "date",
                        json_pack("{s:I,s:I,s:I,s:s,s:s}", "y", (json_int_t)y, "m", (json_int_t)m,
                                  "d", (json_int_t)d, "mm", ms, "dd", ds));
}

static void declaration(struct req *rq, struct resp *rs)
{
    json_t *s = workspace_summary(rq->db, rq->org_id);
    if (!s) {
        page_error(rq, rs, 404);
        return;
    }
    json_t *rules = logo_rules(rq->lang);
    json_object_set_new(s, "rules", rules ? rules : json_null());
    json_t *hist = decl_list(rq);
    size_t i;
    json_t *h;
    json_array_foreach(hist, i, h) add_date(h);
    json_t *cur = json_object_get(s, "declaration");
    if (json_is_object(cur))
        add_date(cur);
    json_object_set_new(s, "history", hist);
    json_object_set_new(s, "base_url", json_string(rq->app->cfg.base_url));
    json_object_set_new(s, "is_owner", json_boolean(rq->access == ACCESS_OWNER));
    json_object_set_new(s, "title", json_string(N_("Your SECURITY ACTION declaration")));
    page_render(rq, rs, "declare/declaration", s);
}

void pages_declare_register(struct app *app)
{
    route_add(app, "GET", "/w/:org/principles", R_ORG, principles);
    route_add(app, "POST", "/w/:org/declare", R_ORG | R_ORG_OWNER, declare1);
    route_add(app, "GET", "/w/:org/declare2", R_ORG, declare2_form);
    route_add(app, "POST", "/w/:org/declare2", R_ORG | R_ORG_OWNER, declare2);
    route_add(app, "GET", "/w/:org/declaration", R_ORG, declaration);
}
