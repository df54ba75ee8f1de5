/* intel_bench.c - load a threat-intelligence directory; print load time, heap held, lookup cost. */
#include "intel.h"

#include <malloc.h>
#include <stdio.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t heap(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: intel_bench DIR\n");
        return 2;
    }
    char err[256];
    size_t base = heap();
    double t0 = now();
    intel_t *in = intel_load_dir(argv[1], err, sizeof(err));
    double t1 = now();
    if (!in) {
        fprintf(stderr, "intel_bench: %s\n", err);
        return 1;
    }
    struct intel_counts c;
    intel_get_counts(in, &c);
    printf("intel: %zu indicators (%zu IPv4, %zu IPv4 networks, %zu domains, %zu URLs, "
           "%zu SHA-1, %zu JA3) loaded in %.3f s; heap held %.1f MB\n",
           c.total, c.ip4, c.ip4_net, c.domain, c.url, c.sha1, c.md5, t1 - t0,
           (double)(heap() - base) / 1048576.0);
    /* lookups as the packet path makes them: mostly misses */
    unsigned x = 12345;
    size_t hits = 0;
    t0 = now();
    for (int i = 0; i < 10000000; i++) {
        x = x * 1103515245u + 12345u;
        hits += intel_match_ip4(in, x) != NULL;
    }
    t1 = now();
    printf("intel: IPv4 lookup %.0f ns (10M random addresses, %zu listed)\n", (t1 - t0) * 100,
           hits);
    char name[64];
    hits = 0;
    t0 = now();
    for (int i = 0; i < 1000000; i++) {
        x = x * 1103515245u + 12345u;
        snprintf(name, sizeof(name), "www.host%u.example%u.com", x % 100000, x % 977);
        hits += intel_match_domain(in, name) != NULL;
    }
    t1 = now();
    printf("intel: domain lookup %.0f ns (4 labels: 4 probes; 1M names)\n", (t1 - t0) * 1000);
    intel_free(in);
    return 0;
}
