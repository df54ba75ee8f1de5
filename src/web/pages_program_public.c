/* pages_program_public.c - the public side of guidance programs: open and upcoming programs,
 * one program's rules, curriculum and dates, and the FAQ that answers the questions which
 * flooded the secretariat in 2019 (data/program_faq.json). */
#include "content.h"
#include "timeutil.h"
#include "fileutil.h"
#include "log.h"
#include "pages.h"
#include "program_core.h"
#include "str.h"

#include <string.h>

static void list(struct req *rq, struct resp *rs)
{
    char today[11];
    time_jst_date(today, time(NULL), 0);
    db_res_t *r = db_query(rq->db,
                           "SELECT id FROM programs WHERE apply_until >= ? ORDER BY apply_from, "
                           "id LIMIT 50",
                           "s", today);
    if (!r) {
        page_error(rq, rs, 500);
        return;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        json_t *p = prog_get(rq->db, db_res_int(r, i, 0), rq->lang);
        if (p)
            json_array_append_new(rows, p);
    }
    db_res_free(r);
    page_render(rq, rs, "program/public_list",
                json_pack("{s:s,s:o}", "title", N_("Expert guidance programs"), "programs", rows));
}

/* The organizations the user is a member of (to link their apply pages). */
static json_t *my_orgs(struct req *rq)
{
    json_t *out = json_array();
    if (!rq->logged_in)
        return out;
    db_res_t *r = db_query(rq->db,
                           "SELECT o.id, o.name FROM memberships m JOIN organizations o ON o.id = "
                           "m.org_id WHERE m.user_id = ? AND m.kind = 'member' ORDER BY o.id "
                           "LIMIT 20",
                           "i", rq->user.id);
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_array_append_new(out, json_pack("{s:I,s:s}", "id", (json_int_t)db_res_int(r, i, 0),
                                             "name", db_res_text(r, i, 1)));
    db_res_free(r);
    return out;
}

static void detail(struct req *rq, struct resp *rs)
{
    json_t *p = prog_get(rq->db, req_param_id(rq, 0), rq->lang);
    if (!p) {
        page_error(rq, rs, 404);
        return;
    }
    page_render(rq, rs, "program/public_detail",
                json_pack("{s:s,s:o,s:o,s:b}", "title", N_("Expert guidance program"), "program", p,
                          "orgs", my_orgs(rq), "show_fee", 0));
}

/* Replaces every "{org}" in href by org; "" when org is 0 and href needs it. */
static json_t *faq_href(const char *href, int64_t org)
{
    const char *at = strstr(href, "{org}");
    if (!at)
        return json_string(href);
    if (org <= 0)
        return NULL;
    char out[256];
    if (!str_fmt(out, sizeof out, "%.*s%lld%s", (int)(at - href), href, (long long)org, at + 5))
        return NULL;
    return json_string(out);
}

static void faq(struct req *rq, struct resp *rs)
{
    char path[1024];
    json_error_t err;
    json_t *root = share_path(path, sizeof path, "data/program_faq.json")
                       ? json_load_file(path, 0, &err)
                       : NULL;
    if (!root) {
        log_error("program_faq.json: %s", err.text);
        page_error(rq, rs, 500);
        return;
    }
    json_t *orgs = my_orgs(rq);
    int64_t org = json_array_size(orgs) > 0
                      ? json_integer_value(json_object_get(json_array_get(orgs, 0), "id"))
                      : 0;
    json_decref(orgs);
    const char *lang = lang_is_en(rq->lang) ? "en" : "ja";
    json_t *items = json_array();
    size_t i, j;
    json_t *it, *ln;
    json_array_foreach(json_object_get(root, "items"), i, it)
    {
        json_t *links = json_array();
        bool needs_login = false;
        json_array_foreach(json_object_get(it, "links"), j, ln)
        {
            json_t *href = faq_href(json_string_value(json_object_get(ln, "href")), org);
            if (!href) {
                needs_login = true;
                continue;
            }
            json_array_append_new(links,
                                  json_pack("{s:o,s:O}", "href", href, "label",
                                            json_object_get(json_object_get(ln, "label"), lang)));
        }
        json_array_append_new(items,
                              json_pack("{s:O,s:O,s:O,s:o,s:b}", "id", json_object_get(it, "id"),
                                        "q", json_object_get(json_object_get(it, "q"), lang), "a",
                                        json_object_get(json_object_get(it, "a"), lang), "links",
                                        links, "needs_login", needs_login && !rq->logged_in));
    }
    json_decref(root);
    page_render(rq, rs, "program/faq",
                json_pack("{s:s,s:o,s:b}", "title", N_("Guidance program: questions and answers"),
                          "items", items, "logged_in", rq->logged_in));
}

void pages_program_public_register(struct app *app)
{
    route_add(app, "GET", "/programs", R_PUBLIC, list);
    route_add(app, "GET", "/programs/faq", R_PUBLIC, faq);
    route_add(app, "GET", "/programs/:id", R_PUBLIC, detail);
}
