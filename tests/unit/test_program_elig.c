/* test_program_elig.c - every eligibility rule of a guidance program, alone and combined. */
#include "program_elig.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

/* A 2019-like program: SME, ★ or more, no policy, not in the earlier program. */
static prog_rules_t rules(void)
{
    return (prog_rules_t){.require_sme = true,
                          .min_stars = 1,
                          .require_no_policy = true,
                          .has_excluded_program = true,
                          .apply_from = "2019-08-14",
                          .apply_until = "2019-11-21",
                          .capacity = 400,
                          .accepted = 0};
}

/* An SME that passes every rule. */
static prog_facts_t good(void)
{
    return (prog_facts_t){.is_sme = true,
                          .sme_rule = 1,
                          .stars = 1,
                          .has_published_policy = false,
                          .took_excluded = false,
                          .already_applied = false,
                          .today = "2019-09-01"};
}

static const prog_check_t *find(const prog_decision_t *d, enum prog_rule r)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->checks[i].rule == r)
            return &d->checks[i];
    return NULL;
}

static size_t failed(const prog_decision_t *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += !d->checks[i].ok;
    return n;
}

static void expect_code(const prog_decision_t *d, enum prog_rule r, bool ok, const char *code)
{
    const prog_check_t *c = find(d, r);
    assert_non_null(c);
    assert_int_equal(c->ok, ok);
    assert_string_equal(c->code, code);
}

static void test_all_pass(void **state)
{
    (void)state;
    prog_rules_t r = rules();
    prog_facts_t f = good();
    prog_decision_t d;
    prog_decide(&r, &f, &d);
    assert_true(d.eligible && d.open && d.can_apply);
    assert_int_equal(d.n, PROG_RULES);
    assert_int_equal(failed(&d), 0);
    expect_code(&d, PR_SME, true, "sme");
    expect_code(&d, PR_STARS, true, "stars_ok");
    expect_code(&d, PR_POLICY, true, "no_policy");
    expect_code(&d, PR_EARLIER, true, "not_earlier_participant");
    expect_code(&d, PR_WINDOW, true, "window_open");
    expect_code(&d, PR_CAPACITY, true, "places_left");
    expect_code(&d, PR_APPLIED, true, "not_applied");
}

static void test_not_sme(void **state)
{
    (void)state;
    prog_rules_t r = rules();
    prog_facts_t f = good();
    f.is_sme = false;
    f.sme_rule = 0;
    prog_decision_t d;
    prog_decide(&r, &f, &d);
    assert_false(d.eligible);
    assert_true(d.open);
    assert_false(d.can_apply);
    assert_int_equal(failed(&d), 1);
    expect_code(&d, PR_SME, false, "not_sme");
    /* A program open to every organization does not ask. */
    r.require_sme = false;
    prog_decide(&r, &f, &d);
    assert_true(d.can_apply);
    assert_null(find(&d, PR_SME));
}

static void test_stars(void **state)
{
    (void)state;
    prog_rules_t r = rules();
    prog_facts_t f = good();
    prog_decision_t d;
    f.stars = 0;
    prog_decide(&r, &f, &d);
    assert_false(d.can_apply);
    expect_code(&d, PR_STARS, false, "no_declaration");
    /* ★★ programs: ★ is not enough, ★★ is. */
    r.min_stars = 2;
    f.stars = 1;
    prog_decide(&r, &f, &d);
    assert_false(d.eligible);
    expect_code(&d, PR_STARS, false, "stars_too_low");
    f.stars = 2;
    prog_decide(&r, &f, &d);
    assert_true(d.eligible);
    expect_code(&d, PR_STARS, true, "stars_ok");
    /* ★★ satisfies a ★ rule. */
    r.min_stars = 1;
    prog_decide(&r, &f, &d);
    assert_true(d.can_apply);
    /* min 0: no declaration needed, the rule is not listed. */
    r.min_stars = 0;
    f.stars = 0;
    prog_decide(&r, &f, &d);
    assert_true(d.can_apply);
    assert_null(find(&d, PR_STARS));
}

static void test_policy(void **state)
{
    (void)state;
    prog_rules_t r = rules();
    prog_facts_t f = good();
    prog_decision_t d;
    f.has_published_policy = true;
    prog_decide(&r, &f, &d);
    assert_false(d.eligible);
    expect_code(&d, PR_POLICY, false, "has_policy");
    r.require_no_policy = false;
    prog_decide(&r, &f, &d);
    assert_true(d.can_apply);
    assert_null(find(&d, PR_POLICY));
}

static void test_earlier_participant(void **state)
{
    (void)state;
    prog_rules_t r = rules();
    prog_facts_t f = good();
    prog_decision_t d;
    f.took_excluded = true;
    prog_decide(&r, &f, &d);
    assert_false(d.eligible);
    expect_code(&d, PR_EARLIER, false, "earlier_participant");
    r.has_excluded_program = false;
    prog_decide(&r, &f, &d);
    assert_true(d.can_apply);
    assert_null(find(&d, PR_EARLIER));
}

/* The window is inclusive at both ends. */
static void test_window(void **state)
{
    (void)state;
    prog_rules_t r = rules();
    prog_facts_t f = good();
    prog_decision_t d;
    const struct {
        const char *today;
        bool ok;
        const char *code;
    } cases[] = {
        {"2019-08-13", false, "window_not_open"},
        {"2019-08-14", true, "window_open"},
        {"2019-11-21", true, "window_open"},
        {"2019-11-22", false, "window_closed"},
        {"2020-01-01", false, "window_closed"},
        {"2019-8-20", false, "window_closed"},
        {"", false, "window_closed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        f.today = cases[i].today;
        prog_decide(&r, &f, &d);
        expect_code(&d, PR_WINDOW, cases[i].ok, cases[i].code);
        assert_true(d.eligible); /* the organization itself is still eligible */
        assert_int_equal(d.open, cases[i].ok);
        assert_int_equal(d.can_apply, cases[i].ok);
    }
    f.today = NULL;
    prog_decide(&r, &f, &d);
    assert_false(d.open);
}

static void test_capacity(void **state)
{
    (void)state;
    prog_rules_t r = rules();
    prog_facts_t f = good();
    prog_decision_t d;
    r.accepted = 399;
    prog_decide(&r, &f, &d);
    assert_true(d.can_apply);
    r.accepted = 400;
    prog_decide(&r, &f, &d);
    assert_true(d.eligible);
    assert_false(d.can_apply);
    expect_code(&d, PR_CAPACITY, false, "program_full");
    r.accepted = 401; /* never happens with the guarded UPDATE, still refused */
    prog_decide(&r, &f, &d);
    assert_false(d.can_apply);
}

static void test_already_applied(void **state)
{
    (void)state;
    prog_rules_t r = rules();
    prog_facts_t f = good();
    prog_decision_t d;
    f.already_applied = true;
    prog_decide(&r, &f, &d);
    assert_true(d.eligible);
    assert_false(d.can_apply);
    expect_code(&d, PR_APPLIED, false, "already_applied");
}

/* Every failing rule is reported, not only the first. */
static void test_combinations(void **state)
{
    (void)state;
    prog_rules_t r = rules();
    prog_decision_t d;
    for (unsigned mask = 0; mask < 128; mask++) {
        prog_facts_t f = good();
        f.is_sme = !(mask & 1);
        f.stars = (mask & 2) ? 0 : 1;
        f.has_published_policy = mask & 4;
        f.took_excluded = mask & 8;
        f.today = (mask & 16) ? "2019-12-01" : "2019-09-01";
        r.accepted = (mask & 32) ? 400 : 10;
        f.already_applied = mask & 64;
        prog_decide(&r, &f, &d);
        unsigned org_bad = mask & 15, moment_bad = mask & 112;
        assert_int_equal(d.eligible, org_bad == 0);
        assert_int_equal(d.open, moment_bad == 0);
        assert_int_equal(d.can_apply, mask == 0);
        assert_int_equal(failed(&d), (size_t)__builtin_popcount(mask));
        assert_int_equal(find(&d, PR_SME)->ok, !(mask & 1));
        assert_int_equal(find(&d, PR_STARS)->ok, !(mask & 2));
        assert_int_equal(find(&d, PR_POLICY)->ok, !(mask & 4));
        assert_int_equal(find(&d, PR_EARLIER)->ok, !(mask & 8));
        assert_int_equal(find(&d, PR_WINDOW)->ok, !(mask & 16));
        assert_int_equal(find(&d, PR_CAPACITY)->ok, !(mask & 32));
        assert_int_equal(find(&d, PR_APPLIED)->ok, !(mask & 64));
    }
}

static void test_rule_names(void **state)
{
    (void)state;
    assert_string_equal(prog_rule_name(PR_SME), "sme");
    assert_string_equal(prog_rule_name(PR_APPLIED), "applied");
    assert_string_equal(prog_rule_name((enum prog_rule)99), "");
    assert_true(prog_rule_is_org(PR_EARLIER));
    assert_false(prog_rule_is_org(PR_WINDOW));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_pass),
        cmocka_unit_test(test_not_sme),
        cmocka_unit_test(test_stars),
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_earlier_participant),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_capacity),
        cmocka_unit_test(test_already_applied),
        cmocka_unit_test(test_combinations),
        cmocka_unit_test(test_rule_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
