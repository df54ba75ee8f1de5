/* i18n.h - message catalogs from gettext .po files (po/LANG/NAME.po), per-request language.
 *
 * msgids are the English source texts; English pages use them as they are (or an en.po
 * msgstr where one is set), Japanese pages use po/ja. A missing Japanese translation falls
 * back to the msgid and is counted, and tests fail on any.
 */
#ifndef OTASUKE_I18N_H
#define OTASUKE_I18N_H

#include <stdbool.h>
#include <stddef.h>

typedef struct catalog catalog_t;

catalog_t *catalog_load(const char *po_dir, char *err, size_t errlen);
void catalog_free(catalog_t *c);
/* lang is "ja" or "en"; returns msgid when there is no translation. */
const char *catalog_get(const catalog_t *c, const char *lang, const char *msgid);
bool catalog_has(const catalog_t *c, const char *lang, const char *msgid);
/* Parses one .po text into the catalog under lang (exposed for the fuzzer). */
int catalog_parse_po(catalog_t *c, const char *lang, const char *text, size_t len, char *err,
                     size_t errlen);
catalog_t *catalog_new(void);

/* Chooses "ja" or "en" from a cookie value and an Accept-Language header; "ja" by default. */
const char *i18n_pick(const char *cookie, const char *accept_language);

#endif
