/* test_domain_profile.c - organization profile field validation with per-field messages. */
#include "content.h"
#include "profile.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain_fixture.h"

static void expect_key(const field_error_t *e, const char *key)
{
    if (!key) {
        if (e)
            fail_msg("unexpected error %s", e->key);
        return;
    }
    if (!e)
        fail_msg("expected %s, got none", key);
    assert_string_equal(e->key, key);
    assert_true(strlen(e->text.ja) > 0 && strlen(e->text.en) > 0);
}

static void test_name(void **state)
{
    (void)state;
    expect_key(profile_check_name("株式会社やまだ工務店"), NULL);
    expect_key(profile_check_name(""), "profile.name.required");
    expect_key(profile_check_name("   "), "profile.name.required");
    expect_key(profile_check_name(NULL), "profile.name.required");
    expect_key(profile_check_name("a\nb"), "profile.name.invalid");
    expect_key(profile_check_name("\xff\xfe"), "profile.name.invalid");
    char s[400];
    /* 100 kanji (300 bytes) is fine; 101 is too long: length counts characters */
    for (int i = 0; i < 100; i++)
        memcpy(s + 3 * i, "山", 3);
    s[300] = '\0';
    expect_key(profile_check_name(s), NULL);
    memcpy(s + 300, "山", 4); /* 101 characters */
    expect_key(profile_check_name(s), "profile.name.too_long");
}

static void test_org_type_industry(void **state)
{
    (void)state;
    expect_key(profile_check_org_type(C, "company"), NULL);
    expect_key(profile_check_org_type(C, ""), "profile.org_type.required");
    expect_key(profile_check_org_type(C, "corp"), "profile.org_type.invalid");
    expect_key(profile_check_industry(C, "company", ""), "profile.industry.required");
    expect_key(profile_check_industry(C, "npo", NULL), "profile.industry.required");
    expect_key(profile_check_industry(C, "medical", ""), NULL);
    expect_key(profile_check_industry(C, "company", "retail"), NULL);
    expect_key(profile_check_industry(C, "company", "farming"), "profile.industry.invalid");
}

static void test_numbers(void **state)
{
    (void)state;
    bool given = true;
    int64_t v = -1;
    expect_key(profile_check_capital("", &given, &v), NULL);
    assert_false(given);
    expect_key(profile_check_capital("30000000", &given, &v), NULL);
    assert_true(given);
    assert_int_equal(v, 30000000);
    expect_key(profile_check_capital("30,000,000", &given, &v), NULL);
    assert_int_equal(v, 30000000);
    expect_key(profile_check_capital("３０００００００", &given, &v), NULL); /* full-width */
    assert_int_equal(v, 30000000);
    expect_key(profile_check_capital("0", &given, &v), NULL);
    assert_int_equal(v, 0);
    expect_key(profile_check_capital("-5", NULL, NULL), "profile.capital.negative");
    expect_key(profile_check_capital("－5", NULL, NULL), "profile.capital.negative");
    expect_key(profile_check_capital("3千万", NULL, NULL), "profile.capital.not_integer");
    expect_key(profile_check_capital("1.5", NULL, NULL), "profile.capital.not_integer");
    expect_key(profile_check_capital("30,00,000", NULL, NULL), "profile.capital.not_integer");
    expect_key(profile_check_capital("1e9", NULL, NULL), "profile.capital.not_integer");
    expect_key(profile_check_capital("99999999999999999999999", NULL, NULL),
               "profile.capital.too_large");

    expect_key(profile_check_employees("12", &v), NULL);
    assert_int_equal(v, 12);
    expect_key(profile_check_employees(" 0 ", &v), NULL);
    assert_int_equal(v, 0);
    expect_key(profile_check_employees("", NULL), "profile.employees.required");
    expect_key(profile_check_employees("-1", NULL), "profile.employees.negative");
    expect_key(profile_check_employees("12人", NULL), "profile.employees.not_integer");
    expect_key(profile_check_employees("+3", NULL), "profile.employees.not_integer");
    expect_key(profile_check_employees("10000001", NULL), "profile.employees.too_large");
}

static void test_prefecture(void **state)
{
    (void)state;
    int code = 0;
    expect_key(profile_check_prefecture("13", &code), NULL);
    assert_int_equal(code, 13);
    expect_key(profile_check_prefecture("01", &code), NULL);
    assert_int_equal(code, 1);
    expect_key(profile_check_prefecture("47", &code), NULL);
    expect_key(profile_check_prefecture("", NULL), "profile.prefecture.required");
    expect_key(profile_check_prefecture("0", NULL), "profile.prefecture.invalid");
    expect_key(profile_check_prefecture("48", NULL), "profile.prefecture.invalid");
    expect_key(profile_check_prefecture("+1", NULL), "profile.prefecture.invalid");
    expect_key(profile_check_prefecture("tokyo", NULL), "profile.prefecture.invalid");
    assert_string_equal(content_prefecture(C, 13)->name.ja, "東京都");
}

static void test_website(void **state)
{
    (void)state;
    expect_key(profile_check_website(""), NULL);
    expect_key(profile_check_website("https://www.example.co.jp/"), NULL);
    expect_key(profile_check_website("http://example.com:8080/a?b=c#d"), NULL);
    expect_key(profile_check_website("https://やまだ工務店.jp/"), NULL);
    expect_key(profile_check_website("ftp://example.com/"), "profile.website.scheme");
    expect_key(profile_check_website("javascript:alert(1)"), "profile.website.scheme");
    expect_key(profile_check_website("www.example.com"), "profile.website.scheme");
    expect_key(profile_check_website("https://"), "profile.website.invalid");
    expect_key(profile_check_website("https://exa mple.com/"), "profile.website.invalid");
    expect_key(profile_check_website("https://example.com/\"><script>"), "profile.website.invalid");
    expect_key(profile_check_website("https://user:pw@example.com/"), "profile.website.invalid");
    expect_key(profile_check_website("https://example..com/"), "profile.website.invalid");
    expect_key(profile_check_website("https://examplecom/"), "profile.website.invalid");
    expect_key(profile_check_website("https://example.com:99999999/"), "profile.website.invalid");
}

static void test_whole_form(void **state)
{
    (void)state;
    profile_form_t ok = {"株式会社やまだ工務店",      "company", "construction", "", "12", "13",
                         "https://yamada.example.jp/"};
    profile_errors_t errs;
    assert_int_equal(profile_validate(C, &ok, &errs), 0);
    profile_form_t bad = {"", "company", "", "-1", "abc", "99", "ftp://x"};
    assert_int_equal(profile_validate(C, &bad, &errs), 6); /* org_type is fine */
    assert_string_equal(errs.errors[0].field, "name");
    assert_string_equal(errs.errors[1].field, "industry");
    assert_string_equal(errs.errors[2].field, "capital");
    assert_string_equal(errs.errors[3].field, "employees");
    assert_string_equal(errs.errors[4].field, "prefecture");
    assert_string_equal(errs.errors[5].field, "website");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name),    cmocka_unit_test(test_org_type_industry),
        cmocka_unit_test(test_numbers), cmocka_unit_test(test_prefecture),
        cmocka_unit_test(test_website), cmocka_unit_test(test_whole_form),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
