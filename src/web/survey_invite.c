/* survey_invite.c - mails the questionnaire links to the SME's members and the expert. */
#include "survey_invite.h"

#include "mailer.h"
#include "str.h"
#include "timeutil.h"

static void mail_one(struct req *rq, const char *to, const char *lang, const char *intro,
                     const char *who, const char *link_path)
{
    const catalog_t *cat = rq->app->cat;
    buf_t b;
    buf_init(&b);
    buf_printf(&b, "%s\n\n%s\n\n%s\n%s%s\n\n%s\n", catalog_get(cat, lang, intro), who,
               catalog_get(cat, lang,
                           N_("Please answer the questionnaire here. It takes about five "
                              "minutes:")),
               rq->app->cfg.base_url, link_path,
               catalog_get(cat, lang,
                           N_("Thank you for your cooperation. The secretariat of the guidance "
                              "program")));
    web_send_mail(rq, to, catalog_get(cat, lang, N_("Please answer the questionnaire")),
                  buf_cstr(&b));
    buf_free(&b);
}

/* Records the invitation; true only for the request that created it. */
static bool record(struct req *rq, int64_t match_id, const char *kind)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT (SELECT COUNT(*) FROM survey_invitations WHERE match_id = ? AND "
                           "kind = ?) + (SELECT COUNT(*) FROM survey_responses WHERE match_id = ? "
                           "AND kind = ?)",
                           "isis", match_id, kind, match_id, kind);
    bool fresh = r && db_res_rows(r) == 1 && db_res_int(r, 0, 0) == 0;
    db_res_free(r);
    if (!fresh)
        return false;
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    /* UNIQUE (match_id, kind) makes a concurrent second invitation fail here. */
    return db_insert_id(rq->db,
                        "INSERT INTO survey_invitations (match_id, kind, invited_at) VALUES (?, "
                        "?, ?) RETURNING id",
                        "iss", match_id, kind, now) > 0;
}

int survey_invite_match(struct req *rq, int64_t match_id)
{
    db_res_t *m = db_query(rq->db,
                           "SELECT a.org_id, o.name, e.name, u.email, u.lang FROM matches m JOIN "
                           "program_applications a ON a.id = m.application_id JOIN organizations "
                           "o ON o.id = a.org_id JOIN experts e ON e.id = m.expert_id JOIN users u "
                           "ON u.id = e.user_id WHERE m.id = ?",
                           "i", match_id);
    if (!m)
        return -1;
    if (db_res_rows(m) != 1) {
        db_res_free(m);
        return 0;
    }
    int n = 0;
    int64_t org_id = db_res_int(m, 0, 0);
    char path[128], who[512];
    if (record(rq, match_id, "sme")) {
        n++;
        str_fmt(path, sizeof path, "/w/%lld/program/survey", (long long)org_id);
        str_fmt(who, sizeof who, "%s", db_res_text(m, 0, 1));
        db_res_t *u = mail_org_members(rq, org_id);
        for (size_t i = 0; u && i < db_res_rows(u); i++)
            mail_one(rq, db_res_text(u, i, 0), db_res_text(u, i, 1),
                     N_("The expert guidance of your company is finished. Thank you for taking "
                        "part. Please tell us how it went, so that the program can get better."),
                     who, path);
        db_res_free(u);
    }
    if (record(rq, match_id, "expert")) {
        n++;
        str_fmt(path, sizeof path, "/expert/matches/%lld/survey", (long long)match_id);
        str_fmt(who, sizeof who, "%s", db_res_text(m, 0, 1));
        mail_one(rq, db_res_text(m, 0, 3), db_res_text(m, 0, 4),
                 N_("Thank you for guiding this company. Please answer the expert questionnaire "
                    "for it."),
                 who, path);
    }
    db_res_free(m);
    return n;
}
