/* test_spool.c - shipping spool: segments sealed, recovered after a crash, bounded, removed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ship.h"
#include "spool.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char *mkdir_tmp(void)
{
    char *t = strdup("/tmp/otasuke-spool-XXXXXX");
    assert_non_null(mkdtemp(t));
    return t;
}

static void rm_tree(char *dir)
{
    DIR *d = opendir(dir);
    for (;;) {
        struct dirent *e = d ? readdir(d) : NULL;
        if (!e)
            break;
        if (e->d_name[0] == '.')
            continue;
        char p[1200];
        snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    free(dir);
}

static int count_files(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (;;) {
        struct dirent *e = d ? readdir(d) : NULL;
        if (!e)
            break;
        size_t l = strlen(e->d_name), sl = strlen(suffix);
        if (l > sl && strcmp(e->d_name + l - sl, suffix) == 0)
            n++;
    }
    if (d)
        closedir(d);
    return n;
}

static void test_seal_read_remove(void **state)
{
    (void)state;
    char *dir = mkdir_tmp();
    struct spool sp;
    char err[128];
    assert_int_equal(spool_open(&sp, dir, 1 << 20, err, sizeof(err)), 0);
    assert_int_equal(spool_append(&sp, "{\"id\":\"a\"}", 10, 100), 0);
    assert_int_equal(spool_append(&sp, "{\"id\":\"b\"}\n", 11, 100), 0);
    assert_null(spool_head(&sp)); /* still open */
    assert_int_equal(count_files(dir, ".open"), 1);
    assert_int_equal(spool_seal(&sp, UINT64_MAX), 0);
    const struct spool_seg *h = spool_head(&sp);
    assert_non_null(h);
    assert_int_equal(h->events, 2);
    char *data;
    size_t len;
    assert_int_equal(spool_read(&sp, h->seq, &data, &len), 0);
    assert_string_equal(data, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
    free(data);
    assert_int_equal(spool_remove(&sp, h->seq), 0);
    assert_null(spool_head(&sp));
    assert_int_equal(count_files(dir, ".ndjson"), 0);
    /* sealing an empty spool creates nothing */
    assert_int_equal(spool_seal(&sp, UINT64_MAX), 0);
    assert_null(spool_head(&sp));
    spool_close(&sp);
    rm_tree(dir);
}

static void test_crash_recovery(void **state)
{
    (void)state;
    char *dir = mkdir_tmp();
    char path[1200];
    /* a segment left open by a crash, its last write cut in the middle of a line */
    snprintf(path, sizeof(path), "%s/seg-0000000000000007.open", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"id\":\"x1\"}\n{\"id\":\"x2\"}\n{\"id\":\"x3", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/seg-0000000000000003.ndjson", dir);
    f = fopen(path, "w");
    fputs("{\"id\":\"old\"}\n", f);
    fclose(f);
    struct spool sp;
    char err[128];
    assert_int_equal(spool_open(&sp, dir, 1 << 20, err, sizeof(err)), 0);
    const struct spool_seg *h = spool_head(&sp);
    assert_non_null(h);
    assert_int_equal(h->seq, 3); /* oldest first */
    assert_int_equal(spool_remove(&sp, 3), 0);
    h = spool_head(&sp);
    assert_int_equal(h->seq, 7);
    assert_int_equal(h->events, 2);
    char *data;
    size_t len;
    assert_int_equal(spool_read(&sp, 7, &data, &len), 0);
    assert_string_equal(data, "{\"id\":\"x1\"}\n{\"id\":\"x2\"}\n");
    free(data);
    /* new segments are numbered after the recovered ones */
    assert_int_equal(spool_append(&sp, "{}", 2, 0), 0);
    assert_true(sp.cur_seq > 7);
    spool_close(&sp);
    assert_int_equal(count_files(dir, ".open"), 0);
    assert_int_equal(count_files(dir, ".ndjson"), 2);
    rm_tree(dir);
}

static void test_bounded(void **state)
{
    (void)state;
    char *dir = mkdir_tmp();
    struct spool sp;
    char err[128];
    char line[100];
    memset(line, 'x', sizeof(line));
    assert_int_equal(spool_open(&sp, dir, 1000, err, sizeof(err)), 0);
    for (int seg = 0; seg < 10; seg++) {
        for (int i = 0; i < 3; i++)
            assert_int_equal(spool_append(&sp, line, sizeof(line), 0), 0);
        assert_int_equal(spool_seal(&sp, 0), 0);
    }
    /* 10 segments of 303 bytes, 1000 allowed: 3 kept, 7 dropped (21 events) */
    assert_int_equal(sp.nq, 3);
    assert_true(sp.queued_bytes <= 1000);
    assert_int_equal(sp.dropped_events, 21);
    assert_int_equal(count_files(dir, ".ndjson"), 3);
    /* segment 0 is "being sent" (keep = 0) and stays; otherwise the newest are kept */
    assert_int_equal(sp.q[0].seq, 0);
    assert_int_equal(sp.q[1].seq, 8);
    assert_int_equal(sp.q[2].seq, 9);
    spool_close(&sp);
    rm_tree(dir);
}

static void test_ship_keeps_events_without_collector(void **state)
{
    (void)state;
    char *dir = mkdir_tmp();
    char err[128];
    assert_null(ship_open("http://127.0.0.1:9/ingest", "t", dir, err, sizeof(err)));
    assert_null(ship_open("https://127.0.0.1:9/ingest", "bad\r\ntoken", dir, err, sizeof(err)));
    setenv("OTASUKE_SHIP_CLOSE_WAIT", "1", 1);
    ship_t *s = ship_open("https://127.0.0.1:9/ingest", "t", dir, err, sizeof(err));
    assert_non_null(s);
    for (int i = 0; i < 10; i++) {
        char ev[64];
        int n = snprintf(ev, sizeof(ev), "{\"id\":\"e%d\"}", i);
        assert_int_equal(ship_event(s, ev, (size_t)n), 0);
    }
    struct ship_stats st;
    ship_get_stats(s, &st);
    assert_int_equal(st.events_spooled, 10);
    assert_int_equal(st.events_queued, 10);
    ship_close(s);
    /* nothing was accepted, so everything is still on disk for the next start */
    s = ship_open("https://127.0.0.1:9/ingest", "t", dir, err, sizeof(err));
    assert_non_null(s);
    ship_get_stats(s, &st);
    assert_int_equal(st.events_queued, 10);
    assert_int_equal(st.events_sent, 0);
    ship_close(s);
    rm_tree(dir);
}

/* A queued segment deleted by hand is skipped (counted as dropped), not retried forever. */
static void test_ship_segment_removed_by_hand(void **state)
{
    (void)state;
    char *dir = mkdir_tmp();
    char err[128];
    ship_t *s = ship_open("https://127.0.0.1:9/ingest", NULL, dir, err, sizeof(err));
    assert_non_null(s);
    ship_set_limits(s, 2, 0, 0, 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(ship_event(s, "{\"id\":\"x\"}", 10), 0);
    struct ship_stats st;
    ship_get_stats(s, &st);
    assert_int_equal(st.segments_queued, 2);
    char path[1200];
    snprintf(path, sizeof(path), "%s/seg-0000000000000000.ndjson", dir);
    assert_int_equal(unlink(path), 0);
    ship_poll(s, time(NULL) + 1000); /* the first send attempt finds the file gone */
    for (int i = 0; i < 50; i++) {
        ship_get_stats(s, &st);
        if (st.events_dropped)
            break;
        usleep(10000);
        ship_poll(s, time(NULL) + 1000);
    }
    ship_get_stats(s, &st);
    assert_int_equal(st.events_dropped, 2);
    assert_int_equal(st.events_queued, 2);
    ship_close(s);
    rm_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seal_read_remove),
        cmocka_unit_test(test_crash_recovery),
        cmocka_unit_test(test_bounded),
        cmocka_unit_test(test_ship_keeps_events_without_collector),
        cmocka_unit_test(test_ship_segment_removed_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
