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

int decl_lookup(db_conn_t *c, const char *public_id, struct decl_view *out)
{
    memset(out, 0, sizeof *out);
    if (!decl_id_valid(public_id))
        return 0;
    /* One indexed probe on declarations_public; the two sub-selects use the policies
     * (org_id, version) and declarations_public indexes. */
    db_res_t *r = db_query(
        c,
        "SELECT d.id, d.public_id, d.level, d.status, d.declared_at, d.withdrawn_at, "
        "d.withdrawn_reason, d.step_up, o.id, o.name, o.prefecture, "
        "(SELECT COUNT(*) FROM policies p WHERE p.org_id = o.id AND p.status = 'published'), "
        "(SELECT MIN(f.declared_at) FROM declarations f WHERE f.public_id = d.public_id) "
        "FROM declarations d JOIN organizations o ON o.id = d.org_id "
        "WHERE d.public_id = ? AND d.status <> 'superseded' ORDER BY d.id DESC LIMIT 1",
        "s", public_id);
    if (!r)
        return -1;
    if (db_res_rows(r) == 0) {
        db_res_free(r);
        return 0;
    }
    out->row_id = db_res_int(r, 0, 0);
    str_copy(out->public_id, sizeof out->public_id, db_res_text(r, 0, 1));
    out->level = (int)db_res_int(r, 0, 2);
    out->active = str_eq(db_res_text(r, 0, 3), "active");
    str_copy(out->declared_at, sizeof out->declared_at, db_res_text(r, 0, 4));
    str_copy(out->withdrawn_at, sizeof out->withdrawn_at, db_res_text(r, 0, 5));
    str_copy(out->withdrawn_reason, sizeof out->withdrawn_reason, db_res_text(r, 0, 6));
    out->step_up = db_res_int(r, 0, 7) != 0;
    out->org_id = db_res_int(r, 0, 8);
    str_copy(out->org_name, sizeof out->org_name, db_res_text(r, 0, 9));
    out->prefecture = (int)db_res_int(r, 0, 10);
    out->has_policy = db_res_int(r, 0, 11) > 0;
    str_copy(out->first_declared_at, sizeof out->first_declared_at, db_res_text(r, 0, 12));
    db_res_free(r);
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
