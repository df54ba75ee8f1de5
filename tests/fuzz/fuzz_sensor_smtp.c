/* fuzz_sensor_smtp.c - libFuzzer target for the smtp stream parser: the input is a sequence of
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
    struct smtp_state *s = smtp_new();
    if (!s)
        return 0;
    size_t o = 0;
    while (o < size) {
        int dir = data[o] >> 7;
        size_t n = data[o] & 0x7f;
        o++;
        if (n > size - o)
            n = size - o;
        bool tls = false;
        smtp_feed(s, dir, data + o, n, 1, &em, &tls);
        o += n;
    }
    smtp_end(s, &em);
    smtp_free(s);
    return 0;
}
