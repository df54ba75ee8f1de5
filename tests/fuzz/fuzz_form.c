/* fuzz_form.c - application/x-www-form-urlencoded and query-string decoding. */
#include "kv.h"
#include "str.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kvlist l;
    kv_init(&l);
    if (kv_parse_urlencoded(&l, (const char *)data, size, 512) == 0) {
        /* everything decoded is valid UTF-8 without NUL */
        for (size_t i = 0; i < l.n; i++) {
            assert(str_valid_utf8(l.items[i].key, strlen(l.items[i].key)));
            assert(str_valid_utf8(l.items[i].val, strlen(l.items[i].val)));
        }
    }
    kv_free(&l);
    return 0;
}
