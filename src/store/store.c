/* store.c - connection pool, parameter conversion and results shared by both backends. */
#include "store_internal.h"
#include "str.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

db_t *db_open(const char *url, int pool_size, char *err, size_t errlen)
{
    const struct db_backend *be;
    enum db_kind kind;
    const char *target;
    if (str_starts(url, "sqlite:")) {
        be = &db_backend_sqlite;
        kind = DB_SQLITE;
        target = url + 7;
    } else if (str_starts(url, "pg:")) {
        be = &db_backend_pg;
        kind = DB_PG;
        target = url + 3;
    } else {
        str_fmt(err, errlen, "database URL must start with sqlite: or pg:");
        return NULL;
    }
    db_t *db = calloc(1, sizeof *db);
    if (!db)
        return NULL;
    db->kind = kind;
    db->be = be;
    db->target = strdup(target);
    db->max = pool_size < 1 ? 1 : pool_size;
    pthread_mutex_init(&db->mu, NULL);
    pthread_cond_init(&db->cv, NULL);
    /* Open one connection now so configuration errors surface at start-up. */
    void *h = db->target ? be->connect(db->target, err, errlen) : NULL;
    if (!h) {
        free(db->target);
        free(db);
        return NULL;
    }
    struct db_conn *c = calloc(1, sizeof *c);
    if (!c) {
        be->disconnect(h);
        free(db->target);
        free(db);
        return NULL;
    }
    c->db = db;
    c->h = h;
    db->free_list = c;
    db->open = 1;
    return db;
}

void db_close(db_t *db)
{
    if (!db)
        return;
    struct db_conn *c = db->free_list;
    while (c) {
        struct db_conn *n = c->next;
        db->be->disconnect(c->h);
        free(c);
        c = n;
    }
    pthread_mutex_destroy(&db->mu);
    pthread_cond_destroy(&db->cv);
    free(db->target);
    free(db);
}

enum db_kind db_kind(const db_t *db)
{
    return db->kind;
}

db_conn_t *db_conn_get(db_t *db)
{
    pthread_mutex_lock(&db->mu);
    for (;;) {
        if (db->free_list) {
            struct db_conn *c = db->free_list;
            db->free_list = c->next;
            pthread_mutex_unlock(&db->mu);
            c->next = NULL;
            c->err[0] = '\0';
            return c;
        }
        if (db->open < db->max) {
            db->open++;
            pthread_mutex_unlock(&db->mu);
            struct db_conn *c = calloc(1, sizeof *c);
            char err[256];
            void *h = c ? db->be->connect(db->target, err, sizeof err) : NULL;
            if (h) {
                c->db = db;
                c->h = h;
                return c;
            }
            free(c);
            pthread_mutex_lock(&db->mu);
            db->open--;
            /* fall through to wait for a pooled connection */
            if (db->open == 0) {
                pthread_mutex_unlock(&db->mu);
                return NULL;
            }
        }
        pthread_cond_wait(&db->cv, &db->mu);
    }
}

void db_conn_put(db_conn_t *c)
{
    if (!c)
        return;
    db_t *db = c->db;
    pthread_mutex_lock(&db->mu);
    c->next = db->free_list;
    db->free_list = c;
    pthread_cond_signal(&db->cv);
    pthread_mutex_unlock(&db->mu);
}

static int collect(const char *types, va_list ap, struct db_param *p, int max)
{
    int n = 0;
    for (const char *t = types ? types : ""; *t; t++, n++) {
        if (n >= max)
            return -1;
        p[n].text = p[n].num;
        switch (*t) {
        case 'i':
            snprintf(p[n].num, sizeof p[n].num, "%" PRId64, va_arg(ap, int64_t));
            break;
        case 'b':
            snprintf(p[n].num, sizeof p[n].num, "%d", va_arg(ap, int) ? 1 : 0);
            break;
        case 'd':
            snprintf(p[n].num, sizeof p[n].num, "%.17g", va_arg(ap, double));
            break;
        case 's':
            p[n].text = va_arg(ap, const char *);
            break;
        default:
            return -1;
        }
    }
    return n;
}

#define DB_MAX_PARAMS 64

static int64_t run_v(db_conn_t *c, const char *sql, const char *types, va_list ap, db_res_t **res)
{
    struct db_param p[DB_MAX_PARAMS] = {0};
    int n = collect(types, ap, p, DB_MAX_PARAMS);
    c->unique = false;
    if (n < 0) {
        str_copy(c->err, sizeof c->err, "bad parameter types");
        return -1;
    }
    int64_t rc = c->db->be->run(c->h, sql, p, n, res, c->err, sizeof c->err, &c->unique);
    return rc;
}

int64_t db_exec(db_conn_t *c, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int64_t rc = run_v(c, sql, types, ap, NULL);
    va_end(ap);
    return rc;
}

db_res_t *db_query(db_conn_t *c, const char *sql, const char *types, ...)
{
    db_res_t *res = NULL;
    va_list ap;
    va_start(ap, types);
    int64_t rc = run_v(c, sql, types, ap, &res);
    va_end(ap);
    if (rc < 0) {
        db_res_free(res);
        return NULL;
    }
    return res ? res : db_res_new(0);
}

int64_t db_insert_id(db_conn_t *c, const char *sql, const char *types, ...)
{
    db_res_t *res = NULL;
    va_list ap;
    va_start(ap, types);
    int64_t rc = run_v(c, sql, types, ap, &res);
    va_end(ap);
    int64_t id = -1;
    if (rc >= 0 && res && res->rows > 0 && res->cols > 0 && res->cells[0])
        id = strtoll(res->cells[0], NULL, 10);
    db_res_free(res);
    return id;
}

int db_begin(db_conn_t *c)
{
    return db_exec(c, c->db->be->begin_sql, NULL) < 0 ? -1 : 0;
}

int db_commit(db_conn_t *c)
{
    return db_exec(c, "COMMIT", NULL) < 0 ? -1 : 0;
}

int db_rollback(db_conn_t *c)
{
    return db_exec(c, "ROLLBACK", NULL) < 0 ? -1 : 0;
}

const char *db_errmsg(db_conn_t *c)
{
    return c->err;
}

bool db_err_unique(db_conn_t *c)
{
    return c->unique;
}

/* ---- results ---- */

db_res_t *db_res_new(size_t cols)
{
    db_res_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->cols = cols;
    r->names = calloc(cols ? cols : 1, sizeof *r->names);
    if (!r->names) {
        free(r);
        return NULL;
    }
    return r;
}

int db_res_set_name(db_res_t *r, size_t col, const char *name)
{
    r->names[col] = strdup(name ? name : "");
    return r->names[col] ? 0 : -1;
}

int db_res_add_row(db_res_t *r, const char *const *vals, const size_t *lens)
{
    size_t rows = r->rows;
    if (rows == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 8;
        char **cells = realloc(r->cells, ncap * (r->cols ? r->cols : 1) * sizeof *cells);
        if (!cells)
            return -1;
        r->cells = cells;
        r->cap = ncap;
    }
    for (size_t i = 0; i < r->cols; i++) {
        char *v = NULL;
        if (vals[i]) {
            v = malloc(lens[i] + 1);
            if (!v)
                return -1;
            memcpy(v, vals[i], lens[i]);
            v[lens[i]] = '\0';
        }
        r->cells[rows * r->cols + i] = v;
    }
    r->rows++;
    return 0;
}

size_t db_res_rows(const db_res_t *r)
{
    return r ? r->rows : 0;
}

size_t db_res_cols(const db_res_t *r)
{
    return r ? r->cols : 0;
}

const char *db_res_str(const db_res_t *r, size_t row, size_t col)
{
    if (!r || row >= r->rows || col >= r->cols)
        return NULL;
    return r->cells[row * r->cols + col];
}

const char *db_res_text(const db_res_t *r, size_t row, size_t col)
{
    const char *s = db_res_str(r, row, col);
    return s ? s : "";
}

int64_t db_res_int(const db_res_t *r, size_t row, size_t col)
{
    const char *s = db_res_str(r, row, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

bool db_res_isnull(const db_res_t *r, size_t row, size_t col)
{
    return db_res_str(r, row, col) == NULL;
}

const char *db_res_colname(const db_res_t *r, size_t col)
{
    return r && col < r->cols ? r->names[col] : NULL;
}

void db_res_free(db_res_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->rows * r->cols; i++)
        free(r->cells[i]);
    for (size_t i = 0; i < r->cols; i++)
        free(r->names[i]);
    free(r->cells);
    free(r->names);
    free(r);
}
