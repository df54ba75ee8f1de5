/* rules_summary.h - short JSON summaries of an organization's related rules check and risk
 * analysis, for the program's final report (the caller has already checked access). */
#ifndef OTASUKE_RULES_SUMMARY_H
#define OTASUKE_RULES_SUMMARY_H

#include "store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* {"total": 11, "in_place": n, "drafting": n, "not_yet": n, "not_needed": n,
 *  "chapters": [{"key", "title", "status", "points_checked", "points_total", "updated_at"}]}
 * titles in lang ("ja"/"en"); a chapter never saved counts as "not_yet". NULL on error. */
json_t *rules_check_summary(db_conn_t *db, int64_t org_id, const char *lang);

/* {"assets": n, "bands": {"urgent": n, "this_term": n, "desirable": n, "low": n},
 *  "top": [{"id", "name", "importance", "likelihood", "risk", "band"}]} with at most top_n
 * assets, highest risk first. NULL on error. */
json_t *risk_analysis_summary(db_conn_t *db, int64_t org_id, size_t top_n);

#endif
