/* eve.h - EVE JSON lines writer (Suricata field names), with a tap for shipping each line. */
#ifndef OTASUKE_SENSOR_EVE_H
#define OTASUKE_SENSOR_EVE_H

#include <stddef.h>
#include <stdint.h>

#include "events.h"

typedef struct eve eve_t;

/* Called with every line written (JSON object text, no trailing newline). */
typedef void (*eve_tap_fn)(void *ctx, const char *line, size_t len);

/* Opens path for appending ("-" = stdout); NULL with a message in err on failure. */
eve_t *eve_open(const char *path, char *err, size_t errsz);
/* Closes and reopens the file (after log rotation); 0 or -1 (then the old file stays). */
int eve_reopen(eve_t *eve);
/* Flushes and closes; NULL is fine. */
void eve_close(eve_t *eve);
/* Every line written is also handed to fn (e.g. the shipper's spool). */
void eve_set_tap(eve_t *eve, eve_tap_fn fn, void *ctx);
/* Optional sensor name put in every event as "host". */
void eve_set_sensor_name(eve_t *eve, const char *name);

/* The packet number (1-based) the next events belong to, logged as "pcap_cnt". */
void eve_set_pcap_cnt(eve_t *eve, uint64_t n);

/* Writes an "alert" event. Every event gets a unique "id" for de-duplication. 0 or -1.
 * Layout: the usual 5-tuple and flow_id, "alert": {action, gid, signature_id, rev, signature,
 * category, severity}, "otasuke": {"host": {ip, mac, hostname}, "explanation": {"owner":
 * {ja, en}, "analyst": {ja, en}}}, "evidence": the evidence_json object. */
int eve_alert(eve_t *eve, const struct alert *a);

/* Protocol and flow events, written by the packet path. */
int eve_flow(eve_t *eve, const struct flow *f);
int eve_dns(eve_t *eve, const struct flow *f, const struct dns_event *e);
int eve_tls(eve_t *eve, const struct flow *f, const struct tls_event *e);
int eve_http(eve_t *eve, const struct flow *f, const struct http_event *e);
int eve_dhcp(eve_t *eve, const struct flow *f, const struct dhcp_event *e);
int eve_smtp(eve_t *eve, const struct flow *f, const struct smtp_event *e);
/* A QUIC ClientHello (tls_event with quic set) as Suricata's "quic" event. */
int eve_quic(eve_t *eve, const struct flow *f, const struct tls_event *e);

/* Counters for the "stats" event. */
struct sensor_stats {
    int64_t ts_us;
    uint64_t packets, bytes, decode_errors, truncated;
    uint64_t ipv4, ipv6, tcp, udp, icmp, arp, other;
    uint64_t frag_reassembled, frag_dropped;
    uint64_t flows_active, flows_total, flows_evicted, flows_timeout;
    uint64_t tcp_reassembly_gaps;
    uint64_t parsers_skipped; /* flows left unparsed because PARSERS_MAX were at work */
    uint64_t dns, tls, http, dhcp, smtp, smb;
    uint64_t alerts;
    uint64_t eve_lines;
};
int eve_stats(eve_t *eve, const struct sensor_stats *s);
/* Number of lines written so far. */
uint64_t eve_lines(const eve_t *eve);

#endif
