/* program_elig.h - may an organization apply to a guidance program? (domain.md §1, §5)
 *
 * A pure function of facts the caller loaded: no SQL, no clock, no text. The decision lists
 * every rule with whether it passed, so that the SME sees why before it applies and the
 * operator sees the same reasons next to each application.
 *
 * Rules about the organization (they make it "eligible"):
 *   sme      - an SME per domain.md §1 (skipped when the program does not require it)
 *   stars    - an active SECURITY ACTION declaration of at least min_stars (skipped when 0)
 *   policy   - no published basic policy yet (skipped when not required)
 *   earlier  - not a participant of the named earlier program (skipped when none named)
 * Rules about the moment (they make it "open"):
 *   window   - today inside the application window (inclusive dates, Japan time)
 *   capacity - accepted < capacity
 *   applied  - no earlier application of this organization to this program
 * can_apply = eligible && open.
 */
#ifndef OTASUKE_PROGRAM_ELIG_H
#define OTASUKE_PROGRAM_ELIG_H

#include <stdbool.h>
#include <stddef.h>

/* The program's rules and state. Dates are "YYYY-MM-DD". */
typedef struct {
    bool require_sme;
    int min_stars; /* 0, 1 or 2 */
    bool require_no_policy;
    bool has_excluded_program; /* an earlier program is named */
    const char *apply_from, *apply_until;
    long capacity, accepted;
} prog_rules_t;

/* What is true of the organization today. */
typedef struct {
    bool is_sme;
    int sme_rule; /* SME table row 1-15, 0 when none applies */
    int stars;    /* level of the active declaration, 0 when none */
    bool has_published_policy;
    bool took_excluded; /* has an accepted (or later) application in the excluded program */
    bool already_applied;
    const char *today; /* "YYYY-MM-DD" */
} prog_facts_t;

enum prog_rule { PR_SME, PR_STARS, PR_POLICY, PR_EARLIER, PR_WINDOW, PR_CAPACITY, PR_APPLIED };
#define PROG_RULES 7

typedef struct {
    enum prog_rule rule;
    bool ok;
    /* Stable key for the API and the stored decision, e.g. "not_sme", "window_closed". */
    const char *code;
} prog_check_t;

typedef struct {
    bool eligible;  /* every organization rule passed */
    bool open;      /* window, capacity and not applied passed */
    bool can_apply; /* both */
    size_t n;       /* checks made, in rule order; skipped rules are not listed */
    prog_check_t checks[PROG_RULES];
} prog_decision_t;

/* Decides. Never fails: malformed dates count as outside the window. */
void prog_decide(const prog_rules_t *rules, const prog_facts_t *facts, prog_decision_t *out);
/* True if rule belongs to the organization rules (sme, stars, policy, earlier). */
bool prog_rule_is_org(enum prog_rule rule);
/* "sme", "stars", "policy", "earlier", "window", "capacity", "applied". */
const char *prog_rule_name(enum prog_rule rule);

#endif
