/* expert_match.h - the web side of matching shared by the matching page and the API: a
 * program's problem loaded through match_load.h, ranked candidates with their reasons, and
 * sending proposals with the scores and reasons recorded. */
#ifndef OTASUKE_EXPERT_MATCH_H
#define OTASUKE_EXPERT_MATCH_H

#include "expert_flow.h"
#include "match.h"
#include "match_load.h"
#include "web.h"

#define XM_DEFAULT_PROPOSALS 3 /* ticked by default */
#define XM_MAX_CANDIDATES 10   /* shown per application */

/* The geography of data/ (loaded once); NULL when the files are broken (logged). */
const match_geo_t *xm_geo(void);
/* Loads program_id's open applications and approved experts. 1, 0 when there is no such
 * program, -1 on error. */
int xm_load(struct req *rq, int64_t program_id, struct match_input *in);
/* Index of application / expert id in in, or -1. */
long xm_sme_index(const struct match_input *in, int64_t app_id);
long xm_expert_index(const struct match_input *in, int64_t expert_id);
/* Reasons of the why bits as an array of msgids (translated when rq is not NULL). */
json_t *xm_reasons(const struct req *rq, unsigned why);
/* Up to k best candidates for SME i, without experts that declined this application:
 * [{expert_id, name, prefecture, score, reasons[], load, capacity}]. */
json_t *xm_candidates(struct req *rq, const struct match_input *in, size_t i, size_t k);
/* Sends proposals of experts (ids, in rank order) for SME i of in, with their scores and
 * reasons. Experts not in in (not approved) are refused (FLOW_INVALID). */
enum flow_result xm_propose(struct req *rq, const struct match_input *in, size_t i,
                            const int64_t *experts, size_t n);

#endif
