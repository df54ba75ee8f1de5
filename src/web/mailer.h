/* mailer.h - sends a mail from a request, using the instance's SMTP settings. */
#ifndef OTASUKE_MAILER_H
#define OTASUKE_MAILER_H

#include "web.h"

/* 0 on success; failures are logged (the caller's flow goes on). */
int web_send_mail(struct req *rq, const char *to, const char *subject, const char *body);

#endif
