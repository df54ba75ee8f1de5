/* invite.c - creating, revoking and accepting advisor invitations. */
#include "invite.h"

#include "log.h"
#include "mailer.h"
#include "session.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>
#include <time.h>

static void expiry_cutoff(char out[TIME_ISO_LEN])
{
    time_iso(out, time(NULL) - (time_t)INVITE_DAYS * 86400);
}

static void send_invitation(struct req *rq, const char *email, const char *token)
{
    /* An invitee who already has an account gets the mail in their language; a new person
     * in the language of the owner who invites. */
    const char *lang = rq->lang;
    db_res_t *u = db_query(rq->db, "SELECT lang FROM users WHERE email = lower(?)", "s", email);
    if (u && db_res_rows(u) == 1)
        lang = str_eq(db_res_text(u, 0, 0), "en") ? "en" : "ja";
    db_res_t *o = db_query(rq->db, "SELECT name FROM organizations WHERE id = ?", "i", rq->org_id);
    const catalog_t *cat = rq->app->cat;
    buf_t b;
    buf_init(&b);
    buf_printf(&b, "%s\n\n%s: %s\n%s: %s <%s>\n\n%s\n%s/invite/accept?token=%s\n\n%s\n",
               catalog_get(cat, lang,
                           N_("You are invited to help an organization with its information "
                              "security on otasuke, as an advisor.")),
               catalog_get(cat, lang, N_("Organization")),
               o && db_res_rows(o) == 1 ? db_res_text(o, 0, 0) : "",
               catalog_get(cat, lang, N_("Invited by")), rq->user.name, rq->user.email,
               catalog_get(cat, lang,
                           N_("Open this link to accept the invitation. If you have no account "
                              "yet, you can create one there:")),
               rq->app->cfg.base_url, token,
               catalog_get(cat, lang,
                           N_("The link is valid for 14 days. If you do not know this "
                              "organization, you can ignore this mail.")));
    web_send_mail(rq, email, catalog_get(cat, lang, N_("Invitation to an otasuke workspace")),
                  buf_cstr(&b));
    buf_free(&b);
    db_res_free(o);
    db_res_free(u);
}

int64_t invite_create(struct req *rq, const char *email, enum invite_status *st)
{
    *st = INV_ERROR;
    db_res_t *r = db_query(rq->db,
                           "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id "
                           "WHERE m.org_id = ? AND u.email = lower(?)",
                           "is", rq->org_id, email);
    int64_t n = r && db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : -1;
    db_res_free(r);
    if (n != 0) {
        *st = n > 0 ? INV_HAS_ACCESS : INV_ERROR;
        return -1;
    }
    char tok[65], hash[65], now[TIME_ISO_LEN];
    token_new(tok, 32);
    token_hash(tok, hash);
    time_now_iso(now);
    if (db_begin(rq->db) < 0)
        return -1;
    /* A new invitation to the same address replaces the older pending one. */
    if (db_exec(rq->db,
                "UPDATE invitations SET status = 'revoked' WHERE org_id = ? AND email = lower(?) "
                "AND status = 'pending'",
                "is", rq->org_id, email) < 0)
        goto fail;
    int64_t id = db_insert_id(rq->db,
                              "INSERT INTO invitations (org_id, email, token_hash, invited_by, "
                              "status, created_at) VALUES (?, lower(?), ?, ?, 'pending', ?) "
                              "RETURNING id",
                              "issis", rq->org_id, email, hash, rq->user.id, now);
    if (id < 0)
        goto fail;
    audit(rq, "invite", rq->org_id, email);
    if (db_commit(rq->db) < 0)
        goto fail;
    send_invitation(rq, email, tok);
    *st = INV_OK;
    return id;
fail:
    log_error("invite: %s", db_errmsg(rq->db));
    db_rollback(rq->db);
    return -1;
}

int invite_revoke(struct req *rq, int64_t id)
{
    int64_t n = db_exec(rq->db,
                        "UPDATE invitations SET status = 'revoked' WHERE id = ? AND org_id = ? "
                        "AND status = 'pending'",
                        "ii", id, rq->org_id);
    if (n != 1)
        return -1;
    char detail[32];
    str_fmt(detail, sizeof detail, "invitation=%lld", (long long)id);
    audit(rq, "invite_revoke", rq->org_id, detail);
    return 0;
}

int invite_remove_advisor(struct req *rq, int64_t user_id)
{
    int64_t n = db_exec(rq->db,
                        "DELETE FROM memberships WHERE user_id = ? AND org_id = ? AND kind = "
                        "'advisor'",
                        "ii", user_id, rq->org_id);
    if (n != 1)
        return -1;
    char detail[32];
    str_fmt(detail, sizeof detail, "user=%lld", (long long)user_id);
    audit(rq, "advisor_remove", rq->org_id, detail);
    return 0;
}

json_t *invite_pending(struct req *rq)
{
    char cutoff[TIME_ISO_LEN];
    expiry_cutoff(cutoff);
    json_t *a = json_array();
    db_res_t *r =
        db_query(rq->db,
                 "SELECT id, email, created_at, CASE WHEN created_at > ? THEN 1 ELSE 0 END FROM "
                 "invitations WHERE "
                 "org_id = ? AND status = 'pending' ORDER BY id DESC",
                 "si", cutoff, rq->org_id);
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_array_append_new(a,
                              json_pack("{s:I,s:s,s:s,s:b}", "id", (json_int_t)db_res_int(r, i, 0),
                                        "email", db_res_text(r, i, 1), "created_at",
                                        db_res_text(r, i, 2), "expired", db_res_int(r, i, 3) == 0));
    db_res_free(r);
    return a;
}

json_t *invite_advisors(struct req *rq)
{
    json_t *a = json_array();
    db_res_t *r = db_query(rq->db,
                           "SELECT u.id, u.name, u.email, m.created_at FROM memberships m JOIN "
                           "users u ON u.id = m.user_id WHERE m.org_id = ? AND m.kind = 'advisor' "
                           "ORDER BY m.created_at",
                           "i", rq->org_id);
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_array_append_new(a,
                              json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)db_res_int(r, i, 0),
                                        "name", db_res_text(r, i, 1), "email", db_res_text(r, i, 2),
                                        "since", db_res_text(r, i, 3)));
    db_res_free(r);
    return a;
}

bool invite_find(struct req *rq, const char *token, struct invite_info *out)
{
    char hash[65], cutoff[TIME_ISO_LEN];
    memset(out, 0, sizeof *out);
    if (strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64)
        return false;
    token_hash(token, hash);
    expiry_cutoff(cutoff);
    db_res_t *r = db_query(rq->db,
                           "SELECT i.id, i.org_id, i.email, o.name FROM invitations i JOIN "
                           "organizations o ON o.id = i.org_id WHERE i.token_hash = ? AND "
                           "i.status = 'pending' AND i.created_at > ?",
                           "ss", hash, cutoff);
    bool ok = r && db_res_rows(r) == 1;
    if (ok) {
        out->id = db_res_int(r, 0, 0);
        out->org_id = db_res_int(r, 0, 1);
        str_copy(out->email, sizeof out->email, db_res_text(r, 0, 2));
        str_copy(out->org_name, sizeof out->org_name, db_res_text(r, 0, 3));
    }
    db_res_free(r);
    return ok;
}

enum invite_status invite_accept(struct req *rq, const struct invite_info *inv, int64_t user_id,
                                 bool in_tx)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (!in_tx && db_begin(rq->db) < 0)
        return INV_ERROR;
    enum invite_status st = INV_ERROR;
    db_res_t *r = db_query(rq->db,
                           "SELECT role, (SELECT COUNT(*) FROM memberships WHERE user_id = ? AND "
                           "org_id = ?) FROM users WHERE id = ?",
                           "iii", user_id, inv->org_id, user_id);
    if (!r || db_res_rows(r) != 1) {
        db_res_free(r);
        goto fail;
    }
    bool role_ok = str_eq(db_res_text(r, 0, 0), "sme") || str_eq(db_res_text(r, 0, 0), "advisor");
    bool has = db_res_int(r, 0, 1) > 0;
    db_res_free(r);
    if (!role_ok || has) {
        st = role_ok ? INV_HAS_ACCESS : INV_ROLE;
        goto fail;
    }
    /* The status condition makes a second acceptance of the same link change nothing. */
    int64_t n = db_exec(rq->db,
                        "UPDATE invitations SET status = 'accepted', accepted_by = ? WHERE id = ? "
                        "AND status = 'pending'",
                        "ii", user_id, inv->id);
    if (n != 1) {
        st = n == 0 ? INV_INVALID : INV_ERROR;
        goto fail;
    }
    if (db_exec(rq->db,
                "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES (?, ?, "
                "'advisor', ?)",
                "iis", user_id, inv->org_id, now) != 1)
        goto fail;
    char detail[48];
    str_fmt(detail, sizeof detail, "invitation=%lld user=%lld", (long long)inv->id,
            (long long)user_id);
    audit(rq, "invite_accept", inv->org_id, detail);
    if (!in_tx && db_commit(rq->db) < 0)
        goto fail;
    return INV_OK;
fail:
    if (!in_tx)
        db_rollback(rq->db);
    return st;
}
