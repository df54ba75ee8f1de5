/* test_rules_summary.c - the rules check and risk analysis summaries for the final report,
 * on a real (SQLite) database with every migration applied. */
#include "rules_summary.h"
#include "store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const T = "2026-11-22T10:00:00Z";

static int64_t add_org(db_conn_t *c, const char *name)
{
    return db_insert_id(c,
                        "INSERT INTO organizations (name, org_type, employees, prefecture, "
                        "sme_eligible, created_at) VALUES (?, 'company', 10, 13, 1, ?) "
                        "RETURNING id",
                        "ss", name, T);
}

static void add_asset(db_conn_t *c, int64_t org, const char *name, int ci, int pd, int t, int w)
{
    assert_true(db_exec(c,
                        "INSERT INTO info_assets (org_id, name, confidentiality, integrity, "
                        "availability, personal_data, existential, threat, weakness, created_at, "
                        "updated_at) VALUES (?, ?, ?, 1, 1, ?, 0, ?, ?, ?, ?)",
                        "isiiiiss", org, name, (int64_t)ci, (int64_t)pd, (int64_t)t, (int64_t)w, T,
                        T) == 1);
}

static json_int_t geti(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static void summaries(void **state)
{
    (void)state;
    char dir[] = "/tmp/otasuke-rules-XXXXXX", url[128], err[256];
    assert_non_null(mkdtemp(dir));
    snprintf(url, sizeof url, "sqlite:%s/t.db", dir);
    db_t *db = db_open(url, 1, err, sizeof err);
    assert_non_null(db);
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    db_conn_t *c = db_conn_get(db);
    int64_t a = add_org(c, "A"), b = add_org(c, "B");
    assert_true(a > 0 && b > 0);

    /* nothing saved yet: every chapter is "not yet", no assets */
    json_t *r = rules_check_summary(c, a, "en");
    assert_non_null(r);
    assert_int_equal(geti(r, "total"), 11);
    assert_int_equal(geti(r, "not_yet"), 11);
    assert_int_equal(geti(r, "in_place"), 0);
    json_decref(r);

    const char *rows[][3] = {{"organization", "in_place", "1,2,3"},
                             {"human", "drafting", "1"},
                             {"development", "not_needed", ""},
                             {"mynumber", "in_place", "1,2,3,4"}};
    for (size_t i = 0; i < 4; i++)
        assert_true(db_exec(c,
                            "INSERT INTO rules_checks (org_id, chapter, status, points, notes, "
                            "updated_at) VALUES (?, ?, ?, ?, '', ?)",
                            "issss", a, rows[i][0], rows[i][1], rows[i][2], T) == 1);
    r = rules_check_summary(c, a, "ja");
    assert_int_equal(geti(r, "in_place"), 2);
    assert_int_equal(geti(r, "drafting"), 1);
    assert_int_equal(geti(r, "not_needed"), 1);
    assert_int_equal(geti(r, "not_yet"), 7);
    json_t *first = json_array_get(json_object_get(r, "chapters"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "key")), "organization");
    assert_string_equal(json_string_value(json_object_get(first, "title")), "組織的対策");
    assert_int_equal(geti(first, "points_checked"), 3);
    assert_int_equal(geti(first, "points_total"), 5);
    json_decref(r);
    r = rules_check_summary(c, b, "en"); /* B has saved nothing */
    assert_int_equal(geti(r, "not_yet"), 11);
    json_decref(r);

    /* risks: 9 (C3, 3x3), 6 (personal data, 3x2), 4 (C2, 2x3), 2 (C2, 1x1), 1 (C1, 2x2) */
    add_asset(c, a, "low1", 1, 0, 2, 2);
    add_asset(c, a, "urgent", 3, 0, 3, 3);
    add_asset(c, a, "term", 2, 1, 3, 2);
    add_asset(c, a, "desirable", 2, 0, 2, 3);
    add_asset(c, a, "low2", 2, 0, 1, 1);
    add_asset(c, b, "other", 3, 0, 3, 3);
    r = risk_analysis_summary(c, a, 3);
    assert_non_null(r);
    assert_int_equal(geti(r, "assets"), 5);
    json_t *bands = json_object_get(r, "bands");
    assert_int_equal(geti(bands, "urgent"), 1);
    assert_int_equal(geti(bands, "this_term"), 1);
    assert_int_equal(geti(bands, "desirable"), 1);
    assert_int_equal(geti(bands, "low"), 2);
    json_t *top = json_object_get(r, "top");
    assert_int_equal(json_array_size(top), 3);
    const char *want[] = {"urgent", "term", "desirable"};
    const json_int_t risk[] = {9, 6, 4};
    for (size_t i = 0; i < 3; i++) {
        json_t *t = json_array_get(top, i);
        assert_string_equal(json_string_value(json_object_get(t, "name")), want[i]);
        assert_int_equal(geti(t, "risk"), risk[i]);
    }
    assert_int_equal(geti(json_array_get(top, 1), "importance"), 3); /* personal data */
    assert_int_equal(geti(json_array_get(top, 1), "likelihood"), 2);
    json_decref(r);
    r = risk_analysis_summary(c, b, 10);
    assert_int_equal(geti(r, "assets"), 1);
    assert_int_equal(json_array_size(json_object_get(r, "top")), 1);
    json_decref(r);

    db_conn_put(c);
    db_close(db);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(summaries)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
