/* fuzz_survey_answers.c - survey answers from the API/forms: any bytes, parsed as JSON, are
 * validated against both questionnaires; a valid set must validate again unchanged. */
#include "survey.h"

#include <stdint.h>
#include <stdlib.h>

static survey_t *S[2];

static void load(void)
{
    char err[512];
    S[0] = survey_load(SURVEY_DIR "/sme.json", err, sizeof err);
    S[1] = survey_load(SURVEY_DIR "/expert.json", err, sizeof err);
    if (!S[0] || !S[1])
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!S[0])
        load();
    json_t *j = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!j)
        return 0;
    for (int k = 0; k < 2; k++) {
        survey_problem_t p[4];
        json_t *clean = NULL;
        size_t n = survey_validate(S[k], j, p, 4, &clean);
        if (n == 0) {
            /* the cleaned answers are themselves valid and stable */
            json_t *again = NULL;
            if (!clean || survey_validate(S[k], clean, p, 4, &again) != 0 ||
                !json_equal(clean, again))
                abort();
            json_decref(again);
        } else if (clean) {
            abort();
        }
        json_decref(clean);
    }
    json_decref(j);
    return 0;
}
