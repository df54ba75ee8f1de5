/* mailer.h - sends a mail from a request, using the instance's SMTP settings. */
#ifndef OTASUKE_MAILER_H
#define OTASUKE_MAILER_H

#include "web.h"

/* 0 on success; failures are logged (the caller's flow goes on). */
int web_send_mail(struct req *rq, const char *to, const char *subject, const char *body);

#define MAIL_NOTICE_LINES 8

/* A notification: intro, then "label: value" lines (a value is a msgid where value_msgid),
 * then the instance's base URL + link when link is set, then tail. Subject, intro, labels
 * and tail are msgids, translated into the recipient's language. */
struct mail_notice {
    const char *subject, *intro, *tail, *link;
    const char *label[MAIL_NOTICE_LINES], *value[MAIL_NOTICE_LINES];
    bool value_msgid[MAIL_NOTICE_LINES];
    size_t n;
};
/* lang is "ja" or "en" (anything else reads as "ja"). */
void mail_notice_send(struct req *rq, const char *email, const char *lang,
                      const struct mail_notice *m);
/* To each (email, lang) row of r, which it frees; r may be NULL (a database error). */
void mail_notice_rows(struct req *rq, db_res_t *r, const struct mail_notice *m);

/* Who is told about an organization: its own members (not invited advisors), enabled
 * accounts only, oldest first, as rows (email, lang). NULL on a database error. */
db_res_t *mail_org_members(struct req *rq, int64_t org_id);
/* Every enabled operator account, oldest first, as rows (email, lang). */
db_res_t *mail_operators(struct req *rq);

#endif
