/* buf.h - growable byte buffer, always NUL-terminated, for building strings and bodies. */
#ifndef OTASUKE_BUF_H
#define OTASUKE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *data; /* NUL-terminated when cap > 0 */
    size_t len;
    size_t cap;
    bool oom; /* set once an allocation failed; further appends are ignored */
} buf_t;

void buf_init(buf_t *b);
void buf_free(buf_t *b);
void buf_reset(buf_t *b);
bool buf_reserve(buf_t *b, size_t extra);
void buf_append(buf_t *b, const void *data, size_t len);
void buf_puts(buf_t *b, const char *s);
void buf_putc(buf_t *b, char c);
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf_t *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the data to the caller (free() it) and leaves b empty. Never NULL unless oom. */
char *buf_steal(buf_t *b);
const char *buf_cstr(const buf_t *b);

#endif
