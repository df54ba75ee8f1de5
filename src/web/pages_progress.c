/* pages_progress.c - the operator's progress dashboard of a guidance program: applications by
 * status, the weekly table of visits done (like table 3 of seed 001, busy weeks highlighted
 * with a mark and a legend, not by colour alone), overdue visits and matches with links,
 * early terminations with reasons, and a chart of visits per week over the period. */
#include "pages.h"
#include "stats.h"
#include "str.h"
#include "svgchart.h"

#include <stdlib.h>
#include <string.h>

struct status_label {
    const char *key, *msgid;
};

static const struct status_label STATUS_LABELS[] = {
    {"submitted", N_("Waiting for a decision")},
    {"accepted", N_("Accepted, no expert confirmed yet")},
    {"waitlisted", N_("On the waiting list")},
    {"rejected", N_("Not accepted")},
    {"withdrawn", N_("Withdrawn by the SME")},
    {"matched", N_("Matched with an expert")},
    {"completed", N_("Completed all visits")},
    {"terminated", N_("Ended early")},
};

/* The chart of visits done per week (all visit numbers together). */
static void week_chart(struct req *rq, json_t *weeks, buf_t *out)
{
    size_t n = json_array_size(weeks);
    if (n == 0)
        return;
    const char **labels = calloc(n, sizeof *labels);
    double *values = calloc(n, sizeof *values);
    char(*short_labels)[8] = calloc(n, sizeof *short_labels);
    if (!labels || !values || !short_labels)
        goto out;
    for (size_t i = 0; i < n; i++) {
        json_t *w = json_array_get(weeks, i);
        const char *iso = json_string_value(json_object_get(w, "week_end"));
        /* "M/D" of the week's Sunday: short enough for a phone. */
        int m = (iso[5] - '0') * 10 + (iso[6] - '0'), d = (iso[8] - '0') * 10 + (iso[9] - '0');
        str_fmt(short_labels[i], sizeof short_labels[i], "%d/%d", m, d);
        labels[i] = short_labels[i];
        values[i] = (double)json_integer_value(json_object_get(w, "total"));
    }
    struct svgchart_bars ch = {
        .id = "weeks-chart",
        .title = tr(rq, "Visits done per week (week ending on the Sunday shown)"),
        .desc = tr(rq, "One bar per week of the visit period; long bars at the end mean that "
                       "visits bunched up before the deadline."),
        .labels = labels,
        .values = values,
        .n = n,
        .width = 480,
    };
    if (svgchart_bar(out, &ch) != 0)
        buf_reset(out);
out:
    free(labels);
    free(values);
    free(short_labels);
}

/* Decorates the progress numbers for the template: labelled statuses, cells with their
 * highlight class and mark, the chart. */
static json_t *page_data(struct req *rq, json_t *p)
{
    json_t *d = json_pack("{ss sO}", "title", N_("Progress of the program"), "p", p);
    json_t *statuses = json_array();
    json_t *st = json_object_get(p, "statuses");
    for (size_t i = 0; i < sizeof STATUS_LABELS / sizeof STATUS_LABELS[0]; i++)
        json_array_append_new(statuses, json_pack("{ss ss sO}", "key", STATUS_LABELS[i].key,
                                                  "label", tr(rq, STATUS_LABELS[i].msgid), "n",
                                                  json_object_get(st, STATUS_LABELS[i].key)));
    json_object_set_new(d, "statuses", statuses);

    int visits =
        (int)json_integer_value(json_object_get(json_object_get(p, "program"), "visit_count"));
    json_t *heads = json_array();
    for (int v = 1; v <= visits; v++)
        json_array_append_new(heads, json_integer(v));
    json_object_set_new(d, "visit_numbers", heads);

    json_t *rows = json_array(), *weeks = json_object_get(p, "weeks");
    bool any10 = false;
    for (size_t i = 0; i < json_array_size(weeks); i++) {
        json_t *w = json_array_get(weeks, i), *cells = json_array();
        json_t *counts = json_object_get(w, "counts");
        for (size_t v = 0; v < json_array_size(counts); v++) {
            json_int_t n = json_integer_value(json_array_get(counts, v));
            bool peak = n >= STATS_HL_PEAK, busy = n >= STATS_HL_WEEK;
            any10 = any10 || busy;
            json_array_append_new(cells, json_pack("{sI ss sb sb}", "n", n, "cls",
                                                   peak   ? "hl50"
                                                   : busy ? "hl10"
                                                          : "",
                                                   "peak", peak, "busy", busy && !peak));
        }
        json_array_append_new(rows, json_pack("{sO sO so sO}", "label", json_object_get(w, "label"),
                                              "week_end", json_object_get(w, "week_end"), "cells",
                                              cells, "total", json_object_get(w, "total")));
    }
    json_object_set_new(d, "rows", rows);
    /* Planned times read "YYYY-MM-DD HH:MM" on the page. */
    json_t *overdue = json_object_get(p, "overdue");
    for (size_t i = 0; i < json_array_size(overdue); i++) {
        json_t *o = json_array_get(overdue, i);
        const char *at = json_string_value(json_object_get(o, "planned_at"));
        char when[32];
        if (at && str_copy(when, sizeof when, at)) {
            char *t = strchr(when, 'T');
            if (t)
                *t = ' ';
            json_object_set_new(o, "planned_text", json_string(when));
        }
    }
    json_object_set_new(d, "any_busy", json_boolean(any10));
    buf_t chart;
    buf_init(&chart);
    week_chart(rq, weeks, &chart);
    json_object_set_new(d, "html_chart", json_string(buf_cstr(&chart)));
    buf_free(&chart);
    json_object_set_new(d, "hl_week", json_integer(STATS_HL_WEEK));
    json_object_set_new(d, "hl_peak", json_integer(STATS_HL_PEAK));
    json_object_set_new(d, "no_visit_days", json_integer(STATS_NO_VISIT_DAYS));
    return d;
}

static void progress_page(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0), today = stats_today();
    char key[64];
    str_fmt(key, sizeof key, "pp:%lld:%lld:%s", (long long)pid, (long long)today, rq->lang);
    /* The decorated page data is cached too (shared, read-only); page_render gets a shallow
     * copy for its own top-level keys. */
    json_t *d0 = pid > 0 ? stats_cache_get(key) : NULL;
    if (!d0) {
        bool found = false;
        json_t *shared = pid > 0 ? stats_progress_cached(rq->db, pid, today, &found) : NULL;
        if (!shared) {
            page_error(rq, rs, found ? 500 : 404);
            return;
        }
        json_t *p = json_deep_copy(shared);
        json_decref(shared);
        d0 = page_data(rq, p);
        json_decref(p);
        stats_cache_put(key, d0);
    }
    json_t *d = json_copy(d0);
    json_decref(d0);
    page_render(rq, rs, "progress/index", d);
}

void pages_progress_register(struct app *app)
{
    route_add(app, "GET", "/operator/programs/:id/progress", R_OPERATOR | R_ADMIN, progress_page);
}
