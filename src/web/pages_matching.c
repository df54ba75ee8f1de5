/* pages_matching.c - the operator's matching page of a program: ranked candidate experts for
 * each accepted application without an active match, sending proposals, and the
 * program-wide optimizer's suggestion (metro areas vs the rest before and after). */
#include "content.h"
#include "decl_lookup.h"
#include "expert_match.h"
#include "form.h"
#include "log.h"
#include "pages.h"
#include "pref_options.h"
#include "str.h"
#include "svgchart.h"

#include <stdlib.h>
#include <string.h>

#define PAIRS_MAX 2000

static int64_t program_name(struct req *rq, int64_t id, char *name, size_t n)
{
    db_res_t *r = db_query(rq->db, "SELECT name FROM programs WHERE id = ?", "i", id);
    int64_t found = !r ? -1 : db_res_rows(r) == 1 ? 1 : 0;
    if (found == 1)
        str_copy(name, n, db_res_text(r, 0, 0));
    db_res_free(r);
    return found;
}

/* Proposals of application app_id still waiting for the SME's choice. */
static json_t *sent_proposals(struct req *rq, int64_t app_id)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT e.name FROM match_proposals p JOIN experts e ON e.id = "
                           "p.expert_id WHERE p.application_id = ? AND p.status = 'sent' ORDER "
                           "BY p.rank",
                           "i", app_id);
    json_t *a = json_array();
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_array_append_new(a, json_string(db_res_text(r, i, 0)));
    db_res_free(r);
    return a;
}

/* Matches of the program waiting for the expert's confirmation. */
static json_t *waiting_matches(struct req *rq, int64_t program_id)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT o.name, e.name, m.chosen_at FROM matches m JOIN "
                           "program_applications a ON a.id = m.application_id JOIN organizations "
                           "o ON o.id = a.org_id JOIN experts e ON e.id = m.expert_id WHERE "
                           "a.program_id = ? AND m.status = 'chosen' ORDER BY m.id",
                           "i", program_id);
    json_t *a = json_array();
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        char date[64];
        decl_date_text(date, sizeof date, db_res_text(r, i, 2), rq->lang);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "org", db_res_text(r, i, 0), "expert",
                                           db_res_text(r, i, 1), "date", date));
    }
    db_res_free(r);
    return a;
}

static void page(struct req *rq, struct resp *rs, json_t *errors, int64_t err_app, int status)
{
    int64_t pid = req_param_id(rq, 0);
    char name[512];
    struct match_input in = {0};
    int64_t found = program_name(rq, pid, name, sizeof name);
    int loaded = found == 1 ? xm_load(rq, pid, &in) : (int)found;
    if (loaded <= 0) {
        json_decref(errors);
        page_error(rq, rs, loaded < 0 ? 500 : 404);
        return;
    }
    const content_t *ct = content_get();
    json_t *apps = json_array();
    for (size_t i = 0; i < in.nsmes; i++) {
        const content_t *c = ct;
        const industry_t *ind = NULL;
        db_res_t *r =
            db_query(rq->db, "SELECT industry FROM organizations WHERE id = ?", "i", in.org_id[i]);
        if (r && db_res_rows(r) == 1 && c)
            ind = content_industry(c, db_res_text(r, 0, 0));
        json_t *a =
            json_pack("{s:I,s:s,s:s,s:s,s:o,s:o}", "id", (json_int_t)in.smes[i].id, "org",
                      in.org_name[i], "prefecture", pref_name_lang(rq->lang, in.smes[i].prefecture),
                      "industry", ind ? dtext_get(&ind->label, rq->lang) : "", "candidates",
                      xm_candidates(rq, &in, i, XM_MAX_CANDIDATES), "sent",
                      sent_proposals(rq, in.smes[i].id));
        db_res_free(r);
        if (errors && err_app == in.smes[i].id)
            json_object_set(a, "errors", errors);
        json_array_append_new(apps, a);
    }
    json_decref(errors);
    json_t *d = json_pack("{s:s,s:s,s:I,s:o,s:o,s:I}", "title", N_("Matching"), "program", name,
                          "program_id", (json_int_t)pid, "apps", apps, "waiting",
                          waiting_matches(rq, pid), "experts", (json_int_t)in.nexperts);
    match_input_free(&in);
    page_render(rq, rs, "matching/index", d);
    rs->status = status;
}

static void index_page(struct req *rq, struct resp *rs)
{
    page(rq, rs, NULL, 0, 200);
}

/* The experts ticked in the form ("expert" repeated), in form order, at most max. */
static size_t ticked(const struct req *rq, int64_t *out, size_t max, bool *bad)
{
    size_t n = 0;
    *bad = false;
    for (size_t i = 0; i < rq->form.n; i++) {
        if (!str_eq(rq->form.items[i].key, "expert"))
            continue;
        int64_t v;
        if (n >= max || !str_to_i64(rq->form.items[i].val, 1, INT64_MAX, &v)) {
            *bad = true;
            return n;
        }
        out[n++] = v;
    }
    return n;
}

static void propose(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0), app = -1;
    struct match_input in = {0};
    int loaded = xm_load(rq, pid, &in);
    if (loaded <= 0) {
        page_error(rq, rs, loaded < 0 ? 500 : 404);
        return;
    }
    str_to_i64(req_form(rq, "application"), 1, INT64_MAX, &app);
    long i = xm_sme_index(&in, app); /* only this program's open applications */
    if (i < 0) {
        match_input_free(&in);
        page_error(rq, rs, 404);
        return;
    }
    int64_t experts[XM_MAX_CANDIDATES];
    bool bad;
    size_t n = ticked(rq, experts, XM_MAX_CANDIDATES, &bad);
    enum flow_result r = bad || n == 0 ? FLOW_INVALID : xm_propose(rq, &in, (size_t)i, experts, n);
    match_input_free(&in);
    if (r == FLOW_OK) {
        flash_set(rq, rs, "The proposal was sent. The SME was told by mail.");
        resp_redirectf(rs, "/operator/programs/%lld/matching", (long long)pid);
        return;
    }
    if (r == FLOW_NOT_FOUND || r == FLOW_ERROR) {
        page_error(rq, rs, flow_status(r));
        return;
    }
    json_t *errors = json_object();
    form_error(rq, errors, "expert",
               r == FLOW_INVALID ? "Please tick one to ten of the experts listed."
                                 : flow_message(r));
    page(rq, rs, errors, app, flow_status(r));
}

/* ---- the optimizer ---- */

/* true when expert_id declined application app_id before. match.h knows no excluded pairs,
 * so the suggestion may contain one; it is marked and its proposal leaves the expert out. */
static bool declined_before(struct req *rq, int64_t app_id, int64_t expert_id)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT 1 FROM matches WHERE application_id = ? AND expert_id = ? AND "
                           "status = 'declined'",
                           "ii", app_id, expert_id);
    bool d = r && db_res_rows(r) > 0;
    db_res_free(r);
    return d;
}

/* The region's name in lang from its English name. */
static const char *region_label(const char *region_en, const char *lang)
{
    const content_t *c = content_get();
    for (int p = 0; c && p < PREFECTURES; p++)
        if (str_eq(c->prefectures[p].region.en, region_en))
            return dtext_get(&c->prefectures[p].region, lang);
    return region_en;
}

static void suggest(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    char name[512];
    struct match_input in = {0};
    struct match_result res = {0};
    int64_t found = program_name(rq, pid, name, sizeof name);
    int loaded = found == 1 ? xm_load(rq, pid, &in) : (int)found;
    if (loaded <= 0) {
        page_error(rq, rs, loaded < 0 ? 500 : 404);
        return;
    }
    struct match_region_counts rc;
    char err[256];
    int *load_after = calloc(in.nexperts ? in.nexperts : 1, sizeof *load_after);
    if (!load_after ||
        match_optimize(xm_geo(), in.smes, in.nsmes, in.experts, in.nexperts, &res) != 0 ||
        match_region_counts(rq->db, xm_geo(), &in, res.expert_of, &rc, err, sizeof err) < 0) {
        log_error("optimizer, program %lld failed", (long long)pid);
        free(load_after);
        match_result_free(&res);
        match_input_free(&in);
        page_error(rq, rs, 500);
        return;
    }
    json_t *pairs = json_array(), *unmatched = json_array(), *loads = json_array();
    for (size_t j = 0; j < in.nexperts; j++)
        load_after[j] = in.experts[j].load;
    for (size_t i = 0; i < in.nsmes; i++) {
        long x = res.expert_of[i];
        if (x < 0) {
            json_array_append_new(unmatched,
                                  json_pack("{s:s,s:s}", "org", in.org_name[i], "prefecture",
                                            pref_name_lang(rq->lang, in.smes[i].prefecture)));
            continue;
        }
        load_after[x]++;
        const struct match_expert *e = &in.experts[x];
        unsigned why = 0;
        int sc = match_score(xm_geo(), &in.smes[i], e, &why);
        char pair[64];
        str_fmt(pair, sizeof pair, "%lld:%lld", (long long)in.smes[i].id, (long long)e->id);
        json_array_append_new(
            pairs, json_pack("{s:s,s:s,s:s,s:s,s:i,s:o,s:s,s:b}", "org", in.org_name[i],
                             "prefecture", pref_name_lang(rq->lang, in.smes[i].prefecture),
                             "expert", in.expert_name[x], "expert_prefecture",
                             e->prefecture ? pref_name_lang(rq->lang, e->prefecture)
                                           : tr(rq, "Not stated"),
                             "score", sc, "reasons", xm_reasons(rq, why), "pair", pair, "declined",
                             declined_before(rq, in.smes[i].id, e->id)));
    }
    for (size_t j = 0; j < in.nexperts; j++)
        if (load_after[j] > in.experts[j].load)
            json_array_append_new(loads, json_pack("{s:s,s:i,s:i,s:i}", "name", in.expert_name[j],
                                                   "before", in.experts[j].load, "after",
                                                   load_after[j], "capacity", in.capacity[j]));
    json_t *regions = json_array();
    for (size_t k = 0; k < rc.nregions; k++)
        json_array_append_new(regions, json_pack("{s:s,s:i,s:i}", "name",
                                                 region_label(rc.region[k], rq->lang), "before",
                                                 (int)rc.before[k], "after", (int)rc.after[k]));
    /* The chart: metro areas and the rest, before and after. */
    const char *labels[4] = {tr(rq, "Metro, now"), tr(rq, "Metro, suggested"),
                             tr(rq, "Others, now"), tr(rq, "Others, suggested")};
    double values[4] = {(double)rc.metro_before, (double)rc.metro_after, (double)rc.other_before,
                        (double)rc.other_after};
    struct svgchart_bars chart = {
        .id = "regions",
        .title = tr(rq, "Matches in the three metro areas and in the other regions"),
        .desc = tr(rq, "Matched SMEs before and after the suggested assignment."),
        .labels = labels,
        .values = values,
        .n = 4,
        .suffix = tr(rq, " SMEs"),
    };
    buf_t svg;
    buf_init(&svg);
    if (svgchart_bar(&svg, &chart) < 0)
        buf_reset(&svg);
    json_t *d =
        json_pack("{s:s,s:s,s:I,s:o,s:o,s:o,s:o,s:I,s:I,s:I,s:{s:I,s:I},s:{s:I,s:I},s:s}", "title",
                  N_("Suggested assignment"), "program", name, "program_id", (json_int_t)pid,
                  "pairs", pairs, "unmatched", unmatched, "loads", loads, "regions", regions,
                  "matched", (json_int_t)res.matched, "smes", (json_int_t)in.nsmes, "experts",
                  (json_int_t)in.nexperts, "metro", "before", (json_int_t)rc.metro_before, "after",
                  (json_int_t)rc.metro_after, "other", "before", (json_int_t)rc.other_before,
                  "after", (json_int_t)rc.other_after, "html_chart", buf_cstr(&svg));
    buf_free(&svg);
    free(load_after);
    match_result_free(&res);
    match_input_free(&in);
    page_render(rq, rs, "matching/suggest", d);
}

/* "Use as proposals": for each pair app:expert of the suggestion, the suggested expert ranked
 * first and the next best candidates after it (XM_DEFAULT_PROPOSALS in all). Pairs whose
 * application or expert is no longer open are skipped and counted. */
static void use_suggestion(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    struct match_input in = {0};
    int loaded = xm_load(rq, pid, &in);
    if (loaded <= 0) {
        page_error(rq, rs, loaded < 0 ? 500 : 404);
        return;
    }
    size_t sent = 0, skipped = 0, seen = 0;
    for (size_t f = 0; f < rq->form.n && seen < PAIRS_MAX; f++) {
        if (!str_eq(rq->form.items[f].key, "pair"))
            continue;
        seen++;
        char buf[64];
        str_copy(buf, sizeof buf, rq->form.items[f].val);
        char *colon = strchr(buf, ':');
        int64_t app, ex;
        if (!colon) {
            skipped++;
            continue;
        }
        *colon = 0;
        long i = str_to_i64(buf, 1, INT64_MAX, &app) ? xm_sme_index(&in, app) : -1;
        if (i < 0 || !str_to_i64(colon + 1, 1, INT64_MAX, &ex) || xm_expert_index(&in, ex) < 0) {
            skipped++;
            continue;
        }
        int64_t experts[XM_DEFAULT_PROPOSALS] = {ex};
        size_t n = declined_before(rq, app, ex) ? 0 : 1;
        json_t *cands = xm_candidates(rq, &in, (size_t)i, XM_DEFAULT_PROPOSALS + 1);
        size_t k;
        json_t *c;
        json_array_foreach(cands, k, c)
        {
            int64_t id = json_integer_value(json_object_get(c, "expert_id"));
            if (id != ex && n < XM_DEFAULT_PROPOSALS)
                experts[n++] = id;
        }
        json_decref(cands);
        if (xm_propose(rq, &in, (size_t)i, experts, n) == FLOW_OK)
            sent++;
        else
            skipped++;
    }
    match_input_free(&in);
    log_info("program %lld: suggestion used, %zu proposals sent, %zu skipped", (long long)pid, sent,
             skipped);
    flash_set(rq, rs,
              skipped ? N_("The suggestion was sent as proposals. Some applications were skipped "
                           "because they changed in the meantime.")
                      : N_("The suggestion was sent as proposals. The SMEs were told by mail."));
    resp_redirectf(rs, "/operator/programs/%lld/matching", (long long)pid);
}

void pages_matching_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN;
    route_add(app, "GET", "/operator/programs/:id/matching", ops, index_page);
    route_add(app, "POST", "/operator/programs/:id/matching/proposals", ops, propose);
    route_add(app, "GET", "/operator/programs/:id/matching/suggest", ops, suggest);
    route_add(app, "POST", "/operator/programs/:id/matching/suggest", ops, use_suggestion);
}
