/* store_pg.c - PostgreSQL backend over libpq: '?' placeholders become $n, text results. */
#include "store_internal.h"
#include "buf.h"
#include "str.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

static void *pg_connect(const char *conninfo, char *err, size_t errlen)
{
    PGconn *h = PQconnectdb(conninfo);
    if (PQstatus(h) != CONNECTION_OK) {
        str_fmt(err, errlen, "postgresql: %s", PQerrorMessage(h));
        PQfinish(h);
        return NULL;
    }
    PGresult *r = PQexec(h, "SET client_min_messages TO warning; SET TIME ZONE 'UTC'");
    PQclear(r);
    return h;
}

static void pg_disconnect(void *h)
{
    PQfinish(h);
}

/* Rewrites '?' outside string literals to $1..$n. */
static char *rewrite(const char *sql)
{
    buf_t b;
    buf_init(&b);
    int n = 0;
    bool quoted = false;
    for (const char *s = sql; *s; s++) {
        if (*s == '\'')
            quoted = !quoted;
        if (*s == '?' && !quoted)
            buf_printf(&b, "$%d", ++n);
        else
            buf_putc(&b, *s);
    }
    return buf_steal(&b);
}

static int64_t pg_run(void *hv, const char *sql, const struct db_param *p, int n, db_res_t **res,
                      char *err, size_t errlen, bool *unique)
{
    PGconn *h = hv;
    char *q = rewrite(sql);
    if (!q)
        return -1;
    const char *vals[64];
    for (int i = 0; i < n && i < 64; i++)
        vals[i] = p[i].text;
    PGresult *r = n > 0 ? PQexecParams(h, q, n, NULL, vals, NULL, NULL, 0) : PQexec(h, q);
    free(q);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        *unique = state && strcmp(state, "23505") == 0;
        str_fmt(err, errlen, "postgresql: %s", PQresultErrorMessage(r));
        PQclear(r);
        return -1;
    }
    int64_t changed = 0;
    const char *ct = PQcmdTuples(r);
    if (ct && *ct)
        changed = strtoll(ct, NULL, 10);
    if (res && st == PGRES_TUPLES_OK) {
        int cols = PQnfields(r), rows = PQntuples(r);
        if (cols > 64)
            cols = 64; /* as in the SQLite backend */
        *res = db_res_new((size_t)cols);
        if (!*res) {
            PQclear(r);
            return -1;
        }
        for (int c = 0; c < cols; c++)
            db_res_set_name(*res, (size_t)c, PQfname(r, c));
        for (int row = 0; row < rows; row++) {
            const char *v[64];
            size_t l[64];
            for (int c = 0; c < cols && c < 64; c++) {
                v[c] = PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
                l[c] = (size_t)PQgetlength(r, row, c);
            }
            if (db_res_add_row(*res, v, l) < 0) {
                PQclear(r);
                return -1;
            }
        }
        changed = rows;
    }
    PQclear(r);
    return changed;
}

const struct db_backend db_backend_pg = {
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .run = pg_run,
    .begin_sql = "BEGIN",
};
