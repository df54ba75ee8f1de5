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

/* Loads the two CSV files from dir (the data directory); NULL with err filled on failure. */
match_geo_t *match_geo_load(const char *dir, char *err, size_t errlen);
void match_geo_free(match_geo_t *g);
/* true when prefectures a and b (JIS codes 1-47) share a land border. */
bool match_geo_neighbours(const match_geo_t *g, int a, int b);
/* true when both are in the same region of the 8-region grouping. */
bool match_geo_same_region(const match_geo_t *g, int a, int b);
/* "首都圏"/"中京圏"/"近畿圏" index 1-3, or 0 when the prefecture is not in a metro area. */
int match_geo_metro(const match_geo_t *g, int pref);

struct match_sme {
    int64_t id;           /* application id */
    int prefecture;       /* 1-47 */
    const char *industry; /* industries.json key or NULL */
    const char *wants;    /* comma-separated speciality keys the SME asked for, or "" */
};

struct match_expert {
    int64_t id;
    int prefecture; /* 1-47, 0 when not stated */
    int areas[MATCH_MAX_AREAS];
    size_t nareas;
    bool onsite, online;
    const char *industries;   /* comma-separated industries.json keys */
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

/* Score of a pair (higher is better, >= 0), or -1 when infeasible. why may be NULL. */
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

/* Program-wide assignment: maximizes the number of matched SMEs first, then the total
 * score, while spreading load (the marginal cost of an expert's n-th SME grows with n) and
 * keeping regional SMEs served. Respects capacity_left. 0 on success. */
int match_optimize(const match_geo_t *g, const struct match_sme *smes, size_t nsmes,
                   const struct match_expert *experts, size_t nexperts, struct match_result *out);
void match_result_free(struct match_result *r);

#endif
