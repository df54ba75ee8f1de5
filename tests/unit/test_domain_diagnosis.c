/* test_domain_diagnosis.c - scoring, bands, review and advice lists, JSON input. */
#include "content.h"
#include "diagnosis.h"
#include "diagnosis_json.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain_fixture.h"

static diag_result_t score(const diag_answers_t *ans)
{
    diag_result_t r;
    int bad = -1;
    assert_int_equal(diag_score(C, ans, &r, &bad), DIAG_OK);
    assert_int_equal(bad, 0);
    return r;
}

static void test_all_done_is_100(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_DONE);
    diag_result_t r = score(&a);
    assert_int_equal(r.total, 100);
    assert_int_equal(r.parts[PART_BASIC], 20);
    assert_int_equal(r.parts[PART_EMPLOYEE], 52);
    assert_int_equal(r.parts[PART_ORGANIZATION], 28);
    assert_int_equal(r.part_max[PART_EMPLOYEE], 52);
    assert_string_equal(r.band->key, "achieved");
    assert_int_equal(r.n_unknown, 0);
    assert_int_equal(r.n_advice, 0);
}

static void test_all_unknown_is_minus_25(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_UNKNOWN);
    diag_result_t r = score(&a);
    assert_int_equal(r.total, -25);
    assert_int_equal(r.parts[PART_BASIC], -5);
    assert_int_equal(r.parts[PART_EMPLOYEE], -13);
    assert_int_equal(r.parts[PART_ORGANIZATION], -7);
    assert_string_equal(r.band->key, "urgent");
    assert_int_equal(r.n_unknown, 25);
    for (int i = 0; i < 25; i++)
        assert_int_equal(r.unknown_items[i], i + 1);
    assert_int_equal(r.n_advice, 25);
}

static void test_all_not_done_and_partly(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_NOT_DONE);
    assert_int_equal(score(&a).total, 0);
    a = all(ANS_PARTLY);
    diag_result_t r = score(&a);
    assert_int_equal(r.total, 50);
    assert_string_equal(r.band->key, "insufficient");
}

static void test_not_used_rules(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_NOT_DONE);
    a.a[9] = ANS_NOT_USED;
    a.a[23] = ANS_NOT_USED;
    diag_result_t r = score(&a);
    assert_int_equal(r.total, 8);
    assert_int_equal(r.points[9], 4);
    assert_int_equal(r.points[23], 4);
    assert_int_equal(r.parts[PART_EMPLOYEE], 4);
    assert_int_equal(r.parts[PART_ORGANIZATION], 4);
    for (size_t i = 0; i < r.n_advice; i++)
        assert_true(r.advice_items[i] != 9 && r.advice_items[i] != 23);

    for (int no = 1; no <= DIAG_ITEMS; no++) {
        if (no == 9 || no == 23)
            continue;
        a = all(ANS_DONE);
        a.a[no] = ANS_NOT_USED;
        int bad = 0;
        assert_int_equal(diag_score(C, &a, &r, &bad), DIAG_E_NOT_USED);
        assert_int_equal(bad, no);
        assert_int_equal(r.total, 0);
    }
}

static void test_missing_and_bad_value(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_DONE);
    a.a[17] = ANS_NONE;
    diag_result_t r;
    int bad = 0;
    assert_int_equal(diag_score(C, &a, &r, &bad), DIAG_E_MISSING);
    assert_int_equal(bad, 17);
    a = all(ANS_DONE);
    a.a[4] = (enum diag_answer)42;
    assert_int_equal(diag_score(C, &a, &r, &bad), DIAG_E_VALUE);
    assert_int_equal(bad, 4);
    char msg[200];
    diag_err_text(DIAG_E_NOT_USED, 5, "ja", msg, sizeof msg);
    assert_string_equal(msg, "No.5：「利用していない」を選べるのはNo.9とNo.23だけです。");
}

/* Bands per domain.md §3: 100 / 70-99 / 50-69 / <=49. */
static void test_band_table(void **state)
{
    (void)state;
    const struct {
        int total;
        const char *band;
    } t[] = {{100, "achieved"},    {99, "partial"}, {70, "partial"}, {69, "insufficient"},
             {50, "insufficient"}, {49, "urgent"},  {0, "urgent"},   {-25, "urgent"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const band_def_t *b = content_band(C, t[i].total);
        assert_non_null(b);
        assert_string_equal(b->key, t[i].band);
    }
    assert_null(content_band(C, 101));
    assert_null(content_band(C, -26));
}

/* Reachable totals at the band edges, through scoring. */
static void test_band_edges_by_answers(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_DONE);
    a.a[1] = ANS_PARTLY; /* 98 */
    diag_result_t r = score(&a);
    assert_int_equal(r.total, 98);
    assert_string_equal(r.band->key, "partial");
    a = all(ANS_DONE); /* 70: 15 partly */
    for (int i = 1; i <= 15; i++)
        a.a[i] = ANS_PARTLY;
    r = score(&a);
    assert_int_equal(r.total, 70);
    assert_string_equal(r.band->key, "partial");
    a.a[16] = ANS_PARTLY; /* 68 */
    r = score(&a);
    assert_string_equal(r.band->key, "insufficient");
    a = all(ANS_DONE); /* 69 = 17 done + 1 partly - 1 */
    for (int i = 1; i <= 6; i++)
        a.a[i] = ANS_NOT_DONE;
    a.a[7] = ANS_PARTLY;
    a.a[8] = ANS_UNKNOWN;
    r = score(&a);
    assert_int_equal(r.total, 69);
    assert_string_equal(r.band->key, "insufficient");
    a = all(ANS_DONE); /* 50 = 12 done + 1 partly */
    for (int i = 1; i <= 12; i++)
        a.a[i] = ANS_NOT_DONE;
    a.a[13] = ANS_PARTLY;
    r = score(&a);
    assert_int_equal(r.total, 50);
    assert_string_equal(r.band->key, "insufficient");
    a.a[14] = ANS_UNKNOWN; /* 45 */
    r = score(&a);
    assert_string_equal(r.band->key, "urgent");
    a = all(ANS_DONE); /* 49 = 12 done + 1 partly - 1 */
    for (int i = 1; i <= 11; i++)
        a.a[i] = ANS_NOT_DONE;
    a.a[12] = ANS_PARTLY;
    a.a[13] = ANS_UNKNOWN;
    r = score(&a);
    assert_int_equal(r.total, 49);
    assert_string_equal(r.band->key, "urgent");
}

static void test_advice_lowest_first(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_DONE);
    a.a[3] = ANS_PARTLY;
    a.a[20] = ANS_UNKNOWN;
    a.a[7] = ANS_NOT_DONE;
    a.a[2] = ANS_NOT_DONE;
    diag_result_t r = score(&a);
    assert_int_equal(r.n_advice, 4);
    int want[] = {20, 2, 7, 3};
    for (int i = 0; i < 4; i++)
        assert_int_equal(r.advice_items[i], want[i]);
    assert_int_equal(r.n_unknown, 1);
    assert_int_equal(r.unknown_items[0], 20);
}

static char *answers_json(const char *over_key, const char *over_val, const char *extra)
{
    static char buf[4096];
    size_t o = 0;
    o += (size_t)snprintf(buf + o, sizeof buf - o, "{\"answers\": {");
    for (int i = 1; i <= DIAG_ITEMS; i++) {
        char k[8];
        snprintf(k, sizeof k, "%d", i);
        if (over_key && strcmp(k, over_key) == 0 && !over_val)
            continue;
        const char *v = over_key && strcmp(k, over_key) == 0 ? over_val : "\"done\"";
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s\"%d\": %s", o > 13 ? ", " : "", i, v);
    }
    snprintf(buf + o, sizeof buf - o, "%s}}", extra ? extra : "");
    return buf;
}

static void expect_json_error(const char *text, const char *needle)
{
    diag_answers_t a;
    char err[300] = "";
    assert_false(diag_answers_from_json(C, text, strlen(text), &a, err, sizeof err));
    if (!strstr(err, needle))
        fail_msg("error \"%s\" lacks \"%s\" for input %.80s", err, needle, text);
    assert_null(strchr(err, '\n'));
    for (int i = 0; i <= DIAG_ITEMS; i++)
        assert_int_equal(a.a[i], ANS_NONE);
}

static void test_json_roundtrip(void **state)
{
    (void)state;
    const char *in = answers_json("9", "\"not_used\"", NULL);
    diag_answers_t a;
    char err[300];
    assert_true(diag_answers_from_json(C, in, strlen(in), &a, err, sizeof err));
    assert_int_equal(a.a[9], ANS_NOT_USED);
    a.a[20] = ANS_UNKNOWN;
    a.a[4] = ANS_UNKNOWN;
    diag_result_t r = score(&a);
    char *js = diag_result_to_json(&r);
    assert_string_equal(js, "{\"total\": 90, \"parts\": {\"basic\": 15, \"employee\": 52, "
                            "\"organization\": 23}, \"band\": \"partial\", "
                            "\"unknown_items\": [4, 20]}");
    free(js);
}

static void test_json_errors(void **state)
{
    (void)state;
    expect_json_error(answers_json("7", NULL, NULL), "item 7: missing");
    expect_json_error(answers_json("3", "\"yes\"", NULL), "item 3: unknown answer \"yes\"");
    expect_json_error(answers_json("3", "4", NULL), "item 3: the answer must be a string");
    expect_json_error(answers_json("1", "\"not_used\"", NULL), "item 1: not_used");
    expect_json_error(answers_json(NULL, NULL, ", \"26\": \"done\""), "unknown item \"26\"");
    expect_json_error(answers_json(NULL, NULL, ", \"0\": \"done\""), "unknown item \"0\"");
    expect_json_error(answers_json(NULL, NULL, ", \"x\": \"done\""), "unknown item \"x\"");
    expect_json_error(answers_json("1", NULL, ", \"01\": \"done\""), "unknown item \"01\"");
    expect_json_error(answers_json("1", NULL, ", \"+1\": \"done\""), "unknown item \"+1\"");
    expect_json_error(answers_json(NULL, NULL, ", \"1\": \"done\""), "malformed JSON");
    expect_json_error("{\"answers\": {}, \"x\": 1}", "unknown field \"x\"");
    expect_json_error("{\"answers\": []}", "\"answers\" is missing or not an object");
    expect_json_error("{}", "\"answers\" is missing");
    expect_json_error("[1]", "expected a JSON object");
    expect_json_error("", "malformed JSON");
    expect_json_error("{\"\\n\\n\\\nanswenansw{}}", "malformed JSON"); /* from fuzzing */
    expect_json_error("{\"answers\": {\"1\": \"do\\u0000ne\"}}", "malformed JSON");
    expect_json_error("{\"answers\": {\"1\": \"\xff\"}}", "malformed JSON");
    char big[DIAG_JSON_MAX_BYTES + 10];
    memset(big, ' ', sizeof big);
    big[sizeof big - 1] = '\0';
    expect_json_error(big, "too large");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_done_is_100),
        cmocka_unit_test(test_all_unknown_is_minus_25),
        cmocka_unit_test(test_all_not_done_and_partly),
        cmocka_unit_test(test_not_used_rules),
        cmocka_unit_test(test_missing_and_bad_value),
        cmocka_unit_test(test_band_table),
        cmocka_unit_test(test_band_edges_by_answers),
        cmocka_unit_test(test_advice_lowest_first),
        cmocka_unit_test(test_json_roundtrip),
        cmocka_unit_test(test_json_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
