/* fuzz_rules_points.c - the check point list of the rules check ("1,3,4" from forms and the
 * API): never crashes, and whatever parses writes back to a list that parses to the same. */
#include "rules_points.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 256)
        return 0;
    int n_points = data[0] % (RULES_POINTS_MAX + 2); /* also 0 and MAX + 1: refused */
    char s[256];
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    long m = rules_points_parse(s, n_points);
    if (m < 0)
        return 0;
    if (m >= (1L << n_points))
        abort(); /* a point beyond the chapter's */
    char out[64];
    if (!rules_points_format(m, out, sizeof out) || rules_points_parse(out, n_points) != m)
        abort();
    return 0;
}
