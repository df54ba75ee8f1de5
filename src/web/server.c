/* server.c - libmicrohttpd glue: body limits, request assembly, static files, run loop.
 *
 * Per connection, MHD calls the access handler several times:
 *   1st call: *con_cls == NULL -> allocate a pending request (reject early if
 *             Content-Length exceeds WEB_MAX_BODY)
 *   upload calls: append to the body buffer; past the limit mark it too_large
 *   final call (upload_data_size == 0): build struct req, app_handle(), queue response
 */
#include "log.h"
#include "static_files.h"
#include "str.h"
#include "web.h"

#include <microhttpd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

struct pending {
    buf_t body;
    bool too_large;
};

static void add_headers_cb(struct MHD_Response *r, const struct resp *rs)
{
    for (size_t i = 0; i < rs->headers.n; i++)
        MHD_add_response_header(r, rs->headers.items[i].key, rs->headers.items[i].val);
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct resp *rs)
{
    size_t len = rs->body.len;
    char *data = buf_steal(&rs->body);
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, data ? data : (char *)"", data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    if (rs->ctype)
        MHD_add_response_header(r, "Content-Type", rs->ctype);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                            "script-src 'self'; frame-ancestors 'none'; form-action 'self'");
    add_headers_cb(r, rs);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    kv_free(&rs->headers);
    return ret;
}

static enum MHD_Result collect_kv(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    struct kvlist *l = cls;
    if (key && l->n < 256)
        kv_add(l, key, strlen(key), value ? value : "", value ? strlen(value) : 0);
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct app *app = cls;
    struct pending *pd = *con_cls;
    if (!pd) {
        pd = calloc(1, sizeof *pd);
        if (!pd)
            return MHD_NO;
        buf_init(&pd->body);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        int64_t n;
        if (cl && str_to_i64(cl, 0, INT64_MAX, &n) && n > WEB_MAX_BODY)
            pd->too_large = true;
        *con_cls = pd;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!pd->too_large && pd->body.len + *upload_data_size <= WEB_MAX_BODY)
            buf_append(&pd->body, upload_data, *upload_data_size);
        else
            pd->too_large = true;
        *upload_data_size = 0;
        return MHD_YES;
    }

    struct resp rs = {.status = 200, .ctype = "text/html; charset=utf-8"};
    buf_init(&rs.body);
    kv_init(&rs.headers);

    /* Static files never touch the database. */
    if (str_starts(url, "/static/") && (str_eq(method, "GET") || str_eq(method, "HEAD"))) {
        const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
        static_serve(app, url + 8, inm, &rs);
        return queue(conn, &rs);
    }

    struct req rq = {.app = app, .method = method, .conn = conn};
    kv_init(&rq.query);
    kv_init(&rq.form);
    kv_init(&rq.cookies);
    rq.path = strdup(url);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_kv, &rq.query);
    const char *cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie");
    if (cookie)
        kv_parse_cookies(&rq.cookies, cookie, strlen(cookie), 64);
    rq.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, rq.remote_ip,
                      sizeof rq.remote_ip);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, rq.remote_ip,
                      sizeof rq.remote_ip);
    }
    rq.body = buf_cstr(&pd->body);
    rq.body_len = pd->body.len;

    if (!rq.path) {
        rs.status = 500;
    } else if (pd->too_large) {
        rq.lang = i18n_pick(kv_get(&rq.cookies, "lang"),
                            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language"));
        if (str_starts(url, "/api/"))
            resp_json_error(&rq, &rs, 413, "too_large", "The request is too large.");
        else
            page_error(&rq, &rs, 413);
    } else {
        app_handle(app, &rq, &rs);
    }
    enum MHD_Result ret = queue(conn, &rs);
    kv_free(&rq.query);
    kv_free(&rq.form);
    kv_free(&rq.cookies);
    free(rq.path);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct pending *pd = *con_cls;
    if (pd) {
        buf_free(&pd->body);
        free(pd);
        *con_cls = NULL;
    }
}

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

int server_run(struct app *app)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)app->cfg.port)};
    if (inet_pton(AF_INET, app->cfg.listen_addr, &sa.sin_addr) != 1) {
        log_error("listen address %s is not an IPv4 address", app->cfg.listen_addr);
        return -1;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY | MHD_USE_ERROR_LOG,
        (uint16_t)app->cfg.port, NULL, NULL, on_request, app, MHD_OPTION_SOCK_ADDR, &sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(app->cfg.threads > 0 ? app->cfg.threads : 4),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024), MHD_OPTION_END);
    if (!d) {
        log_error("cannot listen on %s:%d", app->cfg.listen_addr, app->cfg.port);
        return -1;
    }
    log_info("otasuke listening on http://%s:%d/", app->cfg.listen_addr, app->cfg.port);
    struct sigaction act = {.sa_handler = on_signal};
    sigaction(SIGINT, &act, NULL);
    sigaction(SIGTERM, &act, NULL);
    signal(SIGPIPE, SIG_IGN);
    while (!stop_flag)
        pause();
    log_info("shutting down");
    MHD_stop_daemon(d);
    return 0;
}
