/* cmd_demo.c - `otasuke demo-data`: demo accounts of each role with realistic workspaces. */
#include "cmd_demo.h"
#include "cmd_demo_program.h"
#include "cmd_serve.h"
#include "diagnosis.h"
#include "policy.h"
#include "session.h"
#include "sme.h"
#include "str.h"
#include "timeutil.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct demo_org {
    const char *name, *org_type, *industry, *rep, *website;
    int64_t capital, employees;
    int prefecture;
    int level; /* 0 none, 1 ★, 2 ★★ */
};

static const struct demo_org orgs[] = {
    {"株式会社やまだ工務店", "company", "construction", "代表取締役 山田 一郎",
     "https://yamada-koumuten.example.jp", 10000000, 12, 11, 1},
    {"有限会社さくら印刷", "company", "manufacturing", "代表取締役 佐藤 花子",
     "https://sakura-print.example.jp", 3000000, 25, 27, 2},
};

/* Three demo declarers per listed prefecture make the public search worth trying. */
static const struct {
    const char *name;
    int prefecture, level;
} declarers[] = {
    {"株式会社みなと商事", 13, 1},  {"株式会社ひかり電機", 13, 2},  {"合同会社あおば設計", 4, 1},
    {"株式会社ふじ精工", 22, 1},    {"株式会社なごや運輸", 23, 2},  {"株式会社きょうと染工", 26, 1},
    {"株式会社はかた食品", 40, 1},  {"株式会社さっぽろ建設", 1, 1}, {"株式会社ひろしま鉄工", 34, 2},
    {"株式会社せんだい印刷", 4, 1}, {"株式会社ちば農産", 12, 1},    {"株式会社よこはま技研", 14, 1},
};

struct account {
    const char *email, *password, *name, *role, *what;
};

static const struct account accounts[] = {
    {"sme1@demo.otasuke.jp", "demo-sme1-pass", "山田 一郎", "sme", "SME at ★ (やまだ工務店)"},
    {"sme2@demo.otasuke.jp", "demo-sme2-pass", "佐藤 花子", "sme", "SME at ★★ (さくら印刷)"},
    {"advisor@demo.otasuke.jp", "demo-advisor-pass", "鈴木 支援", "advisor",
     "advisor invited by both SMEs"},
    {"operator@demo.otasuke.jp", "demo-operator-pass", "高橋 事務局", "operator",
     "operator (secretariat, runs the demo guidance program)"},
    {"expert@demo.otasuke.jp", "demo-expert-pass", "伊藤 誠", "advisor",
     "expert (RISS) guiding four companies in the guidance program"},
};
#define NACCOUNTS (sizeof accounts / sizeof accounts[0])

static int64_t add_user(db_conn_t *c, const struct account *a, const char *now)
{
    char hash[128];
    if (password_hash(a->password, hash) < 0)
        return -1;
    return db_insert_id(c,
                        "INSERT INTO users (email, password_hash, name, role, lang, created_at) "
                        "VALUES (?, ?, ?, ?, 'ja', ?) RETURNING id",
                        "sssss", a->email, hash, a->name, a->role, now);
}

static void public_id(char out[16])
{
    out[0] = 'S';
    out[1] = 'A';
    for (int i = 0; i < 10; i++)
        out[2 + i] = (char)('0' + randombytes_uniform(10));
    out[12] = '\0';
}

static int64_t add_org(db_conn_t *c, const content_t *ct, const char *name, const char *type,
                       const char *industry, int64_t capital, int64_t employees, int pref,
                       const char *rep, const char *web, const char *now)
{
    sme_input_t in = {.org_type = type,
                      .industry = industry,
                      .has_capital = true,
                      .capital = capital,
                      .employees = employees};
    sme_result_t r;
    if (sme_check(ct, &in, &r) != SME_OK)
        return -1;
    return db_insert_id(c,
                        "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                        "prefecture, website, representative, sme_eligible, sme_rule, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        "sssiiissbis", name, type, industry, capital, employees, (int64_t)pref, web,
                        rep, r.eligible, (int64_t)r.rule, now);
}

/* A completed diagnosis with mostly good answers; returns its id. */
static int64_t add_diagnosis(db_conn_t *c, const content_t *ct, int64_t org, int64_t user,
                             const char *now, int weak_every)
{
    diag_answers_t ans;
    for (int i = 1; i <= DIAG_ITEMS; i++)
        ans.a[i] = (i % weak_every == 0) ? ANS_PARTLY : (i == 23 ? ANS_UNKNOWN : ANS_DONE);
    diag_result_t res;
    if (diag_score(ct, &ans, &res, NULL) != DIAG_OK)
        return -1;
    int64_t id = db_insert_id(
        c,
        "INSERT INTO diagnoses (org_id, status, started_at, completed_at, total, score_basic, "
        "score_employee, score_organization, band, created_by) VALUES (?, 'completed', ?, ?, ?, "
        "?, ?, ?, ?, ?) RETURNING id",
        "issiiiisi", org, now, now, (int64_t)res.total, (int64_t)res.parts[0],
        (int64_t)res.parts[1], (int64_t)res.parts[2], res.band->key, user);
    for (int i = 1; id > 0 && i <= DIAG_ITEMS; i++)
        if (db_exec(c,
                    "INSERT INTO diagnosis_answers (diagnosis_id, item, answer) VALUES (?, ?, ?)",
                    "iis", id, (int64_t)i, diag_answer_key(ans.a[i])) != 1)
            return -1;
    return id;
}

static int64_t add_policy(db_conn_t *c, const content_t *ct, int64_t org, int64_t user,
                          const char *name, const char *rep, const char *now)
{
    char date[11];
    str_copy(date, sizeof date, now);
    policy_vars_t v = {.org_name = name, .representative = rep, .date = date};
    buf_t body;
    buf_init(&body);
    policy_render_text(ct, &v, "ja", &body);
    int64_t id =
        db_insert_id(c,
                     "INSERT INTO policies (org_id, version, status, lang, title, body, "
                     "created_at, updated_at, published_at, created_by) VALUES (?, 1, "
                     "'published', 'ja', ?, ?, ?, ?, ?, ?) RETURNING id",
                     "isssssi", org, ct->policy_title.ja, buf_cstr(&body), now, now, now, user);
    buf_free(&body);
    return id;
}

static int add_declaration(db_conn_t *c, int64_t org, int level, int64_t user, const char *now,
                           int64_t diag, int64_t policy)
{
    char pid[16];
    public_id(pid);
    if (db_exec(c,
                "INSERT INTO declarations (public_id, org_id, level, step_up, status, declared_at, "
                "declared_by, pledge, diagnosis_id, policy_id) VALUES (?, ?, 1, 0, ?, ?, ?, "
                "'1,2,3,4,5', NULL, NULL)",
                "sissi", pid, org, level == 1 ? "active" : "superseded", now, user) != 1)
        return -1;
    if (level == 2 &&
        db_exec(c,
                "INSERT INTO declarations (public_id, org_id, level, step_up, status, declared_at, "
                "declared_by, pledge, diagnosis_id, policy_id) VALUES (?, ?, 2, 1, 'active', ?, "
                "?, '1,2,3,4,5', ?, ?)",
                "sisiii", pid, org, now, user, diag, policy) != 1)
        return -1;
    return 0;
}

static int fill(db_conn_t *c, const content_t *ct)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    int64_t uid[NACCOUNTS];
    for (size_t i = 0; i < NACCOUNTS; i++)
        if ((uid[i] = add_user(c, &accounts[i], now)) < 0)
            return -1;
    for (size_t i = 0; i < 2; i++) {
        const struct demo_org *o = &orgs[i];
        int64_t org = add_org(c, ct, o->name, o->org_type, o->industry, o->capital, o->employees,
                              o->prefecture, o->rep, o->website, now);
        if (org < 0 ||
            db_exec(c,
                    "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES (?, ?, "
                    "'member', ?)",
                    "iis", uid[i], org, now) != 1 ||
            db_exec(c,
                    "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES (?, ?, "
                    "'advisor', ?)",
                    "iis", uid[2], org, now) != 1)
            return -1;
        int64_t diag = -1, pol = -1;
        if (o->level == 2) {
            diag = add_diagnosis(c, ct, org, uid[i], now, 6);
            pol = add_policy(c, ct, org, uid[i], o->name, o->rep, now);
            if (diag < 0 || pol < 0)
                return -1;
        }
        if (add_declaration(c, org, o->level, uid[i], now, diag, pol) < 0)
            return -1;
    }
    int64_t decl_orgs[sizeof declarers / sizeof declarers[0]];
    for (size_t i = 0; i < sizeof declarers / sizeof declarers[0]; i++) {
        int64_t org = decl_orgs[i] =
            add_org(c, ct, declarers[i].name, "company", "manufacturing", 20000000, 30,
                    declarers[i].prefecture, "代表取締役", "", now);
        int64_t diag = -1, pol = -1;
        if (org > 0 && declarers[i].level == 2) {
            diag = add_diagnosis(c, ct, org, uid[3], now, 4);
            pol = add_policy(c, ct, org, uid[3], declarers[i].name, "代表取締役", now);
        }
        if (org < 0 || add_declaration(c, org, declarers[i].level, uid[3], now, diag, pol) < 0)
            return -1;
    }
    /* The guidance program: ★ declarers without a policy are the ones that apply. */
    int64_t applicants[6];
    size_t n = 0;
    for (size_t i = 0; i < sizeof declarers / sizeof declarers[0] && n < 6; i++)
        if (declarers[i].level == 1)
            applicants[n++] = decl_orgs[i];
    return demo_program(c, uid[3], uid[4], applicants, n, now);
}

int cmd_demo_data(int argc, char **argv)
{
    struct app_config cfg = {0};
    const char *user = NULL;
    int rc = cmd_app_options(argc, argv, &cfg, &user);
    if (rc)
        return rc;
    const content_t *ct = content_get();
    if (!ct) {
        fprintf(stderr, "otasuke: %s\n", content_error());
        return 1;
    }
    char err[512];
    db_t *db = db_open(cfg.db_url, 1, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err) < 0) {
        fprintf(stderr, "otasuke: %s\n", err);
        db_close(db);
        return 1;
    }
    db_conn_t *c = db_conn_get(db);
    db_res_t *r = db_query(c, "SELECT COUNT(*) FROM users WHERE email = ?", "s", accounts[0].email);
    bool present = r && db_res_int(r, 0, 0) > 0;
    db_res_free(r);
    rc = 0;
    if (!present) {
        if (db_begin(c) < 0 || fill(c, ct) < 0 || db_commit(c) < 0) {
            fprintf(stderr, "otasuke: demo data: %s\n", db_errmsg(c));
            db_rollback(c);
            rc = 1;
        }
    }
    db_conn_put(c);
    db_close(db);
    if (rc)
        return rc;
    printf("Demo accounts (log in at %s/login):\n", cfg.base_url);
    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++)
        printf("  %-10s %-28s password: %-20s %s\n", accounts[i].role, accounts[i].email,
               accounts[i].password, accounts[i].what);
    return 0;
}
