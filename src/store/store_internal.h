/* store_internal.h - the backend interface behind store.h; only store*.c include it. */
#ifndef OTASUKE_STORE_INTERNAL_H
#define OTASUKE_STORE_INTERNAL_H

#include "store.h"

#include <pthread.h>
#include <stdarg.h>

/* One bound parameter, already converted to text (or NULL). */
struct db_param {
    const char *text; /* NULL means SQL NULL */
    char num[32];     /* storage for numbers */
};

struct db_res {
    size_t rows, cols, cap; /* cap: rows allocated */
    char **names;           /* cols */
    char **cells;           /* rows * cols, NULL for SQL NULL */
};

struct db_backend {
    void *(*connect)(const char *target, char *err, size_t errlen);
    void (*disconnect)(void *h);
    /* Runs sql with params; *res gets rows when non-NULL. Returns changed rows or -1. */
    int64_t (*run)(void *h, const char *sql, const struct db_param *p, int n, db_res_t **res,
                   char *err, size_t errlen, bool *unique);
    const char *begin_sql;
};

struct db_conn {
    db_t *db;
    void *h;
    struct db_conn *next;
    char err[512];
    bool unique;
};

struct db {
    enum db_kind kind;
    const struct db_backend *be;
    char *target;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct db_conn *free_list;
    int open, max;
};

extern const struct db_backend db_backend_sqlite;
extern const struct db_backend db_backend_pg;

/* Builds a result table; cells copied. */
db_res_t *db_res_new(size_t cols);
int db_res_set_name(db_res_t *r, size_t col, const char *name);
/* Appends a row of cols values (NULL allowed). */
int db_res_add_row(db_res_t *r, const char *const *vals, const size_t *lens);

#endif
