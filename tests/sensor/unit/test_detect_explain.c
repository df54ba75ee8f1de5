/* test_detect_explain.c - explanation templates: placeholders filled, long or hostile values
 * cut safely on UTF-8 boundaries, incomplete data refused, variants fall back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "explain.h"
#include "str.h"

static void fills_placeholders_and_keeps_unknown_ones(void **state)
{
    (void)state;
    const struct explain_var v[] = {{"host", "192.168.1.5"}, {"device", "JIMU-PC"}};
    char out[128];
    explain_fill("機器「{device}」({host}) {unknown} {", v, 2, out, sizeof out);
    assert_string_equal(out, "機器「JIMU-PC」(192.168.1.5) {unknown} {");
}

static void long_values_are_cut_with_an_ellipsis(void **state)
{
    (void)state;
    char big[1000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const struct explain_var v[] = {{"url", big}};
    char out[512];
    explain_fill("URL: {url}.", v, 1, out, sizeof out);
    assert_int_equal(strlen(out), 5 + EXPLAIN_VALUE_MAX + 3 + 1);
    assert_true(str_valid_utf8(out, strlen(out)));
}

static void output_is_cut_on_a_utf8_boundary(void **state)
{
    (void)state;
    const struct explain_var v[] = {{"x", "日本語のテキストです"}};
    for (size_t sz = 1; sz < 40; sz++) {
        char out[40];
        explain_fill("{x}{x}", v, 1, out, sz);
        assert_true(strlen(out) < sz);
        assert_true(str_valid_utf8(out, strlen(out)));
    }
}

static const char good[] = "{\"categories\":{\"port-scan\":{\"signature_id\":7,\"severity\":2,"
                           "\"title\":\"Scan by {host}\","
                           "\"owner\":{\"ja\":\"{host} がスキャン\",\"en\":\"{host} scanned\"},"
                           "\"analyst\":{\"ja\":\"解析 {host}\",\"en\":\"analysis {host}\"}}}}";

static void renders_entries_and_falls_back_from_variants(void **state)
{
    (void)state;
    char err[128] = "";
    explain_t *e = explain_parse(good, strlen(good), err, sizeof err);
    assert_non_null(e);
    const struct explain_var v[] = {{"host", "10.0.0.9"}};
    static struct explain_text t;
    assert_true(explain_render(e, "port-scan.hosts", v, 1, &t)); /* no such variant */
    assert_string_equal(t.title, "Scan by 10.0.0.9");
    assert_string_equal(t.owner_ja, "10.0.0.9 がスキャン");
    assert_string_equal(t.analyst_en, "analysis 10.0.0.9");
    assert_int_equal(t.severity, 2);
    assert_int_equal(t.signature_id, 7);
    assert_false(explain_render(e, "beaconing", v, 1, &t));
    explain_free(e);
}

static void incomplete_or_broken_data_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "[]",
        "{\"categories\":[]}",
        "{\"categories\":{\"x\":1}}",
        "{\"categories\":{\"x\":{\"owner\":{\"ja\":\"a\",\"en\":\"b\"},"
        "\"analyst\":{\"ja\":\"c\"}}}}", /* analyst.en missing */
        "{\"categories\":{\"x\":{\"owner\":{\"ja\":\"\",\"en\":\"b\"},"
        "\"analyst\":{\"ja\":\"c\",\"en\":\"d\"}}}}", /* empty owner.ja */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char err[128] = "";
        explain_t *e = explain_parse(bad[i], strlen(bad[i]), err, sizeof err);
        assert_null(e);
        assert_true(err[0] != '\0');
    }
}

static void shipped_data_loads(void **state)
{
    (void)state;
    char err[128] = "";
    explain_t *e = explain_load(NULL, err, sizeof err);
    assert_non_null(e);
    static const char *const keys[] = {"known-bad-destination",
                                       "new-device",
                                       "legacy-os",
                                       "mail-burst",
                                       "exposed-service",
                                       "lateral-movement",
                                       "executable-download",
                                       "beaconing",
                                       "port-scan"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        assert_true(explain_has(e, keys[i]));
    explain_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fills_placeholders_and_keeps_unknown_ones),
        cmocka_unit_test(long_values_are_cut_with_an_ellipsis),
        cmocka_unit_test(output_is_cut_on_a_utf8_boundary),
        cmocka_unit_test(renders_entries_and_falls_back_from_variants),
        cmocka_unit_test(incomplete_or_broken_data_is_refused),
        cmocka_unit_test(shipped_data_loads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
