/* mime.h - build a plain-text UTF-8 e-mail message (RFC 5322, MIME, RFC 2047 headers). */
#ifndef OTASUKE_MIME_H
#define OTASUKE_MIME_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Longest encoded-word allowed by RFC 2047 section 2. */
#define MIME_WORD_MAX 75
/* Bytes of UTF-8 carried by one encoded-word: 36 bytes -> 48 base64 characters, so
 * "=?UTF-8?B?" + 48 + "?=" = 60 characters; with "Subject: " a line stays under 76. */
#define MIME_WORD_PAYLOAD 36

/* An ASCII addr-spec local@domain (dot-atom local part, LDH domain labels), at most 254
 * characters. No display names, no comments, no quoted local parts, no SMTPUTF8. */
bool mime_addr_valid(const char *addr);
/* True if s is valid UTF-8 without control characters (tab allowed): safe in a header. */
bool mime_header_text_ok(const char *s);
/* Appends s as one or more RFC 2047 encoded-words (B encoding, UTF-8) separated by
 * CRLF SP folding; each word holds whole UTF-8 characters only. */
void mime_encode_words(buf_t *out, const char *s);
/* Appends the base64 of data in lines of at most 76 characters, each ended by CRLF. */
void mime_base64_lines(buf_t *out, const unsigned char *data, size_t len);
/* RFC 5322 date-time in UTC: "Sun, 22 Nov 2026 17:06:40 +0000". */
void mime_date(char out[40], time_t t);

struct mime_message {
    const char *from_addr;
    const char *from_name; /* may be NULL or empty */
    const char *to;
    const char *subject;
    const char *body; /* UTF-8; LF or CRLF line ends */
    time_t date;
    const char *message_id; /* without angle brackets, e.g. "hex@domain" */
};

/* Builds the whole message (headers, blank line, base64 body) into out. Returns 0, or -1
 * with a reason in err when a field is invalid (bad address, CR/LF or control characters in
 * a header, invalid UTF-8). */
int mime_build(buf_t *out, const struct mime_message *m, char *err, size_t errlen);

#endif
