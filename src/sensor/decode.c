/* decode.c - frame decoder. Every read is bounds-checked against the captured length; a short
 * or inconsistent header yields DECODE_ERROR, never a read past the frame. */
#include "decode.h"

#include <string.h>

#define DLT_NULL_ 0
#define DLT_EN10MB_ 1
#define DLT_RAW_ 12
#define DLT_RAW_OPENBSD_ 14
#define DLT_LOOP_ 108
#define DLT_LINUX_SLL_ 113
#define LINKTYPE_RAW_ 101
#define DLT_IPV4_ 228
#define DLT_IPV6_ 229
#define DLT_LINUX_SLL2_ 276
#define DLT_C_HDLC_ 104
#define DLT_NSH_ 274

#define ETH_IPV4 0x0800
#define ETH_ARP 0x0806
#define ETH_VLAN 0x8100
#define ETH_QINQ 0x88a8
#define ETH_QINQ_OLD 0x9100
#define ETH_IPV6 0x86dd
#define ETH_PPPOE 0x8864
#define ETH_NSH 0x894f

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool decode_dlt_supported(int dlt)
{
    switch (dlt) {
    case DLT_NULL_:
    case DLT_EN10MB_:
    case DLT_RAW_:
    case DLT_RAW_OPENBSD_:
    case DLT_LOOP_:
    case DLT_LINUX_SLL_:
    case LINKTYPE_RAW_:
    case DLT_IPV4_:
    case DLT_IPV6_:
    case DLT_LINUX_SLL2_:
    case DLT_C_HDLC_:
    case DLT_NSH_:
        return true;
    default:
        return false;
    }
}

static enum decode_result decode_ipv6(struct decoder *dec, struct packet *pkt, const uint8_t *p,
                                      size_t n);
static enum decode_result decode_ipv4(struct decoder *dec, struct packet *pkt, const uint8_t *p,
                                      size_t n);
static enum decode_result decode_eth(struct decoder *dec, struct packet *pkt, const uint8_t *p,
                                     size_t n, struct arp_event *arp);

/* Tunnels (IP in IP, IPv6 in IPv4, GRE, ERSPAN, Teredo): the inner packet replaces the outer
 * one, keeping capture facts; nesting is bounded. */
enum inner_kind { INNER_IP4, INNER_IP6, INNER_ETH };

static enum decode_result decode_inner(struct decoder *dec, struct packet *pkt, enum inner_kind k,
                                       const uint8_t *p, size_t n)
{
    if (dec->depth >= 3)
        return DECODE_SKIP;
    struct packet outer = *pkt;
    memset(pkt, 0, sizeof *pkt);
    pkt->ts_us = outer.ts_us;
    pkt->wire_len = outer.wire_len;
    pkt->has_mac = outer.has_mac;
    memcpy(pkt->src_mac, outer.src_mac, 6);
    memcpy(pkt->dst_mac, outer.dst_mac, 6);
    pkt->vlan = outer.vlan;
    struct arp_event arp;
    dec->depth++;
    enum decode_result r = k == INNER_IP4   ? decode_ipv4(dec, pkt, p, n)
                           : k == INNER_IP6 ? decode_ipv6(dec, pkt, p, n)
                                            : decode_eth(dec, pkt, p, n, &arp);
    dec->depth--;
    if (r == DECODE_ARP)
        r = DECODE_SKIP; /* ARP inside a tunnel says nothing about our LAN */
    return r;
}

static enum decode_result decode_gre(struct decoder *dec, struct packet *pkt, const uint8_t *p,
                                     size_t n)
{
    if (n < 4)
        return DECODE_ERROR;
    uint16_t fl = rd16(p), proto = rd16(p + 2);
    if ((fl & 7) != 0) /* version 1 is PPTP's enhanced GRE */
        return DECODE_SKIP;
    size_t o = 4 + ((fl & 0x8000) ? 4 : 0) + ((fl & 0x2000) ? 4 : 0) + ((fl & 0x1000) ? 4 : 0);
    if (o > n)
        return DECODE_ERROR;
    switch (proto) {
    case ETH_IPV4:
        return decode_inner(dec, pkt, INNER_IP4, p + o, n - o);
    case ETH_IPV6:
        return decode_inner(dec, pkt, INNER_IP6, p + o, n - o);
    case 0x6558: /* transparent Ethernet bridging */
        return decode_inner(dec, pkt, INNER_ETH, p + o, n - o);
    case 0x88be: /* ERSPAN type II (with sequence number) or type I (without) */
        if (fl & 0x1000)
            o += 8;
        if (o > n)
            return DECODE_ERROR;
        return decode_inner(dec, pkt, INNER_ETH, p + o, n - o);
    case 0x22eb: /* ERSPAN type III: 12 bytes, 8 more with the O flag */
        if (o + 12 > n)
            return DECODE_ERROR;
        o += 12 + ((p[o + 11] & 1) ? 8 : 0);
        if (o > n)
            return DECODE_ERROR;
        return decode_inner(dec, pkt, INNER_ETH, p + o, n - o);
    default:
        return DECODE_SKIP;
    }
}

/* Teredo (IPv6 in UDP port 3544): the inner IPv6 packet, after an optional origin indication. */
static bool teredo_inner(const uint8_t *p, size_t n, const uint8_t **inner, size_t *inner_len)
{
    if (n >= 8 && p[0] == 0x00 && p[1] == 0x01) {
        p += 8;
        n -= 8;
    }
    if (n < 40 || (p[0] >> 4) != 6 || (size_t)rd16(p + 4) + 40 != n)
        return false;
    *inner = p;
    *inner_len = n;
    return true;
}

/* Fills pkt's transport fields from an L4 header of protocol proto. */
static enum decode_result decode_l4(struct decoder *dec, struct packet *pkt, const uint8_t *p,
                                    size_t n)
{
    switch (pkt->proto) {
    case 6: { /* TCP */
        if (n < 20)
            return DECODE_ERROR;
        size_t hl = (size_t)(p[12] >> 4) * 4;
        if (hl < 20 || hl > n)
            return DECODE_ERROR;
        pkt->sport = rd16(p);
        pkt->dport = rd16(p + 2);
        pkt->seq = rd32(p + 4);
        pkt->ack = rd32(p + 8);
        pkt->tcp_flags = p[13];
        pkt->window = rd16(p + 14);
        pkt->tcp_opts = p + 20;
        pkt->tcp_opts_len = hl - 20;
        pkt->payload = p + hl;
        pkt->payload_len = n - hl;
        return DECODE_IP;
    }
    case 17: { /* UDP */
        if (n < 8)
            return DECODE_ERROR;
        pkt->sport = rd16(p);
        pkt->dport = rd16(p + 2);
        size_t ul = rd16(p + 4);
        pkt->payload = p + 8;
        pkt->payload_len = n - 8;
        /* trust the UDP length when it is smaller (Ethernet padding) */
        if (ul >= 8 && ul - 8 < pkt->payload_len)
            pkt->payload_len = ul - 8;
        const uint8_t *in;
        size_t in_len;
        if ((pkt->sport == 3544 || pkt->dport == 3544) &&
            teredo_inner(pkt->payload, pkt->payload_len, &in, &in_len))
            return decode_inner(dec, pkt, INNER_IP6, in, in_len); /* the tunnelled flow */
        return DECODE_IP;
    }
    case 4: /* IPv4 in IP */
        return decode_inner(dec, pkt, INNER_IP4, p, n);
    case 41: /* IPv6 in IP */
        return decode_inner(dec, pkt, INNER_IP6, p, n);
    case 47:
        return decode_gre(dec, pkt, p, n);
    case 132: /* SCTP */
        if (n < 12)
            return DECODE_ERROR;
        pkt->sport = rd16(p);
        pkt->dport = rd16(p + 2);
        pkt->payload = p + 12;
        pkt->payload_len = n - 12;
        return DECODE_IP;
    case 1:
    case 58: /* ICMP, ICMPv6: type/code as ports */
        if (n < 4)
            return DECODE_ERROR;
        pkt->sport = p[0];
        pkt->dport = p[1];
        pkt->payload = p + 4;
        pkt->payload_len = n - 4;
        return DECODE_IP;
    default:
        pkt->payload = p;
        pkt->payload_len = n;
        return DECODE_IP;
    }
}

static enum decode_result decode_ipv4(struct decoder *dec, struct packet *pkt, const uint8_t *p,
                                      size_t n)
{
    if (n < 20 || (p[0] >> 4) != 4)
        return DECODE_ERROR;
    size_t hl = (size_t)(p[0] & 0x0f) * 4;
    size_t tl = rd16(p + 2);
    if (hl < 20 || hl > n || tl < hl)
        return DECODE_ERROR;
    if (tl < n)
        n = tl; /* drop link-layer padding */
    /* a capture snapped short: use what we have (tl > n) */
    pkt->ip_version = 4;
    pkt->ip_total_len = (uint16_t)tl;
    pkt->ttl = p[8];
    pkt->proto = p[9];
    uint16_t fo = rd16(p + 6);
    pkt->df = (fo & 0x4000) != 0;
    pkt->src.family = pkt->dst.family = 4;
    memcpy(pkt->src.a, p + 12, 4);
    memcpy(pkt->dst.a, p + 16, 4);
    bool more = (fo & 0x2000) != 0;
    uint32_t off = (uint32_t)(fo & 0x1fff) * 8;
    if (more || off) {
        if (!dec->frags || tl > n)
            return DECODE_ERROR;
        const uint8_t *whole;
        size_t whole_len;
        if (!frag_add(dec->frags, pkt->ts_us, &pkt->src, &pkt->dst, rd16(p + 4), pkt->proto, off,
                      more, p + hl, n - hl, &whole, &whole_len))
            return DECODE_HELD;
        pkt->reassembled = true;
        return decode_l4(dec, pkt, whole, whole_len);
    }
    return decode_l4(dec, pkt, p + hl, n - hl);
}

static enum decode_result decode_ipv6(struct decoder *dec, struct packet *pkt, const uint8_t *p,
                                      size_t n)
{
    if (n < 40 || (p[0] >> 4) != 6)
        return DECODE_ERROR;
    size_t pl = rd16(p + 4);
    if (40 + pl < n)
        n = 40 + pl;
    pkt->ip_version = 6;
    pkt->ip_total_len = (uint16_t)(40 + pl > 65535 ? 65535 : 40 + pl);
    pkt->ttl = p[7];
    pkt->src.family = pkt->dst.family = 6;
    memcpy(pkt->src.a, p + 8, 16);
    memcpy(pkt->dst.a, p + 24, 16);
    uint8_t nh = p[6];
    size_t off = 40;
    /* walk extension headers: hop-by-hop 0, routing 43, fragment 44, dest options 60, AH 51 */
    for (int guard = 0; guard < 16; guard++) {
        if (nh == 0 || nh == 43 || nh == 60 || nh == 51) {
            if (off + 8 > n)
                return DECODE_ERROR;
            size_t el = nh == 51 ? ((size_t)p[off + 1] + 2) * 4 : ((size_t)p[off + 1] + 1) * 8;
            nh = p[off];
            if (off + el > n)
                return DECODE_ERROR;
            off += el;
            continue;
        }
        if (nh == 44) {
            if (off + 8 > n)
                return DECODE_ERROR;
            uint8_t next = p[off];
            uint16_t fo = rd16(p + off + 2);
            uint32_t id = rd32(p + off + 4);
            off += 8;
            pkt->proto = next;
            bool more = (fo & 1) != 0;
            uint32_t foff = (uint32_t)(fo & 0xfff8);
            if (!more && foff == 0) { /* atomic fragment */
                nh = next;
                continue;
            }
            if (!dec->frags)
                return DECODE_ERROR;
            const uint8_t *whole;
            size_t whole_len;
            if (!frag_add(dec->frags, pkt->ts_us, &pkt->src, &pkt->dst, id, next, foff, more,
                          p + off, n - off, &whole, &whole_len))
                return DECODE_HELD;
            pkt->reassembled = true;
            return decode_l4(dec, pkt, whole, whole_len);
        }
        break;
    }
    pkt->proto = nh;
    return decode_l4(dec, pkt, p + off, n - off);
}

static enum decode_result decode_arp(struct packet *pkt, const uint8_t *p, size_t n,
                                     struct arp_event *arp)
{
    /* Ethernet/IPv4 ARP only */
    if (n < 28 || rd16(p) != 1 || rd16(p + 2) != ETH_IPV4 || p[4] != 6 || p[5] != 4)
        return DECODE_ERROR;
    memset(arp, 0, sizeof *arp);
    arp->ts_us = pkt->ts_us;
    arp->op = rd16(p + 6);
    memcpy(arp->src_mac, pkt->src_mac, 6);
    memcpy(arp->sender_mac, p + 8, 6);
    arp->sender_ip.family = 4;
    memcpy(arp->sender_ip.a, p + 14, 4);
    memcpy(arp->target_mac, p + 18, 6);
    arp->target_ip.family = 4;
    memcpy(arp->target_ip.a, p + 24, 4);
    arp->vlan = pkt->vlan;
    return DECODE_ARP;
}

/* Network service header (RFC 8300): length in 4-byte words (low 6 bits of byte 1), then the
 * next protocol (1 IPv4, 2 IPv6, 3 Ethernet). */
static enum decode_result decode_nsh(struct decoder *dec, struct packet *pkt, const uint8_t *p,
                                     size_t n)
{
    if (n < 8)
        return DECODE_ERROR;
    size_t hl = (size_t)(p[1] & 0x3f) * 4;
    if (hl < 8 || hl > n)
        return DECODE_ERROR;
    if (p[3] == 1)
        return decode_inner(dec, pkt, INNER_IP4, p + hl, n - hl);
    if (p[3] == 2)
        return decode_inner(dec, pkt, INNER_IP6, p + hl, n - hl);
    if (p[3] == 3)
        return decode_inner(dec, pkt, INNER_ETH, p + hl, n - hl);
    return DECODE_SKIP;
}

static enum decode_result decode_ethertype(struct decoder *dec, struct packet *pkt, uint16_t et,
                                           const uint8_t *p, size_t n, struct arp_event *arp)
{
    /* VLAN tags and PPPoE sessions, at most a few deep */
    for (int depth = 0; depth < 8; depth++) {
        if (et == ETH_VLAN || et == ETH_QINQ || et == ETH_QINQ_OLD) {
            if (n < 4)
                return DECODE_ERROR;
            if (pkt->vlan == 0)
                pkt->vlan = rd16(p) & 0x0fff;
            et = rd16(p + 2);
            p += 4;
            n -= 4;
            continue;
        }
        if (et == ETH_PPPOE) {
            if (n < 8)
                return DECODE_ERROR;
            uint16_t ppp = rd16(p + 6);
            p += 8;
            n -= 8;
            if (ppp == 0x0021)
                et = ETH_IPV4;
            else if (ppp == 0x0057)
                et = ETH_IPV6;
            else
                return DECODE_SKIP;
            continue;
        }
        break;
    }
    switch (et) {
    case ETH_IPV4:
        return decode_ipv4(dec, pkt, p, n);
    case ETH_IPV6:
        return decode_ipv6(dec, pkt, p, n);
    case ETH_ARP:
        return decode_arp(pkt, p, n, arp);
    case ETH_NSH:
        return decode_nsh(dec, pkt, p, n);
    default:
        return DECODE_SKIP;
    }
}

static enum decode_result decode_eth(struct decoder *dec, struct packet *pkt, const uint8_t *p,
                                     size_t n, struct arp_event *arp)
{
    if (n < 14)
        return DECODE_ERROR;
    pkt->has_mac = true;
    memcpy(pkt->dst_mac, p, 6);
    memcpy(pkt->src_mac, p + 6, 6);
    uint16_t et = rd16(p + 12);
    if (et < 0x0600) /* 802.3 length field: LLC frames, not tracked */
        return DECODE_SKIP;
    return decode_ethertype(dec, pkt, et, p + 14, n - 14, arp);
}

static enum decode_result decode_raw_ip(struct decoder *dec, struct packet *pkt, const uint8_t *p,
                                        size_t n)
{
    if (n < 1)
        return DECODE_ERROR;
    if ((p[0] >> 4) == 4)
        return decode_ipv4(dec, pkt, p, n);
    if ((p[0] >> 4) == 6)
        return decode_ipv6(dec, pkt, p, n);
    return DECODE_ERROR;
}

enum decode_result decode_packet(struct decoder *dec, const uint8_t *data, size_t caplen,
                                 uint32_t wire_len, int64_t ts_us, struct packet *pkt,
                                 struct arp_event *arp)
{
    memset(pkt, 0, sizeof *pkt);
    pkt->ts_us = ts_us;
    pkt->wire_len = wire_len;
    const uint8_t *p = data;
    size_t n = caplen;
    switch (dec->dlt) {
    case DLT_EN10MB_:
        return decode_eth(dec, pkt, p, n, arp);
    case DLT_LINUX_SLL_:
        if (n < 16)
            return DECODE_ERROR;
        if (rd16(p + 2) == 1 && rd16(p + 4) == 6) { /* ARPHRD_ETHER with a 6-byte address */
            pkt->has_mac = true;
            memcpy(pkt->src_mac, p + 6, 6);
        }
        return decode_ethertype(dec, pkt, rd16(p + 14), p + 16, n - 16, arp);
    case DLT_LINUX_SLL2_:
        if (n < 20)
            return DECODE_ERROR;
        if (rd16(p + 8) == 1 && p[11] == 6) {
            pkt->has_mac = true;
            memcpy(pkt->src_mac, p + 12, 6);
        }
        return decode_ethertype(dec, pkt, rd16(p), p + 20, n - 20, arp);
    case DLT_RAW_:
    case DLT_RAW_OPENBSD_:
    case LINKTYPE_RAW_:
        return decode_raw_ip(dec, pkt, p, n);
    case DLT_NSH_:
        return decode_nsh(dec, pkt, p, n);
    case DLT_C_HDLC_: /* Cisco HDLC: address, control, protocol */
        if (n < 4)
            return DECODE_ERROR;
        return decode_ethertype(dec, pkt, rd16(p + 2), p + 4, n - 4, arp);
    case DLT_IPV4_:
        return decode_ipv4(dec, pkt, p, n);
    case DLT_IPV6_:
        return decode_ipv6(dec, pkt, p, n);
    case DLT_NULL_:
    case DLT_LOOP_:
        /* 4-byte address family (host order for NULL, network order for LOOP): look at the IP
         * version nibble instead, which works for both byte orders */
        if (n < 5)
            return DECODE_ERROR;
        return decode_raw_ip(dec, pkt, p + 4, n - 4);
    default:
        return DECODE_SKIP;
    }
}
