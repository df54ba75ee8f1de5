/* tls.c - TLS handshake parser: record layer -> handshake messages per direction.
 * ClientHello gives SNI, JA3 and JA4; ServerHello the version and JA3S; the Certificate message
 * (TLS <= 1.2, still in clear) the leaf certificate's SHA-1, subject, issuer, serial, validity.
 * State per direction: the 5-byte record header being read, the bytes left in the current
 * record, and a capped buffer of handshake bytes not yet parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "hash.h"

#define TLS_HS_MAX (64 * 1024)

struct tls_dir {
    uint8_t hdr[5];
    size_t hdr_len;
    size_t rec_left;
    uint8_t rec_type;
    struct sbuf hs;
    bool done;
};

struct tls_state {
    struct tls_dir d[2];
    struct tls_event ev;
    bool emitted_final;
    bool encrypted; /* CCS or application data seen */
};

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd24(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static bool is_grease(uint16_t v)
{
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

struct tls_state *tls_new(void)
{
    struct tls_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    sbuf_init(&s->d[0].hs, TLS_HS_MAX);
    sbuf_init(&s->d[1].hs, TLS_HS_MAX);
    return s;
}

void tls_free(struct tls_state *s)
{
    if (!s)
        return;
    sbuf_free(&s->d[0].hs);
    sbuf_free(&s->d[1].hs);
    free(s);
}

/* Appends ",%u"-style items to a bounded string. */
struct strb {
    char *p;
    size_t sz, len;
};

static void sb_add(struct strb *b, const char *s)
{
    size_t l = strlen(s);
    if (b->len + l + 1 > b->sz)
        return;
    memcpy(b->p + b->len, s, l + 1);
    b->len += l;
}

static void sb_num(struct strb *b, unsigned v, bool sep, const char *sepch)
{
    char t[16];
    snprintf(t, sizeof t, "%s%u", sep ? sepch : "", v);
    sb_add(b, t);
}

static void hex_lower(char *out, const uint8_t *p, size_t n)
{
    static const char h[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = h[p[i] >> 4];
        out[2 * i + 1] = h[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static int cmp_u16(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    return (x > y) - (x < y);
}

/* First 12 hex chars of sha256 over a comma-joined list of 4-hex items (+ optional tail). */
static void ja4_hash(char out[13], const uint16_t *v, size_t n, const uint16_t *tail, size_t ntail)
{
    if (n == 0) {
        memcpy(out, "000000000000", 13);
        return;
    }
    char buf[4096];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 6 < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%04x", i ? "," : "", v[i]);
    if (ntail && o + 1 < sizeof buf) {
        buf[o++] = '_';
        for (size_t i = 0; i < ntail && o + 6 < sizeof buf; i++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%04x", i ? "," : "", tail[i]);
    }
    uint8_t d[32];
    hash_sha256(buf, o, d);
    char hex[65];
    hex_lower(hex, d, 32);
    memcpy(out, hex, 12);
    out[12] = '\0';
}

static const char *ja4_version(uint16_t v)
{
    switch (v) {
    case 0x0304:
        return "13";
    case 0x0303:
        return "12";
    case 0x0302:
        return "11";
    case 0x0301:
        return "10";
    case 0x0300:
        return "s3";
    default:
        return "00";
    }
}

static bool is_alnum(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void tls_parse_client_hello(struct tls_event *ev, const uint8_t *p, size_t n, char transport)
{
    if (n < 38)
        return;
    uint16_t ver = rd16(p);
    size_t off = 34;
    size_t sid = p[off];
    off += 1 + sid;
    if (off + 2 > n)
        return;
    size_t cl = rd16(p + off);
    off += 2;
    if (off + cl > n)
        return;
    const uint8_t *ciphers = p + off;
    off += cl;
    if (off + 1 > n)
        return;
    off += 1 + p[off]; /* compression methods */
    if (off > n)
        return;

    uint16_t cs[256], exts[128], curves[128], sigs[128];
    size_t ncs = 0, next = 0, ncurves = 0, nsigs = 0;
    uint8_t pf[64];
    size_t npf = 0;
    uint16_t best_ver = 0;
    char alpn0[2] = {0, 0};
    bool has_alpn = false, has_sni_ext = false;
    char sni[256] = "";
    for (size_t i = 0; i + 1 < cl; i += 2) {
        uint16_t c = rd16(ciphers + i);
        if (!is_grease(c) && ncs < 256)
            cs[ncs++] = c;
    }
    if (off + 2 <= n) {
        size_t el = rd16(p + off);
        off += 2;
        size_t end = off + el > n ? n : off + el;
        while (off + 4 <= end) {
            uint16_t et = rd16(p + off);
            size_t len = rd16(p + off + 2);
            off += 4;
            if (off + len > end)
                break;
            const uint8_t *v = p + off;
            if (!is_grease(et) && next < 128)
                exts[next++] = et;
            if (et == 0)
                has_sni_ext = true;
            if (et == 0 && len >= 5) { /* server_name: list len, type, name len, name */
                size_t nl = rd16(v + 3);
                if (v[2] == 0 && 5 + nl <= len)
                    text_copy(sni, sizeof sni, v + 5, nl);
            } else if (et == 10 && len >= 2) {
                size_t gl = rd16(v);
                for (size_t i = 2; i + 1 < len && i < 2 + gl; i += 2) {
                    uint16_t g = rd16(v + i);
                    if (!is_grease(g) && ncurves < 128)
                        curves[ncurves++] = g;
                }
            } else if (et == 11 && len >= 1) {
                for (size_t i = 1; i < len && i <= v[0] && npf < 64; i++)
                    pf[npf++] = v[i];
            } else if (et == 13 && len >= 2) {
                size_t sl = rd16(v);
                for (size_t i = 2; i + 1 < len && i < 2 + sl; i += 2)
                    if (nsigs < 128)
                        sigs[nsigs++] = rd16(v + i);
            } else if (et == 16 && len >= 4) { /* ALPN: list len, str len, str */
                size_t al = v[2];
                if (al >= 1 && 3 + al <= len) {
                    has_alpn = true;
                    uint8_t a = v[3], z = v[3 + al - 1];
                    if (is_alnum(a) && is_alnum(z)) {
                        alpn0[0] = (char)a;
                        alpn0[1] = (char)z;
                    } else {
                        static const char h[] = "0123456789abcdef";
                        alpn0[0] = h[a >> 4];
                        alpn0[1] = h[z & 15];
                    }
                }
            } else if (et == 43 && len >= 1) {
                for (size_t i = 1; i + 1 < len && i <= v[0]; i += 2) {
                    uint16_t sv = rd16(v + i);
                    if (!is_grease(sv) && sv > best_ver)
                        best_ver = sv;
                }
            }
            off += len;
        }
    }
    ev->has_client_hello = true;
    ev->client_version = ver;
    memcpy(ev->sni, sni, sizeof sni);

    /* JA3: version,ciphers,extensions,curves,point formats (decimal, GREASE removed) */
    struct strb b = {ev->ja3, sizeof ev->ja3, 0};
    ev->ja3[0] = '\0';
    sb_num(&b, ver, false, "");
    sb_add(&b, ",");
    for (size_t i = 0; i < ncs; i++)
        sb_num(&b, cs[i], i > 0, "-");
    sb_add(&b, ",");
    for (size_t i = 0; i < next; i++)
        sb_num(&b, exts[i], i > 0, "-");
    sb_add(&b, ",");
    for (size_t i = 0; i < ncurves; i++)
        sb_num(&b, curves[i], i > 0, "-");
    sb_add(&b, ",");
    for (size_t i = 0; i < npf; i++)
        sb_num(&b, pf[i], i > 0, "-");
    uint8_t md[16];
    hash_md5(ev->ja3, b.len, md);
    hex_lower(ev->ja3_hash, md, 16);

    /* JA4 (FoxIO spec): t<ver><d|i><#ciphers><#exts><alpn>_<ciphers>_<exts_sigalgs> */
    uint16_t sorted_cs[256], sorted_ext[128];
    memcpy(sorted_cs, cs, ncs * sizeof cs[0]);
    qsort(sorted_cs, ncs, sizeof sorted_cs[0], cmp_u16);
    size_t nse = 0;
    for (size_t i = 0; i < next; i++)
        if (exts[i] != 0 && exts[i] != 16)
            sorted_ext[nse++] = exts[i];
    qsort(sorted_ext, nse, sizeof sorted_ext[0], cmp_u16);
    char hb[13], hc[13];
    ja4_hash(hb, sorted_cs, ncs, NULL, 0);
    ja4_hash(hc, sorted_ext, nse, sigs, nsigs);
    snprintf(ev->ja4, sizeof ev->ja4, "%c%s%c%02u%02u%c%c_%s_%s", transport,
             ja4_version(best_ver ? best_ver : ver), has_sni_ext ? 'd' : 'i',
             (unsigned)(ncs > 99 ? 99 : ncs), (unsigned)(next > 99 ? 99 : next),
             has_alpn ? alpn0[0] : '0', has_alpn ? alpn0[1] : '0', hb, hc);
}

static void parse_server_hello(struct tls_state *s, const uint8_t *p, size_t n)
{
    struct tls_event *ev = &s->ev;
    if (n < 38)
        return;
    uint16_t ver = rd16(p);
    size_t off = 34;
    off += 1 + p[off];
    if (off + 3 > n)
        return;
    uint16_t cipher = rd16(p + off);
    off += 3; /* cipher, compression */
    ev->has_server_hello = true;
    ev->version = ver;
    struct strb b = {ev->ja3s, sizeof ev->ja3s, 0};
    ev->ja3s[0] = '\0';
    sb_num(&b, ver, false, "");
    sb_num(&b, cipher, true, ",");
    sb_add(&b, ",");
    bool first = true;
    if (off + 2 <= n) {
        size_t el = rd16(p + off);
        off += 2;
        size_t end = off + el > n ? n : off + el;
        while (off + 4 <= end) {
            uint16_t et = rd16(p + off);
            size_t len = rd16(p + off + 2);
            off += 4;
            if (off + len > end)
                break;
            sb_num(&b, et, !first, "-");
            first = false;
            if (et == 43 && len == 2)
                ev->version = rd16(p + off);
            off += len;
        }
    }
    uint8_t md[16];
    hash_md5(ev->ja3s, b.len, md);
    hex_lower(ev->ja3s_hash, md, 16);
}

/* --- minimal DER reading for the leaf certificate --- */

struct der {
    const uint8_t *p;
    size_t n;
};

/* Reads one TLV from d; sets tag, value; advances d. */
static bool der_next(struct der *d, uint8_t *tag, struct der *val)
{
    if (d->n < 2)
        return false;
    *tag = d->p[0];
    size_t len = d->p[1], hl = 2;
    if (len & 0x80) {
        size_t nb = len & 0x7f;
        if (nb == 0 || nb > 3 || d->n < 2 + nb)
            return false;
        len = 0;
        for (size_t i = 0; i < nb; i++)
            len = len << 8 | d->p[2 + i];
        hl += nb;
    }
    if (len > d->n - hl)
        return false;
    val->p = d->p + hl;
    val->n = len;
    d->p += hl + len;
    d->n -= hl + len;
    return true;
}

static const char *oid_name(const struct der *o)
{
    static const struct {
        const char *der;
        size_t n;
        const char *name;
    } names[] = {
        {"\x55\x04\x03", 3, "CN"},
        {"\x55\x04\x06", 3, "C"},
        {"\x55\x04\x07", 3, "L"},
        {"\x55\x04\x08", 3, "ST"},
        {"\x55\x04\x0a", 3, "O"},
        {"\x55\x04\x0b", 3, "OU"},
        {"\x55\x04\x05", 3, "serialNumber"},
        {"\x55\x04\x09", 3, "street"},
        {"\x55\x04\x11", 3, "postalCode"},
        {"\x2a\x86\x48\x86\xf7\x0d\x01\x09\x01", 9, "emailAddress"},
        {"\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x19", 10, "DC"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (o->n == names[i].n && memcmp(o->p, names[i].der, o->n) == 0)
            return names[i].name;
    return NULL;
}

/* Name ::= SEQUENCE OF SET OF SEQUENCE { OID, value } -> "C=US, O=x, CN=y" */
static void der_name(struct der name, char *out, size_t outsz)
{
    struct strb b = {out, outsz, 0};
    out[0] = '\0';
    uint8_t tag;
    struct der set, atv;
    while (der_next(&name, &tag, &set)) {
        while (der_next(&set, &tag, &atv)) {
            struct der oid, val;
            uint8_t t1, t2;
            if (!der_next(&atv, &t1, &oid) || t1 != 0x06 || !der_next(&atv, &t2, &val))
                continue;
            const char *nm = oid_name(&oid);
            char key[64];
            if (nm) {
                snprintf(key, sizeof key, "%s", nm);
            } else {
                /* dotted OID text */
                size_t o = 0;
                unsigned long v = 0;
                key[0] = '\0';
                for (size_t i = 0; i < oid.n && o + 12 < sizeof key; i++) {
                    v = v << 7 | (oid.p[i] & 0x7f);
                    if (oid.p[i] & 0x80)
                        continue;
                    if (o == 0)
                        o += (size_t)snprintf(key, sizeof key, "%lu.%lu", v < 80 ? v / 40 : 2,
                                              v < 80 ? v % 40 : v - 80);
                    else
                        o += (size_t)snprintf(key + o, sizeof key - o, ".%lu", v);
                    v = 0;
                }
            }
            char text[256];
            text_copy(text, sizeof text, val.p, val.n);
            if (b.len)
                sb_add(&b, ", ");
            sb_add(&b, key);
            sb_add(&b, "=");
            sb_add(&b, text);
        }
    }
}

static int64_t der_time(struct der t, uint8_t tag)
{
    const uint8_t *p = t.p;
    size_t yl = tag == 0x17 ? 2 : 4;
    if (t.n < yl + 10)
        return 0;
    for (size_t i = 0; i < yl + 10; i++)
        if (p[i] < '0' || p[i] > '9')
            return 0;
    int year = 0;
    for (size_t i = 0; i < yl; i++)
        year = year * 10 + (p[i] - '0');
    if (yl == 2)
        year += year < 50 ? 2000 : 1900;
    p += yl;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = year - 1900;
    tm.tm_mon = (p[0] - '0') * 10 + (p[1] - '0') - 1;
    tm.tm_mday = (p[2] - '0') * 10 + (p[3] - '0');
    tm.tm_hour = (p[4] - '0') * 10 + (p[5] - '0');
    tm.tm_min = (p[6] - '0') * 10 + (p[7] - '0');
    tm.tm_sec = (p[8] - '0') * 10 + (p[9] - '0');
    return (int64_t)timegm(&tm);
}

static void parse_cert(struct tls_event *ev, const uint8_t *c, size_t n)
{
    uint8_t sha[20];
    hash_sha1(c, n, sha);
    hex_lower(ev->cert_sha1, sha, 20);
    ev->has_cert = true;
    /* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version, serial, sigalg, issuer,
     * validity, subject, ... }, ... } */
    struct der d = {c, n}, cert, tbs, f;
    uint8_t tag;
    if (!der_next(&d, &tag, &cert) || tag != 0x30 || !der_next(&cert, &tag, &tbs) || tag != 0x30)
        return;
    if (!der_next(&tbs, &tag, &f))
        return;
    if (tag == 0xa0 && !der_next(&tbs, &tag, &f))
        return;
    if (tag == 0x02) {
        const uint8_t *sp = f.p;
        size_t sn = f.n;
        text_hex_colon(ev->serial, sizeof ev->serial, sp, sn, true);
    }
    struct der issuer, validity, subject;
    if (!der_next(&tbs, &tag, &f)) /* signature algorithm */
        return;
    if (!der_next(&tbs, &tag, &issuer) || tag != 0x30)
        return;
    der_name(issuer, ev->issuerdn, sizeof ev->issuerdn);
    if (!der_next(&tbs, &tag, &validity) || tag != 0x30)
        return;
    struct der t;
    if (der_next(&validity, &tag, &t))
        ev->notbefore = der_time(t, tag);
    if (der_next(&validity, &tag, &t))
        ev->notafter = der_time(t, tag);
    if (!der_next(&tbs, &tag, &subject) || tag != 0x30)
        return;
    der_name(subject, ev->subject, sizeof ev->subject);
}

static void emit(struct tls_state *s, int64_t ts_us, bool final, const struct app_emit *em)
{
    if (s->emitted_final)
        return;
    s->ev.ts_us = ts_us;
    s->ev.complete = final;
    if (final)
        s->emitted_final = true;
    em->emit(em->ctx, APP_TLS, &s->ev);
}

/* Parses complete handshake messages in dir's buffer. */
static void handle_handshake(struct tls_state *s, int dir, int64_t ts_us, const struct app_emit *em)
{
    struct tls_dir *d = &s->d[dir];
    while (d->hs.len >= 4 && !d->done) {
        uint8_t type = d->hs.d[0];
        size_t len = rd24(d->hs.d + 1);
        const uint8_t *body = d->hs.d + 4;
        if (type == 11 && dir == 1 && d->hs.len >= 10) {
            /* the leaf certificate is enough: do not wait for the whole chain */
            size_t cl = rd24(body + 3);
            if (d->hs.len >= 10 + cl) {
                if (cl > 0 && cl <= len)
                    parse_cert(&s->ev, body + 6, cl);
                emit(s, ts_us, true, em);
                d->done = true;
                return;
            }
            if (10 + cl > TLS_HS_MAX) {
                d->done = true;
                return;
            }
        }
        if (d->hs.len < 4 + len) {
            if (4 + len > TLS_HS_MAX)
                d->done = true;
            return;
        }
        if (type == 1 && dir == 0 && !s->ev.has_client_hello) {
            tls_parse_client_hello(&s->ev, body, len, 't');
            if (s->ev.has_client_hello)
                emit(s, ts_us, false, em);
            d->done = true; /* nothing more we need from the client */
        } else if (type == 2 && dir == 1) {
            parse_server_hello(s, body, len);
            if (s->ev.version == 0x0304) { /* the rest is encrypted */
                emit(s, ts_us, true, em);
                d->done = true;
            }
        } else if (type == 14 && dir == 1) { /* ServerHelloDone without a certificate */
            emit(s, ts_us, true, em);
            d->done = true;
        }
        sbuf_consume(&d->hs, 4 + len);
    }
}

bool tls_feed(struct tls_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
              const struct app_emit *em)
{
    dir &= 1;
    struct tls_dir *d = &s->d[dir];
    while (n > 0 && !d->done && !s->emitted_final) {
        if (d->rec_left == 0) {
            size_t take = 5 - d->hdr_len;
            if (take > n)
                take = n;
            memcpy(d->hdr + d->hdr_len, p, take);
            d->hdr_len += take;
            p += take;
            n -= take;
            if (d->hdr_len < 5)
                break;
            d->hdr_len = 0;
            d->rec_type = d->hdr[0];
            d->rec_left = rd16(d->hdr + 3);
            if (d->rec_type < 20 || d->rec_type > 24 || d->hdr[1] != 3 || d->rec_left > 18432) {
                d->done = true; /* not TLS (or SSLv2): stop */
                break;
            }
            if (d->rec_type == 20 || d->rec_type == 23) {
                /* ChangeCipherSpec / application data: handshake is over or encrypted */
                s->encrypted = true;
                if (s->ev.has_server_hello || d->rec_type == 23) {
                    emit(s, ts_us, true, em);
                    d->done = true;
                    break;
                }
            }
            continue;
        }
        size_t take = d->rec_left < n ? d->rec_left : n;
        if (d->rec_type == 22 && !s->encrypted) {
            if (!sbuf_append(&d->hs, p, take)) {
                d->done = true;
                break;
            }
        }
        d->rec_left -= take;
        p += take;
        n -= take;
        if (d->rec_type == 22 && !s->encrypted)
            handle_handshake(s, dir, ts_us, em);
    }
    if (d->done)
        sbuf_free(&d->hs);
    return !d->done && !s->emitted_final;
}

void tls_end(struct tls_state *s, const struct app_emit *em)
{
    if (!s->emitted_final && s->ev.has_client_hello)
        emit(s, s->ev.ts_us, true, em);
}
