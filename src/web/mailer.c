/* mailer.c - sends a mail from a request, using the instance's SMTP settings. */
#include "mailer.h"
#include "log.h"
#include "mail.h"

int web_send_mail(struct req *rq, const char *to, const char *subject, const char *body)
{
    const struct app_config *cfg = &rq->app->cfg;
    if (!cfg->smtp_url) {
        log_warn("mail to %s not sent: no SMTP server configured (--smtp)", to);
        return -1;
    }
    struct mail_config mc = {
        .smtp_url = cfg->smtp_url,
        .from_addr = cfg->mail_from,
        .from_name = "otasuke",
    };
    char err[256];
    if (mail_send(&mc, to, subject, body, err, sizeof err) < 0) {
        log_error("mail to %s failed: %s", to, err);
        return -1;
    }
    return 0;
}

db_res_t *mail_org_members(struct req *rq, int64_t org_id)
{
    return db_query(rq->db,
                    "SELECT u.email, u.lang FROM memberships m JOIN users u ON u.id = m.user_id "
                    "WHERE m.org_id = ? AND m.kind = 'member' AND u.disabled = 0 ORDER BY u.id",
                    "i", org_id);
}

db_res_t *mail_operators(struct req *rq)
{
    return db_query(rq->db,
                    "SELECT email, lang FROM users WHERE role = 'operator' AND disabled = 0 "
                    "ORDER BY id",
                    "");
}
