/* access.c - per-organization access decisions and the audit log. */
#include "log.h"
#include "str.h"
#include "timeutil.h"
#include "web.h"

enum org_access org_access_for(struct req *rq, int64_t org_id)
{
    if (!rq->logged_in)
        return ACCESS_NONE;
    db_res_t *r =
        db_query(rq->db,
                 "SELECT (SELECT kind FROM memberships WHERE user_id = ? AND org_id = ?), "
                 "(SELECT COUNT(*) FROM organizations WHERE id = ?)",
                 "iii", rq->user.id, org_id, org_id);
    enum org_access a = ACCESS_NONE;
    if (r && db_res_int(r, 0, 1) == 1) {
        const char *kind = db_res_str(r, 0, 0);
        if (kind && str_eq(kind, "member"))
            a = ACCESS_OWNER;
        else if (kind && str_eq(kind, "advisor"))
            a = ACCESS_WRITE;
        else if (rq->user.role == ROLE_OPERATOR || rq->user.role == ROLE_ADMIN)
            a = ACCESS_READ;
    }
    db_res_free(r);
    return a;
}

void audit(struct req *rq, const char *action, int64_t org_id, const char *detail)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (db_exec(rq->db,
                "INSERT INTO audit_log (at, user_id, org_id, action, detail, ip) VALUES (?, ?, ?, "
                "?, ?, ?)",
                "siisss", now, rq->logged_in ? rq->user.id : (int64_t)0, org_id, action,
                detail ? detail : "", rq->remote_ip) < 0)
        log_error("audit %s: %s", action, db_errmsg(rq->db));
}
