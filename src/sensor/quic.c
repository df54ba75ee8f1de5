/* quic.c - QUIC Initial packets (RFC 9000/9001, v2 RFC 9369, drafts 23-32): derive the client
 * Initial keys from the Destination Connection ID, remove header protection, decrypt
 * (AES-128-GCM), gather CRYPTO frames and parse the TLS ClientHello inside (SNI, JA3, JA4).
 * Only the client's first flight is looked at; a flow costs nothing once it is done. */
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

#define QUIC_CRYPTO_MAX 16384

struct quic_state {
    bool keyed, done;
    uint32_t version;
    uint8_t key[16], iv[12], hp[16];
    uint8_t crypto[QUIC_CRYPTO_MAX];
    uint8_t filled[QUIC_CRYPTO_MAX / 8];
    size_t tries;
};

struct qver {
    uint32_t v;
    const uint8_t *salt;
    const char *prefix; /* label prefix: "quic " or "quicv2 " */
    uint8_t initial_type;
    const char *name;
};

static const uint8_t salt_v1[20] = {0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
                                    0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
static const uint8_t salt_v2[20] = {0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
                                    0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};
static const uint8_t salt_d29[20] = {0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
                                     0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};
static const uint8_t salt_d23[20] = {0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7,
                                     0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02};

static bool version_info(uint32_t v, struct qver *q)
{
    q->v = v;
    q->prefix = "quic ";
    q->initial_type = 0;
    q->name = NULL;
    if (v == 1) {
        q->salt = salt_v1;
        q->name = "1";
    } else if (v == 0x6b3343cf) {
        q->salt = salt_v2;
        q->prefix = "quicv2 ";
        q->initial_type = 1;
        q->name = "2";
    } else if (v >= 0xff00001d && v <= 0xff000020) {
        q->salt = salt_d29;
    } else if (v >= 0xff000017 && v <= 0xff00001c) {
        q->salt = salt_d23;
    } else {
        return false;
    }
    return true;
}

struct quic_state *quic_new(void)
{
    return calloc(1, sizeof(struct quic_state));
}

void quic_free(struct quic_state *s)
{
    free(s);
}

static bool varint(const uint8_t *p, size_t n, size_t *o, uint64_t *v)
{
    if (*o >= n)
        return false;
    size_t l = (size_t)1 << (p[*o] >> 6);
    if (*o + l > n)
        return false;
    uint64_t x = p[*o] & 0x3f;
    for (size_t i = 1; i < l; i++)
        x = x << 8 | p[*o + i];
    *o += l;
    *v = x;
    return true;
}

static void hmac256(uint8_t out[32], const uint8_t *key, size_t kl, const uint8_t *m, size_t ml)
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, kl);
    crypto_auth_hmacsha256_update(&st, m, ml);
    crypto_auth_hmacsha256_final(&st, out);
}

/* HKDF-Expand-Label(secret, label, "", len) for len <= 32 (one HMAC block). */
static void expand_label(uint8_t *out, size_t len, const uint8_t secret[32], const char *label)
{
    uint8_t info[64];
    size_t ll = strlen(label), o = 0;
    const char *tls13 = "tls13 ";
    size_t tl = strlen(tls13);
    info[o++] = (uint8_t)(len >> 8);
    info[o++] = (uint8_t)len;
    info[o++] = (uint8_t)(tl + ll);
    memcpy(info + o, tls13, tl);
    o += tl;
    memcpy(info + o, label, ll);
    o += ll;
    info[o++] = 0;
    info[o++] = 1; /* T(1) counter */
    uint8_t t[32];
    hmac256(t, secret, 32, info, o);
    memcpy(out, t, len);
}

static void derive(struct quic_state *s, const struct qver *q, const uint8_t *dcid, size_t dl)
{
    uint8_t initial[32], client[32];
    hmac256(initial, q->salt, 20, dcid, dl); /* HKDF-Extract */
    expand_label(client, 32, initial, "client in");
    char l[32];
    snprintf(l, sizeof l, "%skey", q->prefix);
    expand_label(s->key, 16, client, l);
    snprintf(l, sizeof l, "%siv", q->prefix);
    expand_label(s->iv, 12, client, l);
    snprintf(l, sizeof l, "%shp", q->prefix);
    expand_label(s->hp, 16, client, l);
    s->keyed = true;
}

static bool aes_ecb(const uint8_t key[16], const uint8_t in[16], uint8_t out[16])
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int l = 0, ok = c && EVP_EncryptInit_ex(c, EVP_aes_128_ecb(), NULL, key, NULL) == 1 &&
                    EVP_CIPHER_CTX_set_padding(c, 0) == 1 &&
                    EVP_EncryptUpdate(c, out, &l, in, 16) == 1 && l == 16;
    EVP_CIPHER_CTX_free(c);
    return ok;
}

static bool gcm_open(const uint8_t key[16], const uint8_t nonce[12], const uint8_t *aad, size_t al,
                     const uint8_t *ct, size_t cl, uint8_t *out)
{
    if (cl < 16)
        return false;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int l = 0, l2 = 0;
    bool ok = c && EVP_DecryptInit_ex(c, EVP_aes_128_gcm(), NULL, NULL, NULL) == 1 &&
              EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) == 1 &&
              EVP_DecryptInit_ex(c, NULL, NULL, key, nonce) == 1 &&
              EVP_DecryptUpdate(c, NULL, &l, aad, (int)al) == 1 &&
              EVP_DecryptUpdate(c, out, &l, ct, (int)(cl - 16)) == 1 &&
              EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, (void *)(ct + cl - 16)) == 1 &&
              EVP_DecryptFinal_ex(c, out + l, &l2) == 1;
    EVP_CIPHER_CTX_free(c);
    return ok;
}

static bool crypto_data(struct quic_state *s, uint64_t off, const uint8_t *d, uint64_t n)
{
    if (off >= QUIC_CRYPTO_MAX || n > QUIC_CRYPTO_MAX - off)
        return false;
    memcpy(s->crypto + off, d, (size_t)n);
    for (uint64_t i = off; i < off + n; i++)
        s->filled[i / 8] |= (uint8_t)(1u << (i % 8));
    return true;
}

static size_t contiguous(const struct quic_state *s)
{
    size_t i = 0;
    while (i < QUIC_CRYPTO_MAX && (s->filled[i / 8] & (1u << (i % 8))))
        i++;
    return i;
}

/* Walks the decrypted frames; false on a frame we do not understand. */
static bool frames(struct quic_state *s, const uint8_t *p, size_t n)
{
    size_t o = 0;
    while (o < n) {
        uint64_t t;
        if (!varint(p, n, &o, &t))
            return false;
        if (t == 0x00 || t == 0x01)
            continue;
        if (t == 0x02 || t == 0x03) {
            uint64_t v, cnt;
            if (!varint(p, n, &o, &v) || !varint(p, n, &o, &v) || !varint(p, n, &o, &cnt) ||
                !varint(p, n, &o, &v))
                return false;
            for (uint64_t i = 0; i < cnt * 2 + (t == 0x03 ? 3 : 0); i++)
                if (!varint(p, n, &o, &v))
                    return false;
            continue;
        }
        if (t == 0x06) {
            uint64_t off, len;
            if (!varint(p, n, &o, &off) || !varint(p, n, &o, &len) || len > n - o)
                return false;
            crypto_data(s, off, p + o, len);
            o += (size_t)len;
            continue;
        }
        return false;
    }
    return true;
}

/* One client Initial packet at p (a datagram may coalesce several); returns its length. */
static size_t initial_packet(struct quic_state *s, const uint8_t *p, size_t n)
{
    if (n < 7 || (p[0] & 0xc0) != 0xc0)
        return 0;
    uint32_t v = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4];
    struct qver q;
    if (!version_info(v, &q) || ((p[0] >> 4) & 3) != q.initial_type)
        return 0;
    size_t o = 5;
    size_t dl = p[o++];
    if (dl > 20 || o + dl >= n)
        return 0;
    const uint8_t *dcid = p + o;
    o += dl;
    size_t sl = p[o++];
    if (sl > 20 || o + sl > n)
        return 0;
    o += sl;
    uint64_t tok, len;
    if (!varint(p, n, &o, &tok) || tok > n - o)
        return 0;
    o += (size_t)tok;
    if (!varint(p, n, &o, &len) || len > n - o || len < 20)
        return 0;
    size_t pn_off = o, end = o + (size_t)len;
    if (!s->keyed) {
        s->version = v;
        derive(s, &q, dcid, dl);
    }
    uint8_t mask[16];
    if (!aes_ecb(s->hp, p + pn_off + 4, mask))
        return 0;
    uint8_t hdr[64 + 20 + 20 + 8];
    size_t pnl = (size_t)((p[0] ^ mask[0]) & 0x03) + 1;
    size_t hl = pn_off + pnl;
    uint8_t *aad = hl <= sizeof hdr ? hdr : malloc(hl);
    if (!aad)
        return 0;
    memcpy(aad, p, hl);
    aad[0] ^= mask[0] & 0x0f;
    uint64_t pn = 0;
    for (size_t i = 0; i < pnl; i++) {
        aad[pn_off + i] ^= mask[1 + i];
        pn = pn << 8 | aad[pn_off + i];
    }
    uint8_t nonce[12];
    memcpy(nonce, s->iv, 12);
    for (int i = 0; i < 8; i++)
        nonce[11 - i] ^= (uint8_t)(pn >> (8 * i));
    size_t cl = end - hl;
    uint8_t *plain = malloc(cl ? cl : 1);
    if (plain && gcm_open(s->key, nonce, aad, hl, p + hl, cl, plain))
        frames(s, plain, cl - 16);
    free(plain);
    if (aad != hdr)
        free(aad);
    return end;
}

bool quic_feed(struct quic_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
               const struct app_emit *em)
{
    if (s->done)
        return false;
    if (dir != 0)
        return true; /* server Initials are not needed */
    size_t o = 0;
    while (o < n) {
        size_t used = initial_packet(s, p + o, n - o);
        if (used == 0)
            break;
        o += used;
    }
    size_t have = contiguous(s);
    if (have >= 4 && s->crypto[0] == 1) {
        size_t hl = (size_t)s->crypto[1] << 16 | (size_t)s->crypto[2] << 8 | s->crypto[3];
        if (4 + hl > QUIC_CRYPTO_MAX) {
            s->done = true;
        } else if (have >= 4 + hl) {
            struct tls_event ev;
            memset(&ev, 0, sizeof ev);
            ev.ts_us = ts_us;
            tls_parse_client_hello(&ev, s->crypto + 4, hl, 'q');
            if (ev.has_client_hello) {
                ev.quic = true;
                ev.complete = true;
                ev.version = 0x0304;
                struct qver q;
                version_info(s->version, &q);
                if (q.name)
                    snprintf(ev.quic_version, sizeof ev.quic_version, "%s", q.name);
                else
                    snprintf(ev.quic_version, sizeof ev.quic_version, "draft-%u",
                             (unsigned)(s->version & 0xff));
                em->emit(em->ctx, APP_TLS, &ev);
            }
            s->done = true;
        }
    }
    if (++s->tries >= 8)
        s->done = true; /* the ClientHello did not come together in the first flight */
    return !s->done;
}

/* Google QUIC (Q0xx up to Q046) sends its client hello (CHLO) in clear: a tag table whose SNI
 * and UAID values are read here. Newer gQUIC versions encrypt it and are not looked at. */
bool gquic_parse(const uint8_t *p, size_t n, int64_t ts_us, struct tls_event *ev)
{
    const char *ver = NULL;
    if (n > 13 && (p[0] & 0x01) && p[9] == 'Q')
        ver = (const char *)p + 9; /* public header: flags, 8-byte CID, version */
    else if (n > 6 && (p[0] & 0x80) && p[1] == 'Q')
        ver = (const char *)p + 1; /* Q046 long header */
    if (!ver)
        return false;
    const uint8_t *c = memmem(p, n, "CHLO", 4);
    if (!c)
        return false;
    size_t o = (size_t)(c - p) + 4;
    if (o + 4 > n)
        return false;
    size_t entries = (size_t)(p[o] | p[o + 1] << 8);
    o += 4;
    if (entries > 128 || o + entries * 8 > n)
        return false;
    size_t values = o + entries * 8, prev = 0;
    memset(ev, 0, sizeof *ev);
    ev->ts_us = ts_us;
    for (size_t i = 0; i < entries; i++) {
        const uint8_t *t = p + o + i * 8;
        size_t end = (size_t)t[4] | (size_t)t[5] << 8 | (size_t)t[6] << 16 | (size_t)t[7] << 24;
        if (end < prev || end > n - values)
            return false;
        const uint8_t *v = p + values + prev;
        size_t vl = end - prev;
        if (memcmp(t, "SNI\0", 4) == 0)
            text_copy(ev->sni, sizeof ev->sni, v, vl);
        else if (memcmp(t, "UAID", 4) == 0)
            text_copy(ev->quic_ua, sizeof ev->quic_ua, v, vl);
        prev = end;
    }
    ev->quic = true;
    ev->complete = true;
    ev->has_client_hello = ev->sni[0] != '\0';
    snprintf(ev->quic_version, sizeof ev->quic_version, "%.4s", ver);
    return ev->sni[0] || ev->quic_ua[0];
}

/* True if a UDP payload looks like a QUIC long-header Initial of a version we decrypt. */
bool quic_is_initial(const uint8_t *p, size_t n)
{
    if (n < 1200 - 64 || n < 7 || (p[0] & 0xc0) != 0xc0)
        return false;
    uint32_t v = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4];
    struct qver q;
    return version_info(v, &q) && ((p[0] >> 4) & 3) == q.initial_type;
}
