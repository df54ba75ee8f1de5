/* smtp.c - SMTP client-side command parser: EHLO/HELO, MAIL FROM, RCPT TO, DATA (message body
 * skipped up to the "." line), BDAT chunks, RSET/QUIT, STARTTLS. One event per transaction. */
#include <stdlib.h>
#include <string.h>

#include "app.h"

#define SMTP_LINE_MAX 4096

struct smtp_state {
    struct sbuf line;
    bool in_data;
    uint64_t bdat_left;
    bool bdat_last;
    bool starttls_sent;
    bool done;
    bool in_tx;
    bool any_cmd;
    uint32_t msgs;
    struct smtp_event ev;
};

struct smtp_state *smtp_new(void)
{
    struct smtp_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    sbuf_init(&s->line, SMTP_LINE_MAX);
    return s;
}

void smtp_free(struct smtp_state *s)
{
    if (!s)
        return;
    sbuf_free(&s->line);
    free(s);
}

static void tx_reset(struct smtp_state *s)
{
    s->in_tx = false;
    s->ev.mail_from[0] = '\0';
    s->ev.n_rcpt = 0;
    s->ev.data_complete = false;
    for (size_t i = 0; i < SMTP_MAX_RCPT; i++)
        s->ev.rcpt_to[i][0] = '\0';
}

static void tx_emit(struct smtp_state *s, int64_t ts_us, bool complete, const struct app_emit *em)
{
    if (!s->in_tx)
        return;
    s->ev.ts_us = ts_us;
    s->ev.data_complete = complete;
    s->ev.msg_index = ++s->msgs;
    em->emit(em->ctx, APP_SMTP, &s->ev);
    tx_reset(s);
}

/* The address argument of "MAIL FROM:" / "RCPT TO:" up to the first space after it. */
static void arg_addr(char *out, size_t outsz, const uint8_t *p, size_t n)
{
    while (n && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    size_t e = 0;
    if (n && p[0] == '<') {
        const uint8_t *gt = memchr(p, '>', n);
        e = gt ? (size_t)(gt - p) + 1 : n;
    } else {
        while (e < n && p[e] != ' ')
            e++;
    }
    text_copy(out, outsz, p, e);
}

static void command(struct smtp_state *s, const uint8_t *l, size_t n, int64_t ts_us,
                    const struct app_emit *em)
{
    s->ev.ts_us = ts_us;
    s->any_cmd = true;
    if ((n == 4 && (text_istarts(l, n, "EHLO") || text_istarts(l, n, "HELO"))) ||
        text_istarts(l, n, "EHLO ") || text_istarts(l, n, "HELO ")) {
        s->ev.is_ehlo = (l[0] | 0x20) == 'e';
        size_t i = n > 5 ? 5 : n;
        while (i < n && l[i] == ' ')
            i++;
        text_copy(s->ev.helo, sizeof s->ev.helo, l + i, n - i);
    } else if (text_istarts(l, n, "MAIL FROM:")) {
        tx_emit(s, ts_us, false, em);
        s->in_tx = true;
        arg_addr(s->ev.mail_from, sizeof s->ev.mail_from, l + 10, n - 10);
    } else if (text_istarts(l, n, "RCPT TO:")) {
        if (s->ev.n_rcpt < SMTP_MAX_RCPT)
            arg_addr(s->ev.rcpt_to[s->ev.n_rcpt], sizeof s->ev.rcpt_to[0], l + 8, n - 8);
        s->ev.n_rcpt++;
        s->in_tx = true;
    } else if (n == 4 && text_istarts(l, n, "DATA")) {
        s->in_data = true;
    } else if (text_istarts(l, n, "BDAT ")) {
        uint64_t v = 0;
        size_t i = 5;
        for (; i < n && l[i] >= '0' && l[i] <= '9' && v < (1ull << 40); i++)
            v = v * 10 + (uint64_t)(l[i] - '0');
        s->bdat_left = v;
        s->bdat_last = false;
        for (; i + 4 <= n; i++)
            if (text_istarts(l + i, n - i, "LAST"))
                s->bdat_last = true;
        if (v == 0 && s->bdat_last)
            tx_emit(s, ts_us, true, em);
    } else if (text_istarts(l, n, "RSET") || text_istarts(l, n, "QUIT")) {
        tx_emit(s, ts_us, false, em);
    } else if (text_istarts(l, n, "STARTTLS")) {
        s->starttls_sent = true;
        s->ev.starttls = true;
    }
}

bool smtp_feed(struct smtp_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
               const struct app_emit *em, bool *starttls)
{
    *starttls = false;
    if (dir != 0) /* server replies are not needed */
        return !s->done;
    while (n > 0 && !s->done) {
        if (s->bdat_left) {
            size_t take = s->bdat_left < n ? (size_t)s->bdat_left : n;
            s->bdat_left -= take;
            p += take;
            n -= take;
            if (s->bdat_left == 0 && s->bdat_last)
                tx_emit(s, ts_us, true, em);
            continue;
        }
        if (s->starttls_sent && s->line.len == 0 && p[0] == 0x16) {
            *starttls = true; /* the client began the TLS handshake */
            s->done = true;
            break;
        }
        const uint8_t *nl = memchr(p, '\n', n);
        size_t chunk = nl ? (size_t)(nl - p) + 1 : n;
        bool fits = sbuf_append(&s->line, p, chunk);
        p += chunk;
        n -= chunk;
        if (!fits) {
            if (!s->in_data) {
                s->done = true;
                break;
            }
            s->line.len = 0; /* long body line: irrelevant */
            if (!nl)
                continue;
        }
        if (!nl)
            break;
        size_t ll = s->line.len ? s->line.len - 1 : 0;
        if (ll > 0 && s->line.d[ll - 1] == '\r')
            ll--;
        if (s->in_data) {
            if (ll == 1 && s->line.d[0] == '.') {
                s->in_data = false;
                tx_emit(s, ts_us, true, em);
            }
        } else {
            command(s, s->line.d, ll, ts_us, em);
        }
        s->line.len = 0;
    }
    if (s->done)
        sbuf_free(&s->line);
    return !s->done;
}

void smtp_end(struct smtp_state *s, const struct app_emit *em)
{
    /* a session without any transaction (e.g. EHLO then STARTTLS) is still reported once */
    if (s->msgs == 0 && !s->in_tx && s->any_cmd)
        s->in_tx = true;
    tx_emit(s, s->ev.ts_us, false, em);
}
