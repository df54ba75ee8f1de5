/* plan.h - one-year action plan (対策実行計画書) generated from the diagnosis gaps. */
#ifndef OTASUKE_PLAN_H
#define OTASUKE_PLAN_H

#include "content.h"
#include "diagnosis.h"

enum plan_priority { PRIO_HIGH = 1, PRIO_MEDIUM = 2, PRIO_LOW = 3 };

typedef struct {
    const measure_t *measure;
    int item;                /* diagnosis item, 0 for telework */
    enum diag_answer answer; /* the answer that caused it (ANS_NONE for telework) */
    enum plan_priority priority;
    int month;           /* 1-12, month of the plan year */
    const role_t *owner; /* default owner role */
    const char *status;  /* "todo" when generated */
} plan_entry_t;

typedef struct {
    size_t n;
    plan_entry_t e[MAX_MEASURES]; /* ordered by month, then priority, then item */
} plan_t;

/* Builds the plan from complete answers: every item scored below full points gets its
 * measures (not_done/unknown: high, partly: medium), telework measures are always included
 * (medium). Returns false (and an empty plan) when an answer is missing or invalid. */
bool plan_generate(const content_t *c, const diag_answers_t *ans, plan_t *out);

const char *plan_priority_key(enum plan_priority p); /* "high", "medium", "low" */
const char *plan_priority_label(enum plan_priority p, const char *lang);

#endif
