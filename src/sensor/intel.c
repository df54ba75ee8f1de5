/* intel.c - threat intelligence store: tables, normalization, lookups and directory loading. */
#include "intel.h"
#include "intel_int.h"

#include <ctype.h>
#include <sodium.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NBLOCK_SIZE 65536

static inline char lower(unsigned char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static uint32_t hash_u32(uint32_t x)
{
    uint64_t h = (uint64_t)x * 0x9E3779B97F4A7C15ULL;
    return (uint32_t)(h >> 32) ^ (uint32_t)h;
}

intel_t *intel_new(void)
{
    if (sodium_init() < 0)
        return NULL;
    intel_t *in = calloc(1, sizeof(intel_t));
    if (!in)
        return NULL;
    randombytes_buf(in->fpkey, sizeof(in->fpkey));
    in->ip4.exact32 = true;
    return in;
}

static void set_free(struct intel_set *t)
{
    free(t->b);
    free(t->pend);
}

void intel_free(intel_t *in)
{
    if (!in)
        return;
    set_free(&in->domains);
    set_free(&in->urls);
    set_free(&in->sha1s);
    set_free(&in->md5s);
    set_free(&in->ip4);
    free(in->r4);
    free(in->r4_first);
    free(in->r6);
    free(in->hits);
    free(in->hitslots);
    free(in->names);
    struct intel_nblock *b = in->nblocks;
    while (b) {
        struct intel_nblock *next = b->next;
        free(b);
        b = next;
    }
    free(in);
}

size_t intel_count(const intel_t *in)
{
    return in ? in->counts.total : 0;
}

void intel_get_counts(const intel_t *in, struct intel_counts *out)
{
    if (in)
        *out = in->counts;
    else
        memset(out, 0, sizeof(*out));
}

/* ---- interning ---------------------------------------------------------------------------- */

static uint32_t name_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a: names are few and short */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h ^ (h >> 15);
}

static const char *name_store(intel_t *in, const char *s, size_t len)
{
    if (!in->nblocks || in->nblocks->used + len + 1 > NBLOCK_SIZE) {
        struct intel_nblock *b = malloc(sizeof(*b) + NBLOCK_SIZE);
        if (!b)
            return NULL;
        b->next = in->nblocks;
        b->used = 0;
        in->nblocks = b;
    }
    char *p = in->nblocks->data + in->nblocks->used;
    memcpy(p, s, len);
    p[len] = '\0';
    in->nblocks->used += len + 1;
    return p;
}

static const char *name_intern(intel_t *in, const char *s)
{
    size_t len = strnlen(s, INTEL_REASON_MAX - 1);
    if (in->nnames + 1 > (in->namemask + 1) / 4 * 3) {
        uint32_t ncap = in->namemask ? (in->namemask + 1) * 2 : 256;
        const char **ns = calloc(ncap, sizeof(*ns));
        if (!ns)
            return NULL;
        for (uint32_t i = 0; in->namemask && i <= in->namemask; i++) {
            if (!in->names[i])
                continue;
            uint32_t j = name_hash(in->names[i], strlen(in->names[i])) & (ncap - 1);
            while (ns[j])
                j = (j + 1) & (ncap - 1);
            ns[j] = in->names[i];
        }
        free(in->names);
        in->names = ns;
        in->namemask = ncap - 1;
    }
    uint32_t j = name_hash(s, len) & in->namemask;
    while (in->names[j]) {
        if (strncmp(in->names[j], s, len) == 0 && in->names[j][len] == '\0')
            return in->names[j];
        j = (j + 1) & in->namemask;
    }
    const char *p = name_store(in, s, len);
    if (!p)
        return NULL;
    in->names[j] = p;
    in->nnames++;
    return p;
}

static uint32_t hit_hash(const char *src, const char *reason)
{
    uintptr_t a = (uintptr_t)src, b = (uintptr_t)reason;
    uint64_t h = ((uint64_t)a * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)b * 0xC2B2AE3D27D4EB4FULL);
    return (uint32_t)(h >> 29);
}

uint32_t intel_hit_intern(intel_t *in, const char *source, const char *reason)
{
    const char *s = name_intern(in, source && *source ? source : "list");
    const char *r = name_intern(in, reason && *reason ? reason : "listed");
    if (!s || !r)
        return UINT32_MAX;
    if (in->nhits + 1 > (in->hitmask + 1) / 4 * 3) {
        uint32_t ncap = in->hitmask ? (in->hitmask + 1) * 2 : 256;
        uint32_t *ns = calloc(ncap, sizeof(*ns));
        if (!ns)
            return UINT32_MAX;
        for (uint32_t i = 0; i < in->nhits; i++) {
            uint32_t j = hit_hash(in->hits[i].source, in->hits[i].reason) & (ncap - 1);
            while (ns[j])
                j = (j + 1) & (ncap - 1);
            ns[j] = i + 1;
        }
        free(in->hitslots);
        in->hitslots = ns;
        in->hitmask = ncap - 1;
    }
    uint32_t j = hit_hash(s, r) & in->hitmask;
    while (in->hitslots[j]) {
        const struct intel_hit *h = &in->hits[in->hitslots[j] - 1];
        if (h->source == s && h->reason == r)
            return in->hitslots[j] - 1;
        j = (j + 1) & in->hitmask;
    }
    if (in->nhits == in->caphits) {
        uint32_t ncap = in->caphits ? in->caphits * 2 : 64;
        struct intel_hit *nh = realloc(in->hits, ncap * sizeof(*nh));
        if (!nh)
            return UINT32_MAX;
        in->hits = nh;
        in->caphits = ncap;
    }
    in->hits[in->nhits] = (struct intel_hit){.source = s, .reason = r};
    in->hitslots[j] = in->nhits + 1;
    return in->nhits++;
}

/* ---- indicator sets ------------------------------------------------------------------------ */

static uint32_t set_index(const struct intel_set *t, uint32_t lo, uint32_t hi)
{
    uint32_t h = t->exact32 ? hash_u32(lo) : lo ^ hi;
    return (uint32_t)(((uint64_t)h * t->nb) >> 32);
}

static int set_add(struct intel_set *t, uint32_t lo, uint32_t hi, uint32_t hit)
{
    if (t->npend == t->cappend) {
        if (t->cappend >= UINT32_MAX / 4)
            return -1;
        uint32_t ncap = t->cappend ? t->cappend * 2 : 1024;
        struct intel_slot *np = realloc(t->pend, (size_t)ncap * sizeof(*np));
        if (!np)
            return -1;
        t->pend = np;
        t->cappend = ncap;
    }
    t->pend[t->npend++] = (struct intel_slot){.lo = lo, .hi = hi, .hit1 = hit + 1};
    return 1;
}

static void set_put(struct intel_bucket *b, struct intel_set *t, const struct intel_slot *e)
{
    uint32_t j = set_index(t, e->lo, e->hi);
    for (;;) {
        for (int k = 0; k < INTEL_BUCKET_SLOTS; k++) {
            struct intel_slot *sl = &b[j].s[k];
            if (!sl->hit1) {
                *sl = *e;
                t->n++;
                return;
            }
            if (sl->lo == e->lo && sl->hi == e->hi)
                return; /* duplicate: the first listing stays */
        }
        if (++j == t->nb)
            j = 0;
    }
}

/* Rebuilds the table with room for the pending adds; existing entries first. */
static int set_build(struct intel_set *t)
{
    if (t->npend == 0)
        return 0;
    uint64_t slots = ((uint64_t)t->n + t->npend) * 100 / INTEL_LOAD_PERCENT;
    uint64_t nb = slots / INTEL_BUCKET_SLOTS + 2;
    if (nb > UINT32_MAX / 2)
        return -1;
    struct intel_bucket *b = aligned_alloc(64, (size_t)nb * sizeof(*b));
    if (!b)
        return -1;
    memset(b, 0, (size_t)nb * sizeof(*b));
    struct intel_bucket *old = t->b;
    uint32_t oldnb = t->nb;
    t->nb = (uint32_t)nb;
    t->n = 0;
    for (uint32_t i = 0; old && i < oldnb; i++)
        for (int k = 0; k < INTEL_BUCKET_SLOTS; k++)
            if (old[i].s[k].hit1)
                set_put(b, t, &old[i].s[k]);
    for (uint32_t i = 0; i < t->npend; i++)
        set_put(b, t, &t->pend[i]);
    free(old);
    free(t->pend);
    t->pend = NULL;
    t->npend = t->cappend = 0;
    t->b = b;
    return 0;
}

static const struct intel_slot *set_find(const struct intel_set *t, uint32_t lo, uint32_t hi)
{
    if (!t->n)
        return NULL;
    uint32_t j = set_index(t, lo, hi);
    for (;;) {
        const struct intel_bucket *bk = &t->b[j];
        for (int k = 0; k < INTEL_BUCKET_SLOTS; k++) {
            if (!bk->s[k].hit1)
                return NULL; /* buckets fill in order: the key would be here */
            if (bk->s[k].lo == lo && bk->s[k].hi == hi)
                return &bk->s[k];
        }
        if (++j == t->nb)
            j = 0;
    }
}

static void fingerprint(const intel_t *in, const void *key, size_t len, uint32_t *lo, uint32_t *hi)
{
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, key, len, in->fpkey);
    *lo = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
    *hi = (uint32_t)h[4] | (uint32_t)h[5] << 8 | (uint32_t)h[6] << 16 | (uint32_t)h[7] << 24;
}

int intel_add_key(intel_t *in, struct intel_set *t, const void *key, size_t len, uint32_t hit)
{
    if (len == 0 || len > INTEL_KEY_MAX)
        return 0;
    uint32_t lo, hi;
    fingerprint(in, key, len, &lo, &hi);
    in->finished = false;
    return set_add(t, lo, hi, hit);
}

const struct intel_hit *intel_find_key(const intel_t *in, const struct intel_set *t,
                                       const void *key, size_t len)
{
    if (!t->n)
        return NULL;
    uint32_t lo, hi;
    fingerprint(in, key, len, &lo, &hi);
    const struct intel_slot *e = set_find(t, lo, hi);
    return e ? &in->hits[e->hit1 - 1] : NULL;
}

/* ---- IPv4 / IPv6 ---------------------------------------------------------------------------- */

int intel_add_ip4(intel_t *in, uint32_t ip, uint32_t hit)
{
    in->finished = false;
    return set_add(&in->ip4, ip, 0, hit);
}

int intel_add_ip4_net(intel_t *in, uint32_t lo, uint32_t hi, uint32_t hit)
{
    if (in->nr4 == in->capr4) {
        size_t ncap = in->capr4 ? in->capr4 * 2 : 256;
        struct intel_r4 *nr = realloc(in->r4, ncap * sizeof(*nr));
        if (!nr)
            return -1;
        in->r4 = nr;
        in->capr4 = ncap;
    }
    in->r4[in->nr4++] = (struct intel_r4){.lo = lo, .hi = hi, .hit = hit};
    in->finished = false;
    return 1;
}

static void be128(const uint8_t a[16], uint64_t out[2])
{
    out[0] = out[1] = 0;
    for (int i = 0; i < 8; i++) {
        out[0] = (out[0] << 8) | a[i];
        out[1] = (out[1] << 8) | a[8 + i];
    }
}

int intel_add_ip6_net(intel_t *in, const uint8_t addr[16], unsigned prefix, uint32_t hit)
{
    if (prefix > 128)
        return 0;
    if (in->nr6 == in->capr6) {
        size_t ncap = in->capr6 ? in->capr6 * 2 : 64;
        struct intel_r6 *nr = realloc(in->r6, ncap * sizeof(*nr));
        if (!nr)
            return -1;
        in->r6 = nr;
        in->capr6 = ncap;
    }
    struct intel_r6 *r = &in->r6[in->nr6++];
    uint64_t a[2];
    be128(addr, a);
    for (int w = 0; w < 2; w++) {
        unsigned bits = prefix > (unsigned)(64 * w) ? prefix - 64 * (unsigned)w : 0;
        if (bits > 64)
            bits = 64;
        uint64_t mask = bits == 0 ? 0 : bits == 64 ? ~0ULL : ~0ULL << (64 - bits);
        r->lo[w] = a[w] & mask;
        r->hi[w] = a[w] | ~mask;
    }
    r->hit = hit;
    in->finished = false;
    return 1;
}

static int cmp_r4(const void *a, const void *b)
{
    const struct intel_r4 *x = a, *y = b;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    if (x->hi != y->hi)
        return x->hi > y->hi ? -1 : 1; /* wider first, so nested ones follow their parent */
    return 0;
}

static int cmp128(const uint64_t a[2], const uint64_t b[2])
{
    if (a[0] != b[0])
        return a[0] < b[0] ? -1 : 1;
    if (a[1] != b[1])
        return a[1] < b[1] ? -1 : 1;
    return 0;
}

static int cmp_r6(const void *a, const void *b)
{
    const struct intel_r6 *x = a, *y = b;
    int c = cmp128(x->lo, y->lo);
    return c ? c : -cmp128(x->hi, y->hi);
}

/* After sorting by (lo ascending, hi descending), a range starting inside the previous kept
 * range is nested in it (CIDR blocks never partly overlap) and is dropped: the wider listing
 * wins. The kept ranges are disjoint and sorted, so a binary search finds the only candidate. */
int intel_finish(intel_t *in)
{
    struct intel_set *sets[] = {&in->ip4, &in->domains, &in->urls, &in->sha1s, &in->md5s};
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
        if (set_build(sets[i]) < 0)
            return -1;
    if (in->nr4) {
        qsort(in->r4, in->nr4, sizeof(*in->r4), cmp_r4);
        size_t k = 0;
        for (size_t i = 0; i < in->nr4; i++) {
            if (k && in->r4[i].lo <= in->r4[k - 1].hi) {
                if (in->r4[i].hi > in->r4[k - 1].hi)
                    in->r4[k - 1].hi = in->r4[i].hi;
                continue;
            }
            in->r4[k++] = in->r4[i];
        }
        in->nr4 = k;
        if (k > UINT32_MAX - 1)
            return -1;
    }
    free(in->r4_first);
    in->r4_first = NULL;
    if (in->nr4 >= 256) { /* the index pays off only for long lists */
        size_t k = in->nr4;
        uint32_t *first = malloc(65537 * sizeof(*first));
        if (!first)
            return -1;
        in->r4_first = first;
        size_t i = 0;
        for (uint32_t p = 0; p <= 65536; p++) {
            uint64_t start = (uint64_t)p << 16;
            while (i < k && in->r4[i].hi < start)
                i++;
            first[p] = (uint32_t)i;
        }
    }
    if (in->nr6) {
        qsort(in->r6, in->nr6, sizeof(*in->r6), cmp_r6);
        size_t k = 0;
        for (size_t i = 0; i < in->nr6; i++) {
            if (k && cmp128(in->r6[i].lo, in->r6[k - 1].hi) <= 0) {
                if (cmp128(in->r6[i].hi, in->r6[k - 1].hi) > 0)
                    memcpy(in->r6[k - 1].hi, in->r6[i].hi, sizeof(in->r6[i].hi));
                continue;
            }
            in->r6[k++] = in->r6[i];
        }
        in->nr6 = k;
    }
    /* distinct indicators; networks as listed, before nested ones were merged */
    struct intel_counts *c = &in->counts;
    c->ip4 = in->ip4.n;
    c->domain = in->domains.n;
    c->url = in->urls.n;
    c->sha1 = in->sha1s.n;
    c->md5 = in->md5s.n;
    c->total = c->ip4 + c->ip4_net + c->ip6 + c->domain + c->url + c->sha1 + c->md5;
    in->finished = true;
    return 0;
}

const struct intel_hit *intel_match_ip4(const intel_t *in, uint32_t ip)
{
    if (!in || !in->finished)
        return NULL;
    const struct intel_slot *e = set_find(&in->ip4, ip, 0);
    if (e)
        return &in->hits[e->hit1 - 1];
    if (!in->nr4)
        return NULL;
    /* the first range with hi >= ip lies in [r4_first[p], r4_first[p + 1]] */
    uint32_t p = ip >> 16;
    size_t lo = in->r4_first ? in->r4_first[p] : 0;
    size_t hi = in->r4_first ? in->r4_first[p + 1] : in->nr4;
    if (hi == in->nr4)
        hi = in->nr4 - 1;
    if (lo >= in->nr4)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (in->r4[mid].hi < ip)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct intel_r4 *r = &in->r4[lo];
    if (ip < r->lo || ip > r->hi)
        return NULL;
    return &in->hits[r->hit];
}

const struct intel_hit *intel_match_ip6(const intel_t *in, const uint8_t addr[16])
{
    if (!in || !addr)
        return NULL;
    /* IPv4-mapped addresses are IPv4 indicators */
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(addr, mapped, 12) == 0) {
        uint32_t v4 = (uint32_t)addr[12] << 24 | (uint32_t)addr[13] << 16 |
                      (uint32_t)addr[14] << 8 | addr[15];
        return intel_match_ip4(in, v4);
    }
    if (!in->finished || !in->nr6)
        return NULL;
    uint64_t a[2];
    be128(addr, a);
    size_t lo = 0, hi = in->nr6;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp128(in->r6[mid].lo, a) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || cmp128(a, in->r6[lo - 1].hi) > 0)
        return NULL;
    return &in->hits[in->r6[lo - 1].hit];
}

/* ---- normalization -------------------------------------------------------------------------- */

size_t intel_norm_domain(const char *s, size_t len, char *out, size_t outsz)
{
    while (len && (s[len - 1] == '.'))
        len--;
    if (len >= 2 && s[0] == '*' && s[1] == '.') {
        s += 2;
        len -= 2;
    }
    while (len && s[0] == '.') {
        s++;
        len--;
    }
    if (len == 0 || len > 253 || len >= outsz)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == '/' || c == '@' || c == ':' || c == 0x7f)
            return 0;
        out[i] = lower(c);
        if (c == '.' && i > 0 && s[i - 1] == '.')
            return 0;
    }
    out[len] = '\0';
    return len;
}

size_t intel_norm_url(const char *s, size_t len, char *out, size_t outsz)
{
    while (len && (unsigned char)s[len - 1] <= ' ')
        len--;
    while (len && (unsigned char)s[0] <= ' ') {
        s++;
        len--;
    }
    size_t o = 0;
    const char *rest = s;
    size_t rlen = len;
    /* scheme */
    const char *sep = len >= 3 ? memmem(s, len, "://", 3) : NULL;
    char scheme[16] = "http";
    if (sep) {
        size_t sl = (size_t)(sep - s);
        if (sl == 0 || sl >= sizeof(scheme))
            return 0;
        for (size_t i = 0; i < sl; i++) {
            if (!isalpha((unsigned char)s[i]) &&
                !(i && (isdigit((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')))
                return 0;
            scheme[i] = lower((unsigned char)s[i]);
        }
        scheme[sl] = '\0';
        rest = sep + 3;
        rlen = len - sl - 3;
    }
    /* authority: up to '/', '?' or '#' */
    size_t alen = 0;
    while (alen < rlen && rest[alen] != '/' && rest[alen] != '?' && rest[alen] != '#')
        alen++;
    const char *auth = rest;
    const char *at = memchr(auth, '@', alen);
    if (at) { /* drop user info */
        alen -= (size_t)(at + 1 - auth);
        auth = at + 1;
    }
    if (alen == 0)
        return 0;
    size_t hlen = alen;
    const char *port = NULL;
    size_t plen = 0;
    if (auth[0] == '[') {
        const char *rb = memchr(auth, ']', alen);
        if (!rb)
            return 0;
        hlen = (size_t)(rb - auth) + 1;
    } else {
        const char *colon = memchr(auth, ':', alen);
        if (colon)
            hlen = (size_t)(colon - auth);
    }
    if (hlen < alen && auth[hlen] == ':') {
        port = auth + hlen + 1;
        plen = alen - hlen - 1;
    }
    while (hlen && auth[hlen - 1] == '.')
        hlen--;
    if (hlen == 0)
        return 0;
    bool default_port = plen == 0 ||
                        (strcmp(scheme, "http") == 0 && plen == 2 && memcmp(port, "80", 2) == 0) ||
                        (strcmp(scheme, "https") == 0 && plen == 3 && memcmp(port, "443", 3) == 0);
    size_t slen = strlen(scheme);
    size_t path_len = rlen - (size_t)(auth + alen - rest);
    const char *path = auth + alen;
    const char *hash = memchr(path, '#', path_len);
    if (hash)
        path_len = (size_t)(hash - path);
    size_t need = slen + 3 + hlen + (default_port ? 0 : 1 + plen) + (path_len ? path_len : 1);
    if (need >= outsz || need > INTEL_KEY_MAX)
        return 0;
    memcpy(out + o, scheme, slen);
    o += slen;
    memcpy(out + o, "://", 3);
    o += 3;
    for (size_t i = 0; i < hlen; i++) {
        unsigned char c = (unsigned char)auth[i];
        if (c <= ' ')
            return 0;
        out[o++] = lower(c);
    }
    if (!default_port) {
        out[o++] = ':';
        memcpy(out + o, port, plen);
        o += plen;
    }
    if (path_len == 0) {
        out[o++] = '/';
    } else if (path[0] != '/') { /* "host?q" -> "host/?q" */
        if (o + 1 + path_len >= outsz)
            return 0;
        out[o++] = '/';
        memcpy(out + o, path, path_len);
        o += path_len;
    } else {
        memcpy(out + o, path, path_len);
        o += path_len;
    }
    out[o] = '\0';
    return o;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

bool intel_parse_hex(const char *s, size_t len, uint8_t *out, size_t nbytes)
{
    size_t n = 0;
    size_t i = 0;
    while (i < len) {
        if (s[i] == ':' && n > 0 && i + 1 < len) {
            i++;
            continue;
        }
        if (i + 1 >= len || n >= nbytes)
            return false;
        int a = hexval((unsigned char)s[i]), b = hexval((unsigned char)s[i + 1]);
        if (a < 0 || b < 0)
            return false;
        out[n++] = (uint8_t)(a << 4 | b);
        i += 2;
    }
    return n == nbytes;
}

bool intel_parse_ip4(const char *s, size_t len, uint32_t *out)
{
    uint32_t v = 0;
    int parts = 0;
    size_t i = 0;
    while (parts < 4) {
        if (i >= len || !isdigit((unsigned char)s[i]))
            return false;
        unsigned n = 0, digits = 0;
        while (i < len && isdigit((unsigned char)s[i])) {
            n = n * 10 + (unsigned)(s[i] - '0');
            if (++digits > 3 || n > 255)
                return false;
            i++;
        }
        v = v << 8 | n;
        if (++parts < 4) {
            if (i >= len || s[i] != '.')
                return false;
            i++;
        }
    }
    if (i != len)
        return false;
    *out = v;
    return true;
}

/* ---- lookups -------------------------------------------------------------------------------- */

const struct intel_hit *intel_match_domain(const intel_t *in, const char *name)
{
    if (!in || !name || !in->finished || !in->domains.n)
        return NULL;
    char buf[256];
    size_t len = intel_norm_domain(name, strnlen(name, 300), buf, sizeof(buf));
    if (!len)
        return NULL;
    /* the name itself, then each parent domain */
    size_t start = 0;
    for (;;) {
        const struct intel_hit *h = intel_find_key(in, &in->domains, buf + start, len - start);
        if (h)
            return h;
        const char *dot = memchr(buf + start, '.', len - start);
        if (!dot)
            return NULL;
        start = (size_t)(dot - buf) + 1;
        if (start >= len)
            return NULL;
    }
}

const struct intel_hit *intel_match_url(const intel_t *in, const char *url)
{
    if (!in || !url || !in->finished || !in->urls.n)
        return NULL;
    char buf[INTEL_KEY_MAX + 1];
    size_t len = intel_norm_url(url, strnlen(url, INTEL_KEY_MAX + 64), buf, sizeof(buf));
    if (!len)
        return NULL;
    return intel_find_key(in, &in->urls, buf, len);
}

const struct intel_hit *intel_match_ja3(const intel_t *in, const char *md5hex)
{
    uint8_t b[16];
    if (!in || !md5hex || !in->finished || !in->md5s.n ||
        !intel_parse_hex(md5hex, strnlen(md5hex, 64), b, 16))
        return NULL;
    return intel_find_key(in, &in->md5s, b, sizeof(b));
}

const struct intel_hit *intel_match_sha1(const intel_t *in, const char *hex)
{
    uint8_t b[20];
    if (!in || !hex || !in->finished || !in->sha1s.n ||
        !intel_parse_hex(hex, strnlen(hex, 80), b, 20))
        return NULL;
    return intel_find_key(in, &in->sha1s, b, sizeof(b));
}

/* ---- loading -------------------------------------------------------------------------------- */

int intel_add_buffer(intel_t *in, const char *name, const char *data, size_t len,
                     struct intel_counts *file)
{
    return intel_parse_buffer(in, name, data, len, file);
}

int intel_add_file(intel_t *in, const char *path, struct intel_counts *file, char *err,
                   size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    int rc = intel_parse_fd(in, base, fd, file);
    if (rc == -2) { /* read error */
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        rc = -1;
    } else if (rc < 0) {
        snprintf(err, errlen, "%s: out of memory", path);
        rc = -2;
    }
    close(fd);
    in->counts.files++;
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

intel_t *intel_load_dir(const char *dir, char *err, size_t errlen)
{
    if (errlen)
        err[0] = '\0';
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return NULL;
    }
    /* sorted names, so that the first listing of a duplicate is deterministic */
    char **names = NULL;
    size_t n = 0, cap = 0;
    intel_t *in = intel_new();
    if (!in)
        goto oom;
    for (;;) {
        struct dirent *e = readdir(d);
        if (!e)
            break;
        if (e->d_name[0] == '.') /* hidden files and update temp files */
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **nn = realloc(names, ncap * sizeof(*nn));
            if (!nn)
                goto oom;
            names = nn;
            cap = ncap;
        }
        names[n] = strdup(e->d_name);
        if (!names[n])
            goto oom;
        n++;
    }
    closedir(d);
    d = NULL;
    qsort(names, n, sizeof(*names), cmp_str);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path))
            continue;
        struct stat st;
        if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
            continue;
        char ferr[256];
        int rc = intel_add_file(in, path, NULL, ferr, sizeof(ferr));
        if (rc == -2)
            goto oom;
        if (rc < 0) {
            /* one unreadable list must not stop the sensor: skip it, say so */
            if (!err[0])
                snprintf(err, errlen, "%s", ferr);
            in->counts.unreadable++;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    names = NULL;
    n = 0;
    if (intel_finish(in) < 0)
        goto oom;
    return in;
oom:
    snprintf(err, errlen, "%s: out of memory", dir);
    if (d)
        closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    intel_free(in);
    return NULL;
}
