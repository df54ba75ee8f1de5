/* fuzz_sensor_tls.c - libFuzzer target for the tls stream parser (input: fuzz_stream.h). */
#include "fuzz_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct app_emit em = {NULL, fuzz_drop_event};
    struct tls_state *s = tls_new();
    if (!s)
        return 0;
    struct fuzz_chunk c;
    size_t off = 0;
    while (fuzz_next_chunk(data, size, &off, &c))
        tls_feed(s, c.dir, c.p, c.n, 1, &em);
    tls_end(s, &em);
    tls_free(s);
    return 0;
}
