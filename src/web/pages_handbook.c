/* pages_handbook.c - the employee handbook (情報セキュリティハンドブック) from the plan. */
#include "content.h"
#include "download.h"
#include "handbook.h"
#include "org_basic.h"
#include "pages.h"
#include "plan_store.h"
#include "policy.h"
#include "str.h"

#include <stdio.h>

/* {intro_title, intro_text, chapters: [{n, title, text}], own: [title]} from the measures
 * of the plan chosen for the handbook (in_handbook). */
static json_t *handbook_json(struct req *rq, const json_t *plan, const char *org_name)
{
    const content_t *c = content_get();
    const measure_t *chosen[MAX_MEASURES], *chapters[MAX_MEASURES];
    size_t n = 0;
    json_t *own = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(plan, "items"), i, it)
    {
        if (!json_is_true(json_object_get(it, "in_handbook")))
            continue;
        const measure_t *m =
            c ? content_measure(c, json_string_value(json_object_get(it, "measure_key"))) : NULL;
        if (m && n < MAX_MEASURES)
            chosen[n++] = m;
        else if (!m)
            json_array_append(own, json_object_get(it, "title"));
    }
    json_t *out = json_pack("{s:o}", "own", own);
    if (!c)
        return out;
    size_t nc = handbook_chapters(c, chosen, n, chapters, MAX_MEASURES);
    json_t *list = json_array();
    for (size_t k = 0; k < nc; k++)
        json_array_append_new(list, json_pack("{s:i,s:s,s:s}", "n", (int)(k + 1), "title",
                                              dtext_get(&chapters[k]->hb_title, rq->lang), "text",
                                              dtext_get(&chapters[k]->hb_text, rq->lang)));
    buf_t intro;
    buf_init(&intro);
    policy_vars_t v = {.org_name = org_name};
    policy_fill(dtext_get(&c->hb_intro_text, rq->lang), &v, rq->lang, &intro);
    json_object_set_new(out, "intro_title", json_string(dtext_get(&c->hb_intro_title, rq->lang)));
    json_object_set_new(out, "intro_text", json_string(buf_cstr(&intro)));
    json_object_set_new(out, "chapters", list);
    buf_free(&intro);
    return out;
}

static void page(struct req *rq, struct resp *rs)
{
    char name[512] = "", rep[256];
    org_basic(rq->db, rq->org_id, name, sizeof name, rep, sizeof rep);
    json_t *d = json_pack("{s:s,s:I,s:s,s:b}", "title", N_("Employee handbook"), "org_id",
                          (json_int_t)rq->org_id, "org_name", name, "can_write",
                          rq->access >= ACCESS_WRITE);
    json_t *plan = plan_load(rq);
    if (plan) {
        json_object_set_new(d, "hb", handbook_json(rq, plan, name));
        json_object_set_new(d, "plan", plan);
    }
    page_render(rq, rs, "handbook/index", d);
}

static void choose(struct req *rq, struct resp *rs)
{
    json_t *plan = plan_load(rq);
    if (!plan) {
        resp_redirectf(rs, "/w/%lld/plan", (long long)rq->org_id);
        return;
    }
    size_t i;
    json_t *it;
    bool ok = db_begin(rq->db) == 0;
    json_array_foreach(json_object_get(plan, "items"), i, it)
    {
        char key[40];
        json_int_t id = json_integer_value(json_object_get(it, "id"));
        str_fmt(key, sizeof key, "hb_%lld", (long long)id);
        plan_item_in_t in = {.in_handbook = str_eq(req_form(rq, key), "1")};
        if (ok && plan_item_update(rq, id, &in) < 0)
            ok = false;
    }
    json_decref(plan);
    if (!ok || db_commit(rq->db) < 0) {
        db_rollback(rq->db);
        page_error(rq, rs, 500);
        return;
    }
    flash_set(rq, rs, N_("The chapters of the handbook were updated."));
    resp_redirectf(rs, "/w/%lld/handbook", (long long)rq->org_id);
}

static void pdf(struct req *rq, struct resp *rs)
{
    char name[512], utf8[700];
    json_t *plan = plan_load_for_download(rq, rs, name, sizeof name);
    if (!plan)
        return;
    json_t *hb = handbook_json(rq, plan, name);
    json_decref(plan);
    json_t *blocks = json_array();
    json_array_append_new(
        blocks, json_pack("{s:s,s:O}", "type", "h2", "text", json_object_get(hb, "intro_title")));
    json_array_append_new(
        blocks, json_pack("{s:s,s:O}", "type", "p", "text", json_object_get(hb, "intro_text")));
    size_t i;
    json_t *ch;
    json_array_foreach(json_object_get(hb, "chapters"), i, ch)
    {
        char h[512];
        str_fmt(h, sizeof h, "%lld. %s", (long long)json_integer_value(json_object_get(ch, "n")),
                json_string_value(json_object_get(ch, "title")));
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "h2", "text", h));
        json_array_append_new(
            blocks, json_pack("{s:s,s:O}", "type", "p", "text", json_object_get(ch, "text")));
    }
    if (json_array_size(json_object_get(hb, "own")) > 0) {
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "h2", "text",
                                                tr(rq, "Other rules of our company")));
        json_array_append_new(
            blocks, json_pack("{s:s,s:O}", "type", "ul", "items", json_object_get(hb, "own")));
    }
    json_decref(hb);
    json_t *doc =
        json_pack("{s:s,s:s,s:[s],s:o}", "title", tr(rq, "Information security handbook"),
                  "subtitle", name, "meta", tr(rq, "Draft for employees"), "blocks", blocks);
    if (!str_fmt(utf8, sizeof utf8, "%s_%s.pdf", tr(rq, "Information security handbook"), name))
        utf8[0] = '\0';
    resp_pdf(rq, rs, doc, "security-handbook.pdf", utf8);
}

void pages_handbook_register(struct app *app)
{
    route_add(app, "GET", "/w/:org/handbook", R_ORG, page);
    route_add(app, "POST", "/w/:org/handbook", R_ORG | R_ORG_WRITE, choose);
    route_add(app, "GET", "/w/:org/handbook.pdf", R_ORG, pdf);
}
