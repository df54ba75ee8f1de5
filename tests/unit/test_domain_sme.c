/* test_domain_sme.c - SME eligibility at every limit of every row (domain.md §1). */
#include "content.h"
#include "sme.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "domain_fixture.h"

static sme_result_t check(const char *type, const char *ind, int64_t cap, int64_t emp)
{
    sme_input_t in = {type, ind, cap >= 0, cap, emp};
    sme_result_t r;
    assert_int_equal(sme_check(C, &in, &r), SME_OK);
    assert_true(strlen(r.reason_ja) > 0 && strlen(r.reason_en) > 0);
    /* complete sentences: not truncated */
    size_t lj = strlen(r.reason_ja), le = strlen(r.reason_en);
    assert_true(lj >= 3 && strcmp(r.reason_ja + lj - 3, "。") == 0);
    assert_int_equal(r.reason_en[le - 1], '.');
    return r;
}

static void expect(const char *type, const char *ind, int64_t cap, int64_t emp, bool eligible,
                   int rule)
{
    sme_result_t r = check(type, ind, cap, emp);
    if (r.eligible != eligible || r.rule != rule)
        fail_msg("%s/%s cap=%lld emp=%lld: got eligible=%d rule=%d, want %d/%d", type,
                 ind ? ind : "-", (long long)cap, (long long)emp, r.eligible, r.rule, eligible,
                 rule);
}

static const struct {
    const char *industry;
    int row;
    int64_t cap, emp;
} company_rows[] = {
    {"manufacturing", 1, 300000000, 300},
    {"construction", 1, 300000000, 300},
    {"transport", 1, 300000000, 300},
    {"wholesale", 2, 100000000, 100},
    {"services", 3, 50000000, 100},
    {"retail", 4, 50000000, 50},
    {"rubber", 5, 300000000, 900},
    {"software", 6, 300000000, 300},
    {"inn", 7, 50000000, 200},
    {"other", 8, 300000000, 300},
};

/* Rows 1-8: at the limit, one over, either limit suffices, both over. */
static void test_company_rows_boundaries(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof company_rows / sizeof company_rows[0]; i++) {
        const char *ind = company_rows[i].industry;
        int row = company_rows[i].row;
        int64_t cap = company_rows[i].cap, emp = company_rows[i].emp;
        expect("company", ind, cap, emp, true, row);          /* both exactly at limit */
        expect("company", ind, cap + 1, emp, true, row);      /* employees suffice */
        expect("company", ind, cap, emp + 1, true, row);      /* capital suffices */
        expect("company", ind, cap + 1, emp + 1, false, row); /* both one over */
        expect("company", ind, -1, emp, true, row);           /* no capital: employees */
        expect("company", ind, -1, emp + 1, false, row);      /* no capital, over */
        expect("company", ind, 0, 100000, true, row);         /* capital 0 */
    }
}

static void test_sole_proprietor_ignores_capital(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof company_rows / sizeof company_rows[0]; i++) {
        const char *ind = company_rows[i].industry;
        int row = company_rows[i].row;
        int64_t emp = company_rows[i].emp;
        expect("sole-proprietor", ind, INT64_C(999999999999), emp, true, row);
        expect("sole-proprietor", ind, 0, emp + 1, false, row);
        expect("sole-proprietor", ind, -1, emp + 1, false, row);
    }
    sme_result_t r = check("sole-proprietor", "retail", 0, 51);
    assert_non_null(strstr(r.reason_ja, "個人事業主"));
    assert_non_null(strstr(r.reason_ja, "対象外"));
}

static void test_fixed_rows_employees_only(void **state)
{
    (void)state;
    const struct {
        const char *type;
        int row;
        int64_t emp;
    } t[] = {
        {"medical", 9, 300}, {"social-welfare", 9, 300}, {"school", 10, 300}, {"chamber", 11, 100}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        expect(t[i].type, NULL, 1, t[i].emp, true, t[i].row);
        /* capital never helps on rows 9-11 */
        expect(t[i].type, NULL, 0, t[i].emp + 1, false, t[i].row);
        /* the industry is ignored for these types */
        expect(t[i].type, "retail", -1, t[i].emp, true, t[i].row);
    }
}

/* Rows 12-15 use the employee limit of the main industry (rows 1-8). */
static void test_main_industry_rows(void **state)
{
    (void)state;
    const char *types[] = {"sme-association", "special-union", "foundation", "npo"};
    for (size_t t = 0; t < 4; t++) {
        int row = 12 + (int)t;
        for (size_t i = 0; i < sizeof company_rows / sizeof company_rows[0]; i++) {
            expect(types[t], company_rows[i].industry, -1, company_rows[i].emp, true, row);
            expect(types[t], company_rows[i].industry, 0, company_rows[i].emp + 1, false, row);
        }
    }
    sme_result_t r = check("npo", "inn", -1, 200);
    assert_int_equal(r.employees_limit, 200);
    assert_int_equal(r.capital_limit, -1);
    assert_non_null(strstr(r.reason_ja, "旅館業"));
}

static void test_voluntary_group_never(void **state)
{
    (void)state;
    sme_result_t r = check("voluntary-group", NULL, 0, 0);
    assert_false(r.eligible);
    assert_int_equal(r.rule, 0);
    assert_non_null(strstr(r.reason_ja, "任意団体"));
}

static void test_reason_plain_words(void **state)
{
    (void)state;
    sme_result_t r = check("company", "manufacturing", -1, 120);
    assert_non_null(strstr(r.reason_ja, "製造業では"));
    assert_non_null(strstr(r.reason_ja, "資本金3億円以下または従業員300人以下が中小企業です"));
    assert_non_null(strstr(r.reason_ja, "従業員120人なので対象です"));
    r = check("company", "wholesale", 60000000, 140);
    assert_non_null(strstr(r.reason_ja, "資本金6,000万円が1億円以下なので対象です"));
    r = check("company", "retail", 60000000, 40);
    assert_non_null(strstr(r.reason_ja, "従業員40人が50人以下なので対象です"));
    assert_non_null(strstr(r.reason_en, "¥50,000,000"));
}

static void test_small_scale(void **state)
{
    (void)state;
    sme_result_t r = check("company", "manufacturing", -1, 20);
    assert_true(r.small_scale_known && r.small_scale);
    r = check("company", "manufacturing", -1, 21);
    assert_false(r.small_scale);
    assert_true(r.eligible);
    r = check("company", "retail", -1, 5);
    assert_true(r.small_scale);
    r = check("company", "retail", -1, 6);
    assert_false(r.small_scale);
    r = check("company", "wholesale", -1, 6);
    assert_false(r.small_scale);
    r = check("company", "services", -1, 5);
    assert_true(r.small_scale);
    /* not eligible: never small-scale */
    r = check("company", "retail", 60000000, 51);
    assert_false(r.small_scale);
    r = check("medical", NULL, -1, 3);
    assert_false(r.small_scale_known);
}

static void test_input_errors(void **state)
{
    (void)state;
    sme_result_t r;
    sme_input_t in = {"kabushiki", "retail", false, 0, 3};
    assert_int_equal(sme_check(C, &in, &r), SME_E_ORG_TYPE);
    in = (sme_input_t){NULL, "retail", false, 0, 3};
    assert_int_equal(sme_check(C, &in, &r), SME_E_ORG_TYPE);
    in = (sme_input_t){"company", NULL, false, 0, 3};
    assert_int_equal(sme_check(C, &in, &r), SME_E_INDUSTRY_REQUIRED);
    in = (sme_input_t){"npo", "", false, 0, 3};
    assert_int_equal(sme_check(C, &in, &r), SME_E_INDUSTRY_REQUIRED);
    in = (sme_input_t){"company", "fishing", false, 0, 3};
    assert_int_equal(sme_check(C, &in, &r), SME_E_INDUSTRY);
    in = (sme_input_t){"company", "retail", true, -1, 3};
    assert_int_equal(sme_check(C, &in, &r), SME_E_CAPITAL);
    in = (sme_input_t){"company", "retail", false, 0, -1};
    assert_int_equal(sme_check(C, &in, &r), SME_E_EMPLOYEES);
    assert_false(r.eligible);
    assert_string_equal(sme_err_text(SME_E_EMPLOYEES, "ja"),
                        "従業員数は0人以上で入力してください。");
}

static void test_result_json(void **state)
{
    (void)state;
    sme_result_t r = check("voluntary-group", NULL, -1, 1);
    char *js = sme_result_to_json(&r);
    assert_non_null(js);
    assert_non_null(strstr(js, "{\"eligible\": false, \"rule\": null, \"reason\": {\"ja\": \""));
    free(js);
    r = check("company", "inn", -1, 200);
    js = sme_result_to_json(&r);
    assert_non_null(strstr(js, "{\"eligible\": true, \"rule\": 7, "));
    free(js);
}

static void test_yen_format(void **state)
{
    (void)state;
    char b[64];
    assert_true(sme_yen_ja(b, sizeof b, 300000000));
    assert_string_equal(b, "3億円");
    assert_true(sme_yen_ja(b, sizeof b, 50000000));
    assert_string_equal(b, "5,000万円");
    assert_true(sme_yen_ja(b, sizeof b, 123456789));
    assert_string_equal(b, "1億2,345万6,789円");
    assert_true(sme_yen_ja(b, sizeof b, 0));
    assert_string_equal(b, "0円");
    assert_true(sme_yen_ja(b, sizeof b, INT64_C(1200000000000)));
    assert_string_equal(b, "1兆2,000億円");
    assert_true(sme_yen_en(b, sizeof b, 300000000));
    assert_string_equal(b, "¥300,000,000");
    assert_false(sme_yen_ja(b, 4, 300000000)); /* truncation reported */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_company_rows_boundaries),
        cmocka_unit_test(test_sole_proprietor_ignores_capital),
        cmocka_unit_test(test_fixed_rows_employees_only),
        cmocka_unit_test(test_main_industry_rows),
        cmocka_unit_test(test_voluntary_group_never),
        cmocka_unit_test(test_reason_plain_words),
        cmocka_unit_test(test_small_scale),
        cmocka_unit_test(test_input_errors),
        cmocka_unit_test(test_result_json),
        cmocka_unit_test(test_yen_format),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
