/* fuzz_sensor_http.c - libFuzzer target for the http stream parser (input: fuzz_stream.h). */
#include "fuzz_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct app_emit em = {NULL, fuzz_drop_event};
    struct http_state *s = http_new();
    if (!s)
        return 0;
    struct fuzz_chunk c;
    size_t off = 0;
    while (fuzz_next_chunk(data, size, &off, &c)) {
        if (c.n == 0)
            http_gap(s, c.dir, 5, &em);
        else
            http_feed(s, c.dir, c.p, c.n, 1, &em);
    }
    http_end(s, &em);
    http_free(s);
    return 0;
}
