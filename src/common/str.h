/* str.h - bounded string helpers; every write reports truncation. */
#ifndef OTASUKE_STR_H
#define OTASUKE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies src into dst (size dstsz, always NUL-terminated); false if truncated. */
bool str_copy(char *dst, size_t dstsz, const char *src);
/* snprintf that returns false on error or truncation. */
bool str_fmt(char *dst, size_t dstsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool str_eq(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);
/* Strict decimal parse of the whole string into [min,max]. */
bool str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out);
/* True if s is valid UTF-8 (no overlongs, no surrogates) and has no NUL before len. */
bool str_valid_utf8(const char *s, size_t len);
/* Number of code points in valid UTF-8. */
size_t str_utf8_len(const char *s);
/* Trims ASCII white space in place; returns s. */
char *str_trim(char *s);
/* Lower-case hex of len bytes into out (2*len+1). */
void str_hex(char *out, const unsigned char *in, size_t len);

#endif
