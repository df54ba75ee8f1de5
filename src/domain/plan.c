/* plan.c - turn diagnosis gaps into a one-year plan of measures with months and owners.
 *
 * Scheduling: each gap item (and the telework group) is a "group". Groups are ordered by
 * priority, then item number (Part 1 basics first); telework comes after the items of its
 * priority. Groups start in consecutive months, at most ceil(groups / 12) starting per
 * month, so high-priority groups never start later than medium ones. A group's follow-up
 * measures are placed month_offset months after its start (capped at month 12). */
#include "plan.h"

#include <string.h>

#define TELEWORK_SORT_ITEM (DIAG_ITEMS + 1)

typedef struct {
    int item; /* 0 = telework */
    enum plan_priority prio;
    enum diag_answer answer;
} group_t;

static int group_sort_item(const group_t *g)
{
    return g->item == 0 ? TELEWORK_SORT_ITEM : g->item;
}

static bool group_before(const group_t *a, const group_t *b)
{
    if (a->prio != b->prio)
        return a->prio < b->prio;
    return group_sort_item(a) < group_sort_item(b);
}

static bool entry_before(const plan_entry_t *a, const plan_entry_t *b)
{
    if (a->month != b->month)
        return a->month < b->month;
    if (a->priority != b->priority)
        return a->priority < b->priority;
    int ia = a->item ? a->item : TELEWORK_SORT_ITEM, ib = b->item ? b->item : TELEWORK_SORT_ITEM;
    if (ia != ib)
        return ia < ib;
    return a->measure < b->measure; /* data file order */
}

bool plan_generate(const content_t *c, const diag_answers_t *ans, plan_t *out)
{
    memset(out, 0, sizeof *out);
    group_t groups[DIAG_ITEMS + 1];
    size_t ng = 0;
    for (int no = 1; no <= DIAG_ITEMS; no++) {
        enum diag_answer a = ans->a[no];
        if (a == ANS_NONE || diag_check_answer(c, no, a) != DIAG_OK)
            return false;
        if (a == ANS_NOT_DONE || a == ANS_UNKNOWN)
            groups[ng++] = (group_t){no, PRIO_HIGH, a};
        else if (a == ANS_PARTLY)
            groups[ng++] = (group_t){no, PRIO_MEDIUM, a};
    }
    groups[ng++] = (group_t){0, PRIO_MEDIUM, ANS_NONE};
    for (size_t i = 1; i < ng; i++) { /* insertion sort, n <= 26 */
        group_t v = groups[i];
        size_t j = i;
        while (j > 0 && group_before(&v, &groups[j - 1])) {
            groups[j] = groups[j - 1];
            j--;
        }
        groups[j] = v;
    }
    size_t per_month = (ng + 11) / 12;
    int month = 1;
    size_t started = 0;
    for (size_t g = 0; g < ng; g++) {
        for (size_t m = 0; m < c->n_measures && out->n < MAX_MEASURES; m++) {
            const measure_t *ms = &c->measures[m];
            if (ms->item != groups[g].item)
                continue;
            int mo = month + ms->month_offset;
            out->e[out->n++] = (plan_entry_t){.measure = ms,
                                              .item = ms->item,
                                              .answer = groups[g].answer,
                                              .priority = groups[g].prio,
                                              .month = mo > 12 ? 12 : mo,
                                              .owner = ms->owner,
                                              .status = "todo"};
        }
        if (++started >= per_month && month < 12) {
            month++;
            started = 0;
        }
    }
    for (size_t i = 1; i < out->n; i++) {
        plan_entry_t v = out->e[i];
        size_t j = i;
        while (j > 0 && entry_before(&v, &out->e[j - 1])) {
            out->e[j] = out->e[j - 1];
            j--;
        }
        out->e[j] = v;
    }
    return true;
}

const char *plan_priority_key(enum plan_priority p)
{
    switch (p) {
    case PRIO_HIGH:
        return "high";
    case PRIO_MEDIUM:
        return "medium";
    case PRIO_LOW:
        return "low";
    }
    return "";
}

const char *plan_priority_label(enum plan_priority p, const char *lang)
{
    bool en = lang_is_en(lang);
    switch (p) {
    case PRIO_HIGH:
        return en ? "High" : "高";
    case PRIO_MEDIUM:
        return en ? "Medium" : "中";
    case PRIO_LOW:
        return en ? "Low" : "低";
    }
    return "";
}
