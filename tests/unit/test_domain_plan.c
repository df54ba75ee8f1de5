/* test_domain_plan.c - action plan from diagnosis gaps; handbook and policy drafts. */
#include "content.h"
#include "diagnosis.h"
#include "handbook.h"
#include "plan.h"
#include "plan_json.h"
#include "policy.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "domain_fixture.h"

static size_t count_item(const plan_t *p, int item)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        n += p->e[i].item == item;
    return n;
}

static int first_month(const plan_t *p, int item)
{
    int m = 99;
    for (size_t i = 0; i < p->n; i++)
        if (p->e[i].item == item && p->e[i].month < m)
            m = p->e[i].month;
    return m;
}

static void test_all_done_only_telework(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_DONE);
    a.a[9] = ANS_NOT_USED;
    plan_t p;
    assert_true(plan_generate(C, &a, &p));
    assert_true(p.n >= 1);
    for (size_t i = 0; i < p.n; i++) {
        assert_int_equal(p.e[i].item, 0);
        assert_string_equal(p.e[i].status, "todo");
        assert_non_null(p.e[i].owner);
    }
    assert_int_equal(first_month(&p, 0), 1);
}

static void test_gaps_get_measures_with_priority(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_DONE);
    a.a[11] = ANS_PARTLY;   /* backup: medium */
    a.a[3] = ANS_NOT_DONE;  /* passwords: high */
    a.a[24] = ANS_UNKNOWN;  /* incidents: high */
    a.a[23] = ANS_NOT_USED; /* no cloud: nothing to do */
    plan_t p;
    assert_true(plan_generate(C, &a, &p));
    assert_true(count_item(&p, 3) >= 1);
    assert_true(count_item(&p, 11) >= 2); /* backup + restore test */
    assert_true(count_item(&p, 24) >= 1);
    assert_int_equal(count_item(&p, 23), 0);
    assert_int_equal(count_item(&p, 1), 0);
    assert_true(count_item(&p, 0) >= 1); /* telework always */
    for (size_t i = 0; i < p.n; i++) {
        const plan_entry_t *e = &p.e[i];
        if (e->item == 3 || e->item == 24)
            assert_int_equal(e->priority, PRIO_HIGH);
        else
            assert_int_equal(e->priority, PRIO_MEDIUM);
        assert_true(e->month >= 1 && e->month <= 12);
        if (i > 0)
            assert_true(p.e[i - 1].month <= e->month);
    }
    /* three groups + telework: one per month, high first */
    assert_int_equal(first_month(&p, 3), 1);
    assert_int_equal(first_month(&p, 24), 2);
    assert_int_equal(first_month(&p, 11), 3);
    assert_int_equal(first_month(&p, 0), 4);
    /* follow-up measure placed after its first measure */
    const measure_t *restore = content_measure(C, "m11-restore-test");
    assert_non_null(restore);
    for (size_t i = 0; i < p.n; i++)
        if (p.e[i].measure == restore)
            assert_int_equal(p.e[i].month, 3 + restore->month_offset);
    assert_string_equal(plan_priority_key(PRIO_HIGH), "high");
    assert_string_equal(plan_priority_label(PRIO_MEDIUM, "ja"), "中");
}

/* The worst case: every item a gap. High gaps start no later than any medium gap. */
static void test_high_first_everywhere(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_NOT_DONE);
    for (int i = 1; i <= DIAG_ITEMS; i += 2)
        a.a[i] = ANS_PARTLY;
    a.a[25] = ANS_UNKNOWN;
    plan_t p;
    assert_true(plan_generate(C, &a, &p));
    int last_high_start = 0, first_medium_start = 99;
    for (int no = 1; no <= DIAG_ITEMS; no++) {
        assert_true(count_item(&p, no) >= 1);
        int m = first_month(&p, no);
        if (a.a[no] == ANS_PARTLY) {
            if (m < first_medium_start)
                first_medium_start = m;
        } else if (m > last_high_start) {
            last_high_start = m;
        }
    }
    assert_true(last_high_start <= first_medium_start);
    assert_true(count_item(&p, 0) >= 1);
    /* spread over the year, not all in month 1 */
    int max_month = 0;
    size_t in_month1 = 0;
    for (size_t i = 0; i < p.n; i++) {
        if (p.e[i].month > max_month)
            max_month = p.e[i].month;
        in_month1 += p.e[i].month == 1;
    }
    assert_true(max_month >= 9);
    assert_true(in_month1 <= 4);
    /* the first entries are the Part 1 basics */
    assert_int_equal(p.e[0].item, 2);
    assert_int_equal(p.e[0].priority, PRIO_HIGH);
}

static void test_plan_json(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_DONE);
    a.a[3] = ANS_NOT_DONE;
    plan_t p;
    assert_true(plan_generate(C, &a, &p));
    char *s = plan_to_json(&p);
    assert_non_null(s);
    json_t *j = json_loads(s, 0, NULL);
    free(s);
    assert_non_null(j);
    json_t *ms = json_object_get(j, "measures");
    assert_int_equal(json_array_size(ms), p.n);
    json_t *first = json_array_get(ms, 0);
    assert_string_equal(json_string_value(json_object_get(first, "id")), "m03-password");
    assert_string_equal(json_string_value(json_object_get(first, "priority")), "high");
    assert_int_equal(json_integer_value(json_object_get(first, "month")), 1);
    assert_string_equal(json_string_value(json_object_get(first, "status")), "todo");
    assert_string_equal(json_string_value(json_object_get(first, "owner")), "it_lead");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(first, "owner_label"), "ja")),
        "IT担当者");
    json_decref(j);
}

static void test_incomplete_answers_refused(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_DONE);
    a.a[5] = ANS_NONE;
    plan_t p;
    assert_false(plan_generate(C, &a, &p));
    assert_int_equal(p.n, 0);
    a = all(ANS_DONE);
    a.a[5] = ANS_NOT_USED;
    assert_false(plan_generate(C, &a, &p));
}

static void test_policy_filled(void **state)
{
    (void)state;
    policy_vars_t v = {"株式会社やまだ工務店", "代表取締役 山田太郎", "2026-11-22"};
    buf_t b;
    buf_init(&b);
    policy_render_text(C, &v, "ja", &b);
    const char *s = buf_cstr(&b);
    assert_true(strncmp(s, "情報セキュリティ基本方針\n", strlen("情報セキュリティ基本方針\n")) ==
                0);
    assert_non_null(strstr(s, "株式会社やまだ工務店（以下、当社）"));
    assert_non_null(strstr(s, "1. 経営者の責任"));
    assert_non_null(strstr(s, "5. 違反及び事故への対応"));
    assert_non_null(
        strstr(s, "制定日：2026年11月22日\n株式会社やまだ工務店\n代表取締役 山田太郎\n"));
    assert_null(strstr(s, "{{"));
    /* section order per domain.md §4 */
    const char *order[] = {"経営者の責任", "社内体制の整備", "従業員の取組み",
                           "法令及び契約", "違反及び事故",   "制定日"};
    const char *prev = s;
    for (size_t i = 0; i < 6; i++) {
        const char *at = strstr(s, order[i]);
        assert_non_null(at);
        assert_true(at > prev);
        prev = at;
    }
    buf_reset(&b);
    policy_render_text(C, &v, "en", &b);
    assert_non_null(strstr(buf_cstr(&b), "Established: 22 November 2026"));
    assert_non_null(strstr(buf_cstr(&b), "株式会社やまだ工務店 (\"we\")"));
    buf_free(&b);
}

static void test_policy_fill_edge_cases(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b);
    /* values are not re-scanned; missing values become visible hints; unknown kept */
    policy_vars_t v = {"{{date}} Co.", NULL, "2026-02-30"};
    policy_fill("{{org_name}}/{{representative}}/{{date}}/{{other}}/{{open", &v, "ja", &b);
    assert_string_equal(buf_cstr(&b),
                        "{{date}} Co./［代表者の役職・氏名］/［制定日］/{{other}}/{{open");
    buf_reset(&b);
    policy_fill("{{representative}}", &v, "en", &b);
    assert_string_equal(buf_cstr(&b), "[title and name of the representative]");
    buf_free(&b);
}

static void test_handbook_from_plan(void **state)
{
    (void)state;
    diag_answers_t a = all(ANS_DONE);
    a.a[24] = ANS_NOT_DONE;
    a.a[3] = ANS_PARTLY;
    plan_t p;
    assert_true(plan_generate(C, &a, &p));
    buf_t b;
    buf_init(&b);
    handbook_from_plan(C, &p, "株式会社やまだ工務店", "ja", &b);
    const char *s = buf_cstr(&b);
    assert_non_null(strstr(s, "情報セキュリティハンドブック"));
    assert_non_null(strstr(s, "株式会社やまだ工務店で働くすべての人"));
    const char *pw = strstr(s, "第1章 パスワード");
    const char *inc = strstr(s, "第2章 事故が起きたとき");
    const char *tw = strstr(s, "テレワークのルール");
    assert_non_null(pw);
    assert_non_null(inc);
    assert_non_null(tw);
    assert_true(pw < inc && inc < tw); /* item order, telework last */
    assert_null(strstr(s, "バックアップ"));
    assert_null(strstr(s, "{{"));

    /* duplicates are dropped */
    const measure_t *m = content_measure(C, "m03-password");
    const measure_t *chosen[] = {m, m, m};
    const measure_t *ch[8];
    assert_int_equal(handbook_chapters(C, chosen, 3, ch, 8), 1);
    buf_reset(&b);
    handbook_render_text(C, chosen, 3, "Yamada Co.", "en", &b);
    assert_non_null(strstr(buf_cstr(&b), "Chapter 1. Passwords"));
    assert_null(strstr(buf_cstr(&b), "Chapter 2."));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_done_only_telework),
        cmocka_unit_test(test_gaps_get_measures_with_priority),
        cmocka_unit_test(test_high_first_everywhere),
        cmocka_unit_test(test_plan_json),
        cmocka_unit_test(test_incomplete_answers_refused),
        cmocka_unit_test(test_policy_filled),
        cmocka_unit_test(test_policy_fill_edge_cases),
        cmocka_unit_test(test_handbook_from_plan),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
