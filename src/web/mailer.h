/* mailer.h - sends a mail from a request, using the instance's SMTP settings. */
#ifndef OTASUKE_MAILER_H
#define OTASUKE_MAILER_H

#include "web.h"

/* 0 on success; failures are logged (the caller's flow goes on). */
int web_send_mail(struct req *rq, const char *to, const char *subject, const char *body);

/* Who is told about an organization: its own members (not invited advisors), enabled
 * accounts only, oldest first, as rows (email, lang). NULL on a database error. */
db_res_t *mail_org_members(struct req *rq, int64_t org_id);
/* Every enabled operator account, oldest first, as rows (email, lang). */
db_res_t *mail_operators(struct req *rq);

#endif
