/* routes.c - the list of page groups; each registers its own routes. */
#include "pages.h"

void routes_register_all(struct app *app)
{
    pages_account_register(app);
    pages_public_register(app);
    pages_badge_register(app);
    pages_operator_register(app);
    api_declarations_register(app);
    pages_diagnosis_register(app);
    api_diagnosis_register(app);
    pages_policy_register(app);
    pages_plan_register(app);
    pages_handbook_register(app);
    pages_diagnosis_pdf_register(app);
    api_policy_register(app);
    api_plan_register(app);
    pages_org_register(app);
    pages_declare_register(app);
    pages_invite_register(app);
    api_org_register(app);
    pages_admin_register(app);
    pages_survey_register(app);
    pages_survey_results_register(app);
    api_survey_register(app);
    pages_rules_register(app);
    pages_assets_register(app);
    api_rules_register(app);
    api_assets_register(app);
    pages_program_register(app);
    pages_briefing_register(app);
    pages_briefing_op_register(app);
    api_briefing_register(app);
    pages_visit_register(app);
    pages_report_register(app);
    pages_fees_register(app);
    api_visit_register(app);
    pages_expert_register(app);
    pages_expert_ops_register(app);
    api_expert_register(app);
    pages_matching_register(app);
    pages_expert_choose_register(app);
    api_match_register(app);
    pages_progress_register(app);
    pages_stats_register(app);
    api_stats_register(app);
}
