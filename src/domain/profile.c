/* profile.c - check organization profile fields and explain problems in plain words. */
#include "profile.h"

#include "str.h"

#include <string.h>

#define E(f, k, ja, en)                                                                            \
    {                                                                                              \
        f, "profile." f "." k,                                                                     \
        {                                                                                          \
            ja, en                                                                                 \
        }                                                                                          \
    }

static const field_error_t
    e_name_required =
        E("name", "required", "組織名を入力してください。", "Enter the name of the organization."),
    e_name_too_long = E("name", "too_long", "組織名は100文字以内で入力してください。",
                        "The name can have at most 100 characters."),
    e_name_invalid =
        E("name", "invalid", "組織名に使えない文字（改行や制御文字など）が含まれています。",
          "The name contains characters that cannot be used (line breaks or "
          "control characters)."),
    e_type_required = E("org_type", "required", "組織の形態を選んでください。",
                        "Choose the type of organization."),
    e_type_invalid = E("org_type", "invalid", "組織の形態を一覧から選んでください。",
                       "Choose a type of organization from the list."),
    e_ind_required = E("industry", "required",
                       "主な業種を選んでください。中小企業かどうかの基準が業種によって変わります。",
                       "Choose the main industry; the SME limits depend on it."),
    e_ind_invalid = E("industry", "invalid", "業種を一覧から選んでください。",
                      "Choose an industry from the list."),
    e_cap_not_int = E("capital", "not_integer",
                      "資本金は円単位の数字で入力してください（例：3000万円なら 30000000）。",
                      "Enter the capital in yen as a whole number (e.g. 30000000)."),
    e_cap_negative = E("capital", "negative", "資本金は0円以上で入力してください。",
                       "Capital cannot be negative."),
    e_cap_too_large =
        E("capital", "too_large", "資本金の金額が大きすぎます。桁を確認してください。",
          "The capital is too large; please check the number of digits."),
    e_emp_required = E("employees", "required",
                       "常時使用する従業員の数を入力してください（役員や事業主本人は含めません）。",
                       "Enter the number of regular employees (officers and the owner are not "
                       "counted)."),
    e_emp_not_int =
        E("employees", "not_integer", "従業員数は0以上の整数で入力してください（例：12）。",
          "Enter the number of employees as a whole number (e.g. 12)."),
    e_emp_negative = E("employees", "negative", "従業員数は0人以上で入力してください。",
                       "The number of employees cannot be negative."),
    e_emp_too_large = E("employees", "too_large", "従業員数が大きすぎます。桁を確認してください。",
                        "The number of employees is too large; please check the digits."),
    e_pref_required =
        E("prefecture", "required", "都道府県を選んでください。", "Choose the prefecture."),
    e_pref_invalid = E("prefecture", "invalid", "都道府県を一覧から選んでください。",
                       "Choose a prefecture from the list."),
    e_web_scheme = E("website", "scheme",
                     "ホームページのURLは http:// または https:// で始まるものを入力してください。",
                     "The website address must start with http:// or https://."),
    e_web_invalid =
        E("website", "invalid",
          "ホームページのURLの形式が正しくありません（例：https://www.example.co.jp/）。",
          "The website address is not valid (e.g. https://www.example.com/)."),
    e_web_too_long = E("website", "too_long", "ホームページのURLが長すぎます。",
                       "The website address is too long.");

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

const field_error_t *profile_check_name(const char *s)
{
    if (blank(s))
        return &e_name_required;
    size_t len = strlen(s);
    if (!str_valid_utf8(s, len))
        return &e_name_invalid;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return &e_name_invalid;
    if (str_utf8_len(s) > PROFILE_NAME_MAX)
        return &e_name_too_long;
    return NULL;
}

const field_error_t *profile_check_org_type(const content_t *c, const char *s)
{
    if (blank(s))
        return &e_type_required;
    return content_org_type(c, s) ? NULL : &e_type_invalid;
}

const field_error_t *profile_check_industry(const content_t *c, const char *org_type, const char *s)
{
    if (!blank(s))
        return content_industry(c, s) ? NULL : &e_ind_invalid;
    const org_type_t *ot = content_org_type(c, org_type);
    return ot && ot->needs_industry ? &e_ind_required : NULL;
}

bool profile_parse_count(const char *s, int64_t max, int64_t *out)
{
    if (!s)
        return false;
    const unsigned char *p = (const unsigned char *)s;
    while (*p == ' ' || *p == '\t')
        p++;
    int64_t v = 0;
    int digits = 0, group = 0; /* digits since the last separator */
    bool seen_sep = false;
    for (;;) {
        int d = -1;
        size_t adv = 1;
        if (*p >= '0' && *p <= '9')
            d = *p - '0';
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) { /* ０-９ */
            d = p[2] - 0x90;
            adv = 3;
        }
        if (d >= 0) {
            if (v > (max - d) / 10)
                return false;
            v = v * 10 + d;
            digits++;
            group++;
            p += adv;
            continue;
        }
        bool sep = *p == ',' || (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C); /* ， */
        if (sep) {
            /* separators split groups of three; the first group has 1-3 digits */
            if (digits == 0 || (seen_sep ? group != 3 : group > 3))
                return false;
            seen_sep = true;
            group = 0;
            p += *p == ',' ? 1 : 3;
            continue;
        }
        break;
    }
    if (digits == 0 || (seen_sep && group != 3))
        return false;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p)
        return false;
    *out = v;
    return true;
}

/* Leading '-' (or full-width －) followed by a number: a negative value, not a typo. */
static bool looks_negative(const char *s)
{
    while (*s == ' ')
        s++;
    const unsigned char *p = (const unsigned char *)s;
    bool minus = *p == '-' || (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D) ||
                 (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92); /* U+2212 */
    if (!minus)
        return false;
    int64_t dummy;
    return profile_parse_count(s + (*p == '-' ? 1 : 3), INT64_MAX, &dummy);
}

static bool digits_only_too_large(const char *s)
{
    int64_t dummy;
    return profile_parse_count(s, INT64_MAX, &dummy) ||
           (strspn(s, "0123456789") == strlen(s) && strlen(s) > 0);
}

const field_error_t *profile_check_capital(const char *s, bool *given, int64_t *yen)
{
    if (given)
        *given = false;
    if (blank(s))
        return NULL;
    int64_t v;
    if (profile_parse_count(s, PROFILE_CAPITAL_MAX, &v)) {
        if (given)
            *given = true;
        if (yen)
            *yen = v;
        return NULL;
    }
    if (looks_negative(s))
        return &e_cap_negative;
    return digits_only_too_large(s) ? &e_cap_too_large : &e_cap_not_int;
}

const field_error_t *profile_check_employees(const char *s, int64_t *n)
{
    if (blank(s))
        return &e_emp_required;
    int64_t v;
    if (profile_parse_count(s, PROFILE_EMPLOYEES_MAX, &v)) {
        if (n)
            *n = v;
        return NULL;
    }
    if (looks_negative(s))
        return &e_emp_negative;
    return digits_only_too_large(s) ? &e_emp_too_large : &e_emp_not_int;
}

const field_error_t *profile_check_prefecture(const char *s, int *code)
{
    if (blank(s))
        return &e_pref_required;
    int64_t v;
    if (strlen(s) > 2 || !str_to_i64(s, 1, PREFECTURES, &v) || s[0] == '+' || s[0] == '-')
        return &e_pref_invalid;
    if (code)
        *code = (int)v;
    return NULL;
}

/* http(s)://host[:port][/path...]: host of letters, digits, '-', '.', or an IDN in UTF-8;
 * no spaces, control characters, quotes or angle brackets anywhere; no user:pass@. */
const field_error_t *profile_check_website(const char *s)
{
    if (blank(s))
        return NULL;
    size_t len = strlen(s);
    if (len > PROFILE_URL_MAX)
        return &e_web_too_long;
    const char *rest;
    if (strncmp(s, "https://", 8) == 0)
        rest = s + 8;
    else if (strncmp(s, "http://", 7) == 0)
        rest = s + 7;
    else
        return &e_web_scheme;
    if (!str_valid_utf8(s, len))
        return &e_web_invalid;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\' ||
            *p == '`')
            return &e_web_invalid;
    size_t host_end = strcspn(rest, "/?#");
    if (memchr(rest, '@', host_end))
        return &e_web_invalid;
    size_t hl = strcspn(rest, ":/?#");
    if (hl == 0 || rest[0] == '.' || rest[0] == '-' || rest[hl - 1] == '.' || rest[hl - 1] == '-')
        return &e_web_invalid;
    bool dot = false;
    for (size_t i = 0; i < hl; i++) {
        unsigned char ch = (unsigned char)rest[i];
        if (ch == '.') {
            if (rest[i + 1] == '.')
                return &e_web_invalid;
            dot = true;
        } else if (!(ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                     (ch >= '0' && ch <= '9') || ch == '-')) {
            return &e_web_invalid;
        }
    }
    if (!dot && !(hl == 9 && strncmp(rest, "localhost", 9) == 0))
        return &e_web_invalid;
    if (rest[hl] == ':') {
        const char *port = rest + hl + 1;
        size_t pl = strspn(port, "0123456789");
        if (pl == 0 || pl > 5 ||
            (port[pl] != '\0' && port[pl] != '/' && port[pl] != '?' && port[pl] != '#'))
            return &e_web_invalid;
    }
    return NULL;
}

size_t profile_validate(const content_t *c, const profile_form_t *f, profile_errors_t *out)
{
    const field_error_t *errs[PROFILE_FIELDS] = {
        profile_check_name(f->name),
        profile_check_org_type(c, f->org_type),
        profile_check_industry(c, f->org_type, f->industry),
        profile_check_capital(f->capital, NULL, NULL),
        profile_check_employees(f->employees, NULL),
        profile_check_prefecture(f->prefecture, NULL),
        profile_check_website(f->website),
    };
    out->n = 0;
    for (size_t i = 0; i < PROFILE_FIELDS; i++)
        if (errs[i])
            out->errors[out->n++] = *errs[i];
    return out->n;
}
