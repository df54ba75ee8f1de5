/* test_intel.c - threat intelligence: every provider format, matching rules, scale. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "intel.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SAMPLES OTASUKE_SOURCE_DIR "/tests/sensor/intel-samples"

static uint32_t ip4(const char *s)
{
    struct in_addr a;
    assert_int_equal(inet_pton(AF_INET, s, &a), 1);
    return ntohl(a.s_addr);
}

static const struct intel_hit *m6(const intel_t *in, const char *s)
{
    uint8_t a[16];
    assert_int_equal(inet_pton(AF_INET6, s, a), 1);
    return intel_match_ip6(in, a);
}

static void assert_hit(const struct intel_hit *h, const char *source, const char *reason)
{
    assert_non_null(h);
    assert_string_equal(h->source, source);
    assert_string_equal(h->reason, reason);
}

static int setup(void **state)
{
    char err[256] = "";
    intel_t *in = intel_load_dir(SAMPLES, err, sizeof(err));
    if (!in)
        fprintf(stderr, "load: %s\n", err);
    *state = in;
    return in ? 0 : -1;
}

static int teardown(void **state)
{
    intel_free(*state);
    return 0;
}

static void test_counts(void **state)
{
    struct intel_counts c;
    intel_get_counts(*state, &c);
    assert_int_equal(c.files, 9);
    /* feodo 4 + threatfox 1 + local 1 + SSLBL IP 2 */
    assert_int_equal(c.ip4, 8);
    /* drop.txt 4 + drop json 1 + local 1 (before nested ones merge) */
    assert_int_equal(c.ip4_net, 6);
    /* threatfox [2001:db8:bad::7], drop json /48, local 2001:db8:1::99 */
    assert_int_equal(c.ip6, 3);
    /* threatfox 1 + local 3 (evil-updates, phish, tracker) */
    assert_int_equal(c.domain, 4);
    /* urlhaus 3 + threatfox 1 + local 2 */
    assert_int_equal(c.url, 6);
    assert_int_equal(c.sha1, 3);
    assert_int_equal(c.md5, 3);
    assert_int_equal(c.total, 8 + 6 + 3 + 4 + 6 + 3 + 3);
    assert_int_equal(intel_count(*state), c.total);
    /* sslbl "not-a-sha1" and the local "this is not an indicator" line */
    assert_int_equal(c.rejected, 2);
    /* the ThreatFox md5 file hash */
    assert_int_equal(c.skipped, 1);
}

static void test_feodo_threatfox_ips(void **state)
{
    intel_t *in = *state;
    assert_hit(intel_match_ip4(in, ip4("67.213.75.205")), "Feodo Tracker", "Pikabot");
    assert_hit(intel_match_ip4(in, ip4("162.243.103.246")), "Feodo Tracker", "Emotet");
    assert_hit(intel_match_ip4(in, ip4("185.117.73.52")), "ThreatFox", "AsyncRAT");
    assert_hit(intel_match_ip4(in, ip4("194.180.48.27")), "SSLBL Botnet C2 IP", "listed");
    assert_hit(m6(in, "2001:db8:bad::7"), "ThreatFox", "Cobalt Strike");
    assert_null(m6(in, "2001:db8:bad::8"));
    assert_null(intel_match_ip4(in, ip4("67.213.75.206")));
    assert_null(intel_match_ip4(in, ip4("8.8.8.8")));
    /* IPv4-mapped IPv6 is the IPv4 indicator */
    assert_hit(m6(in, "::ffff:45.77.65.211"), "Feodo Tracker", "QakBot");
}

static void test_drop_networks(void **state)
{
    intel_t *in = *state;
    assert_hit(intel_match_ip4(in, ip4("1.10.16.0")), "Spamhaus DROP", "SBL256894");
    assert_hit(intel_match_ip4(in, ip4("1.10.31.255")), "Spamhaus DROP", "SBL256894");
    assert_null(intel_match_ip4(in, ip4("1.10.32.0")));
    assert_null(intel_match_ip4(in, ip4("1.10.15.255")));
    assert_hit(intel_match_ip4(in, ip4("2.56.195.9")), "Spamhaus DROP", "SBL459831");
    /* nested 198.18.4.0/24 inside 198.18.0.0/16: the wider listing answers */
    assert_hit(intel_match_ip4(in, ip4("198.18.4.9")), "Spamhaus DROP", "SBL000001");
    assert_hit(intel_match_ip4(in, ip4("198.18.255.255")), "Spamhaus DROP", "SBL000001");
    assert_null(intel_match_ip4(in, ip4("198.19.0.0")));
    /* JSON lines, IPv4 and IPv6 */
    assert_hit(intel_match_ip4(in, ip4("203.0.113.200")), "Spamhaus DROP", "SBL654321");
    assert_null(intel_match_ip4(in, ip4("203.0.113.127")));
    assert_hit(m6(in, "2001:db8:dead:ffff::1"), "Spamhaus DROP", "SBL520108");
    assert_null(m6(in, "2001:db8:deae::1"));
    /* plain list network with its comment as reason */
    assert_hit(intel_match_ip4(in, ip4("100.64.12.77")), "local-blocklist.txt",
               "CGNAT range of a compromised VPN appliance");
    assert_hit(intel_match_ip4(in, ip4("10.99.0.5")), "local-blocklist.txt", "listed");
    assert_hit(m6(in, "2001:db8:1::99"), "local-blocklist.txt", "listed");
}

static void test_domains(void **state)
{
    intel_t *in = *state;
    const char *want = "login-microsoftonline.example.com";
    assert_hit(intel_match_domain(in, want), "ThreatFox", "Emotet");
    assert_hit(intel_match_domain(in, "LOGIN-MicrosoftOnline.Example.com."), "ThreatFox", "Emotet");
    assert_hit(intel_match_domain(in, "a.b.login-microsoftonline.example.com"), "ThreatFox",
               "Emotet");
    /* the parent of a listed name is not listed, nor a name that merely ends the same */
    assert_null(intel_match_domain(in, "example.com"));
    assert_null(intel_match_domain(in, "xlogin-microsoftonline.example.com"));
    assert_hit(intel_match_domain(in, "evil-updates.example.com"), "local-blocklist.txt", "listed");
    assert_hit(intel_match_domain(in, "kit.phish.example.jp"), "local-blocklist.txt",
               "credential phishing kit");
    assert_hit(intel_match_domain(in, "phish.example.jp"), "local-blocklist.txt",
               "credential phishing kit");
    assert_hit(intel_match_domain(in, "tracker.adware.example"), "local-blocklist.txt", "listed");
    /* a URL's host is not a domain indicator (URLhaus lists pages on hacked sites) */
    assert_null(intel_match_domain(in, "invoice-docs.example.net"));
    assert_null(intel_match_domain(in, ""));
    assert_null(intel_match_domain(in, "."));
}

static void test_urls(void **state)
{
    intel_t *in = *state;
    assert_hit(intel_match_url(in, "http://115.55.237.120:49389/Mozi.m"), "URLhaus",
               "32-bit,elf,mips,Mozi");
    /* scheme and host case, default port and fragment do not matter; the path does */
    assert_hit(intel_match_url(in, "http://invoice-docs.example.net:80/download/inv_2024.exe#x"),
               "URLhaus", "exe,AgentTesla");
    assert_null(intel_match_url(in, "http://invoice-docs.example.net/download/INV_2024.exe"));
    /* empty tags: the threat column is the reason */
    assert_hit(intel_match_url(in, "https://cdn.badfiles.example.org/a/b.zip?x=1"), "URLhaus",
               "malware_download");
    assert_null(intel_match_url(in, "https://cdn.badfiles.example.org/a/b.zip?x=2"));
    assert_hit(intel_match_url(in, "http://198.51.100.23/gate.php"), "ThreatFox",
               "Loki Password Stealer (PWS)");
    assert_hit(intel_match_url(in, "http://files.example.net/payload.bin"), "local-blocklist.txt",
               "listed");
    assert_hit(intel_match_url(in, "files.example.net/other.dll"), "local-blocklist.txt", "listed");
    assert_null(intel_match_url(in, "http://files.example.net/"));
}

static void test_hashes(void **state)
{
    intel_t *in = *state;
    assert_hit(intel_match_sha1(in, "E2D8ED5E4E9B3C5E05FCA3D50DE1B0C1B7E13EA8"), "SSLBL",
               "AsyncRAT C&C");
    assert_hit(intel_match_sha1(in, "6ec7c3a0a4d6c7f2b4a5c6d7e8f9a0b1c2d3e4f5"), "SSLBL",
               "QuasarRAT C&C");
    assert_hit(intel_match_sha1(in, "c0:ff:ee:25:47:29:29:6a:45:a3:88:56:39:ac:7a:55:c0:ff:ee:25"),
               "local-blocklist.txt", "cert of fake update server");
    assert_null(intel_match_sha1(in, "e2d8ed5e4e9b3c5e05fca3d50de1b0c1b7e13ea9"));
    assert_null(intel_match_sha1(in, "e2d8ed5e"));
    assert_hit(intel_match_ja3(in, "b386946a5a44d1ddcc843bc75336dfce"), "SSLBL JA3", "Dridex");
    assert_hit(intel_match_ja3(in, "8F52D1CE303FB4A6515836AEC3CC16B1"), "SSLBL JA3", "Gozi");
    assert_hit(intel_match_ja3(in, "e7d705a3286e19ea42f587b344ee6865"), "local-blocklist.txt",
               "ja3 of a loader");
    /* ThreatFox file hashes are not JA3 fingerprints */
    assert_null(intel_match_ja3(in, "5f6d3e1b9a2c4d8e7f0a1b2c3d4e5f60"));
    assert_null(intel_match_ja3(in, "zz86946a5a44d1ddcc843bc75336dfce"));
}

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", SAMPLES, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[65536];
    *len = fread(buf, 1, sizeof(buf) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static void test_detect_format(void **state)
{
    (void)state;
    const char *files[][2] = {
        {"feodo_ipblocklist.csv", "feodo"},     {"urlhaus_recent.csv", "urlhaus"},
        {"threatfox_recent.csv", "threatfox"},  {"sslbl.csv", "sslbl"},
        {"ja3_fingerprints.csv", "sslbl-ja3"},  {"drop.txt", "spamhaus-drop"},
        {"drop_v6.json", "spamhaus-drop-json"}, {"local-blocklist.txt", "plain"},
        {"sslipblacklist.csv", "sslbl-ip"},
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        size_t len;
        char *d = slurp(files[i][0], &len);
        assert_string_equal(intel_detect_format(d, len), files[i][1]);
    }
}

/* Header without the comment sign and columns in another order still work. */
static void test_reordered_header_and_duplicates(void **state)
{
    (void)state;
    intel_t *in = intel_new();
    const char a[] =
        "dst_port,malware,dst_ip,first_seen_utc\r\n443,TrickBot,192.0.2.1,2024-01-01\r\n";
    const char b[] = "192.0.2.1 # second listing\n192.0.2.2\n";
    struct intel_counts fa, fb;
    assert_int_equal(intel_add_buffer(in, "a.csv", a, sizeof(a) - 1, &fa), 0);
    assert_int_equal(intel_add_buffer(in, "b.txt", b, sizeof(b) - 1, &fb), 0);
    assert_int_equal(intel_finish(in), 0);
    assert_int_equal(fa.ip4, 1);
    assert_int_equal(fb.ip4, 2); /* per file: indicators recognized in it */
    assert_hit(intel_match_ip4(in, 0xC0000201), "Feodo Tracker", "TrickBot");
    assert_hit(intel_match_ip4(in, 0xC0000202), "b.txt", "listed");
    assert_int_equal(intel_count(in), 2);
    intel_free(in);
}

static void test_garbage(void **state)
{
    (void)state;
    intel_t *in = intel_new();
    const char junk[] = "<html><body>503 Service Unavailable</body></html>\n\x01\x02\x00zz\n"
                        "\"unterminated,\"quote\n{\"cidr\":\"999.1.1.1/8\"}\n1.2.3.4/33\n";
    struct intel_counts f;
    assert_int_equal(intel_add_buffer(in, "junk", junk, sizeof(junk) - 1, &f), 0);
    assert_int_equal(intel_finish(in), 0);
    assert_int_equal(f.total, 0);
    assert_int_equal(f.rejected, 5);
    assert_null(intel_match_ip4(in, 0x01020304));
    intel_free(in);
    char err[128] = "";
    assert_null(intel_load_dir("/nonexistent/intel", err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent/intel"));
    /* NULL intel: nothing matches */
    assert_null(intel_match_ip4(NULL, 1));
    assert_null(intel_match_domain(NULL, "a.b"));
    assert_int_equal(intel_count(NULL), 0);
}

/* Networks across /16 boundaries and at the ends of the address space; random networks
 * checked against a brute-force scan. */
static void test_network_edges(void **state)
{
    (void)state;
    intel_t *in = intel_new();
    const char a[] = "10.0.0.0/8\n11.255.255.0/24\n255.255.255.0/24\n0.0.0.0/30\n";
    assert_int_equal(intel_add_buffer(in, "nets", a, sizeof(a) - 1, NULL), 0);
    assert_int_equal(intel_finish(in), 0);
    assert_non_null(intel_match_ip4(in, ip4("10.200.1.1")));
    assert_non_null(intel_match_ip4(in, ip4("10.255.255.255")));
    assert_non_null(intel_match_ip4(in, ip4("11.255.255.255")));
    assert_null(intel_match_ip4(in, ip4("11.255.254.255")));
    assert_null(intel_match_ip4(in, ip4("12.0.0.0")));
    assert_null(intel_match_ip4(in, ip4("9.255.255.255")));
    assert_non_null(intel_match_ip4(in, ip4("255.255.255.255")));
    assert_non_null(intel_match_ip4(in, ip4("0.0.0.3")));
    assert_null(intel_match_ip4(in, ip4("0.0.0.4")));
    intel_free(in);

    enum { NETS = 3000 };
    static uint32_t lo[NETS], hi[NETS];
    char *buf = malloc(NETS * 24);
    size_t len = 0;
    srand(7);
    for (int i = 0; i < NETS; i++) {
        unsigned prefix = 8 + (unsigned)rand() % 25; /* /8 .. /32 */
        uint32_t addr = (uint32_t)rand() << 16 ^ (uint32_t)rand();
        uint32_t mask = prefix == 32 ? ~0u : ~(~0u >> prefix);
        lo[i] = addr & mask;
        hi[i] = lo[i] | ~mask;
        len += (size_t)snprintf(buf + len, 24, "%u.%u.%u.%u/%u\n", lo[i] >> 24, (lo[i] >> 16) & 255,
                                (lo[i] >> 8) & 255, lo[i] & 255, prefix);
    }
    in = intel_new();
    assert_int_equal(intel_add_buffer(in, "random", buf, len, NULL), 0);
    assert_int_equal(intel_finish(in), 0);
    for (int q = 0; q < 100000; q++) {
        uint32_t x = (uint32_t)rand() << 16 ^ (uint32_t)rand();
        if (q & 1) /* half the queries at the edges of a listed network */
            x = (q & 2) ? hi[q % NETS] + (uint32_t)(q & 4 ? 1 : 0)
                        : lo[q % NETS] - (uint32_t)(q & 4 ? 1 : 0);
        bool want = false;
        for (int i = 0; i < NETS && !want; i++)
            want = x >= lo[i] && x <= hi[i];
        assert_int_equal(intel_match_ip4(in, x) != NULL, want);
    }
    intel_free(in);
    free(buf);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One million indicators of mixed kinds: all load, all match, strangers do not. */
static void test_million(void **state)
{
    (void)state;
    const size_t n = 1000000;
    size_t cap = n * 48;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        int w;
        switch (i % 4) {
        case 0:
            w = snprintf(buf + len, cap - len, "%u.%u.%u.%u\n", 11 + (unsigned)(i >> 24) % 100,
                         (unsigned)(i >> 16) & 255, (unsigned)(i >> 8) & 255, (unsigned)i & 255);
            break;
        case 1:
            w = snprintf(buf + len, cap - len, "host%zu.bad%zu.example\n", i, i % 977);
            break;
        case 2:
            w = snprintf(buf + len, cap - len, "http://site%zu.example/p/%zu.exe\n", i % 5000, i);
            break;
        default:
            w = snprintf(buf + len, cap - len, "%032zx\n", i * 2654435761u);
            break;
        }
        len += (size_t)w;
    }
    intel_t *in = intel_new();
    double t0 = now_s();
    assert_int_equal(intel_add_buffer(in, "million.txt", buf, len, NULL), 0);
    assert_int_equal(intel_finish(in), 0);
    double dt = now_s() - t0;
    fprintf(stderr, "# 1M indicators parsed and indexed in %.3f s\n", dt);
    assert_int_equal(intel_count(in), n);
#if defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__)
    assert_true(dt < 2.0);
#endif
    char s[96];
    for (size_t i = 0; i < n; i += 997) {
        switch (i % 4) {
        case 0:
            assert_non_null(
                intel_match_ip4(in, (uint32_t)(11 + (i >> 24) % 100) << 24 | (uint32_t)i));
            break;
        case 1:
            snprintf(s, sizeof(s), "www.HOST%zu.bad%zu.example", i, i % 977);
            assert_non_null(intel_match_domain(in, s));
            break;
        case 2:
            snprintf(s, sizeof(s), "http://site%zu.example/p/%zu.exe", i % 5000, i);
            assert_non_null(intel_match_url(in, s));
            break;
        default:
            snprintf(s, sizeof(s), "%032zx", i * 2654435761u);
            assert_non_null(intel_match_ja3(in, s));
            break;
        }
    }
    assert_null(intel_match_ip4(in, ip4("9.9.9.9")));
    assert_null(intel_match_domain(in, "host1.bad2.example"));
    intel_free(in);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feodo_threatfox_ips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drop_networks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_domains, setup, teardown),
        cmocka_unit_test_setup_teardown(test_urls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hashes, setup, teardown),
        cmocka_unit_test(test_detect_format),
        cmocka_unit_test(test_reordered_header_and_duplicates),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_network_edges),
        cmocka_unit_test(test_million),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
