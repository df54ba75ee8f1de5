/* form.c - form validation results and common field checks. */
#include "form.h"
#include "str.h"

#include <string.h>

void form_error(const struct req *rq, json_t *errors, const char *field, const char *msgid)
{
    if (!json_object_get(errors, field))
        json_object_set_new(errors, field, json_string(tr(rq, msgid)));
}

json_t *form_values(const struct req *rq)
{
    json_t *v = json_object();
    for (size_t i = 0; i < rq->form.n; i++) {
        const char *k = rq->form.items[i].key;
        if (str_eq(k, "_csrf") || strstr(k, "password"))
            continue;
        json_object_set_new(v, k, json_string(rq->form.items[i].val));
    }
    return v;
}

const char *check_email(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return N_("Please enter your e-mail address.");
    const char *at = strchr(s, '@');
    if (n > 254 || !at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
        s[n - 1] == '.')
        return N_("Please enter a valid e-mail address, such as taro@example.jp.");
    for (const char *c = s; *c; c++)
        if ((unsigned char)*c <= ' ' || *c == '<' || *c == '>' || *c == ',' || *c == ';' ||
            *c == '"' || (unsigned char)*c >= 0x7f)
            return N_("Please enter a valid e-mail address, such as taro@example.jp.");
    return "";
}

const char *check_text(const char *s, size_t min_chars, size_t max_chars)
{
    size_t n = str_utf8_len(s);
    if (n < min_chars)
        return N_("This field is required.");
    if (n > max_chars)
        return N_("This is too long.");
    for (const char *c = s; *c; c++)
        if ((unsigned char)*c < 0x20 && *c != '\n' && *c != '\r' && *c != '\t')
            return N_("This contains characters that cannot be used.");
    return "";
}

const char *check_password(const char *s)
{
    size_t n = str_utf8_len(s);
    if (n < 10)
        return N_("Please use at least 10 characters for your password.");
    if (n > 200)
        return N_("This is too long.");
    return "";
}
