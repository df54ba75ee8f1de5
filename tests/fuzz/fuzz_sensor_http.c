/* fuzz_sensor_http.c - libFuzzer target for the http stream parser: the input is a sequence of
 * chunks, each one header byte (bit 7 = direction, low 7 bits = length) and that many bytes. */
#include <stddef.h>
#include <stdint.h>

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
    struct app_emit em = {NULL, sink};
    struct http_state *s = http_new();
    if (!s)
        return 0;
    size_t o = 0;
    while (o < size) {
        int dir = data[o] >> 7;
        size_t n = data[o] & 0x7f;
        o++;
        if (n > size - o)
            n = size - o;
        if (n == 0)
            http_gap(s, dir, 5, &em);
        else
            http_feed(s, dir, data + o, n, 1, &em);
        o += n;
    }
    http_end(s, &em);
    http_free(s);
    return 0;
}
