/* fuzz_sensor_packets.c - libFuzzer target for the whole packet path: the input is a link type
 * byte followed by frames (2-byte length + bytes), fed through decode, flows, TCP ordering and
 * every parser, with EVE written to /dev/null. */
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "eve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int dlts[] = {1, 113, 276, 101, 12, 228, 229, 0, 108, 104, 274};
    if (size < 1)
        return 0;
    char err[128];
    eve_t *eve = eve_open("/dev/null", err, sizeof err);
    struct engine_config cfg = {.dlt = dlts[data[0] % (sizeof dlts / sizeof dlts[0])],
                                .max_flows = 64,
                                .max_frag_datagrams = 4,
                                .eve = eve};
    struct engine *e = engine_new(&cfg);
    size_t o = 1;
    int64_t ts = 1700000000LL * 1000000;
    while (o + 2 <= size) {
        size_t n = (size_t)data[o] << 8 | data[o + 1];
        o += 2;
        if (n > size - o)
            n = size - o;
        ts += 1000 + (int64_t)(n * 997);
        engine_packet(e, data + o, n, (uint32_t)n, ts);
        o += n;
    }
    engine_finish(e);
    engine_free(e);
    eve_close(eve);
    return 0;
}
