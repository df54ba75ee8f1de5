/* diagnosis_json.h - the JSON form of diagnosis answers and results (CLI and API). */
#ifndef OTASUKE_DIAGNOSIS_JSON_H
#define OTASUKE_DIAGNOSIS_JSON_H

#include "diagnosis.h"

#include <stdbool.h>
#include <stddef.h>

#define DIAG_JSON_MAX_BYTES (64u * 1024u)

/* Parses {"answers": {"1": "done", ..., "25": "partly"}} (exactly the items 1-25, each once,
 * no other fields) into ans and checks every answer (values, not_used only on 9 and 23).
 * On failure writes a one-line English message into err and returns false. */
bool diag_answers_from_json(const content_t *c, const char *text, size_t len, diag_answers_t *ans,
                            char *err, size_t errsz);

/* {"total": N, "parts": {"basic": N, "employee": N, "organization": N},
 *  "band": "...", "unknown_items": [..]}; malloc'd, NULL on out of memory. */
char *diag_result_to_json(const diag_result_t *r);

#endif
