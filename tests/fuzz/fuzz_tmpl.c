/* fuzz_tmpl.c - compiles and renders arbitrary templates against fixed data. */
#include "tmpl.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    tmpl_set_t *s = tmpl_set_new();
    if (tmpl_add(s, "t", (const char *)data, size, err, sizeof err) == 0) {
        /* a partial that includes itself must be stopped by the depth limit */
        tmpl_add(s, "p", "{{> t}}", 7, err, sizeof err);
        json_t *d = json_pack("{s:s,s:i,s:[s,s],s:{s:s},s:s}", "x", "<&\"'>", "n", 3, "xs", "a",
                              "b", "o", "k", "v", "html_x", "<b>");
        buf_t b;
        buf_init(&b);
        tmpl_render(s, "t", d, NULL, NULL, &b, err, sizeof err);
        buf_free(&b);
        json_decref(d);
    }
    tmpl_set_free(s);
    return 0;
}
