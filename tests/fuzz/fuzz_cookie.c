/* fuzz_cookie.c - Cookie header parsing. */
#include "kv.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kvlist l;
    kv_init(&l);
    kv_parse_cookies(&l, (const char *)data, size, 64);
    kv_get(&l, "otasuke_session");
    kv_free(&l);
    return 0;
}
