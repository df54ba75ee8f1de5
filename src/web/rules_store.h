/* rules_store.h - the related rules check (情報セキュリティ関連規程, domain.md §4): the chapters
 * of data/rules_chapters.json and one organization's status per chapter, shared by the
 * page, the JSON API and the summaries. Every function is scoped to one organization. */
#ifndef OTASUKE_RULES_STORE_H
#define OTASUKE_RULES_STORE_H

#include "web.h"

#define RULES_NOTES_MAX 2000

/* data/rules_chapters.json "chapters" (loaded once, read-only), or NULL when unreadable. */
const json_t *rules_chapters(void);
/* The chapter with this key, or NULL. */
const json_t *rules_chapter(const char *key);
/* Chapters in order, each {key, no, title, explain, status, status_label, notes,
 * points: [{n, text, checked}], n_points, n_checked, updated_at, updated_by} in rq->lang,
 * a chapter without a saved row being "not_yet"; plus "summary": {in_place, drafting,
 * not_yet, not_needed, applicable, total}. NULL on error. */
json_t *rules_load(struct req *rq);

/* One chapter's submitted values. points: the covered check point numbers, comma separated
 * ("1,3"); points or notes NULL keeps the current value (API partial update), in which case
 * cur_notes must hold the chapter's current notes for validation. */
typedef struct {
    const char *chapter;
    const char *status;
    const char *points;
    const char *notes;
    const char *cur_notes;
} rules_in_t;

/* Checks in; adds translated errors under "status_<key>", "points_<key>", "notes_<key>".
 * true when fine. */
bool rules_validate(const struct req *rq, const rules_in_t *in, json_t *errors);
/* Saves the chapters of in[0..n) in one transaction; only chapters whose values changed get a
 * new updated_at/updated_by. Audited. Returns the number changed, or -1 (nothing written). */
int rules_save(struct req *rq, const rules_in_t *in, size_t n);

#endif
