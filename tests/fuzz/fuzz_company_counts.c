/* fuzz_company_counts.c - libFuzzer target for the operator's CSV of companies per
 * prefecture. Invariants: accepted input has all 47 prefectures and a total equal to their
 * sum; refused input names at least one problem, every one on a line of the input (or 0). */
#include "company_counts.h"
#include "content.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const content_t *c = content_get();
    if (!c) {
        fprintf(stderr, "content: %s\n", content_error());
        abort();
    }
    static struct cc_result r;
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    if (cc_parse(c, (const char *)data, size, &r) == 0) {
        int64_t sum = 0;
        for (int p = 1; p <= PREFECTURES; p++) {
            if (r.companies[p] < 0 || r.companies[p] > CC_MAX_COUNT)
                abort();
            sum += r.companies[p];
        }
        if (sum != r.total || r.nerr != 0)
            abort();
        return 0;
    }
    if (r.nerr == 0 && !r.more_errors)
        abort();
    for (size_t i = 0; i < r.nerr; i++)
        if (r.err[i].line < 0 || (size_t)r.err[i].line > lines)
            abort();
    return 0;
}
