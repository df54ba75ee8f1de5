/* fuzz_mail_mime.c - libFuzzer target for message building: whatever subject, sender name
 * and body come in, a built message is 7-bit, CRLF-only, has exactly the eight headers it
 * should (no injected ones), and its Subject decodes back to the input. */
#include "mime.h"
#include "str.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const headers[] = {
    "Date: ",       "From: ",         "To: ",           "Subject: ",
    "Message-ID: ", "MIME-Version: ", "Content-Type: ", "Content-Transfer-Encoding: "};

/* Decodes the folded Subject value (plain or RFC 2047 words) into out. */
static void decode_subject(const char *v, size_t n, buf_t *out)
{
    if (n < 10 || memcmp(v, "=?UTF-8?B?", 10) != 0) {
        buf_append(out, v, n);
        return;
    }
    size_t i = 0;
    while (i < n) {
        if (v[i] == '\r' || v[i] == '\n' || v[i] == ' ') {
            i++;
            continue;
        }
        if (n - i < 12 || memcmp(v + i, "=?UTF-8?B?", 10) != 0)
            abort();
        const char *b = v + i + 10;
        const char *end = memchr(b, '?', n - i - 10);
        if (!end || end + 1 >= v + n || end[1] != '=' || end - (v + i) + 2 > MIME_WORD_MAX)
            abort();
        unsigned char bin[64];
        size_t blen = 0;
        if (sodium_base642bin(bin, sizeof bin, b, (size_t)(end - b), NULL, &blen, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0)
            abort();
        if (!str_valid_utf8((const char *)bin, blen))
            abort(); /* every word holds whole characters */
        buf_append(out, bin, blen);
        i = (size_t)(end - v) + 2;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sodium_init() < 0)
        abort();
    /* input: SUBJECT NUL NAME NUL BODY */
    buf_t parts[3];
    size_t k = 0;
    for (size_t j = 0; j < 3; j++)
        buf_init(&parts[j]);
    for (size_t i = 0; i < size; i++) {
        if (data[i] == 0 && k < 2)
            k++;
        else if (data[i] != 0)
            buf_putc(&parts[k], (char)data[i]);
    }
    const char *subject = parts[0].data ? parts[0].data : "";
    const char *name = parts[1].data ? parts[1].data : "";
    const char *body = parts[2].data ? parts[2].data : "";
    struct mime_message m = {"from@example.jp", name, "to@example.jp", subject, body, 0,
                             "id@example.jp"};
    buf_t out;
    buf_init(&out);
    char err[128];
    int rc = mime_build(&out, &m, err, sizeof err);
    bool ok = mime_header_text_ok(subject) && (!*name || mime_header_text_ok(name));
    if (rc == 0 && !ok)
        abort(); /* an unsafe header was accepted */
    if (rc != 0 && ok && str_valid_utf8(body, strlen(body)))
        abort(); /* a safe message was refused */
    if (rc == 0) {
        const char *s = out.data;
        size_t nheaders = 0;
        const char *subj = NULL, *subj_end = NULL;
        bool in_body = false;
        for (const char *line = s; *line;) {
            const char *eol = strstr(line, "\r\n");
            if (!eol)
                abort(); /* every line ends with CRLF */
            for (const char *p = line; p < eol; p++)
                if (*p == '\r' || *p == '\n' || (unsigned char)*p >= 0x80)
                    abort();
            if (eol - line > 998)
                abort();
            if (eol == line) {
                in_body = true;
            } else if (!in_body && line[0] != ' ') {
                size_t h;
                for (h = 0; h < sizeof headers / sizeof headers[0]; h++)
                    if (strncmp(line, headers[h], strlen(headers[h])) == 0)
                        break;
                if (h == sizeof headers / sizeof headers[0])
                    abort(); /* an injected header */
                nheaders++;
                if (h == 3)
                    subj = line + strlen(headers[3]);
                else if (subj && !subj_end)
                    subj_end = line;
            } else if (in_body && eol - line > 76) {
                abort();
            }
            line = eol + 2;
        }
        if (nheaders != 8 || !subj || !subj_end)
            abort();
        buf_t dec;
        buf_init(&dec);
        decode_subject(subj, (size_t)(subj_end - subj) - 2, &dec);
        if (dec.len != strlen(subject) || (dec.len && memcmp(dec.data, subject, dec.len) != 0))
            abort(); /* Subject decodes to exactly the input */
        buf_free(&dec);
    }
    buf_free(&out);
    for (size_t j = 0; j < 3; j++)
        buf_free(&parts[j]);
    return 0;
}
