/* cmd_match.c - `otasuke match`: loads a program's open applications and the approved
 * experts, runs the optimizer (or the greedy baseline) and prints the proposed assignment
 * with its summary: matched count, metro/other and per-region counts before and after, and
 * per-expert load. It proposes only; the operator sends proposals from the matching page. */
#include "cmd_match.h"
#include "cmd_serve.h"
#include "content.h"
#include "fileutil.h"
#include "match.h"
#include "match_load.h"
#include "str.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static json_t *regions_json(const struct match_region_counts *rc, bool after)
{
    json_t *by = json_object();
    for (size_t i = 0; i < rc->nregions; i++)
        json_object_set_new(by, rc->region[i], json_integer(after ? rc->after[i] : rc->before[i]));
    return json_pack("{s:I,s:I,s:o}", "metro",
                     (json_int_t)(after ? rc->metro_after : rc->metro_before), "other",
                     (json_int_t)(after ? rc->other_after : rc->other_before), "by_region", by);
}

static json_t *result_json(const match_geo_t *g, const struct match_input *in,
                           const struct match_result *res, const struct match_region_counts *rc,
                           const int *load_after, double elapsed_ms, double cpu_ms,
                           const char *algorithm)
{
    json_t *unmatched = json_array(), *assign = json_array(), *per = json_array();
    for (size_t i = 0; i < in->nsmes; i++) {
        long x = res->expert_of[i];
        if (x < 0) {
            json_array_append_new(unmatched, json_integer(in->smes[i].id));
            continue;
        }
        const struct match_expert *e = &in->experts[x];
        unsigned why;
        int sc = match_score(g, &in->smes[i], e, &why);
        const char *labels[8];
        size_t nl = match_why_labels(why, labels, 8);
        json_t *jw = json_array();
        for (size_t k = 0; k < nl; k++)
            json_array_append_new(jw, json_string(labels[k]));
        json_t *epref = e->prefecture ? json_integer(e->prefecture) : json_null();
        json_array_append_new(
            assign, json_pack("{s:I,s:I,s:i,s:I,s:o,s:i,s:o}", "application_id",
                              (json_int_t)in->smes[i].id, "org_id", (json_int_t)in->org_id[i],
                              "prefecture", in->smes[i].prefecture, "expert_id", (json_int_t)e->id,
                              "expert_prefecture", epref, "score", sc, "why", jw));
    }
    for (size_t j = 0; j < in->nexperts; j++)
        json_array_append_new(per, json_pack("{s:I,s:i,s:i,s:i}", "expert_id",
                                             (json_int_t)in->experts[j].id, "capacity",
                                             in->capacity[j], "load_before", in->experts[j].load,
                                             "load_after", load_after[j]));
    return json_pack("{s:I,s:s,s:I,s:I,s:I,s:o,s:o,s:{s:o,s:o},s:o,s:I,s:f,s:f}", "program",
                     (json_int_t)in->program_id, "algorithm", algorithm, "smes",
                     (json_int_t)in->nsmes, "experts", (json_int_t)in->nexperts, "matched",
                     (json_int_t)res->matched, "unmatched", unmatched, "assignments", assign,
                     "regions", "before", regions_json(rc, false), "after", regions_json(rc, true),
                     "per_expert", per, "total_score", (json_int_t)res->total_score, "elapsed_ms",
                     elapsed_ms, "cpu_ms", cpu_ms);
}

static void print_text(const match_geo_t *g, const struct match_input *in,
                       const struct match_result *res, const struct match_region_counts *rc,
                       const int *load_after, double elapsed_ms, const char *algorithm)
{
    printf("program %lld: %zu open applications, %zu approved experts\n", (long long)in->program_id,
           in->nsmes, in->nexperts);
    printf("proposed (%s, %.1f ms): %zu matched, %zu unmatched\n\n", algorithm, elapsed_ms,
           res->matched, in->nsmes - res->matched);
    for (size_t i = 0; i < in->nsmes; i++) {
        long x = res->expert_of[i];
        if (x < 0) {
            printf("  application %lld  %s (%s): no expert available\n", (long long)in->smes[i].id,
                   in->org_name[i], match_geo_name(g, in->smes[i].prefecture));
            continue;
        }
        const struct match_expert *e = &in->experts[x];
        unsigned why;
        int sc = match_score(g, &in->smes[i], e, &why);
        const char *labels[8];
        size_t nl = match_why_labels(why, labels, 8);
        printf("  application %lld  %s (%s) -> expert %lld %s (%s)  score %d:",
               (long long)in->smes[i].id, in->org_name[i],
               match_geo_name(g, in->smes[i].prefecture), (long long)e->id, in->expert_name[x],
               e->prefecture ? match_geo_name(g, e->prefecture) : "not stated", sc);
        for (size_t k = 0; k < nl; k++)
            printf(" %s", labels[k]);
        printf("\n");
    }
    printf("\nmatches        before  after\n");
    printf("  metro areas  %6ld %6ld\n", rc->metro_before, rc->metro_after);
    printf("  other        %6ld %6ld\n", rc->other_before, rc->other_after);
    for (size_t i = 0; i < rc->nregions; i++)
        printf("  %-14s %4ld %6ld\n", rc->region[i], rc->before[i], rc->after[i]);
    int max_before = 0, max_after = 0;
    size_t used = 0;
    for (size_t j = 0; j < in->nexperts; j++) {
        if (in->experts[j].load > max_before)
            max_before = in->experts[j].load;
        if (load_after[j] > max_after)
            max_after = load_after[j];
        used += load_after[j] > in->experts[j].load;
    }
    printf("\nexperts given new SMEs: %zu; highest load %d -> %d\n", used, max_before, max_after);
}

int cmd_match(int argc, char **argv)
{
    int64_t program = -1;
    bool json = false;
    const char *algorithm = "flow";
    /* Our own options first; the rest (--db, --pg, --var) go to the shared parser. */
    char *rest[64];
    int nrest = 0;
    rest[nrest++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (str_eq(argv[i], "--program") && i + 1 < argc) {
            if (!str_to_i64(argv[++i], 1, INT64_MAX, &program)) {
                fprintf(stderr, "otasuke: match: --program wants a program id\n");
                return 2;
            }
        } else if (str_eq(argv[i], "--json")) {
            json = true;
        } else if (str_eq(argv[i], "--algorithm") && i + 1 < argc) {
            algorithm = argv[++i];
            if (!str_eq(algorithm, "flow") && !str_eq(algorithm, "greedy")) {
                fprintf(stderr, "otasuke: match: --algorithm wants flow or greedy\n");
                return 2;
            }
        } else if (nrest < 63) {
            rest[nrest++] = argv[i];
        }
    }
    rest[nrest] = NULL;
    if (program < 0) {
        fprintf(stderr, "usage: otasuke match --program ID [--json] [--algorithm flow|greedy] "
                        "[--db PATH | --pg CONNINFO]\n");
        return 2;
    }
    struct app_config cfg = {0};
    const char *user = NULL;
    int rc = cmd_app_options(nrest, rest, &cfg, &user);
    if (rc)
        return rc;
    const content_t *ct = content_get();
    if (!ct) {
        fprintf(stderr, "otasuke: %s\n", content_error());
        return 1;
    }
    char err[512], dir[1024];
    if (!share_path(dir, sizeof dir, "data")) {
        fprintf(stderr, "otasuke: data path too long\n");
        return 1;
    }
    match_geo_t *g = match_geo_load(dir, err, sizeof err);
    if (!g) {
        fprintf(stderr, "otasuke: %s\n", err);
        return 1;
    }
    rc = 1;
    db_t *db = db_open(cfg.db_url, 1, err, sizeof err);
    db_conn_t *c = NULL;
    struct match_input in = {0};
    struct match_result res = {0};
    int *load_after = NULL;
    if (!db || db_migrate(db, err, sizeof err) < 0) {
        fprintf(stderr, "otasuke: %s\n", err);
        goto out;
    }
    c = db_conn_get(db);
    if (match_input_load(c, ct, program, &in, err, sizeof err) < 0) {
        fprintf(stderr, "otasuke: %s\n", err);
        goto out;
    }
    double t0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
    int orc = str_eq(algorithm, "greedy")
                  ? match_greedy(g, in.smes, in.nsmes, in.experts, in.nexperts, &res)
                  : match_optimize(g, in.smes, in.nsmes, in.experts, in.nexperts, &res);
    double elapsed = now_ms(CLOCK_MONOTONIC) - t0;
    double cpu = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (orc != 0) {
        fprintf(stderr, "otasuke: the optimizer failed (out of memory or instance too large)\n");
        goto out;
    }
    struct match_region_counts regions;
    if (match_region_counts(c, g, &in, res.expert_of, &regions, err, sizeof err) < 0) {
        fprintf(stderr, "otasuke: %s\n", err);
        goto out;
    }
    load_after = calloc(in.nexperts ? in.nexperts : 1, sizeof *load_after);
    if (!load_after)
        goto out;
    for (size_t j = 0; j < in.nexperts; j++)
        load_after[j] = in.experts[j].load;
    for (size_t i = 0; i < in.nsmes; i++)
        if (res.expert_of[i] >= 0)
            load_after[res.expert_of[i]]++;
    if (json) {
        json_t *j = result_json(g, &in, &res, &regions, load_after, elapsed, cpu, algorithm);
        char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
        if (!s) {
            json_decref(j);
            fprintf(stderr, "otasuke: cannot encode the result\n");
            goto out;
        }
        puts(s);
        free(s);
        json_decref(j);
    } else {
        print_text(g, &in, &res, &regions, load_after, elapsed, algorithm);
    }
    rc = 0;
out:
    free(load_after);
    match_result_free(&res);
    match_input_free(&in);
    if (c)
        db_conn_put(c);
    db_close(db);
    match_geo_free(g);
    return rc;
}
