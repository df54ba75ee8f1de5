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
