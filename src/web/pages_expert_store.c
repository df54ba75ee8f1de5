/* pages_expert_store.c - the expert registry's profile validation, storage, data lists and
 * mail (expert_store.h). */
#include "content.h"
#include "expert_store.h"
#include "fileutil.h"
#include "form.h"
#include "log.h"
#include "mailer.h"
#include "pref_options.h"
#include "str.h"
#include "timeutil.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- data/expert_specialities.json, loaded once ---- */

#define SPEC_MAX 32
static struct {
    size_t n;
    const char *key[SPEC_MAX];
    const char *ja[SPEC_MAX], *en[SPEC_MAX];
    json_t *root;
} specs;
static pthread_once_t specs_once = PTHREAD_ONCE_INIT;

static void specs_load(void)
{
    char path[1024];
    json_error_t jerr;
    if (!share_path(path, sizeof path, "data/expert_specialities.json"))
        return;
    specs.root = json_load_file(path, 0, &jerr);
    json_t *list = json_object_get(specs.root, "specialities");
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *k = json_string_value(json_object_get(v, "key"));
        json_t *l = json_object_get(v, "label");
        const char *ja = json_string_value(json_object_get(l, "ja"));
        const char *en = json_string_value(json_object_get(l, "en"));
        if (!k || !ja || !en || specs.n >= SPEC_MAX) {
            log_error("%s: specialities[%zu] needs key and label.ja/en", path, i);
            continue;
        }
        specs.key[specs.n] = k;
        specs.ja[specs.n] = ja;
        specs.en[specs.n++] = en;
    }
    if (specs.n == 0)
        log_error("%s: no specialities (%s)", path, jerr.text);
}

size_t expert_speciality_count(void)
{
    pthread_once(&specs_once, specs_load);
    return specs.n;
}

const char *expert_speciality_key(size_t i)
{
    return i < expert_speciality_count() ? specs.key[i] : NULL;
}

const char *expert_speciality_label(const char *key, const char *lang)
{
    for (size_t i = 0; i < expert_speciality_count(); i++)
        if (str_eq(specs.key[i], key))
            return lang_is_en(lang) ? specs.en[i] : specs.ja[i];
    return NULL;
}

const char *expert_industry_label(const char *key, const char *lang)
{
    const content_t *c = content_get();
    for (size_t i = 0; c && i < c->n_jsic; i++)
        if (str_eq(c->jsic[i].code, key))
            return dtext_get(&c->jsic[i].label, lang);
    return NULL;
}

const char *expert_qualification_msgid(const char *key)
{
    if (str_eq(key, "riss"))
        return N_("Registered Information Security Specialist (RISS)");
    if (str_eq(key, "itc"))
        return N_("IT Coordinator");
    return N_("Other qualification");
}

/* ---- input ---- */

static void add_item(const char **list, size_t *n, size_t cap, const char *v, bool *too_many)
{
    if (*n < cap)
        list[(*n)++] = v;
    else
        *too_many = true;
}

void expert_input_from_form(const struct req *rq, struct expert_input *in)
{
    memset(in, 0, sizeof *in);
    in->name = req_form(rq, "name");
    in->qualification = req_form(rq, "qualification");
    in->registration_no = req_form(rq, "registration_no");
    in->prefecture = req_form(rq, "prefecture");
    in->capacity = req_form(rq, "capacity");
    in->profile = req_form(rq, "profile");
    for (size_t i = 0; i < rq->form.n; i++) {
        const char *k = rq->form.items[i].key, *v = rq->form.items[i].val;
        if (str_eq(k, "areas"))
            add_item(in->areas, &in->nareas, 64, v, &in->too_many);
        else if (str_eq(k, "specialities"))
            add_item(in->specialities, &in->nspecialities, EXPERT_MAX_KEYS, v, &in->too_many);
        else if (str_eq(k, "industries"))
            add_item(in->industries, &in->nindustries, EXPERT_MAX_KEYS, v, &in->too_many);
        else if (str_eq(k, "mode") && str_eq(v, "onsite"))
            in->onsite = true;
        else if (str_eq(k, "mode") && str_eq(v, "online"))
            in->online = true;
    }
}

/* A JSON string, or a number formatted into slot; "" otherwise. */
static const char *jstr(json_t *v, char *slot, size_t slotsz)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (slot && json_is_integer(v) &&
        str_fmt(slot, slotsz, "%lld", (long long)json_integer_value(v)))
        return slot;
    return "";
}

void expert_input_from_json(json_t *j, struct expert_input *in, char scratch[66][4])
{
    memset(in, 0, sizeof *in);
    in->name = jstr(json_object_get(j, "name"), NULL, 0);
    in->qualification = jstr(json_object_get(j, "qualification"), NULL, 0);
    in->registration_no = jstr(json_object_get(j, "registration_no"), NULL, 0);
    in->profile = jstr(json_object_get(j, "profile"), NULL, 0);
    /* Numbers that do not fit 3 digits become "" and fail validation. */
    in->capacity = jstr(json_object_get(j, "capacity"), scratch[64], 4);
    in->prefecture = jstr(json_object_get(j, "prefecture"), scratch[65], 4);
    in->onsite = json_is_true(json_object_get(j, "onsite"));
    in->online = json_is_true(json_object_get(j, "online"));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(j, "areas"), i, v)
    {
        if (in->nareas >= 64) {
            in->too_many = true;
            break;
        }
        in->areas[in->nareas] = jstr(v, scratch[in->nareas], 4);
        in->nareas++;
    }
    json_array_foreach(json_object_get(j, "specialities"), i, v) add_item(
        in->specialities, &in->nspecialities, EXPERT_MAX_KEYS, jstr(v, NULL, 0), &in->too_many);
    json_array_foreach(json_object_get(j, "industries"), i, v) add_item(
        in->industries, &in->nindustries, EXPERT_MAX_KEYS, jstr(v, NULL, 0), &in->too_many);
}

/* ---- validation ---- */

static bool all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Appends key to the comma list out unless already there; false when it does not fit. */
static bool keys_add(char *out, size_t outsz, const char *key)
{
    size_t kl = strlen(key), ol = strlen(out);
    for (const char *p = out; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == kl && memcmp(p, key, kl) == 0)
            return true;
        p += l + (e ? 1 : 0);
    }
    if (ol + kl + 2 > outsz)
        return false;
    if (ol)
        out[ol++] = ',';
    memcpy(out + ol, key, kl + 1);
    return true;
}

void expert_validate(const struct req *rq, const struct expert_input *in,
                     struct expert_profile *out, json_t *errors)
{
    memset(out, 0, sizeof *out);
    const char *m;
    char tmp[EXPERT_PROFILE_MAX * 4 + 1];
    str_copy(tmp, sizeof tmp, in->name);
    str_trim(tmp);
    if (*(m = check_text(tmp, 1, EXPERT_NAME_MAX)))
        form_error(rq, errors, "name", m);
    else
        str_copy(out->name, sizeof out->name, tmp);

    const char *q = in->qualification;
    if (!str_eq(q, "riss") && !str_eq(q, "itc") && !str_eq(q, "other"))
        form_error(rq, errors, "qualification", "Please choose your qualification.");
    else
        str_copy(out->qualification, sizeof out->qualification, q);

    str_copy(tmp, sizeof tmp, in->registration_no);
    str_trim(tmp);
    if (str_eq(q, "riss")) {
        if (!*tmp)
            form_error(rq, errors, "registration_no",
                       "Please enter your RISS registration number (6 digits).");
        else if (!all_digits(tmp, 6))
            form_error(rq, errors, "registration_no",
                       "A RISS registration number has 6 digits, for example 012345.");
    } else if (*tmp && *(m = check_text(tmp, 0, EXPERT_REGNO_MAX))) {
        form_error(rq, errors, "registration_no", m);
    }
    if (str_eq(q, "riss") && !json_object_get(errors, "registration_no")) {
        /* One registry entry per RISS registration (the caller's own entry excepted). */
        db_res_t *r = db_query(rq->db,
                               "SELECT COUNT(*) FROM experts WHERE qualification = 'riss' AND "
                               "registration_no = ? AND user_id <> ?",
                               "si", tmp, rq->logged_in ? rq->user.id : (int64_t)0);
        if (r && db_res_int(r, 0, 0) > 0)
            form_error(rq, errors, "registration_no",
                       "This registration number is already registered. If it is yours, please "
                       "contact the secretariat.");
        db_res_free(r);
    }
    if (!json_object_get(errors, "registration_no"))
        str_copy(out->registration_no, sizeof out->registration_no, tmp);

    int64_t v;
    if (*in->prefecture && !str_eq(in->prefecture, "0")) {
        if (!str_to_i64(in->prefecture, 1, 47, &v))
            form_error(rq, errors, "prefecture", "Please choose a prefecture from the list.");
        else
            out->prefecture = (int)v;
    }
    for (size_t i = 0; i < in->nareas; i++) {
        if (!*in->areas[i])
            continue;
        if (!str_to_i64(in->areas[i], 1, 47, &v)) {
            form_error(rq, errors, "areas", "Please choose prefectures from the list.");
            break;
        }
        bool dup = false;
        for (size_t k = 0; k < out->nareas; k++)
            dup = dup || out->areas[k] == (int)v;
        if (!dup && out->nareas < 47)
            out->areas[out->nareas++] = (int)v;
    }
    if (!in->onsite && !in->online)
        form_error(rq, errors, "mode",
                   "Please choose how you can support: on site, online or both.");
    out->onsite = in->onsite;
    out->online = in->online;

    if (in->too_many)
        form_error(rq, errors, "specialities", "Please choose from the list.");
    for (size_t i = 0; i < in->nspecialities; i++)
        if (!expert_speciality_label(in->specialities[i], "ja") ||
            !keys_add(out->specialities, sizeof out->specialities, in->specialities[i])) {
            form_error(rq, errors, "specialities", "Please choose from the list.");
            break;
        }
    if (!*out->specialities)
        form_error(rq, errors, "specialities", "Please choose at least one speciality.");
    for (size_t i = 0; i < in->nindustries; i++)
        if (!expert_industry_label(in->industries[i], "ja") ||
            !keys_add(out->industries, sizeof out->industries, in->industries[i])) {
            form_error(rq, errors, "industries", "Please choose from the list.");
            break;
        }

    if (!str_to_i64(in->capacity, 1, 100, &v))
        form_error(rq, errors, "capacity",
                   "Please enter how many SMEs you can support at the same time: a number from "
                   "1 to 100.");
    else
        out->capacity = (int)v;

    str_copy(tmp, sizeof tmp, in->profile);
    str_trim(tmp);
    if (strlen(in->profile) >= sizeof tmp || *(m = check_text(tmp, 1, EXPERT_PROFILE_MAX)))
        form_error(rq, errors, "profile",
                   "Please introduce yourself in 1 to 2000 characters: your experience and what "
                   "you can help with.");
    else
        str_copy(out->profile, sizeof out->profile, tmp);
}

/* ---- storage ---- */

static int areas_store(db_conn_t *db, int64_t id, const struct expert_profile *p)
{
    if (db_exec(db, "DELETE FROM expert_areas WHERE expert_id = ?", "i", id) < 0)
        return -1;
    for (size_t i = 0; i < p->nareas; i++)
        if (db_exec(db, "INSERT INTO expert_areas (expert_id, prefecture) VALUES (?, ?)", "ii", id,
                    (int64_t)p->areas[i]) != 1)
            return -1;
    return 0;
}

static const char *pref_param(const struct expert_profile *p, char *buf, size_t n)
{
    if (p->prefecture == 0)
        return NULL;
    str_fmt(buf, n, "%d", p->prefecture);
    return buf;
}

int64_t expert_insert(db_conn_t *db, int64_t user_id, const struct expert_profile *p)
{
    char now[TIME_ISO_LEN], pref[8];
    time_now_iso(now);
    int64_t id = db_insert_id(
        db,
        "INSERT INTO experts (user_id, name, qualification, registration_no, prefecture, onsite, "
        "online, specialities, industries, capacity, profile, status, created_at) VALUES (?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING id",
        "issssbbssiss", user_id, p->name, p->qualification, p->registration_no,
        pref_param(p, pref, sizeof pref), p->onsite, p->online, p->specialities, p->industries,
        (int64_t)p->capacity, p->profile, now);
    if (id < 0 || areas_store(db, id, p) < 0)
        return -1;
    return id;
}

int expert_update(db_conn_t *db, int64_t expert_id, const struct expert_profile *p)
{
    char pref[8];
    int64_t n =
        db_exec(db,
                "UPDATE experts SET name = ?, qualification = ?, registration_no = ?, "
                "prefecture = ?, onsite = ?, online = ?, specialities = ?, industries = "
                "?, capacity = ?, profile = ? WHERE id = ? AND active <= ?",
                "ssssbbssisii", p->name, p->qualification, p->registration_no,
                pref_param(p, pref, sizeof pref), p->onsite, p->online, p->specialities,
                p->industries, (int64_t)p->capacity, p->profile, expert_id, (int64_t)p->capacity);
    if (n == 0)
        return -2;
    if (n != 1 || areas_store(db, expert_id, p) < 0)
        return -1;
    return 0;
}

int64_t expert_id_of_user(db_conn_t *db, int64_t user_id)
{
    db_res_t *r = db_query(db, "SELECT id FROM experts WHERE user_id = ?", "i", user_id);
    int64_t id = !r ? -1 : db_res_rows(r) ? db_res_int(r, 0, 0) : 0;
    db_res_free(r);
    return id;
}

/* ---- views ---- */

/* [{key,label}] of a comma list through label_fn. */
static json_t *keys_json(const char *list, const char *lang,
                         const char *(*label_fn)(const char *, const char *))
{
    json_t *a = json_array();
    char key[64];
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l < sizeof key) {
            memcpy(key, p, l);
            key[l] = 0;
            const char *lab = label_fn(key, lang);
            json_array_append_new(a, json_pack("{s:s,s:s}", "key", key, "label", lab ? lab : key));
        }
        p += l + (e ? 1 : 0);
    }
    return a;
}

/* The strings of list (or each item's field key) joined with ", " / "、"; "—" if empty. */
static json_t *join_text(struct req *rq, json_t *list, const char *key)
{
    buf_t b;
    buf_init(&b);
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *s = json_string_value(key ? json_object_get(v, key) : v);
        if (!s)
            continue;
        if (b.len)
            buf_puts(&b, tr(rq, ", "));
        buf_puts(&b, s);
    }
    json_t *out = json_string(b.len ? buf_cstr(&b) : "—");
    buf_free(&b);
    return out;
}

json_t *expert_json(struct req *rq, int64_t expert_id)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT id, name, qualification, registration_no, prefecture, onsite, "
                           "online, specialities, industries, capacity, active, profile, status, "
                           "decision_reason, user_id, created_at FROM experts WHERE id = ?",
                           "i", expert_id);
    if (!r || db_res_rows(r) != 1) {
        db_res_free(r);
        return NULL;
    }
    int pref = db_res_isnull(r, 0, 4) ? 0 : (int)db_res_int(r, 0, 4);
    const char *q = db_res_text(r, 0, 2);
    json_t *e = json_pack(
        "{s:I,s:s,s:s,s:s,s:s,s:i,s:s,s:b,s:b,s:o,s:o,s:I,s:I,s:s,s:s,s:s,s:I}", "id",
        (json_int_t)expert_id, "name", db_res_text(r, 0, 1), "qualification", q,
        "qualification_label", tr(rq, expert_qualification_msgid(q)), "registration_no",
        db_res_text(r, 0, 3), "prefecture", pref, "prefecture_name",
        pref ? pref_name_lang(rq->lang, pref) : tr(rq, "Not stated"), "onsite",
        db_res_int(r, 0, 5) != 0, "online", db_res_int(r, 0, 6) != 0, "specialities",
        keys_json(db_res_text(r, 0, 7), rq->lang, expert_speciality_label), "industries",
        keys_json(db_res_text(r, 0, 8), rq->lang, expert_industry_label), "capacity",
        (json_int_t)db_res_int(r, 0, 9), "active", (json_int_t)db_res_int(r, 0, 10), "profile",
        db_res_text(r, 0, 11), "status", db_res_text(r, 0, 12), "decision_reason",
        db_res_text(r, 0, 13), "user_id", (json_int_t)db_res_int(r, 0, 14));
    db_res_free(r);
    json_t *areas = json_array(), *area_names = json_array();
    r = db_query(rq->db,
                 "SELECT prefecture FROM expert_areas WHERE expert_id = ? ORDER BY prefecture", "i",
                 expert_id);
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        int a = (int)db_res_int(r, i, 0);
        json_array_append_new(areas, json_integer(a));
        json_array_append_new(area_names, json_string(pref_name_lang(rq->lang, a)));
    }
    db_res_free(r);
    json_object_set_new(e, "areas", areas);
    json_object_set_new(e, "area_names", area_names);
    /* The lists as one text for pages, joined in the reader's language. */
    json_object_set_new(e, "areas_text", join_text(rq, area_names, NULL));
    json_object_set_new(e, "specialities_text",
                        join_text(rq, json_object_get(e, "specialities"), "label"));
    json_object_set_new(e, "industries_text",
                        join_text(rq, json_object_get(e, "industries"), "label"));
    return e;
}

json_t *expert_form_values(json_t *e)
{
    json_t *v =
        json_pack("{s:O,s:O,s:O,s:O}", "name", json_object_get(e, "name"), "qualification",
                  json_object_get(e, "qualification"), "registration_no",
                  json_object_get(e, "registration_no"), "profile", json_object_get(e, "profile"));
    char n[16];
    str_fmt(n, sizeof n, "%lld", (long long)json_integer_value(json_object_get(e, "capacity")));
    json_object_set_new(v, "capacity", json_string(n));
    str_fmt(n, sizeof n, "%lld", (long long)json_integer_value(json_object_get(e, "prefecture")));
    json_object_set_new(v, "prefecture", json_string(n));
    json_t *lists = json_object();
    json_object_set(lists, "areas", json_object_get(e, "areas"));
    json_t *specs_keys = json_array(), *ind_keys = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(e, "specialities"), i, x)
        json_array_append(specs_keys, json_object_get(x, "key"));
    json_array_foreach(json_object_get(e, "industries"), i, x)
        json_array_append(ind_keys, json_object_get(x, "key"));
    json_object_set_new(lists, "specialities", specs_keys);
    json_object_set_new(lists, "industries", ind_keys);
    json_t *modes = json_array();
    if (json_is_true(json_object_get(e, "onsite")))
        json_array_append_new(modes, json_string("onsite"));
    if (json_is_true(json_object_get(e, "online")))
        json_array_append_new(modes, json_string("online"));
    json_object_set_new(lists, "mode", modes);
    json_object_set_new(v, "_lists", lists);
    return v;
}

/* true when values (a form post or expert_form_values) chose v for the list field. */
static bool chosen(const struct req *rq, json_t *values, const char *field, const char *v)
{
    json_t *lists = json_object_get(json_object_get(values, "_lists"), field);
    if (lists) {
        size_t i;
        json_t *x;
        json_array_foreach(lists, i, x)
        {
            char n[16];
            const char *s =
                json_is_integer(x) && str_fmt(n, sizeof n, "%lld", (long long)json_integer_value(x))
                    ? n
                    : json_string_value(x);
            if (s && str_eq(s, v))
                return true;
        }
        return false;
    }
    for (size_t i = 0; i < rq->form.n; i++)
        if (str_eq(rq->form.items[i].key, field) && str_eq(rq->form.items[i].val, v))
            return true;
    return false;
}

void expert_form_options(struct req *rq, json_t *data, json_t *values)
{
    const char *pref = json_string_value(json_object_get(values, "prefecture"));
    json_t *prefs = json_array(), *areas = json_array();
    char code[8];
    for (int p = 1; p <= 47; p++) {
        str_fmt(code, sizeof code, "%d", p);
        json_array_append_new(prefs, json_pack("{s:i,s:s,s:b}", "code", p, "label",
                                               pref_name_lang(rq->lang, p), "selected",
                                               pref && str_eq(pref, code)));
        json_array_append_new(areas, json_pack("{s:i,s:s,s:b}", "code", p, "label",
                                               pref_name_lang(rq->lang, p), "checked",
                                               chosen(rq, values, "areas", code)));
    }
    json_t *sp = json_array();
    for (size_t i = 0; i < expert_speciality_count(); i++) {
        const char *k = expert_speciality_key(i);
        json_array_append_new(sp, json_pack("{s:s,s:s,s:b}", "key", k, "label",
                                            expert_speciality_label(k, rq->lang), "checked",
                                            chosen(rq, values, "specialities", k)));
    }
    json_t *ind = json_array();
    const content_t *c = content_get();
    for (size_t i = 0; c && i < c->n_jsic; i++) {
        const jsic_division_t *d = &c->jsic[i];
        json_array_append_new(ind, json_pack("{s:s,s:s,s:b}", "key", d->code, "label",
                                             dtext_get(&d->label, rq->lang), "checked",
                                             chosen(rq, values, "industries", d->code)));
    }
    json_object_set_new(data, "prefectures", prefs);
    json_object_set_new(data, "area_options", areas);
    json_object_set_new(data, "speciality_options", sp);
    json_object_set_new(data, "industry_options", ind);
    json_object_set_new(data, "mode_onsite", json_boolean(chosen(rq, values, "mode", "onsite")));
    json_object_set_new(data, "mode_online", json_boolean(chosen(rq, values, "mode", "online")));
}

/* ---- mail ---- */

void expert_mail(struct req *rq, const char *sql, int64_t id, const struct expert_mail *m)
{
    db_res_t *r = db_query(rq->db, sql, "i", id);
    const char *lang = rq->lang;
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        rq->lang = str_eq(db_res_text(r, i, 1), "en") ? "en" : "ja";
        buf_t b;
        buf_init(&b);
        buf_printf(&b, "%s\n\n", tr(rq, m->lead));
        for (size_t k = 0; k < 6 && m->labels[k]; k++)
            buf_printf(&b, "%s: %s\n", tr(rq, m->labels[k]),
                       m->tr_value[k] ? tr(rq, m->values[k]) : m->values[k]);
        if (m->link)
            buf_printf(&b, "\n%s%s\n", rq->app->cfg.base_url, m->link);
        if (m->tail)
            buf_printf(&b, "\n%s\n", tr(rq, m->tail));
        web_send_mail(rq, db_res_text(r, i, 0), tr(rq, m->subject), buf_cstr(&b));
        buf_free(&b);
    }
    rq->lang = lang;
    db_res_free(r);
}
