/* test_sensor_engine.c - the packet path through a sink, as detection sees it: flow start,
 * handshake completion, the SYN fingerprint, ARP, flow end on eviction; and EVE lines written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"

struct seen {
    int starts, established, ends, syns, arps, evicted;
    struct syn_fingerprint syn;
    enum flow_state end_state;
};

static void s_start(void *c, struct flow *f)
{
    (void)f;
    ((struct seen *)c)->starts++;
}

static void s_est(void *c, struct flow *f)
{
    (void)f;
    ((struct seen *)c)->established++;
}

static void s_end(void *c, struct flow *f)
{
    struct seen *s = c;
    s->ends++;
    s->end_state = f->state;
    if (f->end_reason == FLOW_END_EVICTED)
        s->evicted++;
}

static void s_syn(void *c, struct flow *f, const struct syn_fingerprint *fp)
{
    (void)f;
    struct seen *s = c;
    s->syns++;
    if (!fp->is_synack)
        s->syn = *fp;
}

static void s_arp(void *c, const struct arp_event *a)
{
    (void)a;
    ((struct seen *)c)->arps++;
}

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xffff);
}

/* Ethernet + IPv4 + TCP with options (for SYNs); returns the frame length. */
static size_t tcp_frame(uint8_t *f, int from_client, uint16_t cport, uint8_t flags, uint32_t seq,
                        uint32_t ack, bool opts)
{
    memset(f, 0, 80);
    put16(f + 12, 0x0800);
    uint8_t *ip = f + 14;
    size_t tl = opts ? 20 : 0;
    ip[0] = 0x45;
    put16(ip + 2, (unsigned)(20 + 20 + tl));
    ip[6] = 0x40; /* DF */
    ip[8] = from_client ? 128 : 64;
    ip[9] = 6;
    const uint8_t c[4] = {192, 168, 1, 30}, s[4] = {203, 0, 113, 9};
    memcpy(ip + 12, from_client ? c : s, 4);
    memcpy(ip + 16, from_client ? s : c, 4);
    uint8_t *t = ip + 20;
    put16(t, from_client ? cport : 3389);
    put16(t + 2, from_client ? 3389 : cport);
    put32(t + 4, seq);
    put32(t + 8, ack);
    t[12] = (uint8_t)((20 + tl) / 4 << 4);
    t[13] = flags;
    put16(t + 14, 8192);
    if (opts) {
        /* MSS 1460, NOP, WS 8, NOP, NOP, SACK permitted, then EOL padding */
        const uint8_t o[] = {2, 4, 5, 180, 1, 3, 3, 8, 1, 1, 4, 2, 0, 0, 0, 0, 0, 0, 0, 0};
        memcpy(t + 20, o, sizeof o);
    }
    return 14 + 20 + 20 + tl;
}

static void test_handshake_syn_fingerprint_and_eviction(void **state)
{
    (void)state;
    char path[] = "/tmp/test_sensor_engine_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char err[128];
    eve_t *eve = eve_open(path, err, sizeof err);
    assert_non_null(eve);
    struct seen seen;
    memset(&seen, 0, sizeof seen);
    struct sensor_sink sink = {.ctx = &seen,
                               .on_flow_start = s_start,
                               .on_flow_established = s_est,
                               .on_flow_end = s_end,
                               .on_syn = s_syn,
                               .on_arp = s_arp};
    struct engine_config cfg = {.dlt = 1, .max_flows = 2, .sink = &sink, .eve = eve};
    struct engine *e = engine_new(&cfg);
    assert_non_null(e);
    uint8_t f[128];
    int64_t t = 1700000000LL * 1000000;
    size_t n = tcp_frame(f, 1, 50001, 0x02, 100, 0, true);
    engine_packet(e, f, n, (uint32_t)n, t);
    n = tcp_frame(f, 0, 50001, 0x12, 900, 101, true);
    engine_packet(e, f, n, (uint32_t)n, t + 1000);
    assert_int_equal(seen.established, 0);
    n = tcp_frame(f, 1, 50001, 0x10, 101, 901, false);
    engine_packet(e, f, n, (uint32_t)n, t + 2000);
    assert_int_equal(seen.starts, 1);
    assert_int_equal(seen.established, 1);
    assert_int_equal(seen.syns, 2);
    assert_int_equal(seen.syn.ttl, 128);
    assert_int_equal(seen.syn.initial_ttl, 128);
    assert_true(seen.syn.df);
    assert_int_equal(seen.syn.window, 8192);
    assert_int_equal(seen.syn.mss, 1460);
    assert_int_equal(seen.syn.wscale, 8);
    assert_true(seen.syn.sack_ok);
    assert_false(seen.syn.timestamps);
    assert_string_equal(seen.syn.options, "MNWNNSE");
    /* two more flows in a table of two: the first is evicted and ended once */
    n = tcp_frame(f, 1, 50002, 0x02, 5, 0, true);
    engine_packet(e, f, n, (uint32_t)n, t + 3000);
    n = tcp_frame(f, 1, 50003, 0x02, 5, 0, true);
    engine_packet(e, f, n, (uint32_t)n, t + 4000);
    assert_int_equal(seen.starts, 3);
    assert_int_equal(seen.evicted, 1);
    engine_finish(e);
    assert_int_equal(seen.ends, 3);
    struct sensor_stats st;
    engine_get_stats(e, &st);
    assert_int_equal(st.flows_evicted, 1);
    assert_int_equal(st.packets, 5);
    engine_free(e);
    eve_close(eve);
    /* three flow events and one stats event, each a line with an id */
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char line[4096];
    int flows = 0, stats = 0, ids = 0;
    while (fgets(line, sizeof line, fp)) {
        flows += strstr(line, "\"event_type\":\"flow\"") != NULL;
        stats += strstr(line, "\"event_type\":\"stats\"") != NULL;
        ids += strstr(line, "\"id\":\"") != NULL;
    }
    fclose(fp);
    unlink(path);
    assert_int_equal(flows, 3);
    assert_int_equal(stats, 1);
    assert_int_equal(ids, 4);
}

/* A flood of unanswered TLS handshakes: parser state stays bounded, the excess is counted. */
static void test_parser_bound(void **state)
{
    (void)state;
    struct engine_config cfg = {.dlt = 1, .max_flows = 10000};
    struct engine *e = engine_new(&cfg);
    uint8_t f[128];
    int64_t t = 1700000000LL * 1000000;
    for (int i = 0; i < 5000; i++) {
        size_t n = tcp_frame(f, 1, (uint16_t)(10000 + i), 0x18, 1, 1, false);
        /* 5 bytes of a TLS record header, promising more that never comes */
        const uint8_t rec[5] = {0x16, 0x03, 0x01, 0x02, 0x00};
        memcpy(f + n, rec, 5);
        f[14 + 3] = (uint8_t)(f[14 + 3] + 5); /* IPv4 total length */
        engine_packet(e, f, n + 5, (uint32_t)(n + 5), t + i);
    }
    struct sensor_stats st;
    engine_get_stats(e, &st);
    assert_int_equal(st.flows_active, 5000);
    assert_int_equal(st.parsers_skipped, 5000 - 4096);
    engine_finish(e);
    engine_free(e);
}

static void test_alert_line(void **state)
{
    (void)state;
    char path[] = "/tmp/test_sensor_alert_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char err[128];
    eve_t *eve = eve_open(path, err, sizeof err);
    struct alert a;
    memset(&a, 0, sizeof a);
    a.ts_us = 1700000000LL * 1000000;
    a.category = "known-bad-destination";
    a.severity = ALERT_SEV_HIGH;
    a.signature = "Connection to a listed C2 \"server\"";
    sensor_addr_parse("192.168.1.5", &a.src);
    sensor_addr_parse("198.51.100.1", &a.dst);
    a.host = a.src;
    a.proto = 6;
    a.dport = 443;
    a.evidence_json = "{\"list\":\"feodo\"}";
    a.owner_ja = "危険な相手と通信しました。";
    a.owner_en = "Talked to a dangerous server.";
    assert_int_equal(eve_alert(eve, &a), 0);
    a.evidence_json = "not json";
    assert_int_equal(eve_alert(eve, &a), 0);
    eve_close(eve);
    FILE *fp = fopen(path, "r");
    char l1[4096], l2[4096];
    assert_non_null(fgets(l1, sizeof l1, fp));
    assert_non_null(fgets(l2, sizeof l2, fp));
    fclose(fp);
    unlink(path);
    assert_non_null(strstr(l1, "\"category\":\"known-bad-destination\""));
    assert_non_null(strstr(l1, "\"severity\":1"));
    assert_non_null(strstr(l1, "C2 \\\"server\\\""));
    assert_non_null(strstr(l1, "\"evidence\":{\"list\":\"feodo\"}"));
    assert_non_null(strstr(l1, "危険な相手と通信しました。"));
    assert_non_null(strstr(l1, "\"dest_port\":443"));
    /* evidence that is not a JSON object is kept as text, the line stays valid */
    assert_non_null(strstr(l2, "\"evidence_text\":\"not json\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handshake_syn_fingerprint_and_eviction),
        cmocka_unit_test(test_parser_bound),
        cmocka_unit_test(test_alert_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
