/* api_stats.c - the progress and statistics of a guidance program as JSON, for operators:
 * the same numbers as the pages (built by stats_progress.c and stats_program.c). */
#include "pages.h"
#include "stats.h"

static void send(struct req *rq, struct resp *rs, json_t *j, bool found)
{
    if (j)
        resp_json(rs, 200, j);
    else if (found)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
}

static void progress(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    bool found = false;
    json_t *j = pid > 0 ? stats_progress_cached(rq->db, pid, stats_today(), &found) : NULL;
    send(rq, rs, j, found);
}

static void statistics(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    bool found = false;
    json_t *j = pid > 0 ? stats_program_cached(rq->db, pid, rq->lang, &found) : NULL;
    send(rq, rs, j, found);
}

void api_stats_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN | R_API;
    route_add(app, "GET", "/api/v1/programs/:id/progress", ops, progress);
    route_add(app, "GET", "/api/v1/programs/:id/statistics", ops, statistics);
}
