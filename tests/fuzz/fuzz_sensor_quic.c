/* fuzz_sensor_quic.c - libFuzzer target for QUIC Initial decryption, CRYPTO reassembly and the
 * Google QUIC client hello: the input is client datagrams, each a 2-byte length and its bytes. */
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
    struct quic_state *s = quic_new();
    if (!s)
        return 0;
    size_t o = 0;
    while (o + 2 <= size) {
        size_t n = (size_t)data[o] << 8 | data[o + 1];
        o += 2;
        if (n > size - o)
            n = size - o;
        quic_is_initial(data + o, n);
        struct tls_event ev;
        gquic_parse(data + o, n, 1, &ev);
        if (!quic_feed(s, 0, data + o, n, 1, &em))
            break;
        o += n;
    }
    quic_free(s);
    return 0;
}
