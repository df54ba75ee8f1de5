/* resp.c - response helpers: headers, cookies, redirects, JSON. */
#include "str.h"
#include "web.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void resp_header(struct resp *rs, const char *name, const char *value)
{
    kv_add(&rs->headers, name, strlen(name), value, strlen(value));
}

void resp_redirect(struct resp *rs, const char *location)
{
    /* Only local redirects: an absolute or protocol-relative target becomes "/". */
    if (location[0] != '/' || location[1] == '/' || location[1] == '\\')
        location = "/";
    rs->status = 303;
    resp_header(rs, "Location", location);
    buf_reset(&rs->body);
}

void resp_redirectf(struct resp *rs, const char *fmt, ...)
{
    char loc[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(loc, sizeof loc, fmt, ap);
    va_end(ap);
    resp_redirect(rs, n > 0 && (size_t)n < sizeof loc ? loc : "/");
}

void resp_json(struct resp *rs, int status, json_t *body)
{
    rs->status = status;
    rs->ctype = "application/json; charset=utf-8";
    buf_reset(&rs->body);
    char *s = json_dumps(body, JSON_COMPACT);
    if (s) {
        buf_puts(&rs->body, s);
        buf_putc(&rs->body, '\n');
        free(s);
    }
    json_decref(body);
}

void resp_json_error(struct req *rq, struct resp *rs, int status, const char *code,
                     const char *msgid)
{
    resp_json(rs, status,
              json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", tr(rq, msgid)));
}

void resp_json_invalid(struct req *rq, struct resp *rs, const char *msgid, json_t *fields)
{
    resp_json(rs, 422,
              json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid", "message",
                        tr(rq, msgid ? msgid : N_("Please check the highlighted fields.")),
                        "fields", fields));
}

void resp_cookie(struct req *rq, struct resp *rs, const char *name, const char *value, int max_age,
                 bool http_only)
{
    bool secure = rq->app->cfg.secure_cookies;
    const char *proto = req_header(rq, "X-Forwarded-Proto");
    if (proto && str_eq(proto, "https"))
        secure = true;
    buf_t c;
    buf_init(&c);
    buf_printf(&c, "%s=%s; Path=/; SameSite=Lax", name, value);
    if (http_only)
        buf_puts(&c, "; HttpOnly");
    if (secure)
        buf_puts(&c, "; Secure");
    if (max_age) /* 0: a browser-session cookie; negative: delete now */
        buf_printf(&c, "; Max-Age=%d", max_age < 0 ? 0 : max_age);
    resp_header(rs, "Set-Cookie", buf_cstr(&c));
    buf_free(&c);
}
