/* router.c - route table, request pipeline (language, session, CSRF, access) and dispatch. */
#include "log.h"
#include "session.h"
#include "str.h"
#include "web.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

void route_add(struct app *app, const char *method, const char *pattern, unsigned flags,
               handler_fn fn)
{
    if (app->nroutes == app->routes_cap) {
        size_t cap = app->routes_cap ? app->routes_cap * 2 : 64;
        struct route *r = realloc(app->routes, cap * sizeof *r);
        if (!r)
            abort(); /* start-up only */
        app->routes = r;
        app->routes_cap = cap;
    }
    app->routes[app->nroutes++] = (struct route){method, pattern, flags, fn};
}

/* Matches path against pattern; fills params (pointers into scratch). */
static bool match(const char *pattern, const char *path, char *scratch, size_t scratchsz,
                  const char **params, size_t *nparams)
{
    size_t np = 0, used = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == ':') {
            while (*p && *p != '/')
                p++;
            const char *seg = s;
            while (*s && *s != '/')
                s++;
            size_t l = (size_t)(s - seg);
            if (l == 0 || np == WEB_MAX_PARAMS || used + l + 1 > scratchsz)
                return false;
            memcpy(scratch + used, seg, l);
            scratch[used + l] = '\0';
            params[np++] = scratch + used;
            used += l + 1;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*p || *s)
        return false;
    *nparams = np;
    return true;
}

static bool is_api(const struct req *rq)
{
    return str_starts(rq->path, "/api/");
}

static void deny(struct req *rq, struct resp *rs, int status)
{
    if (is_api(rq)) {
        if (status == 401)
            resp_json_error(rq, rs, 401, "unauthorized", "Please log in.");
        else if (status == 403)
            resp_json_error(rq, rs, 403, "forbidden", "You do not have access to this page.");
        else if (status == 404)
            resp_json_error(rq, rs, 404, "not_found", "Not found.");
        else
            resp_json_error(rq, rs, status, "error", "Something went wrong.");
        return;
    }
    if (status == 401) {
        buf_t next;
        buf_init(&next);
        buf_puts(&next, "/login?next=");
        for (const char *c = rq->path; *c; c++) {
            unsigned char u = (unsigned char)*c;
            if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                u == '/' || u == '-' || u == '_')
                buf_putc(&next, *c);
            else
                buf_printf(&next, "%%%02X", u);
        }
        resp_redirect(rs, buf_cstr(&next));
        buf_free(&next);
        return;
    }
    page_error(rq, rs, status);
}

static unsigned role_flag(enum user_role r)
{
    switch (r) {
    case ROLE_SME:
        return R_SME;
    case ROLE_ADVISOR:
        return R_ADVISOR;
    case ROLE_OPERATOR:
        return R_OPERATOR;
    case ROLE_ADMIN:
        return R_ADMIN;
    }
    return 0;
}

void app_handle(struct app *app, struct req *rq, struct resp *rs)
{
    rq->lang = i18n_pick(kv_get(&rq->cookies, "lang"), req_header(rq, "Accept-Language"));
    bool write = !str_eq(rq->method, "GET") && !str_eq(rq->method, "HEAD");

    /* Form bodies are parsed for every page POST; JSON bodies by the API handlers. */
    if (write && rq->content_type &&
        str_starts(rq->content_type, "application/x-www-form-urlencoded")) {
        if (kv_parse_urlencoded(&rq->form, rq->body, rq->body_len, 512) < 0) {
            deny(rq, rs, 400);
            return;
        }
    }

    const struct route *route = NULL;
    char scratch[512];
    bool path_known = false;
    for (size_t i = 0; i < app->nroutes; i++) {
        const struct route *r = &app->routes[i];
        size_t np = 0;
        if (!match(r->pattern, rq->path, scratch, sizeof scratch, rq->params, &np))
            continue;
        path_known = true;
        if (str_eq(r->method, rq->method) ||
            (str_eq(r->method, "GET") && str_eq(rq->method, "HEAD"))) {
            route = r;
            rq->nparams = np;
            break;
        }
    }
    if (!route) {
        if (path_known) {
            rs->status = 405;
            if (is_api(rq))
                resp_json_error(rq, rs, 405, "method_not_allowed", "Method not allowed.");
            else
                page_error(rq, rs, 405);
        } else {
            deny(rq, rs, 404);
        }
        return;
    }

    rq->db = db_conn_get(app->db);
    if (!rq->db) {
        deny(rq, rs, 503);
        return;
    }
    session_load(rq, rs);

    /* CSRF: every state change from a browser must carry the token. API clients that use a
     * bearer token, or send no session cookie at all, carry no ambient authority. */
    bool anonymous_api = is_api(rq) && !kv_get(&rq->cookies, "otasuke_session");
    if (write && !rq->via_token && !anonymous_api && !csrf_ok(rq)) {
        if (is_api(rq))
            resp_json_error(rq, rs, 403, "csrf", "The form expired. Please try again.");
        else {
            rs->status = 403;
            page_render(rq, rs, "error_csrf", json_object());
            rs->status = 403;
        }
        goto out;
    }

    if (!(route->flags & R_PUBLIC)) {
        if (!rq->logged_in) {
            deny(rq, rs, 401);
            goto out;
        }
        unsigned roles = route->flags & (R_SME | R_ADVISOR | R_OPERATOR | R_ADMIN);
        if (roles && !(roles & role_flag(rq->user.role))) {
            deny(rq, rs, 403);
            goto out;
        }
    }
    if (route->flags & R_ORG) {
        int64_t org = req_param_id(rq, 0);
        rq->org_id = org;
        rq->access = org > 0 ? org_access_for(rq, org) : ACCESS_NONE;
        if (rq->access == ACCESS_NONE) {
            /* 404, not 403: do not confirm that another organization exists. */
            deny(rq, rs, 404);
            goto out;
        }
        if (((route->flags & R_ORG_WRITE) && rq->access < ACCESS_WRITE) ||
            ((route->flags & R_ORG_OWNER) && rq->access < ACCESS_OWNER)) {
            deny(rq, rs, 403);
            goto out;
        }
    }
    route->fn(rq, rs);
out:
    if (rq->csrf_new)
        resp_cookie(rq, rs, "otasuke_csrf", rq->csrf, 0, true);
    db_conn_put(rq->db);
    rq->db = NULL;
}

const char *req_header(const struct req *rq, const char *name)
{
    return rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name) : NULL;
}

const char *req_form(const struct req *rq, const char *key)
{
    const char *v = kv_get(&rq->form, key);
    return v ? v : "";
}

const char *req_query(const struct req *rq, const char *key)
{
    const char *v = kv_get(&rq->query, key);
    return v ? v : "";
}

int64_t req_param_id(const struct req *rq, size_t i)
{
    int64_t v;
    if (i >= rq->nparams || !str_to_i64(rq->params[i], 1, INT64_MAX, &v) ||
        rq->params[i][0] == '+' || rq->params[i][0] == '0')
        return -1;
    return v;
}

json_t *req_json(struct req *rq, struct resp *rs)
{
    json_error_t e;
    json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &e);
    if (!j || !json_is_object(j)) {
        json_decref(j);
        resp_json_error(rq, rs, 400, "bad_json", "The request body must be a JSON object.");
        return NULL;
    }
    return j;
}
