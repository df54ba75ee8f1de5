/* pages_badge.c - GET /verify/:id/badge.svg: the signed SVG badge of an active declaration. */
#include "app_ext.h"
#include "badge.h"
#include "decl_lookup.h"
#include "log.h"
#include "pages.h"
#include "str.h"

#include <string.h>

static void badge(struct req *rq, struct resp *rs)
{
    struct decl_view v;
    int found = decl_lookup(rq->db, rq->params[0], &v, false);
    if (found < 0) {
        page_error(rq, rs, 500);
        return;
    }
    /* A withdrawn declaration has no badge any more: the verification page says why. */
    if (found == 0 || !v.active) {
        page_error(rq, rs, 404);
        return;
    }
    struct badge_info info = {.level = v.level};
    str_copy(info.id, sizeof info.id, v.public_id);
    /* badge_info.org is bounded; a longer name cannot be signed faithfully. */
    if (!str_copy(info.org, sizeof info.org, v.org_name)) {
        log_error("badge %s: organization name too long", v.public_id);
        page_error(rq, rs, 500);
        return;
    }
    decl_date(info.declared_at, v.declared_at);
    const char *base = rq->app->cfg.base_url;
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    if (!str_fmt(info.url, sizeof info.url, "%.*s/verify/%s", (int)n, base, v.public_id)) {
        page_error(rq, rs, 500);
        return;
    }
    buf_reset(&rs->body);
    if (badge_svg(&app_ext(rq->app)->badge, &info, &rs->body) < 0) {
        log_error("badge %s: cannot render", v.public_id);
        buf_reset(&rs->body);
        page_error(rq, rs, 500);
        return;
    }
    rs->status = 200;
    rs->ctype = "image/svg+xml";
    resp_header(rs, "Cache-Control", "public, max-age=300");
    resp_header(rs, "Content-Disposition", "inline; filename=\"security-action-badge.svg\"");
}

void pages_badge_register(struct app *app)
{
    route_add(app, "GET", "/verify/:id/badge.svg", R_PUBLIC, badge);
}
