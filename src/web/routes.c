/* routes.c - the list of page groups; each registers its own routes. */
#include "pages.h"

void routes_register_all(struct app *app)
{
    pages_account_register(app);
    pages_org_register(app);
    pages_declare_register(app);
    pages_invite_register(app);
    api_org_register(app);
}
