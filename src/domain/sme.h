/* sme.h - is an organization an SME (中小企業等) under the program definition (domain.md §1)? */
#ifndef OTASUKE_SME_H
#define OTASUKE_SME_H

#include "content.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    const char *org_type; /* org_types.json key, e.g. "company" */
    const char *industry; /* industries.json key or NULL; required when the type needs it */
    bool has_capital;     /* false: capital not given */
    int64_t capital;      /* yen, >= 0 */
    int64_t employees;    /* regular employees (officers and the proprietor not counted) */
} sme_input_t;

typedef enum {
    SME_OK = 0,
    SME_E_ORG_TYPE,          /* missing or unknown organization type */
    SME_E_INDUSTRY_REQUIRED, /* the type needs an industry */
    SME_E_INDUSTRY,          /* unknown industry */
    SME_E_CAPITAL,           /* negative capital */
    SME_E_EMPLOYEES,         /* negative employees */
} sme_err_t;

#define SME_REASON_MAX 1024

typedef struct {
    bool eligible;
    int rule;                /* SME table row 1-15, 0 when none applies (voluntary group) */
    int64_t capital_limit;   /* -1 when capital does not count */
    int64_t employees_limit; /* -1 when no row applies */
    bool small_scale;        /* 小規模事業者 (only when eligible and an industry is known) */
    bool small_scale_known;  /* false for rows 9-11 and voluntary groups */
    int64_t small_scale_limit; /* employees, -1 when unknown */
    char reason_ja[SME_REASON_MAX];
    char reason_en[SME_REASON_MAX];
} sme_result_t;

/* Decides eligibility. On SME_OK fills out; otherwise out is zeroed. */
sme_err_t sme_check(const content_t *c, const sme_input_t *in, sme_result_t *out);
/* {"eligible": bool, "rule": 1-15 or null, "reason": {"ja": "...", "en": "..."}} (the
 * `sme-check --json` contract); malloc'd, NULL on out of memory. */
char *sme_result_to_json(const sme_result_t *r);
/* A one-sentence explanation of an input error. */
const char *sme_err_text(sme_err_t e, const char *lang);

/* "3億円", "5,000万円", "1億2,000万円", "0円"; false if truncated. */
bool sme_yen_ja(char *out, size_t outsz, int64_t yen);
/* "¥300,000,000"; false if truncated. */
bool sme_yen_en(char *out, size_t outsz, int64_t yen);

#endif
