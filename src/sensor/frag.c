/* frag.c - fragment reassembly: a small fixed set of slots, each a 64 KB buffer plus the list
 * of byte ranges received; complete when the ranges cover [0, total) with total known from the
 * last fragment. Memory is bounded by max_datagrams * 64 KB, allocated on first use. */
#include "frag.h"

#include <stdlib.h>
#include <string.h>

#define FRAG_MAX_BYTES 65535
#define FRAG_MAX_RANGES 64

struct frag_range {
    uint32_t start, end; /* [start, end) */
};

struct frag_slot {
    bool used;
    struct sensor_addr src, dst;
    uint32_t id;
    uint8_t proto;
    int64_t first_us;
    uint32_t total; /* 0 until the last fragment arrived */
    size_t n_ranges;
    struct frag_range ranges[FRAG_MAX_RANGES];
    uint8_t *buf;
};

struct frag_table {
    size_t n;
    int64_t timeout_us;
    struct frag_slot *slots;
    struct frag_stats stats;
};

struct frag_table *frag_new(size_t max_datagrams, int timeout_s)
{
    struct frag_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->slots = calloc(max_datagrams ? max_datagrams : 1, sizeof *t->slots);
    if (!t->slots) {
        free(t);
        return NULL;
    }
    t->n = max_datagrams ? max_datagrams : 1;
    t->timeout_us = (int64_t)timeout_s * 1000000;
    return t;
}

void frag_free(struct frag_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->slots[i].buf);
    free(t->slots);
    free(t);
}

void frag_get_stats(const struct frag_table *t, struct frag_stats *s)
{
    *s = t->stats;
}

static void slot_release(struct frag_slot *s)
{
    s->used = false;
    s->n_ranges = 0;
    s->total = 0;
}

/* Adds [start,end) to the sorted, merged range list; false if the list is full. */
static bool ranges_add(struct frag_slot *s, uint32_t start, uint32_t end)
{
    size_t i = 0;
    while (i < s->n_ranges && s->ranges[i].end < start)
        i++;
    size_t j = i;
    while (j < s->n_ranges && s->ranges[j].start <= end) {
        if (s->ranges[j].start < start)
            start = s->ranges[j].start;
        if (s->ranges[j].end > end)
            end = s->ranges[j].end;
        j++;
    }
    /* ranges i..j-1 merge into one */
    if (i == j) {
        if (s->n_ranges == FRAG_MAX_RANGES)
            return false;
        memmove(&s->ranges[i + 1], &s->ranges[i], (s->n_ranges - i) * sizeof s->ranges[0]);
        s->n_ranges++;
    } else if (j > i + 1) {
        memmove(&s->ranges[i + 1], &s->ranges[j], (s->n_ranges - j) * sizeof s->ranges[0]);
        s->n_ranges -= j - i - 1;
    }
    s->ranges[i].start = start;
    s->ranges[i].end = end;
    return true;
}

bool frag_add(struct frag_table *t, int64_t ts_us, const struct sensor_addr *src,
              const struct sensor_addr *dst, uint32_t id, uint8_t proto, uint32_t off, bool more,
              const uint8_t *data, size_t len, const uint8_t **out, size_t *out_len)
{
    struct frag_slot *s = NULL, *free_slot = NULL, *oldest = NULL;
    for (size_t i = 0; i < t->n; i++) {
        struct frag_slot *c = &t->slots[i];
        if (c->used && ts_us - c->first_us > t->timeout_us) {
            slot_release(c);
            t->stats.timeouts++;
        }
        if (!c->used) {
            if (!free_slot)
                free_slot = c;
            continue;
        }
        if (c->id == id && c->proto == proto && sensor_addr_eq(&c->src, src) &&
            sensor_addr_eq(&c->dst, dst)) {
            s = c;
            break;
        }
        if (!oldest || c->first_us < oldest->first_us)
            oldest = c;
    }
    if (!s) {
        s = free_slot;
        if (!s) {
            s = oldest;
            slot_release(s);
            t->stats.dropped++;
        }
        if (!s->buf) {
            s->buf = malloc(FRAG_MAX_BYTES);
            if (!s->buf)
                return false;
        }
        s->used = true;
        s->src = *src;
        s->dst = *dst;
        s->id = id;
        s->proto = proto;
        s->first_us = ts_us;
    }
    if (off > FRAG_MAX_BYTES || len > FRAG_MAX_BYTES - off) {
        slot_release(s);
        t->stats.dropped++;
        return false;
    }
    uint32_t end = off + (uint32_t)len;
    if (!more) {
        if (s->total && s->total != end) {
            slot_release(s);
            t->stats.dropped++;
            return false;
        }
        s->total = end;
    }
    if (len) {
        memcpy(s->buf + off, data, len);
        if (!ranges_add(s, off, end)) {
            slot_release(s);
            t->stats.dropped++;
            return false;
        }
    }
    if (s->total && s->n_ranges == 1 && s->ranges[0].start == 0 && s->ranges[0].end >= s->total) {
        *out = s->buf;
        *out_len = s->total;
        slot_release(s); /* buffer stays valid until the slot is reused by the next call */
        t->stats.reassembled++;
        return true;
    }
    return false;
}
