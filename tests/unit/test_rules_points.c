/* test_rules_points.c - parsing and writing the covered check points "1,3,4" of a chapter. */
#include "rules_points.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static void parses_lists(void **state)
{
    (void)state;
    assert_int_equal(rules_points_parse("", 5), 0);
    assert_int_equal(rules_points_parse("1", 5), 1);
    assert_int_equal(rules_points_parse("1,3,4", 5), 1 | 4 | 8);
    assert_int_equal(rules_points_parse("4,1", 5), 1 | 8);
    assert_int_equal(rules_points_parse("3,3", 5), 4);
    assert_int_equal(rules_points_parse("5", 5), 16);
    assert_int_equal(rules_points_parse("16", 16), 1L << 15);
    assert_int_equal(rules_points_parse("10,2", 12), (1L << 9) | 2);
}

static void refuses_malformed(void **state)
{
    (void)state;
    const char *bad[] = {"0",  "6",   "1,", ",1", "1,,2", " 1",  "1 ",  "01",
                         "-1", "1;2", "x",  "17", "100",  "1.5", "1,6", "2,0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (rules_points_parse(bad[i], 5) != -1)
            fail_msg("accepted %s", bad[i]);
    assert_int_equal(rules_points_parse(NULL, 5), -1);
    assert_int_equal(rules_points_parse("1", 0), -1);
    assert_int_equal(rules_points_parse("1", RULES_POINTS_MAX + 1), -1);
}

static void formats_and_counts(void **state)
{
    (void)state;
    char out[64];
    assert_true(rules_points_format(1 | 4 | 8, out, sizeof out));
    assert_string_equal(out, "1,3,4");
    assert_true(rules_points_format(0, out, sizeof out));
    assert_string_equal(out, "");
    assert_true(rules_points_format((1L << 9) | 2, out, sizeof out));
    assert_string_equal(out, "2,10");
    assert_false(rules_points_format(1 | 4 | 8, out, 4)); /* "1,3" fits, ",4" does not */
    assert_string_equal(out, "");
    assert_false(rules_points_format(1L << RULES_POINTS_MAX, out, sizeof out));
    assert_int_equal(rules_points_count(1 | 4 | 8), 3);
    assert_int_equal(rules_points_count(0), 0);
    /* every mask round-trips */
    for (long m = 0; m < (1L << RULES_POINTS_MAX); m += 97) {
        assert_true(rules_points_format(m, out, sizeof out));
        assert_int_equal(rules_points_parse(out, RULES_POINTS_MAX), m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_lists),
        cmocka_unit_test(refuses_malformed),
        cmocka_unit_test(formats_and_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
