/* pages.h - registration functions of the page groups (one file each). */
#ifndef OTASUKE_PAGES_H
#define OTASUKE_PAGES_H

#include "web.h"

void pages_account_register(struct app *app);   /* sign-up, login, reset, language, health */
void pages_diagnosis_register(struct app *app); /* 25-item self-diagnosis pages */
void api_diagnosis_register(struct app *app);   /* self-diagnosis JSON API */

void pages_policy_register(struct app *app);        /* basic policy, public policy pages */
void pages_plan_register(struct app *app);          /* action plan, exports */
void pages_handbook_register(struct app *app);      /* employee handbook */
void pages_diagnosis_pdf_register(struct app *app); /* diagnosis report PDF */
void api_policy_register(struct app *app);          /* /api/v1/organizations/:org/policies */
void api_plan_register(struct app *app);            /* /api/v1/organizations/:org/plan */

void pages_public_register(struct app *app);     /* /verify/:id, /search */
void pages_badge_register(struct app *app);      /* /verify/:id/badge.svg */
void pages_operator_register(struct app *app);   /* /operator/declarations ... */
void api_declarations_register(struct app *app); /* /api/v1/declarations/:id */

void pages_org_register(struct app *app);     /* organizations, profile, workspace home */
void pages_declare_register(struct app *app); /* five principles, ★ and ★★, declaration */
void pages_invite_register(struct app *app);  /* advisors and invitations */
void api_org_register(struct app *app);       /* JSON API of the three groups above */

void pages_admin_register(struct app *app); /* users (admin), audit log (operator) */

void pages_progress_register(struct app *app); /* program progress dashboard */
void pages_stats_register(struct app *app);    /* program statistics, company counts */
void api_stats_register(struct app *app);      /* progress and statistics JSON */

#endif
