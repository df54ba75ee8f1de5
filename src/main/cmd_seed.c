/* cmd_seed.c - `otasuke seed`: fills a database with synthetic SECURITY ACTION declarers.
 *
 * Names, prefecture and industry mixes come from data/seed.json. SME eligibility is decided
 * by sme_check, diagnoses are scored by diag_score and policies rendered from the template,
 * so every row is what the application itself would have written. ★★ organizations (about
 * one in ten) have a completed diagnosis with answers and a published policy; most of them
 * stepped up from ★ (a superseded ★ row and an active ★★ row with the same public id).
 *
 * Speed: the store API prepares every statement anew, so rows go in as multi-row INSERTs
 * with literal values (all generated here: numbers, and text from our own data file, quoted)
 * of SEED_BATCH organizations, SEED_TX organizations per transaction. Organization, diagnosis
 * and policy ids are assigned here (after the current maximum) so that related rows can be
 * written in the same batch; on PostgreSQL the id sequences are moved past them at the end.
 * The output is a pure function of --random-seed and the ids already in the database.
 * Then cmd_seed_program.c adds a guidance program drawing on the organizations just seeded.
 */
#include "cmd_seed.h"
#include "cmd_seed_program.h"
#include "cmd_serve.h"
#include "diagnosis.h"
#include "fileutil.h"
#include "policy.h"
#include "sme.h"
#include "str.h"
#include "timeutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEED_BATCH 250
#define SEED_TX 10000
#define SEED_MAX_ORGS 10000000
#define MAX_WORDS 32
#define MAX_LIST 128

/* ---- deterministic random numbers (splitmix64) ---- */
static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static int64_t rnd_below(int64_t n)
{
    return n > 0 ? (int64_t)(rnd() % (uint64_t)n) : 0;
}

static int64_t rnd_range(int64_t lo, int64_t hi)
{
    return lo + rnd_below(hi - lo + 1);
}

/* ---- data/seed.json ---- */
struct words {
    size_t n;
    const char *w[MAX_WORDS];
};

struct industry {
    const char *key;
    int weight;
    int size_percent; /* scales employees: 150 = firms of this industry are half again larger */
    int64_t capital_max;
    struct words words;
};

struct form {
    const char *name, *org_type;
    int weight, suffix_share;
    struct words words; /* n == 0: the industry's words */
};

struct seed_data {
    json_t *root;
    int pref_weight[PREFECTURES];
    size_t n_ind, n_forms, n_roots, n_areas, n_reps, n_reasons;
    struct industry ind[16];
    struct form forms[8];
    const char *roots[MAX_LIST], *areas[MAX_LIST], *reps[16], *reasons[16];
};

static size_t str_list(json_t *a, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(a) && n < max; i++)
        if (json_is_string(json_array_get(a, i)))
            out[n++] = json_string_value(json_array_get(a, i));
    return n;
}

static int seed_data_load(struct seed_data *sd, char *err, size_t errlen)
{
    char path[1024];
    json_error_t je = {.text = "path too long"};
    memset(sd, 0, sizeof *sd);
    if (!share_path(path, sizeof path, "data/seed.json") ||
        !(sd->root = json_load_file(path, 0, &je))) {
        str_fmt(err, errlen, "data/seed.json: cannot read (%s)", je.text);
        return -1;
    }
    json_t *pw = json_object_get(sd->root, "prefecture_weights");
    if (json_array_size(pw) != PREFECTURES) {
        str_copy(err, errlen, "data/seed.json: prefecture_weights needs 47 numbers");
        return -1;
    }
    for (size_t i = 0; i < PREFECTURES; i++)
        sd->pref_weight[i] = (int)json_integer_value(json_array_get(pw, i));
    json_t *a = json_object_get(sd->root, "industries");
    for (size_t i = 0; i < json_array_size(a) && sd->n_ind < 16; i++) {
        json_t *o = json_array_get(a, i);
        struct industry *d = &sd->ind[sd->n_ind++];
        d->key = json_string_value(json_object_get(o, "key"));
        d->weight = (int)json_integer_value(json_object_get(o, "weight"));
        d->capital_max = json_integer_value(json_object_get(o, "capital_max"));
        d->size_percent = (int)json_integer_value(json_object_get(o, "size_percent"));
        if (d->size_percent <= 0)
            d->size_percent = 100;
        d->words.n = str_list(json_object_get(o, "words"), d->words.w, MAX_WORDS);
        if (!d->key || d->words.n == 0) {
            str_fmt(err, errlen, "data/seed.json: industries[%zu] needs key and words", i);
            return -1;
        }
    }
    a = json_object_get(sd->root, "legal_forms");
    for (size_t i = 0; i < json_array_size(a) && sd->n_forms < 8; i++) {
        json_t *o = json_array_get(a, i);
        struct form *f = &sd->forms[sd->n_forms++];
        f->name = json_string_value(json_object_get(o, "name"));
        f->org_type = json_string_value(json_object_get(o, "org_type"));
        f->weight = (int)json_integer_value(json_object_get(o, "weight"));
        f->suffix_share = (int)json_integer_value(json_object_get(o, "suffix_share"));
        f->words.n = str_list(json_object_get(o, "words"), f->words.w, MAX_WORDS);
        if (!f->name || !f->org_type) {
            str_fmt(err, errlen, "data/seed.json: legal_forms[%zu] needs name and org_type", i);
            return -1;
        }
    }
    sd->n_roots = str_list(json_object_get(sd->root, "roots"), sd->roots, MAX_LIST);
    sd->n_areas = str_list(json_object_get(sd->root, "areas"), sd->areas, MAX_LIST);
    sd->n_reps = str_list(json_object_get(sd->root, "representatives"), sd->reps, 16);
    sd->n_reasons = str_list(json_object_get(sd->root, "withdrawal_reasons"), sd->reasons, 16);
    if (!sd->n_ind || !sd->n_forms || !sd->n_roots || !sd->n_areas || !sd->n_reps ||
        !sd->n_reasons) {
        str_copy(err, errlen, "data/seed.json: a list is empty");
        return -1;
    }
    return 0;
}

static int pick_weighted(const int *w, size_t n, size_t stride)
{
    int64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += *(const int *)((const char *)w + i * stride);
    int64_t x = rnd_below(total);
    for (size_t i = 0; i < n; i++) {
        x -= *(const int *)((const char *)w + i * stride);
        if (x < 0)
            return (int)i;
    }
    return (int)n - 1;
}

/* ---- SQL literals ---- */
static void lit(buf_t *b, const char *s)
{
    buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            buf_putc(b, '\'');
        buf_putc(b, *s);
    }
    buf_putc(b, '\'');
}

static void lit_time(buf_t *b, time_t t)
{
    char iso[TIME_ISO_LEN];
    time_iso(iso, t);
    lit(b, iso);
}

/* Regular employees: most SMEs are small (a long tail up to a few large firms), scaled by
 * the industry (factories and hauliers employ more people than shops). */
static int64_t employees(int size_percent)
{
    int64_t x = rnd_below(1000), n;
    if (x < 450)
        n = rnd_range(0, 5);
    else if (x < 750)
        n = rnd_range(6, 20);
    else if (x < 900)
        n = rnd_range(21, 50);
    else if (x < 970)
        n = rnd_range(51, 100);
    else if (x < 995)
        n = rnd_range(101, 300);
    else
        n = rnd_range(301, 1200);
    return n * size_percent / 100;
}

/* Capital in yen, in round amounts; a few firms are above the SME limit. */
static int64_t capital(int64_t cap_max)
{
    int64_t x = rnd_below(1000);
    int64_t v;
    if (x < 150)
        v = rnd_range(1, 3) * 1000000;
    else if (x < 550)
        v = rnd_range(3, 10) * 1000000;
    else if (x < 850)
        v = rnd_range(1, 5) * 10000000;
    else if (x < 930)
        v = rnd_range(5, 10) * 10000000;
    else if (x < 980)
        v = rnd_range(10, 30) * 10000000;
    else
        v = rnd_range(3, 10) * 100000000;
    /* Shops and services (SME capital limit 50 million yen) are smaller firms than factories
     * (300 million); a few stay above their limit, as in reality. */
    if (cap_max <= 50000000)
        v = v / 2 / 1000000 * 1000000;
    else if (cap_max <= 100000000)
        v = v * 7 / 10 / 1000000 * 1000000;
    return v > 0 ? v : 1000000;
}

struct counts {
    int64_t orgs, one, two, step_up, withdrawn, non_sme;
};

struct ids {
    int64_t org, diag, policy, user;
    int64_t two_slot; /* position of the ★★ organization in the current group of ten */
};

static void org_name(buf_t *name, const struct seed_data *sd, const struct form *f,
                     const struct industry *ind)
{
    const struct words *w = f->words.n ? &f->words : &ind->words;
    const char *root = sd->roots[rnd_below((int64_t)sd->n_roots)];
    const char *area = sd->areas[rnd_below((int64_t)sd->n_areas)];
    const char *word = w->w[rnd_below((int64_t)w->n)];
    bool suffix = rnd_below(100) < f->suffix_share;
    buf_reset(name);
    if (*f->name && !suffix)
        buf_puts(name, f->name);
    buf_puts(name, area);
    buf_puts(name, root);
    buf_puts(name, word);
    if (*f->name && suffix)
        buf_puts(name, f->name);
}

/* SECURITY ACTION started in April 2017; declarations spread until the end of October 2026. */
#define T_START 1491004800 /* 2017-04-01 */
#define T_END 1793404800   /* 2026-10-31 */

/* Appends one organization (and its diagnosis, policy and declarations) to the batches. */
static int one_org(const content_t *ct, const struct seed_data *sd, struct ids *id,
                   struct counts *cnt, buf_t *orgs, buf_t *decls, buf_t *diags, buf_t *answers,
                   buf_t *pols, buf_t *name, buf_t *body)
{
    const struct form *f =
        &sd->forms[pick_weighted(&sd->forms[0].weight, sd->n_forms, sizeof sd->forms[0])];
    const struct industry *ind =
        &sd->ind[pick_weighted(&sd->ind[0].weight, sd->n_ind, sizeof sd->ind[0])];
    int pref = pick_weighted(sd->pref_weight, PREFECTURES, sizeof(int)) + 1;
    org_name(name, sd, f, ind);
    bool has_capital = str_eq(f->org_type, "company");
    const char *industry = str_eq(f->org_type, "npo")       ? "services"
                           : str_eq(f->org_type, "medical") ? NULL
                                                            : ind->key;
    sme_input_t in = {.org_type = f->org_type,
                      .industry = industry,
                      .has_capital = has_capital,
                      .capital = has_capital ? capital(ind->capital_max) : 0,
                      .employees = employees(ind->size_percent)};
    sme_result_t sr;
    if (sme_check(ct, &in, &sr) != SME_OK)
        return -1;
    int64_t org = ++id->org;
    time_t t1 = (time_t)rnd_range(T_START, T_END);
    time_t created = t1 - (time_t)rnd_range(3600, 30 * 86400);
    const char *rep = sd->reps[rnd_below((int64_t)sd->n_reps)];
    cnt->orgs++;
    cnt->non_sme += !sr.eligible;

    buf_puts(orgs, orgs->len ? ",(" : "(");
    buf_printf(orgs, "%lld,", (long long)org);
    lit(orgs, buf_cstr(name));
    buf_putc(orgs, ',');
    lit(orgs, f->org_type);
    buf_putc(orgs, ',');
    if (industry)
        lit(orgs, industry);
    else
        buf_puts(orgs, "NULL");
    if (has_capital)
        buf_printf(orgs, ",%lld,", (long long)in.capital);
    else
        buf_puts(orgs, ",NULL,");
    buf_printf(orgs, "%lld,%d,", (long long)in.employees, pref);
    if (rnd_below(3) == 0)
        buf_printf(orgs, "'https://www.c%lld.example.jp',", (long long)org);
    else
        buf_puts(orgs, "'',");
    lit(orgs, rep);
    buf_printf(orgs, ",%d,", sr.eligible ? 1 : 0);
    if (sr.rule > 0)
        buf_printf(orgs, "%d,", sr.rule);
    else
        buf_puts(orgs, "NULL,");
    lit_time(orgs, created);
    buf_putc(orgs, ')');

    /* Public id: an affine permutation of the organization id, so unique and stable. */
    char pid[16];
    str_fmt(pid, sizeof pid, "SA%010llu",
            (unsigned long long)(((uint64_t)org * 2654435761ULL + 1234567ULL) % 10000000000ULL));
    /* Exactly one ★★ in every ten organizations, at a random place within the ten. */
    if (id->org % 10 == 1 || id->two_slot < 0)
        id->two_slot = rnd_below(10);
    bool two = org % 10 == (id->two_slot + 1) % 10;
    bool withdrawn = rnd_below(200) == 0;
    const char *reason = sd->reasons[rnd_below((int64_t)sd->n_reasons)];
    time_t t2 = t1;
    bool step_up = two && rnd_below(4) != 0;
    if (step_up) {
        t2 = t1 + (time_t)rnd_range(30 * 86400, 900 * 86400);
        if (t2 > T_END)
            t2 = T_END;
    }
    int64_t diag = 0, pol = 0;
    if (two) {
        diag = ++id->diag;
        pol = ++id->policy;
        diag_answers_t ans;
        for (int i = 1; i <= DIAG_ITEMS; i++) {
            int64_t x = rnd_below(100);
            ans.a[i] = x < 62   ? ANS_DONE
                       : x < 87 ? ANS_PARTLY
                       : x < 96 ? ANS_NOT_DONE
                                : ANS_UNKNOWN;
            if ((i == 9 || i == 23) && rnd_below(5) == 0)
                ans.a[i] = ANS_NOT_USED;
        }
        diag_result_t res;
        if (diag_score(ct, &ans, &res, NULL) != DIAG_OK)
            return -1;
        time_t done = t2 - (time_t)rnd_range(86400, 20 * 86400);
        buf_puts(diags, diags->len ? ",(" : "(");
        buf_printf(diags, "%lld,%lld,'completed',", (long long)diag, (long long)org);
        lit_time(diags, done - 1800);
        buf_putc(diags, ',');
        lit_time(diags, done);
        buf_printf(diags, ",%d,%d,%d,%d,", res.total, res.parts[0], res.parts[1], res.parts[2]);
        lit(diags, res.band->key);
        buf_printf(diags, ",%lld)", (long long)id->user);
        for (int i = 1; i <= DIAG_ITEMS; i++)
            buf_printf(answers, "%s(%lld,%d,'%s')", answers->len ? "," : "", (long long)diag, i,
                       diag_answer_key(ans.a[i]));
        time_t pub = t2 - (time_t)rnd_range(0, 10 * 86400);
        char date[TIME_ISO_LEN];
        time_iso(date, pub);
        date[10] = '\0';
        policy_vars_t pv = {.org_name = buf_cstr(name), .representative = rep, .date = date};
        buf_reset(body);
        policy_render_text(ct, &pv, "ja", body);
        buf_puts(pols, pols->len ? ",(" : "(");
        buf_printf(pols, "%lld,%lld,1,'published','ja',", (long long)pol, (long long)org);
        lit(pols, ct->policy_title.ja);
        buf_putc(pols, ',');
        lit(pols, buf_cstr(body));
        buf_putc(pols, ',');
        lit_time(pols, pub - 7200);
        buf_putc(pols, ',');
        lit_time(pols, pub);
        buf_putc(pols, ',');
        lit_time(pols, pub);
        buf_printf(pols, ",%lld)", (long long)id->user);
    }
    /* The ★ row: active, or superseded by the step-up row below. */
    if (!two || step_up) {
        bool current = !two;
        buf_puts(decls, decls->len ? ",(" : "(");
        lit(decls, pid);
        buf_printf(decls, ",%lld,1,0,'%s',", (long long)org,
                   !current    ? "superseded"
                   : withdrawn ? "withdrawn"
                               : "active");
        lit_time(decls, t1);
        buf_printf(decls, ",%lld,'1,2,3,4,5',NULL,NULL,", (long long)id->user);
        if (current && withdrawn) {
            lit_time(decls, t1 + (time_t)rnd_range(86400, 400 * 86400));
            buf_putc(decls, ',');
            lit(decls, reason);
            buf_printf(decls, ",%lld)", (long long)id->user);
        } else {
            buf_puts(decls, "NULL,NULL,NULL)");
        }
    }
    if (two) {
        buf_puts(decls, decls->len ? ",(" : "(");
        lit(decls, pid);
        buf_printf(decls, ",%lld,2,%d,'%s',", (long long)org, step_up ? 1 : 0,
                   withdrawn ? "withdrawn" : "active");
        lit_time(decls, t2);
        buf_printf(decls, ",%lld,'1,2,3,4,5',%lld,%lld,", (long long)id->user, (long long)diag,
                   (long long)pol);
        if (withdrawn) {
            lit_time(decls, t2 + (time_t)rnd_range(86400, 400 * 86400));
            buf_putc(decls, ',');
            lit(decls, reason);
            buf_printf(decls, ",%lld)", (long long)id->user);
        } else {
            buf_puts(decls, "NULL,NULL,NULL)");
        }
    }
    cnt->one += !two;
    cnt->two += two;
    cnt->step_up += step_up;
    cnt->withdrawn += withdrawn;
    return 0;
}

static int64_t max_id(db_conn_t *c, const char *table)
{
    char sql[128];
    str_fmt(sql, sizeof sql, "SELECT COALESCE(MAX(id), 0) FROM %s", table);
    db_res_t *r = db_query(c, sql, NULL);
    int64_t v = r ? db_res_int(r, 0, 0) : -1;
    db_res_free(r);
    return v;
}

/* The user the synthetic rows are declared by: a disabled account nobody can log in as. */
static int64_t seed_user(db_conn_t *c)
{
    db_res_t *r = db_query(c, "SELECT id FROM users WHERE email = 'seed@otasuke.invalid'", NULL);
    int64_t id = r && db_res_rows(r) ? db_res_int(r, 0, 0) : 0;
    db_res_free(r);
    if (id > 0)
        return id;
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    return db_insert_id(c,
                        "INSERT INTO users (email, password_hash, name, role, lang, disabled, "
                        "created_at) VALUES ('seed@otasuke.invalid', '!', 'seed', 'sme', 'ja', 1, "
                        "?) RETURNING id",
                        "s", now);
}

static int flush(db_conn_t *c, buf_t *orgs, buf_t *decls, buf_t *diags, buf_t *answers, buf_t *pols)
{
    struct {
        buf_t *b;
        const char *head;
    } parts[] = {
        {orgs, "INSERT INTO organizations (id, name, org_type, industry, capital, employees, "
               "prefecture, website, representative, sme_eligible, sme_rule, created_at) VALUES "},
        {diags, "INSERT INTO diagnoses (id, org_id, status, started_at, completed_at, total, "
                "score_basic, score_employee, score_organization, band, created_by) VALUES "},
        {answers, "INSERT INTO diagnosis_answers (diagnosis_id, item, answer) VALUES "},
        {pols, "INSERT INTO policies (id, org_id, version, status, lang, title, body, created_at, "
               "updated_at, published_at, created_by) VALUES "},
        {decls, "INSERT INTO declarations (public_id, org_id, level, step_up, status, declared_at, "
                "declared_by, pledge, diagnosis_id, policy_id, withdrawn_at, withdrawn_reason, "
                "withdrawn_by) VALUES "},
    };
    buf_t sql;
    buf_init(&sql);
    int rc = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && rc == 0; i++) {
        if (parts[i].b->len == 0)
            continue;
        buf_reset(&sql);
        buf_puts(&sql, parts[i].head);
        buf_append(&sql, parts[i].b->data, parts[i].b->len);
        if (sql.oom || db_exec(c, buf_cstr(&sql), NULL) < 0)
            rc = -1;
        buf_reset(parts[i].b);
    }
    buf_free(&sql);
    return rc;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int seed_run(db_t *db, const content_t *ct, const struct seed_data *sd, int64_t n,
                    struct counts *cnt)
{
    db_conn_t *c = db_conn_get(db);
    struct ids id = {.two_slot = -1};
    buf_t b[7];
    for (int i = 0; i < 7; i++)
        buf_init(&b[i]);
    int rc = -1;
    bool in_tx = false;
    if ((id.user = seed_user(c)) < 0 || (id.org = max_id(c, "organizations")) < 0 ||
        (id.diag = max_id(c, "diagnoses")) < 0 || (id.policy = max_id(c, "policies")) < 0)
        goto out;
    for (int64_t i = 0; i < n; i++) {
        if (!in_tx) {
            if (db_begin(c) < 0)
                goto out;
            in_tx = true;
        }
        if (one_org(ct, sd, &id, cnt, &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &b[6]) < 0) {
            fprintf(stderr, "otasuke: seed: cannot build organization %lld\n", (long long)i);
            goto out;
        }
        bool last = i + 1 == n;
        if (((i + 1) % SEED_BATCH == 0 || last) && flush(c, &b[0], &b[1], &b[2], &b[3], &b[4]) < 0)
            goto out;
        if ((i + 1) % SEED_TX == 0 || last) {
            if (db_commit(c) < 0)
                goto out;
            in_tx = false;
        }
    }
    if (db_kind(db) == DB_PG) {
        /* Explicit ids do not advance PostgreSQL sequences; later inserts must not collide. */
        static const char *const fix[] = {
            "SELECT setval(pg_get_serial_sequence('organizations', 'id'), (SELECT MAX(id) FROM "
            "organizations))",
            "SELECT setval(pg_get_serial_sequence('diagnoses', 'id'), GREATEST((SELECT MAX(id) "
            "FROM diagnoses), 1))",
            "SELECT setval(pg_get_serial_sequence('policies', 'id'), GREATEST((SELECT MAX(id) "
            "FROM policies), 1))",
        };
        for (size_t i = 0; i < 3; i++) {
            db_res_t *r = db_query(c, fix[i], NULL);
            if (!r)
                goto out;
            db_res_free(r);
        }
    }
    rc = 0;
out:
    if (rc < 0) {
        fprintf(stderr, "otasuke: seed: %s\n", db_errmsg(c));
        if (in_tx)
            db_rollback(c);
    }
    for (int i = 0; i < 7; i++)
        buf_free(&b[i]);
    db_conn_put(c);
    return rc;
}

int cmd_seed(int argc, char **argv)
{
    int64_t n = -1, seed = -1;
    /* Our own options first; the rest (--db, --pg, --var) go to the shared parser. */
    char *rest[64];
    int nrest = 0;
    rest[nrest++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (str_eq(argv[i], "--organizations") && i + 1 < argc) {
            if (!str_to_i64(argv[++i], 1, SEED_MAX_ORGS, &n)) {
                fprintf(stderr, "otasuke: seed: --organizations wants 1..%d\n", SEED_MAX_ORGS);
                return 2;
            }
        } else if (str_eq(argv[i], "--random-seed") && i + 1 < argc) {
            if (!str_to_i64(argv[++i], 0, INT64_MAX, &seed)) {
                fprintf(stderr, "otasuke: seed: --random-seed wants a number >= 0\n");
                return 2;
            }
        } else if (nrest < 63) {
            rest[nrest++] = argv[i];
        }
    }
    rest[nrest] = NULL;
    if (n < 0) {
        fprintf(stderr, "usage: otasuke seed --organizations N [--random-seed S] "
                        "[--db PATH | --pg CONNINFO]\n");
        return 2;
    }
    struct app_config cfg = {0};
    const char *user = NULL;
    int rc = cmd_app_options(nrest, rest, &cfg, &user);
    if (rc)
        return rc;
    rng_state = seed >= 0 ? (uint64_t)seed : (uint64_t)time(NULL);
    const content_t *ct = content_get();
    if (!ct) {
        fprintf(stderr, "otasuke: %s\n", content_error());
        return 1;
    }
    struct seed_data sd;
    char err[512];
    if (seed_data_load(&sd, err, sizeof err) < 0) {
        fprintf(stderr, "otasuke: %s\n", err);
        json_decref(sd.root);
        return 1;
    }
    db_t *db = db_open(cfg.db_url, 1, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) < 0) {
        fprintf(stderr, "otasuke: %s\n", err);
        db_close(db);
        json_decref(sd.root);
        return 1;
    }
    struct counts cnt = {0};
    double t0 = now_s();
    db_conn_t *c0 = db_conn_get(db);
    int64_t first_org = max_id(c0, "organizations");
    db_conn_put(c0);
    rc = first_org < 0 ? -1 : seed_run(db, ct, &sd, n, &cnt);
    double dt = now_s() - t0;
    struct seed_program_counts pc;
    t0 = now_s();
    if (rc == 0)
        rc = seed_program(db, ct, seed >= 0 ? (uint64_t)seed : rng_state, first_org, &pc);
    double dt_p = now_s() - t0;
    db_close(db);
    json_decref(sd.root);
    if (rc < 0)
        return 1;
    printf("seeded %lld organizations in %.1f s: ★ %lld, ★★ %lld (%lld step-ups), "
           "%lld withdrawn, %lld not SMEs\n",
           (long long)cnt.orgs, dt, (long long)cnt.one, (long long)cnt.two, (long long)cnt.step_up,
           (long long)cnt.withdrawn, (long long)cnt.non_sme);
    printf("seeded program %lld in %.1f s: %lld experts (%lld RISS, %lld ITC), %lld applications, "
           "%lld matches (%lld completed, %lld ended early), %lld visits done\n",
           (long long)pc.program_id, dt_p, (long long)pc.experts, (long long)pc.riss,
           (long long)pc.itc, (long long)pc.applications, (long long)pc.matches,
           (long long)pc.completed, (long long)pc.terminated, (long long)pc.visits);
    return 0;
}
