/* pages_report_build.h - assembles the final report's deliverables from an SME's workspace
 * into a snapshot, one section per builder.
 *
 * Snapshot JSON (stored in final_reports.snapshot, so later workspace edits do not change
 * a submitted report):
 *   {"sections": [{"key": "policy", "title": "<msgid>",
 *                  "rows": [{"label": "<msgid>", "value": V}], "list": [V, ...]}]}
 * where V is a plain string, {"ja": "...", "en": "..."} or {"msgid": "..."}; "rows" and
 * "list" are optional. report_display() turns it into plain strings in one language.
 *
 * Another part adds a section with one line in the table in pages_report_build.c:
 *   {"rules", rules_report_section},
 * where `json_t *rules_report_section(const struct report_ctx *c)` returns a section
 * object (or NULL to leave it out).
 */
#ifndef OTASUKE_PAGES_REPORT_BUILD_H
#define OTASUKE_PAGES_REPORT_BUILD_H

#include "i18n.h"
#include "store.h"

#include <jansson.h>
#include <stdint.h>

struct report_ctx {
    db_conn_t *db;
    const catalog_t *cat; /* for values that are text in both languages */
    const char *base_url;
    int64_t org_id, match_id, program_id;
};

typedef json_t *(*report_section_fn)(const struct report_ctx *c);

/* Runs every builder; never NULL. */
json_t *report_assemble(const struct report_ctx *c);
/* {"sections": [{"title", "rows": [{"label", "value"}], "list": [...]}]} in lang. */
json_t *report_display(const catalog_t *cat, const char *lang, const json_t *snapshot);

/* Helpers for builders: a section, a row and a list entry. */
json_t *report_section(const char *key, const char *title_msgid);
void report_row(json_t *section, const char *label_msgid, json_t *value);
void report_item(json_t *section, json_t *value);
/* {"ja": ..., "en": ...}: prefix (a msgid, translated in each language) + ": " + text. */
json_t *report_both(const catalog_t *cat, const char *prefix_msgid, const char *text);

#endif
