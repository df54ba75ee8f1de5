/* fuzz_sensor_smtp.c - libFuzzer target for the smtp stream parser (input: fuzz_stream.h). */
#include "fuzz_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct app_emit em = {NULL, fuzz_drop_event};
    struct smtp_state *s = smtp_new();
    if (!s)
        return 0;
    struct fuzz_chunk c;
    size_t off = 0;
    while (fuzz_next_chunk(data, size, &off, &c)) {
        bool tls = false;
        smtp_feed(s, c.dir, c.p, c.n, 1, &em, &tls);
    }
    smtp_end(s, &em);
    smtp_free(s);
    return 0;
}
