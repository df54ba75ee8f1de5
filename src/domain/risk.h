/* risk.h - risk analysis of the asset inventory (情報資産管理台帳, domain.md §4).
 *
 * Per asset: importance = max(C, I, A), forced to 3 when the asset holds personal data or
 * its loss would threaten the business's existence; likelihood from threat x weakness
 * (3x3 -> 3, 3x2 -> 2, 2x3 -> 2, any other -> 1); risk = importance x likelihood (1-9).
 * Every input is 1-3; out-of-range input gives 0 ("not computable"), never a guess. */
#ifndef OTASUKE_RISK_H
#define OTASUKE_RISK_H

#include <stdbool.h>

enum risk_band {
    RISK_BAND_NONE = 0,
    RISK_BAND_LOW,
    RISK_BAND_DESIRABLE,
    RISK_BAND_THIS_TERM,
    RISK_BAND_URGENT
};

/* 1-3, or 0 when c, i or a is outside 1-3. */
int risk_importance(int c, int i, int a, bool personal_data, bool existential);
/* 1-3 from the likelihood table, or 0 when threat or weakness is outside 1-3. */
int risk_likelihood(int threat, int weakness);
/* importance x likelihood (1-9), or 0 when either is outside 1-3. */
int risk_value(int importance, int likelihood);
/* The band of a risk value 1-9 (9 urgent, 6 this term, 4 desirable, 1-3 low); NONE for 0
 * or out of range. */
enum risk_band risk_band_of(int risk);
/* Stable key of a band: "urgent", "this_term", "desirable", "low", "" for NONE. */
const char *risk_band_key(enum risk_band b);

#endif
