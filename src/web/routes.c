/* routes.c - the list of page groups; each registers its own routes. */
#include "pages.h"

void routes_register_all(struct app *app)
{
    pages_account_register(app);
    pages_diagnosis_register(app);
    api_diagnosis_register(app);
}
