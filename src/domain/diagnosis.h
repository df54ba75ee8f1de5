/* diagnosis.h - scoring of the 25-item self-diagnosis (domain.md §3). */
#ifndef OTASUKE_DIAGNOSIS_H
#define OTASUKE_DIAGNOSIS_H

#include "content.h"

typedef struct {
    enum diag_answer a[DIAG_ITEMS + 1]; /* a[no] for item no 1-25; a[0] unused */
} diag_answers_t;

typedef enum {
    DIAG_OK = 0,
    DIAG_E_MISSING,  /* an item has no answer */
    DIAG_E_VALUE,    /* not one of the answer values */
    DIAG_E_NOT_USED, /* not_used on an item other than 9 and 23 */
} diag_err_t;

typedef struct {
    int points[DIAG_ITEMS + 1]; /* per item */
    int total;                  /* -25 .. 100 */
    int parts[PART_COUNT];      /* basic, employee, organization */
    int part_max[PART_COUNT];
    const band_def_t *band;
    size_t n_unknown;
    int unknown_items[DIAG_ITEMS]; /* answered わからない, ascending */
    size_t n_advice;
    int advice_items[DIAG_ITEMS]; /* scored below full points: lowest score first, then no */
} diag_result_t;

/* "done" -> ANS_DONE ...; ANS_NONE when s is not an answer key. */
enum diag_answer diag_answer_parse(const char *s);
const char *diag_answer_key(enum diag_answer a);

/* Scores complete answers. On error, *bad_item (if given) names the first offending item. */
diag_err_t diag_score(const content_t *c, const diag_answers_t *ans, diag_result_t *out,
                      int *bad_item);

/* Checks one answer for one item (for resumable forms saving one item at a time). */
diag_err_t diag_check_answer(const content_t *c, int item, enum diag_answer a);

/* A message for an error about item (0: none), e.g. "item 7: ..." / 「No.7：…」. */
void diag_err_text(diag_err_t e, int item, const char *lang, char *out, size_t outsz);

#endif
