/* static_files.h - static assets (CSS, images) held in memory with ETag and cache headers. */
#ifndef OTASUKE_STATIC_FILES_H
#define OTASUKE_STATIC_FILES_H

#include "web.h"

struct static_file {
    char *name; /* relative to static/, e.g. "otasuke.css" */
    char *data;
    size_t len;
    const char *ctype;
    char etag[40];
};

int static_load(struct app *app, const char *dir, char *err, size_t errlen);
void static_free(struct app *app);
void static_serve(struct app *app, const char *name, const char *if_none_match, struct resp *rs);

#endif
