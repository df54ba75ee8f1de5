/* intel_int.h - internal layout of intel_t: open-addressing tables over an arena, sorted ranges. */
#ifndef OTASUKE_INTEL_INT_H
#define OTASUKE_INTEL_INT_H

#include "intel.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest key (normalized URL) kept; longer indicators are rejected. */
#define INTEL_KEY_MAX 2048
#define INTEL_REASON_MAX 64

/* Byte-string set: keys live in the intel arena as [u16 length][bytes]; slots hold key index+1
 * (0 = empty), capacity is a power of two kept at most 3/4 full so probing always ends. */
struct intel_skey {
    uint32_t off;  /* offset of the key in the arena */
    uint32_t hash; /* low 32 bits of the key's hash, checked before comparing bytes */
    uint32_t hit;  /* index into intel_t.hits */
};
struct intel_stab {
    uint32_t *slots;
    uint32_t mask; /* capacity - 1, capacity a power of two (0 when empty) */
    uint32_t n;
    struct intel_skey *keys;
    uint32_t keycap;
};

/* IPv4 address set: slot.hit1 == 0 means empty, else hit index + 1. */
struct intel_u32slot {
    uint32_t key;
    uint32_t hit1;
};
struct intel_u32tab {
    struct intel_u32slot *slots;
    uint32_t mask;
    uint32_t n;
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
    char *arena; /* keys of the string sets */
    size_t alen, acap;
    struct intel_stab domains, urls, sha1s, md5s;
    struct intel_u32tab ip4;
    struct intel_r4 *r4;
    size_t nr4, capr4;
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

uint64_t intel_hash(const void *data, size_t len);
/* Returns the hit index for (source, reason), interning both; UINT32_MAX on OOM. */
uint32_t intel_hit_intern(intel_t *in, const char *source, const char *reason);
/* Adders: 1 added, 0 duplicate (first listing kept), -1 out of memory. */
int intel_add_ip4(intel_t *in, uint32_t ip, uint32_t hit);
int intel_add_ip4_net(intel_t *in, uint32_t lo, uint32_t hi, uint32_t hit);
int intel_add_ip6_net(intel_t *in, const uint8_t addr[16], unsigned prefix, uint32_t hit);
int intel_add_key(intel_t *in, struct intel_stab *t, const void *key, size_t len, uint32_t hit);
const struct intel_hit *intel_find_key(const intel_t *in, const struct intel_stab *t,
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

#endif
