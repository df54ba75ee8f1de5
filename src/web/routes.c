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
    pages_progress_register(app);
    pages_stats_register(app);
    api_stats_register(app);
}
