/* migrate.c - applies numbered SQL migrations (db/migrations/NNN_name.sql) in order.
 *
 * A migration is written once for both engines; these tokens are replaced first:
 *   {{id}}    -> INTEGER PRIMARY KEY AUTOINCREMENT | BIGSERIAL PRIMARY KEY
 *   {{blob}}  -> BLOB | BYTEA
 * Each file runs in its own transaction together with its schema_migrations row, so a
 * failed migration leaves the database at the previous version.
 */
#include "buf.h"
#include "fileutil.h"
#include "log.h"
#include "store_internal.h"
#include "str.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *substitute(const char *sql, enum db_kind kind)
{
    static const struct {
        const char *token, *sqlite, *pg;
    } subs[] = {
        {"{{id}}", "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY"},
        {"{{blob}}", "BLOB", "BYTEA"},
    };
    buf_t b;
    buf_init(&b);
    const char *s = sql;
    while (*s) {
        bool done = false;
        for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
            size_t tl = strlen(subs[i].token);
            if (strncmp(s, subs[i].token, tl) == 0) {
                buf_puts(&b, kind == DB_PG ? subs[i].pg : subs[i].sqlite);
                s += tl;
                done = true;
                break;
            }
        }
        if (!done)
            buf_putc(&b, *s++);
    }
    return buf_steal(&b);
}

static int apply_one(db_conn_t *c, const char *dir, const char *name, int version, char *err,
                     size_t errlen)
{
    char path[1024];
    if (!str_fmt(path, sizeof path, "%s/%s", dir, name)) {
        str_copy(err, errlen, "migration path too long");
        return -1;
    }
    char *raw = file_read_all(path, 1 << 20, NULL);
    if (!raw) {
        str_fmt(err, errlen, "cannot read %s", path);
        return -1;
    }
    char *sql = substitute(raw, c->db->kind);
    free(raw);
    int rc = -1;
    if (!sql || db_begin(c) < 0)
        goto out;
    if (db_exec(c, sql, NULL) < 0 ||
        db_exec(c, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", "is",
                (int64_t)version, name) < 0) {
        str_fmt(err, errlen, "%s: %s", name, db_errmsg(c));
        db_rollback(c);
        goto out;
    }
    if (db_commit(c) < 0) {
        str_fmt(err, errlen, "%s: commit: %s", name, db_errmsg(c));
        goto out;
    }
    log_info("migration %s applied", name);
    rc = 0;
out:
    free(sql);
    return rc;
}

int db_migrate(db_t *db, char *err, size_t errlen)
{
    char dir[1024];
    if (!share_path(dir, sizeof dir, "db/migrations")) {
        str_copy(err, errlen, "migrations path too long");
        return -1;
    }
    db_conn_t *c = db_conn_get(db);
    if (!c) {
        str_copy(err, errlen, "no database connection");
        return -1;
    }
    int rc = -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *d = NULL;
    if (db_exec(c,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL)",
                NULL) < 0) {
        str_fmt(err, errlen, "schema_migrations: %s", db_errmsg(c));
        goto out;
    }
    d = opendir(dir);
    if (!d) {
        str_fmt(err, errlen, "cannot open %s", dir);
        goto out;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 8 || strcmp(e->d_name + l - 4, ".sql") != 0 || e->d_name[0] < '0' ||
            e->d_name[0] > '9')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                goto out;
            names = nn;
        }
        names[n++] = strdup(e->d_name);
    }
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        int version = atoi(names[i]);
        db_res_t *r =
            db_query(c, "SELECT 1 FROM schema_migrations WHERE version = ?", "i", (int64_t)version);
        if (!r) {
            str_fmt(err, errlen, "%s", db_errmsg(c));
            goto out;
        }
        size_t have = db_res_rows(r);
        db_res_free(r);
        if (!have && apply_one(c, dir, names[i], version, err, errlen) < 0)
            goto out;
    }
    rc = 0;
out:
    if (d)
        closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    db_conn_put(c);
    return rc;
}
