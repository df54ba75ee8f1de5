/* program_elig.c - the eligibility decision of a guidance program application. */
#include "program_elig.h"

#include <string.h>

static bool valid_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

static void add(prog_decision_t *d, enum prog_rule rule, bool ok, const char *code)
{
    d->checks[d->n++] = (prog_check_t){rule, ok, code};
    if (ok)
        return;
    if (prog_rule_is_org(rule))
        d->eligible = false;
    else
        d->open = false;
}

void prog_decide(const prog_rules_t *r, const prog_facts_t *f, prog_decision_t *d)
{
    memset(d, 0, sizeof *d);
    d->eligible = true;
    d->open = true;
    if (r->require_sme)
        add(d, PR_SME, f->is_sme, f->is_sme ? "sme" : "not_sme");
    if (r->min_stars > 0) {
        bool ok = f->stars >= r->min_stars;
        /* No declaration at all and a ★ that is not enough for a ★★ rule read differently. */
        add(d, PR_STARS, ok, ok ? "stars_ok" : f->stars <= 0 ? "no_declaration" : "stars_too_low");
    }
    if (r->require_no_policy)
        add(d, PR_POLICY, !f->has_published_policy,
            f->has_published_policy ? "has_policy" : "no_policy");
    if (r->has_excluded_program)
        add(d, PR_EARLIER, !f->took_excluded,
            f->took_excluded ? "earlier_participant" : "not_earlier_participant");
    /* Dates compare as text: "YYYY-MM-DD" sorts in calendar order. */
    if (!valid_date(f->today) || !valid_date(r->apply_from) || !valid_date(r->apply_until))
        add(d, PR_WINDOW, false, "window_closed");
    else if (strcmp(f->today, r->apply_from) < 0)
        add(d, PR_WINDOW, false, "window_not_open");
    else if (strcmp(f->today, r->apply_until) > 0)
        add(d, PR_WINDOW, false, "window_closed");
    else
        add(d, PR_WINDOW, true, "window_open");
    bool full = r->accepted >= r->capacity;
    add(d, PR_CAPACITY, !full, full ? "program_full" : "places_left");
    add(d, PR_APPLIED, !f->already_applied, f->already_applied ? "already_applied" : "not_applied");
    d->can_apply = d->eligible && d->open;
}

bool prog_rule_is_org(enum prog_rule rule)
{
    return rule == PR_SME || rule == PR_STARS || rule == PR_POLICY || rule == PR_EARLIER;
}

const char *prog_rule_name(enum prog_rule rule)
{
    static const char *const names[PROG_RULES] = {"sme",    "stars",    "policy", "earlier",
                                                  "window", "capacity", "applied"};
    return (unsigned)rule < PROG_RULES ? names[rule] : "";
}
