/* app_ext.h - state shared by page groups, loaded once at start-up (hangs off app->ext). */
#ifndef OTASUKE_APP_EXT_H
#define OTASUKE_APP_EXT_H

#include "badge.h"
#include "web.h"

struct app_ext {
    struct badge_keys badge; /* this instance's badge signing key (<var_dir>/badge.key) */
};

/* Loads the extension state (creating the badge key on first use). 0, or -1 with err. */
int app_ext_init(struct app *app, char *err, size_t errlen);
void app_ext_free(struct app *app);
/* The state; never NULL after a successful app_ext_init. */
const struct app_ext *app_ext(const struct app *app);

#endif
