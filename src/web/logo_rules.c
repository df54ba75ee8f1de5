/* logo_rules.c - loads the logo usage rules once and hands them out in one language. */
#include "logo_rules.h"

#include "content.h"
#include "fileutil.h"
#include "log.h"

#include <pthread.h>
#include <stdlib.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static json_t *rules; /* never freed: process-wide, read-only after loading */

static bool valid_text(json_t *t)
{
    const char *ja = json_string_value(json_object_get(t, "ja"));
    const char *en = json_string_value(json_object_get(t, "en"));
    return ja && *ja && en && *en;
}

static bool valid_list(json_t *a)
{
    size_t i;
    json_t *t;
    if (!json_is_array(a) || json_array_size(a) == 0)
        return false;
    json_array_foreach(a, i, t) if (!valid_text(t)) return false;
    return true;
}

static void load(void)
{
    char path[1024];
    json_error_t e;
    if (!share_path(path, sizeof path, "data/logo_rules.json")) {
        log_error("logo rules: path too long");
        return;
    }
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
    if (!j || !valid_text(json_object_get(j, "intro")) ||
        !valid_list(json_object_get(j, "allowed")) ||
        !valid_list(json_object_get(j, "not_allowed")) ||
        !valid_text(json_object_get(j, "withdrawn"))) {
        log_error("%s: not valid logo rules (%s)", path, j ? "missing ja/en text" : e.text);
        json_decref(j);
        return;
    }
    rules = j;
}

static json_t *pick(json_t *t, const char *lang)
{
    return json_object_get(t, lang_is_en(lang) ? "en" : "ja");
}

static json_t *pick_list(json_t *a, const char *lang)
{
    json_t *out = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(a, i, t) json_array_append(out, pick(t, lang));
    return out;
}

json_t *logo_rules(const char *lang)
{
    pthread_once(&once, load);
    if (!rules)
        return NULL;
    return json_pack("{s:O,s:o,s:o,s:O}", "intro", pick(json_object_get(rules, "intro"), lang),
                     "allowed", pick_list(json_object_get(rules, "allowed"), lang), "not_allowed",
                     pick_list(json_object_get(rules, "not_allowed"), lang), "withdrawn",
                     pick(json_object_get(rules, "withdrawn"), lang));
}
