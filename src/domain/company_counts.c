/* company_counts.c - the CSV of companies per prefecture: fields, prefecture lookup, counts,
 * and the whole-file checks (every prefecture once). */
#include "company_counts.h"
#include "str.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define FIELD_MAX 128

static void add_err(struct cc_result *out, int line, enum cc_problem p, int pref)
{
    if (out->nerr >= CC_MAX_ERRORS) {
        out->more_errors = true;
        return;
    }
    out->err[out->nerr++] = (struct cc_error){.line = line, .problem = p, .pref = pref};
}

/* Splits one line into at most 3 fields (a third means too many). Quotes: "a,b" and "" for a
 * quote. Returns the number of fields, or -1 for an over-long field or a broken quote. */
static int split(const char *s, size_t len, char f[3][FIELD_MAX])
{
    int n = 0;
    size_t i = 0;
    for (;;) {
        size_t k = 0;
        bool quoted = false;
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i < len && s[i] == '"') {
            quoted = true;
            i++;
        }
        for (; i < len; i++) {
            char c = s[i];
            if (quoted && c == '"') {
                if (i + 1 < len && s[i + 1] == '"') {
                    i++;
                } else {
                    quoted = false;
                    continue;
                }
            } else if (!quoted && c == ',') {
                break;
            }
            if (k + 1 >= FIELD_MAX)
                return -1;
            if (n < 3)
                f[n][k++] = c;
        }
        if (quoted)
            return -1;
        if (n < 3) {
            f[n][k] = '\0';
            str_trim(f[n]);
        }
        n++;
        if (i >= len)
            break;
        i++; /* the comma */
    }
    return n;
}

/* A count: digits with optional thousands separators (',') and spaces. */
static bool parse_count(const char *s, int64_t *v)
{
    char digits[32];
    size_t k = 0;
    for (; *s; s++) {
        if (*s == ',' || *s == ' ')
            continue;
        if (!isdigit((unsigned char)*s) || k + 1 >= sizeof digits)
            return false;
        digits[k++] = *s;
    }
    digits[k] = '\0';
    return k > 0 && str_to_i64(digits, 0, CC_MAX_COUNT, v);
}

static int find_pref(const content_t *ct, const char *s)
{
    int64_t code;
    if (str_to_i64(s, 1, PREFECTURES, &code))
        return (int)code;
    size_t sl = strlen(s);
    for (int i = 0; i < PREFECTURES; i++) {
        const prefecture_t *p = &ct->prefectures[i];
        if (str_eq(s, p->name.ja) || strcasecmp(s, p->name.en) == 0)
            return p->code;
        /* Without the last character (the 都/府/県 suffix, 3 bytes in UTF-8); Hokkaido has
         * none, and a name of a single character would be ambiguous. */
        size_t jl = strlen(p->name.ja);
        if (p->code != 1 && jl > 6 && sl == jl - 3 && memcmp(s, p->name.ja, sl) == 0)
            return p->code;
    }
    return 0;
}

int cc_parse(const content_t *ct, const char *text, size_t len, struct cc_result *out)
{
    memset(out, 0, sizeof *out);
    int seen_line[PREFECTURES + 1] = {0};
    if (!str_valid_utf8(text, len)) {
        add_err(out, 0, CC_ENCODING, 0);
        return -1;
    }
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        text += 3;
        len -= 3;
    }
    int line = 0, data_lines = 0;
    size_t pos = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        size_t l = end - pos;
        if (l > 0 && text[pos + l - 1] == '\r')
            l--;
        const char *s = text + pos;
        pos = end + 1;
        line++;
        bool blank = true;
        for (size_t i = 0; i < l && blank; i++)
            blank = s[i] == ' ' || s[i] == '\t' || s[i] == ',';
        if (blank)
            continue;
        char f[3][FIELD_MAX];
        int n = split(s, l, f);
        int64_t count = 0;
        bool num_ok = n == 2 && parse_count(f[1], &count);
        if (data_lines == 0 && n >= 2 && !num_ok && find_pref(ct, f[0]) == 0) {
            data_lines = -1; /* the header; only the first non-blank line may be one */
            continue;
        }
        if (data_lines < 0)
            data_lines = 0;
        data_lines++;
        if (n != 2) {
            add_err(out, line, CC_FIELDS, 0);
            continue;
        }
        int pref = find_pref(ct, f[0]);
        if (pref == 0)
            add_err(out, line, CC_PREFECTURE, 0);
        if (!num_ok)
            add_err(out, line, CC_NUMBER, 0);
        if (pref == 0 || !num_ok)
            continue;
        if (seen_line[pref]) {
            add_err(out, line, CC_DUPLICATE, pref);
            continue;
        }
        seen_line[pref] = line;
        out->companies[pref] = count;
        out->total += count;
    }
    if (data_lines <= 0 && out->nerr == 0) {
        add_err(out, 0, CC_EMPTY, 0);
        return -1;
    }
    for (int p = 1; p <= PREFECTURES; p++)
        if (!seen_line[p])
            add_err(out, 0, CC_MISSING, p);
    return out->nerr || out->more_errors ? -1 : 0;
}
