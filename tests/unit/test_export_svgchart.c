/* test_export_svgchart.c - bar and trend charts: geometry, accessibility, escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "svgchart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_bars(void **state)
{
    (void)state;
    const char *labels[] = {"基本", "従業員", "組織 <script>&"};
    double values[] = {20, 10, 0};
    struct svgchart_bars c = {.id = "parts",
                              .title = "パート別の点数",
                              .desc = "満点は20点です。",
                              .labels = labels,
                              .values = values,
                              .n = 3,
                              .max = 20,
                              .suffix = " 点",
                              .width = 480};
    buf_t b;
    buf_init(&b);
    assert_int_equal(svgchart_bar(&b, &c), 0);
    const char *s = b.data;
    assert_non_null(strstr(s, "role=\"img\""));
    assert_non_null(strstr(s, "aria-labelledby=\"parts-title parts-desc\""));
    assert_non_null(strstr(s, "<title id=\"parts-title\">パート別の点数</title>"));
    assert_non_null(strstr(
        s, "満点は20点です。 基本: 20 点、従業員: 10 点、組織 &lt;script&gt;&amp;: 0 点</desc>"));
    assert_null(strstr(s, "<script>"));
    /* bar area = 480 - (144 + 8) - 72 = 256 px: 20/20 full, 10/20 half, 0 empty */
    assert_non_null(strstr(s, "width=\"256.0\" height=\"20\" rx=\"2\" fill=\"#0017c1\""));
    assert_non_null(strstr(s, "width=\"128.0\" height=\"20\" rx=\"2\" fill=\"#0017c1\""));
    assert_non_null(strstr(s, "width=\"0.0\" height=\"20\" rx=\"2\" fill=\"#0017c1\""));
    assert_int_equal(count(s, "<g>"), 3);
    assert_int_equal(count(s, "<g>"), count(s, "</g>"));

    /* max 0: scaled to the largest value */
    buf_reset(&b);
    c.max = 0;
    values[0] = 5;
    values[1] = 2.5;
    assert_int_equal(svgchart_bar(&b, &c), 0);
    assert_non_null(strstr(b.data, "width=\"128.0\""));
    assert_non_null(strstr(b.data, ">2.5 点</text>"));

    /* per-bar maxima, e.g. diagnosis parts with different full marks */
    buf_reset(&b);
    double maxes[] = {20, 40, 40};
    values[0] = 10;
    values[1] = 40;
    values[2] = 50;
    c.maxes = maxes;
    c.width = 520; /* bar area = 520 - 164 - 112 = 244 */
    assert_int_equal(svgchart_bar(&b, &c), 0);
    assert_non_null(strstr(b.data, "基本: 10 / 20 点、従業員: 40 / 40 点"));
    assert_non_null(strstr(b.data, "width=\"122.0\" height=\"20\" rx=\"2\" fill=\"#0017c1\""));
    assert_int_equal(count(b.data, "width=\"244.0\" height=\"20\" rx=\"2\" fill=\"#0017c1\""), 2);
    maxes[2] = 0;
    assert_int_equal(svgchart_bar(&b, &c), -1);
    c.maxes = NULL;
    c.width = 480;

    values[1] = NAN;
    assert_int_equal(svgchart_bar(&b, &c), -1);
    values[1] = -1;
    assert_int_equal(svgchart_bar(&b, &c), -1);
    values[1] = 1;
    c.id = "bad id\"";
    assert_int_equal(svgchart_bar(&b, &c), -1);
    c.id = NULL;
    c.n = 0;
    assert_int_equal(svgchart_bar(&b, &c), -1);
    buf_free(&b);
}

static void test_trend(void **state)
{
    (void)state;
    const char *dates[] = {"2026-01-01", "2026-01-02", "2026-01-31T00:00:00Z"};
    double values[] = {40, 55, 100};
    struct svgchart_line c = {.id = "trend",
                              .title = "自己診断の合計点の推移",
                              .dates = dates,
                              .values = values,
                              .n = 3,
                              .ymin = 0,
                              .ymax = 100,
                              .width = 480,
                              .height = 240};
    buf_t b;
    buf_init(&b);
    assert_int_equal(svgchart_trend(&b, &c), 0);
    const char *s = b.data;
    assert_non_null(strstr(s, "role=\"img\""));
    assert_non_null(strstr(s, "<title id=\"trend-title\">自己診断の合計点の推移</title>"));
    assert_non_null(strstr(s, "2026-01-01: 40、2026-01-02: 55、2026-01-31: 100</desc>"));
    /* plot: x from 44 to 464 (420 px), y from 204 (0) to 12 (100); placed in time */
    assert_non_null(strstr(s, "points=\"44.0,127.2 58.0,98.4 464.0,12.0\""));
    assert_int_equal(count(s, "<circle"), 3);
    assert_non_null(strstr(s, ">2026-01-31</text>")); /* date part only on the axis */
    assert_null(strstr(s, "T00:00:00Z"));             /* and in the text for screen readers */

    /* dates that are not dates: evenly spaced */
    const char *labels[] = {"第1回", "第2回", "第3回"};
    c.dates = labels;
    buf_reset(&b);
    assert_int_equal(svgchart_trend(&b, &c), 0);
    assert_non_null(strstr(b.data, "points=\"44.0,127.2 254.0,98.4 464.0,12.0\""));
    assert_non_null(strstr(b.data, "第1回: 40、第2回: 55、第3回: 100</desc>"));

    /* one point: no line, a single centred dot */
    c.n = 1;
    buf_reset(&b);
    assert_int_equal(svgchart_trend(&b, &c), 0);
    assert_null(strstr(b.data, "<polyline"));
    assert_int_equal(count(b.data, "<circle"), 1);

    values[0] = INFINITY;
    assert_int_equal(svgchart_trend(&b, &c), -1);
    buf_free(&b);
}

static void test_many_points_label_thinning(void **state)
{
    (void)state;
    enum { N = 40 };
    char store[N][11];
    const char *dates[N];
    double values[N];
    for (int i = 0; i < N; i++) {
        snprintf(store[i], sizeof store[i], "2026-%02d-%02d", 1 + i / 28, 1 + i % 28);
        dates[i] = store[i];
        values[i] = i;
    }
    struct svgchart_line c = {.title = "t", .dates = dates, .values = values, .n = N};
    buf_t b;
    buf_init(&b);
    assert_int_equal(svgchart_trend(&b, &c), 0);
    size_t labels = count(b.data, "text-anchor=\"") - 5; /* minus the 5 y-axis labels */
    assert_int_equal(labels, 6); /* 80px apart on a 420px axis, plus the last */
    assert_non_null(strstr(b.data, ">2026-02-12</text>")); /* the last date is labelled */
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bars),
        cmocka_unit_test(test_trend),
        cmocka_unit_test(test_many_points_label_thinning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
