/* cmd_serve.c - `otasuke serve` and `otasuke migrate`: run the web platform. */
#include "cmd_serve.h"
#include "log.h"
#include "pages_visit_remind.h"
#include "str.h"
#include "web.h"

#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse_listen(const char *s, char *addr, size_t addrsz, int *port)
{
    const char *colon = strrchr(s, ':');
    int64_t p;
    if (!colon || colon == s || (size_t)(colon - s) >= addrsz ||
        !str_to_i64(colon + 1, 1, 65535, &p))
        return -1;
    memcpy(addr, s, (size_t)(colon - s));
    addr[colon - s] = '\0';
    *port = (int)p;
    return 0;
}

/* Drops root to the given user after the socket and files are opened (one visible block). */
static int drop_privileges(const char *user)
{
    if (getuid() != 0)
        return 0;
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        log_error("user %s not found; refusing to run as root", user);
        return -1;
    }
    if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
        log_error("cannot drop privileges to %s", user);
        return -1;
    }
    if (setuid(0) == 0) {
        log_error("privileges could be regained; stopping");
        return -1;
    }
    log_info("running as %s", user);
    return 0;
}

int cmd_app_options(int argc, char **argv, struct app_config *cfg, const char **user)
{
    static char addr[64] = "127.0.0.1", dburl[1200];
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"db", required_argument, NULL, 'd'},
        {"pg", required_argument, NULL, 'p'},
        {"base-url", required_argument, NULL, 'b'},
        {"smtp", required_argument, NULL, 's'},
        {"mail-from", required_argument, NULL, 'f'},
        {"var", required_argument, NULL, 'v'},
        {"threads", required_argument, NULL, 't'},
        {"secure-cookies", no_argument, NULL, 'S'},
        {"user", required_argument, NULL, 'u'},
        {NULL, 0, NULL, 0},
    };
    cfg->listen_addr = addr;
    cfg->port = 8080;
    cfg->var_dir = getenv("OTASUKE_VAR") ? getenv("OTASUKE_VAR") : "var";
    cfg->smtp_url = getenv("OTASUKE_SMTP");
    cfg->mail_from =
        getenv("OTASUKE_MAIL_FROM") ? getenv("OTASUKE_MAIL_FROM") : "otasuke@localhost";
    /* One worker per core: more only adds context switches and tail latency. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cfg->threads = cores < 2 ? 2 : cores > 16 ? 16 : (int)cores;
    const char *db = NULL, *pgc = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int64_t n;
        switch (c) {
        case 'l':
            if (parse_listen(optarg, addr, sizeof addr, &cfg->port) < 0) {
                fprintf(stderr, "otasuke: --listen wants ADDR:PORT, e.g. 127.0.0.1:8080\n");
                return 2;
            }
            break;
        case 'd':
            db = optarg;
            break;
        case 'p':
            pgc = optarg;
            break;
        case 'b':
            cfg->base_url = optarg;
            break;
        case 's':
            cfg->smtp_url = optarg;
            break;
        case 'f':
            cfg->mail_from = optarg;
            break;
        case 'v':
            cfg->var_dir = optarg;
            break;
        case 't':
            if (!str_to_i64(optarg, 1, 64, &n)) {
                fprintf(stderr, "otasuke: --threads wants 1..64\n");
                return 2;
            }
            cfg->threads = (int)n;
            break;
        case 'S':
            cfg->secure_cookies = true;
            break;
        case 'u':
            *user = optarg;
            break;
        default:
            return 2;
        }
    }
    if (db && pgc) {
        fprintf(stderr, "otasuke: give either --db or --pg, not both\n");
        return 2;
    }
    mkdir(cfg->var_dir, 0750);
    bool ok;
    if (pgc)
        ok = str_fmt(dburl, sizeof dburl, "pg:%s", pgc);
    else if (db)
        ok = str_fmt(dburl, sizeof dburl, "sqlite:%s", db);
    else
        ok = str_fmt(dburl, sizeof dburl, "sqlite:%s/otasuke.db", cfg->var_dir);
    if (!ok) {
        fprintf(stderr, "otasuke: database path too long\n");
        return 2;
    }
    cfg->db_url = dburl;
    if (!cfg->base_url) {
        static char base[128];
        str_fmt(base, sizeof base, "http://%s:%d", addr, cfg->port);
        cfg->base_url = base;
    }
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    struct app app = {0};
    const char *user = "nobody";
    int rc = cmd_app_options(argc, argv, &app.cfg, &user);
    if (rc)
        return rc;
    char err[512];
    if (app_init(&app, err, sizeof err) < 0) {
        fprintf(stderr, "otasuke: %s\n", err);
        return 1;
    }
    /* The guidance program's reminders, hourly (contrib/systemd has a timer too). */
    visit_remind_start(&app);
    rc = server_run_with(&app, user);
    visit_remind_stop();
    app_free(&app);
    return rc ? 1 : 0;
}

int server_run_with(struct app *app, const char *user)
{
    /* Everything that needs privileges (files, database, keys) is open; drop them before
     * the first request is read. Running as a normal user skips this. */
    if (getuid() == 0 && str_starts(app->cfg.db_url, "sqlite:")) {
        struct passwd *pw = getpwnam(user);
        if (pw) {
            /* The SQLite database and its WAL files must stay writable after the drop. */
            const char *path = app->cfg.db_url + 7;
            char side[1100];
            if (chown(path, pw->pw_uid, pw->pw_gid) != 0)
                log_warn("cannot chown %s", path);
            if (str_fmt(side, sizeof side, "%s-wal", path))
                (void)!chown(side, pw->pw_uid, pw->pw_gid);
            if (str_fmt(side, sizeof side, "%s-shm", path))
                (void)!chown(side, pw->pw_uid, pw->pw_gid);
            (void)!chown(app->cfg.var_dir, pw->pw_uid, pw->pw_gid);
        }
    }
    if (drop_privileges(user) < 0)
        return -1;
    return server_run(app);
}

int cmd_migrate(int argc, char **argv)
{
    struct app_config cfg = {0};
    const char *user = NULL;
    int rc = cmd_app_options(argc, argv, &cfg, &user);
    if (rc)
        return rc;
    char err[512];
    db_t *db = db_open(cfg.db_url, 1, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) < 0) {
        fprintf(stderr, "otasuke: %s\n", err);
        db_close(db);
        return 1;
    }
    db_close(db);
    printf("database is up to date\n");
    return 0;
}
