/* declare.c - making SECURITY ACTION declarations (★, ★★, step-up) and telling the members. */
#include "declare.h"

#include "log.h"
#include "mailer.h"
#include "str.h"
#include "timeutil.h"

#include <sodium.h>
#include <string.h>

void decl_prereq(struct req *rq, struct decl_prereq *p)
{
    p->diagnosis_id = 0;
    p->policy_id = 0;
    db_res_t *r = db_query(rq->db,
                           "SELECT (SELECT id FROM diagnoses WHERE org_id = ? AND status = "
                           "'completed' ORDER BY completed_at DESC, id DESC LIMIT 1), (SELECT id "
                           "FROM policies WHERE org_id = ? AND status = 'published' ORDER BY "
                           "version DESC LIMIT 1)",
                           "ii", rq->org_id, rq->org_id);
    if (r && db_res_rows(r) == 1) {
        p->diagnosis_id = db_res_isnull(r, 0, 0) ? 0 : db_res_int(r, 0, 0);
        p->policy_id = db_res_isnull(r, 0, 1) ? 0 : db_res_int(r, 0, 1);
    }
    db_res_free(r);
}

bool decl_pledge_complete(unsigned pledged)
{
    return (pledged & 0x3e) == 0x3e; /* bits 1..5 */
}

/* A new public id "SA" + 10 random digits that no declaration uses yet. The caller holds
 * the write transaction, so on SQLite no other request can take the same id meanwhile; on
 * PostgreSQL two concurrent declarations would have to draw the same of 10^10 numbers. */
static int new_public_id(struct req *rq, char out[DECL_PUBLIC_ID_LEN])
{
    for (int attempt = 0; attempt < 20; attempt++) {
        out[0] = 'S';
        out[1] = 'A';
        for (int i = 2; i < 12; i++)
            out[i] = (char)('0' + randombytes_uniform(10));
        out[12] = '\0';
        db_res_t *r =
            db_query(rq->db, "SELECT COUNT(*) FROM declarations WHERE public_id = ?", "s", out);
        int64_t n = r && db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : -1;
        db_res_free(r);
        if (n == 0)
            return 0;
        if (n < 0)
            return -1;
    }
    return -1;
}

static const char *trl(struct req *rq, const char *lang, const char *msgid)
{
    return catalog_get(rq->app->cat, lang, msgid);
}

/* Mails every member (not advisors) of the organization in their own language. */
static void notify_members(struct req *rq, const struct decl_made *d)
{
    db_res_t *o = db_query(rq->db, "SELECT name FROM organizations WHERE id = ?", "i", rq->org_id);
    char org[512] = "";
    if (o && db_res_rows(o) == 1)
        str_copy(org, sizeof org, db_res_text(o, 0, 0));
    db_res_free(o);
    db_res_t *r = mail_org_members(rq, rq->org_id);
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        const char *lang = str_eq(db_res_text(r, i, 1), "en") ? "en" : "ja";
        const char *subject = d->level == 2 ? N_("You have declared SECURITY ACTION (two stars)")
                                            : N_("You have declared SECURITY ACTION (one star)");
        buf_t b;
        buf_init(&b);
        buf_printf(&b, "%s\n\n",
                   trl(rq, lang, N_("Your organization has declared SECURITY ACTION.")));
        buf_printf(&b, "%s: %s\n", trl(rq, lang, N_("Organization")), org);
        buf_printf(&b, "%s: %s\n", trl(rq, lang, N_("Level")), d->level == 2 ? "★★" : "★");
        buf_printf(&b, "%s: %s\n", trl(rq, lang, N_("Declaration ID")), d->public_id);
        buf_printf(&b, "%s: %.10s\n", trl(rq, lang, N_("Date of declaration")), d->declared_at);
        buf_printf(&b, "%s: %s/verify/%s\n", trl(rq, lang, N_("Verification page")),
                   rq->app->cfg.base_url, d->public_id);
        if (d->step_up)
            buf_printf(&b, "\n%s\n",
                       trl(rq, lang,
                           N_("This is a step-up from one star to two stars; your declaration ID "
                              "stays the "
                              "same.")));
        buf_printf(&b, "\n%s\n%s/w/%lld/declaration\n\n%s\n",
                   trl(rq, lang,
                       N_("You may now show the SECURITY ACTION logo mark on your website, "
                          "business cards and pamphlets. Please read the rules for the logo "
                          "first:")),
                   rq->app->cfg.base_url, (long long)rq->org_id,
                   trl(rq, lang,
                       N_("SECURITY ACTION is a self-declaration. Please say that you have "
                          "declared it, not that you are certified.")));
        web_send_mail(rq, db_res_text(r, i, 0), trl(rq, lang, subject), buf_cstr(&b));
        buf_free(&b);
    }
    db_res_free(r);
}

enum decl_status decl_make(struct req *rq, int level, unsigned pledged, struct decl_prereq *p,
                           struct decl_made *out)
{
    enum decl_status st = DECL_ERROR;
    char pledge_txt[16] = "";
    memset(out, 0, sizeof *out);
    if (level == 1 && !decl_pledge_complete(pledged))
        return DECL_PLEDGE;
    for (int i = 1; i <= 5; i++)
        if (pledged & (1u << i)) {
            size_t l = strlen(pledge_txt);
            str_fmt(pledge_txt + l, sizeof pledge_txt - l, "%s%d", l ? "," : "", i);
        }
    if (db_begin(rq->db) < 0)
        return DECL_ERROR;
    /* Checked inside the transaction so that two submissions cannot both declare. */
    db_res_t *cur = db_query(rq->db,
                             "SELECT id, public_id, level FROM declarations WHERE org_id = ? AND "
                             "status = 'active' ORDER BY level DESC, id DESC LIMIT 1",
                             "i", rq->org_id);
    if (!cur)
        goto fail;
    int64_t cur_id = 0, cur_level = 0;
    char cur_pub[DECL_PUBLIC_ID_LEN] = "";
    if (db_res_rows(cur) == 1) {
        cur_id = db_res_int(cur, 0, 0);
        str_copy(cur_pub, sizeof cur_pub, db_res_text(cur, 0, 1));
        cur_level = db_res_int(cur, 0, 2);
    }
    db_res_free(cur);
    if (cur_level >= level) {
        st = DECL_ALREADY;
        goto fail;
    }
    p->diagnosis_id = p->policy_id = 0;
    if (level == 2) {
        decl_prereq(rq, p);
        if (!p->diagnosis_id || !p->policy_id) {
            st = DECL_MISSING;
            goto fail;
        }
    }
    out->level = level;
    out->step_up = level == 2 && cur_level == 1;
    if (out->step_up) {
        str_copy(out->public_id, sizeof out->public_id, cur_pub);
        if (db_exec(rq->db,
                    "UPDATE declarations SET status = 'superseded' WHERE id = ? AND status = "
                    "'active'",
                    "i", cur_id) != 1)
            goto fail;
    } else if (new_public_id(rq, out->public_id) < 0) {
        goto fail;
    }
    time_now_iso(out->declared_at);
    char diag[24], pol[24];
    str_fmt(diag, sizeof diag, "%lld", (long long)p->diagnosis_id);
    str_fmt(pol, sizeof pol, "%lld", (long long)p->policy_id);
    out->id = db_insert_id(rq->db,
                           "INSERT INTO declarations (public_id, org_id, level, step_up, status, "
                           "declared_at, declared_by, pledge, diagnosis_id, policy_id) VALUES "
                           "(?, ?, ?, ?, 'active', ?, ?, ?, ?, ?) RETURNING id",
                           "siibsisss", out->public_id, rq->org_id, (int64_t)level, out->step_up,
                           out->declared_at, rq->user.id, pledge_txt, level == 2 ? diag : NULL,
                           level == 2 ? pol : NULL);
    if (out->id < 0) {
        /* A concurrent request declared first (one active declaration per organization). */
        if (db_err_unique(rq->db))
            st = DECL_ALREADY;
        goto fail;
    }
    char detail[96];
    str_fmt(detail, sizeof detail, "%s level=%d step_up=%d", out->public_id, level,
            out->step_up ? 1 : 0);
    audit(rq, "declare", rq->org_id, detail);
    if (db_commit(rq->db) < 0)
        goto fail;
    notify_members(rq, out);
    return DECL_OK;
fail:
    if (st == DECL_ERROR)
        log_error("declare org %lld: %s", (long long)rq->org_id, db_errmsg(rq->db));
    db_rollback(rq->db);
    return st;
}

json_t *decl_list(struct req *rq)
{
    json_t *a = json_array();
    db_res_t *r = db_query(rq->db,
                           "SELECT id, public_id, level, step_up, status, declared_at, "
                           "withdrawn_at, withdrawn_reason FROM declarations WHERE org_id = ? "
                           "ORDER BY id DESC",
                           "i", rq->org_id);
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        json_t *o = json_pack("{s:I,s:s,s:I,s:b,s:s,s:s}", "id", (json_int_t)db_res_int(r, i, 0),
                              "public_id", db_res_text(r, i, 1), "level",
                              (json_int_t)db_res_int(r, i, 2), "step_up", db_res_int(r, i, 3) != 0,
                              "status", db_res_text(r, i, 4), "declared_at", db_res_text(r, i, 5));
        json_object_set_new(o, "withdrawn_at",
                            db_res_str(r, i, 6) ? json_string(db_res_str(r, i, 6)) : json_null());
        json_object_set_new(o, "withdrawn_reason",
                            db_res_str(r, i, 7) ? json_string(db_res_str(r, i, 7)) : json_null());
        json_array_append_new(a, o);
    }
    db_res_free(r);
    return a;
}
