/* app.c - application start-up: database, migrations, templates, catalog, static files. */
#include "app_ext.h"
#include "fileutil.h"
#include "log.h"
#include "static_files.h"
#include "str.h"
#include "web.h"

#include <stdlib.h>

int app_init(struct app *app, char *err, size_t errlen)
{
    char path[1024];
    app->db = db_open(app->cfg.db_url, app->cfg.threads + 2, err, errlen);
    if (!app->db)
        return -1;
    if (db_migrate(app->db, err, errlen) < 0)
        return -1;
    app->tmpl = tmpl_set_new();
    if (!app->tmpl || !share_path(path, sizeof path, "templates") ||
        tmpl_load_dir(app->tmpl, path, err, errlen) < 0)
        return -1;
    if (!share_path(path, sizeof path, "po"))
        return -1;
    app->cat = catalog_load(path, err, errlen);
    if (!app->cat)
        return -1;
    if (!share_path(path, sizeof path, "static") || static_load(app, path, err, errlen) < 0)
        return -1;
    if (app_ext_init(app, err, errlen) < 0)
        return -1;
    routes_register_all(app);
    return 0;
}

void app_free(struct app *app)
{
    app_ext_free(app);
    static_free(app);
    catalog_free(app->cat);
    tmpl_set_free(app->tmpl);
    db_close(app->db);
    free(app->routes);
}
