/* domain_fixture.h - the shared cmocka fixture of the domain tests: the framework content
 * loaded once per group from the source tree's data/. */
#ifndef OTASUKE_DOMAIN_FIXTURE_H
#define OTASUKE_DOMAIN_FIXTURE_H

#include "content.h"
#include "diagnosis.h"

static content_t *C;

static inline int setup(void **state)
{
    (void)state;
    char err[512];
    C = content_load(OTASUKE_SOURCE_DIR "/data", err, sizeof err);
    if (!C)
        fail_msg("content: %s", err);
    return 0;
}

static inline int teardown(void **state)
{
    (void)state;
    content_free(C);
    return 0;
}

/* Every item answered a. */
static inline diag_answers_t all(enum diag_answer a)
{
    diag_answers_t ans;
    for (int i = 0; i <= DIAG_ITEMS; i++)
        ans.a[i] = i ? a : ANS_NONE;
    return ans;
}

#endif
