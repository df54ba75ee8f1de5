/* test_timeutil.c - ISO timestamps and the date in Japan (programs, visits, reminders). */
#include "timeutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void test_jst_date(void **state)
{
    (void)state;
    time_t t;
    char d[11];
    /* 20:00 UTC is 05:00 the next morning in Japan. */
    assert_true(time_parse_iso("2026-11-22T20:00:00Z", &t));
    time_jst_date(d, t, 0);
    assert_string_equal(d, "2026-11-23");
    /* 14:59:59 UTC is still the same day (23:59:59 JST); 15:00 is the next. */
    assert_true(time_parse_iso("2026-12-31T14:59:59Z", &t));
    time_jst_date(d, t, 0);
    assert_string_equal(d, "2026-12-31");
    time_jst_date(d, t + 1, 0);
    assert_string_equal(d, "2027-01-01");
    /* Days before and after, across a month and a leap day. */
    assert_true(time_parse_iso("2028-02-28T03:00:00Z", &t));
    time_jst_date(d, t, 1);
    assert_string_equal(d, "2028-02-29");
    time_jst_date(d, t, -28);
    assert_string_equal(d, "2028-01-31");
}

static void test_iso_round_trip(void **state)
{
    (void)state;
    time_t t;
    char iso[TIME_ISO_LEN];
    assert_true(time_parse_iso("2026-11-22T08:15:02Z", &t));
    time_iso(iso, t);
    assert_string_equal(iso, "2026-11-22T08:15:02Z");
    assert_false(time_parse_iso("2026-13-01T00:00:00Z", &t));
    assert_true(time_valid_date("2028-02-29"));
    assert_false(time_valid_date("2026-02-29"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jst_date),
        cmocka_unit_test(test_iso_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
