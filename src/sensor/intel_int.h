/* intel_int.h - internal layout of intel_t: open-addressing tables over an arena, sorted ranges. */
#ifndef OTASUKE_INTEL_INT_H
#define OTASUKE_INTEL_INT_H

#include "intel.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest normalized URL accepted; longer indicators are rejected. */
#define INTEL_KEY_MAX 2048
#define INTEL_REASON_MAX 64

/* Indicator set: open addressing over 64-byte buckets of five slots (one cache line), linear
 * probing bucket by bucket. Strings (domains, URLs, digests) are kept as 64-bit keyed SipHash
 * fingerprints, not text: a false match needs a 64-bit collision under a secret per-load key
 * (about n / 2^64 per lookup). IPv4 addresses are kept exactly (lo = address, hi = 0).
 * Adds go to a pending list; intel_finish builds the table (duplicates dropped, first listing
 * kept) sized so at most INTEL_LOAD_PERCENT of the slots are used. Slots of a bucket fill in
 * order and entries are never removed, so a lookup ends at the first empty slot it meets. */
#define INTEL_BUCKET_SLOTS 5
#define INTEL_LOAD_PERCENT 85
struct intel_slot {
    uint32_t lo, hi;
    uint32_t hit1; /* hit index + 1; 0 = empty */
};
struct intel_bucket {
    struct intel_slot s[INTEL_BUCKET_SLOTS];
    uint32_t pad;
};
struct intel_set {
    struct intel_bucket *b;
    uint32_t nb, n; /* buckets, entries */
    struct intel_slot *pend;
    uint32_t npend, cappend;
    bool exact32; /* IPv4 set: index from the address itself */
};

struct intel_r4 {
    uint32_t lo, hi, hit;
};
struct intel_r6 {
    uint64_t lo[2], hi[2]; /* big-endian halves: [0] most significant */
    uint32_t hit;
};

/* Interned names (sources, reasons) in fixed blocks that never move, so hits can point at them. */
struct intel_nblock {
    struct intel_nblock *next;
    size_t used;
    char data[];
};

struct intel {
    unsigned char fpkey[16]; /* SipHash key of the fingerprints, random per intel_t */
    struct intel_set domains, urls, sha1s, md5s, ip4;
    struct intel_r4 *r4;
    size_t nr4, capr4;
    /* r4_first[p]: index of the first range with hi >= p << 16 (p = 0..65536), so a lookup only
     * searches the ranges that can hold addresses of its /16 */
    uint32_t *r4_first;
    struct intel_r6 *r6;
    size_t nr6, capr6;
    struct intel_hit *hits;
    uint32_t nhits, caphits;
    /* (source, reason) -> hit index, to share hits between indicators */
    uint32_t *hitslots;
    uint32_t hitmask;
    /* interned strings: open-addressing set of pointers into nblocks */
    const char **names;
    uint32_t namemask, nnames;
    struct intel_nblock *nblocks;
    struct intel_counts counts;
    bool finished;
};

/* Returns the hit index for (source, reason), interning both; UINT32_MAX on OOM. */
uint32_t intel_hit_intern(intel_t *in, const char *source, const char *reason);
/* Adders: 1 added (duplicates are dropped by intel_finish), -1 out of memory. */
int intel_add_ip4(intel_t *in, uint32_t ip, uint32_t hit);
int intel_add_ip4_net(intel_t *in, uint32_t lo, uint32_t hi, uint32_t hit);
int intel_add_ip6_net(intel_t *in, const uint8_t addr[16], unsigned prefix, uint32_t hit);
int intel_add_key(intel_t *in, struct intel_set *t, const void *key, size_t len, uint32_t hit);
const struct intel_hit *intel_find_key(const intel_t *in, const struct intel_set *t,
                                       const void *key, size_t len);

/* Normalizers shared by loading and matching; return the key length or 0 when invalid. */
size_t intel_norm_domain(const char *s, size_t len, char *out, size_t outsz);
size_t intel_norm_url(const char *s, size_t len, char *out, size_t outsz);
/* Hex digest (optionally ':'-separated) into nbytes raw bytes; false when malformed. */
bool intel_parse_hex(const char *s, size_t len, uint8_t *out, size_t nbytes);
/* Strict dotted quad; false when malformed. */
bool intel_parse_ip4(const char *s, size_t len, uint32_t *out);

/* Parses one file's content into in (intel_parse.c). */
int intel_parse_buffer(intel_t *in, const char *name, const char *data, size_t len,
                       struct intel_counts *file);
/* Same, reading the open file descriptor in blocks (bounded memory). */
int intel_parse_fd(intel_t *in, const char *name, int fd, struct intel_counts *file);

#endif
