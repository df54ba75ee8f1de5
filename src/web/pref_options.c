/* pref_options.c - prefecture <option> lists and names, cached per language at first use. */
#include "pref_options.h"
#include "content.h"
#include "tmpl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define LANGS 2 /* 0 ja, 1 en */

/* opt[l][i] is "<option value=\"N\">Name</option>" of code i + 1, NUL-separated in one buffer;
 * built once, read-only afterwards. */
static struct {
    char *html[PREFECTURES];
    size_t value_end[PREFECTURES]; /* offset just after value="N" where " selected" goes */
    const char *name[PREFECTURES];
} cache[LANGS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
    const content_t *ct = content_get();
    for (int l = 0; l < LANGS; l++) {
        for (int i = 0; i < PREFECTURES; i++) {
            const prefecture_t *p = ct ? content_prefecture(ct, i + 1) : NULL;
            const char *name = p ? dtext_get(&p->name, l ? "en" : "ja") : "";
            buf_t b;
            buf_init(&b);
            buf_printf(&b, "<option value=\"%d\"", i + 1);
            cache[l].value_end[i] = b.len;
            buf_putc(&b, '>');
            html_escape(&b, name);
            buf_puts(&b, "</option>");
            cache[l].html[i] = buf_steal(&b);
            cache[l].name[i] = name;
        }
    }
}

static int lang_index(const char *lang)
{
    return lang_is_en(lang) ? 1 : 0;
}

void pref_options_html(buf_t *out, const char *lang, int selected)
{
    pthread_once(&once, build);
    int l = lang_index(lang);
    for (int i = 0; i < PREFECTURES; i++) {
        const char *h = cache[l].html[i];
        if (!h)
            continue;
        if (i + 1 == selected) {
            buf_append(out, h, cache[l].value_end[i]);
            buf_puts(out, " selected");
            buf_puts(out, h + cache[l].value_end[i]);
        } else {
            buf_puts(out, h);
        }
    }
}

const char *pref_name_lang(const char *lang, int code)
{
    pthread_once(&once, build);
    if (code < 1 || code > PREFECTURES)
        return "";
    const char *n = cache[lang_index(lang)].name[code - 1];
    return n ? n : "";
}
