/* flow.h - bidirectional flow table: hash lookup, per-class idle timeouts, bounded size with
 * eviction of the least recently active flow. */
#ifndef OTASUKE_SENSOR_FLOW_H
#define OTASUKE_SENSOR_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "events.h"

struct app_state;

/* Out-of-order TCP segment kept until the gap before it is filled. */
struct tcp_seg {
    struct tcp_seg *next;
    uint32_t seq;
    uint32_t len;
    uint8_t data[];
};

struct tcp_dir {
    bool seq_init;
    bool fin;
    uint32_t next_seq;
    struct tcp_seg *ooo; /* sorted by seq */
    uint32_t ooo_bytes;
    uint8_t ooo_count;
};

/* Timeout classes (index into the table's lists). */
enum flow_class { FC_NEW = 0, FC_EST, FC_CLOSED, FC_COUNT };

struct flow_entry {
    struct flow f; /* public part handed to sinks */
    struct flow_entry *hnext;
    struct flow_entry *lprev, *lnext;
    uint8_t fclass;
    uint32_t hash;
    struct tcp_dir tcp[2]; /* 0 = client to server */
    bool established_reported;
    bool syn_seen[2];
    bool app_decided;
    uint8_t app_tries;
    uint32_t dns_msgs; /* DNS messages seen (EVE tx_id) */
    struct app_state *app;
};

struct flow_table;

typedef void (*flow_end_fn)(void *ctx, struct flow_entry *fe);

struct flow_table_config {
    size_t max_flows;
    /* idle timeouts in seconds per class, TCP and other */
    int tcp_timeout[FC_COUNT];
    int other_timeout[FC_COUNT];
    flow_end_fn on_end; /* called before a flow is freed */
    void *ctx;
};

struct flow_table *flow_table_new(const struct flow_table_config *cfg);
/* Ends every flow (reason shutdown) and frees the table. */
void flow_table_free(struct flow_table *t);
/* Ends every flow with reason shutdown, keeping the table. */
void flow_table_flush(struct flow_table *t);
/* Finds or creates the flow of pkt; *dir = 0 if pkt goes client->server. NULL on failure. */
struct flow_entry *flow_get(struct flow_table *t, const struct packet *pkt, int *dir,
                            bool *created);
/* Records activity: moves the flow to the tail of its class list (class from its state). */
void flow_touch(struct flow_table *t, struct flow_entry *fe, int64_t now_us);
/* Ends flows idle past their timeout at packet time now_us. */
void flow_expire(struct flow_table *t, int64_t now_us);
size_t flow_active(const struct flow_table *t);
uint64_t flow_evicted(const struct flow_table *t);
uint64_t flow_timed_out(const struct flow_table *t);
uint64_t flow_total(const struct flow_table *t);

#endif
