/* stats_progress.c - the progress of a guidance program: applications by status, visits done
 * per week and visit number (table 3 of seed 001), overdue visits and matches, terminations.
 *
 * Everything is aggregated in SQL per program (a handful of statements whatever the number
 * of organizations); weeks, pace and overdue rules are applied here on those few rows.
 * Overdue, as of `today` (a day in Japan):
 *   visit_past_due  a proposed/confirmed visit whose planned date is before today;
 *   no_visit_yet    a confirmed match with no visit done STATS_NO_VISIT_DAYS after confirmation;
 *   behind_pace     a confirmed match whose remaining visits, min_days_between_visits apart
 *                   starting today (or at the start of the period), end after visits_until.
 */
#include "stats.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Days from civil (H. Hinnant's algorithm), proleptic Gregorian. */
static int64_t civil_days(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool stats_days(const char *s, int64_t *days)
{
    if (!s || strlen(s) < 10)
        return false;
    char y[5], m[3], d[3];
    memcpy(y, s, 4);
    y[4] = '\0';
    memcpy(m, s + 5, 2);
    m[2] = '\0';
    memcpy(d, s + 8, 2);
    d[2] = '\0';
    int64_t yy, mm, dd;
    if (s[4] != '-' || s[7] != '-' || !str_to_i64(y, 1900, 2200, &yy) ||
        !str_to_i64(m, 1, 12, &mm) || !str_to_i64(d, 1, 31, &dd))
        return false;
    *days = civil_days(yy, mm, dd);
    return true;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

void stats_date(int64_t days, char out[11])
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    if (!str_fmt(out, 11, "%04d-%02d-%02d", y, m, d))
        out[0] = '\0';
}

int64_t stats_today(void)
{
    return ((int64_t)time(NULL) + 9 * 3600) / 86400;
}

/* The Sunday that ends the week of day (1970-01-01 was a Thursday). */
static int64_t week_end(int64_t day)
{
    int64_t wd = ((day + 4) % 7 + 7) % 7; /* 0 = Sunday */
    return day + (7 - wd) % 7;
}

static const char *const STATUSES[] = {"submitted", "accepted", "waitlisted", "rejected",
                                       "withdrawn", "matched",  "completed",  "terminated"};

#define FROM_MATCHES                                                                               \
    " FROM program_applications a JOIN matches m ON m.application_id = a.id JOIN organizations o " \
    "ON o.id = a.org_id JOIN experts e ON e.id = m.expert_id"

static json_t *match_item(const char *kind, db_res_t *r, size_t i)
{
    /* columns 0..3: match id, org id, org name, expert name */
    return json_pack("{ss sI sI ss ss}", "kind", kind, "match_id", (json_int_t)db_res_int(r, i, 0),
                     "org_id", (json_int_t)db_res_int(r, i, 1), "org_name", db_res_text(r, i, 2),
                     "expert_name", db_res_text(r, i, 3));
}

static int add_statuses(db_conn_t *db, int64_t pid, json_t *out)
{
    json_t *st = json_object();
    json_object_set_new(out, "statuses", st);
    for (size_t i = 0; i < sizeof STATUSES / sizeof STATUSES[0]; i++)
        json_object_set_new(st, STATUSES[i], json_integer(0));
    db_res_t *r = db_query(db,
                           "SELECT status, COUNT(*) FROM program_applications WHERE program_id = ? "
                           "GROUP BY status",
                           "i", pid);
    if (!r)
        return -1;
    int64_t total = 0;
    for (size_t i = 0; i < db_res_rows(r); i++) {
        json_object_set_new(st, db_res_text(r, i, 0), json_integer(db_res_int(r, i, 1)));
        total += db_res_int(r, i, 1);
    }
    json_object_set_new(out, "applications", json_integer(total));
    db_res_free(r);
    return 0;
}

/* The weekly table: rows from the week of the period's start (or the first visit done) to
 * the week of its end (or the last visit done). */
static int add_weeks(db_conn_t *db, int64_t pid, int visits, int64_t from, int64_t until,
                     json_t *out)
{
    db_res_t *r = db_query(db,
                           "SELECT v.done_on, v.visit_no, COUNT(*) FROM program_applications a "
                           "JOIN matches m ON m.application_id = a.id JOIN visits v ON v.match_id "
                           "= m.id WHERE a.program_id = ? AND v.status = 'done' AND v.done_on IS "
                           "NOT NULL GROUP BY v.done_on, v.visit_no",
                           "i", pid);
    if (!r)
        return -1;
    size_t n = db_res_rows(r);
    int64_t lo = from, hi = until;
    for (size_t i = 0; i < n; i++) {
        int64_t d;
        if (!stats_days(db_res_text(r, i, 0), &d))
            continue;
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
    }
    int64_t first = week_end(lo), last = week_end(hi);
    if ((last - first) / 7 + 1 > STATS_MAX_WEEKS)
        last = first + 7 * (STATS_MAX_WEEKS - 1);
    size_t nweeks = (size_t)((last - first) / 7 + 1);
    int64_t *cells = calloc(nweeks * (size_t)visits, sizeof *cells);
    if (!cells) {
        db_res_free(r);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t d, no = db_res_int(r, i, 1);
        if (!stats_days(db_res_text(r, i, 0), &d) || no < 1 || no > visits)
            continue;
        int64_t w = (week_end(d) - first) / 7;
        if (w >= 0 && (size_t)w < nweeks)
            cells[(size_t)w * (size_t)visits + (size_t)(no - 1)] += db_res_int(r, i, 2);
    }
    db_res_free(r);
    json_t *weeks = json_array(), *totals = json_array();
    int64_t tot[12] = {0}, all = 0;
    for (size_t w = 0; w < nweeks; w++) {
        char iso[11], label[16];
        int y, m, d;
        int64_t day = first + 7 * (int64_t)w;
        stats_date(day, iso);
        civil_from_days(day, &y, &m, &d);
        str_fmt(label, sizeof label, "%d/%d/%d", y, m, d);
        json_t *counts = json_array();
        int64_t sum = 0;
        for (int v = 0; v < visits; v++) {
            int64_t c = cells[w * (size_t)visits + (size_t)v];
            json_array_append_new(counts, json_integer(c));
            tot[v] += c;
            sum += c;
        }
        all += sum;
        json_array_append_new(weeks, json_pack("{ss ss so sI}", "week_end", iso, "label", label,
                                               "counts", counts, "total", (json_int_t)sum));
    }
    free(cells);
    for (int v = 0; v < visits; v++)
        json_array_append_new(totals, json_integer(tot[v]));
    json_object_set_new(out, "weeks", weeks);
    json_object_set_new(out, "totals", totals);
    json_object_set_new(out, "total", json_integer(all));
    return 0;
}

static int add_overdue(db_conn_t *db, int64_t pid, int visits, int64_t gap, int64_t from,
                       int64_t until, int64_t today, json_t *out)
{
    json_t *list = json_array();
    json_object_set_new(out, "overdue", list);
    char today_s[11];
    stats_date(today, today_s);
    /* Open visits planned before today ('YYYY-MM-DDTHH:MM' sorts after the bare date). */
    db_res_t *r = db_query(db,
                           "SELECT m.id, a.org_id, o.name, e.name, v.visit_no, v.planned_at, "
                           "v.status" FROM_MATCHES " JOIN visits v ON v.match_id = m.id WHERE "
                           "a.program_id = ? AND v.status IN ('proposed', 'confirmed') AND "
                           "v.planned_at < ? ORDER BY v.planned_at, m.id",
                           "is", pid, today_s);
    if (!r)
        return -1;
    for (size_t i = 0; i < db_res_rows(r); i++) {
        json_t *o = match_item("visit_past_due", r, i);
        json_object_set_new(o, "visit_no", json_integer(db_res_int(r, i, 4)));
        json_object_set_new(o, "planned_at", json_string(db_res_text(r, i, 5)));
        json_object_set_new(o, "visit_status", json_string(db_res_text(r, i, 6)));
        json_array_append_new(list, o);
    }
    db_res_free(r);

    /* Confirmed matches with their visits done: no visit yet, or behind the pace. */
    r = db_query(db,
                 "SELECT m.id, a.org_id, o.name, e.name, m.confirmed_at, (SELECT COUNT(*) FROM "
                 "visits v WHERE v.match_id = m.id AND v.status = 'done')" FROM_MATCHES
                 " WHERE a.program_id = ? AND m.status = 'confirmed' ORDER BY m.confirmed_at, m.id",
                 "i", pid);
    if (!r)
        return -1;
    int64_t start = today > from ? today : from;
    int64_t days_left = until - start + 1;
    for (size_t i = 0; i < db_res_rows(r); i++) {
        int64_t done = db_res_int(r, i, 5), conf;
        int64_t remaining = visits - done;
        if (remaining <= 0)
            continue;
        if (done == 0 && stats_days(db_res_text(r, i, 4), &conf) &&
            today - conf >= STATS_NO_VISIT_DAYS) {
            json_t *o = match_item("no_visit_yet", r, i);
            char cs[11];
            stats_date(conf, cs);
            json_object_set_new(o, "confirmed_at", json_string(cs));
            json_object_set_new(o, "days_since", json_integer(today - conf));
            json_object_set_new(o, "remaining", json_integer(remaining));
            json_array_append_new(list, o);
        }
        /* The last remaining visit would fall on start + (remaining - 1) * gap. */
        if (start + (remaining - 1) * gap > until) {
            json_t *o = match_item("behind_pace", r, i);
            json_object_set_new(o, "done", json_integer(done));
            json_object_set_new(o, "remaining", json_integer(remaining));
            json_object_set_new(o, "days_left", json_integer(days_left > 0 ? days_left : 0));
            json_array_append_new(list, o);
        }
    }
    db_res_free(r);
    return 0;
}

static int add_terminations(db_conn_t *db, int64_t pid, json_t *out)
{
    db_res_t *r = db_query(db,
                           "SELECT m.id, a.org_id, o.name, e.name, m.ended_at, m.end_reason, "
                           "(SELECT COUNT(*) FROM visits v WHERE v.match_id = m.id AND v.status "
                           "= 'done')" FROM_MATCHES
                           " WHERE a.program_id = ? AND m.status = 'terminated' ORDER BY "
                           "m.ended_at, m.id",
                           "i", pid);
    if (!r)
        return -1;
    json_t *list = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        json_t *o = match_item("terminated", r, i);
        json_object_del(o, "kind");
        char ended[11] = "";
        int64_t d;
        if (stats_days(db_res_text(r, i, 4), &d))
            stats_date(d, ended);
        json_object_set_new(o, "ended_on", json_string(ended));
        json_object_set_new(o, "reason", json_string(db_res_text(r, i, 5)));
        json_object_set_new(o, "done", json_integer(db_res_int(r, i, 6)));
        json_array_append_new(list, o);
    }
    db_res_free(r);
    json_object_set_new(out, "terminations", list);
    return 0;
}

json_t *stats_progress(db_conn_t *db, int64_t pid, int64_t today, bool *found)
{
    *found = false;
    db_res_t *r = db_query(db,
                           "SELECT id, name, year, capacity, accepted, visit_count, visits_from, "
                           "visits_until, min_days_between_visits FROM programs WHERE id = ?",
                           "i", pid);
    if (!r) {
        *found = true;
        return NULL;
    }
    if (db_res_rows(r) == 0) {
        db_res_free(r);
        return NULL;
    }
    *found = true;
    int visits = (int)db_res_int(r, 0, 5);
    int64_t gap = db_res_int(r, 0, 8), from, until;
    if (visits < 1 || visits > 12 || !stats_days(db_res_text(r, 0, 6), &from) ||
        !stats_days(db_res_text(r, 0, 7), &until)) {
        db_res_free(r);
        return NULL;
    }
    if (gap < 1)
        gap = 1;
    json_t *out = json_object();
    json_object_set_new(
        out, "program",
        json_pack("{sI ss sI sI sI si ss ss sI}", "id", (json_int_t)pid, "name",
                  db_res_text(r, 0, 1), "year", (json_int_t)db_res_int(r, 0, 2), "capacity",
                  (json_int_t)db_res_int(r, 0, 3), "accepted", (json_int_t)db_res_int(r, 0, 4),
                  "visit_count", visits, "visits_from", db_res_text(r, 0, 6), "visits_until",
                  db_res_text(r, 0, 7), "min_days_between_visits", (json_int_t)gap));
    db_res_free(r);
    char today_s[11];
    stats_date(today, today_s);
    json_object_set_new(out, "as_of", json_string(today_s));
    if (add_statuses(db, pid, out) < 0 || add_weeks(db, pid, visits, from, until, out) < 0 ||
        add_overdue(db, pid, visits, gap, from, until, today, out) < 0 ||
        add_terminations(db, pid, out) < 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}
