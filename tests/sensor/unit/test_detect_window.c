/* test_detect_window.c - the window arithmetic of beaconing, scans and bursts, and the LRU
 * table that bounds their memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "detect_table.h"
#include "detect_window.h"

#define S 1000000LL /* one second in microseconds */

static void fanout_counts_distinct_values_in_window(void **state)
{
    (void)state;
    struct fanout w = {0};
    int64_t t = 1700000000 * S;
    assert_int_equal(fanout_add(&w, t, 60 * S, 445), 1);
    assert_int_equal(fanout_add(&w, t + 1 * S, 60 * S, 445), 1); /* same port again */
    assert_int_equal(fanout_add(&w, t + 2 * S, 60 * S, 139), 2);
    for (uint32_t p = 1; p <= 30; p++)
        fanout_add(&w, t + 3 * S, 60 * S, 1000 + p);
    assert_int_equal(w.n, 32);
    assert_int_equal(w.events, 33);
    /* After the window a new one opens with only the new value. */
    assert_int_equal(fanout_add(&w, t + 61 * S, 60 * S, 22), 1);
}

static void fanout_is_bounded(void **state)
{
    (void)state;
    struct fanout w = {0};
    for (uint32_t i = 0; i < 1000; i++)
        fanout_add(&w, 10 * S, 60 * S, i);
    assert_int_equal(w.n, FANOUT_MAX);
    assert_int_equal(w.events, 1000);
}

static void fanout_accepts_out_of_order_within_window(void **state)
{
    (void)state;
    struct fanout w = {0};
    fanout_add(&w, 100 * S, 60 * S, 1);
    assert_int_equal(fanout_add(&w, 90 * S, 60 * S, 2), 2); /* earlier, still this window */
    assert_int_equal(fanout_add(&w, 10 * S, 60 * S, 3), 1); /* far older: a new window */
}

static void wsum_sums_within_window(void **state)
{
    (void)state;
    struct wsum w = {0};
    assert_int_equal(wsum_add(&w, 5 * S, 600 * S, 10), 10);
    assert_int_equal(wsum_add(&w, 300 * S, 600 * S, 15), 25);
    assert_int_equal(wsum_add(&w, 700 * S, 600 * S, 3), 3);
}

static const struct beacon_params bp = {
    .min_intervals = 8, .min_interval_us = 10 * S, .max_interval_us = 3600 * S, .max_jitter = 0.1};

static void beacon_detects_regular_intervals(void **state)
{
    (void)state;
    struct beacon b = {0};
    int64_t t = 1000 * S;
    bool hit = false;
    double mean = 0, jitter = 1;
    int at = -1;
    for (int i = 0; i < 12; i++) {
        /* 60 s +- 1 s */
        int64_t ts = t + i * 60 * S + ((i % 2) ? S : -S);
        if (beacon_add(&b, ts, &bp, &mean, &jitter) && !hit) {
            hit = true;
            at = i;
        }
    }
    assert_true(hit);
    assert_int_equal(at, 8); /* the 9th connection gives the 8th interval */
    assert_true(mean > 59.0 && mean < 61.0);
    assert_true(jitter < 0.05);
}

static void beacon_ignores_irregular_intervals(void **state)
{
    (void)state;
    static const int gaps[] = {12, 300, 45, 90, 20, 600, 33, 150, 75, 14, 240, 61, 500, 18};
    struct beacon b = {0};
    int64_t t = 1000 * S;
    double mean, jitter;
    for (size_t i = 0; i < sizeof gaps / sizeof *gaps; i++) {
        t += gaps[i] * S;
        assert_false(beacon_add(&b, t, &bp, &mean, &jitter));
    }
}

static void beacon_merges_bursts_and_restarts_after_silence(void **state)
{
    (void)state;
    struct beacon b = {0};
    int64_t t = 0;
    double mean, jitter;
    /* Each beat is a burst of three connections one second apart: still one beat. */
    bool hit = false;
    for (int i = 0; i < 10; i++)
        for (int k = 0; k < 3; k++)
            hit |= beacon_add(&b, 1 * S + t + i * 120 * S + k * S, &bp, &mean, &jitter);
    assert_true(hit);
    assert_int_equal(b.conns, 10);
    assert_true(mean > 117.0 && mean < 119.0); /* measured from each burst's end */
    /* Two hours of silence: the series restarts and needs 8 new intervals. */
    t = 10 * 120 * S + 7200 * S;
    for (int i = 0; i < 8; i++)
        assert_false(beacon_add(&b, t + i * 120 * S, &bp, &mean, &jitter));
    assert_true(beacon_add(&b, t + 8 * 120 * S, &bp, &mean, &jitter));
}

static void beacon_too_fast_is_not_a_beacon(void **state)
{
    (void)state;
    struct beacon b = {0};
    double mean, jitter;
    for (int i = 0; i < 50; i++) /* every 2 s: below min_interval, merged into one burst */
        assert_false(beacon_add(&b, i * 2 * S, &bp, &mean, &jitter));
}

static void table_evicts_least_recently_used(void **state)
{
    (void)state;
    dtable *t = dtable_new(3, sizeof(int));
    assert_non_null(t);
    bool created;
    for (int i = 1; i <= 3; i++) {
        int *v = dtable_get(t, &i, sizeof i, true, &created);
        assert_true(created);
        *v = i * 10;
    }
    int one = 1;
    assert_int_equal(*(int *)dtable_get(t, &one, sizeof one, false, NULL), 10); /* 1 is recent */
    int four = 4;
    *(int *)dtable_get(t, &four, sizeof four, true, &created) = 40;
    assert_true(created);
    int two = 2, three = 3;
    assert_null(dtable_get(t, &two, sizeof two, false, NULL)); /* 2 was least recent */
    assert_non_null(dtable_get(t, &three, sizeof three, false, NULL));
    assert_int_equal(dtable_count(t), 3);
    assert_int_equal(dtable_evicted(t), 1);
    dtable_remove(t, &three, sizeof three);
    assert_int_equal(dtable_count(t), 2);
    assert_null(dtable_get(t, &three, sizeof three, false, NULL));
    dtable_free(t);
}

static void table_holds_many_keys_within_bound(void **state)
{
    (void)state;
    dtable *t = dtable_new(1000, 8);
    for (uint32_t i = 0; i < 100000; i++) {
        uint64_t *v = dtable_get(t, &i, sizeof i, true, NULL);
        assert_non_null(v);
        *v = i;
    }
    assert_int_equal(dtable_count(t), 1000);
    assert_int_equal(dtable_evicted(t), 99000);
    for (uint32_t i = 99000; i < 100000; i++) {
        uint64_t *v = dtable_get(t, &i, sizeof i, false, NULL);
        assert_non_null(v);
        assert_int_equal(*v, i);
    }
    dtable_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fanout_counts_distinct_values_in_window),
        cmocka_unit_test(fanout_is_bounded),
        cmocka_unit_test(fanout_accepts_out_of_order_within_window),
        cmocka_unit_test(wsum_sums_within_window),
        cmocka_unit_test(beacon_detects_regular_intervals),
        cmocka_unit_test(beacon_ignores_irregular_intervals),
        cmocka_unit_test(beacon_merges_bursts_and_restarts_after_silence),
        cmocka_unit_test(beacon_too_fast_is_not_a_beacon),
        cmocka_unit_test(table_evicts_least_recently_used),
        cmocka_unit_test(table_holds_many_keys_within_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
