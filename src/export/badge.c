/* badge.c - render the signed SECURITY ACTION declaration badge as SVG with a QR code.
 *
 * The signature covers the canonical payload (badge_payload): the fields one per line plus
 * the SHA-256 of the whole SVG document with the text of <ob:sig> left empty. So the fields
 * cannot be changed in <metadata>, and nothing visible (name, stars, QR) can be edited
 * either, without the signature failing. The layout below is frozen for "v1": a different
 * layout needs a new version string so old badges keep verifying. */
#include "badge.h"
#include "str.h"
#include "timeutil.h"
#include "xmlesc.h"

#include <qrencode.h>
#include <sodium.h>
#include <string.h>

#define BADGE_NS "urn:otasuke:badge:v1"
#define TEXT_X 16
#define TEXT_W 248 /* room left of the QR code */
#define QR_X 272
#define QR_Y 56
#define QR_SIZE 112

static bool id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 63)
        return false;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

static bool text_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max || !str_valid_utf8(s, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

static bool date_ok(const char *s)
{
    char day[11];
    time_t t;
    size_t n = strlen(s);
    if (n != 10 && n != 20)
        return false;
    memcpy(day, s, 10);
    day[10] = '\0';
    if (!time_valid_date(day))
        return false;
    if (n == 10)
        return true;
    for (int i = 11; i < 19; i++) /* HH:MM:SS, digits only (sscanf would take "-1") */
        if ((i == 13 || i == 16) ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
            return false;
    return time_parse_iso(s, &t);
}

static bool url_ok(const char *s)
{
    size_t n = strlen(s);
    if (n > 400 || !(str_starts(s, "https://") || str_starts(s, "http://")) ||
        n < strlen("http://x"))
        return false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`')
            return false;
    }
    return true;
}

int badge_info_check(const struct badge_info *info, char *err, size_t errlen)
{
    const char *why = NULL;
    if (!id_ok(info->id))
        why = "declaration ID must be 1-63 letters, digits, '-' or '_'";
    else if (info->level != 1 && info->level != 2)
        why = "level must be 1 or 2";
    else if (!text_ok(info->org, 200))
        why = "organization name must be 1-200 bytes of UTF-8 without control characters";
    else if (!date_ok(info->declared_at))
        why = "declared_at must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ";
    else if (!url_ok(info->url))
        why = "verification URL must be an http(s) URL of printable ASCII (at most 400)";
    if (why && err && errlen)
        str_copy(err, errlen, why);
    return why ? -1 : 0;
}

void badge_payload(buf_t *out, const struct badge_info *info, const char *svg_sha256_hex)
{
    buf_printf(out,
               "otasuke-badge-v1\nid=%s\nlevel=%d\norg=%s\ndeclared_at=%s\nurl=%s\n"
               "svg-sha256=%s\n",
               info->id, info->level, info->org, info->declared_at, info->url, svg_sha256_hex);
}

/* Rough rendered width in em of one character from its lead byte: East Asian characters
 * (3- and 4-byte UTF-8) are 1em in Noto Sans CJK, others about 0.62em in bold. */
static double char_em(unsigned char lead)
{
    return lead >= 0xe0 ? 1.0 : 0.62;
}

static size_t char_len(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
}

static double text_em(const char *s)
{
    double em = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p += char_len(*p))
        em += char_em(*p);
    return em;
}

/* Bytes of the longest prefix of s (whole characters) at most max_em wide. */
static size_t fit_prefix(const char *s, double max_em)
{
    const unsigned char *p = (const unsigned char *)s;
    double em = 0;
    size_t n = 0;
    while (p[n] && em + char_em(p[n]) <= max_em) {
        em += char_em(p[n]);
        n += char_len(p[n]);
    }
    return n;
}

/* The organization name left of the QR code: one line shrinking from 15px to 12px, else
 * two lines at 12px, the second cut with "…". The full name is in <title> and <desc>. */
static void put_org(buf_t *out, const char *org)
{
    double em = text_em(org);
    int fs = 15;
    while (fs > 12 && em * fs > TEXT_W)
        fs--;
    const char *attr = "font-weight=\"700\" fill=\"#333333\" clip-path=\"url(#badge-text)\"";
    if (em * fs <= TEXT_W) {
        buf_printf(out, "<text x=\"%d\" y=\"100\" font-size=\"%d\" %s>", TEXT_X, fs, attr);
        xml_escape(out, org);
        buf_puts(out, "</text>\n");
        return;
    }
    size_t n1 = fit_prefix(org, (double)TEXT_W / 12);
    const char *rest = org + n1;
    char line[256];
    str_copy(line, sizeof line, org);
    line[n1] = '\0';
    buf_printf(out, "<text x=\"%d\" y=\"92\" font-size=\"12\" %s>", TEXT_X, attr);
    xml_escape(out, line);
    buf_printf(out, "</text>\n<text x=\"%d\" y=\"109\" font-size=\"12\" %s>", TEXT_X, attr);
    if (text_em(rest) * 12 <= TEXT_W) {
        xml_escape(out, rest);
    } else {
        size_t n2 = fit_prefix(rest, (double)TEXT_W / 12 - 1);
        str_copy(line, sizeof line, rest);
        line[n2] = '\0';
        xml_escape(out, line);
        buf_puts(out, "…");
    }
    buf_puts(out, "</text>\n");
}

/* The QR code of url as a nested <svg>: one path of horizontal runs, 4-module quiet zone. */
static int put_qr(buf_t *out, const char *url)
{
    QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return -1;
    int w = qr->width, full = w + 8;
    buf_printf(out,
               "<svg x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "shape-rendering=\"crispEdges\" aria-hidden=\"true\">\n"
               "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n<path fill=\"#000000\" d=\"",
               QR_X, QR_Y, QR_SIZE, QR_SIZE, full, full, full, full);
    for (int y = 0; y < w; y++) {
        for (int x = 0; x < w;) {
            if (!(qr->data[y * w + x] & 1)) {
                x++;
                continue;
            }
            int run = 0;
            while (x + run < w && (qr->data[y * w + x + run] & 1))
                run++;
            buf_printf(out, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
            x += run;
        }
    }
    buf_puts(out, "\"/>\n</svg>\n");
    QRcode_free(qr);
    return 0;
}

static void put_elem(buf_t *out, const char *name, const char *value)
{
    buf_printf(out, "<ob:%s>", name);
    xml_escape(out, value);
    buf_printf(out, "</ob:%s>\n", name);
}

int badge_svg(const struct badge_keys *keys, const struct badge_info *info, buf_t *out)
{
    if (badge_info_check(info, NULL, 0) != 0 || sodium_init() < 0)
        return -1;
    const char *stars = info->level == 2 ? "★★" : "★";
    const char *level_ja = info->level == 2 ? "二つ星" : "一つ星";
    char day[11];
    memcpy(day, info->declared_at, 10);
    day[10] = '\0';
    char pk64[BADGE_PK_B64_LEN];
    badge_pubkey_b64(keys->pk, pk64);

    /* the document is built as head + (signature) + tail; the hash skips the signature */
    buf_t head, tail, payload;
    buf_init(&head);
    buf_init(&tail);
    buf_init(&payload);
    int rc = -1;

    buf_puts(&head, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"200\" "
                    "viewBox=\"0 0 400 200\" role=\"img\" "
                    "aria-labelledby=\"badge-title badge-desc\">\n<title id=\"badge-title\">");
    buf_printf(&head, "SECURITY ACTION %s %s ", level_ja, stars);
    xml_escape(&head, info->org);
    buf_puts(&head, "</title>\n<desc id=\"badge-desc\">");
    xml_escape(&head, info->org);
    buf_printf(&head, " は SECURITY ACTION の%s（%s）を宣言しました。宣言ID: ", level_ja, stars);
    xml_escape(&head, info->id);
    buf_printf(&head, "、宣言日: %s。QRコードから宣言が有効かどうかを確認できます。</desc>\n", day);
    buf_printf(&head, "<metadata>\n<ob:badge xmlns:ob=\"%s\">\n", BADGE_NS);
    put_elem(&head, "id", info->id);
    buf_printf(&head, "<ob:level>%d</ob:level>\n", info->level);
    put_elem(&head, "org", info->org);
    put_elem(&head, "declared_at", info->declared_at);
    put_elem(&head, "url", info->url);
    put_elem(&head, "alg", "Ed25519");
    put_elem(&head, "pubkey", pk64);
    buf_puts(&head, "<ob:sig>");

    buf_puts(&tail, "</ob:sig>\n</ob:badge>\n</metadata>\n");
    buf_puts(&tail, "<defs><clipPath id=\"badge-text\"><rect x=\"0\" y=\"44\" width=\"266\" "
                    "height=\"156\"/></clipPath></defs>\n"
                    "<g font-family=\"'Noto Sans JP', 'Noto Sans CJK JP', sans-serif\">\n"
                    "<rect x=\"1\" y=\"1\" width=\"398\" height=\"198\" rx=\"8\" fill=\"#ffffff\" "
                    "stroke=\"#0017c1\" stroke-width=\"2\"/>\n"
                    "<path d=\"M1 9a8 8 0 0 1 8-8h382a8 8 0 0 1 8 8v34h-398z\" fill=\"#0017c1\"/>\n"
                    "<text x=\"16\" y=\"30\" font-size=\"18\" font-weight=\"700\" fill=\"#ffffff\" "
                    "letter-spacing=\"1\">SECURITY ACTION</text>\n");
    buf_printf(&tail,
               "<text x=\"384\" y=\"31\" text-anchor=\"end\" font-size=\"22\" "
               "fill=\"#ffd43d\">%s</text>\n",
               stars);
    buf_printf(&tail,
               "<text x=\"%d\" y=\"70\" font-size=\"15\" font-weight=\"700\" fill=\"#333333\">"
               "%sを宣言しました</text>\n",
               TEXT_X, level_ja);
    put_org(&tail, info->org);
    buf_printf(&tail,
               "<text x=\"%d\" y=\"128\" font-size=\"12\" fill=\"#333333\">宣言ID: ", TEXT_X);
    xml_escape(&tail, info->id);
    buf_printf(&tail,
               "</text>\n<text x=\"%d\" y=\"148\" font-size=\"12\" fill=\"#333333\">"
               "宣言日: %s</text>\n",
               TEXT_X, day);
    buf_printf(&tail,
               "<text x=\"%d\" y=\"186\" font-size=\"10\" fill=\"#595959\">"
               "自己宣言です。QRコードで有効性を確認できます</text>\n",
               TEXT_X);
    if (put_qr(&tail, info->url) != 0)
        goto out;
    buf_puts(&tail, "</g>\n</svg>\n");
    if (head.oom || tail.oom)
        goto out;

    /* sign payload(fields, sha256(head || tail)) */
    unsigned char hash[crypto_hash_sha256_BYTES], sig[BADGE_SIG_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)head.data, head.len);
    crypto_hash_sha256_update(&st, (const unsigned char *)tail.data, tail.len);
    crypto_hash_sha256_final(&st, hash);
    str_hex(hex, hash, sizeof hash);
    badge_payload(&payload, info, hex);
    if (payload.oom || crypto_sign_detached(sig, NULL, (const unsigned char *)payload.data,
                                            payload.len, keys->sk) != 0)
        goto out;
    char sig64[sodium_base64_ENCODED_LEN(BADGE_SIG_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);

    buf_append(out, head.data, head.len);
    buf_puts(out, sig64);
    buf_append(out, tail.data, tail.len);
    rc = out->oom ? -1 : 0;
out:
    buf_free(&head);
    buf_free(&tail);
    buf_free(&payload);
    return rc;
}
