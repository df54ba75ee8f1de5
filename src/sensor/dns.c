/* dns.c - DNS message parser: header, first question, answer records (with name compression,
 * pointer loops bounded), and DNS over TCP framing. */
#include <stdlib.h>
#include <string.h>

#include "app.h"

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* Reads a possibly compressed name at *off into out (dotted text, "<root>" for the root).
 * Advances *off past the name as stored at that place. False if malformed. */
static bool dns_name(const uint8_t *msg, size_t n, size_t *off, char *out, size_t outsz)
{
    size_t pos = *off, o = 0;
    bool jumped = false;
    int hops = 0;
    size_t total = 0;
    out[0] = '\0';
    for (;;) {
        if (pos >= n)
            return false;
        uint8_t l = msg[pos];
        if ((l & 0xc0) == 0xc0) {
            if (pos + 1 >= n || ++hops > 32)
                return false;
            if (!jumped)
                *off = pos + 2;
            jumped = true;
            pos = (size_t)((l & 0x3f) << 8 | msg[pos + 1]);
            continue;
        }
        if (l & 0xc0)
            return false;
        pos++;
        if (l == 0)
            break;
        if (pos + l > n)
            return false;
        total += (size_t)l + 1;
        if (total > 255 + 64)
            return false;
        if (o && o + 1 < outsz)
            out[o++] = '.';
        /* labels may hold any byte: text_copy makes them safe */
        char lab[64 * 4 + 1];
        size_t ll = text_copy(lab, sizeof lab, msg + pos, l);
        if (ll && o + ll < outsz) {
            memcpy(out + o, lab, ll);
            o += ll;
        }
        out[o < outsz ? o : outsz - 1] = '\0';
        pos += l;
    }
    if (!jumped)
        *off = pos;
    if (o == 0 && outsz > 7)
        memcpy(out, "<root>", 7);
    return true;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

/* One resource record at *off into a (and, for an SOA with soa given, its fields into soa). */
static bool parse_rr(const uint8_t *p, size_t n, size_t *offp, struct dns_answer *a,
                     struct dns_soa *soa, bool *is_soa)
{
    size_t off = *offp;
    memset(a, 0, sizeof *a);
    *is_soa = false;
    if (!dns_name(p, n, &off, a->rrname, sizeof a->rrname) || off + 10 > n)
        return false;
    a->rrtype = rd16(p + off);
    a->ttl = rd32(p + off + 4);
    size_t rdlen = rd16(p + off + 8);
    off += 10;
    if (off + rdlen > n)
        return false;
    const uint8_t *rd = p + off;
    if (a->rrtype == 1 && rdlen == 4) {
        a->addr.family = 4;
        memcpy(a->addr.a, rd, 4);
        sensor_addr_str(&a->addr, a->rdata, sizeof a->rdata);
    } else if (a->rrtype == 28 && rdlen == 16) {
        a->addr.family = 6;
        memcpy(a->addr.a, rd, 16);
        sensor_addr_str(&a->addr, a->rdata, sizeof a->rdata);
    } else if (a->rrtype == 5 || a->rrtype == 2 || a->rrtype == 12 || a->rrtype == 39) {
        size_t o2 = off;
        if (!dns_name(p, off + rdlen, &o2, a->rdata, sizeof a->rdata))
            a->rdata[0] = '\0';
    } else if (a->rrtype == 15 && rdlen > 2) {
        size_t o2 = off + 2;
        if (!dns_name(p, off + rdlen, &o2, a->rdata, sizeof a->rdata))
            a->rdata[0] = '\0';
    } else if (a->rrtype == 16 && rdlen >= 1) {
        size_t tl = rd[0];
        if (tl > rdlen - 1)
            tl = rdlen - 1;
        text_copy(a->rdata, sizeof a->rdata, rd + 1, tl);
    } else if (a->rrtype == 6 && soa) {
        size_t o2 = off;
        if (dns_name(p, off + rdlen, &o2, soa->mname, sizeof soa->mname) &&
            dns_name(p, off + rdlen, &o2, soa->rname, sizeof soa->rname) &&
            o2 + 20 <= off + rdlen) {
            soa->serial = rd32(p + o2);
            soa->refresh = rd32(p + o2 + 4);
            soa->retry = rd32(p + o2 + 8);
            soa->expire = rd32(p + o2 + 12);
            soa->minimum = rd32(p + o2 + 16);
            *is_soa = true;
        }
    }
    *offp = off + rdlen;
    return true;
}

bool dns_parse(const uint8_t *p, size_t n, int64_t ts_us, struct dns_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->ts_us = ts_us;
    ev->soa_index = -1;
    if (n < 12)
        return false;
    ev->txid = rd16(p);
    ev->flags = rd16(p + 2);
    ev->is_response = (ev->flags & 0x8000) != 0;
    ev->opcode = (uint8_t)((ev->flags >> 11) & 0x0f);
    ev->rcode = (uint8_t)(ev->flags & 0x0f);
    unsigned qd = rd16(p + 4), an = rd16(p + 6);
    size_t off = 12;
    if (qd == 0 && !ev->is_response)
        return false;
    for (unsigned i = 0; i < qd; i++) {
        char name[DNS_NAME_LEN];
        if (!dns_name(p, n, &off, name, sizeof name) || off + 4 > n)
            return false;
        if (i == 0) {
            memcpy(ev->rrname, name, sizeof name);
            ev->rrtype = rd16(p + off);
            ev->rrclass = rd16(p + off + 2);
        }
        off += 4;
    }
    unsigned ns = rd16(p + 8);
    struct dns_answer scratch;
    bool soa = false;
    for (unsigned i = 0; i < an; i++) {
        struct dns_answer *a =
            ev->n_answers < DNS_MAX_ANSWERS ? &ev->answers[ev->n_answers] : &scratch;
        if (!parse_rr(p, n, &off, a, NULL, &soa))
            return true; /* keep what we have: truncated responses still carry the question */
        if (a != &scratch)
            ev->n_answers++;
    }
    for (unsigned i = 0; i < ns; i++) {
        struct dns_answer *a = ev->n_authorities < DNS_MAX_AUTHORITIES
                                   ? &ev->authorities[ev->n_authorities]
                                   : &scratch;
        bool want_soa = ev->soa_index < 0 && a != &scratch;
        if (!parse_rr(p, n, &off, a, want_soa ? &ev->soa : NULL, &soa))
            return true;
        if (a != &scratch) {
            if (want_soa && soa)
                ev->soa_index = (int)ev->n_authorities;
            ev->n_authorities++;
        }
    }
    return true;
}

/* DNS over TCP: reassemble length-prefixed messages per direction (each at most 64 KB). */
struct dnstcp_state {
    struct sbuf b[2];
};

struct dnstcp_state *dnstcp_new(void)
{
    struct dnstcp_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    sbuf_init(&s->b[0], 65537);
    sbuf_init(&s->b[1], 65537);
    return s;
}

void dnstcp_free(struct dnstcp_state *s)
{
    if (!s)
        return;
    sbuf_free(&s->b[0]);
    sbuf_free(&s->b[1]);
    free(s);
}

bool dnstcp_feed(struct dnstcp_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
                 const struct app_emit *em)
{
    struct sbuf *b = &s->b[dir & 1];
    if (!sbuf_append(b, p, n))
        return false;
    while (b->len >= 2) {
        size_t ml = rd16(b->d);
        if (b->len < 2 + ml)
            break;
        struct dns_event *ev = malloc(sizeof *ev);
        if (!ev)
            return false;
        if (dns_parse(b->d + 2, ml, ts_us, ev))
            em->emit(em->ctx, APP_DNS, ev);
        free(ev);
        sbuf_consume(b, 2 + ml);
    }
    return true;
}
