/* fuzz_sensor_detect.c - libFuzzer target for detection behind the whole packet path: frames
 * (link type byte, then 2-byte length + bytes; a length with the top bit set also advances
 * the clock by a minute) go through decode, flows, parsers and every detection, with low
 * thresholds so that alerts, explanations and EVE alert output are reached. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "detect.h"
#include "engine.h"
#include "eve.h"
#include "intel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static intel_t *fuzz_intel(void)
{
    static intel_t *in;
    if (!in) {
        static const char list[] = "evil-c2.example\n203.0.113.66\n10.9.9.9\nexample.com\n"
                                   "http://files.example.net/invoice.exe\n";
        in = intel_new();
        intel_add_buffer(in, "fuzz-list.txt", list, sizeof list - 1, NULL);
        intel_finish(in);
    }
    return in;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int dlts[] = {1, 113, 276, 101, 12, 228, 229, 0, 108};
    if (size < 1)
        return 0;
    char err[256];
    eve_t *eve = eve_open("/dev/null", err, sizeof err);
    struct detect_config dc;
    detect_config_defaults(&dc);
    detect_config_option(&dc, "--home-net", "10.0.0.0/8,192.168.0.0/16,fc00::/7", err, sizeof err);
    detect_config_option(&dc, "--mail-servers", "192.168.1.25", err, sizeof err);
    dc.learn_s = 0;
    dc.dedup_s = 0;
    dc.intel = fuzz_intel();
    dc.eve = eve;
    dc.oui_path = "/dev/null"; /* the 3 MB registry per input would only slow fuzzing */
    dc.scan_ports = dc.scan_hosts = dc.lateral_hosts = dc.mail_servers_max = 2;
    dc.mail_rcpts_max = 2;
    dc.brute_attempts = 2;
    dc.beacon_intervals = 2;
    dc.new_device_delay_s = 0;
    dc.max_devices = dc.max_hosts = dc.max_pairs = 16; /* eviction paths too */
    detect_t *det = detect_new(&dc, err, sizeof err);
    if (!det) {
        eve_close(eve);
        return 0;
    }
    struct sensor_sink sink;
    detect_sink(det, &sink);
    struct engine_config cfg = {.dlt = dlts[data[0] % (sizeof dlts / sizeof dlts[0])],
                                .max_flows = 64,
                                .max_frag_datagrams = 4,
                                .sink = &sink,
                                .eve = eve};
    struct engine *e = engine_new(&cfg);
    size_t o = 1;
    int64_t ts = 1700000000LL * 1000000;
    while (o + 2 <= size) {
        size_t n = (size_t)data[o] << 8 | data[o + 1];
        o += 2;
        if (n & 0x8000)
            ts += 60LL * 1000000;
        n &= 0x7fff;
        if (n > size - o)
            n = size - o;
        ts += 1000 + (int64_t)(n * 997);
        engine_packet(e, data + o, n, (uint32_t)n, ts);
        o += n;
    }
    engine_finish(e);
    engine_free(e);
    detect_free(det);
    eve_close(eve);
    return 0;
}
