/* static_files.c - static assets held in memory with ETag and cache headers. */
#include "static_files.h"
#include "fileutil.h"
#include "str.h"

#include <dirent.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char *ctype_for(const char *name)
{
    static const struct {
        const char *ext, *ctype;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (str_eq(dot, types[i].ext))
            return types[i].ctype;
    return NULL;
}

int static_load(struct app *app, const char *dir, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        str_fmt(err, errlen, "cannot open %s", dir);
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *ct = ctype_for(e->d_name);
        if (e->d_name[0] == '.' || !ct)
            continue;
        char path[1024];
        if (!str_fmt(path, sizeof path, "%s/%s", dir, e->d_name))
            continue;
        size_t len;
        char *data = file_read_all(path, 4 << 20, &len);
        if (!data)
            continue;
        struct static_file *nf = realloc(app->statics, (app->nstatics + 1) * sizeof *nf);
        if (!nf) {
            free(data);
            break;
        }
        app->statics = nf;
        struct static_file *f = &app->statics[app->nstatics++];
        f->name = strdup(e->d_name);
        f->data = data;
        f->len = len;
        f->ctype = ct;
        unsigned char h[16];
        crypto_generichash(h, sizeof h, (const unsigned char *)data, len, NULL, 0);
        f->etag[0] = '"';
        str_hex(f->etag + 1, h, 16);
        f->etag[33] = '"';
        f->etag[34] = '\0';
    }
    closedir(d);
    return 0;
}

void static_free(struct app *app)
{
    for (size_t i = 0; i < app->nstatics; i++) {
        free(app->statics[i].name);
        free(app->statics[i].data);
    }
    free(app->statics);
    app->statics = NULL;
    app->nstatics = 0;
}

void static_serve(struct app *app, const char *name, const char *inm, struct resp *rs)
{
    for (size_t i = 0; i < app->nstatics; i++) {
        struct static_file *f = &app->statics[i];
        if (!str_eq(f->name, name))
            continue;
        resp_header(rs, "ETag", f->etag);
        resp_header(rs, "Cache-Control", "public, max-age=86400");
        if (inm && str_eq(inm, f->etag)) {
            rs->status = 304;
            rs->ctype = NULL;
            return;
        }
        rs->status = 200;
        rs->ctype = f->ctype;
        buf_append(&rs->body, f->data, f->len);
        return;
    }
    rs->status = 404;
    rs->ctype = "text/plain; charset=utf-8";
    buf_puts(&rs->body, "not found\n");
}
