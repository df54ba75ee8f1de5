/* test_i18n.c - .po parsing, fallbacks, and language negotiation. */
#include "i18n.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static void test_po_parse(void **state)
{
    (void)state;
    const char *po = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                     "# comment\nmsgid \"Log in\"\nmsgstr \"ログイン\"\n\n"
                     "msgid \"Two \"\n\"lines\"\nmsgstr \"二\"\n\"行\"\n\n"
                     "#, fuzzy\nmsgid \"Fuzzy\"\nmsgstr \"あいまい\"\n\n"
                     "msgid \"Quote \\\"x\\\"\"\nmsgstr \"引用「x」\"\n\n"
                     "msgid \"Untranslated\"\nmsgstr \"\"\n";
    char err[128];
    catalog_t *c = catalog_new();
    assert_int_equal(catalog_parse_po(c, "ja", po, strlen(po), err, sizeof err), 0);
    assert_string_equal(catalog_get(c, "ja", "Log in"), "ログイン");
    assert_string_equal(catalog_get(c, "ja", "Two lines"), "二行");
    assert_string_equal(catalog_get(c, "ja", "Quote \"x\""), "引用「x」");
    assert_string_equal(catalog_get(c, "ja", "Fuzzy"), "Fuzzy"); /* fuzzy entries are unused */
    assert_string_equal(catalog_get(c, "ja", "Untranslated"), "Untranslated");
    assert_string_equal(catalog_get(c, "en", "Log in"), "Log in");
    catalog_free(c);
}

static void test_po_errors(void **state)
{
    (void)state;
    const char *bad[] = {"msgstr \"x\"\n", "msgid \"unterminated\n", "garbage\n",
                         "msgid \"a\"\nmsgstr \"\\q\"\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[128];
        catalog_t *c = catalog_new();
        assert_int_equal(catalog_parse_po(c, "ja", bad[i], strlen(bad[i]), err, sizeof err), -1);
        catalog_free(c);
    }
}

/* An empty language (po/en has no files) must not reach qsort/bsearch with NULL. */
static void test_empty_language(void **state)
{
    (void)state;
    char err[128];
    catalog_t *c = catalog_load("/nonexistent-po-dir", err, sizeof err);
    assert_non_null(c);
    assert_string_equal(catalog_get(c, "en", "Log in"), "Log in");
    assert_false(catalog_has(c, "ja", "Log in"));
    catalog_free(c);
}

static void test_pick(void **state)
{
    (void)state;
    assert_string_equal(i18n_pick(NULL, NULL), "ja");
    assert_string_equal(i18n_pick(NULL, "en-US,en;q=0.9"), "en");
    assert_string_equal(i18n_pick(NULL, "ja,en-US;q=0.8"), "ja");
    assert_string_equal(i18n_pick(NULL, "en;q=0.5, ja;q=0.9"), "ja");
    assert_string_equal(i18n_pick(NULL, "fr-FR,de"), "ja");
    assert_string_equal(i18n_pick("en", "ja"), "en"); /* the switch wins */
    assert_string_equal(i18n_pick("xx", "en"), "en");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_po_parse),
        cmocka_unit_test(test_po_errors),
        cmocka_unit_test(test_empty_language),
        cmocka_unit_test(test_pick),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
