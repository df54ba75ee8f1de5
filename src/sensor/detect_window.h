/* detect_window.h - the time-window arithmetic behind beaconing, scans, lateral movement and
 * mail bursts, kept free of packets so it can be unit tested. All times are microseconds. */
#ifndef OTASUKE_SENSOR_DETECT_WINDOW_H
#define OTASUKE_SENSOR_DETECT_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

/* Distinct values (ports, hosts, servers) seen within a tumbling window that opens at the
 * first value and closes window_us later; the next value after that opens a new window.
 * At most FANOUT_MAX values are remembered, so thresholds must not exceed it. */
#define FANOUT_MAX 64
struct fanout {
    int64_t start_us;
    uint32_t n; /* distinct values in the current window (<= FANOUT_MAX) */
    uint32_t vals[FANOUT_MAX];
    uint64_t events; /* values added in the current window, distinct or not */
};
/* Adds value at ts; returns the number of distinct values in the current window. */
uint32_t fanout_add(struct fanout *w, int64_t ts_us, int64_t window_us, uint32_t value);

/* A sum (e.g. mail recipients) within a tumbling window, same rules as fanout. */
struct wsum {
    int64_t start_us;
    uint64_t sum;
};
uint64_t wsum_add(struct wsum *w, int64_t ts_us, int64_t window_us, uint64_t amount);

/* Beaconing: the intervals between successive connections from one host to one destination.
 * Connections closer together than min_interval_us are taken as one burst, and intervals are
 * measured from the end of the previous burst (so a steady stream never looks periodic). The
 * series
 * is a beacon when the last min_intervals intervals have a mean of at least min_interval_us
 * and their coefficient of variation (stddev / mean) is at most max_jitter. */
#define BEACON_MAX_IV 32
struct beacon {
    int64_t last_us;
    uint32_t n;   /* intervals stored (<= BEACON_MAX_IV) */
    uint32_t pos; /* ring position of the next interval */
    uint32_t iv_ms[BEACON_MAX_IV];
    uint32_t conns; /* connections counted (after merging bursts) */
};
struct beacon_params {
    uint32_t min_intervals; /* <= BEACON_MAX_IV */
    int64_t min_interval_us;
    int64_t max_interval_us; /* longer gaps restart the series */
    double max_jitter;
};
/* Adds a connection start; true when the series now looks like a beacon (mean interval in
 * seconds and jitter stored in *mean_s and *jitter). */
bool beacon_add(struct beacon *b, int64_t ts_us, const struct beacon_params *p, double *mean_s,
                double *jitter);

#endif
