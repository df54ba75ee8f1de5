/* pref_options.h - the 47 prefectures as <option> elements and names, built once per language
 * (the public search renders them on every request). */
#ifndef OTASUKE_PREF_OPTIONS_H
#define OTASUKE_PREF_OPTIONS_H

#include "buf.h"

/* Appends the <option> elements of every prefecture, with `selected` on code (0: none), as
 * escaped HTML for a template's {{raw html_...}}. */
void pref_options_html(buf_t *out, const char *lang, int selected);
/* The prefecture's name in lang ("" for an unknown code). */
const char *pref_name_lang(const char *lang, int code);

#endif
