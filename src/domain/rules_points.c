/* rules_points.c - "1,3,4" <-> bit mask of a chapter's covered check points. */
#include "rules_points.h"

long rules_points_parse(const char *s, int n_points)
{
    if (!s || n_points < 1 || n_points > RULES_POINTS_MAX)
        return -1;
    long mask = 0;
    const char *p = s;
    if (*p == '\0')
        return 0;
    for (;;) {
        /* one number: 1-2 digits, no leading zero */
        if (*p < '1' || *p > '9')
            return -1;
        int v = *p++ - '0';
        if (*p >= '0' && *p <= '9')
            v = v * 10 + (*p++ - '0');
        if (v > n_points)
            return -1;
        mask |= 1L << (v - 1);
        if (*p == '\0')
            return mask;
        if (*p++ != ',')
            return -1;
    }
}

bool rules_points_format(long mask, char *out, size_t outsz)
{
    size_t len = 0;
    if (outsz == 0)
        return false;
    out[0] = '\0';
    if (mask < 0 || mask >= (1L << RULES_POINTS_MAX))
        return false;
    for (int k = 1; k <= RULES_POINTS_MAX; k++) {
        if (!(mask & (1L << (k - 1))))
            continue;
        char num[4];
        size_t n = 0;
        if (len)
            num[n++] = ',';
        if (k >= 10)
            num[n++] = (char)('0' + k / 10);
        num[n++] = (char)('0' + k % 10);
        if (len + n + 1 > outsz) {
            out[0] = '\0';
            return false;
        }
        for (size_t i = 0; i < n; i++)
            out[len++] = num[i];
        out[len] = '\0';
    }
    return true;
}

int rules_points_count(long mask)
{
    int n = 0;
    for (; mask > 0; mask >>= 1)
        n += (int)(mask & 1);
    return n;
}
