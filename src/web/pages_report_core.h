/* pages_report_core.h - submitting and reading a match's final report (shared by the
 * pages and the JSON API).
 *
 * Submitting is allowed once, by the match's expert, when the match is confirmed and all
 * visit_count visits are done. In one transaction it stores the assembled snapshot, sets
 * the match and the application to 'completed' and lowers experts.active; then the SME's
 * members and the operators are mailed.
 */
#ifndef OTASUKE_PAGES_REPORT_CORE_H
#define OTASUKE_PAGES_REPORT_CORE_H

#include "pages_visit_core.h"

/* The assembled sections as they would be stored now (for the preview and the API). */
json_t *report_preview(struct req *rq, const struct vmatch *m);
/* 0 on success; >0 input problems in errors; -1 not allowed now (visits left, already
 * submitted, match not confirmed). */
int report_submit(struct req *rq, const struct vmatch *m, const char *overall,
                  const char *recommendations, json_t *errors);
/* {overall, recommendations, submitted_at, submitted_on, snapshot} or NULL when none. */
json_t *report_load(struct req *rq, int64_t match_id);

#endif
