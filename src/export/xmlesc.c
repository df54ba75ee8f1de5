/* xmlesc.c - XML text escaping shared by the SVG writers. */
#include "xmlesc.h"
#include "str.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not valid. */
static size_t utf8_valid_seq(const unsigned char *s)
{
    size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
    for (size_t i = 1; i < n; i++)
        if (!s[i])
            return 0;
    if (n == 0 || !str_valid_utf8((const char *)s, n))
        return 0;
    return n;
}

void xml_escape(buf_t *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        switch (c) {
        case '&':
            buf_puts(out, "&amp;");
            p++;
            continue;
        case '<':
            buf_puts(out, "&lt;");
            p++;
            continue;
        case '>':
            buf_puts(out, "&gt;");
            p++;
            continue;
        case '"':
            buf_puts(out, "&quot;");
            p++;
            continue;
        case '\'':
            buf_puts(out, "&apos;");
            p++;
            continue;
        default:
            break;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            p++;
            continue;
        }
        size_t n = utf8_valid_seq(p);
        if (n == 0) {
            p++;
            continue;
        }
        buf_append(out, p, n);
        p += n;
    }
}
