#include "pages.h"
void api_visit_register(struct app *app);
void api_visit_register(struct app *app) { (void)app; }
