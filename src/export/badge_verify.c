/* badge_verify.c - check a badge SVG offline: read the signed fields, verify Ed25519.
 *
 * The parser reads untrusted input. It does not parse XML in general: it looks for each
 * <ob:NAME>...</ob:NAME> element exactly once, takes its text (no markup inside, only the
 * five predefined entities), and hashes the document minus the signature text exactly as
 * badge_svg() did. Anything else is reported as malformed. */
#include "badge.h"
#include "str.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* memmem for a NUL-terminated needle within [hay, hay+len). */
static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n > len)
        return NULL;
    for (size_t i = 0; i + n <= len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* Locates the text of <ob:name> (occurring exactly once); sets *start and *tlen. */
static int element(const char *doc, size_t len, const char *name, const char **start, size_t *tlen)
{
    char open[40], close[40];
    str_fmt(open, sizeof open, "<ob:%s>", name);
    str_fmt(close, sizeof close, "</ob:%s>", name);
    const char *o = find(doc, len, open);
    if (!o)
        return -1;
    const char *after = o + strlen(open);
    if (find(after, len - (size_t)(after - doc), open))
        return -1; /* duplicated */
    const char *c = find(after, len - (size_t)(after - doc), close);
    if (!c)
        return -1;
    *start = after;
    *tlen = (size_t)(c - after);
    return 0;
}

/* Copies the element text into out (size outsz), decoding &amp; &lt; &gt; &quot; &apos;. */
static int text_of(const char *doc, size_t len, const char *name, char *out, size_t outsz)
{
    const char *s;
    size_t n, o = 0;
    if (element(doc, len, name, &s, &n) != 0)
        return -1;
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '<' || c == '\0')
            return -1;
        if (c == '&') {
            size_t k;
            for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
                size_t el = strlen(ents[k].ent);
                if (n - i >= el && memcmp(s + i, ents[k].ent, el) == 0) {
                    c = ents[k].c;
                    i += el;
                    break;
                }
            }
            if (k == sizeof ents / sizeof ents[0])
                return -1;
        } else {
            i++;
        }
        if (o + 1 >= outsz)
            return -1;
        out[o++] = c;
    }
    out[o] = '\0';
    return 0;
}

static int fail(char *err, size_t errlen, int code, const char *msg)
{
    if (err && errlen)
        str_copy(err, errlen, msg);
    return code;
}

int badge_verify(const char *svg, size_t len, const unsigned char *pinned_pubkey,
                 struct badge_info *out, char *err, size_t errlen)
{
    if (sodium_init() < 0)
        return fail(err, errlen, BADGE_MALFORMED, "libsodium init failed");
    if (!svg || len == 0)
        return fail(err, errlen, BADGE_MALFORMED, "empty input");
    if (len > BADGE_MAX_SVG)
        return fail(err, errlen, BADGE_MALFORMED, "input larger than 1 MiB");
    if (memchr(svg, '\0', len) || !str_valid_utf8(svg, len))
        return fail(err, errlen, BADGE_MALFORMED, "not a UTF-8 text file");
    if (!find(svg, len, "<svg") || !find(svg, len, "<ob:badge xmlns:ob=\"urn:otasuke:badge:v1\">"))
        return fail(err, errlen, BADGE_MALFORMED,
                    "not an otasuke badge (no signed <metadata> of version 1)");
    size_t tl = len;
    while (tl > 0 && (svg[tl - 1] == '\n' || svg[tl - 1] == '\r' || svg[tl - 1] == ' '))
        tl--;
    if (tl < 6 || memcmp(svg + tl - 6, "</svg>", 6) != 0)
        return fail(err, errlen, BADGE_MALFORMED, "the SVG is incomplete (no closing </svg>)");

    /* a CRLF conversion (e.g. by a Windows editor or git) does not invalidate a badge */
    const char *doc = svg;
    char *lf = NULL;
    if (find(svg, len, "\r\n")) {
        lf = malloc(len + 1);
        if (!lf)
            return fail(err, errlen, BADGE_MALFORMED, "out of memory");
        size_t o = 0;
        for (size_t i = 0; i < len; i++)
            if (!(svg[i] == '\r' && i + 1 < len && svg[i + 1] == '\n'))
                lf[o++] = svg[i];
        lf[o] = '\0';
        len = o;
        doc = lf;
    }

    int rc = BADGE_MALFORMED;
    struct badge_info info;
    memset(&info, 0, sizeof info);
    char level[4], alg[16], pk64[64], sig64[128];
    unsigned char sig[BADGE_SIG_BYTES];
    size_t siglen = 0;
    const char *end = NULL;
    buf_t payload;
    buf_init(&payload);
    if (text_of(doc, len, "id", info.id, sizeof info.id) != 0 ||
        text_of(doc, len, "level", level, sizeof level) != 0 ||
        text_of(doc, len, "org", info.org, sizeof info.org) != 0 ||
        text_of(doc, len, "declared_at", info.declared_at, sizeof info.declared_at) != 0 ||
        text_of(doc, len, "url", info.url, sizeof info.url) != 0 ||
        text_of(doc, len, "alg", alg, sizeof alg) != 0 ||
        text_of(doc, len, "pubkey", pk64, sizeof pk64) != 0 ||
        text_of(doc, len, "sig", sig64, sizeof sig64) != 0) {
        fail(err, errlen, rc, "badge metadata is incomplete or damaged");
        goto out;
    }
    if (!str_eq(alg, "Ed25519")) {
        fail(err, errlen, rc, "unsupported signature algorithm");
        goto out;
    }
    info.level = str_eq(level, "1") ? 1 : str_eq(level, "2") ? 2 : 0;
    char why[160];
    if (badge_info_check(&info, why, sizeof why) != 0) {
        if (err && errlen)
            str_fmt(err, errlen, "badge field invalid: %s", why);
        goto out;
    }
    if (badge_pubkey_parse(pk64, info.signer_pk) != 0) {
        fail(err, errlen, rc, "badge public key is not 32 bytes of base64");
        goto out;
    }
    if (sodium_base642bin(sig, sizeof sig, sig64, strlen(sig64), NULL, &siglen, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        siglen != sizeof sig || *end != '\0') {
        fail(err, errlen, rc, "badge signature is not 64 bytes of base64");
        goto out;
    }

    /* hash the document without the signature text, as it was signed */
    const char *s;
    size_t slen;
    element(doc, len, "sig", &s, &slen);
    unsigned char hash[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)doc, (size_t)(s - doc));
    crypto_hash_sha256_update(&st, (const unsigned char *)s + slen, len - (size_t)(s - doc) - slen);
    crypto_hash_sha256_final(&st, hash);
    str_hex(hex, hash, sizeof hash);
    badge_payload(&payload, &info, hex);
    if (payload.oom) {
        fail(err, errlen, rc, "out of memory");
        goto out;
    }

    rc = BADGE_INVALID;
    if (crypto_sign_verify_detached(sig, (const unsigned char *)payload.data, payload.len,
                                    info.signer_pk) != 0) {
        fail(err, errlen, rc,
             "signature does not match: the badge was altered after it was issued");
        goto out;
    }
    if (pinned_pubkey && sodium_memcmp(pinned_pubkey, info.signer_pk, BADGE_PK_BYTES) != 0) {
        fail(err, errlen, rc, "signed by a different key than the pinned public key");
        goto out;
    }
    rc = BADGE_VALID;
    if (err && errlen)
        err[0] = '\0';
    if (out)
        *out = info;
out:
    buf_free(&payload);
    free(lf);
    return rc;
}
