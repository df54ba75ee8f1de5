/* stats.h - the numbers of the program progress dashboard and the program statistics, built
 * once as JSON and shared by the operator pages and the JSON API (so both show the same). */
#ifndef OTASUKE_STATS_H
#define OTASUKE_STATS_H

#include "store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define STATS_HL_WEEK 10       /* visits in a week from which the cell is highlighted */
#define STATS_HL_PEAK 50       /* ... and strongly highlighted (table 3 of seed 001) */
#define STATS_NO_VISIT_DAYS 21 /* confirmed match without any visit done: overdue after */
#define STATS_MAX_WEEKS 260

/* Days since 1970-01-01 of a "YYYY-MM-DD..." date; false if it does not start with one. */
bool stats_days(const char *ymd, int64_t *days);
/* "YYYY-MM-DD" of a day number. */
void stats_date(int64_t days, char out[11]);
/* Today's date in Japan (UTC+9) as a day number. */
int64_t stats_today(void);

/* The progress of a program as of day `today`:
 *   program {id, name, year, capacity, accepted, visit_count, visits_from, visits_until,
 *            min_days_between_visits}
 *   statuses {submitted, accepted, ..., terminated: count}
 *   weeks [{week_end "YYYY-MM-DD", label "YYYY/M/D", counts [visit 1..n], total}]
 *   totals [per visit], total
 *   overdue [{kind: "visit_past_due" | "no_visit_yet" | "behind_pace", match_id, org_id,
 *             org_name, expert_name, visit_no?, planned_at?, confirmed_at?, done, remaining,
 *             days_left?}]
 *   terminations [{match_id, org_id, org_name, expert_name, ended_at, reason, done}]
 * NULL with *found = false when there is no such program, NULL with *found = true on a
 * database error. */
json_t *stats_progress(db_conn_t *db, int64_t program_id, int64_t today, bool *found);

/* The statistics of a program: by prefecture, region, metro area (with the imported company
 * counts when there are some), industry and company size. lang picks the names. Same NULL
 * convention as stats_progress. */
json_t *stats_program(db_conn_t *db, int64_t program_id, const char *lang, bool *found);

/* The cache in front of both (stats_cache.c): a new reference to a fresh entry or NULL; put
 * keeps a reference (val must not be changed afterwards: entries are shared read-only by
 * all threads); clear drops all (after an import of company counts). */
json_t *stats_cache_get(const char *key);
void stats_cache_put(const char *key, const json_t *val);
void stats_cache_clear(void);

/* stats_progress / stats_program through the cache: the result is shared, read-only. */
json_t *stats_progress_cached(db_conn_t *db, int64_t program_id, int64_t today, bool *found);
json_t *stats_program_cached(db_conn_t *db, int64_t program_id, const char *lang, bool *found);

#endif
