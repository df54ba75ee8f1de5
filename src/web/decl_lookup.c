/* decl_lookup.c - one declaration's current public state (verification page, API, badge). */
#include "decl_lookup.h"
#include "policy.h"
#include "str.h"

#include <string.h>

bool decl_id_valid(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    }
    return n >= 1 && n <= 63;
}

int decl_lookup(db_conn_t *c, const char *public_id, struct decl_view *out, bool history)
{
    memset(out, 0, sizeof *out);
    if (!decl_id_valid(public_id))
        return 0;
    /* The hot path of the API, the verification page and the badge. Preparing a statement
     * costs more than running it (the store prepares every time), so: two single-table
     * statements on indexes (a join with sub-selects cost twice as many instructions). A
     * step-up leaves one superseded row; of the others the newest is current. */
    db_res_t *r = db_query(c,
                           "SELECT id, level, status, declared_at, withdrawn_at, withdrawn_reason, "
                           "step_up, org_id FROM declarations WHERE public_id = ?",
                           "s", public_id);
    if (!r)
        return -1;
    size_t best = 0, n = db_res_rows(r);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        if (str_eq(db_res_text(r, i, 2), "superseded"))
            continue;
        if (!found || db_res_int(r, i, 0) > db_res_int(r, best, 0))
            best = i;
        found = true;
    }
    if (!found) {
        db_res_free(r);
        return 0;
    }
    out->row_id = db_res_int(r, best, 0);
    str_copy(out->public_id, sizeof out->public_id, public_id);
    out->level = (int)db_res_int(r, best, 1);
    out->active = str_eq(db_res_text(r, best, 2), "active");
    str_copy(out->declared_at, sizeof out->declared_at, db_res_text(r, best, 3));
    str_copy(out->withdrawn_at, sizeof out->withdrawn_at, db_res_text(r, best, 4));
    str_copy(out->withdrawn_reason, sizeof out->withdrawn_reason, db_res_text(r, best, 5));
    out->step_up = db_res_int(r, best, 6) != 0;
    out->org_id = db_res_int(r, best, 7);
    db_res_free(r);
    r = db_query(c, "SELECT name, prefecture FROM organizations WHERE id = ?", "i", out->org_id);
    if (!r)
        return -1;
    if (db_res_rows(r) != 1) {
        db_res_free(r);
        return 0;
    }
    str_copy(out->org_name, sizeof out->org_name, db_res_text(r, 0, 0));
    out->prefecture = (int)db_res_int(r, 0, 1);
    db_res_free(r);
    str_copy(out->first_declared_at, sizeof out->first_declared_at, out->declared_at);
    if (out->level == 2) {
        r = db_query(c, "SELECT 1 FROM policies WHERE org_id = ? AND status = 'published' LIMIT 1",
                     "i", out->org_id);
        if (!r)
            return -1;
        out->has_policy = db_res_rows(r) > 0;
        db_res_free(r);
    }
    if (history && out->step_up) {
        r = db_query(c, "SELECT MIN(declared_at) FROM declarations WHERE public_id = ?", "s",
                     public_id);
        if (!r)
            return -1;
        str_copy(out->first_declared_at, sizeof out->first_declared_at, db_res_text(r, 0, 0));
        db_res_free(r);
    }
    return 1;
}

void decl_date(char out[11], const char *iso)
{
    str_copy(out, 11, iso ? iso : "");
}

void decl_date_text(char *out, size_t outsz, const char *iso, const char *lang)
{
    char date[11];
    decl_date(date, iso);
    if (!*date || !policy_format_date(date, lang, out, outsz))
        str_copy(out, outsz, date);
}

void decl_policy_url(buf_t *out, const char *base_url, int64_t org_id)
{
    size_t n = strlen(base_url);
    while (n > 0 && base_url[n - 1] == '/')
        n--;
    buf_append(out, base_url, n);
    buf_printf(out, "/orgs/%lld/policy", (long long)org_id);
}
