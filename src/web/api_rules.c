/* api_rules.c - JSON API of the related rules check (docs/api.md "Related rules check"). */
#include "pages.h"
#include "rules_store.h"
#include "str.h"

#include <stdio.h>

static void get_all(struct req *rq, struct resp *rs)
{
    json_t *rules = rules_load(rq);
    if (!rules) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    resp_json(rs, 200, rules);
}

static json_t *find_chapter(json_t *rules, const char *key)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(rules, "chapters"), i, c)
    {
        if (str_eq(json_string_value(json_object_get(c, "key")), key))
            return c;
    }
    return NULL;
}

static void get_one(struct req *rq, struct resp *rs)
{
    json_t *rules = rules_load(rq);
    json_t *c = rules ? find_chapter(rules, rq->params[1]) : NULL;
    if (!c)
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
    else
        resp_json(rs, 200, json_incref(c));
    json_decref(rules);
}

/* One chapter's values from a JSON object {status, points: [n...], notes}. Values of the
 * wrong type become "" (status/notes) or "x" (points) so that validation refuses them.
 * cur is the current check (rules_load) for the chapter's current notes. */
static rules_in_t json_input(const char *key, const json_t *o, json_t *cur, char *points,
                             size_t psz)
{
    rules_in_t in = {.chapter = key};
    in.cur_notes = json_string_value(json_object_get(find_chapter(cur, key), "notes"));
    json_t *s = json_object_get(o, "status");
    in.status = json_is_string(s) ? json_string_value(s) : "";
    json_t *n = json_object_get(o, "notes");
    if (n)
        in.notes = json_is_string(n) ? json_string_value(n) : "\x01";
    json_t *p = json_object_get(o, "points");
    if (p) {
        size_t len = 0, i;
        json_t *v;
        points[0] = '\0';
        if (!json_is_array(p))
            str_copy(points, psz, "x");
        json_array_foreach(p, i, v)
        {
            int w = json_is_integer(v) ? snprintf(points + len, psz - len, "%s%lld", len ? "," : "",
                                                  (long long)json_integer_value(v))
                                       : -1;
            if (w < 0 || (size_t)w >= psz - len) {
                str_copy(points, psz, "x");
                break;
            }
            len += (size_t)w;
        }
        in.points = points;
    }
    return in;
}

static void saved(struct req *rq, struct resp *rs, int r)
{
    if (r < 0)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else
        get_all(rq, rs);
}

static void put_one(struct req *rq, struct resp *rs)
{
    const char *key = rq->params[1];
    if (!rules_chapter(key)) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    json_t *cur = rules_load(rq);
    char points[128];
    rules_in_t in = json_input(key, body, cur, points, sizeof points);
    json_t *errors = json_object();
    if (!rules_validate(rq, &in, errors))
        resp_json_invalid(rq, rs, NULL, errors);
    else {
        json_decref(errors);
        saved(rq, rs, rules_save(rq, &in, 1));
    }
    json_decref(cur);
    json_decref(body);
}

/* {"chapters": {"<key>": {status, points, notes}, ...}}: every named chapter in one
 * transaction; nothing is saved when one is invalid. */
static void put_all(struct req *rq, struct resp *rs)
{
    enum { MAXC = 32 };
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    json_t *chs = json_object_get(body, "chapters");
    if (!json_is_object(chs) || json_object_size(chs) == 0 || json_object_size(chs) > MAXC) {
        json_decref(body);
        resp_json_error(rq, rs, 400, "bad_request", "The request is not valid.");
        return;
    }
    rules_in_t in[MAXC];
    char points[MAXC][128];
    json_t *cur = rules_load(rq);
    size_t n = 0;
    json_t *errors = json_object();
    bool ok = true;
    const char *key;
    json_t *v;
    json_object_foreach(chs, key, v)
    {
        if (!rules_chapter(key)) {
            char f[96];
            str_fmt(f, sizeof f, "status_%.60s", key);
            json_object_set_new(errors, f, json_string(tr(rq, "Not found.")));
            ok = false;
            continue;
        }
        in[n] = json_input(key, v, cur, points[n], sizeof points[n]);
        if (!rules_validate(rq, &in[n], errors))
            ok = false;
        n++;
    }
    if (!ok)
        resp_json_invalid(rq, rs, NULL, errors);
    else {
        json_decref(errors);
        saved(rq, rs, rules_save(rq, in, n));
    }
    json_decref(cur);
    json_decref(body);
}

void api_rules_register(struct app *app)
{
    route_add(app, "GET", "/api/v1/organizations/:org/rules", R_API | R_ORG, get_all);
    route_add(app, "PUT", "/api/v1/organizations/:org/rules", R_API | R_ORG | R_ORG_WRITE, put_all);
    route_add(app, "GET", "/api/v1/organizations/:org/rules/:chapter", R_API | R_ORG, get_one);
    route_add(app, "PUT", "/api/v1/organizations/:org/rules/:chapter", R_API | R_ORG | R_ORG_WRITE,
              put_one);
}
