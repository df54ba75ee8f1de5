/* http.c - HTTP/1.x parser over both directions of a TCP stream.
 * Each direction is a line/data pump: in line mode bytes are gathered up to '\n' (a line at
 * most 8 KB) and handed to the state machine (start line -> headers -> body); in data mode body
 * bytes (Content-Length, chunk data, or until close) are skipped, except that the first bytes
 * of a response body are kept to recognize the file type. Requests wait in a FIFO (at most 32)
 * for their responses; a transaction is emitted once its response body start is known. */
#include <stdlib.h>
#include <string.h>

#include "app.h"

#define HTTP_LINE_MAX 8192
#define HTTP_MAX_PENDING 32

enum hstate { H_START, H_HEADERS, H_CHUNK_SIZE, H_CHUNK_CRLF, H_TRAILER, H_DATA };
enum body_kind { B_NONE, B_LENGTH, B_CHUNKED, B_CLOSE };

struct tx {
    struct http_event ev;
    bool head; /* request method was HEAD */
    struct tx *next;
};

struct http_dir {
    struct sbuf line;
    enum hstate st;
    enum body_kind body;
    uint64_t remaining;
    bool done;
    bool resync; /* after lost bytes: skip lines until a start line parses */
    /* request being parsed (dir 0) or response (dir 1) */
    struct tx *cur;
    bool chunked, has_length;
    int64_t length;
};

struct http_state {
    struct http_dir d[2];
    struct tx *q_head, *q_tail; /* requests awaiting a response */
    size_t q_len;
    bool upgraded;
};

struct http_state *http_new(void)
{
    struct http_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    sbuf_init(&s->d[0].line, HTTP_LINE_MAX);
    sbuf_init(&s->d[1].line, HTTP_LINE_MAX);
    return s;
}

static void free_q(struct http_state *s)
{
    while (s->q_head) {
        struct tx *t = s->q_head;
        s->q_head = t->next;
        free(t);
    }
    s->q_tail = NULL;
    s->q_len = 0;
}

void http_free(struct http_state *s)
{
    if (!s)
        return;
    for (int i = 0; i < 2; i++) {
        sbuf_free(&s->d[i].line);
        free(s->d[i].cur);
    }
    free_q(s);
    free(s);
}

static const char *const methods[] = {
    "GET",   "POST",   "HEAD",     "PUT",       "DELETE",    "OPTIONS", "CONNECT",
    "PATCH", "TRACE",  "PROPFIND", "PROPPATCH", "MKCOL",     "COPY",    "MOVE",
    "LOCK",  "UNLOCK", "SEARCH",   "REPORT",    "SUBSCRIBE", "NOTIFY",  NULL};

static bool is_method(const uint8_t *p, size_t n, size_t *mlen)
{
    for (int i = 0; methods[i]; i++) {
        size_t l = strlen(methods[i]);
        if (n > l && memcmp(p, methods[i], l) == 0 && p[l] == ' ') {
            *mlen = l;
            return true;
        }
    }
    return false;
}

static void set_magic(struct http_event *ev)
{
    const uint8_t *b = ev->body_prefix;
    size_t n = ev->body_prefix_len;
    const char *m = "";
    if (n >= 2 && b[0] == 'M' && b[1] == 'Z')
        m = "MZ";
    else if (n >= 4 && memcmp(b,
                              "\x7f"
                              "ELF",
                              4) == 0)
        m = "ELF";
    else if (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0)
        m = "PK";
    else if (n >= 4 && memcmp(b, "%PDF", 4) == 0)
        m = "PDF";
    else if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
        m = "GZIP";
    else if (n >= 4 && memcmp(b, "Rar!", 4) == 0)
        m = "RAR";
    else if (n >= 6 && memcmp(b, "7z\xbc\xaf\x27\x1c", 6) == 0)
        m = "7Z";
    else if (n >= 4 && memcmp(b, "MSCF", 4) == 0)
        m = "CAB";
    else if (n >= 8 && memcmp(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
        m = "MSI";
    size_t l = strlen(m);
    memcpy(ev->file_magic, m, l + 1);
    ev->is_pe = l == 2 && m[0] == 'M';
}

static void emit_tx(struct tx *t, const struct app_emit *em)
{
    set_magic(&t->ev);
    em->emit(em->ctx, APP_HTTP, &t->ev);
}

/* Value of "Name: value" when the line's name matches (case-insensitive). */
static bool header_value(const uint8_t *l, size_t n, const char *name, const uint8_t **v,
                         size_t *vn)
{
    size_t nl = strlen(name);
    if (n <= nl || l[nl] != ':' || !text_istarts(l, n, name))
        return false;
    size_t i = nl + 1;
    while (i < n && (l[i] == ' ' || l[i] == '\t'))
        i++;
    size_t e = n;
    while (e > i && (l[e - 1] == ' ' || l[e - 1] == '\t'))
        e--;
    *v = l + i;
    *vn = e - i;
    return true;
}

static int64_t parse_dec(const uint8_t *p, size_t n)
{
    int64_t v = 0;
    if (n == 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9' || v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static void header_line(struct http_dir *d, int dir, const uint8_t *l, size_t n)
{
    struct http_event *ev = &d->cur->ev;
    const uint8_t *v;
    size_t vn;
    if (header_value(l, n, "content-length", &v, &vn)) {
        int64_t cl = parse_dec(v, vn);
        if (cl >= 0) {
            d->has_length = true;
            d->length = cl;
            if (dir == 1)
                ev->content_length = cl;
        }
    } else if (header_value(l, n, "transfer-encoding", &v, &vn)) {
        for (size_t i = 0; i + 7 <= vn; i++)
            if (text_istarts(v + i, vn - i, "chunked"))
                d->chunked = true;
    } else if (dir == 0 && header_value(l, n, "host", &v, &vn)) {
        size_t hl = vn;
        if (vn && v[0] == '[') {
            const uint8_t *rb = memchr(v, ']', vn);
            if (rb)
                hl = (size_t)(rb - v) + 1;
        } else {
            const uint8_t *c = memchr(v, ':', vn);
            if (c)
                hl = (size_t)(c - v);
        }
        while (hl > 0 && (v[hl - 1] == ' ' || v[hl - 1] == '\t'))
            hl--;
        text_copy(ev->host, sizeof ev->host, v, hl);
    } else if (dir == 0 && header_value(l, n, "user-agent", &v, &vn)) {
        text_copy(ev->user_agent, sizeof ev->user_agent, v, vn);
    } else if (dir == 0 && header_value(l, n, "referer", &v, &vn)) {
        text_copy(ev->referer, sizeof ev->referer, v, vn);
    } else if (dir == 1 && header_value(l, n, "content-type", &v, &vn)) {
        text_copy(ev->content_type, sizeof ev->content_type, v, vn);
    } else if (dir == 1 && header_value(l, n, "location", &v, &vn)) {
        text_copy(ev->location, sizeof ev->location, v, vn);
    }
}

static bool start_line(struct http_state *s, struct http_dir *d, int dir, const uint8_t *l,
                       size_t n, int64_t ts_us)
{
    struct tx *t = calloc(1, sizeof *t);
    if (!t)
        return false;
    t->ev.ts_us = ts_us;
    t->ev.content_length = -1;
    if (dir == 0) {
        size_t ml;
        if (!is_method(l, n, &ml)) {
            free(t);
            return false;
        }
        t->ev.has_request = true;
        text_copy(t->ev.method, sizeof t->ev.method, l, ml);
        t->head = ml == 4 && memcmp(l, "HEAD", 4) == 0;
        const uint8_t *u = l + ml + 1;
        size_t rest = n - ml - 1;
        /* the URI runs to the last " HTTP/" (it may itself contain spaces) */
        const uint8_t *sp = NULL;
        for (size_t i = rest; i-- > 0;)
            if (u[i] == ' ' && rest - i > 5 && memcmp(u + i + 1, "HTTP/", 5) == 0) {
                sp = u + i;
                break;
            }
        size_t ul = sp ? (size_t)(sp - u) : rest;
        text_copy(t->ev.uri, sizeof t->ev.uri, u, ul);
        if (sp)
            text_copy(t->ev.protocol, sizeof t->ev.protocol, sp + 1, rest - ul - 1);
    } else {
        if (n < 12 || memcmp(l, "HTTP/", 5) != 0 || l[8] != ' ') {
            free(t);
            return false;
        }
        int64_t st = parse_dec(l + 9, 3);
        if (st < 100 || st > 999) {
            free(t);
            return false;
        }
        /* take the oldest request waiting for an answer (1xx interim replies do not) */
        if (s->q_head && st >= 200) {
            struct tx *q = s->q_head;
            s->q_head = q->next;
            if (!s->q_head)
                s->q_tail = NULL;
            s->q_len--;
            free(t);
            t = q;
            t->next = NULL;
        } else if (s->q_head) {
            t->head = s->q_head->head;
        }
        t->ev.has_response = true;
        t->ev.status = (int)st;
        if (!t->ev.has_request)
            text_copy(t->ev.protocol, sizeof t->ev.protocol, l, 8);
        t->ev.ts_us = ts_us;
    }
    d->cur = t;
    d->chunked = d->has_length = false;
    d->length = 0;
    return true;
}

/* Headers are complete: decide the body and queue / emit. */
static void headers_done(struct http_state *s, struct http_dir *d, int dir,
                         const struct app_emit *em)
{
    struct tx *t = d->cur;
    if (d->chunked) {
        d->body = B_CHUNKED;
    } else if (d->has_length) {
        d->body = d->length > 0 ? B_LENGTH : B_NONE;
        d->remaining = (uint64_t)d->length;
    } else {
        d->body = dir == 1 ? B_CLOSE : B_NONE;
        d->remaining = UINT64_MAX;
    }
    if (dir == 0) {
        if (s->q_len >= HTTP_MAX_PENDING) {
            free(t); /* client pipelining far ahead: drop */
        } else {
            if (s->q_tail)
                s->q_tail->next = t;
            else
                s->q_head = t;
            s->q_tail = t;
            s->q_len++;
        }
        d->cur = NULL;
    } else {
        int st = t->ev.status;
        if (st == 101) {
            s->upgraded = true;
        }
        if ((st >= 100 && st < 200) || st == 204 || st == 304 || t->head)
            d->body = B_NONE;
        if (st >= 100 && st < 200) {
            free(t);
            d->cur = NULL;
        } else if (d->body == B_NONE) {
            emit_tx(t, em);
            free(t);
            d->cur = NULL;
        }
    }
    if (d->body == B_CHUNKED)
        d->st = H_CHUNK_SIZE;
    else if (d->body == B_NONE)
        d->st = H_START;
    else
        d->st = H_DATA;
}

static void body_end(struct http_dir *d, const struct app_emit *em)
{
    if (d->cur) {
        emit_tx(d->cur, em);
        free(d->cur);
        d->cur = NULL;
    }
    d->st = H_START;
}

static void body_data(struct http_dir *d, const uint8_t *p, size_t n, const struct app_emit *em)
{
    struct tx *t = d->cur;
    if (!t)
        return;
    struct http_event *ev = &t->ev;
    size_t room = sizeof ev->body_prefix - ev->body_prefix_len;
    size_t take = n < room ? n : room;
    memcpy(ev->body_prefix + ev->body_prefix_len, p, take);
    ev->body_prefix_len += take;
    if (ev->body_prefix_len == sizeof ev->body_prefix) {
        emit_tx(t, em);
        free(t);
        d->cur = NULL;
    }
}

static bool line_done(struct http_state *s, int dir, const uint8_t *l, size_t n, int64_t ts_us,
                      const struct app_emit *em)
{
    struct http_dir *d = &s->d[dir];
    switch (d->st) {
    case H_START:
        if (n == 0)
            return true; /* stray CRLF between messages */
        if (d->resync && dir == 1) {
            /* the status line may follow the tail of a body on the same "line" */
            for (size_t i = 0; i + 7 <= n; i++)
                if (memcmp(l + i, "HTTP/1.", 7) == 0) {
                    l += i;
                    n -= i;
                    break;
                }
        }
        if (!start_line(s, d, dir, l, n, ts_us))
            return d->resync; /* while resynchronizing, skip what is not a start line */
        d->resync = false;
        d->st = H_HEADERS;
        return true;
    case H_HEADERS:
        if (n == 0)
            headers_done(s, d, dir, em);
        else
            header_line(d, dir, l, n);
        return true;
    case H_CHUNK_SIZE: {
        uint64_t v = 0;
        size_t i = 0;
        for (; i < n && i < 16; i++) {
            uint8_t c = l[i];
            int x = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
            if (x < 0)
                break;
            v = v << 4 | (uint64_t)x;
        }
        if (i == 0)
            return false;
        if (v == 0) {
            d->st = H_TRAILER;
        } else {
            d->remaining = v;
            d->st = H_DATA;
        }
        return true;
    }
    case H_CHUNK_CRLF:
        d->st = H_CHUNK_SIZE;
        return n == 0;
    case H_TRAILER:
        if (n == 0)
            body_end(d, em);
        return true;
    case H_DATA:
        break;
    }
    return false;
}

bool http_feed(struct http_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
               const struct app_emit *em)
{
    dir &= 1;
    struct http_dir *d = &s->d[dir];
    while (n > 0 && !d->done && !s->upgraded) {
        if (d->st == H_DATA) {
            size_t take = d->remaining < n ? (size_t)d->remaining : n;
            if (dir == 1)
                body_data(d, p, take, em);
            if (d->remaining != UINT64_MAX)
                d->remaining -= take;
            p += take;
            n -= take;
            if (d->remaining == 0) {
                if (d->body == B_CHUNKED) {
                    d->st = H_CHUNK_CRLF;
                } else {
                    body_end(d, em);
                }
            }
            continue;
        }
        const uint8_t *nl = memchr(p, '\n', n);
        size_t chunk = nl ? (size_t)(nl - p) + 1 : n;
        if (!sbuf_append(&d->line, p, chunk)) {
            d->done = true;
            break;
        }
        p += chunk;
        n -= chunk;
        if (!nl)
            break;
        size_t ll = d->line.len - 1;
        if (ll > 0 && d->line.d[ll - 1] == '\r')
            ll--;
        bool ok = line_done(s, dir, d->line.d, ll, ts_us, em);
        d->line.len = 0;
        if (!ok)
            d->done = true;
    }
    if (d->done || s->upgraded) {
        sbuf_free(&d->line);
        return false;
    }
    return true;
}

void http_gap(struct http_state *s, int dir, uint32_t gap_len, const struct app_emit *em)
{
    struct http_dir *d = &s->d[dir & 1];
    /* a hole inside a body of known length: count it as body and stay in step */
    if (gap_len && d->st == H_DATA && d->remaining != UINT64_MAX && gap_len < d->remaining) {
        d->remaining -= gap_len;
        return;
    }
    /* otherwise finish what is known of the current message, then look for the next start
     * line (a response whose body lost bytes is still reported) */
    if (d->cur) {
        if ((dir & 1) == 1 && d->st != H_HEADERS)
            emit_tx(d->cur, em);
        free(d->cur);
        d->cur = NULL;
    }
    d->line.len = 0;
    d->st = H_START;
    d->resync = true;
}

void http_end(struct http_state *s, const struct app_emit *em)
{
    /* a response in progress, then requests that never got one */
    if (s->d[1].cur && s->d[1].cur->ev.has_response) {
        emit_tx(s->d[1].cur, em);
        free(s->d[1].cur);
        s->d[1].cur = NULL;
    }
    while (s->q_head) {
        struct tx *t = s->q_head;
        s->q_head = t->next;
        emit_tx(t, em);
        free(t);
    }
    s->q_tail = NULL;
    s->q_len = 0;
    if (s->d[0].cur && s->d[0].st == H_HEADERS && s->d[0].cur->ev.has_request) {
        emit_tx(s->d[0].cur, em);
    }
    free(s->d[0].cur);
    s->d[0].cur = NULL;
}
