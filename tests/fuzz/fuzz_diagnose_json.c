/* fuzz_diagnose_json.c - libFuzzer target for the diagnosis answers JSON (stdin of
 * `otasuke diagnose`, body of the API). Invariants: accepted input always scores within
 * -25..100 with a band and yields a plan; refused input gives a one-line message. */
#include "content.h"
#include "diagnosis.h"
#include "diagnosis_json.h"
#include "plan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const content_t *c = content_get();
    if (!c) {
        fprintf(stderr, "content: %s\n", content_error());
        abort();
    }
    diag_answers_t ans;
    char err[300] = "";
    if (!diag_answers_from_json(c, (const char *)data, size, &ans, err, sizeof err)) {
        if (!err[0] || strchr(err, '\n'))
            abort();
        return 0;
    }
    diag_result_t r;
    if (diag_score(c, &ans, &r, NULL) != DIAG_OK || !r.band || r.total < -25 || r.total > 100)
        abort();
    if (r.parts[0] + r.parts[1] + r.parts[2] != r.total)
        abort();
    char *js = diag_result_to_json(&r);
    if (!js)
        abort();
    free(js);
    plan_t p;
    if (!plan_generate(c, &ans, &p) || p.n == 0)
        abort();
    return 0;
}
