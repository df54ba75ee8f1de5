/* match_load.h - the store side of matching: a program's open applications and the expert
 * registry as match.h input, and the per-region counts before/after an assignment.
 * Used by `otasuke match` and the operator's matching page. */
#ifndef OTASUKE_MATCH_LOAD_H
#define OTASUKE_MATCH_LOAD_H

#include "content.h"
#include "match.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Open applications (status accepted, no chosen/confirmed/completed match), ordered by id,
 * and approved experts (capacity_left = capacity - active; areas from expert_areas),
 * ordered by id. The match_sme/match_expert strings point into this struct. */
struct match_input {
    int64_t program_id;
    size_t nsmes, nexperts;
    struct match_sme *smes; /* smes[i].id = application id */
    int64_t *org_id;        /* per SME */
    char **org_name;        /* per SME */
    char **sme_industry;    /* per SME: the JSIC letters of the organization's industry */
    struct match_expert *experts;
    int *capacity;      /* per expert: total capacity */
    char **expert_name; /* per expert */
    char **expert_industries, **expert_specialities;
};

/* Fills in for program_id; 0, or -1 with err filled (database error, no such program). */
int match_input_load(db_conn_t *c, const content_t *ct, int64_t program_id, struct match_input *in,
                     char *err, size_t errlen);
void match_input_free(struct match_input *in);

#define MATCH_REGIONS_MAX 16

/* Matches of the program by the SME's prefecture: "before" counts the program's current
 * matches (status chosen, confirmed or completed), "after" adds the assignment expert_of
 * (per SME of in, -1 = not matched; may be NULL for none). Regions are region_en of
 * data/prefectures.csv in prefecture-code order; metro = one of the three metro areas. */
struct match_region_counts {
    size_t nregions;
    char region[MATCH_REGIONS_MAX][32];
    long before[MATCH_REGIONS_MAX], after[MATCH_REGIONS_MAX];
    long metro_before, metro_after, other_before, other_after;
};

int match_region_counts(db_conn_t *c, const match_geo_t *g, const struct match_input *in,
                        const long *expert_of, struct match_region_counts *out, char *err,
                        size_t errlen);

#endif
