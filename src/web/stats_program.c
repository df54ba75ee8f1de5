/* stats_program.c - the statistics of a guidance program: applications and matches by
 * prefecture, region and metro area (against the imported number of companies, table 4 of
 * seed 001), by industry and by company size. Four GROUP BY statements over the program's
 * applications joined to their organizations by primary key; the rest is done here on at
 * most 47 rows. An application counts as a match once an expert confirmed it (status
 * matched, completed or terminated). */
#include "content.h"
#include "stats.h"
#include "str.h"

#include <math.h>
#include <string.h>

#define MATCHED "CASE WHEN a.status IN ('matched', 'completed', 'terminated') THEN 1 ELSE 0 END"
#define FROM_APPS                                                                                  \
    " FROM program_applications a JOIN organizations o ON o.id = a.org_id WHERE a.program_id = ?"

/* The metro areas in the order they first appear in data/prefectures.csv (首都圏 from 11,
 * 中京圏 from 21, 近畿圏 from 26); keys are stable names for the API and the pages. */
static const char *const METRO_KEYS[] = {"shutoken", "chukyo", "kinki"};
#define METROS 3

static int metro_index(const content_t *ct, int code, const char *names[METROS])
{
    const char *m = ct->prefectures[code - 1].metro;
    if (!m || !*m)
        return -1;
    for (int i = 0; i < METROS; i++)
        if (names[i] && str_eq(names[i], m))
            return i;
    return -1;
}

static void metro_names(const content_t *ct, const char *names[METROS])
{
    int n = 0;
    for (int i = 0; i < METROS; i++)
        names[i] = NULL;
    for (int p = 0; p < PREFECTURES && n < METROS; p++) {
        const char *m = ct->prefectures[p].metro;
        if (!m || !*m)
            continue;
        bool known = false;
        for (int i = 0; i < n; i++)
            known = known || str_eq(names[i], m);
        if (!known)
            names[n++] = m;
    }
}

/* Rounded to `per` parts of one (10: one decimal): the nearest double, which JSON
 * readers print back as 23.9, not 23.900000000000002. */
static double round_to(double v, double per)
{
    return round(v * per) / per;
}

static json_t *share_row(const char *key, const char *name, int64_t companies, int64_t all_c,
                         int64_t matches, int64_t all_m, bool have_counts)
{
    json_t *o = json_pack("{ss ss sI}", "key", key, "name", name, "matches", (json_int_t)matches);
    double ms = all_m > 0 ? 100.0 * (double)matches / (double)all_m : 0;
    json_object_set_new(o, "match_share", json_real(round_to(ms, 10)));
    if (have_counts) {
        double cs = all_c > 0 ? 100.0 * (double)companies / (double)all_c : 0;
        json_object_set_new(o, "companies", json_integer(companies));
        json_object_set_new(o, "company_share", json_real(round_to(cs, 10)));
        /* Matches' share over companies' share: above 1, the area is over-represented. */
        json_object_set_new(o, "ratio", cs > 0 ? json_real(round_to(ms / cs, 100)) : json_null());
    }
    return o;
}

/* Keys of the employee bands of the SQL CASE below. */
static const char *const SIZES[] = {"0-5", "6-20", "21-50", "51-100", "101-300", "301-"};

json_t *stats_program(db_conn_t *db, int64_t pid, const char *lang, bool *found)
{
    *found = false;
    const content_t *ct = content_get();
    if (!ct)
        return NULL;
    db_res_t *r =
        db_query(db, "SELECT id, name, year, capacity FROM programs WHERE id = ?", "i", pid);
    if (!r) {
        *found = true;
        return NULL;
    }
    if (db_res_rows(r) == 0) {
        db_res_free(r);
        return NULL;
    }
    *found = true;
    json_t *out = json_object();
    json_object_set_new(out, "program",
                        json_pack("{sI ss sI sI}", "id", (json_int_t)pid, "name",
                                  db_res_text(r, 0, 1), "year", (json_int_t)db_res_int(r, 0, 2),
                                  "capacity", (json_int_t)db_res_int(r, 0, 3)));
    db_res_free(r);

    int64_t apps[PREFECTURES + 1] = {0}, matched[PREFECTURES + 1] = {0}, unknown_a = 0,
                               unknown_m = 0;
    r = db_query(
        db, "SELECT o.prefecture, COUNT(*), SUM(" MATCHED ")" FROM_APPS " GROUP BY o.prefecture",
        "i", pid);
    if (!r)
        goto fail;
    for (size_t i = 0; i < db_res_rows(r); i++) {
        int64_t p = db_res_int(r, i, 0);
        if (p >= 1 && p <= PREFECTURES) {
            apps[p] += db_res_int(r, i, 1);
            matched[p] += db_res_int(r, i, 2);
        } else {
            unknown_a += db_res_int(r, i, 1);
            unknown_m += db_res_int(r, i, 2);
        }
    }
    db_res_free(r);

    /* The newest import of company counts, if any. */
    int64_t companies[PREFECTURES + 1] = {0};
    bool have = false;
    r = db_query(db,
                 "SELECT i.id, i.source, i.year, i.total, i.imported_at, c.prefecture, c.companies "
                 "FROM company_count_imports i JOIN company_counts c ON c.import_id = i.id WHERE "
                 "i.id = (SELECT MAX(id) FROM company_count_imports)",
                 NULL);
    if (!r)
        goto fail;
    if (db_res_rows(r) > 0) {
        have = true;
        json_object_set_new(out, "company_counts",
                            json_pack("{ss sI sI ss}", "source", db_res_text(r, 0, 1), "year",
                                      (json_int_t)db_res_int(r, 0, 2), "total",
                                      (json_int_t)db_res_int(r, 0, 3), "imported_at",
                                      db_res_text(r, 0, 4)));
        for (size_t i = 0; i < db_res_rows(r); i++) {
            int64_t p = db_res_int(r, i, 5);
            if (p >= 1 && p <= PREFECTURES)
                companies[p] = db_res_int(r, i, 6);
        }
    } else {
        json_object_set_new(out, "company_counts", json_null());
    }
    db_res_free(r);

    /* Prefectures, regions (in the order of the list) and metro areas. */
    const char *mnames[METROS];
    metro_names(ct, mnames);
    json_t *prefs = json_array(), *regions = json_array();
    int64_t all_a = unknown_a, all_m = unknown_m, all_c = 0;
    int64_t m_c[METROS] = {0}, m_m[METROS] = {0}, m_a[METROS] = {0};
    const char *cur_region = NULL;
    json_t *reg = NULL;
    for (int p = 1; p <= PREFECTURES; p++) {
        const prefecture_t *pf = &ct->prefectures[p - 1];
        int mi = metro_index(ct, p, mnames);
        all_a += apps[p];
        all_m += matched[p];
        all_c += companies[p];
        if (mi >= 0) {
            m_c[mi] += companies[p];
            m_m[mi] += matched[p];
            m_a[mi] += apps[p];
        }
        json_t *o = json_pack("{si ss ss ss sI sI}", "code", p, "name", dtext_get(&pf->name, lang),
                              "region", dtext_get(&pf->region, lang), "metro",
                              mi >= 0 ? METRO_KEYS[mi] : "", "applications", (json_int_t)apps[p],
                              "matches", (json_int_t)matched[p]);
        if (have)
            json_object_set_new(o, "companies", json_integer(companies[p]));
        json_array_append_new(prefs, o);
        const char *rn = dtext_get(&pf->region, lang);
        if (!cur_region || !str_eq(cur_region, rn)) {
            cur_region = rn;
            reg = json_pack("{ss sI sI}", "name", rn, "applications", (json_int_t)0, "matches",
                            (json_int_t)0);
            json_array_append_new(regions, reg);
        }
        json_object_set_new(
            reg, "applications",
            json_integer(json_integer_value(json_object_get(reg, "applications")) + apps[p]));
        json_object_set_new(
            reg, "matches",
            json_integer(json_integer_value(json_object_get(reg, "matches")) + matched[p]));
    }
    json_object_set_new(out, "prefectures", prefs);
    json_object_set_new(out, "regions", regions);
    json_object_set_new(out, "applications", json_integer(all_a));
    json_object_set_new(out, "matches", json_integer(all_m));
    json_object_set_new(out, "unknown_prefecture",
                        json_pack("{sI sI}", "applications", (json_int_t)unknown_a, "matches",
                                  (json_int_t)unknown_m));

    /* Table 4: the metro areas and the rest, relative to the number of companies. Matches of
     * organizations without a prefecture count in neither share. */
    int64_t known_m = all_m - unknown_m;
    json_t *metro = json_array();
    int64_t mc = 0, mm = 0, ma = 0;
    for (int i = 0; i < METROS; i++) {
        json_t *o = share_row(METRO_KEYS[i], mnames[i] ? mnames[i] : "", m_c[i], all_c, m_m[i],
                              known_m, have);
        json_object_set_new(o, "applications", json_integer(m_a[i]));
        json_array_append_new(metro, o);
        mc += m_c[i];
        mm += m_m[i];
        ma += m_a[i];
    }
    json_t *o = share_row("metro", "", mc, all_c, mm, known_m, have);
    json_object_set_new(o, "applications", json_integer(ma));
    json_array_append_new(metro, o);
    o = share_row("other", "", all_c - mc, all_c, known_m - mm, known_m, have);
    json_object_set_new(o, "applications", json_integer(all_a - unknown_a - ma));
    json_array_append_new(metro, o);
    o = share_row("total", "", all_c, all_c, known_m, known_m, have);
    json_object_set_new(o, "applications", json_integer(all_a - unknown_a));
    json_array_append_new(metro, o);
    json_object_set_new(out, "metro", metro);

    /* Industries (the SME categories of data/industries.json). */
    r = db_query(db,
                 "SELECT COALESCE(o.industry, ''), COUNT(*), SUM(" MATCHED ")" FROM_APPS
                 " GROUP BY COALESCE(o.industry, '') ORDER BY COUNT(*) DESC, 1",
                 "i", pid);
    if (!r)
        goto fail;
    json_t *inds = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        const char *key = db_res_text(r, i, 0);
        const industry_t *ind = *key ? content_industry(ct, key) : NULL;
        json_array_append_new(inds, json_pack("{ss ss sI sI}", "key", *key ? key : "unknown",
                                              "name", ind ? dtext_get(&ind->label, lang) : "",
                                              "applications", (json_int_t)db_res_int(r, i, 1),
                                              "matches", (json_int_t)db_res_int(r, i, 2)));
    }
    db_res_free(r);
    json_object_set_new(out, "industries", inds);

    /* Company sizes: bands of regular employees like figure 12 of seed 001. */
    r = db_query(db,
                 "SELECT CASE WHEN o.employees <= 5 THEN 0 WHEN o.employees <= 20 THEN 1 WHEN "
                 "o.employees <= 50 THEN 2 WHEN o.employees <= 100 THEN 3 WHEN o.employees <= 300 "
                 "THEN 4 ELSE 5 END AS band, COUNT(*), SUM(" MATCHED ")" FROM_APPS
                 " GROUP BY CASE WHEN o.employees <= 5 THEN 0 WHEN o.employees <= 20 THEN 1 WHEN "
                 "o.employees <= 50 THEN 2 WHEN o.employees <= 100 THEN 3 WHEN o.employees <= 300 "
                 "THEN 4 ELSE 5 END",
                 "i", pid);
    if (!r)
        goto fail;
    int64_t sa[6] = {0}, sm[6] = {0};
    for (size_t i = 0; i < db_res_rows(r); i++) {
        int64_t b = db_res_int(r, i, 0);
        if (b >= 0 && b < 6) {
            sa[b] = db_res_int(r, i, 1);
            sm[b] = db_res_int(r, i, 2);
        }
    }
    db_res_free(r);
    json_t *sizes = json_array();
    for (size_t b = 0; b < 6; b++)
        json_array_append_new(sizes, json_pack("{ss sI sI}", "key", SIZES[b], "applications",
                                               (json_int_t)sa[b], "matches", (json_int_t)sm[b]));
    json_object_set_new(out, "sizes", sizes);
    return out;
fail:
    json_decref(out);
    return NULL;
}
