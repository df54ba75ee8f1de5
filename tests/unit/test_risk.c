/* test_risk.c - every cell of the likelihood table, every importance override and every risk
 * band of domain.md §4, and refusal of out-of-range levels. */
#include "risk.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* domain.md §4: 3x3 -> 3, 3x2 -> 2, 2x3 -> 2, any other -> 1. Written out cell by cell. */
static const int WANT_LIKELIHOOD[9][3] = {
    {1, 1, 1}, {1, 2, 1}, {1, 3, 1}, {2, 1, 1}, {2, 2, 1},
    {2, 3, 2}, {3, 1, 1}, {3, 2, 2}, {3, 3, 3},
};

static void likelihood_every_cell(void **state)
{
    (void)state;
    for (size_t k = 0; k < 9; k++) {
        int t = WANT_LIKELIHOOD[k][0], w = WANT_LIKELIHOOD[k][1];
        int got = risk_likelihood(t, w);
        if (got != WANT_LIKELIHOOD[k][2])
            fail_msg("threat %d x weakness %d: got %d, want %d", t, w, got, WANT_LIKELIHOOD[k][2]);
    }
}

static void likelihood_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(risk_likelihood(0, 2), 0);
    assert_int_equal(risk_likelihood(4, 3), 0);
    assert_int_equal(risk_likelihood(3, 0), 0);
    assert_int_equal(risk_likelihood(2, 4), 0);
    assert_int_equal(risk_likelihood(-1, -1), 0);
}

static void importance_is_max(void **state)
{
    (void)state;
    /* every C, I, A combination without overrides is the maximum of the three */
    for (int c = 1; c <= 3; c++)
        for (int i = 1; i <= 3; i++)
            for (int a = 1; a <= 3; a++) {
                int want = c > i ? (c > a ? c : a) : (i > a ? i : a);
                int got = risk_importance(c, i, a, false, false);
                if (got != want)
                    fail_msg("C%d I%d A%d: got %d, want %d", c, i, a, got, want);
            }
    assert_int_equal(risk_importance(1, 1, 1, false, false), 1);
    assert_int_equal(risk_importance(1, 2, 1, false, false), 2);
    assert_int_equal(risk_importance(1, 1, 3, false, false), 3);
}

static void importance_overrides(void **state)
{
    (void)state;
    /* personal data or existential impact forces 3 whatever C, I, A are */
    for (int c = 1; c <= 3; c++)
        for (int i = 1; i <= 3; i++)
            for (int a = 1; a <= 3; a++) {
                assert_int_equal(risk_importance(c, i, a, true, false), 3);
                assert_int_equal(risk_importance(c, i, a, false, true), 3);
                assert_int_equal(risk_importance(c, i, a, true, true), 3);
            }
    assert_int_equal(risk_importance(2, 1, 1, true, false), 3);
    assert_int_equal(risk_importance(2, 1, 1, false, false), 2);
}

static void importance_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(risk_importance(0, 1, 1, false, false), 0);
    assert_int_equal(risk_importance(1, 4, 1, false, false), 0);
    assert_int_equal(risk_importance(1, 1, 9, true, true), 0); /* no override of bad input */
}

static void risk_values_and_bands(void **state)
{
    (void)state;
    for (int imp = 1; imp <= 3; imp++)
        for (int lik = 1; lik <= 3; lik++)
            assert_int_equal(risk_value(imp, lik), imp * lik);
    assert_int_equal(risk_value(0, 3), 0);
    assert_int_equal(risk_value(3, 4), 0);
    assert_int_equal(risk_band_of(9), RISK_BAND_URGENT);
    assert_int_equal(risk_band_of(6), RISK_BAND_THIS_TERM);
    assert_int_equal(risk_band_of(4), RISK_BAND_DESIRABLE);
    assert_int_equal(risk_band_of(3), RISK_BAND_LOW);
    assert_int_equal(risk_band_of(2), RISK_BAND_LOW);
    assert_int_equal(risk_band_of(1), RISK_BAND_LOW);
    assert_int_equal(risk_band_of(0), RISK_BAND_NONE);
    assert_int_equal(risk_band_of(10), RISK_BAND_NONE);
    assert_string_equal(risk_band_key(RISK_BAND_URGENT), "urgent");
    assert_string_equal(risk_band_key(RISK_BAND_THIS_TERM), "this_term");
    assert_string_equal(risk_band_key(RISK_BAND_DESIRABLE), "desirable");
    assert_string_equal(risk_band_key(RISK_BAND_LOW), "low");
    assert_string_equal(risk_band_key(RISK_BAND_NONE), "");
}

/* The worked example of the issue: C2 I1 A1 with personal data, threat 3, weakness 2. */
static void worked_example(void **state)
{
    (void)state;
    int imp = risk_importance(2, 1, 1, true, false);
    int lik = risk_likelihood(3, 2);
    assert_int_equal(imp, 3);
    assert_int_equal(lik, 2);
    assert_int_equal(risk_value(imp, lik), 6);
    assert_int_equal(risk_band_of(6), RISK_BAND_THIS_TERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(likelihood_every_cell),   cmocka_unit_test(likelihood_out_of_range),
        cmocka_unit_test(importance_is_max),       cmocka_unit_test(importance_overrides),
        cmocka_unit_test(importance_out_of_range), cmocka_unit_test(risk_values_and_bands),
        cmocka_unit_test(worked_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
