/* test_store.c - the store behaves the same on SQLite and (when configured) PostgreSQL. */
#include "store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void exercise(const char *url)
{
    char err[256];
    db_t *db = db_open(url, 2, err, sizeof err);
    assert_non_null(db);
    db_conn_t *c = db_conn_get(db);
    db_exec(c, "DROP TABLE IF EXISTS t_store", NULL);
    assert_true(db_exec(c,
                        "CREATE TABLE t_store (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n BIGINT)",
                        NULL) >= 0);
    assert_int_equal(db_insert_id(c,
                                  "INSERT INTO t_store (id, name, n) VALUES (?, ?, ?) RETURNING id",
                                  "isi", (int64_t)7, "山田 '株式会社'", (int64_t)-5),
                     7);
    assert_int_equal(db_exec(c, "INSERT INTO t_store (id, name, n) VALUES (?, ?, ?)", "isi",
                             (int64_t)8, NULL, (int64_t)0),
                     1);
    /* unique violation is reported as such */
    assert_int_equal(db_exec(c, "INSERT INTO t_store (id, name) VALUES (?, ?)", "is", (int64_t)9,
                             "山田 '株式会社'"),
                     -1);
    assert_true(db_err_unique(c));
    db_res_t *r =
        db_query(c, "SELECT id, name, n FROM t_store WHERE id >= ? ORDER BY id", "i", (int64_t)1);
    assert_non_null(r);
    assert_int_equal(db_res_rows(r), 2);
    assert_string_equal(db_res_str(r, 0, 1), "山田 '株式会社'");
    assert_int_equal(db_res_int(r, 0, 2), -5);
    assert_true(db_res_isnull(r, 1, 1));
    assert_string_equal(db_res_text(r, 1, 1), "");
    assert_null(db_res_str(r, 5, 0));
    db_res_free(r);
    /* a '?' inside a string literal is not a placeholder */
    r = db_query(c, "SELECT 'why?' , ?", "s", "x");
    assert_string_equal(db_res_str(r, 0, 0), "why?");
    assert_string_equal(db_res_str(r, 0, 1), "x");
    db_res_free(r);
    /* rollback leaves nothing behind */
    assert_int_equal(db_begin(c), 0);
    db_exec(c, "INSERT INTO t_store (id, name) VALUES (?, ?)", "is", (int64_t)10, "temp");
    assert_int_equal(db_rollback(c), 0);
    r = db_query(c, "SELECT COUNT(*) FROM t_store", NULL);
    assert_int_equal(db_res_int(r, 0, 0), 2);
    db_res_free(r);
    /* an update that is a query with no result columns still succeeds */
    r = db_query(c, "UPDATE t_store SET n = n + 1", NULL);
    assert_non_null(r);
    assert_int_equal(db_res_rows(r), 0);
    db_res_free(r);
    assert_null(db_query(c, "SELECT * FROM no_such_table", NULL));
    assert_true(strlen(db_errmsg(c)) > 0);
    db_exec(c, "DROP TABLE t_store", NULL);
    db_conn_put(c);
    /* migrations apply once and are idempotent */
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    c = db_conn_get(db);
    r = db_query(c, "SELECT COUNT(*) FROM schema_migrations", NULL);
    assert_true(db_res_int(r, 0, 0) >= 1);
    db_res_free(r);
    db_conn_put(c);
    db_close(db);
}

static void test_sqlite(void **state)
{
    (void)state;
    char dir[] = "/tmp/otasuke-store-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char url[128];
    snprintf(url, sizeof url, "sqlite:%s/t.db", dir);
    exercise(url);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_postgresql(void **state)
{
    (void)state;
    const char *pg = getenv("OTASUKE_TEST_PG");
    if (!pg) {
        skip(); /* make check always sets it */
        return;
    }
    char url[512];
    snprintf(url, sizeof url, "pg:%s", pg);
    /* migrations would pollute the shared database: use a throw-away schema */
    char err[256];
    db_t *db = db_open(url, 1, err, sizeof err);
    assert_non_null(db);
    db_conn_t *c = db_conn_get(db);
    db_exec(c, "DROP SCHEMA IF EXISTS store_test CASCADE", NULL);
    assert_true(db_exec(c, "CREATE SCHEMA store_test", NULL) >= 0);
    db_conn_put(c);
    db_close(db);
    char url2[600];
    snprintf(url2, sizeof url2, "%s options='-c search_path=store_test'", url);
    exercise(url2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite),
        cmocka_unit_test(test_postgresql),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
