/* test_domain_company_counts.c - the operator's CSV of companies per prefecture: the accepted
 * forms (codes, names with and without suffix, English, header, BOM, CRLF, quotes and
 * thousands separators) and every problem reported on its line. */
#include "company_counts.h"
#include "content.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain_fixture.h"

/* 47 lines "code,count" with count = code * 100, optionally replacing line `skip` (1-47). */
static void csv47(char *out, size_t outsz, int skip, const char *instead)
{
    size_t k = 0;
    out[0] = '\0';
    for (int p = 1; p <= PREFECTURES; p++) {
        int n = p == skip ? snprintf(out + k, outsz - k, "%s\n", instead)
                          : snprintf(out + k, outsz - k, "%d,%d\n", p, p * 100);
        assert_true(n > 0 && (size_t)n < outsz - k);
        k += (size_t)n;
    }
}

static void accepts_codes(void **state)
{
    (void)state;
    char buf[4096];
    static struct cc_result r;
    csv47(buf, sizeof buf, 0, "");
    assert_int_equal(cc_parse(C, buf, strlen(buf), &r), 0);
    assert_int_equal(r.companies[13], 1300);
    assert_int_equal(r.total, 100 * 47 * 48 / 2);
}

static void accepts_names_header_bom_crlf_quotes(void **state)
{
    (void)state;
    char buf[8192];
    size_t k = 0;
    k += (size_t)snprintf(buf + k, sizeof buf - k, "\xef\xbb\xbfprefecture,companies\r\n\r\n");
    for (int p = 1; p <= PREFECTURES; p++) {
        const prefecture_t *pf = content_prefecture(C, p);
        if (p == 13)
            k += (size_t)snprintf(buf + k, sizeof buf - k, "\"%s\",\"114,445\"\r\n", pf->name.ja);
        else if (p == 27) /* without the suffix */
            k += (size_t)snprintf(buf + k, sizeof buf - k, "%.*s,5\r\n",
                                  (int)strlen(pf->name.ja) - 3, pf->name.ja);
        else if (p % 2)
            k += (size_t)snprintf(buf + k, sizeof buf - k, "%s,1\r\n", pf->name.en);
        else
            k += (size_t)snprintf(buf + k, sizeof buf - k, "%02d,1\r\n", p);
    }
    static struct cc_result r;
    assert_int_equal(cc_parse(C, buf, k, &r), 0);
    assert_int_equal(r.companies[13], 114445);
    assert_int_equal(r.companies[27], 5);
    assert_int_equal(r.companies[1], 1);
}

static void reports_problems_by_line(void **state)
{
    (void)state;
    char buf[4096];
    static struct cc_result r;
    csv47(buf, sizeof buf, 5, "5,many");
    assert_int_equal(cc_parse(C, buf, strlen(buf), &r), -1);
    assert_int_equal(r.nerr, 2); /* line 5 not a number, and prefecture 5 has no line */
    assert_int_equal(r.err[0].line, 5);
    assert_int_equal(r.err[0].problem, CC_NUMBER);
    assert_int_equal(r.err[1].problem, CC_MISSING);
    assert_int_equal(r.err[1].pref, 5);

    csv47(buf, sizeof buf, 9, "Atlantis,3");
    assert_int_equal(cc_parse(C, buf, strlen(buf), &r), -1);
    assert_int_equal(r.err[0].line, 9);
    assert_int_equal(r.err[0].problem, CC_PREFECTURE);

    csv47(buf, sizeof buf, 10, "13,3");
    assert_int_equal(cc_parse(C, buf, strlen(buf), &r), -1);
    assert_int_equal(r.err[0].line, 13); /* the second line of Tokyo */
    assert_int_equal(r.err[0].problem, CC_DUPLICATE);

    csv47(buf, sizeof buf, 2, "2,3,4");
    assert_int_equal(cc_parse(C, buf, strlen(buf), &r), -1);
    assert_int_equal(r.err[0].problem, CC_FIELDS);

    csv47(buf, sizeof buf, 3, "3,-1");
    assert_int_equal(cc_parse(C, buf, strlen(buf), &r), -1);
    assert_int_equal(r.err[0].problem, CC_NUMBER);

    assert_int_equal(cc_parse(C, "", 0, &r), -1);
    assert_int_equal(r.err[0].problem, CC_EMPTY);
    assert_int_equal(cc_parse(C, "\xff\xfe", 2, &r), -1);
    assert_int_equal(r.err[0].problem, CC_ENCODING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_codes),
        cmocka_unit_test(accepts_names_header_bom_crlf_quotes),
        cmocka_unit_test(reports_problems_by_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
