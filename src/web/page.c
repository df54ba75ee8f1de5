/* page.c - page rendering inside the site layout, error pages and flash messages. */
#include "log.h"
#include "str.h"
#include "web.h"

#include <string.h>

static const char *translate(void *ctx, const char *msgid)
{
    return tr(ctx, msgid);
}

const char *tr(const struct req *rq, const char *msgid)
{
    return catalog_get(rq->app->cat, rq->lang ? rq->lang : "ja", msgid);
}

void flash_set(struct req *rq, struct resp *rs, const char *msgid)
{
    /* The cookie holds a msgid from our own code, percent-free ASCII key. */
    resp_cookie(rq, rs, "otasuke_flash", msgid, 60, true);
}

static const char *role_name(enum user_role r)
{
    switch (r) {
    case ROLE_SME:
        return "sme";
    case ROLE_ADVISOR:
        return "advisor";
    case ROLE_OPERATOR:
        return "operator";
    case ROLE_ADMIN:
        return "admin";
    }
    return "sme";
}

/* The operator's pages of one program (/operator/programs/:id and its sub-pages) share a
 * tab bar (templates/program/tabs.html, shown by the layout): which tab is current follows
 * from the path alone, so no page group has to pass it. */
static void program_tabs(const struct req *rq, json_t *data)
{
    static const char *const tabs[] = {"applications", "matching", "progress", "statistics",
                                       "briefings",    "fees",     "surveys"};
    static const char prefix[] = "/operator/programs/";
    if (!(rq->user.role & (ROLE_OPERATOR | ROLE_ADMIN)) || !str_starts(rq->path, prefix))
        return;
    const char *p = rq->path + sizeof prefix - 1;
    size_t digits = strspn(p, "0123456789");
    if (digits == 0 || digits > 18)
        return;
    const char *rest = p + digits, *current = NULL;
    if (*rest == '\0') {
        current = "overview";
    } else if (*rest == '/') {
        for (size_t i = 0; i < sizeof tabs / sizeof tabs[0] && !current; i++) {
            size_t n = strlen(tabs[i]);
            if (strncmp(rest + 1, tabs[i], n) == 0 && (rest[1 + n] == '\0' || rest[1 + n] == '/'))
                current = tabs[i];
        }
    }
    if (!current)
        return;
    char id[20];
    memcpy(id, p, digits);
    id[digits] = '\0';
    json_object_set_new(data, "program_tabs", json_pack("{s:s,s:s}", "id", id, "current", current));
}

void page_render(struct req *rq, struct resp *rs, const char *name, json_t *data)
{
    json_object_set_new(data, "lang", json_string(rq->lang));
    json_object_set_new(data, "other_lang", json_string(str_eq(rq->lang, "ja") ? "en" : "ja"));
    json_object_set_new(data, "csrf", json_string(rq->csrf));
    json_object_set_new(data, "path", json_string(rq->path));
    if (rq->logged_in) {
        json_object_set_new(data, "user",
                            json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)rq->user.id, "email",
                                      rq->user.email, "name", rq->user.name, "role",
                                      role_name(rq->user.role)));
        json_object_set_new(
            data, "is_operator",
            json_boolean(rq->user.role == ROLE_OPERATOR || rq->user.role == ROLE_ADMIN));
    }
    program_tabs(rq, data);
    const char *flash = kv_get(&rq->cookies, "otasuke_flash");
    if (flash && *flash) {
        /* Only texts of our catalog are shown, so a forged cookie shows nothing new. */
        if (catalog_has(rq->app->cat, "ja", flash))
            json_object_set_new(data, "flash", json_string(tr(rq, flash)));
        resp_cookie(rq, rs, "otasuke_flash", "", -1, true);
    }
    json_t *title = json_object_get(data, "title");
    if (json_is_string(title))
        json_object_set_new(data, "title", json_string(tr(rq, json_string_value(title))));
    char err[256];
    buf_reset(&rs->body);
    if (tmpl_render(rq->app->tmpl, name, data, translate, rq, &rs->body, err, sizeof err) < 0) {
        log_error("render %s: %s", name, err);
        buf_reset(&rs->body);
        rs->status = 500;
        buf_puts(&rs->body, "Internal error\n");
        rs->ctype = "text/plain; charset=utf-8";
    } else {
        rs->ctype = "text/html; charset=utf-8";
        resp_header(rs, "Cache-Control", "no-store");
    }
    json_decref(data);
}

void page_error(struct req *rq, struct resp *rs, int status)
{
    const char *title, *message;
    switch (status) {
    case 404:
        title = N_("Page not found");
        message = N_("The page you are looking for does not exist or has moved.");
        break;
    case 403:
        title = N_("No access");
        message = N_("You do not have access to this page.");
        break;
    case 413:
        title = N_("Too much data");
        message = N_("The data you sent is too large. Please make it shorter and try again.");
        break;
    case 400:
        title = N_("Something is wrong with the request");
        message = N_("The data sent could not be read. Please go back and try again.");
        break;
    case 405:
        title = N_("Page not found");
        message = N_("The page you are looking for does not exist or has moved.");
        break;
    default:
        title = N_("Something went wrong");
        message = N_("Please try again in a little while.");
        break;
    }
    json_t *d =
        json_pack("{s:s,s:s,s:i}", "title", title, "message", tr(rq, message), "status", status);
    page_render(rq, rs, "error", d);
    rs->status = status;
}
