/* api_stats.c - the progress and statistics of a guidance program as JSON, for operators:
 * the same numbers as the pages (built by stats_progress.c and stats_program.c). The
 * serialized answer is cached like the numbers (stats_cache.c), as a JSON string value. */
#include "pages.h"
#include "stats.h"
#include "str.h"

#include <stdlib.h>

static void send_body(struct resp *rs, const char *body)
{
    rs->status = 200;
    rs->ctype = "application/json; charset=utf-8";
    buf_reset(&rs->body);
    buf_puts(&rs->body, body);
    buf_putc(&rs->body, '\n');
}

/* Answers from the cache under key, or from j (taken over; NULL: found tells 404 or 500). */
static void send(struct req *rq, struct resp *rs, const char *key, json_t *j, bool found)
{
    if (!j) {
        if (found)
            resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        else
            resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!s) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    json_t *str = json_string(s);
    if (str)
        stats_cache_put(key, str);
    json_decref(str);
    send_body(rs, s);
    free(s);
}

static bool send_cached(struct resp *rs, const char *key)
{
    json_t *hit = stats_cache_get(key);
    if (!hit)
        return false;
    send_body(rs, json_string_value(hit));
    json_decref(hit);
    return true;
}

static void progress(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0), today = stats_today();
    char key[64];
    str_fmt(key, sizeof key, "ap:%lld:%lld", (long long)pid, (long long)today);
    if (pid > 0 && send_cached(rs, key))
        return;
    bool found = false;
    json_t *j = pid > 0 ? stats_progress_cached(rq->db, pid, today, &found) : NULL;
    send(rq, rs, key, j, found);
}

static void statistics(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    char key[64];
    str_fmt(key, sizeof key, "as:%lld:%s", (long long)pid, rq->lang);
    if (pid > 0 && send_cached(rs, key))
        return;
    bool found = false;
    json_t *j = pid > 0 ? stats_program_cached(rq->db, pid, rq->lang, &found) : NULL;
    send(rq, rs, key, j, found);
}

void api_stats_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN | R_API;
    route_add(app, "GET", "/api/v1/programs/:id/progress", ops, progress);
    route_add(app, "GET", "/api/v1/programs/:id/statistics", ops, statistics);
}
