/* declare.h - SECURITY ACTION declarations: ★ after the five-principle pledge, ★★ once a
 * self-diagnosis is completed and a basic policy is published (domain.md §2). Shared by
 * the workspace pages and the JSON API.
 *
 * Declaration rows of one organization (status per row):
 *   none --★--> ★ active --★★ (step-up: same public id, step_up=1)--> ★ superseded + ★★ active
 *   none --★★ (direct, step_up=0, new public id)--> ★★ active
 *   active --operator withdraws--> withdrawn; a withdrawn declaration is never stepped up:
 *   the next declaration (★ or ★★) gets a new public id.
 * At most one row per organization is active.
 */
#ifndef OTASUKE_DECLARE_H
#define OTASUKE_DECLARE_H

#include "web.h"

#define DECL_PUBLIC_ID_LEN 13 /* "SA" + 10 digits + NUL */

enum decl_status {
    DECL_OK = 0,
    DECL_PLEDGE,  /* ★ needs all five principles pledged */
    DECL_ALREADY, /* an active declaration of this level or higher exists */
    DECL_MISSING, /* ★★ prerequisites missing (see struct decl_prereq) */
    DECL_ERROR,   /* database error; nothing was written */
};

struct decl_prereq {
    int64_t diagnosis_id; /* newest completed diagnosis, 0 if none */
    int64_t policy_id;    /* newest published policy, 0 if none */
};

struct decl_made {
    int64_t id;
    char public_id[DECL_PUBLIC_ID_LEN];
    int level;
    bool step_up;
    char declared_at[32];
};

/* What ★★ still needs for rq->org_id. */
void decl_prereq(struct req *rq, struct decl_prereq *p);
/* true when pledged lists each of 1..5 (bit i set for principle i). */
bool decl_pledge_complete(unsigned pledged);
/* Declares level 1 or 2 for rq->org_id as rq->user in one transaction (with the audit log
 * entry), then mails the organization's members. On DECL_MISSING, p says what is missing. */
enum decl_status decl_make(struct req *rq, int level, unsigned pledged, struct decl_prereq *p,
                           struct decl_made *out);
/* Every declaration row of rq->org_id, newest first, as JSON objects. */
json_t *decl_list(struct req *rq);

#endif
