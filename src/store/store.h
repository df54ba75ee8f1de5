/* store.h - the one database interface: SQLite (default) or PostgreSQL behind it.
 *
 * SQL is written once with '?' placeholders in the common subset of both engines;
 * the PostgreSQL backend rewrites them to $1..$n. Results are materialized as text
 * (NULL stays NULL), which is what both engines hand out cheaply. Timestamps are
 * stored as ISO 8601 UTC text made by the application (timeutil.h).
 *
 * Connections come from a pool: db_conn_get() blocks until one is free; every
 * request handler takes one and gives it back. A conn is used by one thread at a time.
 */
#ifndef OTASUKE_STORE_H
#define OTASUKE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct db db_t;           /* a pool of connections to one database */
typedef struct db_conn db_conn_t; /* one connection */
typedef struct db_res db_res_t;   /* a materialized result */

enum db_kind { DB_SQLITE, DB_PG };

/* Parameters: a type string with one letter per '?': 'i' int64_t, 's' const char *
 * (NULL binds SQL NULL), 'b' bool (stored as 0/1), 'd' double. */

/* url: "sqlite:PATH" or "pg:CONNINFO". pool_size >= 1. NULL on error (err filled). */
db_t *db_open(const char *url, int pool_size, char *err, size_t errlen);
void db_close(db_t *db);
enum db_kind db_kind(const db_t *db);

db_conn_t *db_conn_get(db_t *db);
void db_conn_put(db_conn_t *c);

/* Applies the numbered migrations in share_dir()/db/migrations not yet applied.
 * Each file runs in its own transaction. Returns 0 or -1 (err filled). */
int db_migrate(db_t *db, char *err, size_t errlen);

/* Runs a statement; returns rows changed (>= 0) or -1 on error. */
int64_t db_exec(db_conn_t *c, const char *sql, const char *types, ...);
/* Runs a query; NULL on error. Free with db_res_free. */
db_res_t *db_query(db_conn_t *c, const char *sql, const char *types, ...);
/* Runs "INSERT ... RETURNING id" style statements: first column of the first row as int64,
 * -1 on error or no row. */
int64_t db_insert_id(db_conn_t *c, const char *sql, const char *types, ...);

size_t db_res_rows(const db_res_t *r);
size_t db_res_cols(const db_res_t *r);
/* NULL for SQL NULL or out-of-range. Valid until db_res_free. */
const char *db_res_str(const db_res_t *r, size_t row, size_t col);
/* Same but "" for NULL. */
const char *db_res_text(const db_res_t *r, size_t row, size_t col);
int64_t db_res_int(const db_res_t *r, size_t row, size_t col);
bool db_res_isnull(const db_res_t *r, size_t row, size_t col);
const char *db_res_colname(const db_res_t *r, size_t col);
void db_res_free(db_res_t *r);

/* Transactions. db_begin takes an immediate write lock on SQLite. */
int db_begin(db_conn_t *c);
int db_commit(db_conn_t *c);
int db_rollback(db_conn_t *c);

/* Last error text of this connection. */
const char *db_errmsg(db_conn_t *c);
/* True if the last error was a unique-constraint violation. */
bool db_err_unique(db_conn_t *c);

#endif
