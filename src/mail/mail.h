/* mail.h - send one plain-text UTF-8 e-mail over SMTP (libcurl). */
#ifndef OTASUKE_MAIL_H
#define OTASUKE_MAIL_H

#include <stddef.h>

struct mail_config {
    const char *smtp_url; /* smtp://127.0.0.1:2525 (STARTTLS when offered) or smtps://host:465 */
    const char *from_addr;
    const char *from_name;       /* display name, may be Japanese; NULL for none */
    const char *user, *password; /* NULL for no SMTP AUTH */
};

/* Sends a message with a UTF-8 subject and body to one recipient. Returns 0 on success,
 * -1 with a one-line reason in err (invalid field, connection or SMTP failure). Credentials
 * are only sent over TLS unless the server is on loopback. Thread-safe. */
int mail_send(const struct mail_config *cfg, const char *to, const char *subject_utf8,
              const char *body_utf8, char *err, size_t errlen);

#endif
