/* tmpl.h - small auto-escaping HTML template renderer over jansson values.
 *
 * Syntax (mustache-like):
 *   {{a.b}}                 value, escaped for where it stands (text, attribute, URL attribute)
 *   {{t "Text {x}"}}        translated text; {x} is replaced by the escaped value of x
 *   {{raw html_x}}          trusted HTML made by our own code; the name must start with html_
 *   {{#if a}}..{{else}}..{{/if}}   {{#unless a}}..{{/unless}}
 *   {{#each list}}..{{.}}..{{@index}}..{{else}}..{{/each}}
 *   {{#eq a "lit"}}..{{else}}..{{/eq}}   (also {{#eq a b}} comparing two values)
 *   {{> partial/name}}
 * Escaping context is decided when a template is compiled by scanning its HTML: a value
 * inside <script>/<style>, in an unquoted attribute, in an on* or style attribute, or in
 * the middle of a tag is a compile error, so such templates never load.
 */
#ifndef OTASUKE_TMPL_H
#define OTASUKE_TMPL_H

#include "buf.h"

#include <jansson.h>
#include <stddef.h>

typedef struct tmpl_set tmpl_set_t;
typedef const char *(*tmpl_translate_fn)(void *ctx, const char *msgid);

tmpl_set_t *tmpl_set_new(void);
void tmpl_set_free(tmpl_set_t *s);
/* Compiles src under name; -1 with err on a syntax or context error. */
int tmpl_add(tmpl_set_t *s, const char *name, const char *src, size_t len, char *err,
             size_t errlen);
/* Loads every *.html below dir; name = relative path without ".html". */
int tmpl_load_dir(tmpl_set_t *s, const char *dir, char *err, size_t errlen);
int tmpl_render(const tmpl_set_t *s, const char *name, json_t *data, tmpl_translate_fn tr,
                void *trctx, buf_t *out, char *err, size_t errlen);
/* Visits every msgid used with {{t "..."}} in the loaded templates. */
void tmpl_each_msgid(const tmpl_set_t *s, void (*fn)(void *ctx, const char *msgid), void *ctx);

/* Escapers, also used by code that builds HTML fragments. */
void html_escape(buf_t *out, const char *s);
/* Appends s if it is a safe URL (relative, http, https, mailto), else "#"; escaped. */
void html_escape_url(buf_t *out, const char *s);

#endif
