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

void pages_admin_register(struct app *app);          /* users (admin), audit log (operator) */
void pages_survey_register(struct app *app);         /* SME and expert questionnaires */
void pages_survey_results_register(struct app *app); /* operator: survey results, exports */
void api_survey_register(struct app *app);           /* /api/v1/surveys, answers, results */

void pages_rules_register(struct app *app);   /* related rules check /w/:org/rules */
void pages_assets_register(struct app *app);  /* asset inventory, risk analysis /w/:org/assets */
void api_rules_register(struct app *app);     /* /api/v1/organizations/:org/rules */
void api_assets_register(struct app *app);    /* /api/v1/organizations/:org/assets */
void pages_program_register(struct app *app); /* guidance programs: operator, SME, public, API */

void pages_briefing_register(struct app *app);    /* /programs/:id/briefings, /expert/briefings */
void pages_briefing_op_register(struct app *app); /* /operator/programs/:id/briefings... */
void api_briefing_register(struct app *app);      /* /api/v1/.../briefings, registrations */
void pages_visit_register(struct app *app);       /* /expert/matches/:id, /w/:org/program/visits */
void pages_report_register(struct app *app);      /* final report (expert, SME, PDF) */
void pages_fees_register(struct app *app);        /* /operator/programs/:id/fees, /expert/fees */
void api_visit_register(struct app *app);         /* /api/v1/matches/:id/visits ... fees */

void pages_expert_register(struct app *app);        /* /expert: sign-up, profile, matches */
void pages_expert_ops_register(struct app *app);    /* /operator/experts: the registry */
void api_expert_register(struct app *app);          /* /api/v1/experts... */
void pages_matching_register(struct app *app);      /* /operator/programs/:id/matching */
void pages_expert_choose_register(struct app *app); /* /w/:org/program/experts */
void api_match_register(struct app *app); /* /api/v1/applications/:id/candidates, matches */

void pages_progress_register(struct app *app); /* program progress dashboard */
void pages_stats_register(struct app *app);    /* program statistics, company counts */
void api_stats_register(struct app *app);      /* progress and statistics JSON */

#endif
