/* text.h - turning wire bytes into safe text, and small per-direction byte buffers. */
#ifndef OTASUKE_SENSOR_TEXT_H
#define OTASUKE_SENSOR_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies n wire bytes into dst as valid UTF-8 without control characters: bytes that are not
 * are replaced by '?'; stops at a NUL byte; truncates at a character boundary. Returns the
 * number of bytes written (excluding the NUL). */
size_t text_copy(char *dst, size_t dstsz, const uint8_t *src, size_t n);
/* ASCII case-insensitive prefix test on a byte range. */
bool text_istarts(const uint8_t *p, size_t n, const char *prefix);
/* Finds "\r\n" (or a bare "\n") in p[0..n); returns the line length (without the line end)
 * and sets *eol_len, or returns -1 if no line end yet. */
long text_line(const uint8_t *p, size_t n, size_t *eol_len);
/* Upper-case hex bytes joined by ':' ("0A:1B"). */
void text_hex_colon(char *out, size_t outsz, const uint8_t *p, size_t n, bool upper);

/* An accumulation buffer with a hard cap. */
struct sbuf {
    uint8_t *d;
    size_t len, cap, max;
};
void sbuf_init(struct sbuf *b, size_t max);
void sbuf_free(struct sbuf *b);
/* Appends; false (and nothing appended) if it would exceed max or memory ran out. */
bool sbuf_append(struct sbuf *b, const uint8_t *p, size_t n);
/* Drops the first n bytes. */
void sbuf_consume(struct sbuf *b, size_t n);

#endif
