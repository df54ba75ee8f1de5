/* text.c - safe text from wire bytes; capped byte buffers. */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_seq(const uint8_t *p, size_t n)
{
    uint8_t c = p[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

size_t text_copy(char *dst, size_t dstsz, const uint8_t *src, size_t n)
{
    if (dstsz == 0)
        return 0;
    size_t o = 0, i = 0;
    while (i < n && src[i] != 0) {
        size_t l = utf8_seq(src + i, n - i);
        if (l == 1 && (src[i] < 0x20 || src[i] == 0x7f))
            l = 0;
        size_t out_len = l ? l : 1;
        if (o + out_len >= dstsz)
            break;
        if (l) {
            memcpy(dst + o, src + i, l);
            i += l;
        } else {
            dst[o] = '?';
            i++;
        }
        o += out_len;
    }
    dst[o] = '\0';
    return o;
}

bool text_istarts(const uint8_t *p, size_t n, const char *prefix)
{
    size_t pl = strlen(prefix);
    if (n < pl)
        return false;
    for (size_t i = 0; i < pl; i++) {
        uint8_t a = p[i], b = (uint8_t)prefix[i];
        if (a >= 'A' && a <= 'Z')
            a = (uint8_t)(a + 32);
        if (b >= 'A' && b <= 'Z')
            b = (uint8_t)(b + 32);
        if (a != b)
            return false;
    }
    return true;
}

long text_line(const uint8_t *p, size_t n, size_t *eol_len)
{
    const uint8_t *nl = memchr(p, '\n', n);
    if (!nl)
        return -1;
    size_t l = (size_t)(nl - p);
    *eol_len = 1;
    if (l > 0 && p[l - 1] == '\r') {
        l--;
        *eol_len = 2;
    }
    return (long)l;
}

void text_hex_colon(char *out, size_t outsz, const uint8_t *p, size_t n, bool upper)
{
    static const char hl[] = "0123456789abcdef", hu[] = "0123456789ABCDEF";
    const char *h = upper ? hu : hl;
    size_t o = 0;
    if (outsz == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        if (o + 3 + (i ? 1 : 0) > outsz)
            break;
        if (i)
            out[o++] = ':';
        out[o++] = h[p[i] >> 4];
        out[o++] = h[p[i] & 15];
    }
    out[o] = '\0';
}

void sbuf_init(struct sbuf *b, size_t max)
{
    b->d = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void sbuf_free(struct sbuf *b)
{
    free(b->d);
    b->d = NULL;
    b->len = b->cap = 0;
}

bool sbuf_append(struct sbuf *b, const uint8_t *p, size_t n)
{
    if (n == 0)
        return true;
    if (n > b->max - b->len)
        return false;
    if (b->len + n > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 1024;
        while (nc < b->len + n)
            nc *= 2;
        if (nc > b->max)
            nc = b->max;
        uint8_t *nd = realloc(b->d, nc);
        if (!nd)
            return false;
        b->d = nd;
        b->cap = nc;
    }
    memcpy(b->d + b->len, p, n);
    b->len += n;
    return true;
}

void sbuf_consume(struct sbuf *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0;
        return;
    }
    memmove(b->d, b->d + n, b->len - n);
    b->len -= n;
}
