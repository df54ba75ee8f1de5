/* app_ext.c - start-up of the page groups' shared state (badge signing key). */
#include "app_ext.h"
#include "str.h"

#include <sodium.h>
#include <stdlib.h>

int app_ext_init(struct app *app, char *err, size_t errlen)
{
    struct app_ext *x = calloc(1, sizeof *x);
    char path[1024], why[256];
    if (!x) {
        str_copy(err, errlen, "out of memory");
        return -1;
    }
    if (!str_fmt(path, sizeof path, "%s/badge.key", app->cfg.var_dir ? app->cfg.var_dir : "var")) {
        str_copy(err, errlen, "var directory path too long");
        free(x);
        return -1;
    }
    if (badge_keys_load_or_create(path, &x->badge, why, sizeof why) < 0) {
        str_fmt(err, errlen, "badge key %s: %s", path, why);
        free(x);
        return -1;
    }
    app->ext = x;
    return 0;
}

void app_ext_free(struct app *app)
{
    if (app->ext) {
        sodium_memzero(app->ext, sizeof(struct app_ext));
        free(app->ext);
        app->ext = NULL;
    }
}

const struct app_ext *app_ext(const struct app *app)
{
    return app->ext;
}
