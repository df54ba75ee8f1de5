/* fuzz_program_elig.c - prog_decide on arbitrary window dates, today and facts: never
 * crashes, reads no byte past the strings, and keeps its invariants (every rule it lists
 * agrees with eligible/open, can_apply = eligible && open, no check listed twice). */
#include "program_elig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Copies the next field (up to a NUL byte or the end) into a fresh heap string, so that
 * ASan catches any read past its end. */
static char *next_str(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *s = *p;
    while (*p < end && **p)
        (*p)++;
    size_t n = (size_t)(*p - s);
    if (*p < end)
        (*p)++;
    char *out = malloc(n + 1);
    if (!out)
        abort();
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    uint8_t bits = data[0], stars = data[1], cap = data[2], acc = data[3];
    const uint8_t *p = data + 4, *end = data + size;
    char *from = next_str(&p, end), *until = next_str(&p, end), *today = next_str(&p, end);
    prog_rules_t r = {.require_sme = bits & 1,
                      .min_stars = (bits >> 1) % 3,
                      .require_no_policy = bits & 8,
                      .has_excluded_program = bits & 16,
                      .apply_from = from,
                      .apply_until = until,
                      .capacity = cap,
                      .accepted = acc};
    prog_facts_t f = {.is_sme = bits & 32,
                      .sme_rule = stars >> 4,
                      .stars = (stars & 3) == 3 ? 0 : stars & 3,
                      .has_published_policy = bits & 64,
                      .took_excluded = bits & 128,
                      .already_applied = stars & 4,
                      .today = today};
    prog_decision_t d;
    prog_decide(&r, &f, &d);
    bool eligible = true, open = true;
    unsigned seen = 0;
    if (d.n > PROG_RULES)
        abort();
    for (size_t i = 0; i < d.n; i++) {
        const prog_check_t *c = &d.checks[i];
        if ((unsigned)c->rule >= PROG_RULES || (seen & (1u << c->rule)) || !c->code || !*c->code)
            abort();
        seen |= 1u << c->rule;
        if (!c->ok) {
            if (prog_rule_is_org(c->rule))
                eligible = false;
            else
                open = false;
        }
    }
    if (d.eligible != eligible || d.open != open || d.can_apply != (eligible && open))
        abort();
    /* Window, capacity and applied are always decided. */
    if (!(seen & (1u << PR_WINDOW)) || !(seen & (1u << PR_CAPACITY)) ||
        !(seen & (1u << PR_APPLIED)))
        abort();
    if ((acc >= cap) == !!(d.checks[d.n - 2].ok))
        abort();
    free(from);
    free(until);
    free(today);
    return 0;
}
