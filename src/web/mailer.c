/* mailer.c - sends a mail from a request, using the instance's SMTP settings. */
#include "mailer.h"
#include "log.h"
#include "mail.h"
#include "str.h"

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

void mail_notice_send(struct req *rq, const char *email, const char *lang,
                      const struct mail_notice *m)
{
    const catalog_t *cat = rq->app->cat;
    lang = str_eq(lang, "en") ? "en" : "ja";
    buf_t b;
    buf_init(&b);
    buf_printf(&b, "%s\n\n", catalog_get(cat, lang, m->intro));
    for (size_t i = 0; i < m->n && i < MAIL_NOTICE_LINES; i++)
        buf_printf(&b, "%s: %s\n", catalog_get(cat, lang, m->label[i]),
                   m->value_msgid[i] ? catalog_get(cat, lang, m->value[i]) : m->value[i]);
    if (m->link && *m->link)
        buf_printf(&b, "\n%s%s\n", rq->app->cfg.base_url ? rq->app->cfg.base_url : "", m->link);
    if (m->tail)
        buf_printf(&b, "\n%s\n", catalog_get(cat, lang, m->tail));
    web_send_mail(rq, email, catalog_get(cat, lang, m->subject), buf_cstr(&b));
    buf_free(&b);
}

void mail_notice_rows(struct req *rq, db_res_t *r, const struct mail_notice *m)
{
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        mail_notice_send(rq, db_res_text(r, i, 0), db_res_text(r, i, 1), m);
    db_res_free(r);
}
