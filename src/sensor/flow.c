/* flow.c - flow table. Flows hash symmetrically (both directions land in the same bucket) and
 * sit on one of three idle lists (new, established, closed), each ordered by last activity, so
 * expiry only ever looks at list heads. When the table is full the least recently active flow
 * of the new list, else of the established list, else of the closed list, is evicted. */
#include "flow.h"

#include <stdlib.h>
#include <string.h>

struct flow_list {
    struct flow_entry *head, *tail;
};

struct flow_table {
    struct flow_table_config cfg;
    struct flow_entry **buckets;
    size_t nbuckets; /* power of two */
    struct flow_list lists[FC_COUNT];
    size_t active;
    uint64_t evicted, timed_out, total;
    uint64_t id_salt;
};

static uint32_t mix32(uint32_t h, uint32_t v)
{
    h ^= v;
    h *= 0x01000193u;
    h ^= h >> 15;
    return h;
}

static uint32_t addr_hash(const struct sensor_addr *a)
{
    uint32_t h = a->family;
    for (int i = 0; i < 16; i += 4)
        h = mix32(h, (uint32_t)a->a[i] << 24 | (uint32_t)a->a[i + 1] << 16 |
                         (uint32_t)a->a[i + 2] << 8 | a->a[i + 3]);
    return h;
}

/* Symmetric: the same for both directions of a flow. Ports are folded in per endpoint. */
static uint32_t key_hash(const struct packet *p)
{
    uint32_t a = addr_hash(&p->src) ^ ((uint32_t)p->sport * 0x9e3779b1u);
    uint32_t b = addr_hash(&p->dst) ^ ((uint32_t)p->dport * 0x9e3779b1u);
    uint32_t h = (a + b) ^ (a * b) ^ p->proto ^ ((uint32_t)p->vlan << 8);
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    return h;
}

struct flow_table *flow_table_new(const struct flow_table_config *cfg)
{
    struct flow_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cfg = *cfg;
    if (t->cfg.max_flows == 0)
        t->cfg.max_flows = 65536;
    size_t nb = 1024;
    while (nb < t->cfg.max_flows)
        nb <<= 1;
    t->buckets = calloc(nb, sizeof *t->buckets);
    if (!t->buckets) {
        free(t);
        return NULL;
    }
    t->nbuckets = nb;
    t->id_salt = 0x5bd1e995u;
    return t;
}

static void list_remove(struct flow_table *t, struct flow_entry *fe)
{
    struct flow_list *l = &t->lists[fe->fclass];
    if (fe->lprev)
        fe->lprev->lnext = fe->lnext;
    else
        l->head = fe->lnext;
    if (fe->lnext)
        fe->lnext->lprev = fe->lprev;
    else
        l->tail = fe->lprev;
    fe->lprev = fe->lnext = NULL;
}

static void list_append(struct flow_table *t, struct flow_entry *fe, uint8_t cls)
{
    struct flow_list *l = &t->lists[cls];
    fe->fclass = cls;
    fe->lnext = NULL;
    fe->lprev = l->tail;
    if (l->tail)
        l->tail->lnext = fe;
    else
        l->head = fe;
    l->tail = fe;
}

static void flow_destroy(struct flow_table *t, struct flow_entry *fe, enum flow_end_reason why)
{
    fe->f.end_reason = why;
    if (t->cfg.on_end)
        t->cfg.on_end(t->cfg.ctx, fe);
    list_remove(t, fe);
    struct flow_entry **pp = &t->buckets[fe->hash & (t->nbuckets - 1)];
    while (*pp && *pp != fe)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = fe->hnext;
    for (int d = 0; d < 2; d++) {
        struct tcp_seg *s = fe->tcp[d].ooo;
        while (s) {
            struct tcp_seg *n = s->next;
            free(s);
            s = n;
        }
    }
    free(fe);
    t->active--;
}

void flow_table_flush(struct flow_table *t)
{
    for (int c = 0; c < FC_COUNT; c++)
        while (t->lists[c].head)
            flow_destroy(t, t->lists[c].head, FLOW_END_SHUTDOWN);
}

void flow_table_free(struct flow_table *t)
{
    if (!t)
        return;
    flow_table_flush(t);
    free(t->buckets);
    free(t);
}

static bool same_dir(const struct flow_key *k, const struct packet *p)
{
    return k->sport == p->sport && k->dport == p->dport && sensor_addr_eq(&k->src, &p->src) &&
           sensor_addr_eq(&k->dst, &p->dst);
}

static bool reverse_dir(const struct flow_key *k, const struct packet *p)
{
    return k->sport == p->dport && k->dport == p->sport && sensor_addr_eq(&k->src, &p->dst) &&
           sensor_addr_eq(&k->dst, &p->src);
}

static void evict_one(struct flow_table *t)
{
    static const int order[FC_COUNT] = {FC_CLOSED, FC_NEW, FC_EST};
    for (int i = 0; i < FC_COUNT; i++) {
        struct flow_entry *fe = t->lists[order[i]].head;
        if (fe) {
            t->evicted++;
            flow_destroy(t, fe, FLOW_END_EVICTED);
            return;
        }
    }
}

struct flow_entry *flow_get(struct flow_table *t, const struct packet *pkt, int *dir, bool *created)
{
    uint32_t h = key_hash(pkt);
    *created = false;
    for (struct flow_entry *fe = t->buckets[h & (t->nbuckets - 1)]; fe; fe = fe->hnext) {
        if (fe->hash != h || fe->f.key.proto != pkt->proto || fe->f.key.vlan != pkt->vlan)
            continue;
        if (same_dir(&fe->f.key, pkt)) {
            *dir = 0;
            return fe;
        }
        if (reverse_dir(&fe->f.key, pkt)) {
            *dir = 1;
            return fe;
        }
    }
    if (t->active >= t->cfg.max_flows)
        evict_one(t);
    struct flow_entry *fe = calloc(1, sizeof *fe);
    if (!fe)
        return NULL;
    fe->hash = h;
    struct flow_key *k = &fe->f.key;
    k->proto = pkt->proto;
    k->vlan = pkt->vlan;
    /* the initiator is the sender of the first packet, unless that is a SYN-ACK */
    bool swap = pkt->proto == 6 && (pkt->tcp_flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK);
    /* picked up in the middle (no SYN) or at a UDP answer: a well-known port talking to an
     * ephemeral one is the server (a DNS answer, an SMB reply, ...) */
    if ((pkt->proto == 17 || (pkt->proto == 6 && !(pkt->tcp_flags & TCP_SYN))) &&
        pkt->sport < 1024 && pkt->dport >= 1024)
        swap = true;
    k->src = swap ? pkt->dst : pkt->src;
    k->dst = swap ? pkt->src : pkt->dst;
    k->sport = swap ? pkt->dport : pkt->sport;
    k->dport = swap ? pkt->sport : pkt->dport;
    *dir = swap ? 1 : 0;
    if (pkt->has_mac) {
        memcpy(swap ? fe->f.dst_mac : fe->f.src_mac, pkt->src_mac, 6);
        memcpy(swap ? fe->f.src_mac : fe->f.dst_mac, pkt->dst_mac, 6);
    }
    fe->f.ts_first_us = fe->f.ts_last_us = pkt->ts_us;
    t->total++;
    uint64_t id = (uint64_t)h * 0x9e3779b97f4a7c15ull ^
                  (uint64_t)pkt->ts_us * 0xff51afd7ed558ccdull ^ t->total * 0xc4ceb9fe1a85ec53ull;
    id ^= id >> 29;
    fe->f.id = id & ((1ull << 51) - 1);
    if (fe->f.id == 0)
        fe->f.id = 1;
    fe->hnext = t->buckets[h & (t->nbuckets - 1)];
    t->buckets[h & (t->nbuckets - 1)] = fe;
    list_append(t, fe, FC_NEW);
    t->active++;
    *created = true;
    return fe;
}

void flow_touch(struct flow_table *t, struct flow_entry *fe, int64_t now_us)
{
    uint8_t cls = FC_NEW;
    if (fe->f.state == FLOW_STATE_CLOSED)
        cls = FC_CLOSED;
    else if (fe->f.state == FLOW_STATE_ESTABLISHED ||
             (fe->f.pkts_toclient > 0 && fe->f.key.proto != 6))
        cls = FC_EST;
    fe->f.ts_last_us = now_us;
    if (fe->fclass == cls && t->lists[cls].tail == fe)
        return;
    list_remove(t, fe);
    list_append(t, fe, cls);
}

void flow_expire(struct flow_table *t, int64_t now_us)
{
    for (int c = 0; c < FC_COUNT; c++) {
        struct flow_entry *fe = t->lists[c].head;
        /* lists are ordered by last activity; the TCP and other timeouts differ, so look a
         * little past the first flow that is not yet due */
        int patience = 64;
        while (fe && patience > 0) {
            struct flow_entry *next = fe->lnext;
            int to = fe->f.key.proto == 6 ? t->cfg.tcp_timeout[c] : t->cfg.other_timeout[c];
            if (now_us - fe->f.ts_last_us > (int64_t)to * 1000000) {
                t->timed_out++;
                flow_destroy(t, fe, c == FC_CLOSED ? FLOW_END_CLOSED : FLOW_END_TIMEOUT);
            } else {
                patience--;
            }
            fe = next;
        }
    }
}

size_t flow_active(const struct flow_table *t)
{
    return t->active;
}

uint64_t flow_evicted(const struct flow_table *t)
{
    return t->evicted;
}

uint64_t flow_timed_out(const struct flow_table *t)
{
    return t->timed_out;
}

uint64_t flow_total(const struct flow_table *t)
{
    return t->total;
}
