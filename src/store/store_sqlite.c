/* store_sqlite.c - SQLite backend: WAL, foreign keys, busy timeout, text results, and a
 * per-connection cache of prepared statements.
 *
 * Cache invariant: a cached statement is reset and has no bindings whenever it is not in use;
 * the key is the exact SQL text. Only single-statement SQL is cached (migrations hold several
 * statements and run once). Replacement is round robin. */
#include "store_internal.h"
#include "str.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define SQ_CACHE 48

struct sq_conn {
    sqlite3 *db;
    sqlite3_stmt *cache[SQ_CACHE];
    size_t next; /* round-robin victim */
};

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
    struct sq_conn *c = calloc(1, sizeof *c);
    if (!c) {
        sqlite3_close(h);
        return NULL;
    }
    c->db = h;
    return c;
}

static void sq_disconnect(void *hv)
{
    struct sq_conn *c = hv;
    for (size_t i = 0; i < SQ_CACHE; i++)
        sqlite3_finalize(c->cache[i]);
    sqlite3_close_v2(c->db);
    free(c);
}

static sqlite3_stmt *cache_find(struct sq_conn *c, const char *sql)
{
    for (size_t i = 0; i < SQ_CACHE; i++)
        if (c->cache[i] && strcmp(sqlite3_sql(c->cache[i]), sql) == 0)
            return c->cache[i];
    return NULL;
}

/* Keeps st for reuse; the statement it displaces is finalized. */
static void cache_put(struct sq_conn *c, sqlite3_stmt *st)
{
    size_t i = c->next;
    c->next = (c->next + 1) % SQ_CACHE;
    sqlite3_finalize(c->cache[i]);
    c->cache[i] = st;
}

/* Ends one use of a statement: a cached one is reset for the next caller. */
static void release(sqlite3_stmt *st, bool cached)
{
    if (cached) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else {
        sqlite3_finalize(st);
    }
}

/* Runs every statement in sql (migrations hold several); parameters bind to the first. */
static int64_t sq_run(void *hv, const char *sql, const struct db_param *p, int n, db_res_t **res,
                      char *err, size_t errlen, bool *unique)
{
    struct sq_conn *conn = hv;
    sqlite3 *h = conn->db;
    const char *tail = sql;
    int64_t changed = 0;
    bool first = true;
    while (tail && *tail) {
        sqlite3_stmt *st = first ? cache_find(conn, sql) : NULL;
        bool cached = st != NULL;
        if (cached) {
            tail = "";
        } else {
            if (sqlite3_prepare_v2(h, tail, -1, &st, &tail) != SQLITE_OK) {
                str_fmt(err, errlen, "sqlite: %s", sqlite3_errmsg(h));
                return -1;
            }
            if (!st) /* trailing white space or comment */
                break;
            /* A single statement (nothing but blanks after it) is worth keeping. */
            if (first && tail && strspn(tail, " \t\r\n;") == strlen(tail)) {
                cache_put(conn, st);
                cached = true;
            }
        }
        if (first) {
            for (int i = 0; i < n; i++) {
                int rc = p[i].text ? sqlite3_bind_text(st, i + 1, p[i].text, -1, SQLITE_STATIC)
                                   : sqlite3_bind_null(st, i + 1);
                if (rc != SQLITE_OK) {
                    str_fmt(err, errlen, "sqlite: bind %d: %s", i + 1, sqlite3_errmsg(h));
                    release(st, cached);
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
                release(st, cached);
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
                release(st, cached);
                str_copy(err, errlen, "out of memory");
                return -1;
            }
        }
        if (rc != SQLITE_DONE) {
            int ext = sqlite3_extended_errcode(h);
            *unique = ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY;
            str_fmt(err, errlen, "sqlite: %s", sqlite3_errmsg(h));
            release(st, cached);
            return -1;
        }
        changed += sqlite3_changes(h);
        release(st, cached);
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
