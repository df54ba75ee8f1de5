/* cmd_remind.c - `otasuke remind`: sends the reminders of the guidance program that are
 * due at --now (default: the current time): before visits, before the visit period ends,
 * and for unconfirmed proposals. Each reminder is sent once however often this runs
 * (pages_visit_remind.h). */
#include "cmd_remind.h"
#include "cmd_serve.h"
#include "fileutil.h"
#include "pages_visit_remind.h"
#include "str.h"
#include "timeutil.h"

#include <stdio.h>
#include <string.h>

int cmd_remind(int argc, char **argv)
{
    time_t now = time(NULL);
    char *rest[64];
    int nrest = 0;
    rest[nrest++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (str_eq(argv[i], "--now") && i + 1 < argc) {
            if (!time_parse_iso(argv[++i], &now)) {
                fprintf(stderr, "otasuke: remind: --now wants an ISO time such as "
                                "2026-11-22T09:00:00Z\n");
                return 2;
            }
        } else if (nrest < 63) {
            rest[nrest++] = argv[i];
        }
    }
    rest[nrest] = NULL;
    struct app app = {0};
    const char *user = NULL;
    int rc = cmd_app_options(nrest, rest, &app.cfg, &user);
    if (rc)
        return rc;
    char err[512], path[1024];
    app.db = db_open(app.cfg.db_url, 1, err, sizeof err);
    if (!app.db || db_migrate(app.db, err, sizeof err) < 0) {
        fprintf(stderr, "otasuke: %s\n", err);
        db_close(app.db);
        return 1;
    }
    if (!share_path(path, sizeof path, "po") || !(app.cat = catalog_load(path, err, sizeof err))) {
        fprintf(stderr, "otasuke: cannot load the message catalog\n");
        db_close(app.db);
        return 1;
    }
    /* Mail needs only the application's settings, catalog and a connection. */
    struct req rq = {.app = &app, .lang = "ja"};
    rq.db = db_conn_get(app.db);
    struct remind_counts n;
    rc = visit_remind_run(&rq, now, &n);
    db_conn_put(rq.db);
    if (rc < 0)
        fprintf(stderr, "otasuke: remind: database error\n");
    else
        printf("reminders sent: visits %d, period end %d, unconfirmed proposals %d\n", n.visits,
               n.period_end, n.unconfirmed);
    catalog_free(app.cat);
    db_close(app.db);
    return rc < 0 ? 1 : 0;
}
