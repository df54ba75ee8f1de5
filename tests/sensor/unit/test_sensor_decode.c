/* test_sensor_decode.c - the decoder on hand-built frames (Ethernet, VLAN, SLL2, raw, IPv6
 * extension headers, ARP, fragments in any order, truncation), and the flow table's bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "flow.h"
#include "frag.h"

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* IPv4 header at p for a payload of len bytes; returns 20. */
static size_t ip4(uint8_t *p, uint8_t proto, size_t len, unsigned id, unsigned frag)
{
    memset(p, 0, 20);
    p[0] = 0x45;
    put16(p + 2, (unsigned)(20 + len));
    put16(p + 4, id);
    put16(p + 6, frag);
    p[8] = 64;
    p[9] = proto;
    const uint8_t src[4] = {192, 168, 1, 10}, dst[4] = {203, 0, 113, 5};
    memcpy(p + 12, src, 4);
    memcpy(p + 16, dst, 4);
    return 20;
}

static size_t udp(uint8_t *p, unsigned sport, unsigned dport, size_t len)
{
    put16(p, sport);
    put16(p + 2, dport);
    put16(p + 4, (unsigned)(8 + len));
    put16(p + 6, 0);
    return 8;
}

static void test_ethernet_vlan_udp(void **state)
{
    (void)state;
    uint8_t f[128];
    memset(f, 0, sizeof f);
    const uint8_t smac[6] = {0x00, 0x1b, 0x21, 1, 2, 3};
    memcpy(f + 6, smac, 6);
    put16(f + 12, 0x8100);
    put16(f + 14, 42);
    put16(f + 16, 0x8100); /* QinQ */
    put16(f + 18, 7);
    put16(f + 20, 0x0800);
    size_t o = 22;
    o += ip4(f + o, 17, 8 + 4, 1, 0);
    o += udp(f + o, 5353, 53, 4);
    memcpy(f + o, "abcd", 4);
    o += 4;
    struct decoder dec = {.dlt = 1};
    struct packet pkt;
    struct arp_event arp;
    assert_int_equal(decode_packet(&dec, f, o + 6 /* padding */, (uint32_t)o, 5, &pkt, &arp),
                     DECODE_IP);
    assert_int_equal(pkt.vlan, 42);
    assert_int_equal(pkt.proto, 17);
    assert_int_equal(pkt.sport, 5353);
    assert_int_equal(pkt.dport, 53);
    assert_int_equal(pkt.payload_len, 4);
    assert_memory_equal(pkt.src_mac, smac, 6);
    char a[SENSOR_ADDR_STRLEN];
    assert_string_equal(sensor_addr_str(&pkt.dst, a, sizeof a), "203.0.113.5");
    /* every truncation is an error or a shorter packet, never a read past the end */
    for (size_t i = 0; i < o; i++) {
        uint8_t *copy = malloc(i ? i : 1);
        memcpy(copy, f, i);
        decode_packet(&dec, copy, i, (uint32_t)i, 5, &pkt, &arp);
        free(copy);
    }
}

static void test_sll2_ipv6_ext_tcp(void **state)
{
    (void)state;
    uint8_t f[200];
    memset(f, 0, sizeof f);
    put16(f, 0x86dd); /* SLL2: protocol first */
    size_t o = 20;
    uint8_t *ip = f + o;
    ip[0] = 0x60;
    put16(ip + 4, 8 + 20);
    ip[6] = 0; /* hop-by-hop */
    ip[7] = 55;
    ip[8] = 0x20, ip[9] = 0x01, ip[10] = 0x0d, ip[11] = 0xb8, ip[23] = 1;
    ip[24] = 0x20, ip[25] = 0x01, ip[26] = 0x0d, ip[27] = 0xb8, ip[39] = 2;
    o += 40;
    f[o] = 6; /* next: TCP */
    f[o + 1] = 0;
    o += 8;
    put16(f + o, 50000);
    put16(f + o + 2, 3389);
    f[o + 12] = 0x50;
    f[o + 13] = 0x02; /* SYN */
    put16(f + o + 14, 8192);
    o += 20;
    struct decoder dec = {.dlt = 276};
    struct packet pkt;
    struct arp_event arp;
    assert_int_equal(decode_packet(&dec, f, o, (uint32_t)o, 5, &pkt, &arp), DECODE_IP);
    assert_int_equal(pkt.ip_version, 6);
    assert_int_equal(pkt.proto, 6);
    assert_int_equal(pkt.dport, 3389);
    assert_int_equal(pkt.tcp_flags, TCP_SYN);
    assert_int_equal(pkt.ttl, 55);
    char a[SENSOR_ADDR_STRLEN];
    assert_string_equal(sensor_addr_str(&pkt.src, a, sizeof a), "2001:db8::1");
}

static void test_arp(void **state)
{
    (void)state;
    uint8_t f[42];
    memset(f, 0, sizeof f);
    memset(f, 0xff, 6);
    const uint8_t mac[6] = {0xac, 0xde, 0x48, 0, 0, 1};
    memcpy(f + 6, mac, 6);
    put16(f + 12, 0x0806);
    put16(f + 14, 1);
    put16(f + 16, 0x0800);
    f[18] = 6;
    f[19] = 4;
    put16(f + 20, 1);
    memcpy(f + 22, mac, 6);
    const uint8_t sip[4] = {192, 168, 1, 77}, tip[4] = {192, 168, 1, 1};
    memcpy(f + 28, sip, 4);
    memcpy(f + 38, tip, 4);
    struct decoder dec = {.dlt = 1};
    struct packet pkt;
    struct arp_event arp;
    assert_int_equal(decode_packet(&dec, f, sizeof f, sizeof f, 9, &pkt, &arp), DECODE_ARP);
    assert_int_equal(arp.op, 1);
    assert_memory_equal(arp.sender_mac, mac, 6);
    char a[SENSOR_ADDR_STRLEN];
    assert_string_equal(sensor_addr_str(&arp.sender_ip, a, sizeof a), "192.168.1.77");
}

static void test_ipv4_fragments_out_of_order(void **state)
{
    (void)state;
    /* a 3000-byte UDP datagram in three fragments, sent last first */
    uint8_t data[3008];
    udp(data, 1111, 2222, 3000);
    for (size_t i = 8; i < sizeof data; i++)
        data[i] = (uint8_t)i;
    struct decoder dec = {.dlt = 228, .frags = frag_new(4, 30)};
    struct packet pkt;
    struct arp_event arp;
    const size_t offs[3] = {2400, 0, 1200};
    enum decode_result r = DECODE_ERROR;
    for (int k = 0; k < 3; k++) {
        uint8_t f[1400];
        size_t off = offs[k];
        size_t len = off == 2400 ? sizeof data - 2400 : 1200;
        unsigned fo = (unsigned)(off / 8) | (off == 2400 ? 0 : 0x2000);
        size_t o = ip4(f, 17, len, 77, fo);
        memcpy(f + o, data + off, len);
        r = decode_packet(&dec, f, o + len, (uint32_t)(o + len), 1, &pkt, &arp);
        if (k < 2)
            assert_int_equal(r, DECODE_HELD);
    }
    assert_int_equal(r, DECODE_IP);
    assert_true(pkt.reassembled);
    assert_int_equal(pkt.dport, 2222);
    assert_int_equal(pkt.payload_len, 3000);
    assert_memory_equal(pkt.payload, data + 8, 3000);
    struct frag_stats fs;
    frag_get_stats(dec.frags, &fs);
    assert_int_equal(fs.reassembled, 1);
    /* an overlong fragment offset is dropped, not written past the buffer */
    uint8_t f[100];
    size_t o = ip4(f, 17, 40, 78, 0x1fff | 0x2000);
    memset(f + o, 0, 40);
    assert_int_not_equal(decode_packet(&dec, f, o + 40, (uint32_t)(o + 40), 1, &pkt, &arp),
                         DECODE_IP);
    frag_free(dec.frags);
}

static int ended;
static void count_end(void *ctx, struct flow_entry *fe)
{
    (void)ctx;
    (void)fe;
    ended++;
}

static void test_flow_table_bounds(void **state)
{
    (void)state;
    struct flow_table_config cfg = {.max_flows = 4,
                                    .tcp_timeout = {60, 600, 60},
                                    .other_timeout = {30, 300, 30},
                                    .on_end = count_end};
    struct flow_table *t = flow_table_new(&cfg);
    ended = 0;
    struct packet p;
    memset(&p, 0, sizeof p);
    p.proto = 17;
    sensor_addr_parse("10.0.0.1", &p.src);
    sensor_addr_parse("10.0.0.2", &p.dst);
    p.dport = 53;
    int dir;
    bool created;
    for (int i = 0; i < 5; i++) {
        p.sport = (uint16_t)(1000 + i);
        p.ts_us = 1000000LL * i;
        struct flow_entry *fe = flow_get(t, &p, &dir, &created);
        assert_non_null(fe);
        assert_true(created);
        flow_touch(t, fe, p.ts_us);
    }
    assert_int_equal(flow_active(t), 4);
    assert_int_equal(flow_evicted(t), 1);
    assert_int_equal(ended, 1);
    /* the reverse direction finds the same flow */
    struct packet r = p;
    r.src = p.dst;
    r.dst = p.src;
    r.sport = p.dport;
    r.dport = p.sport;
    struct flow_entry *fe = flow_get(t, &r, &dir, &created);
    assert_false(created);
    assert_int_equal(dir, 1);
    assert_int_equal(fe->f.key.sport, 1004);
    /* idle past the UDP timeout: all expire */
    flow_expire(t, 1000000LL * 100);
    assert_int_equal(flow_active(t), 0);
    assert_int_equal(ended, 5);
    flow_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ethernet_vlan_udp),
        cmocka_unit_test(test_sll2_ipv6_ext_tcp),
        cmocka_unit_test(test_arp),
        cmocka_unit_test(test_ipv4_fragments_out_of_order),
        cmocka_unit_test(test_flow_table_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
