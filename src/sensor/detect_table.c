/* detect_table.c - chained hash over a preallocated node pool, doubly linked in LRU order. */
#include "detect_table.h"

#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

typedef struct {
    uint8_t key[DTABLE_KEY_MAX]; /* zero padded so whole-key compares work */
    uint32_t hnext;              /* bucket chain: next index + 1 (0 = end); free list: index */
    uint32_t prev, next;         /* LRU list: head = least recently used */
} dnode;

/* Invariants: nodes [0, fresh) are either on the free list or in exactly one bucket chain and
 * in the LRU list; nodes from fresh on were never used (their pages are never touched, so an
 * idle table costs no memory). buckets[b] holds a node index + 1, 0 = empty (calloc).
 * count = nodes in use. */
struct dtable {
    dnode *nodes;
    uint8_t *vals;
    size_t cap, val_size, nbuckets;
    uint32_t *buckets;
    uint32_t fresh;
    uint32_t free_head, lru_head, lru_tail;
    size_t count;
    uint64_t evicted;
};

static uint64_t hash_key(const uint8_t *k)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < DTABLE_KEY_MAX; i++) {
        h ^= k[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

dtable *dtable_new(size_t cap, size_t val_size)
{
    if (cap == 0 || cap >= NIL)
        return NULL;
    dtable *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cap = cap;
    t->val_size = val_size;
    t->nbuckets = 16;
    while (t->nbuckets < cap)
        t->nbuckets *= 2;
    t->nodes = calloc(cap, sizeof *t->nodes);
    t->vals = calloc(cap, val_size ? val_size : 1);
    t->buckets = calloc(t->nbuckets, sizeof *t->buckets);
    if (!t->nodes || !t->vals || !t->buckets) {
        dtable_free(t);
        return NULL;
    }
    t->fresh = 0;
    t->free_head = NIL;
    t->lru_head = t->lru_tail = NIL;
    return t;
}

void dtable_free(dtable *t)
{
    if (!t)
        return;
    free(t->nodes);
    free(t->vals);
    free(t->buckets);
    free(t);
}

static void lru_unlink(dtable *t, uint32_t i)
{
    dnode *n = &t->nodes[i];
    if (n->prev != NIL)
        t->nodes[n->prev].next = n->next;
    else
        t->lru_head = n->next;
    if (n->next != NIL)
        t->nodes[n->next].prev = n->prev;
    else
        t->lru_tail = n->prev;
}

static void lru_push_tail(dtable *t, uint32_t i)
{
    dnode *n = &t->nodes[i];
    n->prev = t->lru_tail;
    n->next = NIL;
    if (t->lru_tail != NIL)
        t->nodes[t->lru_tail].next = i;
    else
        t->lru_head = i;
    t->lru_tail = i;
}

/* Unlinks node i from its bucket and the LRU list and returns it to the free list. */
static void remove_node(dtable *t, uint32_t i)
{
    /* Chains: bucket holds index + 1; hnext holds index + 1 too, 0 = end. */
    uint32_t *pp = &t->buckets[hash_key(t->nodes[i].key) & (t->nbuckets - 1)];
    while (*pp != 0 && *pp != i + 1)
        pp = &t->nodes[*pp - 1].hnext;
    if (*pp == i + 1)
        *pp = t->nodes[i].hnext;
    lru_unlink(t, i);
    t->nodes[i].hnext = t->free_head;
    t->free_head = i;
    t->count--;
}

void *dtable_get(dtable *t, const void *key, size_t klen, bool create, bool *created)
{
    uint8_t k[DTABLE_KEY_MAX] = {0};
    if (created)
        *created = false;
    if (klen > DTABLE_KEY_MAX)
        klen = DTABLE_KEY_MAX;
    memcpy(k, key, klen);
    size_t b = hash_key(k) & (t->nbuckets - 1);
    for (uint32_t c = t->buckets[b]; c != 0; c = t->nodes[c - 1].hnext) {
        uint32_t i = c - 1;
        if (memcmp(t->nodes[i].key, k, DTABLE_KEY_MAX) == 0) {
            lru_unlink(t, i);
            lru_push_tail(t, i);
            return t->vals + (size_t)i * t->val_size;
        }
    }
    if (!create)
        return NULL;
    uint32_t i;
    if (t->free_head != NIL) {
        i = t->free_head;
        t->free_head = t->nodes[i].hnext;
    } else if (t->fresh < t->cap) {
        i = t->fresh++;
    } else {
        i = t->lru_head;
        remove_node(t, i);
        t->evicted++;
        t->free_head = t->nodes[i].hnext; /* remove_node put i on the free list */
    }
    memcpy(t->nodes[i].key, k, DTABLE_KEY_MAX);
    t->nodes[i].hnext = t->buckets[b];
    t->buckets[b] = i + 1;
    lru_push_tail(t, i);
    t->count++;
    void *v = t->vals + (size_t)i * t->val_size;
    memset(v, 0, t->val_size);
    if (created)
        *created = true;
    return v;
}

void dtable_remove(dtable *t, const void *key, size_t klen)
{
    uint8_t k[DTABLE_KEY_MAX] = {0};
    if (klen > DTABLE_KEY_MAX)
        klen = DTABLE_KEY_MAX;
    memcpy(k, key, klen);
    size_t b = hash_key(k) & (t->nbuckets - 1);
    for (uint32_t c = t->buckets[b]; c != 0; c = t->nodes[c - 1].hnext) {
        if (memcmp(t->nodes[c - 1].key, k, DTABLE_KEY_MAX) == 0) {
            remove_node(t, c - 1);
            return;
        }
    }
}

size_t dtable_count(const dtable *t)
{
    return t->count;
}

uint64_t dtable_evicted(const dtable *t)
{
    return t->evicted;
}

void dtable_each(dtable *t, bool (*fn)(void *val, void *arg), void *arg)
{
    uint32_t i = t->lru_head;
    while (i != NIL) {
        uint32_t next = t->nodes[i].next;
        if (!fn(t->vals + (size_t)i * t->val_size, arg))
            remove_node(t, i);
        i = next;
    }
}
