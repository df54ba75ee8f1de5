/* match_greedy.c - first-come greedy assignment, the baseline match_optimize is compared to. */
#include "match.h"

#include <stdlib.h>
#include <string.h>

int match_greedy(const match_geo_t *g, const struct match_sme *smes, size_t nsmes,
                 const struct match_expert *experts, size_t nexperts, struct match_result *out)
{
    memset(out, 0, sizeof *out);
    out->expert_of = malloc((nsmes ? nsmes : 1) * sizeof *out->expert_of);
    struct match_expert *live = malloc((nexperts ? nexperts : 1) * sizeof *live);
    if (!out->expert_of || !live) {
        free(out->expert_of);
        free(live);
        out->expert_of = NULL;
        return -1;
    }
    if (nexperts)
        memcpy(live, experts, nexperts * sizeof *live);
    for (size_t i = 0; i < nsmes; i++) {
        long best = -1;
        int best_score = -1;
        for (size_t j = 0; j < nexperts; j++) {
            int sc = match_score(g, &smes[i], &live[j], NULL);
            if (sc > best_score) {
                best_score = sc;
                best = (long)j;
            }
        }
        out->expert_of[i] = best;
        if (best >= 0) {
            live[best].capacity_left--;
            live[best].load++;
            out->matched++;
            /* the score as the pair was scored against the registry before this run */
            out->total_score += match_score(g, &smes[i], &experts[best], NULL);
        }
    }
    free(live);
    return 0;
}
