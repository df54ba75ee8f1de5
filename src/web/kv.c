/* kv.c - decoding of query strings, form bodies and cookies (outside input: fuzzed). */
#include "kv.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>

void kv_init(struct kvlist *l)
{
    l->items = NULL;
    l->n = l->cap = 0;
}

void kv_free(struct kvlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].key);
        free(l->items[i].val);
    }
    free(l->items);
    kv_init(l);
}

int kv_add(struct kvlist *l, const char *key, size_t klen, const char *val, size_t vlen)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        struct kv *p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return -1;
        l->items = p;
        l->cap = cap;
    }
    char *k = strndup(key, klen), *v = strndup(val, vlen);
    if (!k || !v) {
        free(k);
        free(v);
        return -1;
    }
    l->items[l->n].key = k;
    l->items[l->n].val = v;
    l->n++;
    return 0;
}

const char *kv_get(const struct kvlist *l, const char *key)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].key, key) == 0)
            return l->items[i].val;
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..len) into out (capacity len+1); returns decoded length or -1. */
static long decode(const char *s, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (i + 2 >= len)
                return -1;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0)
                return -1;
            c = (char)(h * 16 + l);
            i += 2;
        }
        out[o++] = c;
    }
    out[o] = '\0';
    if (!str_valid_utf8(out, o))
        return -1;
    return (long)o;
}

int kv_parse_urlencoded(struct kvlist *l, const char *s, size_t len, size_t max_pairs)
{
    char *tmp = malloc(len + 1);
    char *tmpv = malloc(len + 1);
    int rc = -1;
    if (!tmp || !tmpv)
        goto out;
    size_t i = 0, pairs = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && s[end] != '&')
            end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && s[eq] != '=')
                eq++;
            if (++pairs > max_pairs)
                goto out;
            long kl = decode(s + i, eq - i, tmp);
            long vl = eq < end ? decode(s + eq + 1, end - eq - 1, tmpv) : 0;
            if (eq >= end)
                tmpv[0] = '\0';
            if (kl < 0 || vl < 0)
                goto out;
            if (kv_add(l, tmp, (size_t)kl, tmpv, (size_t)vl) < 0)
                goto out;
        }
        i = end + 1;
    }
    rc = 0;
out:
    free(tmp);
    free(tmpv);
    return rc;
}

int kv_parse_cookies(struct kvlist *l, const char *s, size_t len, size_t max_pairs)
{
    size_t i = 0, pairs = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == ';'))
            i++;
        size_t start = i;
        while (i < len && s[i] != ';')
            i++;
        size_t eq = start;
        while (eq < i && s[eq] != '=')
            eq++;
        if (eq < i && eq > start) {
            size_t vs = eq + 1, ve = i;
            while (ve > vs && s[ve - 1] == ' ')
                ve--;
            if (ve - vs >= 2 && s[vs] == '"' && s[ve - 1] == '"') {
                vs++;
                ve--;
            }
            bool ok = true;
            for (size_t k = start; k < ve; k++)
                if ((unsigned char)s[k] < 0x21 && s[k] != ' ')
                    ok = false;
            if (ok) {
                if (++pairs > max_pairs)
                    return -1;
                if (kv_add(l, s + start, eq - start, s + vs, ve - vs) < 0)
                    return -1;
            }
        }
    }
    return 0;
}
