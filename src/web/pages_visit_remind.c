/* pages_visit_remind.c - reminder mails before visits and before the visit period ends
 * (see pages_visit_remind.h). */
#include "pages_visit_remind.h"
#include "pages_visit_core.h"
#include "str.h"
#include "log.h"
#include "timeutil.h"

#include <errno.h>
#include <pthread.h>

#include <string.h>

/* Japan local time of t + offset seconds as 'YYYY-MM-DDTHH:MM'. */
static void local_minute(char out[17], time_t t)
{
    char iso[TIME_ISO_LEN];
    time_iso(iso, t + 9 * 3600);
    memcpy(out, iso, 16);
    out[16] = '\0';
}

static int remind_visits(struct req *rq, time_t now)
{
    char from[17], until[17], stamp[TIME_ISO_LEN];
    local_minute(from, now);
    local_minute(until, now + 2 * 86400);
    time_iso(stamp, now);
    db_res_t *r = db_query(rq->db,
                           "SELECT v.id, v.match_id, v.visit_no, v.planned_at, v.mode FROM visits "
                           "v JOIN matches m ON m.id = v.match_id WHERE v.status = 'confirmed' AND "
                           "m.status = 'confirmed' AND v.reminded_at IS NULL AND v.planned_at > ? "
                           "AND v.planned_at <= ? ORDER BY v.id",
                           "ss", from, until);
    if (!r)
        return -1;
    int n = 0;
    for (size_t i = 0; i < db_res_rows(r); i++) {
        struct vmatch m;
        if (db_exec(rq->db,
                    "UPDATE visits SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL", "si",
                    stamp, db_res_int(r, i, 0)) != 1 ||
            !vmatch_load_system(rq, db_res_int(r, i, 1), &m))
            continue;
        struct vmail v = {.subject = N_("Reminder: a guidance visit in two days"),
                          .intro = N_("This is a reminder of the next guidance visit.")};
        vmail_line(&v, N_("Company"), m.org_name, false);
        vmail_line(&v, N_("Expert"), m.expert_name, false);
        vmail_line(&v, N_("Visit"), db_res_text(r, i, 2), false);
        vmail_line(&v, N_("Date and time"), db_res_text(r, i, 3), false);
        vmail_line(&v, N_("Mode"), visit_mode_label(db_res_text(r, i, 4)), true);
        str_fmt(v.link, sizeof v.link, "/w/%lld/program/visits", (long long)m.org_id);
        vmail_send_org(rq, m.org_id, &v);
        str_fmt(v.link, sizeof v.link, "/expert/matches/%lld", (long long)m.id);
        vmail_send_expert(rq, &m, &v);
        n++;
    }
    db_res_free(r);
    return n;
}

static int remind_period_end(struct req *rq, time_t now)
{
    char today[11], limit[11], stamp[TIME_ISO_LEN];
    time_jst_date(today, now, 0);
    time_jst_date(limit, now, 14);
    time_iso(stamp, now);
    db_res_t *r = db_query(rq->db,
                           "SELECT m.id FROM matches m JOIN program_applications a ON a.id = "
                           "m.application_id JOIN programs p ON p.id = a.program_id WHERE m.status "
                           "= 'confirmed' AND p.visits_until >= ? AND p.visits_until <= ? AND "
                           "(SELECT COUNT(*) FROM visits v WHERE v.match_id = m.id AND v.status = "
                           "'done') < p.visit_count AND NOT EXISTS (SELECT 1 FROM match_reminders "
                           "x WHERE x.match_id = m.id AND x.kind = 'period_end') ORDER BY m.id",
                           "ss", today, limit);
    if (!r)
        return -1;
    int n = 0;
    for (size_t i = 0; i < db_res_rows(r); i++) {
        struct vmatch m;
        /* The primary key makes a second run's INSERT fail: only one run mails. */
        if (db_exec(rq->db,
                    "INSERT INTO match_reminders (match_id, kind, sent_at) VALUES (?, "
                    "'period_end', ?)",
                    "is", db_res_int(r, i, 0), stamp) != 1 ||
            !vmatch_load_system(rq, db_res_int(r, i, 0), &m))
            continue;
        struct vmail v = {.subject = N_("The visit period ends soon"),
                          .intro =
                              N_("The program's visit period ends in less than two weeks and "
                                 "this company still has visits left. Please plan them soon.")};
        char left[16];
        str_fmt(left, sizeof left, "%d", m.visit_count - m.done);
        vmail_line(&v, N_("Company"), m.org_name, false);
        vmail_line(&v, N_("Program"), m.program_name, false);
        vmail_line(&v, N_("End of the visit period"), m.visits_until, false);
        vmail_line(&v, N_("Visits left"), left, false);
        str_fmt(v.link, sizeof v.link, "/expert/matches/%lld", (long long)m.id);
        vmail_send_expert(rq, &m, &v);
        n++;
    }
    db_res_free(r);
    return n;
}

static int remind_unconfirmed(struct req *rq, time_t now)
{
    char before[TIME_ISO_LEN], stamp[TIME_ISO_LEN];
    time_iso(before, now - 3 * 86400);
    time_iso(stamp, now);
    /* A proposal the SME answered with "another date, please" waits for the expert, not
     * the SME: no reminder then. */
    db_res_t *r = db_query(rq->db,
                           "SELECT v.id, v.match_id, v.visit_no, v.planned_at, v.mode FROM visits "
                           "v JOIN matches m ON m.id = v.match_id WHERE v.status = 'proposed' AND "
                           "m.status = 'confirmed' AND v.request_note = '' AND "
                           "v.pending_reminded_at IS NULL AND v.proposed_at <= ? ORDER BY v.id",
                           "s", before);
    if (!r)
        return -1;
    int n = 0;
    for (size_t i = 0; i < db_res_rows(r); i++) {
        struct vmatch m;
        if (db_exec(rq->db,
                    "UPDATE visits SET pending_reminded_at = ? WHERE id = ? AND "
                    "pending_reminded_at IS NULL",
                    "si", stamp, db_res_int(r, i, 0)) != 1 ||
            !vmatch_load_system(rq, db_res_int(r, i, 1), &m))
            continue;
        struct vmail v = {.subject = N_("Please confirm the proposed visit date"),
                          .intro = N_("Your expert proposed a visit date some days ago. Please "
                                      "confirm it, or ask for another date.")};
        vmail_line(&v, N_("Expert"), m.expert_name, false);
        vmail_line(&v, N_("Visit"), db_res_text(r, i, 2), false);
        vmail_line(&v, N_("Date and time"), db_res_text(r, i, 3), false);
        vmail_line(&v, N_("Mode"), visit_mode_label(db_res_text(r, i, 4)), true);
        str_fmt(v.link, sizeof v.link, "/w/%lld/program/visits", (long long)m.org_id);
        vmail_send_org(rq, m.org_id, &v);
        n++;
    }
    db_res_free(r);
    return n;
}

int visit_remind_run(struct req *rq, time_t now, struct remind_counts *out)
{
    memset(out, 0, sizeof *out);
    out->visits = remind_visits(rq, now);
    out->period_end = remind_period_end(rq, now);
    out->unconfirmed = remind_unconfirmed(rq, now);
    return out->visits < 0 || out->period_end < 0 || out->unconfirmed < 0 ? -1 : 0;
}

/* ---- the hourly thread of `serve` ---- */

static pthread_mutex_t loop_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t loop_cv = PTHREAD_COND_INITIALIZER;
static pthread_t loop_thread;
static bool loop_running, loop_stopping;

static void *remind_loop(void *arg)
{
    struct app *app = arg;
    pthread_mutex_lock(&loop_mu);
    while (!loop_stopping) {
        pthread_mutex_unlock(&loop_mu);
        struct req rq = {.app = app, .lang = "ja"};
        rq.db = db_conn_get(app->db);
        struct remind_counts n;
        if (visit_remind_run(&rq, time(NULL), &n) < 0)
            log_error("reminders: database error");
        else if (n.visits + n.period_end + n.unconfirmed > 0)
            log_info("reminders sent: visits %d, period end %d, unconfirmed %d", n.visits,
                     n.period_end, n.unconfirmed);
        db_conn_put(rq.db);
        pthread_mutex_lock(&loop_mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 3600;
        while (!loop_stopping && pthread_cond_timedwait(&loop_cv, &loop_mu, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&loop_mu);
    return NULL;
}

int visit_remind_start(struct app *app)
{
    pthread_mutex_lock(&loop_mu);
    loop_stopping = false;
    int rc = loop_running ? 0 : pthread_create(&loop_thread, NULL, remind_loop, app);
    if (rc == 0)
        loop_running = true;
    pthread_mutex_unlock(&loop_mu);
    return rc == 0 ? 0 : -1;
}

void visit_remind_stop(void)
{
    pthread_mutex_lock(&loop_mu);
    bool was = loop_running;
    loop_stopping = true;
    loop_running = false;
    pthread_cond_broadcast(&loop_cv);
    pthread_mutex_unlock(&loop_mu);
    if (was)
        pthread_join(loop_thread, NULL);
}
