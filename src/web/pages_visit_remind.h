/* pages_visit_remind.h - reminders of the guidance program, each sent once:
 *  - 2 days before a confirmed visit: to the expert and the SME's members
 *    (visits.reminded_at);
 *  - 14 days before the program's visit period ends, to experts whose match still has
 *    visits left (match_reminders kind 'period_end');
 *  - proposals the SME has not confirmed for 3 days: to the SME's members
 *    (visits.pending_reminded_at).
 * "Once" is a guarded UPDATE/INSERT that only one run can win, so overlapping runs do not
 * send twice. Times: planned_at is Japan local time; now is converted with UTC+9.
 */
#ifndef OTASUKE_PAGES_VISIT_REMIND_H
#define OTASUKE_PAGES_VISIT_REMIND_H

#include "web.h"

#include <time.h>

struct remind_counts {
    int visits, period_end, unconfirmed;
};

/* rq needs app (cfg, cat) and db only. Returns 0, or -1 on a database error. */
int visit_remind_run(struct req *rq, time_t now, struct remind_counts *out);

/* Runs visit_remind_run at start and then hourly in a background thread of `serve`, so an
 * instance without the systemd timer still sends reminders. stop wakes and joins it. */
int visit_remind_start(struct app *app);
void visit_remind_stop(void);

#endif
