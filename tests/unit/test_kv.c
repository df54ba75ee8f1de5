/* test_kv.c - query strings, form bodies and cookies are decoded strictly. */
#include "kv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static void test_urlencoded(void **state)
{
    (void)state;
    struct kvlist l;
    kv_init(&l);
    const char *s = "name=%E5%B1%B1%E7%94%B0+%E5%A4%AA%E9%83%8E&a=1&a=2&empty=&flag";
    assert_int_equal(kv_parse_urlencoded(&l, s, strlen(s), 100), 0);
    assert_string_equal(kv_get(&l, "name"), "山田 太郎");
    assert_string_equal(kv_get(&l, "a"), "1");
    assert_string_equal(kv_get(&l, "empty"), "");
    assert_string_equal(kv_get(&l, "flag"), "");
    assert_null(kv_get(&l, "missing"));
    kv_free(&l);
}

static void test_urlencoded_rejects_bad_input(void **state)
{
    (void)state;
    const char *bad[] = {"a=%", "a=%4", "a=%zz", "a=%00b", "a=%ff%fe", "a=%C0%AF"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct kvlist l;
        kv_init(&l);
        assert_int_equal(kv_parse_urlencoded(&l, bad[i], strlen(bad[i]), 100), -1);
        kv_free(&l);
    }
    struct kvlist l;
    kv_init(&l);
    assert_int_equal(kv_parse_urlencoded(&l, "a=1&b=2&c=3", 11, 2), -1); /* too many pairs */
    kv_free(&l);
}

static void test_cookies(void **state)
{
    (void)state;
    struct kvlist l;
    kv_init(&l);
    const char *s = "lang=ja; otasuke_session=abc; q=\"quoted\";broken; =x";
    assert_int_equal(kv_parse_cookies(&l, s, strlen(s), 64), 0);
    assert_string_equal(kv_get(&l, "lang"), "ja");
    assert_string_equal(kv_get(&l, "otasuke_session"), "abc");
    assert_string_equal(kv_get(&l, "q"), "quoted");
    assert_null(kv_get(&l, "broken"));
    kv_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_urlencoded),
        cmocka_unit_test(test_urlencoded_rejects_bad_input),
        cmocka_unit_test(test_cookies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
