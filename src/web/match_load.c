/* match_load.c - a program's matching input from the store, and per-region counts. */
#include "match_load.h"

#include "str.h"

#include <stdlib.h>
#include <string.h>

static char *dup_text(const char *s)
{
    return strdup(s ? s : "");
}

void match_input_free(struct match_input *in)
{
    for (size_t i = 0; i < in->nsmes; i++) {
        if (in->org_name)
            free(in->org_name[i]);
        if (in->sme_industry)
            free(in->sme_industry[i]);
    }
    for (size_t j = 0; j < in->nexperts; j++) {
        if (in->expert_name)
            free(in->expert_name[j]);
        if (in->expert_industries)
            free(in->expert_industries[j]);
        if (in->expert_specialities)
            free(in->expert_specialities[j]);
    }
    free(in->smes), free(in->org_id), free(in->org_name), free(in->sme_industry);
    free(in->experts), free(in->capacity), free(in->expert_name);
    free(in->expert_industries), free(in->expert_specialities);
    memset(in, 0, sizeof *in);
}

/* The JSIC letters of an industries.json key, comma-separated ("" when unknown). */
static char *jsic_of(const content_t *ct, const char *key)
{
    char buf[3 * MAX_JSIC + 1] = "";
    size_t off = 0;
    const industry_t *ind = ct && key && key[0] ? content_industry(ct, key) : NULL;
    for (size_t k = 0; ind && k < ind->n_jsic; k++) {
        if (!str_fmt(buf + off, sizeof buf - off, "%s%s", k ? "," : "", ind->jsic[k]))
            break;
        off += strlen(buf + off);
    }
    return strdup(buf);
}

static int load_smes(db_conn_t *c, const content_t *ct, struct match_input *in, char *err,
                     size_t errlen)
{
    db_res_t *r = db_query(c,
                           "SELECT a.id, a.org_id, o.name, o.prefecture, o.industry "
                           "FROM program_applications a JOIN organizations o ON o.id = a.org_id "
                           "WHERE a.program_id = ? AND a.status = 'accepted' AND NOT EXISTS "
                           "(SELECT 1 FROM matches m WHERE m.application_id = a.id AND "
                           "m.status IN ('chosen', 'confirmed', 'completed')) ORDER BY a.id",
                           "i", in->program_id);
    if (!r) {
        str_fmt(err, errlen, "applications: %s", db_errmsg(c));
        return -1;
    }
    size_t n = db_res_rows(r);
    size_t alloc = n ? n : 1;
    in->smes = calloc(alloc, sizeof *in->smes);
    in->org_id = calloc(alloc, sizeof *in->org_id);
    in->org_name = calloc(alloc, sizeof *in->org_name);
    in->sme_industry = calloc(alloc, sizeof *in->sme_industry);
    int rc = -1;
    if (!in->smes || !in->org_id || !in->org_name || !in->sme_industry)
        goto out;
    for (size_t i = 0; i < n; i++) {
        in->nsmes = i + 1; /* so that free releases what is set so far */
        in->org_name[i] = dup_text(db_res_text(r, i, 2));
        in->sme_industry[i] = jsic_of(ct, db_res_str(r, i, 4));
        if (!in->org_name[i] || !in->sme_industry[i])
            goto out;
        in->org_id[i] = db_res_int(r, i, 1);
        in->smes[i] = (struct match_sme){.id = db_res_int(r, i, 0),
                                         .prefecture = (int)db_res_int(r, i, 3),
                                         .industry = in->sme_industry[i],
                                         .wants = ""};
    }
    rc = 0;
out:
    if (rc < 0)
        str_copy(err, errlen, "out of memory");
    db_res_free(r);
    return rc;
}

static long find_expert(const struct match_input *in, int64_t id)
{
    size_t lo = 0, hi = in->nexperts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (in->experts[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < in->nexperts && in->experts[lo].id == id ? (long)lo : -1;
}

static int load_experts(db_conn_t *c, struct match_input *in, char *err, size_t errlen)
{
    db_res_t *r = db_query(c,
                           "SELECT id, name, prefecture, onsite, online, specialities, "
                           "industries, capacity, active FROM experts "
                           "WHERE status = 'approved' ORDER BY id",
                           "");
    db_res_t *ar = NULL;
    if (!r) {
        str_fmt(err, errlen, "experts: %s", db_errmsg(c));
        return -1;
    }
    size_t n = db_res_rows(r), alloc = n ? n : 1;
    int rc = -1;
    in->experts = calloc(alloc, sizeof *in->experts);
    in->capacity = calloc(alloc, sizeof *in->capacity);
    in->expert_name = calloc(alloc, sizeof *in->expert_name);
    in->expert_industries = calloc(alloc, sizeof *in->expert_industries);
    in->expert_specialities = calloc(alloc, sizeof *in->expert_specialities);
    if (!in->experts || !in->capacity || !in->expert_name || !in->expert_industries ||
        !in->expert_specialities) {
        str_copy(err, errlen, "out of memory");
        goto out;
    }
    for (size_t j = 0; j < n; j++) {
        in->nexperts = j + 1;
        in->expert_name[j] = dup_text(db_res_text(r, j, 1));
        in->expert_specialities[j] = dup_text(db_res_text(r, j, 5));
        in->expert_industries[j] = dup_text(db_res_text(r, j, 6));
        if (!in->expert_name[j] || !in->expert_specialities[j] || !in->expert_industries[j]) {
            str_copy(err, errlen, "out of memory");
            goto out;
        }
        int cap = (int)db_res_int(r, j, 7), active = (int)db_res_int(r, j, 8);
        in->capacity[j] = cap;
        in->experts[j] = (struct match_expert){
            .id = db_res_int(r, j, 0),
            .prefecture = db_res_isnull(r, j, 2) ? 0 : (int)db_res_int(r, j, 2),
            .onsite = db_res_int(r, j, 3) != 0,
            .online = db_res_int(r, j, 4) != 0,
            .industries = in->expert_industries[j],
            .specialities = in->expert_specialities[j],
            .capacity_left = cap - active > 0 ? cap - active : 0,
            .load = active > 0 ? active : 0,
        };
    }
    ar = db_query(c,
                  "SELECT a.expert_id, a.prefecture FROM expert_areas a "
                  "JOIN experts e ON e.id = a.expert_id WHERE e.status = 'approved' "
                  "ORDER BY a.expert_id, a.prefecture",
                  "");
    if (!ar) {
        str_fmt(err, errlen, "expert areas: %s", db_errmsg(c));
        goto out;
    }
    for (size_t k = 0; k < db_res_rows(ar); k++) {
        long j = find_expert(in, db_res_int(ar, k, 0));
        int pref = (int)db_res_int(ar, k, 1);
        if (j < 0 || pref < 1 || pref > 47 || in->experts[j].nareas >= MATCH_MAX_AREAS)
            continue;
        in->experts[j].areas[in->experts[j].nareas++] = pref;
    }
    rc = 0;
out:
    db_res_free(r);
    db_res_free(ar);
    return rc;
}

int match_input_load(db_conn_t *c, const content_t *ct, int64_t program_id, struct match_input *in,
                     char *err, size_t errlen)
{
    memset(in, 0, sizeof *in);
    in->program_id = program_id;
    db_res_t *p = db_query(c, "SELECT id FROM programs WHERE id = ?", "i", program_id);
    if (!p) {
        str_fmt(err, errlen, "programs: %s", db_errmsg(c));
        return -1;
    }
    size_t found = db_res_rows(p);
    db_res_free(p);
    if (found == 0) {
        str_fmt(err, errlen, "program %lld does not exist", (long long)program_id);
        return -1;
    }
    if (load_smes(c, ct, in, err, errlen) < 0 || load_experts(c, in, err, errlen) < 0) {
        match_input_free(in);
        return -1;
    }
    return 0;
}

static size_t region_index(struct match_region_counts *out, const char *region)
{
    for (size_t i = 0; i < out->nregions; i++)
        if (str_eq(out->region[i], region))
            return i;
    return MATCH_REGIONS_MAX;
}

/* Adds count matches of an SME in pref to the before (and after) tallies. */
static void tally(struct match_region_counts *out, const match_geo_t *g, int pref, long count,
                  bool before)
{
    size_t i = region_index(out, match_geo_region(g, pref));
    bool metro = match_geo_metro(g, pref) != 0;
    if (i < MATCH_REGIONS_MAX) {
        out->after[i] += count;
        if (before)
            out->before[i] += count;
    }
    *(metro ? &out->metro_after : &out->other_after) += count;
    if (before)
        *(metro ? &out->metro_before : &out->other_before) += count;
}

int match_region_counts(db_conn_t *c, const match_geo_t *g, const struct match_input *in,
                        const long *expert_of, struct match_region_counts *out, char *err,
                        size_t errlen)
{
    memset(out, 0, sizeof *out);
    for (int p = 1; p <= 47; p++) {
        const char *reg = match_geo_region(g, p);
        if (region_index(out, reg) == MATCH_REGIONS_MAX && out->nregions < MATCH_REGIONS_MAX)
            str_copy(out->region[out->nregions++], sizeof out->region[0], reg);
    }
    db_res_t *r = db_query(c,
                           "SELECT o.prefecture, COUNT(*) FROM matches m "
                           "JOIN program_applications a ON a.id = m.application_id "
                           "JOIN organizations o ON o.id = a.org_id "
                           "WHERE a.program_id = ? AND m.status IN "
                           "('chosen', 'confirmed', 'completed') GROUP BY o.prefecture",
                           "i", in->program_id);
    if (!r) {
        str_fmt(err, errlen, "matches: %s", db_errmsg(c));
        return -1;
    }
    for (size_t k = 0; k < db_res_rows(r); k++)
        tally(out, g, (int)db_res_int(r, k, 0), (long)db_res_int(r, k, 1), true);
    db_res_free(r);
    for (size_t i = 0; expert_of && i < in->nsmes; i++)
        if (expert_of[i] >= 0)
            tally(out, g, in->smes[i].prefecture, 1, false);
    return 0;
}
