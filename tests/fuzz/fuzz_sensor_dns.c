/* fuzz_sensor_dns.c - libFuzzer target for the DNS message parser and DNS-over-TCP framing. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "app.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sink(void *ctx, enum app_proto kind, const void *ev)
{
    (void)ctx;
    (void)kind;
    (void)ev;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dns_event *ev = malloc(sizeof *ev);
    if (!ev)
        return 0;
    dns_parse(data, size, 1, ev);
    free(ev);
    struct app_emit em = {NULL, sink};
    struct dnstcp_state *s = dnstcp_new();
    size_t half = size / 2;
    dnstcp_feed(s, 0, data, half, 1, &em);
    dnstcp_feed(s, 0, data + half, size - half, 1, &em);
    dnstcp_free(s);
    return 0;
}
