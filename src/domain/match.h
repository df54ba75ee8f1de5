/* match.h - pairing SMEs with experts: the score of one pair, ranked candidates for one SME,
 * and the program-wide assignment (min-cost flow). Pure: no SQL, no HTTP.
 *
 * Geography comes from data/prefectures.csv (region, metro area) and
 * data/prefecture_neighbours.csv (land borders). A pair is feasible when the expert works
 * on site in the SME's prefecture (its own or one of its areas) or works online, and has
 * capacity left. Closer is better: same prefecture > expert covers it > neighbouring
 * prefecture > same region > online only.
 */
#ifndef OTASUKE_MATCH_H
#define OTASUKE_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MATCH_MAX_AREAS 47

typedef struct match_geo match_geo_t;

/* The weights of data/match_weights.csv (see that file). Geography dominates: each level
 * exceeds the next by more than industry + speciality + load (checked on load). */
struct match_weights {
    int same_prefecture, covers_prefecture, neighbour, same_region, online;
    int industry, speciality, load;
    int load_step; /* optimizer: the n-th SME of one expert costs load_step * (n - 1) */
};

/* Loads prefectures.csv, prefecture_neighbours.csv and match_weights.csv from dir (the data
 * directory); NULL with err filled on failure. */
match_geo_t *match_geo_load(const char *dir, char *err, size_t errlen);
/* The same from the three files' contents (NUL-terminated); used by the fuzzer. */
match_geo_t *match_geo_parse(const char *prefectures_csv, const char *neighbours_csv,
                             const char *weights_csv, char *err, size_t errlen);
void match_geo_free(match_geo_t *g);
/* true when prefectures a and b (JIS codes 1-47) share a land border. */
bool match_geo_neighbours(const match_geo_t *g, int a, int b);
/* true when both are in the same region of the 8-region grouping. */
bool match_geo_same_region(const match_geo_t *g, int a, int b);
/* "首都圏"/"中京圏"/"近畿圏" index 1-3, or 0 when the prefecture is not in a metro area. */
int match_geo_metro(const match_geo_t *g, int pref);
/* region_en of the prefecture ("Kanto"), or "" when pref is not 1-47. */
const char *match_geo_region(const match_geo_t *g, int pref);
/* name_en of the prefecture ("Tokyo"), or "" when pref is not 1-47. */
const char *match_geo_name(const match_geo_t *g, int pref);
const struct match_weights *match_geo_weights(const match_geo_t *g);

struct match_sme {
    int64_t id;           /* application id */
    int prefecture;       /* 1-47 */
    const char *industry; /* comma-separated tokens in the vocabulary of expert industries
                           * (the loader maps the industries.json key to its JSIC letters),
                           * or NULL */
    const char *wants;    /* comma-separated speciality keys the SME asked for, or "" */
};

struct match_expert {
    int64_t id;
    int prefecture; /* 1-47, 0 when not stated */
    int areas[MATCH_MAX_AREAS];
    size_t nareas;
    bool onsite, online;
    const char *industries;   /* comma-separated JSIC division letters (or keys) */
    const char *specialities; /* comma-separated speciality keys */
    int capacity_left;        /* capacity - active */
    int load;                 /* active matches (for spreading load) */
};

/* Why a pair scored as it did; bits of MATCH_WHY_*. */
enum {
    MATCH_WHY_SAME_PREF = 1 << 0,
    MATCH_WHY_COVERS_PREF = 1 << 1,
    MATCH_WHY_NEIGHBOUR = 1 << 2,
    MATCH_WHY_SAME_REGION = 1 << 3,
    MATCH_WHY_ONLINE = 1 << 4,
    MATCH_WHY_INDUSTRY = 1 << 5,
    MATCH_WHY_SPECIALITY = 1 << 6,
    MATCH_WHY_HAS_CAPACITY = 1 << 7,
};

/* Score of a pair (higher is better, >= 0), or -1 when infeasible: no capacity left, or
 * the expert neither works online nor works on site in the SME's prefecture (its own or
 * one of its areas). Otherwise the geography level (same prefecture > covers > neighbour >
 * same region > online only) + industry overlap + speciality overlap + a load bonus
 * (weights * capacity_left / (capacity_left + load)). MATCH_WHY_ONLINE is set when the pair
 * is only reachable online. why may be NULL. */
int match_score(const match_geo_t *g, const struct match_sme *s, const struct match_expert *e,
                unsigned *why);

/* The best k feasible experts for s, best first, written as indexes into experts;
 * returns how many (<= k). Ties are broken by lower load, then lower id. */
size_t match_candidates(const match_geo_t *g, const struct match_sme *s,
                        const struct match_expert *experts, size_t nexperts, size_t *out, size_t k);

struct match_result {
    long *expert_of; /* per SME: index into experts, or -1 unmatched (caller frees) */
    size_t matched;
    long long total_score;
};

/* Program-wide assignment, a min-cost flow. Its objective, lexicographic: (1) the most
 * matched SMEs; (2) among those, the most regional SMEs (prefecture outside the three metro
 * areas) — this is how regional SMEs get priority when capacity is short; (3) the largest
 * sum of pair scores minus load costs, where the k-th SME newly given to an expert with
 * `load` active matches costs load_step * (load + k - 1) (convex, so load spreads).
 * Respects capacity_left. 0 on success, -1 on allocation failure or an instance too
 * large for 64-bit costs. */
int match_optimize(const match_geo_t *g, const struct match_sme *smes, size_t nsmes,
                   const struct match_expert *experts, size_t nexperts, struct match_result *out);
void match_result_free(struct match_result *r);

/* The peer the optimizer is measured against (bench/match.sh): SMEs in the given order each
 * take the best-scoring expert that still has a place (score recomputed as load grows), as
 * a secretariat working down a list would. Same result type; 0 on success. */
int match_greedy(const match_geo_t *g, const struct match_sme *smes, size_t nsmes,
                 const struct match_expert *experts, size_t nexperts, struct match_result *out);

/* The objective above for an assignment expert_of (per SME an index into experts or -1);
 * false when it is infeasible (an infeasible pair or over capacity). */
struct match_objective {
    size_t matched, regional;
    long long score, load_cost;
};
bool match_evaluate(const match_geo_t *g, const struct match_sme *smes, size_t nsmes,
                    const struct match_expert *experts, size_t nexperts, const long *expert_of,
                    struct match_objective *out);
/* Writes the labels of the why bits ("same_prefecture", "covers_prefecture", "neighbour",
 * "same_region", "online", "industry", "speciality", "has_capacity") into out, in bit
 * order; returns how many (<= max). */
size_t match_why_labels(unsigned why, const char **out, size_t max);

#endif
