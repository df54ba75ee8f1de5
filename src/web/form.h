/* form.h - form validation results shown next to each field, in the user's language. */
#ifndef OTASUKE_FORM_H
#define OTASUKE_FORM_H

#include "web.h"

/* Records a translated error for field in errors (an object); keeps the first per field. */
void form_error(const struct req *rq, json_t *errors, const char *field, const char *msgid);
/* A copy of every submitted form value except secrets, to refill the form. */
json_t *form_values(const struct req *rq);
/* Field checks: "" when fine, else a msgid. */
const char *check_email(const char *s);
const char *check_text(const char *s, size_t min_chars, size_t max_chars);
const char *check_password(const char *s);

#endif
