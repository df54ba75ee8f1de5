/* explain.c - loads explanation templates (jansson) and fills in their placeholders. */
#include "explain.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fileutil.h"
#include "str.h"

#define EXPLAIN_FILE_MAX (1024 * 1024)

struct entry {
    char *key;
    int severity;
    uint32_t signature_id;
    char *title;
    char *owner_ja, *owner_en, *analyst_ja, *analyst_en;
};

struct explain {
    struct entry *ent;
    size_t n;
};

static void entry_free(struct entry *x)
{
    free(x->key);
    free(x->title);
    free(x->owner_ja);
    free(x->owner_en);
    free(x->analyst_ja);
    free(x->analyst_en);
}

void explain_free(explain_t *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++)
        entry_free(&e->ent[i]);
    free(e->ent);
    free(e);
}

/* Copies obj[who][lang] as a string; a missing text is an error (every entry is complete). */
static char *get_text(json_t *obj, const char *who, const char *lang)
{
    json_t *w = json_object_get(obj, who);
    json_t *s = w ? json_object_get(w, lang) : NULL;
    const char *v = json_string_value(s);
    return v && *v ? strdup(v) : NULL;
}

explain_t *explain_parse(const char *json, size_t len, char *err, size_t errsz)
{
    json_error_t jerr;
    json_t *root = json_loadb(json, len, 0, &jerr);
    explain_t *e = NULL;
    if (!root) {
        str_fmt(err, errsz, "explanations: line %d: %s", jerr.line, jerr.text);
        return NULL;
    }
    json_t *cats = json_object_get(root, "categories");
    if (!json_is_object(cats)) {
        str_fmt(err, errsz, "explanations: no \"categories\" object");
        goto fail;
    }
    e = calloc(1, sizeof *e);
    if (!e)
        goto oom;
    e->ent = calloc(json_object_size(cats) + 1, sizeof *e->ent);
    if (!e->ent)
        goto oom;
    const char *key;
    json_t *val;
    json_object_foreach(cats, key, val)
    {
        if (!json_is_object(val)) {
            str_fmt(err, errsz, "explanations: %s is not an object", key);
            goto fail;
        }
        struct entry *x = &e->ent[e->n++];
        x->key = strdup(key);
        json_t *sev = json_object_get(val, "severity");
        x->severity = json_is_integer(sev) ? (int)json_integer_value(sev) : 0;
        if (x->severity < 0 || x->severity > 3)
            x->severity = 0;
        json_t *sid = json_object_get(val, "signature_id");
        json_int_t sidv = json_is_integer(sid) ? json_integer_value(sid) : 0;
        x->signature_id = sidv > 0 && sidv <= UINT32_MAX ? (uint32_t)sidv : 0;
        const char *t = json_string_value(json_object_get(val, "title"));
        x->title = strdup(t ? t : key);
        x->owner_ja = get_text(val, "owner", "ja");
        x->owner_en = get_text(val, "owner", "en");
        x->analyst_ja = get_text(val, "analyst", "ja");
        x->analyst_en = get_text(val, "analyst", "en");
        if (!x->key || !x->title || !x->owner_ja || !x->owner_en || !x->analyst_ja ||
            !x->analyst_en) {
            str_fmt(err, errsz, "explanations: %s lacks an owner/analyst text in ja or en", key);
            goto fail;
        }
    }
    json_decref(root);
    return e;
oom:
    str_fmt(err, errsz, "explanations: out of memory");
fail:
    json_decref(root);
    explain_free(e);
    return NULL;
}

explain_t *explain_load(const char *path, char *err, size_t errsz)
{
    char def[1024];
    if (!path) {
        if (!share_path(def, sizeof def, "data/sensor/explanations.json")) {
            str_fmt(err, errsz, "explanations: path too long");
            return NULL;
        }
        path = def;
    }
    size_t len = 0;
    char *text = file_read_all(path, EXPLAIN_FILE_MAX, &len);
    if (!text) {
        str_fmt(err, errsz, "explanations: cannot read %s", path);
        return NULL;
    }
    explain_t *e = explain_parse(text, len, err, errsz);
    free(text);
    return e;
}

static const struct entry *find(const explain_t *e, const char *key)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->ent[i].key, key) == 0)
            return &e->ent[i];
    return NULL;
}

bool explain_has(const explain_t *e, const char *key)
{
    return e && find(e, key) != NULL;
}

/* Length of the longest prefix of s (at most max bytes) that ends on a UTF-8 boundary. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

static size_t append(char *out, size_t outsz, size_t pos, const char *s, size_t len)
{
    if (pos + 1 >= outsz)
        return pos;
    size_t room = outsz - 1 - pos;
    size_t n = utf8_cut(s, len, room);
    memcpy(out + pos, s, n);
    out[pos + n] = '\0';
    return pos + n;
}

void explain_fill(const char *tmpl, const struct explain_var *vars, size_t nvars, char *out,
                  size_t outsz)
{
    size_t pos = 0;
    if (outsz == 0)
        return;
    out[0] = '\0';
    const char *p = tmpl;
    while (*p) {
        const char *open = strchr(p, '{');
        if (!open) {
            pos = append(out, outsz, pos, p, strlen(p));
            break;
        }
        pos = append(out, outsz, pos, p, (size_t)(open - p));
        const char *close = strchr(open + 1, '}');
        const struct explain_var *v = NULL;
        if (close) {
            size_t nl = (size_t)(close - open - 1);
            for (size_t i = 0; i < nvars; i++)
                if (vars[i].name && strlen(vars[i].name) == nl &&
                    memcmp(vars[i].name, open + 1, nl) == 0)
                    v = &vars[i];
        }
        if (!v) {
            pos = append(out, outsz, pos, "{", 1);
            p = open + 1;
            continue;
        }
        const char *val = v->value ? v->value : "";
        size_t vl = strlen(val);
        if (vl > EXPLAIN_VALUE_MAX) {
            pos = append(out, outsz, pos, val, utf8_cut(val, vl, EXPLAIN_VALUE_MAX));
            pos = append(out, outsz, pos, "...", 3);
        } else {
            pos = append(out, outsz, pos, val, vl);
        }
        p = close + 1;
    }
}

bool explain_render(const explain_t *e, const char *key, const struct explain_var *vars,
                    size_t nvars, struct explain_text *out)
{
    if (!e)
        return false;
    const struct entry *x = find(e, key);
    if (!x) {
        char cat[128];
        str_copy(cat, sizeof cat, key);
        char *dot = strchr(cat, '.');
        if (dot)
            *dot = '\0';
        x = find(e, cat);
    }
    if (!x)
        return false;
    out->severity = x->severity;
    out->signature_id = x->signature_id;
    explain_fill(x->title, vars, nvars, out->title, sizeof out->title);
    explain_fill(x->owner_ja, vars, nvars, out->owner_ja, sizeof out->owner_ja);
    explain_fill(x->owner_en, vars, nvars, out->owner_en, sizeof out->owner_en);
    explain_fill(x->analyst_ja, vars, nvars, out->analyst_ja, sizeof out->analyst_ja);
    explain_fill(x->analyst_en, vars, nvars, out->analyst_en, sizeof out->analyst_en);
    return true;
}
