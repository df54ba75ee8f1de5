/* workspace.c - one organization's progress summary (star level, declaration, latest
 * completed diagnosis, published policy, plan) as JSON. */
#include "workspace.h"

#include <stdlib.h>

/* Column c of row 0 as a JSON integer, or null for SQL NULL. */
static json_t *jint(const db_res_t *r, size_t c)
{
    return db_res_isnull(r, 0, c) ? json_null() : json_integer((json_int_t)db_res_int(r, 0, c));
}

static json_t *jstr(const db_res_t *r, size_t c)
{
    const char *s = db_res_str(r, 0, c);
    return s ? json_string(s) : json_null();
}

json_t *workspace_summary(db_conn_t *db, int64_t org_id)
{
    db_res_t *r = db_query(db,
                           "SELECT id, name, org_type, industry, prefecture, sme_eligible, "
                           "sme_rule FROM organizations WHERE id = ?",
                           "i", org_id);
    if (!r || db_res_rows(r) != 1) {
        db_res_free(r);
        return NULL;
    }
    json_t *org =
        json_pack("{s:o,s:o,s:o,s:o,s:o,s:b,s:o}", "id", jint(r, 0), "name", jstr(r, 1), "org_type",
                  jstr(r, 2), "industry", jstr(r, 3), "prefecture", jint(r, 4), "sme_eligible",
                  db_res_int(r, 0, 5) != 0, "sme_rule", jint(r, 6));
    db_res_free(r);
    json_t *out = json_pack("{s:o,s:i,s:n,s:n,s:n,s:n}", "org", org, "stars", 0, "declaration",
                            "diagnosis", "policy", "plan");

    /* The newest declaration row is the current state: a step-up supersedes the ★ row and a
     * withdrawal marks the active row, so the newest row is active or withdrawn. */
    r = db_query(db,
                 "SELECT id, public_id, level, step_up, status, declared_at, withdrawn_at, "
                 "withdrawn_reason FROM declarations WHERE org_id = ? ORDER BY id DESC LIMIT 1",
                 "i", org_id);
    if (r && db_res_rows(r) == 1) {
        json_object_set_new(out, "declaration",
                            json_pack("{s:o,s:o,s:o,s:b,s:o,s:o,s:o,s:o}", "id", jint(r, 0),
                                      "public_id", jstr(r, 1), "level", jint(r, 2), "step_up",
                                      db_res_int(r, 0, 3) != 0, "status", jstr(r, 4), "declared_at",
                                      jstr(r, 5), "withdrawn_at", jstr(r, 6), "withdrawn_reason",
                                      jstr(r, 7)));
    }
    db_res_free(r);
    r = db_query(db,
                 "SELECT level FROM declarations WHERE org_id = ? AND status = 'active' ORDER BY "
                 "level DESC LIMIT 1",
                 "i", org_id);
    if (r && db_res_rows(r) == 1)
        json_object_set_new(out, "stars", json_integer((json_int_t)db_res_int(r, 0, 0)));
    db_res_free(r);

    r = db_query(db,
                 "SELECT id, completed_at, total, band FROM diagnoses WHERE org_id = ? AND status "
                 "= 'completed' ORDER BY completed_at DESC, id DESC LIMIT 1",
                 "i", org_id);
    if (r && db_res_rows(r) == 1)
        json_object_set_new(out, "diagnosis",
                            json_pack("{s:o,s:o,s:o,s:o}", "id", jint(r, 0), "completed_at",
                                      jstr(r, 1), "total", jint(r, 2), "band", jstr(r, 3)));
    db_res_free(r);

    r = db_query(db,
                 "SELECT id, version, published_at FROM policies WHERE org_id = ? AND status = "
                 "'published' ORDER BY version DESC LIMIT 1",
                 "i", org_id);
    if (r && db_res_rows(r) == 1)
        json_object_set_new(out, "policy",
                            json_pack("{s:o,s:o,s:o}", "id", jint(r, 0), "version", jint(r, 1),
                                      "published_at", jstr(r, 2)));
    db_res_free(r);

    r = db_query(db, "SELECT id, created_at FROM plans WHERE org_id = ? ORDER BY id DESC LIMIT 1",
                 "i", org_id);
    if (r && db_res_rows(r) == 1)
        json_object_set_new(out, "plan",
                            json_pack("{s:o,s:o}", "id", jint(r, 0), "created_at", jstr(r, 1)));
    db_res_free(r);
    return out;
}
