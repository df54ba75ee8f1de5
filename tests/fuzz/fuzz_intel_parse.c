/* fuzz_intel_parse.c - libFuzzer target: threat-intelligence file parser and lookups. */
#include "intel.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    intel_t *in = intel_new();
    if (!in)
        return 0;
    (void)intel_detect_format((const char *)data, size);
    if (intel_add_buffer(in, "fuzz", (const char *)data, size, NULL) == 0 &&
        intel_finish(in) == 0) {
        /* the input's own first bytes as lookups, to reach the comparison paths */
        char s[80];
        size_t n = size < sizeof(s) - 1 ? size : sizeof(s) - 1;
        memcpy(s, data, n);
        s[n] = '\0';
        (void)intel_match_domain(in, s);
        (void)intel_match_url(in, s);
        (void)intel_match_ja3(in, s);
        (void)intel_match_sha1(in, s);
        uint32_t v4 = 0;
        uint8_t v6[16] = {0};
        memcpy(&v4, s, n < 4 ? n : 4);
        memcpy(v6, s, n < 16 ? n : 16);
        (void)intel_match_ip4(in, v4);
        (void)intel_match_ip6(in, v6);
        (void)intel_count(in);
    }
    intel_free(in);
    return 0;
}
