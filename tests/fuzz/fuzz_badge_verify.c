/* fuzz_badge_verify.c - libFuzzer target: badge_verify() on arbitrary bytes never crashes,
 * and a badge it accepts has fields that pass badge_info_check(). */
#include "badge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct badge_info info;
    char err[256];
    int rc = badge_verify((const char *)data, size, NULL, &info, err, sizeof err);
    if (rc != BADGE_VALID && rc != BADGE_INVALID && rc != BADGE_MALFORMED)
        abort();
    if (rc == BADGE_VALID && badge_info_check(&info, NULL, 0) != 0)
        abort();
    if (rc != BADGE_VALID && strlen(err) == 0)
        abort(); /* every refusal says why */
    return 0;
}
