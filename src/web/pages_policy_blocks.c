/* pages_policy_blocks.c - splits a policy's plain text into headings and paragraphs. */
#include "policy_blocks.h"

#include <stdbool.h>
#include <string.h>

static bool numbered_heading(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && line[i] >= '0' && line[i] <= '9')
        i++;
    return i > 0 && i < 3 && i < len && line[i] == '.' && len < 120;
}

static void add_block(json_t *a, const char *type, const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        n--;
    if (n > 0)
        json_array_append_new(a, json_pack("{s:s,s:s%}", "type", type, "text", s, n));
}

json_t *policy_blocks(const char *body)
{
    json_t *a = json_array();
    const char *p = body;
    while (*p) {
        while (*p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        const char *end = strstr(p, "\n\n");
        const char *crlf = strstr(p, "\r\n\r\n");
        if (crlf && (!end || crlf < end))
            end = crlf;
        if (!end)
            end = p + strlen(p);
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t first = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (nl && numbered_heading(p, first)) {
            add_block(a, "h2", p, first);
            add_block(a, "p", nl + 1, (size_t)(end - nl - 1));
        } else {
            add_block(a, "p", p, (size_t)(end - p));
        }
        p = end;
    }
    return a;
}
