/* test_visit_report.c - the final report's snapshot shown in one language: labels and
 * msgid values translated, {ja,en} values picked, URLs flagged, malformed entries shown as
 * empty text rather than crashing. */
#include "pages_report_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static catalog_t *cat(void)
{
    const char *po = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                     "msgid \"Basic policy\"\nmsgstr \"基本方針\"\n\n"
                     "msgid \"Version\"\nmsgstr \"版\"\n\n"
                     "msgid \"Not declared\"\nmsgstr \"宣言していません\"\n\n"
                     "msgid \"High priority\"\nmsgstr \"優先度が高い対策\"\n";
    char err[128];
    catalog_t *c = catalog_new();
    assert_int_equal(catalog_parse_po(c, "ja", po, strlen(po), err, sizeof err), 0);
    return c;
}

static const char *cell(json_t *d, size_t sec, const char *what, size_t i, const char *key)
{
    json_t *s = json_array_get(json_object_get(d, "sections"), sec);
    json_t *x = json_array_get(json_object_get(s, what), i);
    return key ? json_string_value(json_object_get(x, key)) : json_string_value(x);
}

static void test_round_trip(void **state)
{
    (void)state;
    catalog_t *c = cat();
    json_t *s = report_section("policy", "Basic policy");
    report_row(s, "Version", json_string("2"));
    report_row(s, "Level", json_pack("{s:s}", "msgid", "Not declared"));
    report_row(s, "Public page", json_string("https://example.jp/orgs/1/policy/v/2"));
    report_item(s, report_both(c, "High priority", "バックアップ"));
    json_t *snap = json_pack("{s:[o]}", "sections", s);

    json_t *ja = report_display(c, "ja", snap);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(ja, "sections"), 0), "title")),
                        "基本方針");
    assert_string_equal(cell(ja, 0, "rows", 0, "label"), "版");
    assert_string_equal(cell(ja, 0, "rows", 0, "value"), "2");
    assert_string_equal(cell(ja, 0, "rows", 1, "value"), "宣言していません");
    assert_true(json_is_true(json_object_get(
        json_array_get(json_object_get(json_array_get(json_object_get(ja, "sections"), 0), "rows"),
                       2),
        "is_url")));
    assert_false(json_is_true(json_object_get(
        json_array_get(json_object_get(json_array_get(json_object_get(ja, "sections"), 0), "rows"),
                       0),
        "is_url")));
    assert_string_equal(cell(ja, 0, "list", 0, NULL), "優先度が高い対策: バックアップ");

    json_t *en = report_display(c, "en", snap);
    assert_string_equal(cell(en, 0, "rows", 1, "value"), "Not declared");
    assert_string_equal(cell(en, 0, "list", 0, NULL), "High priority: バックアップ");
    json_decref(ja);
    json_decref(en);
    json_decref(snap);
    catalog_free(c);
}

static void test_malformed(void **state)
{
    (void)state;
    catalog_t *c = cat();
    const char *bad[] = {"{}", "{\"sections\": 3}", "{\"sections\": [1, \"x\", {}]}",
                         "{\"sections\": [{\"rows\": [1, {\"value\": [1]}], \"list\": [{}]}]}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *snap = json_loads(bad[i], 0, NULL);
        assert_non_null(snap);
        json_t *d = report_display(c, "ja", snap);
        assert_non_null(d);
        assert_true(json_is_array(json_object_get(d, "sections")));
        json_decref(d);
        json_decref(snap);
    }
    json_t *d = report_display(c, "ja", NULL);
    assert_int_equal(json_array_size(json_object_get(d, "sections")), 0);
    json_decref(d);
    catalog_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_round_trip),
                                       cmocka_unit_test(test_malformed)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
