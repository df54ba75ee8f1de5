/* org_profile.c - organization profile validation, SME decision, storage and display data. */
#include "org_profile.h"

#include "form.h"
#include "profile.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

static void put_err(const struct req *rq, json_t *errors, const field_error_t *e)
{
    if (e && !json_object_get(errors, e->field))
        json_object_set_new(errors, e->field, json_string(dtext_get(&e->text, rq->lang)));
}

bool org_profile_check(const struct req *rq, const org_form_t *f, json_t *errors,
                       org_checked_t *out)
{
    const content_t *c = content_get();
    memset(out, 0, sizeof *out);
    if (!c) {
        form_error(rq, errors, "name", "Something went wrong. Please try again.");
        return false;
    }
    size_t before = json_object_size(errors);
    put_err(rq, errors, profile_check_name(f->name));
    put_err(rq, errors, profile_check_org_type(c, f->org_type));
    const org_type_t *ot = content_org_type(c, f->org_type);
    if (ot) {
        put_err(rq, errors, profile_check_industry(c, f->org_type, f->industry));
        out->has_industry = ot->needs_industry;
    }
    put_err(rq, errors, profile_check_capital(f->capital, &out->has_capital, &out->capital));
    /* Companies are judged on capital or employees: without the capital the decision would
     * be guesswork, so it is asked for. Other types are judged on employees only. */
    if (ot && ot->judged_on == JUDGE_CAPITAL_OR_EMPLOYEES && !json_object_get(errors, "capital") &&
        !out->has_capital)
        form_error(rq, errors, "capital",
                   "Please enter the capital in yen. Companies are judged on their capital or "
                   "their number of employees.");
    put_err(rq, errors, profile_check_employees(f->employees, &out->employees));
    put_err(rq, errors, profile_check_prefecture(f->prefecture, &out->prefecture));
    put_err(rq, errors, profile_check_website(f->website));
    const char *m = check_text(f->representative, 0, 100);
    if (*m)
        form_error(rq, errors, "representative", m);
    if (json_object_size(errors) > before)
        return false;
    sme_input_t in = {
        .org_type = f->org_type,
        .industry = out->has_industry ? f->industry : NULL,
        .has_capital = out->has_capital,
        .capital = out->capital,
        .employees = out->employees,
    };
    sme_err_t e = sme_check(c, &in, &out->sme);
    if (e != SME_OK) {
        json_object_set_new(errors, e == SME_E_ORG_TYPE ? "org_type" : "industry",
                            json_string(sme_err_text(e, rq->lang)));
        return false;
    }
    return true;
}

/* NULL binds SQL NULL for the optional columns. */
static const char *industry_or_null(const org_form_t *f, const org_checked_t *chk)
{
    return chk->has_industry ? f->industry : NULL;
}

/* Optional integers are bound as text so that "not given" can be SQL NULL; both engines
 * convert the text to the column's integer type. */
struct org_binds {
    char capital[32], rule[16], employees[32], prefecture[16];
};

static void binds_fill(struct org_binds *b, const org_checked_t *chk)
{
    str_fmt(b->capital, sizeof b->capital, "%lld", (long long)chk->capital);
    str_fmt(b->rule, sizeof b->rule, "%d", chk->sme.rule);
    str_fmt(b->employees, sizeof b->employees, "%lld", (long long)chk->employees);
    str_fmt(b->prefecture, sizeof b->prefecture, "%d", chk->prefecture);
}

int64_t org_profile_create(struct req *rq, const org_form_t *f, const org_checked_t *chk)
{
    char now[TIME_ISO_LEN];
    struct org_binds b;
    time_now_iso(now);
    binds_fill(&b, chk);
    if (db_begin(rq->db) < 0)
        return -1;
    int64_t id = db_insert_id(
        rq->db,
        "INSERT INTO organizations (name, org_type, industry, capital, employees, prefecture, "
        "website, representative, sme_eligible, sme_rule, created_at) VALUES (?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?) RETURNING id",
        "ssssssssbss", f->name, f->org_type, industry_or_null(f, chk),
        chk->has_capital ? b.capital : NULL, b.employees, b.prefecture, f->website,
        f->representative, chk->sme.eligible, chk->sme.rule ? b.rule : NULL, now);
    if (id < 0)
        goto fail;
    if (db_exec(rq->db,
                "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES (?, ?, "
                "'member', ?)",
                "iis", rq->user.id, id, now) != 1)
        goto fail;
    if (db_commit(rq->db) < 0)
        goto fail;
    return id;
fail:
    db_rollback(rq->db);
    return -1;
}

int org_profile_update(struct req *rq, int64_t org_id, const org_form_t *f,
                       const org_checked_t *chk)
{
    struct org_binds b;
    binds_fill(&b, chk);
    int64_t n =
        db_exec(rq->db,
                "UPDATE organizations SET name = ?, org_type = ?, industry = ?, capital = "
                "?, employees = ?, prefecture = ?, website = ?, representative = ?, "
                "sme_eligible = ?, sme_rule = ? WHERE id = ?",
                "ssssssssbsi", f->name, f->org_type, industry_or_null(f, chk),
                chk->has_capital ? b.capital : NULL, b.employees, b.prefecture, f->website,
                f->representative, chk->sme.eligible, chk->sme.rule ? b.rule : NULL, org_id);
    return n == 1 ? 0 : -1;
}

json_t *org_profile_values(struct req *rq, int64_t org_id)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT name, org_type, industry, capital, employees, prefecture, "
                           "website, representative FROM organizations WHERE id = ?",
                           "i", org_id);
    if (!r || db_res_rows(r) != 1) {
        db_res_free(r);
        return NULL;
    }
    json_t *v = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "name", db_res_text(r, 0, 0),
                          "org_type", db_res_text(r, 0, 1), "industry", db_res_text(r, 0, 2),
                          "capital", db_res_text(r, 0, 3), "employees", db_res_text(r, 0, 4),
                          "prefecture", db_res_text(r, 0, 5), "website", db_res_text(r, 0, 6),
                          "representative", db_res_text(r, 0, 7));
    db_res_free(r);
    return v;
}

static const char *vstr(json_t *values, const char *key)
{
    const char *s = json_string_value(json_object_get(values, key));
    return s ? s : "";
}

void org_profile_options(const struct req *rq, json_t *data, json_t *values)
{
    const content_t *c = content_get();
    json_t *types = json_array(), *inds = json_array(), *prefs = json_array();
    const char *sel_type = vstr(values, "org_type"), *sel_ind = vstr(values, "industry");
    int64_t sel_pref = 0;
    str_to_i64(vstr(values, "prefecture"), 1, PREFECTURES, &sel_pref);
    for (size_t i = 0; c && i < c->n_org_types; i++) {
        const org_type_t *t = &c->org_types[i];
        json_array_append_new(types, json_pack("{s:s,s:s,s:b,s:b}", "key", t->key, "label",
                                               dtext_get(&t->label, rq->lang), "selected",
                                               str_eq(t->key, sel_type), "needs_industry",
                                               t->needs_industry));
    }
    for (size_t i = 0; c && i < c->n_industries; i++) {
        const industry_t *d = &c->industries[i];
        json_array_append_new(inds, json_pack("{s:s,s:s,s:b}", "key", d->key, "label",
                                              dtext_get(&d->label, rq->lang), "selected",
                                              str_eq(d->key, sel_ind)));
    }
    for (int i = 0; c && i < PREFECTURES; i++) {
        const prefecture_t *p = &c->prefectures[i];
        json_array_append_new(prefs, json_pack("{s:i,s:s,s:b}", "code", p->code, "label",
                                               dtext_get(&p->name, rq->lang), "selected",
                                               p->code == sel_pref));
    }
    json_object_set_new(data, "org_types", types);
    json_object_set_new(data, "industries", inds);
    json_object_set_new(data, "prefectures", prefs);
}

json_t *org_sme_json(const struct req *rq, const char *org_type, const sme_result_t *res)
{
    const content_t *c = content_get();
    const org_type_t *ot = c ? content_org_type(c, org_type) : NULL;
    const sme_row_t *row = c && res->rule ? content_row(c, res->rule) : NULL;
    json_t *j = json_pack("{s:b,s:s,s:b}", "eligible", res->eligible, "reason",
                          lang_is_en(rq->lang) ? res->reason_en : res->reason_ja, "small_scale",
                          res->small_scale && res->small_scale_known);
    json_object_set_new(j, "rule", res->rule ? json_integer(res->rule) : json_null());
    json_object_set_new(j, "category",
                        row ? json_string(dtext_get(&row->category, rq->lang)) : json_null());
    char yen[64] = "";
    if (res->capital_limit >= 0) {
        if (lang_is_en(rq->lang))
            sme_yen_en(yen, sizeof yen, res->capital_limit);
        else
            sme_yen_ja(yen, sizeof yen, res->capital_limit);
    }
    json_object_set_new(j, "capital_limit", *yen ? json_string(yen) : json_null());
    json_object_set_new(j, "employees_limit",
                        res->employees_limit >= 0 ? json_integer((json_int_t)res->employees_limit)
                                                  : json_null());
    json_object_set_new(j, "never", json_boolean(ot && ot->judged_on == JUDGE_NEVER));
    return j;
}

json_t *org_sme_view(struct req *rq, int64_t org_id)
{
    const content_t *c = content_get();
    db_res_t *r = db_query(rq->db,
                           "SELECT org_type, industry, capital, employees FROM organizations "
                           "WHERE id = ?",
                           "i", org_id);
    json_t *out = NULL;
    if (c && r && db_res_rows(r) == 1) {
        sme_input_t in = {
            .org_type = db_res_text(r, 0, 0),
            .industry = db_res_str(r, 0, 1),
            .has_capital = !db_res_isnull(r, 0, 2),
            .capital = db_res_int(r, 0, 2),
            .employees = db_res_int(r, 0, 3),
        };
        sme_result_t res;
        if (sme_check(c, &in, &res) == SME_OK)
            out = org_sme_json(rq, in.org_type, &res);
    }
    db_res_free(r);
    return out;
}

const char *org_type_label(const struct req *rq, const char *key)
{
    const content_t *c = content_get();
    const org_type_t *t = c && key ? content_org_type(c, key) : NULL;
    return t ? dtext_get(&t->label, rq->lang) : "";
}

const char *org_industry_label(const struct req *rq, const char *key)
{
    const content_t *c = content_get();
    const industry_t *d = c && key && *key ? content_industry(c, key) : NULL;
    return d ? dtext_get(&d->label, rq->lang) : "";
}

const char *org_prefecture_label(const struct req *rq, int code)
{
    const content_t *c = content_get();
    const prefecture_t *p = c ? content_prefecture(c, code) : NULL;
    return p ? dtext_get(&p->name, rq->lang) : "";
}
