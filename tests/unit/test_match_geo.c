/* test_match_geo.c - the shipped geography files, the pair score and the candidate list. */
#include "match.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match_fixture.h"

static void test_neighbours_symmetric_no_self(void **state)
{
    (void)state;
    int pairs = 0;
    for (int a = 1; a <= 47; a++) {
        assert_false(match_geo_neighbours(G, a, a));
        for (int b = 1; b <= 47; b++) {
            assert_int_equal(match_geo_neighbours(G, a, b), match_geo_neighbours(G, b, a));
            pairs += match_geo_neighbours(G, a, b);
        }
    }
    assert_int_equal(pairs % 2, 0);
    assert_true(pairs / 2 > 80); /* Japan has about 90 land borders + a few links */
    assert_false(match_geo_neighbours(G, 0, 13));
    assert_false(match_geo_neighbours(G, 13, 48));
}

static int degree(int a)
{
    int n = 0;
    for (int b = 1; b <= 47; b++)
        n += match_geo_neighbours(G, a, b);
    return n;
}

static void test_neighbours_spot_checks(void **state)
{
    (void)state;
    assert_true(match_geo_neighbours(G, 13, 14));  /* Tokyo - Kanagawa */
    assert_true(match_geo_neighbours(G, 13, 11));  /* Tokyo - Saitama */
    assert_true(match_geo_neighbours(G, 13, 19));  /* Tokyo - Yamanashi */
    assert_false(match_geo_neighbours(G, 13, 27)); /* Tokyo - Osaka */
    assert_false(match_geo_neighbours(G, 11, 14)); /* Saitama - Kanagawa */
    assert_true(match_geo_neighbours(G, 24, 26));  /* Mie - Kyoto */
    assert_true(match_geo_neighbours(G, 27, 30));  /* Osaka - Wakayama */
    assert_true(match_geo_neighbours(G, 7, 10));   /* Fukushima - Gunma */
    assert_false(match_geo_neighbours(G, 42, 43)); /* Nagasaki - Kumamoto: sea only */
    /* fixed links counted (documented in the file): bridges, Kanmon, Seikan */
    assert_true(match_geo_neighbours(G, 33, 37)); /* Okayama - Kagawa */
    assert_true(match_geo_neighbours(G, 28, 36)); /* Hyogo - Tokushima */
    assert_true(match_geo_neighbours(G, 34, 38)); /* Hiroshima - Ehime */
    assert_true(match_geo_neighbours(G, 35, 40)); /* Yamaguchi - Fukuoka */
    assert_int_equal(degree(1), 1);               /* Hokkaido: Aomori by the Seikan tunnel */
    assert_int_equal(degree(47), 0);              /* Okinawa */
    assert_int_equal(degree(20), 8);              /* Nagano borders eight prefectures */
    assert_int_equal(degree(42), 1);              /* Nagasaki: Saga only */
}

/* Every prefecture except Okinawa is reachable from Tokyo over the neighbour relation. */
static void test_neighbours_connected(void **state)
{
    (void)state;
    int seen[48] = {0}, queue[48], qh = 0, qt = 0;
    seen[13] = 1;
    queue[qt++] = 13;
    while (qh < qt) {
        int a = queue[qh++];
        for (int b = 1; b <= 47; b++)
            if (!seen[b] && match_geo_neighbours(G, a, b)) {
                seen[b] = 1;
                queue[qt++] = b;
            }
    }
    assert_int_equal(qt, 46);
    assert_false(seen[47]);
}

static void test_regions_and_metro(void **state)
{
    (void)state;
    assert_true(match_geo_same_region(G, 13, 10));  /* Tokyo, Gunma: Kanto */
    assert_false(match_geo_same_region(G, 13, 27)); /* Tokyo, Osaka */
    assert_string_equal(match_geo_region(G, 40), "Kyushu-Okinawa");
    assert_string_equal(match_geo_name(G, 1), "Hokkaido");
    assert_string_equal(match_geo_region(G, 0), "");
    assert_int_equal(match_geo_metro(G, 13), 1);
    assert_int_equal(match_geo_metro(G, 12), 1);
    assert_int_equal(match_geo_metro(G, 23), 2);
    assert_int_equal(match_geo_metro(G, 24), 2);
    assert_int_equal(match_geo_metro(G, 29), 3);
    assert_int_equal(match_geo_metro(G, 10), 0);
    assert_int_equal(match_geo_metro(G, 47), 0);
    int metro = 0;
    for (int p = 1; p <= 47; p++)
        metro += match_geo_metro(G, p) != 0;
    assert_int_equal(metro, 11); /* 4 + 3 + 4 prefectures (domain.md §5) */
}

static const char *PREFS_OK = "code,name_ja,name_en,region_ja,region_en,metro_area\n";

static char *prefs_text(void)
{
    static char buf[8192];
    size_t off = (size_t)snprintf(buf, sizeof buf, "%s", PREFS_OK);
    for (int c = 1; c <= 47 && off < sizeof buf; c++)
        off += (size_t)snprintf(buf + off, sizeof buf - off, "%02d,x,P%d,r,R%d,%s\n", c, c, c % 8,
                                c == 13 ? "首都圏" : "");
    return buf;
}

static const char *WEIGHTS_OK = "key,value\nsame_prefecture,2000\ncovers_prefecture,1600\n"
                                "neighbour,1200\nsame_region,800\nonline,400\nindustry,150\n"
                                "speciality,100\nload,50\nload_step,40\n";

static void expect_refused(const char *p, const char *n, const char *w, const char *needle)
{
    char err[512] = "";
    match_geo_t *g = match_geo_parse(p, n, w, err, sizeof err);
    if (g) {
        match_geo_free(g);
        fail_msg("accepted, wanted an error containing %s", needle);
    }
    if (!strstr(err, needle))
        fail_msg("error '%s' does not contain '%s'", err, needle);
}

static void test_parse_refuses_broken_files(void **state)
{
    (void)state;
    const char *p = prefs_text();
    char err[256];
    match_geo_t *g = match_geo_parse(p, "a,b,kind\n01,02,land\n", WEIGHTS_OK, err, sizeof err);
    assert_non_null(g);
    assert_true(match_geo_neighbours(g, 2, 1));
    match_geo_free(g);
    expect_refused(p, "a,b,kind\n13,13,land\n", WEIGHTS_OK, "prefecture_neighbours.csv:2");
    expect_refused(p, "a,b,kind\n13,48,land\n", WEIGHTS_OK, "prefecture_neighbours.csv:2");
    expect_refused(p, "a,b,kind\n# c\n13,14,sea\n", WEIGHTS_OK, "prefecture_neighbours.csv:3");
    expect_refused(p, "a,b,kind\n13,14,land\n14,13,land\n", WEIGHTS_OK, "twice");
    expect_refused(p, "", WEIGHTS_OK, "no header");
    expect_refused(PREFS_OK, "a,b,kind\n", WEIGHTS_OK, "code 01 missing");
    expect_refused("code,x\n", "a,b,kind\n", WEIGHTS_OK, "header");
    expect_refused(p, "a,b,kind\n", "key,value\nsame_prefecture,2000\n", "missing");
    expect_refused(p, "a,b,kind\n", "key,value\nbogus,1\n", "unknown key");
    /* industry + speciality + load = 300 is not below the gap 1200 - 1000 */
    char w[512];
    snprintf(w, sizeof w, "%s", WEIGHTS_OK);
    char *at = strstr(w, "same_region,800");
    memcpy(at, "same_region,999", 15);
    expect_refused(p, "a,b,kind\n", w, "geography must dominate");
}

static struct match_expert expert(int64_t id, int pref, bool onsite, bool online, int left,
                                  int load)
{
    struct match_expert e = {.id = id,
                             .prefecture = pref,
                             .onsite = onsite,
                             .online = online,
                             .industries = "",
                             .specialities = "",
                             .capacity_left = left,
                             .load = load};
    return e;
}

static void test_score_feasibility(void **state)
{
    (void)state;
    struct match_sme s = {.id = 1, .prefecture = 32, .industry = "E", .wants = ""};
    unsigned why;
    struct match_expert e = expert(1, 32, true, false, 0, 3);
    assert_int_equal(match_score(G, &s, &e, &why), -1); /* no capacity left */
    e = expert(1, 13, true, false, 2, 0);
    assert_int_equal(match_score(G, &s, &e, &why), -1); /* on site only, far away */
    e.areas[0] = 32;
    e.nareas = 1;
    assert_true(match_score(G, &s, &e, &why) >= 0); /* covers Shimane on site */
    assert_int_equal(why & (MATCH_WHY_COVERS_PREF | MATCH_WHY_ONLINE), MATCH_WHY_COVERS_PREF);
    e = expert(1, 31, true, false, 2, 0);
    assert_int_equal(match_score(G, &s, &e, &why), -1); /* neighbour but on site only */
    e.online = true;
    assert_true(match_score(G, &s, &e, &why) >= 0);
    assert_int_equal(why & (MATCH_WHY_NEIGHBOUR | MATCH_WHY_ONLINE),
                     MATCH_WHY_NEIGHBOUR | MATCH_WHY_ONLINE);
    e = expert(1, 0, false, true, 1, 0); /* prefecture not stated, online */
    assert_true(match_score(G, &s, &e, &why) >= 0);
    assert_int_equal(why & 0x1f, MATCH_WHY_ONLINE);
}

/* Geography dominates: the best extras at a farther level never beat the worst at a
 * nearer one. */
static void test_score_geography_dominates(void **state)
{
    (void)state;
    struct match_sme s = {.id = 1, .prefecture = 35, .industry = "E,G", .wants = "policy"};
    /* an SME in Yamaguchi (35): Hiroshima is a neighbour, Okayama only the same region */
    struct match_expert lv[5];
    lv[0] = expert(1, 35, true, true, 1, 9); /* same, worst extras */
    lv[1] = expert(2, 13, true, true, 10, 0);
    lv[1].areas[0] = 35, lv[1].nareas = 1;    /* covers */
    lv[2] = expert(3, 34, true, true, 10, 0); /* Hiroshima: neighbour */
    lv[3] = expert(4, 33, true, true, 10, 0); /* Okayama: same region */
    lv[4] = expert(5, 13, true, true, 10, 0); /* Tokyo: online only */
    unsigned expect_bits[5] = {MATCH_WHY_SAME_PREF, MATCH_WHY_COVERS_PREF, MATCH_WHY_NEIGHBOUR,
                               MATCH_WHY_SAME_REGION, 0};
    for (int i = 1; i < 5; i++)
        lv[i].industries = "E", lv[i].specialities = "policy,network";
    int prev = 1 << 30;
    for (int i = 0; i < 5; i++) {
        unsigned why;
        int sc = match_score(G, &s, &lv[i], &why);
        assert_true(sc >= 0);
        assert_int_equal(why & 0x0f, expect_bits[i]);
        if (i > 0) {
            assert_true(why & MATCH_WHY_INDUSTRY);
            assert_true(why & MATCH_WHY_SPECIALITY);
            assert_true(why & MATCH_WHY_HAS_CAPACITY);
        }
        if (sc >= prev)
            fail_msg("level %d scored %d, not below the nearer level's %d", i, sc, prev);
        prev = sc;
    }
    /* within a level: industry and speciality and free capacity count */
    struct match_expert a = expert(1, 35, true, true, 5, 0), b = a;
    b.industries = "G";
    assert_true(match_score(G, &s, &b, NULL) > match_score(G, &s, &a, NULL));
    struct match_expert busy = expert(1, 35, true, true, 1, 4);
    assert_true(match_score(G, &s, &a, NULL) > match_score(G, &s, &busy, NULL));
}

static void test_candidates_ranked(void **state)
{
    (void)state;
    struct match_sme s = {.id = 1, .prefecture = 13, .industry = "E", .wants = ""};
    struct match_expert ex[6] = {
        expert(10, 27, true, true, 3, 0),  /* online only */
        expert(11, 13, true, false, 0, 5), /* same but full: infeasible */
        expert(12, 13, true, true, 2, 1),  /* same */
        expert(13, 14, true, true, 2, 1),  /* neighbour */
        expert(9, 13, true, true, 2, 1),   /* same, equal score, lower id */
        expert(14, 40, true, false, 3, 0), /* far, on site only: infeasible */
    };
    size_t out[4];
    size_t n;
    n = match_candidates(G, &s, ex, 6, out, 4);
    assert_int_equal(n, 4);
    assert_int_equal(ex[out[0]].id, 9);
    assert_int_equal(ex[out[1]].id, 12);
    assert_int_equal(ex[out[2]].id, 13);
    assert_int_equal(ex[out[3]].id, 10);
    n = match_candidates(G, &s, ex, 6, out, 2);
    assert_int_equal(n, 2);
    assert_int_equal(ex[out[0]].id, 9);
    assert_int_equal(ex[out[1]].id, 12);
    /* equal scores (load bonus 50 * 2/4 == 50 * 1/2): the lower load wins the tie */
    struct match_expert tie[2] = {expert(1, 13, true, true, 2, 2), expert(2, 13, true, true, 1, 1)};
    assert_int_equal(match_score(G, &s, &tie[0], NULL), match_score(G, &s, &tie[1], NULL));
    n = match_candidates(G, &s, tie, 2, out, 2);
    assert_int_equal(n, 2);
    assert_int_equal(tie[out[0]].id, 2);
    assert_int_equal(match_candidates(G, &s, tie, 2, out, 0), 0);
}

static void test_why_labels(void **state)
{
    (void)state;
    const char *l[8];
    size_t n = match_why_labels(MATCH_WHY_NEIGHBOUR | MATCH_WHY_ONLINE | MATCH_WHY_INDUSTRY, l, 8);
    assert_int_equal(n, 3);
    assert_string_equal(l[0], "neighbour");
    assert_string_equal(l[1], "online");
    assert_string_equal(l[2], "industry");
    assert_int_equal(match_why_labels(0xff, l, 2), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_neighbours_symmetric_no_self),
        cmocka_unit_test(test_neighbours_spot_checks),
        cmocka_unit_test(test_neighbours_connected),
        cmocka_unit_test(test_regions_and_metro),
        cmocka_unit_test(test_parse_refuses_broken_files),
        cmocka_unit_test(test_score_feasibility),
        cmocka_unit_test(test_score_geography_dominates),
        cmocka_unit_test(test_candidates_ranked),
        cmocka_unit_test(test_why_labels),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
