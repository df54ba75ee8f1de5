/* match_fixture.h - the shared cmocka fixture of the matching tests: the geography and
 * weights loaded once per group from the source tree's data/. */
#ifndef OTASUKE_MATCH_FIXTURE_H
#define OTASUKE_MATCH_FIXTURE_H

#include "match.h"

static match_geo_t *G;

static inline int setup(void **state)
{
    (void)state;
    char err[512];
    G = match_geo_load(OTASUKE_SOURCE_DIR "/data", err, sizeof err);
    if (!G)
        fail_msg("geo: %s", err);
    return 0;
}

static inline int teardown(void **state)
{
    (void)state;
    match_geo_free(G);
    return 0;
}

#endif
