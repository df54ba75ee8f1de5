/* test_match_flow.c - match_optimize on cases with a known optimum and against brute force. */
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

static struct match_sme sme(int64_t id, int pref)
{
    struct match_sme s = {.id = id, .prefecture = pref, .industry = "", .wants = ""};
    return s;
}

static struct match_result run(const struct match_sme *s, size_t n, const struct match_expert *e,
                               size_t m)
{
    struct match_result r;
    assert_int_equal(match_optimize(G, s, n, e, m, &r), 0);
    struct match_objective o;
    assert_true(match_evaluate(G, s, n, e, m, r.expert_of, &o)); /* feasible */
    assert_int_equal(o.matched, r.matched);
    assert_int_equal(o.score, r.total_score);
    return r;
}

/* Three Tokyo SMEs, one on-site Tokyo expert with two places left: two matched. */
static void test_capacity_limit(void **state)
{
    (void)state;
    struct match_sme s[3] = {sme(1, 13), sme(2, 13), sme(3, 13)};
    struct match_expert e[1] = {expert(1, 13, true, false, 2, 0)};
    struct match_result r = run(s, 3, e, 1);
    assert_int_equal(r.matched, 2);
    match_result_free(&r);
}

/* One online expert in Tokyo with one place; a Tokyo SME would score far higher, but the
 * regional SME in Shimane must not be dropped. */
static void test_regional_sme_kept(void **state)
{
    (void)state;
    struct match_sme s[2] = {sme(1, 13), sme(2, 32)};
    struct match_expert e[1] = {expert(1, 13, true, true, 1, 0)};
    assert_true(match_score(G, &s[0], &e[0], NULL) > match_score(G, &s[1], &e[0], NULL));
    struct match_result r = run(s, 2, e, 1);
    assert_int_equal(r.matched, 1);
    assert_int_equal(r.expert_of[0], -1);
    assert_int_equal(r.expert_of[1], 0);
    match_result_free(&r);
}

/* Matching more SMEs beats score: A (Tokyo) prefers e0 (same prefecture) to e1 (Kanagawa,
 * covers Tokyo), but B (Gunma) can only take e0 (covers Gunma); both on site only. The
 * optimum sends A to e1 and B to e0. */
static void test_more_matches_beat_score(void **state)
{
    (void)state;
    struct match_sme s[2] = {sme(1, 13), sme(2, 10)};
    struct match_expert e[2] = {expert(1, 13, true, false, 1, 0), expert(2, 14, true, false, 1, 0)};
    e[0].areas[0] = 10, e[0].nareas = 1;
    e[1].areas[0] = 13, e[1].nareas = 1;
    assert_true(match_score(G, &s[0], &e[0], NULL) > match_score(G, &s[0], &e[1], NULL));
    assert_int_equal(match_score(G, &s[1], &e[1], NULL), -1);
    struct match_result r = run(s, 2, e, 2);
    assert_int_equal(r.matched, 2);
    assert_int_equal(r.expert_of[0], 1);
    assert_int_equal(r.expert_of[1], 0);
    match_result_free(&r);
}

/* Each SME gets the expert of its own prefecture when both work online. */
static void test_geography_wins(void **state)
{
    (void)state;
    struct match_sme s[2] = {sme(1, 27), sme(2, 13)};
    struct match_expert e[2] = {expert(1, 13, true, true, 5, 0), expert(2, 27, true, true, 5, 0)};
    struct match_result r = run(s, 2, e, 2);
    assert_int_equal(r.expert_of[0], 1);
    assert_int_equal(r.expert_of[1], 0);
    match_result_free(&r);
}

/* Four Tokyo SMEs, two equal Tokyo experts with four places each: two each, not 4/0 or 3/1.
 * An expert that is already busy gets fewer. */
static void test_load_spreads(void **state)
{
    (void)state;
    struct match_sme s[4] = {sme(1, 13), sme(2, 13), sme(3, 13), sme(4, 13)};
    struct match_expert e[2] = {expert(1, 13, true, false, 4, 0), expert(2, 13, true, false, 4, 0)};
    struct match_result r = run(s, 4, e, 2);
    int given[2] = {0, 0};
    for (int i = 0; i < 4; i++)
        given[r.expert_of[i]]++;
    assert_int_equal(given[0], 2);
    assert_int_equal(given[1], 2);
    match_result_free(&r);

    e[0].load = 3; /* e0 already has three SMEs: all four new ones are cheaper on e1 */
    r = run(s, 4, e, 2);
    given[0] = given[1] = 0;
    for (int i = 0; i < 4; i++)
        given[r.expert_of[i]]++;
    assert_true(given[1] > given[0]);
    match_result_free(&r);
}

static void test_empty_and_infeasible(void **state)
{
    (void)state;
    struct match_sme s[2] = {sme(1, 13), sme(2, 47)};
    struct match_expert e[1] = {expert(1, 13, true, false, 3, 0)};
    struct match_result r;
    assert_int_equal(match_optimize(G, s, 0, e, 1, &r), 0);
    assert_int_equal(r.matched, 0);
    match_result_free(&r);
    assert_int_equal(match_optimize(G, s, 2, e, 0, &r), 0);
    assert_int_equal(r.matched, 0);
    assert_int_equal(r.expert_of[0], -1);
    match_result_free(&r);
    r = run(s, 2, e, 1); /* Okinawa SME, Tokyo expert on site only */
    assert_int_equal(r.matched, 1);
    assert_int_equal(r.expert_of[1], -1);
    match_result_free(&r);
}

/* ---- randomized instances against exhaustive search ---- */

static uint64_t rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* lexicographic objective: matched, then regional, then score - load cost */
static int cmp_obj(const struct match_objective *a, const struct match_objective *b)
{
    if (a->matched != b->matched)
        return a->matched < b->matched ? -1 : 1;
    if (a->regional != b->regional)
        return a->regional < b->regional ? -1 : 1;
    long long x = a->score - a->load_cost, y = b->score - b->load_cost;
    return x < y ? -1 : x > y;
}

static void brute(const struct match_sme *s, size_t n, const struct match_expert *e, size_t m,
                  long *cur, size_t i, struct match_objective *best, bool *have)
{
    if (i == n) {
        struct match_objective o;
        if (match_evaluate(G, s, n, e, m, cur, &o) && (!*have || cmp_obj(&o, best) > 0)) {
            *best = o;
            *have = true;
        }
        return;
    }
    for (long x = -1; x < (long)m; x++) {
        cur[i] = x;
        if (x >= 0 && match_score(G, &s[i], &e[x], NULL) < 0)
            continue;
        brute(s, n, e, m, cur, i + 1, best, have);
    }
}

static void test_random_against_brute_force(void **state)
{
    (void)state;
    /* prefectures: metro (Tokyo, Kanagawa, Aichi, Osaka) and regional (Gunma, Shimane,
     * Hiroshima, Okinawa, Yamaguchi), with neighbours and same-region pairs among them */
    static const int prefs[] = {13, 14, 23, 27, 10, 32, 34, 47, 35};
    static const char *const inds[] = {"", "E", "G", "E,G", "I"};
    enum { NP = sizeof prefs / sizeof prefs[0] };
    int instances = 0, short_capacity = 0, greedy_worse = 0;
    for (int round = 0; round < 300; round++) {
        size_t n = 1 + rnd(7), m = 1 + rnd(4);
        struct match_sme s[7];
        struct match_expert e[4];
        for (size_t i = 0; i < n; i++) {
            s[i] = sme((int64_t)i + 1, prefs[rnd(NP)]);
            s[i].industry = inds[rnd(5)];
            s[i].wants = rnd(2) ? "policy" : "";
        }
        int total_cap = 0;
        for (size_t j = 0; j < m; j++) {
            e[j] = expert((int64_t)j + 1, rnd(6) == 0 ? 0 : prefs[rnd(NP)], rnd(4) != 0,
                          rnd(3) != 0, (int)rnd(4), (int)rnd(4));
            if (!e[j].onsite && !e[j].online)
                e[j].online = true;
            for (unsigned a = rnd(3); a > 0; a--)
                e[j].areas[e[j].nareas++] = prefs[rnd(NP)];
            e[j].industries = inds[rnd(5)];
            e[j].specialities = rnd(2) ? "policy,network" : "";
            total_cap += e[j].capacity_left;
        }
        short_capacity += total_cap < (int)n;
        long cur[7];
        struct match_objective best, got;
        bool have = false;
        brute(s, n, e, m, cur, 0, &best, &have);
        assert_true(have); /* all unmatched is always feasible */
        struct match_result r;
        assert_int_equal(match_optimize(G, s, n, e, m, &r), 0);
        assert_true(match_evaluate(G, s, n, e, m, r.expert_of, &got));
        if (cmp_obj(&got, &best) != 0)
            fail_msg("round %d (%zu SMEs x %zu experts): optimizer matched=%zu regional=%zu "
                     "value=%lld, brute force matched=%zu regional=%zu value=%lld",
                     round, n, m, got.matched, got.regional, got.score - got.load_cost,
                     best.matched, best.regional, best.score - best.load_cost);
        match_result_free(&r);
        /* the greedy peer is feasible and never better than the optimum */
        struct match_objective gr;
        assert_int_equal(match_greedy(G, s, n, e, m, &r), 0);
        assert_true(match_evaluate(G, s, n, e, m, r.expert_of, &gr));
        assert_int_equal(gr.matched, r.matched);
        assert_true(cmp_obj(&gr, &best) <= 0);
        greedy_worse += cmp_obj(&gr, &best) < 0;
        match_result_free(&r);
        instances++;
    }
    assert_int_equal(instances, 300);
    assert_true(short_capacity > 50); /* the regional priority was exercised */
    assert_true(greedy_worse > 0);    /* the instances are not all trivial */
}

/* Program size: 400 SMEs x 364 experts, all online, enough places: everyone matched, no
 * expert over capacity, and most SMEs get an expert of their own region. */
static void test_program_size(void **state)
{
    (void)state;
    enum { N = 400, M = 364 };
    struct match_sme *s = calloc(N, sizeof *s);
    struct match_expert *e = calloc(M, sizeof *e);
    assert_non_null(s);
    assert_non_null(e);
    for (int i = 0; i < N; i++)
        s[i] = sme(i + 1, 1 + (int)rnd(47));
    for (int j = 0; j < M; j++)
        e[j] = expert(j + 1, 1 + (int)rnd(47), true, true, 2, 0);
    struct match_result r = run(s, N, e, M);
    assert_int_equal(r.matched, N);
    int near = 0;
    for (int i = 0; i < N; i++)
        near += match_geo_same_region(G, s[i].prefecture, e[r.expert_of[i]].prefecture);
    assert_true(near > N / 2);
    match_result_free(&r);
    free(s);
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capacity_limit),
        cmocka_unit_test(test_regional_sme_kept),
        cmocka_unit_test(test_more_matches_beat_score),
        cmocka_unit_test(test_geography_wins),
        cmocka_unit_test(test_load_spreads),
        cmocka_unit_test(test_empty_and_infeasible),
        cmocka_unit_test(test_random_against_brute_force),
        cmocka_unit_test(test_program_size),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
