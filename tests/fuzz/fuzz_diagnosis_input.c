/* fuzz_diagnosis_input.c - libFuzzer target: diag_input_json() on arbitrary bytes never
 * crashes, and what it accepts holds only allowed answers (not_used only on 9 and 23). */
#include "diagnosis_input.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static content_t *content;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char err[512];
    content = content_load(OTASUKE_SOURCE_DIR "/data", err, sizeof err);
    if (!content) {
        fprintf(stderr, "fuzz_diagnosis_input: %s\n", err);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_answers_t ans;
    int item = -1;
    enum diag_input_err e = diag_input_json(content, (const char *)data, size, &ans, &item);
    if (item < 0 || item > DIAG_ITEMS)
        abort();
    for (int i = 1; i <= DIAG_ITEMS; i++) {
        if (e != DI_OK && ans.a[i] != ANS_NONE)
            abort(); /* refused input leaves nothing to store */
        if (ans.a[i] == ANS_NOT_USED && i != 9 && i != 23)
            abort();
        if ((int)ans.a[i] < ANS_NONE || (int)ans.a[i] >= ANS_COUNT)
            abort();
    }
    return 0;
}
