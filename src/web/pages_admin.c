/* pages_admin.c - user administration (admin) and the audit log (operators and admins). */
#include "pages.h"
#include "str.h"

#define AUDIT_PAGE 200 /* newest entries shown */

static const char *const roles[] = {"sme", "advisor", "operator", "admin"};

static bool valid_role(const char *r)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (str_eq(r, roles[i]))
            return true;
    return false;
}

static void users_list(struct req *rq, struct resp *rs)
{
    const char *q = req_query(rq, "q");
    char pattern[300];
    if (!str_fmt(pattern, sizeof pattern, "%%%s%%", q))
        pattern[0] = '\0';
    db_res_t *r = db_query(rq->db,
                           "SELECT id, email, name, role, disabled, created_at FROM users WHERE "
                           "email LIKE ? OR name LIKE ? ORDER BY id LIMIT 500",
                           "ss", pattern, pattern);
    if (!r) {
        page_error(rq, rs, 500);
        return;
    }
    json_t *users = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++)
        json_array_append_new(
            users,
            json_pack("{s:I,s:s,s:s,s:s,s:b,s:s,s:b}", "id", (json_int_t)db_res_int(r, i, 0),
                      "email", db_res_text(r, i, 1), "name", db_res_text(r, i, 2), "role",
                      db_res_text(r, i, 3), "disabled", db_res_int(r, i, 4) != 0, "created_at",
                      db_res_text(r, i, 5), "self", db_res_int(r, i, 0) == rq->user.id));
    db_res_free(r);
    page_render(rq, rs, "admin/users",
                json_pack("{s:s,s:o,s:s}", "title", N_("Users"), "users", users, "q", q));
}

static void user_update(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 0);
    const char *role = req_form(rq, "role");
    const char *disabled = req_form(rq, "disabled");
    if (id < 0 || !valid_role(role) || !(str_eq(disabled, "0") || str_eq(disabled, "1"))) {
        page_error(rq, rs, 400);
        return;
    }
    if (id == rq->user.id) {
        /* An admin cannot lock themselves out; another admin must do it. */
        flash_set(rq, rs, "You cannot change your own account here.");
        resp_redirect(rs, "/admin/users");
        return;
    }
    bool ok = db_begin(rq->db) == 0 &&
              db_exec(rq->db, "UPDATE users SET role = ?, disabled = ? WHERE id = ?", "ssi", role,
                      disabled, id) == 1;
    if (ok && str_eq(disabled, "1"))
        ok = db_exec(rq->db, "DELETE FROM sessions WHERE user_id = ?", "i", id) >= 0 &&
             db_exec(rq->db, "DELETE FROM api_tokens WHERE user_id = ?", "i", id) >= 0;
    if (!ok || db_commit(rq->db) < 0) {
        db_rollback(rq->db);
        page_error(rq, rs, 404);
        return;
    }
    char detail[128];
    str_fmt(detail, sizeof detail, "user=%lld role=%s disabled=%s", (long long)id, role, disabled);
    audit(rq, "user_update", 0, detail);
    flash_set(rq, rs, "The account was updated.");
    resp_redirect(rs, "/admin/users");
}

static void audit_list(struct req *rq, struct resp *rs)
{
    const char *action = req_query(rq, "action");
    int64_t org = 0;
    if (*req_query(rq, "org") && !str_to_i64(req_query(rq, "org"), 1, INT64_MAX, &org)) {
        page_error(rq, rs, 400);
        return;
    }
    db_res_t *r =
        db_query(rq->db,
                 "SELECT a.at, COALESCE(u.email, ''), a.org_id, COALESCE(o.name, ''), "
                 "a.action, a.detail, a.ip FROM audit_log a LEFT JOIN users u ON u.id = "
                 "a.user_id LEFT JOIN organizations o ON o.id = a.org_id WHERE (? = '' "
                 "OR a.action = ?) AND (? = 0 OR a.org_id = ?) ORDER BY a.id DESC LIMIT ?",
                 "ssiii", action, action, org, org, (int64_t)AUDIT_PAGE);
    if (!r) {
        page_error(rq, rs, 500);
        return;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++)
        json_array_append_new(
            rows, json_pack("{s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "at", db_res_text(r, i, 0), "user",
                            db_res_text(r, i, 1), "org_id", (json_int_t)db_res_int(r, i, 2),
                            "org_name", db_res_text(r, i, 3), "action", db_res_text(r, i, 4),
                            "detail", db_res_text(r, i, 5), "ip", db_res_text(r, i, 6)));
    db_res_free(r);
    json_t *actions = json_array();
    r = db_query(rq->db, "SELECT DISTINCT action FROM audit_log ORDER BY action", NULL);
    for (size_t i = 0; i < db_res_rows(r); i++)
        json_array_append_new(actions, json_string(db_res_text(r, i, 0)));
    db_res_free(r);
    char orgtxt[24] = "";
    if (org)
        str_fmt(orgtxt, sizeof orgtxt, "%lld", (long long)org);
    page_render(rq, rs, "admin/audit",
                json_pack("{s:s,s:o,s:o,s:s,s:s,s:i}", "title", N_("Audit log"), "rows", rows,
                          "actions", actions, "action", action, "org", orgtxt, "limit",
                          AUDIT_PAGE));
}

void pages_admin_register(struct app *app)
{
    route_add(app, "GET", "/admin/users", R_ADMIN, users_list);
    route_add(app, "POST", "/admin/users/:id", R_ADMIN, user_update);
    route_add(app, "GET", "/operator/audit", R_OPERATOR | R_ADMIN, audit_list);
}
