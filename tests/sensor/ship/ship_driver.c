/* ship_driver.c - test driver for shipping: spools numbered events like the sensor and ships them.
 */
#include "ship.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
    fprintf(stderr, "usage: ship_driver --url U --spool DIR [--token T] [--ca FILE] [--first N]\n"
                    "  [--count N] [--batch N] [--spool-max BYTES] [--seconds S] [--poison N]\n"
                    "  [--crash]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *url = NULL, *spool = NULL, *token = NULL, *ca = NULL;
    long first = 0, count = 0, batch = 100, seconds = 30, poison = -1;
    unsigned long long spool_max = 0;
    int crash = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--crash") == 0) {
            crash = 1;
            continue;
        }
        if (!v)
            usage();
        i++;
        if (strcmp(a, "--url") == 0)
            url = v;
        else if (strcmp(a, "--spool") == 0)
            spool = v;
        else if (strcmp(a, "--token") == 0)
            token = v;
        else if (strcmp(a, "--ca") == 0)
            ca = v;
        else if (strcmp(a, "--first") == 0)
            first = strtol(v, NULL, 10);
        else if (strcmp(a, "--count") == 0)
            count = strtol(v, NULL, 10);
        else if (strcmp(a, "--batch") == 0)
            batch = strtol(v, NULL, 10);
        else if (strcmp(a, "--spool-max") == 0)
            spool_max = strtoull(v, NULL, 10);
        else if (strcmp(a, "--poison") == 0)
            poison = strtol(v, NULL, 10);
        else if (strcmp(a, "--seconds") == 0)
            seconds = strtol(v, NULL, 10);
        else
            usage();
    }
    if (!url || !spool)
        usage();
    char err[256];
    ship_t *s = ship_open(url, token, spool, err, sizeof(err));
    if (!s) {
        fprintf(stderr, "ship_open: %s\n", err);
        return 1;
    }
    if (ca)
        ship_set_ca(s, ca);
    ship_set_limits(s, (size_t)batch, 0, 1, spool_max);
    ship_set_backoff(s, 1, 2);
    time_t start = time(NULL);
    /* events arrive over about a second, polled as the sensor does between packets */
    for (long i = 0; i < count; i++) {
        char line[256];
        int n = snprintf(line, sizeof(line),
                         "{\"id\":\"evt-%08ld\",\"event_type\":\"alert\",\"timestamp\":\"2024-01-"
                         "18T10:00:00.000000+0000\",\"alert\":{\"category\":\"port-scan\"}%s}",
                         first + i, first + i == poison ? ",\"poison\":true" : "");
        if (ship_event(s, line, (size_t)n) < 0) {
            fprintf(stderr, "ship_event failed\n");
            return 1;
        }
        if (i % 50 == 0) {
            ship_poll(s, time(NULL));
            usleep(1000);
        }
    }
    struct ship_stats st;
    while (!crash) {
        ship_poll(s, time(NULL));
        ship_get_stats(s, &st);
        if (st.events_queued == 0)
            break;
        if (time(NULL) - start >= seconds)
            break;
        usleep(5000);
    }
    ship_get_stats(s, &st);
    printf("{\"spooled\":%" PRIu64 ",\"sent\":%" PRIu64 ",\"dropped\":%" PRIu64
           ",\"batches\":%" PRIu64 ",\"failures\":%" PRIu64 ",\"queued\":%" PRIu64
           ",\"rejected\":%" PRIu64 "}\n",
           st.events_spooled, st.events_sent, st.events_dropped, st.batches_sent, st.post_failures,
           st.segments_queued, st.events_rejected);
    fflush(stdout);
    if (crash)    /* right after spooling: sealed batches and one open segment are on disk */
        _exit(0); /* like a killed sensor: no final flush, the open segment stays as it is */
    ship_close(s);
    return 0;
}
