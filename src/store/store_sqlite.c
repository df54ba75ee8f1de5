/* store_sqlite.c - SQLite backend: WAL, foreign keys, busy timeout, text results. */
#include "store_internal.h"
#include "str.h"

#include <sqlite3.h>
#include <string.h>

static void *sq_connect(const char *path, char *err, size_t errlen)
{
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(
        path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        str_fmt(err, errlen, "sqlite: cannot open %s: %s", path, h ? sqlite3_errmsg(h) : "");
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_timeout(h, 10000);
    const char *pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                          "PRAGMA foreign_keys=ON; PRAGMA cache_size=-4000;";
    if (sqlite3_exec(h, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
        str_fmt(err, errlen, "sqlite: %s", sqlite3_errmsg(h));
        sqlite3_close(h);
        return NULL;
    }
    return h;
}

static void sq_disconnect(void *h)
{
    sqlite3_close_v2(h);
}

/* Runs every statement in sql (migrations hold several); parameters bind to the first. */
static int64_t sq_run(void *hv, const char *sql, const struct db_param *p, int n, db_res_t **res,
                      char *err, size_t errlen, bool *unique)
{
    sqlite3 *h = hv;
    const char *tail = sql;
    int64_t changed = 0;
    bool first = true;
    while (tail && *tail) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(h, tail, -1, &st, &tail) != SQLITE_OK) {
            str_fmt(err, errlen, "sqlite: %s", sqlite3_errmsg(h));
            return -1;
        }
        if (!st) /* trailing white space or comment */
            break;
        if (first) {
            for (int i = 0; i < n; i++) {
                int rc = p[i].text ? sqlite3_bind_text(st, i + 1, p[i].text, -1, SQLITE_STATIC)
                                   : sqlite3_bind_null(st, i + 1);
                if (rc != SQLITE_OK) {
                    str_fmt(err, errlen, "sqlite: bind %d: %s", i + 1, sqlite3_errmsg(h));
                    sqlite3_finalize(st);
                    return -1;
                }
            }
        }
        int cols = sqlite3_column_count(st);
        if (cols > 64)
            cols = 64; /* results are for application queries; none is wider */
        if (res && first && !*res && cols > 0) {
            *res = db_res_new((size_t)(cols < 64 ? cols : 64));
            if (!*res) {
                sqlite3_finalize(st);
                return -1;
            }
            for (int i = 0; i < cols; i++)
                db_res_set_name(*res, (size_t)i, sqlite3_column_name(st, i));
        }
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (!res || !*res || !first)
                continue;
            const char *vals[64];
            size_t lens[64];
            int nc = cols < 64 ? cols : 64;
            for (int i = 0; i < nc; i++) {
                vals[i] = (const char *)sqlite3_column_text(st, i);
                lens[i] = (size_t)sqlite3_column_bytes(st, i);
            }
            if (db_res_add_row(*res, vals, lens) < 0) {
                sqlite3_finalize(st);
                str_copy(err, errlen, "out of memory");
                return -1;
            }
        }
        if (rc != SQLITE_DONE) {
            int ext = sqlite3_extended_errcode(h);
            *unique = ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY;
            str_fmt(err, errlen, "sqlite: %s", sqlite3_errmsg(h));
            sqlite3_finalize(st);
            return -1;
        }
        changed += sqlite3_changes(h);
        sqlite3_finalize(st);
        first = false;
    }
    return changed;
}

const struct db_backend db_backend_sqlite = {
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .run = sq_run,
    .begin_sql = "BEGIN IMMEDIATE",
};
