/* csv_out.c - CSV fields for exports (see csv_out.h). */
#include "csv_out.h"

#include <stdbool.h>

void csv_text(buf_t *b, const char *s)
{
    bool formula = *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
    buf_putc(b, '"');
    if (formula)
        buf_putc(b, '\'');
    for (const char *c = s; *c; c++) {
        if (*c == '"')
            buf_putc(b, '"');
        buf_putc(b, *c);
    }
    buf_putc(b, '"');
}

void csv_value(buf_t *b, const json_t *v)
{
    if (json_is_integer(v))
        buf_printf(b, "%lld", (long long)json_integer_value(v));
    else
        csv_text(b, json_is_string(v) ? json_string_value(v) : "");
}
