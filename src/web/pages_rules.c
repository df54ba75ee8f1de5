/* pages_rules.c - the related rules check, chapter by chapter: a printable view for everyone
 * who may see the workspace and one form for writers that saves all chapters at once. */
#include "form.h"
#include "org_basic.h"
#include "pages.h"
#include "rules_store.h"
#include "str.h"

#include <stdio.h>

#define MAX_CHAPTERS 32

static const char *const STATUSES[] = {"in_place", "drafting", "not_yet", "not_needed"};

static json_t *base(struct req *rq, const char *title)
{
    char name[512] = "", rep[256];
    org_basic(rq->db, rq->org_id, name, sizeof name, rep, sizeof rep);
    return json_pack("{s:s,s:I,s:s,s:b}", "title", title, "org_id", (json_int_t)rq->org_id,
                     "org_name", name, "can_write", rq->access >= ACCESS_WRITE);
}

static void view(struct req *rq, struct resp *rs)
{
    json_t *rules = rules_load(rq);
    if (!rules) {
        page_error(rq, rs, 500);
        return;
    }
    json_t *d = base(rq, N_("Related rules check"));
    json_object_update(d, rules);
    json_decref(rules);
    page_render(rq, rs, "rules/index", d);
}

/* Adds the four status choices, with the chapter's current one marked, to a chapter. */
static void add_choices(struct req *rq, json_t *ch)
{
    static const char *const labels[] = {N_("In place"), N_("Being drafted"), N_("Not started yet"),
                                         N_("Not needed for us")};
    const char *cur = json_string_value(json_object_get(ch, "status"));
    bool focus = str_eq(json_string_value(json_object_get(ch, "focus")), "status");
    json_t *a = json_array();
    for (size_t i = 0; i < 4; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:b,s:b}", "value", STATUSES[i], "label",
                                           tr(rq, labels[i]), "checked", str_eq(cur, STATUSES[i]),
                                           "autofocus", focus && i == 0));
    json_object_set_new(ch, "choices", a);
}

static void render_form(struct req *rq, struct resp *rs, json_t *rules)
{
    json_t *d = base(rq, N_("Check the related rules"));
    json_object_update(d, rules);
    json_decref(rules);
    size_t i;
    json_t *ch;
    json_array_foreach(json_object_get(d, "chapters"), i, ch) add_choices(rq, ch);
    page_render(rq, rs, "rules/edit", d);
}

static void edit(struct req *rq, struct resp *rs)
{
    json_t *rules = rules_load(rq);
    if (!rules) {
        page_error(rq, rs, 500);
        return;
    }
    render_form(rq, rs, rules);
}

/* The ticked check points of one chapter as "1,3" (only numbers the chapter has). */
static void form_points(struct req *rq, const char *key, size_t n_points, char *out, size_t outsz)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t n = 1; n <= n_points; n++) {
        char f[96];
        if (!str_fmt(f, sizeof f, "point_%s_%zu", key, n) || !str_eq(req_form(rq, f), "1"))
            continue;
        int w = snprintf(out + len, outsz - len, "%s%zu", len ? "," : "", n);
        if (w < 0 || (size_t)w >= outsz - len)
            break;
        len += (size_t)w;
    }
}

static void save(struct req *rq, struct resp *rs)
{
    const json_t *chapters = rules_chapters();
    size_t n = json_array_size(chapters);
    if (!chapters || n > MAX_CHAPTERS) {
        page_error(rq, rs, 500);
        return;
    }
    rules_in_t in[MAX_CHAPTERS];
    char points[MAX_CHAPTERS][64];
    json_t *errors = json_object();
    bool ok = true;
    size_t i;
    json_t *c;
    json_array_foreach(chapters, i, c)
    {
        const char *key = json_string_value(json_object_get(c, "key"));
        char fs[96], fn[96];
        str_fmt(fs, sizeof fs, "status_%s", key);
        str_fmt(fn, sizeof fn, "notes_%s", key);
        form_points(rq, key, json_array_size(json_object_get(c, "points")), points[i],
                    sizeof points[i]);
        in[i] = (rules_in_t){.chapter = key,
                             .status = req_form(rq, fs),
                             .points = points[i],
                             .notes = req_form(rq, fn)};
        if (!rules_validate(rq, &in[i], errors))
            ok = false;
    }
    if (!ok) {
        /* Re-show every chapter with what was submitted, errors next to their fields and the
         * first invalid field focused. */
        json_t *rules = rules_load(rq);
        if (!rules) {
            json_decref(errors);
            page_error(rq, rs, 500);
            return;
        }
        bool focused = false;
        json_array_foreach(json_object_get(rules, "chapters"), i, c)
        {
            char f[96];
            json_object_set_new(c, "status", json_string(in[i].status));
            json_object_set_new(c, "notes", json_string(in[i].notes));
            size_t j;
            json_t *p;
            json_array_foreach(json_object_get(c, "points"), j, p)
            {
                char one[96];
                str_fmt(one, sizeof one, "point_%s_%zu", in[i].chapter, j + 1);
                json_object_set_new(p, "checked", json_boolean(str_eq(req_form(rq, one), "1")));
            }
            static const char *const fields[] = {"status", "points", "notes"};
            for (size_t k = 0; k < 3; k++) {
                str_fmt(f, sizeof f, "%s_%s", fields[k], in[i].chapter);
                json_t *e = json_object_get(errors, f);
                if (!e)
                    continue;
                char ek[32];
                str_fmt(ek, sizeof ek, "error_%s", fields[k]);
                json_object_set(c, ek, e);
                if (!focused) {
                    json_object_set_new(c, "focus", json_string(fields[k]));
                    focused = true;
                }
            }
        }
        json_decref(errors);
        json_object_set_new(rules, "has_errors", json_true());
        rs->status = 422;
        render_form(rq, rs, rules);
        rs->status = 422;
        return;
    }
    json_decref(errors);
    int changed = rules_save(rq, in, n);
    if (changed < 0) {
        page_error(rq, rs, 500);
        return;
    }
    flash_set(rq, rs, changed ? N_("The rules check was saved.") : N_("Nothing was changed."));
    resp_redirectf(rs, "/w/%lld/rules", (long long)rq->org_id);
}

void pages_rules_register(struct app *app)
{
    route_add(app, "GET", "/w/:org/rules", R_ORG, view);
    route_add(app, "GET", "/w/:org/rules/edit", R_ORG | R_ORG_WRITE, edit);
    route_add(app, "POST", "/w/:org/rules", R_ORG | R_ORG_WRITE, save);
}
