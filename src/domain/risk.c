/* risk.c - importance, likelihood and risk of one information asset (domain.md §4). */
#include "risk.h"

#include <stddef.h>

/* Likelihood by [threat - 1][weakness - 1]: only a frequent threat meeting a missing or
 * partial defence (and the reverse) is more than 1. */
static const int LIKELIHOOD[3][3] = {
    /* weakness: 1  2  3 */
    {1, 1, 1}, /* threat 1: normally never happens */
    {1, 1, 2}, /* threat 2: a few times a year */
    {1, 2, 3}, /* threat 3: can happen any time */
};

/* Bands from the highest: a risk at or above min falls in the band. */
static const struct {
    int min;
    enum risk_band band;
    const char *key;
} BANDS[] = {
    {9, RISK_BAND_URGENT, "urgent"},
    {6, RISK_BAND_THIS_TERM, "this_term"},
    {4, RISK_BAND_DESIRABLE, "desirable"},
    {1, RISK_BAND_LOW, "low"},
};

static bool level_ok(int v)
{
    return v >= 1 && v <= 3;
}

int risk_importance(int c, int i, int a, bool personal_data, bool existential)
{
    if (!level_ok(c) || !level_ok(i) || !level_ok(a))
        return 0;
    if (personal_data || existential)
        return 3;
    int m = c;
    if (i > m)
        m = i;
    if (a > m)
        m = a;
    return m;
}

int risk_likelihood(int threat, int weakness)
{
    if (!level_ok(threat) || !level_ok(weakness))
        return 0;
    return LIKELIHOOD[threat - 1][weakness - 1];
}

int risk_value(int importance, int likelihood)
{
    if (!level_ok(importance) || !level_ok(likelihood))
        return 0;
    return importance * likelihood;
}

enum risk_band risk_band_of(int risk)
{
    if (risk < 1 || risk > 9)
        return RISK_BAND_NONE;
    for (size_t k = 0; k < sizeof BANDS / sizeof BANDS[0]; k++)
        if (risk >= BANDS[k].min)
            return BANDS[k].band;
    return RISK_BAND_NONE;
}

const char *risk_band_key(enum risk_band b)
{
    for (size_t k = 0; k < sizeof BANDS / sizeof BANDS[0]; k++)
        if (BANDS[k].band == b)
            return BANDS[k].key;
    return "";
}
