/* program_core.c - guidance programs: load, validate, save, eligibility facts, applying,
 * deciding and withdrawing applications (shared by pages_program*.c and api_program*.c). */
#include "program_core.h"

#include "content.h"
#include "fileutil.h"
#include "form.h"
#include "log.h"
#include "mailer.h"
#include "sme.h"
#include "str.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NAME_MAX_CHARS 200
#define DESC_MAX_CHARS 4000
#define TITLE_MAX_CHARS 200
#define MESSAGE_MAX_CHARS 2000
#define REASON_MAX_CHARS 1000
#define CAPACITY_MAX 100000
#define FEE_MAX 10000000

const char *const PROG_FIELDS[] = {
    "year",          "name",        "description",         "capacity",    "apply_from",
    "apply_until",   "visits_from", "visits_until",        "visit_count", "title_ja_1",
    "fee_per_visit", "min_stars",   "excluded_program_id", NULL};

void prog_jst_date(const char *iso, char out[11])
{
    time_t t;
    out[0] = '\0';
    if (iso && time_parse_iso(iso, &t))
        time_jst_date(out, t, 0);
}

#define PROG_COLS                                                                                  \
    "SELECT p.id, p.year, p.name, p.description, p.capacity, p.accepted, p.apply_from, "           \
    "p.apply_until, p.visits_from, p.visits_until, p.visit_count, p.fee_per_visit, "               \
    "p.require_sme, p.min_stars, p.require_no_policy, p.excluded_program_id, "                     \
    "(SELECT e.name FROM programs e WHERE e.id = p.excluded_program_id) FROM programs p"

json_t *prog_get(db_conn_t *db, int64_t id, const char *lang)
{
    if (id <= 0)
        return NULL;
    db_res_t *r = db_query(db, PROG_COLS " WHERE p.id = ?", "i", id);
    if (!r || db_res_rows(r) != 1) {
        db_res_free(r);
        return NULL;
    }
    char today[11];
    time_jst_date(today, time(NULL), 0);
    int64_t cap = db_res_int(r, 0, 4), acc = db_res_int(r, 0, 5);
    const char *from = db_res_text(r, 0, 6), *until = db_res_text(r, 0, 7);
    const char *phase = strcmp(today, from) < 0     ? "upcoming"
                        : strcmp(today, until) <= 0 ? "open"
                                                    : "closed";
    json_t *p = json_pack(
        "{s:I,s:I,s:s,s:s,s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:b,s:I,s:b,s:o,s:s,s:s,s:b}", "id",
        (json_int_t)db_res_int(r, 0, 0), "year", (json_int_t)db_res_int(r, 0, 1), "name",
        db_res_text(r, 0, 2), "description", db_res_text(r, 0, 3), "capacity", (json_int_t)cap,
        "accepted", (json_int_t)acc, "places_left", (json_int_t)(acc < cap ? cap - acc : 0),
        "apply_from", from, "apply_until", until, "visits_from", db_res_text(r, 0, 8),
        "visits_until", db_res_text(r, 0, 9), "visit_count", (json_int_t)db_res_int(r, 0, 10),
        "fee_per_visit", (json_int_t)db_res_int(r, 0, 11), "require_sme", db_res_int(r, 0, 12) != 0,
        "min_stars", (json_int_t)db_res_int(r, 0, 13), "require_no_policy",
        db_res_int(r, 0, 14) != 0, "excluded_program_id",
        db_res_isnull(r, 0, 15) ? json_null() : json_integer((json_int_t)db_res_int(r, 0, 15)),
        "excluded_program_name", db_res_text(r, 0, 16), "phase", phase, "full", acc >= cap);
    db_res_free(r);
    r = db_query(db,
                 "SELECT visit_no, title_ja, title_en FROM program_curriculum WHERE program_id = "
                 "? ORDER BY visit_no",
                 "i", id);
    json_t *cur = json_array();
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        const char *ja = db_res_text(r, i, 1), *en = db_res_text(r, i, 2);
        json_array_append_new(cur, json_pack("{s:I,s:s,s:s,s:s}", "no",
                                             (json_int_t)db_res_int(r, i, 0), "title_ja", ja,
                                             "title_en", en, "title", lang_is_en(lang) ? en : ja));
    }
    db_res_free(r);
    json_object_set_new(p, "curriculum", cur);
    return p;
}

static int64_t jint(const json_t *o, const char *k)
{
    return (int64_t)json_integer_value(json_object_get(o, k));
}

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

void prog_rules_from(const json_t *p, prog_rules_t *out)
{
    *out = (prog_rules_t){
        .require_sme = json_is_true(json_object_get(p, "require_sme")),
        .min_stars = (int)jint(p, "min_stars"),
        .require_no_policy = json_is_true(json_object_get(p, "require_no_policy")),
        .has_excluded_program = json_is_integer(json_object_get(p, "excluded_program_id")),
        .apply_from = jstr(p, "apply_from"),
        .apply_until = jstr(p, "apply_until"),
        .capacity = (long)jint(p, "capacity"),
        .accepted = (long)jint(p, "accepted"),
    };
}

/* ---- validation ---- */

static bool text_ok(struct req *rq, json_t *errors, const char *field, const char *s, size_t min,
                    size_t max)
{
    const char *m = check_text(s, min, max);
    if (*m)
        form_error(rq, errors, field, m);
    return !*m;
}

static bool int_ok(struct req *rq, json_t *errors, const char *field, const char *s, int64_t min,
                   int64_t max, const char *msgid, int64_t *out)
{
    char buf[32];
    str_copy(buf, sizeof buf, s);
    str_trim(buf);
    if (!str_to_i64(buf, min, max, out)) {
        form_error(rq, errors, field, msgid);
        return false;
    }
    return true;
}

static bool date_ok(struct req *rq, json_t *errors, const char *field, const char *s)
{
    if (!time_valid_date(s)) {
        form_error(rq, errors, field, N_("Please enter a date as YYYY-MM-DD."));
        return false;
    }
    return true;
}

static bool flag(const char *s)
{
    return str_eq(s, "1") || str_eq(s, "on") || str_eq(s, "yes") || str_eq(s, "true");
}

bool prog_check(struct req *rq, const prog_form_t *f, int64_t self_id, json_t *errors,
                prog_checked_t *out)
{
    memset(out, 0, sizeof *out);
    int_ok(rq, errors, "year", f->year, 2000, 2100,
           N_("Please enter the program year, for example 2026."), &out->year);
    text_ok(rq, errors, "name", f->name, 1, NAME_MAX_CHARS);
    text_ok(rq, errors, "description", f->description, 0, DESC_MAX_CHARS);
    int_ok(rq, errors, "capacity", f->capacity, 1, CAPACITY_MAX,
           N_("Please enter how many companies can take part: a whole number of 1 or more."),
           &out->capacity);
    bool d1 = date_ok(rq, errors, "apply_from", f->apply_from);
    bool d2 = date_ok(rq, errors, "apply_until", f->apply_until);
    bool d3 = date_ok(rq, errors, "visits_from", f->visits_from);
    bool d4 = date_ok(rq, errors, "visits_until", f->visits_until);
    if (d1 && d2 && strcmp(f->apply_from, f->apply_until) > 0)
        form_error(rq, errors, "apply_until",
                   N_("The application window must end on or after the day it opens."));
    if (d3 && d4 && strcmp(f->visits_from, f->visits_until) > 0)
        form_error(rq, errors, "visits_until",
                   N_("The visit period must end on or after the day it starts."));
    if (d1 && d3 && strcmp(f->visits_from, f->apply_from) < 0)
        form_error(rq, errors, "visits_from",
                   N_("Visits cannot start before the application window opens."));
    if (d2 && d4 && strcmp(f->visits_until, f->apply_until) < 0)
        form_error(rq, errors, "visits_until",
                   N_("The visit period must not end before the application window closes."));
    bool vc = int_ok(rq, errors, "visit_count", f->visit_count, 1, PROG_MAX_VISITS,
                     N_("Please enter the number of visits: 1 to 12."), &out->visit_count);
    if (vc) {
        for (int i = 0; i < out->visit_count; i++) {
            char k[32];
            str_fmt(k, sizeof k, "title_ja_%d", i + 1);
            text_ok(rq, errors, k, f->title_ja[i], 1, TITLE_MAX_CHARS);
            str_fmt(k, sizeof k, "title_en_%d", i + 1);
            text_ok(rq, errors, k, f->title_en[i], 1, TITLE_MAX_CHARS);
        }
    }
    int_ok(rq, errors, "fee_per_visit", f->fee_per_visit, 0, FEE_MAX,
           N_("Please enter the fee per visit in yen: a whole number from 0 to 10,000,000."),
           &out->fee);
    int_ok(rq, errors, "min_stars", f->min_stars, 0, 2,
           N_("Please choose the SECURITY ACTION level the program asks for."), &out->min_stars);
    out->require_sme = flag(f->require_sme);
    out->require_no_policy = flag(f->require_no_policy);
    out->excluded = 0;
    if (*f->excluded_program_id) {
        int64_t ex = 0;
        bool ok = str_to_i64(f->excluded_program_id, 1, INT64_MAX, &ex) && ex != self_id;
        if (ok) {
            db_res_t *r = db_query(rq->db, "SELECT 1 FROM programs WHERE id = ?", "i", ex);
            ok = r && db_res_rows(r) == 1;
            db_res_free(r);
        }
        if (ok)
            out->excluded = ex;
        else
            form_error(rq, errors, "excluded_program_id",
                       N_("Please choose an earlier program from the list."));
    }
    return json_object_size(errors) == 0;
}

int64_t prog_save(struct req *rq, int64_t id, const prog_form_t *f, const prog_checked_t *c)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (db_begin(rq->db) != 0)
        return -1;
    const char *ex_s = NULL;
    char ex[24];
    if (c->excluded > 0) {
        str_fmt(ex, sizeof ex, "%lld", (long long)c->excluded);
        ex_s = ex;
    }
    int64_t result = -1;
    if (id == 0) {
        id = db_insert_id(rq->db,
                          "INSERT INTO programs (year, name, description, capacity, apply_from, "
                          "apply_until, visits_from, visits_until, visit_count, fee_per_visit, "
                          "require_sme, min_stars, require_no_policy, excluded_program_id, "
                          "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                          "CAST(? AS BIGINT), ?, ?) RETURNING id",
                          "ississssiibibsis", c->year, f->name, f->description, c->capacity,
                          f->apply_from, f->apply_until, f->visits_from, f->visits_until,
                          c->visit_count, c->fee, c->require_sme, c->min_stars,
                          c->require_no_policy, ex_s, rq->user.id, now);
        if (id <= 0)
            goto fail;
    } else {
        /* The capacity may not drop below the places already given (the guard of the
         * accept UPDATE would otherwise never let accepted reach it again). */
        int64_t n = db_exec(rq->db,
                            "UPDATE programs SET year = ?, name = ?, description = ?, capacity = "
                            "?, apply_from = ?, apply_until = ?, visits_from = ?, visits_until = "
                            "?, visit_count = ?, fee_per_visit = ?, require_sme = ?, min_stars = "
                            "?, require_no_policy = ?, excluded_program_id = CAST(? AS BIGINT) "
                            "WHERE id = ? AND accepted <= ?",
                            "ississssiibibsii", c->year, f->name, f->description, c->capacity,
                            f->apply_from, f->apply_until, f->visits_from, f->visits_until,
                            c->visit_count, c->fee, c->require_sme, c->min_stars,
                            c->require_no_policy, ex_s, id, c->capacity);
        if (n == 0) {
            result = -2;
            goto fail;
        }
        if (n != 1 ||
            db_exec(rq->db, "DELETE FROM program_curriculum WHERE program_id = ?", "i", id) < 0)
            goto fail;
    }
    for (int i = 0; i < c->visit_count; i++) {
        char ja[1024], en[1024];
        str_copy(ja, sizeof ja, f->title_ja[i]);
        str_copy(en, sizeof en, f->title_en[i]);
        str_trim(ja);
        str_trim(en);
        if (db_exec(rq->db,
                    "INSERT INTO program_curriculum (program_id, visit_no, title_ja, title_en) "
                    "VALUES (?, ?, ?, ?)",
                    "iiss", id, (int64_t)(i + 1), ja, en) != 1)
            goto fail;
    }
    if (db_commit(rq->db) != 0)
        goto fail;
    return id;
fail:
    if (result == -1)
        log_error("program save: %s", db_errmsg(rq->db));
    db_rollback(rq->db);
    return result;
}

json_t *prog_default_curriculum(void)
{
    char path[1024];
    json_t *out = json_array();
    if (!share_path(path, sizeof path, "data/program_curriculum.json"))
        return out;
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    json_t *v;
    size_t i;
    json_array_foreach(json_object_get(root, "visits"), i, v)
    {
        json_t *t = json_object_get(v, "title");
        json_array_append_new(out, json_pack("{s:I,s:s,s:s}", "no", (json_int_t)jint(v, "no"), "ja",
                                             jstr(t, "ja"), "en", jstr(t, "en")));
    }
    if (!root)
        log_error("%s: %s", path, err.text);
    json_decref(root);
    return out;
}

/* ---- eligibility ---- */

/* Replaces the first "{key}" in text by value. */
static void subst(buf_t *out, const char *text, const char *key, const char *value)
{
    char pat[40];
    str_fmt(pat, sizeof pat, "{%s}", key);
    const char *at = *key ? strstr(text, pat) : NULL;
    if (!at) {
        buf_puts(out, text);
        return;
    }
    buf_append(out, text, (size_t)(at - text));
    buf_puts(out, value);
    buf_puts(out, at + strlen(pat));
}

static const char *reason_msgid(const char *code, int min_stars)
{
    static const struct {
        const char *code, *msgid;
    } T[] = {
        {"sme", N_("Your organization is an SME under the program's definition.")},
        {"not_sme", N_("Your organization is not an SME under the program's definition, so "
                       "it cannot take part.")},
        {"stars_ok", N_("You have declared SECURITY ACTION at the level the program asks for.")},
        {"no_policy", N_("You have not published a basic policy yet. The expert helps you write "
                         "one.")},
        {"has_policy", N_("You have already published a basic policy. This program is for "
                          "companies that do not have one yet.")},
        {"not_earlier_participant", N_("Your organization did not take part in {program}.")},
        {"earlier_participant", N_("Your organization took part in {program}. This program is "
                                   "for companies that have not taken part before.")},
        {"window_open", N_("Applications are open until {date}.")},
        {"window_not_open", N_("Applications open on {date}. Please apply from that day.")},
        {"window_closed", N_("Applications closed on {date}.")},
        {"places_left", N_("There are places left.")},
        {"program_full", N_("The program is full: every place has been given.")},
        {"not_applied", N_("Your organization has not applied yet.")},
        {"already_applied", N_("Your organization has already applied to this program.")},
    };
    if (str_eq(code, "no_declaration"))
        return min_stars >= 2 ? N_("The program asks for a SECURITY ACTION two-star "
                                   "declaration. You have not declared yet.")
                              : N_("The program asks for a SECURITY ACTION declaration (one "
                                   "star or more). You have not declared yet. Declaring one star "
                                   "takes a few minutes.");
    if (str_eq(code, "stars_too_low"))
        return N_("The program asks for a SECURITY ACTION two-star declaration. You have "
                  "declared one star.");
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (str_eq(T[i].code, code))
            return T[i].msgid;
    return code;
}

/* Loads what prog_decide needs about org_id; the SME reason texts too. 0 or -1. */
static int load_facts(struct req *rq, const json_t *prog, int64_t org_id, prog_facts_t *f,
                      sme_result_t *sme, bool *sme_known)
{
    *sme_known = false;
    db_res_t *r = db_query(
        rq->db,
        "SELECT o.sme_eligible, o.sme_rule, o.org_type, o.industry, o.capital, o.employees, "
        "(SELECT MAX(level) FROM declarations d WHERE d.org_id = o.id AND d.status = 'active'), "
        "(SELECT COUNT(*) FROM policies pl WHERE pl.org_id = o.id AND pl.status = 'published'), "
        "(SELECT COUNT(*) FROM program_applications a WHERE a.org_id = o.id AND a.program_id = "
        "? AND a.status IN ('accepted', 'matched', 'completed', 'terminated')), "
        "(SELECT COUNT(*) FROM program_applications a WHERE a.org_id = o.id AND a.program_id = "
        "? AND a.status <> 'withdrawn') FROM organizations o WHERE o.id = ?",
        "iii",
        json_is_integer(json_object_get(prog, "excluded_program_id"))
            ? jint(prog, "excluded_program_id")
            : (int64_t)0,
        jint(prog, "id"), org_id);
    if (!r || db_res_rows(r) != 1) {
        db_res_free(r);
        return -1;
    }
    f->is_sme = db_res_int(r, 0, 0) != 0;
    f->sme_rule = (int)db_res_int(r, 0, 1);
    f->stars = db_res_isnull(r, 0, 6) ? 0 : (int)db_res_int(r, 0, 6);
    f->has_published_policy = db_res_int(r, 0, 7) > 0;
    f->took_excluded = db_res_int(r, 0, 8) > 0;
    f->already_applied = db_res_int(r, 0, 9) > 0;
    const content_t *c = content_get();
    sme_input_t in = {db_res_text(r, 0, 2), db_res_str(r, 0, 3), !db_res_isnull(r, 0, 4),
                      db_res_int(r, 0, 4), db_res_int(r, 0, 5)};
    if (c && sme_check(c, &in, sme) == SME_OK)
        *sme_known = true;
    db_res_free(r);
    return 0;
}

static json_t *reason_text(struct req *rq, const char *lang, const char *code, const json_t *prog,
                           const sme_result_t *sme, bool sme_known)
{
    const char *msg =
        catalog_get(rq->app->cat, lang, reason_msgid(code, (int)jint(prog, "min_stars")));
    buf_t b;
    buf_init(&b);
    if (str_starts(code, "window_"))
        subst(&b, msg, "date",
              jstr(prog, str_eq(code, "window_not_open") ? "apply_from" : "apply_until"));
    else
        subst(&b, msg, "program", jstr(prog, "excluded_program_name"));
    /* The SME rule says which row of domain.md §1 applied and why, in plain words. */
    if ((str_eq(code, "sme") || str_eq(code, "not_sme")) && sme_known) {
        buf_puts(&b, lang_is_en(lang) ? " " : "");
        buf_puts(&b, lang_is_en(lang) ? sme->reason_en : sme->reason_ja);
    }
    json_t *j = json_string(buf_cstr(&b));
    buf_free(&b);
    return j;
}

json_t *prog_eligibility(struct req *rq, const json_t *prog, int64_t org_id)
{
    prog_facts_t f;
    sme_result_t sme;
    bool sme_known;
    char today[11];
    time_jst_date(today, time(NULL), 0);
    if (load_facts(rq, prog, org_id, &f, &sme, &sme_known) < 0)
        return NULL;
    f.today = today;
    prog_rules_t rules;
    prog_rules_from(prog, &rules);
    prog_decision_t d;
    prog_decide(&rules, &f, &d);
    json_t *reasons = json_array();
    for (size_t i = 0; i < d.n; i++) {
        const prog_check_t *c = &d.checks[i];
        json_array_append_new(
            reasons, json_pack("{s:s,s:s,s:b,s:b,s:{s:o,s:o}}", "rule", prog_rule_name(c->rule),
                               "code", c->code, "ok", c->ok, "about_org", prog_rule_is_org(c->rule),
                               "text", "ja", reason_text(rq, "ja", c->code, prog, &sme, sme_known),
                               "en", reason_text(rq, "en", c->code, prog, &sme, sme_known)));
    }
    return json_pack("{s:b,s:b,s:b,s:s,s:o}", "eligible", d.eligible, "open", d.open, "can_apply",
                     d.can_apply, "decided_on", today, "reasons", reasons);
}

void prog_decision_localize(const struct req *rq, json_t *decision)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(decision, "reasons"), i, r)
    {
        const char *t = jstr(json_object_get(r, "text"), lang_is_en(rq->lang) ? "en" : "ja");
        json_object_set_new(r, "message", json_string(t));
    }
}

/* ---- applications ---- */

static void mail_decision(struct req *rq, int64_t app_id);

enum prog_result prog_apply(struct req *rq, int64_t prog_id, int64_t org_id, const char *message,
                            json_t **decision, int64_t *app_id)
{
    *decision = NULL;
    json_t *prog = prog_get(rq->db, prog_id, rq->lang);
    if (!prog)
        return PROG_NOT_FOUND;
    json_t *d = prog_eligibility(rq, prog, org_id);
    json_decref(prog);
    if (!d)
        return PROG_ERROR;
    *decision = d;
    if (!json_is_true(json_object_get(d, "can_apply")))
        return PROG_REFUSED;
    char msg[8192];
    if (!str_copy(msg, sizeof msg, message) || !str_valid_utf8(msg, strlen(msg)) ||
        str_utf8_len(msg) > MESSAGE_MAX_CHARS)
        return PROG_ERROR;
    char *elig = json_dumps(d, JSON_COMPACT);
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    /* A withdrawn application may be submitted again: the row is reused (one row per
     * program and organization). A concurrent duplicate hits the UNIQUE constraint. */
    int64_t id = -1;
    db_res_t *r = db_query(rq->db,
                           "UPDATE program_applications SET status = 'submitted', applied_by = ?, "
                           "eligibility = ?, message = ?, reason = '', created_at "
                           "= ?, decided_at = NULL, decided_by = NULL WHERE program_id = ? AND "
                           "org_id = ? AND status = 'withdrawn' RETURNING id",
                           "isssii", rq->user.id, elig ? elig : "{}", msg, now, prog_id, org_id);
    if (r && db_res_rows(r) == 1)
        id = db_res_int(r, 0, 0);
    db_res_free(r);
    if (id < 0)
        id = db_insert_id(rq->db,
                          "INSERT INTO program_applications (program_id, org_id, applied_by, "
                          "status, eligibility, message, created_at) VALUES (?, ?, ?, "
                          "'submitted', ?, ?, ?) RETURNING id",
                          "iiisss", prog_id, org_id, rq->user.id, elig ? elig : "{}", msg, now);
    free(elig);
    if (id < 0) {
        if (db_err_unique(rq->db)) {
            /* Someone else of the organization applied a moment ago. */
            json_decref(d);
            prog = prog_get(rq->db, prog_id, rq->lang);
            *decision = prog ? prog_eligibility(rq, prog, org_id) : NULL;
            json_decref(prog);
            return *decision ? PROG_REFUSED : PROG_ERROR;
        }
        log_error("apply: %s", db_errmsg(rq->db));
        return PROG_ERROR;
    }
    *app_id = id;
    char detail[64];
    str_fmt(detail, sizeof detail, "program=%lld application=%lld", (long long)prog_id,
            (long long)id);
    audit(rq, "program_apply", org_id, detail);
    mail_decision(rq, id);
    return PROG_OK;
}

const char *prog_status_text(const struct req *rq, const char *s)
{
    static const struct {
        const char *key, *msgid;
    } T[] = {
        {"submitted", N_("Submitted, waiting for the secretariat's decision")},
        {"accepted", N_("Accepted")},
        {"rejected", N_("Not accepted")},
        {"waitlisted", N_("On the waiting list")},
        {"withdrawn", N_("Withdrawn")},
        {"matched", N_("Matched with an expert")},
        {"completed", N_("Completed")},
        {"terminated", N_("Ended early")},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (str_eq(T[i].key, s))
            return tr(rq, T[i].msgid);
    return s;
}

/* Mails the application's current state (received, or the decision) to the organization's
 * members, each in their own language. */
static void mail_decision(struct req *rq, int64_t app_id)
{
    db_res_t *a = db_query(rq->db,
                           "SELECT a.org_id, a.status, a.reason, p.name, o.name, p.id FROM "
                           "program_applications a JOIN programs p ON p.id = a.program_id JOIN "
                           "organizations o ON o.id = a.org_id WHERE a.id = ?",
                           "i", app_id);
    if (!a || db_res_rows(a) != 1) {
        db_res_free(a);
        return;
    }
    int64_t org = db_res_int(a, 0, 0);
    const char *status = db_res_text(a, 0, 1), *reason = db_res_text(a, 0, 2);
    db_res_t *m = mail_org_members(rq, org);
    const char *lang = rq->lang;
    for (size_t i = 0; m && i < db_res_rows(m); i++) {
        rq->lang = str_eq(db_res_text(m, i, 1), "en") ? "en" : "ja";
        const char *subject, *lead;
        if (str_eq(status, "accepted")) {
            subject = tr(rq, "Your application to the guidance program was accepted");
            lead = tr(rq, "Your organization's application was accepted. The secretariat will "
                          "propose several experts; you then choose one in your workspace.");
        } else if (str_eq(status, "submitted")) {
            subject = tr(rq, "We received your application to the guidance program");
            lead = tr(rq, "Thank you for applying. The secretariat decides applications in the "
                          "order they arrive and tells you the result by mail.");
        } else if (str_eq(status, "waitlisted")) {
            subject = tr(rq, "Your application to the guidance program is on the waiting list");
            lead = tr(rq, "All places are taken for now, so your application is on the waiting "
                          "list. If a place becomes free, the secretariat will accept it and "
                          "tell you by mail.");
        } else {
            subject = tr(rq, "Your application to the guidance program was not accepted");
            lead = tr(rq, "We are sorry: your organization's application was not accepted.");
        }
        buf_t body;
        buf_init(&body);
        buf_printf(&body, "%s\n\n%s: %s\n%s: %s\n%s: %s\n", lead, tr(rq, "Program"),
                   db_res_text(a, 0, 3), tr(rq, "Organization"), db_res_text(a, 0, 4),
                   tr(rq, "Status"), prog_status_text(rq, status));
        if (*reason)
            buf_printf(&body, "%s:\n%s\n", tr(rq, "Reason"), reason);
        buf_printf(&body, "\n%s\n%s/w/%lld/program\n\n%s\n%s/programs/faq\n",
                   tr(rq, "Where your application stands, at any time:"), rq->app->cfg.base_url,
                   (long long)org, tr(rq, "Answers to common questions:"), rq->app->cfg.base_url);
        web_send_mail(rq, db_res_text(m, i, 0), subject, buf_cstr(&body));
        buf_free(&body);
    }
    rq->lang = lang;
    db_res_free(m);
    db_res_free(a);
}

enum prog_result prog_decide_app(struct req *rq, int64_t app_id, int64_t program_id,
                                 const char *decision, const char *reason_in)
{
    char reason[4096];
    bool fits = str_copy(reason, sizeof reason, reason_in ? reason_in : "");
    str_trim(reason);
    const char *to, *from_sql;
    if (str_eq(decision, "accept")) {
        to = "accepted";
        from_sql = "('submitted', 'waitlisted')";
    } else if (str_eq(decision, "reject")) {
        to = "rejected";
        from_sql = "('submitted', 'waitlisted')";
        if (!*reason)
            return PROG_NEED_REASON;
    } else if (str_eq(decision, "waitlist")) {
        to = "waitlisted";
        from_sql = "('submitted')";
    } else {
        return PROG_BAD_STATE;
    }
    if (!fits || !str_valid_utf8(reason, strlen(reason)) || str_utf8_len(reason) > REASON_MAX_CHARS)
        return PROG_NEED_REASON;
    db_res_t *r = db_query(rq->db,
                           "SELECT program_id, org_id FROM program_applications WHERE id = ? AND "
                           "(? = '0' OR program_id = ?)",
                           "iii", app_id, program_id, program_id);
    if (!r || db_res_rows(r) != 1) {
        db_res_free(r);
        return r ? PROG_NOT_FOUND : PROG_ERROR;
    }
    int64_t pid = db_res_int(r, 0, 0), org = db_res_int(r, 0, 1);
    db_res_free(r);
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    char sql[512];
    str_fmt(sql, sizeof sql,
            "UPDATE program_applications SET status = ?, reason = ?, decided_at = ?, decided_by "
            "= ? WHERE id = ? AND status IN %s",
            from_sql);
    if (db_begin(rq->db) != 0)
        return PROG_ERROR;
    enum prog_result res = PROG_ERROR;
    int64_t n = db_exec(rq->db, sql, "sssii", to, reason, now, rq->user.id, app_id);
    if (n == 0) {
        res = PROG_BAD_STATE;
        goto fail;
    }
    if (n != 1)
        goto fail;
    if (str_eq(to, "accepted")) {
        /* The guard: a place is taken only while one is free; parallel accepts queue on
         * the program row and the one that finds it full changes nothing. */
        n = db_exec(rq->db,
                    "UPDATE programs SET accepted = accepted + 1 WHERE id = ? AND accepted < "
                    "capacity",
                    "i", pid);
        if (n == 0) {
            res = PROG_FULL;
            goto fail;
        }
        if (n != 1)
            goto fail;
    }
    char detail[1200];
    str_fmt(detail, sizeof detail, "program=%lld application=%lld %s %.1000s", (long long)pid,
            (long long)app_id, to, reason);
    audit(rq, "program_decision", org, detail);
    if (db_commit(rq->db) != 0)
        goto fail;
    mail_decision(rq, app_id);
    return PROG_OK;
fail:
    if (res == PROG_ERROR)
        log_error("decide application %lld: %s", (long long)app_id, db_errmsg(rq->db));
    db_rollback(rq->db);
    return res;
}

enum prog_result prog_withdraw(struct req *rq, int64_t app_id, int64_t org_id)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    int64_t n = db_exec(rq->db,
                        "UPDATE program_applications SET status = 'withdrawn', decided_at = ?, "
                        "decided_by = ? WHERE id = ? AND org_id = ? AND status IN ('submitted', "
                        "'waitlisted')",
                        "siii", now, rq->user.id, app_id, org_id);
    if (n < 0)
        return PROG_ERROR;
    if (n == 0) {
        db_res_t *r =
            db_query(rq->db, "SELECT 1 FROM program_applications WHERE id = ? AND org_id = ?", "ii",
                     app_id, org_id);
        bool exists = r && db_res_rows(r) == 1;
        db_res_free(r);
        return exists ? PROG_BAD_STATE : PROG_NOT_FOUND;
    }
    char detail[64];
    str_fmt(detail, sizeof detail, "application=%lld", (long long)app_id);
    audit(rq, "program_withdraw", org_id, detail);
    return PROG_OK;
}

json_t *prog_application_get(struct req *rq, int64_t app_id, int64_t org_id)
{
    db_res_t *r = db_query(
        rq->db,
        "SELECT a.id, a.program_id, p.name, a.org_id, o.name, o.prefecture, a.status, "
        "a.eligibility, " PROG_ELIGIBLE_NOW_SQL
        ", a.message, a.reason, a.created_at, a.decided_at, "
        "(SELECT COUNT(*) FROM program_applications w WHERE w.program_id = a.program_id AND "
        "w.status = 'waitlisted' AND w.id <= a.id) FROM program_applications a JOIN programs p ON "
        "p.id = a.program_id JOIN organizations o ON o.id = a.org_id WHERE a.id = ? AND (? = '0' "
        "OR "
        "a.org_id = ?)",
        "iii", app_id, org_id, org_id);
    if (!r || db_res_rows(r) != 1) {
        db_res_free(r);
        return NULL;
    }
    json_error_t err;
    json_t *elig = json_loads(db_res_text(r, 0, 7), 0, &err);
    if (!json_is_object(elig)) {
        json_decref(elig);
        elig = json_object();
    }
    prog_decision_localize(rq, elig);
    const char *status = db_res_text(r, 0, 6);
    json_t *o = json_pack(
        "{s:I,s:I,s:s,s:I,s:s,s:I,s:s,s:s,s:o,s:b,s:s,s:s,s:s,s:o}", "id",
        (json_int_t)db_res_int(r, 0, 0), "program_id", (json_int_t)db_res_int(r, 0, 1),
        "program_name", db_res_text(r, 0, 2), "org_id", (json_int_t)db_res_int(r, 0, 3), "org_name",
        db_res_text(r, 0, 4), "prefecture", (json_int_t)db_res_int(r, 0, 5), "status", status,
        "status_text", prog_status_text(rq, status), "eligibility", elig, "eligible_now",
        db_res_int(r, 0, 8) != 0, "message", db_res_text(r, 0, 9), "reason", db_res_text(r, 0, 10),
        "created_at", db_res_text(r, 0, 11), "decided_at",
        db_res_isnull(r, 0, 12) ? json_null() : json_string(db_res_text(r, 0, 12)));
    if (str_eq(status, "waitlisted"))
        json_object_set_new(o, "waitlist_position", json_integer(db_res_int(r, 0, 13)));
    db_res_free(r);
    return o;
}
