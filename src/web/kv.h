/* kv.h - decoded key/value lists from query strings, form bodies and Cookie headers. */
#ifndef OTASUKE_KV_H
#define OTASUKE_KV_H

#include <stdbool.h>
#include <stddef.h>

struct kv {
    char *key;
    char *val;
};

struct kvlist {
    struct kv *items;
    size_t n, cap;
};

void kv_init(struct kvlist *l);
void kv_free(struct kvlist *l);
int kv_add(struct kvlist *l, const char *key, size_t klen, const char *val, size_t vlen);
/* First value for key, or NULL. */
const char *kv_get(const struct kvlist *l, const char *key);

/* Parses application/x-www-form-urlencoded (also query strings). Percent-decodes, '+' is
 * space. Fails (-1) on invalid UTF-8, NUL bytes, or more than max_pairs pairs. */
int kv_parse_urlencoded(struct kvlist *l, const char *s, size_t len, size_t max_pairs);
/* Parses a Cookie header: "a=1; b=2". Malformed pairs are skipped. */
int kv_parse_cookies(struct kvlist *l, const char *s, size_t len, size_t max_pairs);
/* Percent-encodes s for use in a URL query component. */
#endif
