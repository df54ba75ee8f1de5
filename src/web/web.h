/* web.h - the request/response model, routing and page helpers shared by every page group.
 *
 * A request is handled in this order (server.c): body size limit -> parse query, cookies
 * and form -> language -> session (cookie) or API token -> CSRF on every non-GET unless
 * authenticated by API token -> route match -> role and per-organization access check ->
 * handler. Handlers never check roles or organization membership themselves for the
 * organization in the path: the router does, for every route flagged R_ORG.
 */
#ifndef OTASUKE_WEB_H
#define OTASUKE_WEB_H

#include "buf.h"
#include "i18n.h"
#include "kv.h"
#include "store.h"
#include "tmpl.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define WEB_MAX_BODY (1 << 20) /* bytes; larger bodies get 413 */
#define WEB_MAX_PARAMS 4
/* Marks a msgid for extraction where it is not passed to tr() directly. */
#define N_(s) (s)

struct app_config {
    const char *listen_addr; /* "127.0.0.1" */
    int port;
    const char *db_url;   /* sqlite:PATH or pg:CONNINFO */
    const char *base_url; /* public URL for links in mail, badges: http://127.0.0.1:8080 */
    const char *var_dir;  /* keys and uploads */
    const char *smtp_url; /* smtp://127.0.0.1:25; NULL disables mail (logged instead) */
    const char *mail_from;
    bool secure_cookies; /* set Secure on cookies (behind TLS) */
    int threads;
};

struct route;

struct app {
    struct app_config cfg;
    db_t *db;
    tmpl_set_t *tmpl;
    catalog_t *cat;
    struct route *routes;
    size_t nroutes, routes_cap;
    struct static_file *statics;
    size_t nstatics;
    void *ext; /* page groups' shared state (badge keys ...), see app_ext.h */
};

enum user_role { ROLE_SME = 1, ROLE_ADVISOR = 2, ROLE_OPERATOR = 4, ROLE_ADMIN = 8 };

struct user {
    int64_t id;
    char email[256];
    char name[128];
    enum user_role role;
};

/* What the current user may do in one organization's workspace. */
/* What the current user may do in one organization's workspace:
 * operators and admins READ every workspace; an invited advisor may WRITE (help with the
 * diagnosis, policy, plan); the organization's own members are OWNER (declare, invite). */
enum org_access { ACCESS_NONE = 0, ACCESS_READ = 1, ACCESS_WRITE = 2, ACCESS_OWNER = 3 };

struct req {
    struct app *app;
    const char *method;
    char *path; /* decoded path without query */
    struct kvlist query, form, cookies;
    const char *body;
    size_t body_len;
    const char *content_type;
    void *conn; /* struct MHD_Connection * */
    const char *params[WEB_MAX_PARAMS];
    size_t nparams;
    const char *lang; /* "ja" or "en" */
    db_conn_t *db;
    bool logged_in;
    bool via_token; /* authenticated with an API bearer token */
    struct user user;
    char session_hash[65];
    char csrf[65];  /* the token forms must echo in _csrf */
    bool csrf_new;  /* csrf cookie must be set on the response */
    int64_t org_id; /* set by the router for R_ORG routes */
    enum org_access access;
    char remote_ip[64];
};

struct resp {
    int status;
    const char *ctype;
    buf_t body;
    struct kvlist headers;
};

typedef void (*handler_fn)(struct req *rq, struct resp *rs);

/* Route flags. Without R_PUBLIC a login is required; a role mask (R_SME...) narrows it. */
enum {
    R_PUBLIC = 1 << 0,
    R_SME = 1 << 1,
    R_ADVISOR = 1 << 2,
    R_OPERATOR = 1 << 3,
    R_ADMIN = 1 << 4,
    R_ORG = 1 << 5,       /* params[0] is an organization id; read access required */
    R_ORG_WRITE = 1 << 6, /* with R_ORG: write access required */
    R_API = 1 << 7,       /* JSON errors instead of pages */
    R_ORG_OWNER = 1 << 8, /* with R_ORG: the organization's own member required */
};

struct route {
    const char *method;
    const char *pattern; /* "/w/:org/diagnosis/:id" */
    unsigned flags;
    handler_fn fn;
};

void route_add(struct app *app, const char *method, const char *pattern, unsigned flags,
               handler_fn fn);
/* Every page group registers its routes here (routes.c lists the groups). */
void routes_register_all(struct app *app);

/* ---- responses ---- */
void resp_header(struct resp *rs, const char *name, const char *value);
void resp_redirect(struct resp *rs, const char *location);
void resp_redirectf(struct resp *rs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Takes ownership of body (json_decref). */
void resp_json(struct resp *rs, int status, json_t *body);
/* {"error": {"code": code, "message": <translated msgid>}} */
void resp_json_error(struct req *rq, struct resp *rs, int status, const char *code,
                     const char *msgid);
/* 422 {"error": {"code": "invalid", "message": <msgid, by default "Please check the
 * highlighted fields.">, "fields": {field: message}}}; takes ownership of fields. */
void resp_json_invalid(struct req *rq, struct resp *rs, const char *msgid, json_t *fields);
void resp_cookie(struct req *rq, struct resp *rs, const char *name, const char *value, int max_age,
                 bool http_only);

/* ---- pages ---- */
const char *tr(const struct req *rq, const char *msgid);
/* Renders template `name` inside the site layout. Takes ownership of data. Adds: lang,
 * csrf, user, nav, path, flash, title (a msgid in data.title is translated). */
void page_render(struct req *rq, struct resp *rs, const char *name, json_t *data);
/* A friendly error page in the user's language (404, 403, 400, 500). */
void page_error(struct req *rq, struct resp *rs, int status);
/* One-shot message shown on the next page (msgid). */
void flash_set(struct req *rq, struct resp *rs, const char *msgid);

/* ---- request helpers ---- */
const char *req_form(const struct req *rq, const char *key); /* "" when absent */
const char *req_query(const struct req *rq, const char *key);
const char *req_header(const struct req *rq, const char *name);
int64_t req_param_id(const struct req *rq, size_t i); /* -1 unless a positive integer */
/* Parses the body as JSON object; NULL and a 400 response written if not one. */
json_t *req_json(struct req *rq, struct resp *rs);

/* ---- access ---- */
enum org_access org_access_for(struct req *rq, int64_t org_id);
/* Audit log of security-relevant events (declarations, withdrawals, publications, logins). */
void audit(struct req *rq, const char *action, int64_t org_id, const char *detail);

/* ---- server ---- */
int app_init(struct app *app, char *err, size_t errlen);
void app_free(struct app *app);
/* Runs until SIGINT/SIGTERM. */
int server_run(struct app *app);
/* Handles one request fully (also used by tests). */
void app_handle(struct app *app, struct req *rq, struct resp *rs);

#endif
