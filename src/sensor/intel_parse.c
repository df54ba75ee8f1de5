/* intel_parse.c - recognize threat-intelligence file formats by content and parse their lines. */
#include "intel.h"
#include "intel_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define LINE_MAX_LEN 8192
#define MAX_FIELDS 32

enum fmt { F_PLAIN, F_FEODO, F_URLHAUS, F_THREATFOX, F_SSLBL, F_JA3, F_DROP_JSON, F_SSLBL_IP };
/* What a column or a plain-list token is expected to hold. */
enum kind { K_ANY, K_IP, K_DOMAIN, K_URL, K_SHA1, K_MD5, K_SKIP };

/* Indexed by enum fmt. */
static const char *const fmt_names[] = {
    "plain",    "feodo", "urlhaus", "threatfox", "sslbl", "sslbl-ja3", "spamhaus-drop-json",
    "sslbl-ip",
};
static const char *const fmt_sources[] = {
    NULL,    "Feodo Tracker", "URLhaus",       "ThreatFox",
    "SSLBL", "SSLBL JA3",     "Spamhaus DROP", "SSLBL Botnet C2 IP",
};

/* Column positions learned from a header line; -1 when absent. */
struct cols {
    int ind;     /* the indicator */
    int type;    /* ThreatFox ioc_type */
    int reason;  /* malware name / listing reason */
    int reason2; /* fallback reason (URLhaus threat) */
};

struct pstate {
    enum fmt fmt;
    struct cols c;
    const char *source; /* provider name or file name */
    bool drop_text;     /* Spamhaus DROP text list (plain with "; SBL" reasons) */
    size_t data_lines;
    bool started;      /* past the first bytes (byte order mark) */
    uint32_t last_hit; /* hit of the previous line (UINT32_MAX: none) */
    const char *last_source;
    char last_reason[INTEL_REASON_MAX];
    struct intel_counts n;
};

/* ---- small helpers -------------------------------------------------------------------------- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t l = strlen(s);
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r'))
        s[--l] = '\0';
    return s;
}

/* Copies a reason: control characters become spaces, cut at a UTF-8 boundary. */
static void reason_copy(char *out, size_t outsz, const char *s)
{
    size_t o = 0;
    while (*s == ' ' || *s == '#' || *s == ';' || *s == '\t')
        s++;
    for (; *s && o + 1 < outsz; s++)
        out[o++] = ((unsigned char)*s < ' ' || *s == 0x7f) ? ' ' : *s;
    if (*s && o > 0) { /* truncated: do not end inside a multi-byte character */
        while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
            o--;
        if (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
            o--;
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
}

/* Splits a CSV line in place (quotes with "" escapes, blanks around fields trimmed). */
static int csv_split(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (n == max)
            return n;
        char *out = p;
        f[n++] = out;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0')
                    break;
                if (*p == '"') {
                    if (p[1] == '"') {
                        *out++ = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                *out++ = *p++;
            }
            while (*p && *p != ',')
                p++;
        } else {
            while (*p && *p != ',')
                *out++ = *p++;
        }
        char *end = out;
        bool more = *p == ',';
        if (more)
            p++;
        *end = '\0';
        while (end > f[n - 1] && (end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (!more)
            return n;
    }
}

/* ---- header recognition --------------------------------------------------------------------- */

static int col_of(char **f, int nf, const char *name)
{
    for (int i = 0; i < nf; i++)
        if (strcasecmp(f[i], name) == 0)
            return i;
    return -1;
}

/* Recognizes a CSV header (possibly inside a comment); sets fmt and columns. */
static bool header_detect(const char *line, struct pstate *ps)
{
    char buf[1024];
    size_t o = 0;
    for (const char *p = line; *p && o + 1 < sizeof(buf); p++) {
        if (*p == '#' || *p == '"' || *p == ' ' || *p == '\t' || *p == '\r')
            continue;
        buf[o++] = (char)tolower((unsigned char)*p);
    }
    buf[o] = '\0';
    char *f[MAX_FIELDS];
    int nf = csv_split(buf, f, MAX_FIELDS);
    if (nf < 2)
        return false;
    struct cols c = {-1, -1, -1, -1};
    enum fmt fmt;
    if (col_of(f, nf, "dst_ip") >= 0 && col_of(f, nf, "first_seen_utc") >= 0) {
        fmt = F_FEODO;
        c.ind = col_of(f, nf, "dst_ip");
        c.reason = col_of(f, nf, "malware");
    } else if (col_of(f, nf, "ioc_value") >= 0 && col_of(f, nf, "ioc_type") >= 0) {
        fmt = F_THREATFOX;
        c.ind = col_of(f, nf, "ioc_value");
        c.type = col_of(f, nf, "ioc_type");
        c.reason = col_of(f, nf, "malware_printable");
        c.reason2 = col_of(f, nf, "fk_malware");
    } else if (col_of(f, nf, "url") >= 0 && col_of(f, nf, "dateadded") >= 0) {
        fmt = F_URLHAUS;
        c.ind = col_of(f, nf, "url");
        c.reason = col_of(f, nf, "tags");
        c.reason2 = col_of(f, nf, "threat");
    } else if (col_of(f, nf, "dstip") >= 0 && col_of(f, nf, "firstseen") >= 0) {
        fmt = F_SSLBL_IP; /* SSLBL botnet C2 IP list: Firstseen,DstIP,DstPort */
        c.ind = col_of(f, nf, "dstip");
    } else if (col_of(f, nf, "ja3_md5") >= 0) {
        fmt = F_JA3;
        c.ind = col_of(f, nf, "ja3_md5");
        c.reason = col_of(f, nf, "listingreason");
    } else if (col_of(f, nf, "sha1") >= 0 && col_of(f, nf, "listingdate") >= 0) {
        fmt = F_SSLBL;
        c.ind = col_of(f, nf, "sha1");
        c.reason = col_of(f, nf, "listingreason");
    } else {
        return false;
    }
    ps->fmt = fmt;
    ps->c = c;
    ps->source = fmt_sources[fmt];
    return true;
}

/* ---- indicators ----------------------------------------------------------------------------- */

static bool all_hex(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

static bool looks_domain(const char *s, size_t len)
{
    bool dot = false, alpha = false;
    size_t label = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '.') {
            if (label == 0 && i != 0)
                return false;
            if (i > 0 && i + 1 < len)
                dot = true;
            label = 0;
            continue;
        }
        if (!(isalnum(ch) || ch == '-' || ch == '_' || ch >= 0x80 || (ch == '*' && i == 0)))
            return false;
        if (isalpha(ch) || ch >= 0x80)
            alpha = true;
        if (++label > 63)
            return false;
    }
    return dot && alpha;
}

static void count_kind(struct intel_counts *n, enum kind k, bool net)
{
    switch (k) {
    case K_IP:
        if (net)
            n->ip4_net++;
        else
            n->ip4++;
        break;
    case K_DOMAIN:
        n->domain++;
        break;
    case K_URL:
        n->url++;
        break;
    case K_SHA1:
        n->sha1++;
        break;
    case K_MD5:
        n->md5++;
        break;
    default:
        break;
    }
    n->total++;
}

/* An IPv4/IPv6 address, network, or address:port. 1 added, 0 duplicate, -1 OOM, -2 not an IP. */
static int add_ip(intel_t *in, const char *s, size_t len, uint32_t hit, struct intel_counts *n)
{
    const char *slash = memchr(s, '/', len);
    size_t alen = slash ? (size_t)(slash - s) : len;
    long prefix = -1;
    if (slash) {
        prefix = 0;
        size_t i = alen + 1;
        if (i >= len || len - i > 3)
            return -2;
        for (; i < len; i++) {
            if (!isdigit((unsigned char)s[i]))
                return -2;
            prefix = prefix * 10 + (s[i] - '0');
        }
    }
    uint32_t v4;
    const char *colon = memchr(s, ':', alen);
    size_t v4len = alen;
    if (colon && !slash && memchr(colon + 1, ':', alen - (size_t)(colon - s) - 1) == NULL)
        v4len = (size_t)(colon - s); /* a.b.c.d:port */
    if (intel_parse_ip4(s, v4len, &v4)) {
        if (v4len != alen) { /* port must be digits */
            for (size_t i = v4len + 1; i < alen; i++)
                if (!isdigit((unsigned char)s[i]))
                    return -2;
        }
        if (prefix > 32)
            return -2;
        int r;
        bool net = prefix >= 0 && prefix < 32;
        if (net) {
            uint32_t mask = prefix == 0 ? 0 : ~0U << (32 - prefix);
            r = intel_add_ip4_net(in, v4 & mask, (v4 & mask) | ~mask, hit);
        } else {
            r = intel_add_ip4(in, v4, hit);
        }
        if (r == 1)
            count_kind(n, K_IP, net);
        return r;
    }
    if (!colon)
        return -2;
    char buf[64];
    const char *a = s;
    if (alen && s[0] == '[') { /* [v6]:port */
        const char *rb = memchr(s, ']', alen);
        if (!rb)
            return -2;
        a = s + 1;
        alen = (size_t)(rb - s) - 1;
    }
    if (alen >= sizeof(buf))
        return -2;
    memcpy(buf, a, alen);
    buf[alen] = '\0';
    uint8_t v6[16];
    if (inet_pton(AF_INET6, buf, v6) != 1 || prefix > 128)
        return -2;
    int r = intel_add_ip6_net(in, v6, prefix < 0 ? 128 : (unsigned)prefix, hit);
    if (r == 1) {
        n->ip6++;
        n->total++;
    }
    return r;
}

/* Adds one indicator of the expected kind (K_ANY: recognize it). 1/0 ok, -1 OOM, -2 rejected. */
static int add_indicator(intel_t *in, enum kind k, const char *s, size_t len, uint32_t hit,
                         struct intel_counts *n)
{
    char key[INTEL_KEY_MAX + 1];
    uint8_t bin[20];
    size_t kl;
    int r;
    while (len && (s[0] == '"' || s[0] == '\''))
        s++, len--;
    while (len && (s[len - 1] == '"' || s[len - 1] == '\''))
        len--;
    if (len == 0)
        return -2;
    if (k == K_ANY) {
        if (memmem(s, len, "://", 3))
            k = K_URL;
        else if ((len == 40 || len == 59) && intel_parse_hex(s, len, bin, 20))
            k = K_SHA1;
        else if (len == 32 && all_hex(s, len))
            k = K_MD5;
        else if (len == 64 && all_hex(s, len))
            k = K_SKIP; /* SHA-256 of a file: nothing on the wire to match it against */
        else {
            r = add_ip(in, s, len, hit, n);
            if (r != -2)
                return r;
            if (looks_domain(s, len))
                k = K_DOMAIN;
            else if (memchr(s, '/', len) &&
                     looks_domain(s, (size_t)((const char *)memchr(s, '/', len) - s)))
                k = K_URL; /* host/path without scheme */
            else
                return -2;
        }
    }
    switch (k) {
    case K_IP:
        return add_ip(in, s, len, hit, n);
    case K_DOMAIN:
        if (!looks_domain(s, len))
            return -2;
        kl = intel_norm_domain(s, len, key, sizeof(key));
        if (!kl)
            return -2;
        r = intel_add_key(in, &in->domains, key, kl, hit);
        break;
    case K_URL:
        kl = intel_norm_url(s, len, key, sizeof(key));
        if (!kl)
            return -2;
        r = intel_add_key(in, &in->urls, key, kl, hit);
        break;
    case K_SHA1:
        if (!intel_parse_hex(s, len, bin, 20))
            return -2;
        r = intel_add_key(in, &in->sha1s, bin, 20, hit);
        break;
    case K_MD5:
        if (!intel_parse_hex(s, len, bin, 16))
            return -2;
        r = intel_add_key(in, &in->md5s, bin, 16, hit);
        break;
    case K_SKIP:
        n->skipped++;
        return 0;
    default:
        return -2;
    }
    if (r == 1)
        count_kind(n, k, false);
    return r;
}

/* ---- line parsers --------------------------------------------------------------------------- */

static int hit_for(intel_t *in, struct pstate *ps, const char *reason, uint32_t *hit)
{
    char r[INTEL_REASON_MAX];
    reason_copy(r, sizeof(r), reason ? reason : "");
    /* lists often give many lines the same reason: reuse the previous line's hit */
    if (ps->last_hit != UINT32_MAX && ps->last_source == ps->source &&
        strcmp(ps->last_reason, r) == 0) {
        *hit = ps->last_hit;
        return 0;
    }
    *hit = intel_hit_intern(in, ps->source, r);
    if (*hit == UINT32_MAX)
        return -1;
    ps->last_hit = *hit;
    ps->last_source = ps->source;
    memcpy(ps->last_reason, r, sizeof(r));
    return 0;
}

static enum kind threatfox_kind(const char *t)
{
    if (strncasecmp(t, "ip", 2) == 0)
        return K_IP;
    if (strcasecmp(t, "domain") == 0)
        return K_DOMAIN;
    if (strcasecmp(t, "url") == 0)
        return K_URL;
    return K_SKIP; /* md5_hash, sha1_hash, sha256_hash of files */
}

static int parse_csv_line(intel_t *in, struct pstate *ps, char *line)
{
    char *f[MAX_FIELDS];
    int nf = csv_split(line, f, MAX_FIELDS);
    if (ps->c.ind < 0 || ps->c.ind >= nf)
        return -2;
    const char *reason = ps->c.reason >= 0 && ps->c.reason < nf ? f[ps->c.reason] : "";
    if (!*reason && ps->c.reason2 >= 0 && ps->c.reason2 < nf)
        reason = f[ps->c.reason2];
    enum kind k = K_ANY;
    switch (ps->fmt) {
    case F_FEODO:
    case F_SSLBL_IP:
        k = K_IP;
        break;
    case F_URLHAUS:
        k = K_URL;
        break;
    case F_SSLBL:
        k = K_SHA1;
        break;
    case F_JA3:
        k = K_MD5;
        break;
    case F_THREATFOX:
        k = ps->c.type >= 0 && ps->c.type < nf ? threatfox_kind(f[ps->c.type]) : K_ANY;
        break;
    default:
        break;
    }
    uint32_t hit;
    if (hit_for(in, ps, reason, &hit) < 0)
        return -1;
    return add_indicator(in, k, f[ps->c.ind], strlen(f[ps->c.ind]), hit, &ps->n);
}

/* The string value of "key" in a flat JSON object, unescaped only for \" and \\. */
static bool json_str(const char *line, const char *key, char *out, size_t outsz)
{
    char pat[32];
    size_t kl = strlen(key);
    if (kl + 3 > sizeof(pat))
        return false;
    pat[0] = '"';
    memcpy(pat + 1, key, kl);
    pat[kl + 1] = '"';
    pat[kl + 2] = '\0';
    const char *p = strstr(line, pat);
    if (!p)
        return false;
    p += kl + 2;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p++ != ':')
        return false;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p++ != '"')
        return false;
    size_t o = 0;
    while (*p && *p != '"') {
        if (*p == '\\' && p[1])
            p++;
        if (o + 1 >= outsz)
            return false;
        out[o++] = *p++;
    }
    if (*p != '"')
        return false;
    out[o] = '\0';
    return true;
}

static int parse_json_line(intel_t *in, struct pstate *ps, const char *line)
{
    char cidr[80], sbl[INTEL_REASON_MAX];
    if (!json_str(line, "cidr", cidr, sizeof(cidr))) {
        if (strstr(line, "\"type\"") && strstr(line, "metadata"))
            return 0; /* trailer record of the DROP JSON files */
        return -2;
    }
    if (!json_str(line, "sblid", sbl, sizeof(sbl)))
        sbl[0] = '\0';
    uint32_t hit;
    if (hit_for(in, ps, sbl, &hit) < 0)
        return -1;
    return add_ip(in, cidr, strlen(cidr), hit, &ps->n);
}

/* Plain list line: indicator, then an optional reason ("1.2.3.0/24 ; SBL123", "evil.com # x").
 * Hosts-file lines ("0.0.0.0 evil.com") list the domain. */
static int parse_plain_line(intel_t *in, struct pstate *ps, char *line)
{
    size_t tl = strcspn(line, " \t");
    char *rest = line + tl;
    if (!memmem(line, tl, "://", 3)) {
        size_t sep = strcspn(line, ",;");
        if (sep < tl) {
            tl = sep;
            rest = line + sep;
        }
    }
    if (*rest && *rest != ';')
        rest++;
    rest = trim(rest);
    if ((tl == 7 && memcmp(line, "0.0.0.0", 7) == 0) ||
        (tl == 9 && memcmp(line, "127.0.0.1", 9) == 0)) {
        size_t dl = strcspn(rest, " \t#");
        if (dl && looks_domain(rest, dl)) {
            line = rest;
            tl = dl;
            rest = trim(rest + dl);
        }
    }
    if (*rest == '#' || *rest == ';')
        rest++;
    rest = trim(rest);
    if (ps->fmt == F_PLAIN && !ps->drop_text && strncmp(rest, "SBL", 3) == 0) {
        ps->drop_text = true; /* "CIDR ; SBLnnn" lines: a Spamhaus DROP list */
        ps->source = "Spamhaus DROP";
    }
    uint32_t hit;
    if (hit_for(in, ps, rest, &hit) < 0)
        return -1;
    return add_indicator(in, K_ANY, line, tl, hit, &ps->n);
}

static bool is_comment(const char *s)
{
    return s[0] == '#' || s[0] == ';' || (s[0] == '/' && s[1] == '/');
}

static bool ci_contains(const char *s, const char *needle)
{
    return strcasestr(s, needle) != NULL;
}

/* ---- entry points --------------------------------------------------------------------------- */

static void pstate_init(struct pstate *ps, const char *name)
{
    memset(ps, 0, sizeof(*ps));
    ps->fmt = F_PLAIN;
    ps->c = (struct cols){-1, -1, -1, -1};
    ps->source = name && *name ? name : "list";
    ps->last_hit = UINT32_MAX;
}

/* Feeds one line to the state machine: until the first data line, comments and lines may be a
 * header that fixes the format; afterwards every line is data of that format. */
static int feed_line(intel_t *in, struct pstate *ps, char *line)
{
    line = trim(line);
    if (!*line)
        return 0;
    if (is_comment(line)) {
        if (ps->data_lines == 0 && ps->fmt == F_PLAIN) {
            if (!header_detect(line, ps) && ci_contains(line, "spamhaus")) {
                ps->drop_text = true;
                ps->source = "Spamhaus DROP";
            }
        }
        return 0;
    }
    if (ps->data_lines == 0 && ps->fmt == F_PLAIN && header_detect(line, ps))
        return 0;
    ps->data_lines++;
    int r;
    if (line[0] == '{' && (ps->fmt == F_PLAIN || ps->fmt == F_DROP_JSON)) {
        if (ps->fmt == F_PLAIN) {
            ps->fmt = F_DROP_JSON;
            ps->source = fmt_sources[F_DROP_JSON];
        }
        r = parse_json_line(in, ps, line);
    } else if (ps->fmt == F_PLAIN || ps->fmt == F_DROP_JSON) {
        r = parse_plain_line(in, ps, line);
    } else {
        r = parse_csv_line(in, ps, line);
    }
    if (r == -1)
        return -1;
    if (r == -2)
        ps->n.rejected++;
    return 0;
}

/* Feeds the complete lines of data[0..len); with final, the last unterminated line too.
 * Returns the bytes consumed, or -1 on OOM. */
static long feed_lines(intel_t *in, struct pstate *ps, const char *data, size_t len, bool final)
{
    char line[LINE_MAX_LEN + 1];
    size_t pos = 0;
    /* a UTF-8 byte order mark is not part of the first line */
    if (!ps->started && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    ps->started = true;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        if (!nl && !final)
            break;
        size_t ll = nl ? (size_t)(nl - (data + pos)) : len - pos;
        if (ll > LINE_MAX_LEN) {
            ps->n.rejected++;
        } else {
            memcpy(line, data + pos, ll);
            line[ll] = '\0';
            if (memchr(line, '\0', ll))
                ps->n.rejected++; /* binary content */
            else if (feed_line(in, ps, line) < 0)
                return -1;
        }
        pos += ll + 1;
    }
    return (long)(pos > len ? len : pos);
}

static void add_counts(intel_t *in, const struct pstate *ps, struct intel_counts *file)
{
    struct intel_counts *g = &in->counts;
    g->ip4 += ps->n.ip4;
    g->ip4_net += ps->n.ip4_net;
    g->ip6 += ps->n.ip6;
    g->domain += ps->n.domain;
    g->url += ps->n.url;
    g->sha1 += ps->n.sha1;
    g->md5 += ps->n.md5;
    g->total += ps->n.total;
    g->rejected += ps->n.rejected;
    g->skipped += ps->n.skipped;
    if (file)
        *file = ps->n;
    in->finished = false;
}

int intel_parse_buffer(intel_t *in, const char *name, const char *data, size_t len,
                       struct intel_counts *file)
{
    struct pstate ps;
    pstate_init(&ps, name);
    long r = feed_lines(in, &ps, data, len, true);
    add_counts(in, &ps, file);
    return r < 0 ? -1 : 0;
}

int intel_parse_fd(intel_t *in, const char *name, int fd, struct intel_counts *file)
{
    enum { BLOCK = 1 << 20 };
    struct pstate ps;
    pstate_init(&ps, name);
    char *buf = malloc(BLOCK);
    if (!buf)
        return -1;
    size_t have = 0;
    int rc = 0;
    bool skipping = false; /* inside an over-long line: drop bytes up to its newline */
    for (;;) {
        ssize_t r = read(fd, buf + have, BLOCK - have);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = -2;
            break;
        }
        have += (size_t)r;
        bool eof = r == 0;
        size_t start = 0;
        if (skipping) {
            const char *nl = memchr(buf, '\n', have);
            if (!nl) {
                have = 0;
                if (eof)
                    break;
                continue;
            }
            start = (size_t)(nl - buf) + 1;
            skipping = false;
        }
        long used = feed_lines(in, &ps, buf + start, have - start, eof);
        if (used < 0) {
            rc = -1;
            break;
        }
        size_t left = have - start - (size_t)used;
        if (eof)
            break;
        if (left == BLOCK) { /* one line fills the block: reject it */
            ps.n.rejected++;
            skipping = true;
            left = 0;
        }
        memmove(buf, buf + start + (size_t)used, left);
        have = left;
    }
    free(buf);
    add_counts(in, &ps, file);
    return rc;
}

const char *intel_detect_format(const char *data, size_t len)
{
    intel_t *in = intel_new();
    if (!in)
        return "plain";
    struct pstate ps;
    pstate_init(&ps, "probe");
    char line[LINE_MAX_LEN + 1];
    size_t pos = 0;
    /* the format is fixed by the header and the first data lines */
    while (pos < len && ps.data_lines < 3) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - (data + pos)) : len - pos;
        if (ll <= LINE_MAX_LEN) {
            memcpy(line, data + pos, ll);
            line[ll] = '\0';
            if (!memchr(line, '\0', ll) && feed_line(in, &ps, line) < 0)
                break;
        }
        pos += ll + 1;
    }
    intel_free(in);
    if (ps.fmt == F_PLAIN && ps.drop_text)
        return "spamhaus-drop";
    return fmt_names[ps.fmt];
}
