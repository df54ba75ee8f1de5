/* assets_store.c - rows of info_assets and their computed risk. */
#include "assets_store.h"

#include "form.h"
#include "log.h"
#include "risk.h"
#include "str.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>

#define ASSET_COLS                                                                                 \
    "id, business_area, name, notes, users_desc, department, medium, owner, confidentiality, "     \
    "integrity, availability, personal_data, existential, threat, weakness, updated_at"

static json_t *row_json(db_res_t *r, size_t k)
{
    int c = (int)db_res_int(r, k, 8), i = (int)db_res_int(r, k, 9), a = (int)db_res_int(r, k, 10);
    bool pd = db_res_int(r, k, 11) != 0, ex = db_res_int(r, k, 12) != 0;
    int t = (int)db_res_int(r, k, 13), w = (int)db_res_int(r, k, 14);
    int imp = risk_importance(c, i, a, pd, ex), lik = risk_likelihood(t, w);
    int risk = risk_value(imp, lik);
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:i,s:i,s:b,s:b,s:i,s:i,s:i,s:i,s:i,"
                     "s:s,s:s}",
                     "id", (json_int_t)db_res_int(r, k, 0), "business_area", db_res_text(r, k, 1),
                     "name", db_res_text(r, k, 2), "notes", db_res_text(r, k, 3), "users",
                     db_res_text(r, k, 4), "department", db_res_text(r, k, 5), "medium",
                     db_res_text(r, k, 6), "owner", db_res_text(r, k, 7), "confidentiality", c,
                     "integrity", i, "availability", a, "personal_data", pd, "existential", ex,
                     "threat", t, "weakness", w, "importance", imp, "likelihood", lik, "risk", risk,
                     "band", risk_band_key(risk_band_of(risk)), "updated_at",
                     db_res_text(r, k, 15));
}

static int by_risk(const void *pa, const void *pb)
{
    const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    json_int_t ra = json_integer_value(json_object_get(a, "risk"));
    json_int_t rb = json_integer_value(json_object_get(b, "risk"));
    if (ra != rb)
        return ra > rb ? -1 : 1;
    int n = strcmp(json_string_value(json_object_get(a, "name")),
                   json_string_value(json_object_get(b, "name")));
    if (n)
        return n;
    json_int_t ia = json_integer_value(json_object_get(a, "id"));
    json_int_t ib = json_integer_value(json_object_get(b, "id"));
    return ia < ib ? -1 : ia > ib;
}

json_t *asset_list(db_conn_t *db, int64_t org_id)
{
    db_res_t *r =
        db_query(db, "SELECT " ASSET_COLS " FROM info_assets WHERE org_id = ?", "i", org_id);
    if (!r)
        return NULL;
    size_t n = db_res_rows(r);
    json_t **rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) {
        db_res_free(r);
        return NULL;
    }
    for (size_t k = 0; k < n; k++)
        rows[k] = row_json(r, k);
    db_res_free(r);
    /* Risk is computed, not stored, so the order is made here, not in SQL. */
    qsort(rows, n, sizeof *rows, by_risk);
    json_t *list = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(list, rows[k]);
    free(rows);
    return list;
}

json_t *asset_get(db_conn_t *db, int64_t org_id, int64_t id)
{
    if (id <= 0)
        return NULL;
    db_res_t *r = db_query(db, "SELECT " ASSET_COLS " FROM info_assets WHERE id = ? AND org_id = ?",
                           "ii", id, org_id);
    json_t *a = r && db_res_rows(r) == 1 ? row_json(r, 0) : NULL;
    db_res_free(r);
    return a;
}

static bool level_ok(const char *s)
{
    int64_t v;
    return s && str_to_i64(s, 1, 3, &v);
}

static void text_field(const struct req *rq, json_t *errors, const char *field, const char *s,
                       size_t min, size_t max, bool *ok)
{
    const char *e = check_text(s ? s : "", min, max);
    if (*e) {
        form_error(rq, errors, field, e);
        *ok = false;
    }
}

bool asset_validate(const struct req *rq, const asset_in_t *in, json_t *errors)
{
    bool ok = true;
    const char *name = in->name ? in->name : "";
    if (str_utf8_len(name) == 0) {
        form_error(rq, errors, "name",
                   N_("Please enter the name of the information asset, such as the customer "
                      "list."));
        ok = false;
    } else {
        text_field(rq, errors, "name", name, 1, ASSET_NAME_MAX, &ok);
    }
    text_field(rq, errors, "business_area", in->business_area, 0, ASSET_TEXT_MAX, &ok);
    text_field(rq, errors, "notes", in->notes, 0, ASSET_NOTES_MAX, &ok);
    text_field(rq, errors, "users", in->users, 0, ASSET_TEXT_MAX, &ok);
    text_field(rq, errors, "department", in->department, 0, ASSET_TEXT_MAX, &ok);
    text_field(rq, errors, "medium", in->medium, 0, ASSET_TEXT_MAX, &ok);
    text_field(rq, errors, "owner", in->owner, 0, ASSET_TEXT_MAX, &ok);
    const struct {
        const char *field, *value, *msg;
    } levels[] = {
        {"c", in->c, N_("Please choose the confidentiality: 1, 2 or 3.")},
        {"i", in->i, N_("Please choose the integrity: 1, 2 or 3.")},
        {"a", in->a, N_("Please choose the availability: 1, 2 or 3.")},
        {"threat", in->threat, N_("Please choose how often the threat can happen: 1, 2 or 3.")},
        {"weakness", in->weakness, N_("Please choose how well it is protected now: 1, 2 or 3.")},
    };
    for (size_t k = 0; k < sizeof levels / sizeof levels[0]; k++)
        if (!level_ok(levels[k].value)) {
            form_error(rq, errors, levels[k].field, levels[k].msg);
            ok = false;
        }
    return ok;
}

static const char *t(const char *s)
{
    return s ? s : "";
}

int64_t asset_insert(struct req *rq, const asset_in_t *in)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    int64_t id = db_insert_id(
        rq->db,
        "INSERT INTO info_assets (org_id, business_area, name, notes, users_desc, department, "
        "medium, owner, confidentiality, integrity, availability, personal_data, existential, "
        "threat, weakness, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "isssssssiiibbiiisis", rq->org_id, t(in->business_area), t(in->name), t(in->notes),
        t(in->users), t(in->department), t(in->medium), t(in->owner), (int64_t)atoi(in->c),
        (int64_t)atoi(in->i), (int64_t)atoi(in->a), in->personal_data, in->existential,
        (int64_t)atoi(in->threat), (int64_t)atoi(in->weakness), rq->user.id, now, rq->user.id, now);
    if (id < 0) {
        log_error("assets: %s", db_errmsg(rq->db));
        return -1;
    }
    char detail[64];
    str_fmt(detail, sizeof detail, "asset %lld", (long long)id);
    audit(rq, "asset.create", rq->org_id, detail);
    return id;
}

int asset_update(struct req *rq, int64_t id, const asset_in_t *in)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    int64_t n = db_exec(
        rq->db,
        "UPDATE info_assets SET business_area = ?, name = ?, notes = ?, users_desc = ?, "
        "department = ?, medium = ?, owner = ?, confidentiality = ?, integrity = ?, "
        "availability = ?, personal_data = ?, existential = ?, threat = ?, weakness = ?, "
        "updated_by = ?, updated_at = ? WHERE id = ? AND org_id = ?",
        "sssssssiiibbiiisii", t(in->business_area), t(in->name), t(in->notes), t(in->users),
        t(in->department), t(in->medium), t(in->owner), (int64_t)atoi(in->c), (int64_t)atoi(in->i),
        (int64_t)atoi(in->a), in->personal_data, in->existential, (int64_t)atoi(in->threat),
        (int64_t)atoi(in->weakness), rq->user.id, now, id, rq->org_id);
    if (n < 0) {
        log_error("assets: %s", db_errmsg(rq->db));
        return -1;
    }
    if (n == 0)
        return 0;
    char detail[64];
    str_fmt(detail, sizeof detail, "asset %lld", (long long)id);
    audit(rq, "asset.update", rq->org_id, detail);
    return 1;
}

int asset_delete(struct req *rq, int64_t id)
{
    json_t *a = asset_get(rq->db, rq->org_id, id);
    if (!a)
        return 0;
    char detail[160];
    str_fmt(detail, sizeof detail, "asset %lld %.100s", (long long)id,
            json_string_value(json_object_get(a, "name")));
    json_decref(a);
    int64_t n = db_exec(rq->db, "DELETE FROM info_assets WHERE id = ? AND org_id = ?", "ii", id,
                        rq->org_id);
    if (n < 0) {
        log_error("assets: %s", db_errmsg(rq->db));
        return -1;
    }
    if (n == 0)
        return 0;
    audit(rq, "asset.delete", rq->org_id, detail);
    return 1;
}

static const char *band_label(const struct req *rq, const char *band)
{
    if (str_eq(band, "urgent"))
        return tr(rq, "Urgent");
    if (str_eq(band, "this_term"))
        return tr(rq, "This term");
    if (str_eq(band, "desirable"))
        return tr(rq, "Desirable");
    return tr(rq, "Low");
}

void asset_xlsx_table(const struct req *rq, const json_t *list, json_t **columns, json_t **rows)
{
    static const char *const titles[] = {N_("Business area"),
                                         N_("Information asset"),
                                         N_("Notes"),
                                         N_("Users of the information"),
                                         N_("Owning department"),
                                         N_("Medium / location"),
                                         N_("Owner"),
                                         N_("Confidentiality"),
                                         N_("Integrity"),
                                         N_("Availability"),
                                         N_("Personal data"),
                                         N_("Existential impact"),
                                         N_("Importance"),
                                         N_("Threat"),
                                         N_("Weakness"),
                                         N_("Likelihood"),
                                         N_("Risk"),
                                         N_("Priority")};
    *columns = json_array();
    for (size_t k = 0; k < sizeof titles / sizeof titles[0]; k++)
        json_array_append_new(*columns, json_string(tr(rq, titles[k])));
    *rows = json_array();
    size_t k;
    json_t *a;
    json_array_foreach(list, k, a)
    {
        json_t *row = json_array();
        static const char *const text[] = {"business_area", "name",   "notes", "users",
                                           "department",    "medium", "owner"};
        for (size_t f = 0; f < sizeof text / sizeof text[0]; f++)
            json_array_append(row, json_object_get(a, text[f]));
        static const char *const nums[] = {"confidentiality", "integrity", "availability"};
        for (size_t f = 0; f < 3; f++)
            json_array_append(row, json_object_get(a, nums[f]));
        json_array_append_new(row, json_string(json_is_true(json_object_get(a, "personal_data"))
                                                   ? tr(rq, "Yes")
                                                   : tr(rq, "No")));
        json_array_append_new(row, json_string(json_is_true(json_object_get(a, "existential"))
                                                   ? tr(rq, "Yes")
                                                   : tr(rq, "No")));
        static const char *const more[] = {"importance", "threat", "weakness", "likelihood",
                                           "risk"};
        for (size_t f = 0; f < 5; f++)
            json_array_append(row, json_object_get(a, more[f]));
        json_array_append_new(
            row, json_string(band_label(rq, json_string_value(json_object_get(a, "band")))));
        json_array_append_new(*rows, row);
    }
}
