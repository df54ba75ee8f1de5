/* diagnosis_view.h - the page data of a diagnosis (questions with answers, result, advice)
 * as JSON for templates, in the request's language. */
#ifndef OTASUKE_DIAGNOSIS_VIEW_H
#define OTASUKE_DIAGNOSIS_VIEW_H

#include "diagnosis_store.h"
#include "web.h"

/* The date part "YYYY-MM-DD" of an ISO timestamp (shorter text is kept whole). */
json_t *diag_view_date(const char *iso);

/* The explanation of when "not used" applies, for items 9 and 23 (msgid), else NULL. */
const char *diag_not_used_help(int item);

/* One item for a form: no, question, note, not_used_help, options [{key, label, checked}],
 * error (from item_errors["N"] when given). */
json_t *diag_view_item(const struct req *rq, const content_t *c, int no, const diag_answers_t *ans,
                       json_t *item_errors);

/* The parts with their items: [{label, first, last, items: [diag_view_item...]}]. */
json_t *diag_view_parts(const struct req *rq, const content_t *c, const diag_answers_t *ans,
                        json_t *item_errors);

/* The result page data: total, band_*, parts, html_parts_chart, unknown, advice, prev. */
json_t *diag_view_result(struct req *rq, const content_t *c, const struct diag_row *row,
                         const diag_answers_t *ans);

/* A trend chart of completed totals (oldest first) as trusted SVG, or "" with fewer than 1. */
void diag_view_trend(struct req *rq, buf_t *out, const char *const *dates, const double *totals,
                     size_t n);

#endif
