/* api_declarations.c - GET /api/v1/declarations/:id, the public declaration contract:
 * {"id", "organization_name", "level": 1|2, "declared_at", "status": "active"|"withdrawn",
 *  "policy_url": absolute URL of the published policy (★★ only) or null}. */
#include "decl_lookup.h"
#include "pages.h"

static void get_declaration(struct req *rq, struct resp *rs)
{
    struct decl_view v;
    int found = decl_lookup(rq->db, rq->params[0], &v, false);
    if (found < 0) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong.");
        return;
    }
    if (found == 0) {
        resp_json_error(rq, rs, 404, "not_found", "No declaration has this ID.");
        return;
    }
    json_t *policy = json_null();
    if (v.level == 2 && v.has_policy) {
        buf_t u;
        buf_init(&u);
        decl_policy_url(&u, rq->app->cfg.base_url, v.org_id);
        policy = json_string(buf_cstr(&u));
        buf_free(&u);
    }
    json_t *j = json_pack("{s:s,s:s,s:i,s:s,s:s,s:o}", "id", v.public_id, "organization_name",
                          v.org_name, "level", v.level, "declared_at", v.declared_at, "status",
                          v.active ? "active" : "withdrawn", "policy_url", policy);
    resp_header(rs, "Cache-Control", "public, max-age=60");
    resp_json(rs, 200, j);
}

void api_declarations_register(struct app *app)
{
    route_add(app, "GET", "/api/v1/declarations/:id", R_PUBLIC | R_API, get_declaration);
}
