/* profile.h - validation of organization profile fields, with per-field messages ja/en
 * for the web forms. Inputs are the raw form strings. */
#ifndef OTASUKE_PROFILE_H
#define OTASUKE_PROFILE_H

#include "content.h"

#include <stdbool.h>
#include <stdint.h>

#define PROFILE_NAME_MAX 100                         /* characters (code points) */
#define PROFILE_URL_MAX 2048                         /* bytes */
#define PROFILE_CAPITAL_MAX INT64_C(100000000000000) /* 100 trillion yen */
#define PROFILE_EMPLOYEES_MAX INT64_C(10000000)

typedef struct {
    const char *field; /* "name", "org_type", "industry", "capital", "employees", ... */
    const char *key;   /* message key, e.g. "profile.capital.not_integer" */
    dtext_t text;      /* what to show next to the field */
} field_error_t;

typedef struct {
    const char *name;
    const char *org_type;
    const char *industry;
    const char *capital; /* optional: "" means not given */
    const char *employees;
    const char *prefecture; /* "1".."47" or "01".."47" */
    const char *website;    /* optional */
} profile_form_t;

#define PROFILE_FIELDS 7

typedef struct {
    size_t n;
    field_error_t errors[PROFILE_FIELDS]; /* at most one per field, in form order */
} profile_errors_t;

/* Each returns NULL when the value is fine, else the error for that field. */
const field_error_t *profile_check_name(const char *s);
const field_error_t *profile_check_org_type(const content_t *c, const char *s);
const field_error_t *profile_check_industry(const content_t *c, const char *org_type,
                                            const char *s);
const field_error_t *profile_check_capital(const char *s, bool *given, int64_t *yen);
const field_error_t *profile_check_employees(const char *s, int64_t *n);
const field_error_t *profile_check_prefecture(const char *s, int *code);
const field_error_t *profile_check_website(const char *s);

/* Validates the whole form; returns the number of errors (0: valid). */
size_t profile_validate(const content_t *c, const profile_form_t *f, profile_errors_t *out);

/* Parses a count typed by a person: ASCII or full-width digits, optional thousands
 * separators (, or ，) between digit groups, surrounding spaces. No sign, no decimals. */
bool profile_parse_count(const char *s, int64_t max, int64_t *out);

#endif
