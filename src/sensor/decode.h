/* decode.h - link layer to transport: Ethernet/VLAN/PPPoE, SLL/SLL2, raw and loopback IP,
 * ARP, IPv4 (with fragment reassembly), IPv6 (extension headers), TCP, UDP, ICMP. */
#ifndef OTASUKE_SENSOR_DECODE_H
#define OTASUKE_SENSOR_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "frag.h"

/* One decoded packet. Pointers point into the frame or into the fragment table's buffer and
 * are valid until the next decode call. */
struct packet {
    int64_t ts_us;
    uint32_t wire_len; /* frame length on the wire */
    bool has_mac;
    uint8_t src_mac[6], dst_mac[6];
    uint16_t vlan;
    uint8_t ip_version; /* 4 or 6; 0 for ARP/other */
    struct sensor_addr src, dst;
    uint8_t proto;
    uint8_t ttl;
    bool df;
    uint16_t ip_total_len;
    bool reassembled; /* came out of fragment reassembly */
    uint16_t sport, dport;
    /* TCP */
    uint32_t seq, ack;
    uint8_t tcp_flags;
    uint16_t window;
    const uint8_t *tcp_opts;
    size_t tcp_opts_len;
    /* transport payload */
    const uint8_t *payload;
    size_t payload_len;
};

enum decode_result {
    DECODE_IP = 0, /* pkt holds a transport packet (TCP, UDP, ICMP or other IP proto) */
    DECODE_ARP,    /* arp holds an ARP message */
    DECODE_HELD,   /* a fragment kept for reassembly */
    DECODE_SKIP,   /* not something we track (other ethertype) */
    DECODE_ERROR,  /* malformed or truncated */
};

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20

struct decoder {
    int dlt;
    struct frag_table *frags; /* may be NULL: fragments are then skipped */
    int depth;                /* tunnel nesting while decoding (Teredo) */
};

/* Decodes one frame of link type dec->dlt (pcap DLT_* value). */
enum decode_result decode_packet(struct decoder *dec, const uint8_t *data, size_t caplen,
                                 uint32_t wire_len, int64_t ts_us, struct packet *pkt,
                                 struct arp_event *arp);
/* True if the link type is one decode_packet understands. */
bool decode_dlt_supported(int dlt);

#endif
