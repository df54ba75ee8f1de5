/* detect_window.c - tumbling-window distinct counts and sums, interval regularity. */
#include "detect_window.h"

#include <math.h>
#include <string.h>

/* A value before the window start (flows can end out of order) still counts in the window
 * unless it is older than a whole window. */
static bool window_expired(int64_t start_us, int64_t ts_us, int64_t window_us)
{
    return start_us == 0 || ts_us - start_us > window_us || start_us - ts_us > window_us;
}

uint32_t fanout_add(struct fanout *w, int64_t ts_us, int64_t window_us, uint32_t value)
{
    if (window_expired(w->start_us, ts_us, window_us)) {
        w->start_us = ts_us ? ts_us : 1;
        w->n = 0;
        w->events = 0;
    }
    w->events++;
    for (uint32_t i = 0; i < w->n; i++)
        if (w->vals[i] == value)
            return w->n;
    if (w->n < FANOUT_MAX)
        w->vals[w->n++] = value;
    return w->n;
}

uint64_t wsum_add(struct wsum *w, int64_t ts_us, int64_t window_us, uint64_t amount)
{
    if (window_expired(w->start_us, ts_us, window_us)) {
        w->start_us = ts_us ? ts_us : 1;
        w->sum = 0;
    }
    w->sum += amount;
    return w->sum;
}

bool beacon_add(struct beacon *b, int64_t ts_us, const struct beacon_params *p, double *mean_s,
                double *jitter)
{
    if (b->conns == 0) {
        b->last_us = ts_us;
        b->conns = 1;
        return false;
    }
    int64_t d = ts_us - b->last_us;
    if (d < 0)
        return false; /* out of order: ignored */
    if (d < p->min_interval_us) {
        b->last_us = ts_us; /* same burst: the next beat is measured from its end */
        return false;
    }
    b->last_us = ts_us;
    b->conns++;
    if (d > p->max_interval_us) {
        b->n = b->pos = 0; /* a long silence starts a new series */
        return false;
    }
    b->iv_ms[b->pos] = (uint32_t)(d / 1000);
    b->pos = (b->pos + 1) % BEACON_MAX_IV;
    if (b->n < BEACON_MAX_IV)
        b->n++;
    uint32_t k = p->min_intervals;
    if (k < 2)
        k = 2;
    if (k > BEACON_MAX_IV)
        k = BEACON_MAX_IV;
    if (b->n < k)
        return false;
    /* The last k intervals, newest backwards from pos. */
    double sum = 0, sq = 0;
    for (uint32_t i = 0; i < k; i++) {
        double v = b->iv_ms[(b->pos + BEACON_MAX_IV - 1 - i) % BEACON_MAX_IV] / 1000.0;
        sum += v;
        sq += v * v;
    }
    double mean = sum / k;
    double var = sq / k - mean * mean;
    double sd = var > 0 ? sqrt(var) : 0;
    double cv = mean > 0 ? sd / mean : 1;
    if (mean_s)
        *mean_s = mean;
    if (jitter)
        *jitter = cv;
    return mean * 1e6 >= (double)p->min_interval_us && cv <= p->max_jitter;
}
