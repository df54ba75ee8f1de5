/* pages_expert_match.c - candidates and proposals on top of match.h / match_load.h
 * (expert_match.h). */
#include "content.h"
#include "expert_match.h"
#include "fileutil.h"
#include "log.h"
#include "pref_options.h"
#include "str.h"

#include <pthread.h>
#include <stdlib.h>

static match_geo_t *geo;
static pthread_once_t geo_once = PTHREAD_ONCE_INIT;

static void geo_load(void)
{
    char dir[1024], err[256];
    if (!share_path(dir, sizeof dir, "data"))
        return;
    geo = match_geo_load(dir, err, sizeof err);
    if (!geo)
        log_error("matching geography: %s", err);
}

const match_geo_t *xm_geo(void)
{
    pthread_once(&geo_once, geo_load);
    return geo;
}

int xm_load(struct req *rq, int64_t program_id, struct match_input *in)
{
    db_res_t *r = db_query(rq->db, "SELECT 1 FROM programs WHERE id = ?", "i", program_id);
    int found = !r ? -1 : db_res_rows(r) == 1 ? 1 : 0;
    db_res_free(r);
    if (found <= 0)
        return found;
    char err[256];
    const content_t *ct = content_get();
    if (!ct || !xm_geo() || match_input_load(rq->db, ct, program_id, in, err, sizeof err) < 0) {
        log_error("matching program %lld: %s", (long long)program_id, ct ? err : content_error());
        return -1;
    }
    return 1;
}

long xm_sme_index(const struct match_input *in, int64_t app_id)
{
    for (size_t i = 0; i < in->nsmes; i++)
        if (in->smes[i].id == app_id)
            return (long)i;
    return -1;
}

long xm_expert_index(const struct match_input *in, int64_t expert_id)
{
    for (size_t j = 0; j < in->nexperts; j++)
        if (in->experts[j].id == expert_id)
            return (long)j;
    return -1;
}

json_t *xm_reasons(const struct req *rq, unsigned why)
{
    static const char *const msg[] = {
        N_("Same prefecture"),
        N_("Covers the prefecture on site"),
        N_("Neighbouring prefecture"),
        N_("Same region"),
        N_("Online"),
        N_("Knows the industry"),
        N_("Speciality wanted"),
        N_("Has capacity left"),
    };
    json_t *a = json_array();
    for (size_t b = 0; b < sizeof msg / sizeof msg[0]; b++)
        if (why & (1u << b))
            json_array_append_new(a, json_string(rq ? tr(rq, msg[b]) : msg[b]));
    return a;
}

/* Experts that declined application app_id (they are not proposed to it again). */
static bool declined(db_res_t *r, int64_t expert_id)
{
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        if (db_res_int(r, i, 0) == expert_id)
            return true;
    return false;
}

json_t *xm_candidates(struct req *rq, const struct match_input *in, size_t i, size_t k)
{
    json_t *out = json_array();
    db_res_t *dec = db_query(rq->db,
                             "SELECT expert_id FROM matches WHERE application_id = ? AND status "
                             "= 'declined'",
                             "i", in->smes[i].id);
    size_t want = k + (dec ? db_res_rows(dec) : 0);
    size_t *idx = calloc(want ? want : 1, sizeof *idx);
    size_t n =
        idx ? match_candidates(xm_geo(), &in->smes[i], in->experts, in->nexperts, idx, want) : 0;
    for (size_t c = 0; c < n && json_array_size(out) < k; c++) {
        const struct match_expert *e = &in->experts[idx[c]];
        if (declined(dec, e->id))
            continue;
        unsigned why = 0;
        int sc = match_score(xm_geo(), &in->smes[i], e, &why);
        json_array_append_new(
            out, json_pack(
                     "{s:I,s:s,s:s,s:i,s:o,s:i,s:i,s:b}", "expert_id", (json_int_t)e->id, "name",
                     in->expert_name[idx[c]], "prefecture",
                     e->prefecture ? pref_name_lang(rq->lang, e->prefecture) : tr(rq, "Not stated"),
                     "score", sc, "reasons", xm_reasons(rq, why), "load", e->load, "capacity",
                     in->capacity[idx[c]], "default", json_array_size(out) < XM_DEFAULT_PROPOSALS));
    }
    free(idx);
    db_res_free(dec);
    return out;
}

enum flow_result xm_propose(struct req *rq, const struct match_input *in, size_t i,
                            const int64_t *experts, size_t n)
{
    if (n == 0 || n > XM_MAX_CANDIDATES)
        return FLOW_INVALID;
    int scores[XM_MAX_CANDIDATES];
    char *reasons[XM_MAX_CANDIDATES] = {0};
    enum flow_result r = FLOW_OK;
    for (size_t k = 0; k < n && r == FLOW_OK; k++) {
        long j = xm_expert_index(in, experts[k]);
        unsigned why = 0;
        int sc = j < 0 ? -1 : match_score(xm_geo(), &in->smes[i], &in->experts[j], &why);
        if (sc < 0) {
            r = FLOW_INVALID; /* not approved, full, or cannot reach the SME */
            break;
        }
        scores[k] = sc;
        json_t *a = xm_reasons(NULL, why);
        reasons[k] = json_dumps(a, JSON_COMPACT);
        json_decref(a);
        if (!reasons[k])
            r = FLOW_ERROR;
    }
    if (r == FLOW_OK)
        r = flow_send_proposals(rq, in->smes[i].id, experts, scores, (const char *const *)reasons,
                                n);
    for (size_t k = 0; k < n; k++)
        free(reasons[k]);
    return r;
}
