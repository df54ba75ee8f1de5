/* diagnosis_input.h - answers sent by a client as JSON ({"answers": {"1": "done", ...}}, any
 * subset of the items), checked before anything is stored. Outside input: see
 * tests/fuzz/fuzz_diagnosis_input.c. */
#ifndef OTASUKE_DIAGNOSIS_INPUT_H
#define OTASUKE_DIAGNOSIS_INPUT_H

#include "diagnosis.h"

#include <stddef.h>

enum diag_input_err {
    DI_OK = 0,
    DI_BAD_JSON,       /* not a JSON object with an "answers" object */
    DI_UNKNOWN_ITEM,   /* a key other than "1".."25" */
    DI_INVALID_ANSWER, /* not an answer key (or not a string) */
    DI_NOT_USED,       /* not_used on an item where it does not apply */
};

/* Parses body into out (unlisted items stay ANS_NONE). On an error *item (when given) names
 * the offending item (0 when none applies) and out is all ANS_NONE. */
enum diag_input_err diag_input_json(const content_t *c, const char *body, size_t len,
                                    diag_answers_t *out, int *item);

#endif
