/* cmd_seed_program.c - `otasuke seed` also fills a guidance program: a program year with the
 * IPA curriculum of 4 visits, the 364 experts of table 2 of seed 001 (prefectures, RISS/ITC,
 * 28 not stated), 400 applications from the organizations just seeded (metro-area firms more
 * likely to apply, as in table 4), matches within every expert's capacity (same prefecture,
 * else same region, else any expert with room: regional SMEs get distant experts, as the
 * report found), and visits whose weeks follow the columns of table 3 (bunching at the end).
 *
 * Everything comes from data/seed_program.json and a splitmix64 stream seeded from
 * --random-seed, so the rows are a pure function of it. Rows go in one transaction with
 * ordinary statements: a few thousand rows.
 */
#include "cmd_seed_program.h"
#include "fileutil.h"
#include "str.h"
#include "timeutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EXPERTS 2000
#define MAX_APPS 5000
#define MAX_WEEKS 60
#define VISITS 4
#define DAY 86400

static uint64_t rs;

static uint64_t rnd(void)
{
    uint64_t z = (rs += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int64_t below(int64_t n)
{
    return n > 0 ? (int64_t)(rnd() % (uint64_t)n) : 0;
}

struct expert {
    int64_t id, user_id;
    int pref; /* 0: not stated */
    int capacity, load, active;
};

struct app {
    int64_t org_id, id;
    int pref;
    const char *status;
};

struct ctx {
    db_conn_t *c;
    const content_t *ct;
    json_t *root;
    int64_t seed_user, pid;
    time_t vfrom, vuntil, afrom, auntil, first_week_end;
    struct expert *ex;
    size_t nex;
    struct app *ap;
    size_t nap;
    int weeks[MAX_WEEKS][VISITS];
    size_t nweeks;
    struct seed_program_counts *cnt;
};

static const char *jstr(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static time_t jdate(json_t *o, const char *k)
{
    time_t t = 0;
    if (!time_parse_iso(jstr(o, k), &t))
        return 0;
    return t;
}

static void iso(char out[TIME_ISO_LEN], time_t t)
{
    time_iso(out, t);
}

static void date10(char out[11], time_t t)
{
    char s[TIME_ISO_LEN];
    time_iso(s, t);
    str_copy(out, 11, s);
}

static const char *pick_str(json_t *arr)
{
    size_t n = json_array_size(arr);
    return n ? json_string_value(json_array_get(arr, (size_t)below((int64_t)n))) : "";
}

static int64_t seed_user(db_conn_t *c)
{
    db_res_t *r = db_query(c, "SELECT id FROM users WHERE email = 'seed@otasuke.invalid'", NULL);
    int64_t id = r && db_res_rows(r) ? db_res_int(r, 0, 0) : -1;
    db_res_free(r);
    return id;
}

static int make_program(struct ctx *x)
{
    json_t *p = json_object_get(x->root, "program");
    char now[TIME_ISO_LEN];
    iso(now, x->afrom - 30 * DAY);
    x->pid = db_insert_id(
        x->c,
        "INSERT INTO programs (year, name, description, capacity, accepted, apply_from, "
        "apply_until, visits_from, visits_until, visit_count, fee_per_visit, created_by, "
        "created_at, min_days_between_visits) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        "ississssiiisi", (int64_t)json_integer_value(json_object_get(p, "year")), jstr(p, "name"),
        jstr(p, "description"), (int64_t)json_integer_value(json_object_get(p, "capacity")),
        jstr(p, "apply_from"), jstr(p, "apply_until"), jstr(p, "visits_from"),
        jstr(p, "visits_until"), (int64_t)VISITS,
        (int64_t)json_integer_value(json_object_get(p, "fee_per_visit")), x->seed_user, now,
        (int64_t)json_integer_value(json_object_get(p, "min_days_between_visits")));
    if (x->pid < 0)
        return -1;
    json_t *cur = json_object_get(x->root, "curriculum");
    for (size_t i = 0; i < json_array_size(cur); i++) {
        json_t *o = json_array_get(cur, i);
        if (db_exec(x->c,
                    "INSERT INTO program_curriculum (program_id, visit_no, title_ja, title_en) "
                    "VALUES (?, ?, ?, ?)",
                    "iiss", x->pid, (int64_t)i + 1, jstr(o, "ja"), jstr(o, "en")) < 0)
            return -1;
    }
    x->cnt->program_id = x->pid;
    return 0;
}

static int pick_capacity(json_t *w)
{
    int64_t total = 0;
    for (size_t i = 0; i < json_array_size(w); i++)
        total += json_integer_value(json_array_get(json_array_get(w, i), 1));
    int64_t v = below(total);
    for (size_t i = 0; i < json_array_size(w); i++) {
        json_t *e = json_array_get(w, i);
        v -= json_integer_value(json_array_get(e, 1));
        if (v < 0)
            return (int)json_integer_value(json_array_get(e, 0));
    }
    return 2;
}

static int make_experts(struct ctx *x)
{
    json_t *e = json_object_get(x->root, "experts");
    json_t *by = json_object_get(e, "by_prefecture");
    json_t *fam = json_object_get(e, "family_names"), *giv = json_object_get(e, "given_names");
    x->ex = calloc(MAX_EXPERTS, sizeof *x->ex);
    if (!x->ex)
        return -1;
    char when[TIME_ISO_LEN];
    for (size_t i = 0; i < json_array_size(by); i++) {
        json_t *row = json_array_get(by, i);
        json_t *pj = json_array_get(row, 0);
        int pref = json_is_integer(pj) ? (int)json_integer_value(pj) : 0;
        for (int q = 0; q < 2; q++) {
            int64_t n = json_integer_value(json_array_get(row, (size_t)q + 1));
            for (int64_t k = 0; k < n && x->nex < MAX_EXPERTS; k++) {
                struct expert *ex = &x->ex[x->nex];
                char name[128], email[128];
                str_fmt(name, sizeof name, "%s %s", pick_str(fam), pick_str(giv));
                str_fmt(email, sizeof email, "expert%zu.p%lld@seed.otasuke.invalid", x->nex + 1,
                        (long long)x->pid);
                iso(when, x->afrom - (time_t)(10 + below(40)) * DAY);
                ex->user_id = db_insert_id(x->c,
                                           "INSERT INTO users (email, password_hash, name, role, "
                                           "lang, disabled, created_at) VALUES (?, '!', ?, "
                                           "'advisor', 'ja', 1, ?) RETURNING id",
                                           "sss", email, name, when);
                if (ex->user_id < 0)
                    return -1;
                ex->pref = pref;
                ex->capacity = pick_capacity(json_object_get(e, "capacity_weights"));
                char reg[32];
                str_fmt(reg, sizeof reg, "%s%06lld", q == 0 ? "RISS-" : "ITC-",
                        (long long)(10000 + below(900000)));
                char decided[TIME_ISO_LEN], pref_s[8];
                iso(decided, x->afrom - (time_t)below(10) * DAY);
                str_fmt(pref_s, sizeof pref_s, "%d", pref);
                ex->id = db_insert_id(
                    x->c,
                    "INSERT INTO experts (user_id, name, qualification, registration_no, "
                    "prefecture, onsite, online, capacity, status, created_at, decided_at, "
                    "decided_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?, 'approved', ?, ?, ?) RETURNING id",
                    "issssiissi", ex->user_id, name, q == 0 ? "riss" : "itc", reg,
                    pref ? pref_s : NULL, (int64_t)(below(10) < 7), (int64_t)ex->capacity, when,
                    decided, x->seed_user);
                if (ex->id < 0)
                    return -1;
                x->nex++;
                x->cnt->experts++;
                if (q == 0)
                    x->cnt->riss++;
                else
                    x->cnt->itc++;
            }
        }
    }
    return 0;
}

/* ---- applications ---- */

static bool is_metro(const content_t *ct, int pref)
{
    return pref >= 1 && pref <= PREFECTURES && ct->prefectures[pref - 1].metro &&
           *ct->prefectures[pref - 1].metro;
}

/* Chooses the applicants among the eligible organizations with id > first_org: a firm
 * outside the metro areas applies with other_percent % of the chance of a metro-area firm
 * (table 4: the metro areas had half of the matches for a third of the companies; the
 * seeded organizations are already that metro-heavy, so the data file says 100). */
static int pick_applicants(struct ctx *x, int64_t first_org, int64_t total, int64_t other_pct)
{
    db_res_t *r = db_query(x->c,
                           "SELECT id, prefecture FROM organizations WHERE id > ? AND "
                           "sme_eligible = 1 ORDER BY id",
                           "i", first_org);
    if (!r)
        return -1;
    size_t n = db_res_rows(r);
    x->ap = calloc(MAX_APPS, sizeof *x->ap);
    unsigned char *taken = calloc(n ? n : 1, 1);
    if (!x->ap || !taken) {
        free(taken);
        db_res_free(r);
        return -1;
    }
    if (total > MAX_APPS)
        total = MAX_APPS;
    if ((int64_t)n < total)
        total = (int64_t)n;
    if (other_pct < 1 || other_pct > 100)
        other_pct = 100;
    int64_t attempts = 0;
    while ((int64_t)x->nap < total) {
        size_t i = (size_t)below((int64_t)n);
        int pref = (int)db_res_int(r, i, 1);
        attempts++;
        if (attempts > 400 * total) {
            /* Few organizations: take the rest in order. */
            for (i = 0; i < n && (int64_t)x->nap < total; i++)
                if (!taken[i]) {
                    taken[i] = 1;
                    x->ap[x->nap++] = (struct app){.org_id = db_res_int(r, i, 0),
                                                   .pref = (int)db_res_int(r, i, 1)};
                }
            break;
        }
        if (taken[i] || (!is_metro(x->ct, pref) && below(100) >= other_pct))
            continue;
        taken[i] = 1;
        x->ap[x->nap++] = (struct app){.org_id = db_res_int(r, i, 0), .pref = pref};
    }
    free(taken);
    db_res_free(r);
    return 0;
}

/* Statuses by the counts of the data file, in random order; the rest complete. */
static void assign_statuses(struct ctx *x)
{
    json_t *a = json_object_get(x->root, "applications");
    static const struct {
        const char *key, *status;
    } kinds[] = {{"rejected", "rejected"},     {"withdrawn", "withdrawn"},
                 {"waitlisted", "waitlisted"}, {"accepted_unmatched", "accepted"},
                 {"in_progress", "matched"},   {"terminated", "terminated"}};
    for (size_t i = 0; i < x->nap; i++)
        x->ap[i].status = "completed";
    size_t k = 0;
    for (size_t t = 0; t < sizeof kinds / sizeof kinds[0]; t++) {
        int64_t n = json_integer_value(json_object_get(a, kinds[t].key));
        for (int64_t j = 0; j < n && k < x->nap; j++)
            x->ap[k++].status = kinds[t].status;
    }
    for (size_t i = x->nap; i > 1; i--) { /* Fisher-Yates */
        size_t j = (size_t)below((int64_t)i);
        const char *tmp = x->ap[i - 1].status;
        x->ap[i - 1].status = x->ap[j].status;
        x->ap[j].status = tmp;
    }
}

/* ---- matching and visits ---- */

static bool same_region(const content_t *ct, int a, int b)
{
    if (a < 1 || b < 1 || a > PREFECTURES || b > PREFECTURES)
        return false;
    return str_eq(ct->prefectures[a - 1].region.en, ct->prefectures[b - 1].region.en);
}

/* An expert with room: same prefecture, else same region, else any (online). -1: none. */
static int pick_expert(struct ctx *x, int pref)
{
    for (int pass = 0; pass < 3; pass++) {
        size_t n = 0;
        for (size_t i = 0; i < x->nex; i++) {
            const struct expert *e = &x->ex[i];
            bool ok =
                e->load < e->capacity &&
                (pass == 2 || (pass == 0 ? e->pref == pref : same_region(x->ct, e->pref, pref)));
            n += ok;
        }
        if (n == 0)
            continue;
        size_t k = (size_t)below((int64_t)n);
        for (size_t i = 0; i < x->nex; i++) {
            const struct expert *e = &x->ex[i];
            bool ok =
                e->load < e->capacity &&
                (pass == 2 || (pass == 0 ? e->pref == pref : same_region(x->ct, e->pref, pref)));
            if (ok && k-- == 0)
                return (int)i;
        }
    }
    return -1;
}

/* A day for visit no (0-based) after prev (0: none): a week drawn from the visit's column of
 * table 3 among the weeks that end at least min_gap days after prev. */
static time_t visit_day(struct ctx *x, int no, time_t prev, int64_t min_gap)
{
    time_t earliest = prev ? prev + (time_t)min_gap * DAY : x->vfrom;
    int64_t total = 0;
    for (size_t w = 0; w < x->nweeks; w++)
        if (x->first_week_end + (time_t)(7 * w) * DAY >= earliest)
            total += x->weeks[w][no];
    time_t day;
    if (total == 0) {
        day = earliest + (time_t)below(4) * DAY;
    } else {
        int64_t v = below(total);
        size_t w = 0;
        for (; w < x->nweeks; w++) {
            if (x->first_week_end + (time_t)(7 * w) * DAY < earliest)
                continue;
            v -= x->weeks[w][no];
            if (v < 0)
                break;
        }
        time_t end = x->first_week_end + (time_t)(7 * w) * DAY;
        day = end - (time_t)below(7) * DAY;
        if (day < earliest)
            day = earliest + (time_t)below(end - earliest + DAY) / DAY * DAY;
    }
    if (day < x->vfrom)
        day = x->vfrom;
    if (day > x->vuntil)
        day = x->vuntil > prev ? x->vuntil : prev;
    return day;
}

static int add_visit(struct ctx *x, int64_t match, int no, const char *status, time_t day,
                     json_t *sums)
{
    char d[11], planned[32], conf[TIME_ISO_LEN], rep[TIME_ISO_LEN], items[4];
    date10(d, day);
    str_fmt(planned, sizeof planned, "%sT%02d:00", d, (int)(9 + below(8)));
    iso(conf, day - (time_t)(3 + below(10)) * DAY);
    iso(rep, day + (time_t)(1 + below(3)) * DAY);
    str_fmt(items, sizeof items, "%d", no);
    json_t *v = json_object_get(x->root, "visits");
    json_t *mrange = json_object_get(v, "minutes");
    int64_t lo = json_integer_value(json_array_get(mrange, 0)),
            hi = json_integer_value(json_array_get(mrange, 1));
    bool done = str_eq(status, "done");
    bool online = below(100) < json_integer_value(json_object_get(v, "online_percent"));
    char mins[16];
    str_fmt(mins, sizeof mins, "%lld", (long long)(lo + below((hi - lo) / 30 + 1) * 30));
    if (db_exec(x->c,
                "INSERT INTO visits (match_id, visit_no, status, planned_at, mode, done_on, "
                "minutes, summary, items, confirmed_at, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?)",
                "iisssssssss", match, (int64_t)no, status, planned, online ? "online" : "onsite",
                done ? d : NULL, done ? mins : NULL,
                done ? json_string_value(json_array_get(sums, (size_t)no - 1)) : "",
                done ? items : "", conf, done ? rep : NULL) < 0)
        return -1;
    x->cnt->visits += done;
    return 0;
}

static int make_applications(struct ctx *x)
{
    json_t *a = json_object_get(x->root, "applications");
    json_t *sums = json_object_get(json_object_get(x->root, "visits"), "summaries");
    int64_t gap = json_integer_value(
        json_object_get(json_object_get(x->root, "program"), "min_days_between_visits"));
    int64_t accepted = 0;
    for (size_t i = 0; i < x->nap; i++) {
        struct app *ap = &x->ap[i];
        bool chain = str_eq(ap->status, "completed") || str_eq(ap->status, "matched") ||
                     str_eq(ap->status, "terminated");
        int ei = chain ? pick_expert(x, ap->pref) : -1;
        if (chain && ei < 0)
            ap->status = "accepted"; /* no expert has room: waits for one */
        chain = ei >= 0;
        /* Dates backwards from the first visit, inside the application window. */
        time_t v1 = visit_day(x, 0, 0, gap);
        time_t confirmed = v1 - (time_t)(3 + below(12)) * DAY;
        time_t chosen = confirmed - (time_t)(1 + below(3)) * DAY;
        time_t decided = chosen - (time_t)(1 + below(7)) * DAY;
        if (!chain)
            decided = x->afrom + (time_t)below((x->auntil - x->afrom) / DAY + 1) * DAY;
        if (decided > x->auntil)
            decided = x->auntil;
        time_t created = decided - (time_t)(1 + below(10)) * DAY;
        if (created < x->afrom)
            created = x->afrom + (time_t)below(3600);
        if (decided < created)
            decided = created + 3600;
        char c_s[TIME_ISO_LEN], d_s[TIME_ISO_LEN];
        iso(c_s, created + (time_t)below(DAY));
        iso(d_s, decided + (time_t)below(DAY));
        bool rejected = str_eq(ap->status, "rejected");
        const char *reason = rejected ? pick_str(json_object_get(a, "reject_reasons")) : "";
        json_t *elig = rejected ? json_pack("{sb s[s]}", "eligible", 0, "reasons", reason)
                                : json_pack("{sb s[]}", "eligible", 1, "reasons");
        char *elig_s = json_dumps(elig, JSON_COMPACT);
        json_decref(elig);
        char by_s[24];
        str_fmt(by_s, sizeof by_s, "%lld", (long long)x->seed_user);
        bool decided_any = !str_eq(ap->status, "submitted") && !str_eq(ap->status, "withdrawn");
        ap->id = db_insert_id(x->c,
                              "INSERT INTO program_applications (program_id, org_id, applied_by, "
                              "status, eligibility, reason, created_at, decided_at, decided_by) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                              "iiissssss", x->pid, ap->org_id, x->seed_user, ap->status,
                              elig_s ? elig_s : "{}", reason, c_s, decided_any ? d_s : NULL,
                              decided_any ? by_s : NULL);
        free(elig_s);
        if (ap->id < 0)
            return -1;
        x->cnt->applications++;
        accepted += str_eq(ap->status, "accepted") || chain;
        if (!chain)
            continue;
        struct expert *ex = &x->ex[ei];
        ex->load++;
        int done = str_eq(ap->status, "completed") ? VISITS
                   : str_eq(ap->status, "matched") ? 2 + (int)below(2)
                                                   : 1 + (int)below(2);
        time_t days[VISITS];
        days[0] = v1;
        for (int k = 1; k < VISITS; k++)
            days[k] = visit_day(x, k, days[k - 1], gap);
        const char *mstatus = str_eq(ap->status, "completed") ? "completed"
                              : str_eq(ap->status, "matched") ? "confirmed"
                                                              : "terminated";
        char ch_s[TIME_ISO_LEN], cf_s[TIME_ISO_LEN], end_s[TIME_ISO_LEN];
        iso(ch_s, chosen + (time_t)below(DAY));
        iso(cf_s, confirmed + (time_t)below(DAY));
        iso(end_s, days[done - 1] + (time_t)(1 + below(14)) * DAY);
        bool ended = !str_eq(mstatus, "confirmed");
        const char *why = str_eq(mstatus, "terminated")
                              ? pick_str(json_object_get(a, "termination_reasons"))
                              : "";
        int64_t mid =
            db_insert_id(x->c,
                         "INSERT INTO matches (application_id, expert_id, status, "
                         "chosen_at, confirmed_at, ended_at, end_reason) VALUES (?, ?, "
                         "?, ?, ?, ?, ?) RETURNING id",
                         "iisssss", ap->id, ex->id, mstatus, ch_s, cf_s, ended ? end_s : NULL, why);
        if (mid < 0)
            return -1;
        x->cnt->matches++;
        x->cnt->completed += str_eq(mstatus, "completed");
        x->cnt->terminated += str_eq(mstatus, "terminated");
        if (str_eq(mstatus, "confirmed"))
            ex->active++;
        if (!str_eq(mstatus, "terminated") &&
            db_exec(x->c,
                    "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES (?, ?, "
                    "'advisor', ?)",
                    "iis", ex->user_id, ap->org_id, cf_s) < 0)
            return -1;
        for (int k = 0; k < done; k++)
            if (add_visit(x, mid, k + 1, "done", days[k], sums) < 0)
                return -1;
        /* In progress: the next visit is confirmed for a day that has passed (overdue). */
        if (str_eq(mstatus, "confirmed") &&
            add_visit(x, mid, done + 1, "confirmed", days[done], sums) < 0)
            return -1;
    }
    for (size_t i = 0; i < x->nex; i++)
        if (x->ex[i].active > 0 && db_exec(x->c, "UPDATE experts SET active = ? WHERE id = ?", "ii",
                                           (int64_t)x->ex[i].active, x->ex[i].id) < 0)
            return -1;
    return db_exec(x->c, "UPDATE programs SET accepted = ? WHERE id = ?", "ii", accepted, x->pid) <
                   0
               ? -1
               : 0;
}

static int load_weeks(struct ctx *x)
{
    json_t *v = json_object_get(x->root, "visits");
    x->first_week_end = jdate(v, "first_week_end");
    json_t *w = json_object_get(v, "weekly");
    for (size_t i = 0; i < json_array_size(w) && x->nweeks < MAX_WEEKS; i++) {
        json_t *row = json_array_get(w, i);
        for (int k = 0; k < VISITS; k++)
            x->weeks[x->nweeks][k] = (int)json_integer_value(json_array_get(row, (size_t)k));
        x->nweeks++;
    }
    return x->first_week_end > 0 && x->nweeks > 0 ? 0 : -1;
}

int seed_program(db_t *db, const content_t *ct, uint64_t random_seed, int64_t first_org,
                 struct seed_program_counts *out)
{
    memset(out, 0, sizeof *out);
    /* Its own stream: adding program rows does not change the organizations of a seed. */
    rs = random_seed ^ 0x5eed9a0ce55ULL;
    struct ctx x = {.ct = ct, .cnt = out};
    char path[1024];
    json_error_t je = {.text = "path too long"};
    if (!share_path(path, sizeof path, "data/seed_program.json") ||
        !(x.root = json_load_file(path, 0, &je))) {
        fprintf(stderr, "otasuke: seed: data/seed_program.json: %s\n", je.text);
        return -1;
    }
    json_t *p = json_object_get(x.root, "program");
    x.afrom = jdate(p, "apply_from");
    x.auntil = jdate(p, "apply_until");
    x.vfrom = jdate(p, "visits_from");
    x.vuntil = jdate(p, "visits_until");
    int rc = -1;
    bool in_tx = false;
    x.c = db_conn_get(db);
    if (!x.afrom || !x.auntil || !x.vfrom || !x.vuntil || load_weeks(&x) < 0) {
        fprintf(stderr, "otasuke: seed: data/seed_program.json: bad dates or weeks\n");
        goto out;
    }
    if ((x.seed_user = seed_user(x.c)) < 0 || db_begin(x.c) < 0)
        goto db_fail;
    in_tx = true;
    json_t *a = json_object_get(x.root, "applications");
    if (make_program(&x) < 0 || make_experts(&x) < 0 ||
        pick_applicants(&x, first_org, json_integer_value(json_object_get(a, "total")),
                        json_integer_value(json_object_get(a, "other_apply_percent"))) < 0)
        goto db_fail;
    assign_statuses(&x);
    if (make_applications(&x) < 0 || db_commit(x.c) < 0)
        goto db_fail;
    in_tx = false;
    rc = 0;
    goto out;
db_fail:
    fprintf(stderr, "otasuke: seed: program: %s\n", db_errmsg(x.c));
    if (in_tx)
        db_rollback(x.c);
out:
    db_conn_put(x.c);
    free(x.ex);
    free(x.ap);
    json_decref(x.root);
    return rc;
}
