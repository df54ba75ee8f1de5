/* i18n.c - .po catalog loader and language negotiation. */
#include "i18n.h"
#include "buf.h"
#include "fileutil.h"
#include "str.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char *id, *str;
};

struct langcat {
    char lang[8];
    struct entry *e;
    size_t n, cap;
    bool sorted;
};

struct catalog {
    struct langcat langs[4];
    size_t nlangs;
};

catalog_t *catalog_new(void)
{
    return calloc(1, sizeof(catalog_t));
}

void catalog_free(catalog_t *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nlangs; i++) {
        for (size_t j = 0; j < c->langs[i].n; j++) {
            free(c->langs[i].e[j].id);
            free(c->langs[i].e[j].str);
        }
        free(c->langs[i].e);
    }
    free(c);
}

static struct langcat *lang_of(catalog_t *c, const char *lang, bool create)
{
    for (size_t i = 0; i < c->nlangs; i++)
        if (str_eq(c->langs[i].lang, lang))
            return &c->langs[i];
    if (!create || c->nlangs == sizeof c->langs / sizeof c->langs[0])
        return NULL;
    struct langcat *l = &c->langs[c->nlangs++];
    str_copy(l->lang, sizeof l->lang, lang);
    return l;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->id, ((const struct entry *)b)->id);
}

/* Appends the C-style quoted string starting at p (at the opening quote) to b. */
static const char *unquote(const char *p, const char *end, buf_t *b)
{
    if (p >= end || *p != '"')
        return NULL;
    p++;
    while (p < end && *p != '"') {
        if (*p == '\\' && p + 1 < end) {
            p++;
            switch (*p) {
            case 'n':
                buf_putc(b, '\n');
                break;
            case 't':
                buf_putc(b, '\t');
                break;
            case '"':
            case '\\':
                buf_putc(b, *p);
                break;
            default:
                return NULL;
            }
        } else {
            buf_putc(b, *p);
        }
        p++;
    }
    return p < end ? p + 1 : NULL;
}

static int add_entry(struct langcat *l, buf_t *id, buf_t *str)
{
    if (id->len == 0 || str->len == 0) /* header entry or untranslated */
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 128;
        struct entry *e = realloc(l->e, cap * sizeof *e);
        if (!e)
            return -1;
        l->e = e;
        l->cap = cap;
    }
    l->e[l->n].id = strdup(buf_cstr(id));
    l->e[l->n].str = strdup(buf_cstr(str));
    l->n++;
    l->sorted = false;
    return 0;
}

int catalog_parse_po(catalog_t *c, const char *lang, const char *text, size_t len, char *err,
                     size_t errlen)
{
    struct langcat *l = lang_of(c, lang, true);
    if (!l) {
        str_copy(err, errlen, "too many languages");
        return -1;
    }
    buf_t id, st;
    buf_init(&id);
    buf_init(&st);
    buf_t *cur = NULL;
    bool pending_fuzzy = false; /* a "#, fuzzy" comment seen before the next msgid */
    bool fuzzy = false;         /* the entry being read is fuzzy: skip it */
    int rc = -1, line = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        line++;
        const char *s = p;
        while (s < eol && isspace((unsigned char)*s))
            s++;
        if (s == eol) {
            /* blank line */
        } else if (*s == '#') {
            if (eol - s >= 2 && s[1] == ',' && memmem(s, (size_t)(eol - s), "fuzzy", 5))
                pending_fuzzy = true;
        } else if ((size_t)(eol - s) > 6 && strncmp(s, "msgid ", 6) == 0) {
            if (cur && !fuzzy && add_entry(l, &id, &st) < 0)
                goto out;
            fuzzy = pending_fuzzy;
            pending_fuzzy = false;
            buf_reset(&id);
            buf_reset(&st);
            cur = &id;
            if (!unquote(s + 6, eol, cur))
                goto bad;
        } else if ((size_t)(eol - s) > 7 && strncmp(s, "msgstr ", 7) == 0) {
            if (cur != &id)
                goto bad;
            cur = &st;
            if (!unquote(s + 7, eol, cur))
                goto bad;
        } else if (*s == '"') {
            if (!cur || !unquote(s, eol, cur))
                goto bad;
        } else {
            goto bad;
        }
        p = eol + 1;
    }
    if (cur && !fuzzy && add_entry(l, &id, &st) < 0)
        goto out;
    rc = 0;
    goto out;
bad:
    str_fmt(err, errlen, "line %d: cannot parse", line);
out:
    buf_free(&id);
    buf_free(&st);
    return rc;
}

catalog_t *catalog_load(const char *po_dir, char *err, size_t errlen)
{
    catalog_t *c = catalog_new();
    if (!c)
        return NULL;
    static const char *langs[] = {"ja", "en"};
    for (size_t i = 0; i < 2; i++) {
        char dir[1024];
        if (!str_fmt(dir, sizeof dir, "%s/%s", po_dir, langs[i]))
            goto fail;
        lang_of(c, langs[i], true);
        DIR *d = opendir(dir);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            size_t nl = strlen(e->d_name);
            if (nl < 4 || strcmp(e->d_name + nl - 3, ".po") != 0)
                continue;
            char path[1280];
            if (!str_fmt(path, sizeof path, "%s/%s", dir, e->d_name))
                continue;
            size_t len;
            char *text = file_read_all(path, 8 << 20, &len);
            char perr[256] = "";
            if (!text || catalog_parse_po(c, langs[i], text, len, perr, sizeof perr) < 0) {
                str_fmt(err, errlen, "%s: %s", path, text ? perr : "cannot read");
                free(text);
                closedir(d);
                goto fail;
            }
            free(text);
        }
        closedir(d);
    }
    for (size_t i = 0; i < c->nlangs; i++) {
        if (c->langs[i].n) /* qsort and bsearch want a valid array even when it is empty */
            qsort(c->langs[i].e, c->langs[i].n, sizeof(struct entry), cmp_entry);
        c->langs[i].sorted = true;
    }
    return c;
fail:
    catalog_free(c);
    return NULL;
}

static const struct entry *find(const catalog_t *c, const char *lang, const char *msgid)
{
    for (size_t i = 0; i < c->nlangs; i++) {
        const struct langcat *l = &c->langs[i];
        if (!str_eq(l->lang, lang))
            continue;
        if (!l->sorted) { /* only while parsing (fuzzer); linear */
            for (size_t j = 0; j < l->n; j++)
                if (str_eq(l->e[j].id, msgid))
                    return &l->e[j];
            return NULL;
        }
        if (l->n == 0)
            return NULL;
        struct entry key = {.id = (char *)msgid};
        return bsearch(&key, l->e, l->n, sizeof key, cmp_entry);
    }
    return NULL;
}

const char *catalog_get(const catalog_t *c, const char *lang, const char *msgid)
{
    const struct entry *e = c ? find(c, lang, msgid) : NULL;
    return e ? e->str : msgid;
}

bool catalog_has(const catalog_t *c, const char *lang, const char *msgid)
{
    return c && find(c, lang, msgid) != NULL;
}

const char *i18n_pick(const char *cookie, const char *al)
{
    if (str_eq(cookie, "ja") || str_eq(cookie, "en"))
        return cookie;
    if (!al)
        return "ja";
    /* First of ja/en by q-value; ties go to the one listed first. */
    double best_q = -1;
    const char *best = "ja";
    const char *p = al;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *tag = p;
        size_t tl = strcspn(p, ";, ");
        double q = 1.0;
        p += tl;
        const char *next = p + strcspn(p, ",");
        const char *qp = strstr(p, "q=");
        if (qp && qp < next)
            q = strtod(qp + 2, NULL);
        const char *lang = NULL;
        if (tl >= 2 && strncasecmp(tag, "ja", 2) == 0 && (tl == 2 || tag[2] == '-'))
            lang = "ja";
        else if (tl >= 2 && strncasecmp(tag, "en", 2) == 0 && (tl == 2 || tag[2] == '-'))
            lang = "en";
        if (lang && q > best_q) {
            best_q = q;
            best = lang;
        }
        p = next;
    }
    return best;
}
