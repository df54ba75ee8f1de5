/* pages_expert_store.c - the expert registry's profile validation, storage, data lists and
 * mail (expert_store.h). */
#include "content.h"
#include "expert_store.h"
#include "form.h"
#include "mailer.h"
#include "pref_options.h"
#include "str.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>

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

struct err_ctx {
    const struct req *rq;
    json_t *errors;
};

static void to_form_error(void *ctx, const char *field, const char *msgid)
{
    struct err_ctx *c = ctx;
    form_error(c->rq, c->errors, field, msgid);
}

void expert_validate(const struct req *rq, const struct expert_input *in,
                     struct expert_profile *out, json_t *errors)
{
    struct err_ctx c = {rq, errors};
    expert_check(in, out, to_form_error, &c);
    if (str_eq(out->qualification, "riss") && *out->registration_no) {
        /* One registry entry per RISS registration (the caller's own entry excepted). */
        db_res_t *r =
            db_query(rq->db,
                     "SELECT COUNT(*) FROM experts WHERE qualification = 'riss' AND "
                     "registration_no = ? AND user_id <> ?",
                     "si", out->registration_no, rq->logged_in ? rq->user.id : (int64_t)0);
        if (r && db_res_int(r, 0, 0) > 0)
            form_error(rq, errors, "registration_no",
                       "This registration number is already registered. If it is yours, please "
                       "contact the secretariat.");
        db_res_free(r);
    }
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

void expert_mail(struct req *rq, db_res_t *to, const struct expert_mail *m)
{
    struct mail_notice n = {
        .subject = m->subject, .intro = m->lead, .tail = m->tail, .link = m->link};
    for (size_t k = 0; k < 6 && m->labels[k]; k++) {
        n.label[n.n] = m->labels[k];
        n.value[n.n] = m->values[k];
        n.value_msgid[n.n++] = m->tr_value[k];
    }
    mail_notice_rows(rq, to, &n);
}
