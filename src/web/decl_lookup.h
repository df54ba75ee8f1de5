/* decl_lookup.h - the current public state of one declaration, by its public id. */
#ifndef OTASUKE_DECL_LOOKUP_H
#define OTASUKE_DECL_LOOKUP_H

#include "buf.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the verification page, the API and the badge show. A step-up keeps the public id:
 * the ★ row is 'superseded' and never shown; the newest other row is the current one. */
struct decl_view {
    int64_t row_id;
    char public_id[64];
    int level;                  /* 1 or 2 */
    bool active;                /* false: withdrawn */
    bool step_up;               /* reached ★★ from ★ */
    char declared_at[32];       /* of the current row */
    char first_declared_at[32]; /* of the first row with this public id (history) */
    char withdrawn_at[32];
    char withdrawn_reason[4096];
    int64_t org_id;
    char org_name[512];
    int prefecture;
    bool has_policy; /* the organization has a published policy */
};

/* True if s can be a public declaration id ([A-Za-z0-9_-], 1..63 characters). */
bool decl_id_valid(const char *s);
/* 1 found, 0 no such declaration, -1 database error. first_declared_at is looked up only
 * with history (else it equals declared_at). */
int decl_lookup(db_conn_t *c, const char *public_id, struct decl_view *out, bool history);
/* "YYYY-MM-DD" of an ISO timestamp. */
void decl_date(char out[11], const char *iso);
/* The date of an ISO timestamp for people: 「2026年11月22日」 / "22 November 2026". */
void decl_date_text(char *out, size_t outsz, const char *iso, const char *lang);
/* <base_url>/orgs/<org>/policy into out. */
void decl_policy_url(buf_t *out, const char *base_url, int64_t org_id);

#endif
