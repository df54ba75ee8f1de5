/* test_sensor_parsers.c - protocol parsers on hand-built messages: what a user of the EVE output
 * would see (names, fingerprints, file types), and that broken input is refused, not crashed on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "hash.h"
#include "text.h"

static void hex(char *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void test_hashes(void **state)
{
    (void)state;
    uint8_t d[32];
    char h[65];
    hash_md5("", 0, d);
    hex(h, d, 16);
    assert_string_equal(h, "d41d8cd98f00b204e9800998ecf8427e");
    hash_md5("abc", 3, d);
    hex(h, d, 16);
    assert_string_equal(h, "900150983cd24fb0d6963f7d28e17f72");
    const char *l56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    hash_md5(l56, strlen(l56), d);
    hex(h, d, 16);
    assert_string_equal(h, "8215ef0796a20bcaaae116d3876c664a");
    hash_sha1("abc", 3, d);
    hex(h, d, 20);
    assert_string_equal(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
    hash_sha1(l56, strlen(l56), d);
    hex(h, d, 20);
    assert_string_equal(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

static void test_text_copy(void **state)
{
    (void)state;
    char out[32];
    /* control characters and invalid UTF-8 become '?', valid Japanese stays */
    const uint8_t in[] = {'a', 0x01, 0xff, 0xe6, 0x97, 0xa5, 'b'};
    text_copy(out, sizeof out, in, sizeof in);
    assert_string_equal(out, "a??\xe6\x97\xa5"
                             "b");
    /* truncation never splits a character */
    char small[4];
    text_copy(small, sizeof small, (const uint8_t *)"\xe6\x97\xa5\xe6\x97\xa5", 6);
    assert_string_equal(small, "\xe6\x97\xa5");
    /* stops at NUL */
    text_copy(out, sizeof out, (const uint8_t *)"nas1\0x", 6);
    assert_string_equal(out, "nas1");
}

/* A DNS response for www.example.com A 93.184.216.34 with a compressed answer name. */
static size_t dns_response(uint8_t *b)
{
    static const uint8_t msg[] = {
        0x12, 0x34, 0x81, 0x80, 0,   1,   0,   1,    0,    0,   0,   0,  3,   'w', 'w', 'w', 7,
        'e',  'x',  'a',  'm',  'p', 'l', 'e', 3,    'c',  'o', 'm', 0,  0,   1,   0,   1,   0xc0,
        12,   0,    1,    0,    1,   0,   0,   0x0e, 0x10, 0,   4,   93, 184, 216, 34};
    memcpy(b, msg, sizeof msg);
    return sizeof msg;
}

static void test_dns(void **state)
{
    (void)state;
    uint8_t b[128];
    size_t n = dns_response(b);
    struct dns_event *ev = malloc(sizeof *ev);
    assert_non_null(ev);
    assert_true(dns_parse(b, n, 1, ev));
    assert_true(ev->is_response);
    assert_int_equal(ev->txid, 0x1234);
    assert_string_equal(ev->rrname, "www.example.com");
    assert_int_equal(ev->rrtype, 1);
    assert_int_equal(ev->n_answers, 1);
    assert_string_equal(ev->answers[0].rrname, "www.example.com");
    assert_string_equal(ev->answers[0].rdata, "93.184.216.34");
    assert_int_equal(ev->answers[0].ttl, 3600);
    /* a compression pointer pointing at itself: refused, no hang */
    uint8_t loop[] = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1};
    assert_false(dns_parse(loop, sizeof loop, 1, ev));
    /* every truncation of a valid message is handled */
    for (size_t i = 0; i < n; i++)
        dns_parse(b, i, 1, ev);
    free(ev);
}

static void test_dhcp(void **state)
{
    (void)state;
    uint8_t b[300];
    memset(b, 0, sizeof b);
    b[0] = 1;
    b[1] = 1;
    b[2] = 6;
    b[4] = 0xde, b[5] = 0xad, b[6] = 0xbe, b[7] = 0xef;
    const uint8_t mac[6] = {0x00, 0x11, 0x32, 0x17, 0x49, 0xf0};
    memcpy(b + 28, mac, 6);
    b[236] = 0x63, b[237] = 0x82, b[238] = 0x53, b[239] = 0x63;
    size_t o = 240;
    const uint8_t opts[] = {53,  1,   3,   12,  5,   'n', 'a', 's', '1', 0, 60, 8,  'M', 'S',
                            'F', 'T', ' ', '5', '.', '0', 55,  4,   1,   3, 6,  15, 255};
    memcpy(b + o, opts, sizeof opts);
    o += sizeof opts;
    struct dhcp_event ev;
    assert_true(dhcp_parse(b, o, 1, &ev));
    assert_int_equal(ev.msg_type, 3);
    assert_int_equal(ev.xid, 0xdeadbeef);
    assert_memory_equal(ev.client_mac, mac, 6);
    assert_string_equal(ev.hostname, "nas1");
    assert_int_equal(ev.hostname_len, 5);
    assert_string_equal(ev.vendor_class, "MSFT 5.0");
    assert_int_equal(ev.n_params, 4);
    assert_int_equal(ev.params[3], 15);
    /* an option whose length runs past the end is ignored */
    b[o - 1] = 12;
    b[o] = 200;
    assert_true(dhcp_parse(b, o + 1, 1, &ev));
    assert_false(dhcp_parse(b, 100, 1, &ev));
}

struct collect {
    int n[8];
    struct tls_event tls;
    struct http_event http[4];
    int nhttp;
    struct smtp_event smtp[4];
    int nsmtp;
    struct smb_event smb[4];
    int nsmb;
};

static void collect_emit(void *ctx, enum app_proto kind, const void *ev)
{
    struct collect *c = ctx;
    c->n[kind]++;
    if (kind == APP_TLS)
        c->tls = *(const struct tls_event *)ev;
    if (kind == APP_HTTP && c->nhttp < 4)
        c->http[c->nhttp++] = *(const struct http_event *)ev;
    if (kind == APP_SMTP && c->nsmtp < 4)
        c->smtp[c->nsmtp++] = *(const struct smtp_event *)ev;
    if (kind == APP_SMB && c->nsmb < 4)
        c->smb[c->nsmb++] = *(const struct smb_event *)ev;
}

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* ClientHello: TLS 1.2, ciphers {GREASE, 0xc02f, 0x002f}, extensions: SNI, supported groups
 * {GREASE, 29, 23}, ec point formats {0}, GREASE ext. */
static size_t client_hello(uint8_t *b)
{
    uint8_t body[512];
    size_t o = 0;
    put16(body + o, 0x0303);
    o += 2;
    memset(body + o, 7, 32);
    o += 32;
    body[o++] = 0; /* session id */
    put16(body + o, 6);
    o += 2;
    put16(body + o, 0x0a0a);
    put16(body + o + 2, 0xc02f);
    put16(body + o + 4, 0x002f);
    o += 6;
    body[o++] = 1;
    body[o++] = 0;
    size_t ext_len_at = o;
    o += 2;
    size_t ext_start = o;
    const char *host = "malware.example.jp";
    size_t hl = strlen(host);
    put16(body + o, 0);
    put16(body + o + 2, (unsigned)(hl + 5));
    put16(body + o + 4, (unsigned)(hl + 3));
    body[o + 6] = 0;
    put16(body + o + 7, (unsigned)hl);
    memcpy(body + o + 9, host, hl);
    o += 9 + hl;
    const uint8_t groups[] = {0, 10, 0, 8, 0, 6, 0x1a, 0x1a, 0, 29, 0, 23};
    memcpy(body + o, groups, sizeof groups);
    o += sizeof groups;
    const uint8_t pf[] = {0, 11, 0, 2, 1, 0};
    memcpy(body + o, pf, sizeof pf);
    o += sizeof pf;
    const uint8_t grease[] = {0x2a, 0x2a, 0, 0};
    memcpy(body + o, grease, sizeof grease);
    o += sizeof grease;
    put16(body + ext_len_at, (unsigned)(o - ext_start));
    /* record + handshake headers */
    b[0] = 22;
    put16(b + 1, 0x0301);
    put16(b + 3, (unsigned)(o + 4));
    b[5] = 1;
    b[6] = 0;
    put16(b + 7, (unsigned)o);
    memcpy(b + 9, body, o);
    return o + 9;
}

static void test_tls_client_hello(void **state)
{
    (void)state;
    uint8_t b[600];
    size_t n = client_hello(b);
    struct collect c;
    memset(&c, 0, sizeof c);
    struct app_emit em = {&c, collect_emit};
    struct tls_state *s = tls_new();
    /* fed one byte at a time: record and handshake reassembly */
    for (size_t i = 0; i < n; i++)
        tls_feed(s, 0, b + i, 1, 1, &em);
    assert_int_equal(c.n[APP_TLS], 1);
    assert_string_equal(c.tls.sni, "malware.example.jp");
    assert_string_equal(c.tls.ja3, "771,49199-47,0-10-11,29-23,0");
    uint8_t d[16];
    char h[33];
    hash_md5(c.tls.ja3, strlen(c.tls.ja3), d);
    hex(h, d, 16);
    assert_string_equal(c.tls.ja3_hash, h);
    assert_true(strncmp(c.tls.ja4, "t12d0203", 8) == 0);
    tls_end(s, &em);
    assert_int_equal(c.n[APP_TLS], 2);
    assert_true(c.tls.complete);
    tls_free(s);
    /* garbage is refused */
    s = tls_new();
    assert_false(tls_feed(s, 0, (const uint8_t *)"GET / HTTP/1.1\r\n", 16, 1, &em));
    tls_free(s);
}

static void test_http_exe_download(void **state)
{
    (void)state;
    struct collect c;
    memset(&c, 0, sizeof c);
    struct app_emit em = {&c, collect_emit};
    struct http_state *s = http_new();
    const char *req = "GET /invoice.exe HTTP/1.1\r\nHost: bad.example.com:8080\r\n"
                      "User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)\r\n\r\n"
                      "GET /second HTTP/1.1\r\nHost: bad.example.com\r\n\r\n";
    const char *resp = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n"
                       "4\r\nMZ\x90\x00\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n"
                       "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!";
    http_feed(s, 0, (const uint8_t *)req, strlen(req), 1, &em);
    size_t rl = 0; /* the chunk holds a NUL byte: find the end by the last body */
    while (!(resp[rl] == 'n' && resp[rl + 1] == 'o' && resp[rl + 2] == '!'))
        rl++;
    rl += 3;
    /* response split into small pieces */
    for (size_t i = 0; i < rl; i += 7)
        http_feed(s, 1, (const uint8_t *)resp + i, rl - i < 7 ? rl - i : 7, 2, &em);
    http_end(s, &em);
    http_free(s);
    assert_int_equal(c.nhttp, 2);
    assert_string_equal(c.http[0].host, "bad.example.com");
    assert_string_equal(c.http[0].uri, "/invoice.exe");
    assert_int_equal(c.http[0].status, 200);
    assert_string_equal(c.http[0].file_magic, "MZ");
    assert_true(c.http[0].is_pe);
    assert_string_equal(c.http[0].user_agent, "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)");
    assert_string_equal(c.http[1].uri, "/second");
    assert_int_equal(c.http[1].status, 404);
    assert_string_equal(c.http[1].file_magic, "");
}

static void test_smtp(void **state)
{
    (void)state;
    struct collect c;
    memset(&c, 0, sizeof c);
    struct app_emit em = {&c, collect_emit};
    struct smtp_state *s = smtp_new();
    const char *cli = "EHLO pc01.example.local\r\nMAIL FROM:<a@example.jp> SIZE=100\r\n"
                      "RCPT TO:<x@partner.jp>\r\nRCPT TO:<y@partner.jp>\r\nDATA\r\n"
                      "Subject: hi\r\n\r\nbody\r\n.\r\nMAIL FROM:<a@example.jp>\r\n"
                      "RCPT TO:<z@other.jp>\r\nRSET\r\nQUIT\r\n";
    bool tls = false;
    smtp_feed(s, 0, (const uint8_t *)cli, strlen(cli), 1, &em, &tls);
    smtp_end(s, &em);
    smtp_free(s);
    assert_false(tls);
    assert_int_equal(c.nsmtp, 2);
    assert_string_equal(c.smtp[0].helo, "pc01.example.local");
    assert_string_equal(c.smtp[0].mail_from, "<a@example.jp>");
    assert_int_equal(c.smtp[0].n_rcpt, 2);
    assert_string_equal(c.smtp[0].rcpt_to[1], "<y@partner.jp>");
    assert_true(c.smtp[0].data_complete);
    assert_int_equal(c.smtp[1].n_rcpt, 1);
    assert_false(c.smtp[1].data_complete);
}

static void test_smb1_negotiate(void **state)
{
    (void)state;
    uint8_t m[128];
    memset(m, 0, sizeof m);
    size_t o = 4;
    memcpy(m + o, "\xffSMB", 4);
    m[o + 4] = 0x72;
    o += 32;
    m[o++] = 0; /* word count */
    const char d[] = "\x02PC NETWORK PROGRAM 1.0\0\x02LANMAN1.0\0\x02NT LM 0.12\0";
    size_t dl = sizeof d - 1;
    m[o++] = (uint8_t)dl;
    m[o++] = 0;
    memcpy(m + o, d, dl);
    o += dl;
    m[3] = (uint8_t)(o - 4);
    struct collect c;
    memset(&c, 0, sizeof c);
    struct app_emit em = {&c, collect_emit};
    struct smb_state *s = smb_new();
    smb_feed(s, 0, m, o, 1, &em);
    smb_free(s);
    assert_int_equal(c.nsmb, 1);
    assert_int_equal(c.smb[0].smb_version, 1);
    assert_int_equal(c.smb[0].n_dialects, 3);
    assert_string_equal(c.smb[0].dialects[2], "NT LM 0.12");
    assert_false(c.smb[0].offers_smb2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hashes),
        cmocka_unit_test(test_text_copy),
        cmocka_unit_test(test_dns),
        cmocka_unit_test(test_dhcp),
        cmocka_unit_test(test_tls_client_hello),
        cmocka_unit_test(test_http_exe_download),
        cmocka_unit_test(test_smtp),
        cmocka_unit_test(test_smb1_negotiate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
