/* org_profile.h - an organization's profile: validation of the form or JSON fields, the SME
 * decision and its plain-language explanation, and saving (shared by pages and API). */
#ifndef OTASUKE_ORG_PROFILE_H
#define OTASUKE_ORG_PROFILE_H

#include "sme.h"
#include "web.h"

/* Raw field values as typed ("" when absent). */
typedef struct {
    const char *name, *org_type, *industry, *capital, *employees, *prefecture, *website,
        *representative;
} org_form_t;

/* The values to store once the form is valid. */
typedef struct {
    bool has_capital;
    int64_t capital;
    int64_t employees;
    int prefecture;
    bool has_industry; /* false for types whose SME row does not depend on the industry */
    sme_result_t sme;
} org_checked_t;

/* Validates every field; puts one message per invalid field into errors (field -> text in
 * the request's language). Returns true when all are valid and out is filled. */
bool org_profile_check(const struct req *rq, const org_form_t *f, json_t *errors,
                       org_checked_t *out);
/* Creates the organization and makes the current user its member, in one transaction.
 * Returns the new id or -1. */
int64_t org_profile_create(struct req *rq, const org_form_t *f, const org_checked_t *chk);
/* Saves an edited profile and the new SME decision. 0 or -1. */
int org_profile_update(struct req *rq, int64_t org_id, const org_form_t *f,
                       const org_checked_t *chk);
/* The stored profile as form values (strings, as a form would hold them); NULL if absent. */
json_t *org_profile_values(struct req *rq, int64_t org_id);
/* Select options for the form (org_types, industries, prefectures) in the request's
 * language, with "selected" set from values. */
void org_profile_options(const struct req *rq, json_t *data, json_t *values);
/* The SME decision of the stored profile for display: {"eligible", "rule", "category",
 * "reason", "capital_limit", "employees_limit", "judged_on", "small_scale"}; NULL on error. */
json_t *org_sme_view(struct req *rq, int64_t org_id);
/* Same from a decision just made. */
json_t *org_sme_json(const struct req *rq, const char *org_type, const sme_result_t *res);
/* Labels of the stored values, for display: org type, industry, prefecture. */
const char *org_type_label(const struct req *rq, const char *key);
const char *org_industry_label(const struct req *rq, const char *key);
const char *org_prefecture_label(const struct req *rq, int code);

#endif
