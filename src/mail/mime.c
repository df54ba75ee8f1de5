/* mime.c - build a plain-text UTF-8 e-mail message (RFC 5322, MIME, RFC 2047 headers). */
#include "mime.h"
#include "str.h"

#include <stdio.h>
#include <string.h>

static const char b64tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_append(buf_t *out, const unsigned char *p, size_t n)
{
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        char q[4] = {b64tab[v >> 18], b64tab[(v >> 12) & 63], b64tab[(v >> 6) & 63],
                     b64tab[v & 63]};
        buf_append(out, q, 4);
    }
    if (n - i == 1) {
        unsigned v = (unsigned)p[i] << 16;
        char q[4] = {b64tab[v >> 18], b64tab[(v >> 12) & 63], '=', '='};
        buf_append(out, q, 4);
    } else if (n - i == 2) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
        char q[4] = {b64tab[v >> 18], b64tab[(v >> 12) & 63], b64tab[(v >> 6) & 63], '='};
        buf_append(out, q, 4);
    }
}

static bool is_atext(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

static bool is_ldh(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool mime_addr_valid(const char *addr)
{
    if (!addr)
        return false;
    size_t len = strlen(addr);
    const char *at = strrchr(addr, '@');
    if (len == 0 || len > 254 || !at)
        return false;
    size_t local = (size_t)(at - addr);
    if (local == 0 || local > 64)
        return false;
    /* dot-atom: atext runs separated by single dots */
    for (size_t i = 0; i < local; i++) {
        char c = addr[i];
        if (c == '.') {
            if (i == 0 || i == local - 1 || addr[i + 1] == '.')
                return false;
        } else if (!is_atext((unsigned char)c)) {
            return false;
        }
    }
    /* domain: LDH labels of 1..63 characters, no leading or trailing hyphen */
    const char *d = at + 1;
    if (!*d)
        return false;
    while (*d) {
        size_t n = 0;
        while (d[n] && d[n] != '.') {
            if (!is_ldh((unsigned char)d[n]))
                return false;
            n++;
        }
        if (n == 0 || n > 63 || d[0] == '-' || d[n - 1] == '-')
            return false;
        d += n;
        if (*d == '.') {
            d++;
            if (!*d)
                return false;
        }
    }
    return true;
}

bool mime_header_text_ok(const char *s)
{
    if (!s)
        return false;
    size_t len = strlen(s);
    if (!str_valid_utf8(s, len))
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return false;
    }
    return true;
}

/* Length of the UTF-8 sequence starting with lead byte c (input already validated). */
static size_t utf8_seq_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xf0)
        return 4;
    if (c >= 0xe0)
        return 3;
    return 2;
}

void mime_encode_words(buf_t *out, const char *s)
{
    size_t len = strlen(s);
    size_t pos = 0;
    bool first = true;
    do {
        /* take whole characters while they fit into one word's payload */
        size_t end = pos;
        while (end < len) {
            size_t n = utf8_seq_len((unsigned char)s[end]);
            if (end + n > len || end + n - pos > MIME_WORD_PAYLOAD)
                break;
            end += n;
        }
        if (end == pos && pos < len) /* cannot happen for valid UTF-8; never loop forever */
            end = pos + 1;
        if (!first)
            buf_puts(out, "\r\n ");
        buf_puts(out, "=?UTF-8?B?");
        b64_append(out, (const unsigned char *)s + pos, end - pos);
        buf_puts(out, "?=");
        first = false;
        pos = end;
    } while (pos < len);
}

void mime_base64_lines(buf_t *out, const unsigned char *data, size_t len)
{
    /* 57 input bytes -> exactly 76 base64 characters per line */
    for (size_t i = 0; i < len; i += 57) {
        size_t n = len - i < 57 ? len - i : 57;
        b64_append(out, data + i, n);
        buf_puts(out, "\r\n");
    }
}

void mime_date(char out[40], time_t t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mons[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    gmtime_r(&t, &tm);
    if (!str_fmt(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
                 mons[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec))
        out[0] = '\0';
}

static bool is_plain_ascii(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80)
            return false;
    }
    return true;
}

/* A display name: quoted-string when ASCII, encoded-words otherwise. */
static void put_display_name(buf_t *out, const char *name)
{
    if (is_plain_ascii(name) && strlen(name) <= 60 && !strstr(name, "=?")) {
        buf_putc(out, '"');
        for (const char *p = name; *p; p++) {
            if (*p == '"' || *p == '\\')
                buf_putc(out, '\\');
            buf_putc(out, *p);
        }
        buf_putc(out, '"');
    } else {
        mime_encode_words(out, name);
    }
}

static void set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        str_copy(err, errlen, msg);
}

int mime_build(buf_t *out, const struct mime_message *m, char *err, size_t errlen)
{
    if (!mime_addr_valid(m->from_addr)) {
        set_err(err, errlen, "invalid sender address");
        return -1;
    }
    if (!mime_addr_valid(m->to)) {
        set_err(err, errlen, "invalid recipient address");
        return -1;
    }
    if (m->from_name && !mime_header_text_ok(m->from_name)) {
        set_err(err, errlen, "sender name has control characters or invalid UTF-8");
        return -1;
    }
    if (!mime_header_text_ok(m->subject)) {
        set_err(err, errlen, "subject has control characters (CR/LF) or invalid UTF-8");
        return -1;
    }
    if (!m->body || !str_valid_utf8(m->body, strlen(m->body))) {
        set_err(err, errlen, "body is not valid UTF-8");
        return -1;
    }
    if (!m->message_id || !mime_header_text_ok(m->message_id) || strchr(m->message_id, ' ') ||
        strchr(m->message_id, '>') || strchr(m->message_id, '<') || !strchr(m->message_id, '@')) {
        set_err(err, errlen, "invalid Message-ID");
        return -1;
    }

    char date[40];
    mime_date(date, m->date);
    buf_printf(out, "Date: %s\r\n", date);
    buf_puts(out, "From: ");
    if (m->from_name && *m->from_name) {
        put_display_name(out, m->from_name);
        buf_puts(out, "\r\n ");
    }
    buf_printf(out, "<%s>\r\n", m->from_addr);
    buf_printf(out, "To: <%s>\r\n", m->to);
    buf_puts(out, "Subject: ");
    if (is_plain_ascii(m->subject) && strlen(m->subject) <= 900 && !strstr(m->subject, "=?"))
        buf_puts(out, m->subject);
    else
        mime_encode_words(out, m->subject);
    buf_puts(out, "\r\n");
    buf_printf(out, "Message-ID: <%s>\r\n", m->message_id);
    buf_puts(out, "MIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n"
                  "\r\n");

    /* canonical text form: every line break is CRLF (RFC 2045 section 6.8) */
    buf_t canon;
    buf_init(&canon);
    for (const char *p = m->body; *p; p++) {
        if (*p == '\r' && p[1] == '\n')
            continue;
        if (*p == '\n' || *p == '\r')
            buf_puts(&canon, "\r\n");
        else
            buf_putc(&canon, *p);
    }
    mime_base64_lines(out, (const unsigned char *)(canon.data ? canon.data : ""), canon.len);
    bool oom = canon.oom;
    buf_free(&canon);
    if (oom || out->oom) {
        set_err(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}
