/* pcapgen.c - build a large benchmark capture: Ethernet pcap/pcapng inputs copied over and over,
 * addresses shifted per copy (checksums fixed), timestamps laid end to end. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
    FILE *f;
    uint64_t pkts, bytes, target;
    uint64_t t_us; /* timestamp of the last packet written */
};

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void wr16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* RFC 1624: checksum after one 16-bit word changed from m to m2. */
static uint16_t csum_adj(uint16_t hc, uint16_t m, uint16_t m2)
{
    uint32_t s = (uint16_t)~hc + (uint16_t)~m + m2;
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

/* XORs one byte of each address with the copy number and fixes the L4 checksum. */
static void shift(uint8_t *p, uint32_t len, unsigned k)
{
    if (k == 0)
        return;
    uint32_t off = 12;
    if (len < 14)
        return;
    uint16_t et = rd16(p + off);
    while ((et == 0x8100 || et == 0x88a8) && off + 6 <= len) {
        off += 4;
        et = rd16(p + off);
    }
    off += 2;
    uint8_t x = (uint8_t)(k & 0xff), y = (uint8_t)((k >> 8) & 0xff);
    uint8_t *ip = p + off;
    uint32_t rem = len - off;
    if (et == 0x0800 && rem >= 20 && (ip[0] >> 4) == 4) {
        unsigned ihl = (ip[0] & 15u) * 4;
        if (ihl < 20 || rem < ihl)
            return;
        uint16_t old[4] = {rd16(ip + 12), rd16(ip + 14), rd16(ip + 16), rd16(ip + 18)};
        ip[13] ^= y;
        ip[14] ^= x;
        ip[17] ^= y;
        ip[18] ^= x;
        uint16_t nw[4] = {rd16(ip + 12), rd16(ip + 14), rd16(ip + 16), rd16(ip + 18)};
        uint16_t hc = rd16(ip + 10);
        for (int i = 0; i < 4; i++)
            hc = csum_adj(hc, old[i], nw[i]);
        wr16(ip + 10, hc);
        int first_frag = (rd16(ip + 6) & 0x1fff) == 0;
        uint8_t *l4 = ip + ihl;
        uint32_t l4len = rem - ihl;
        int at = -1;
        if (first_frag && ip[9] == 6 && l4len >= 18)
            at = 16;
        else if (first_frag && ip[9] == 17 && l4len >= 8 && rd16(l4 + 6) != 0)
            at = 6;
        if (at >= 0) {
            uint16_t c = rd16(l4 + at);
            for (int i = 0; i < 4; i++)
                c = csum_adj(c, old[i], nw[i]);
            if (ip[9] == 17 && c == 0)
                c = 0xffff;
            wr16(l4 + at, c);
        }
    } else if (et == 0x86dd && rem >= 40 && (ip[0] >> 4) == 6) {
        uint16_t o1 = rd16(ip + 8 + 4), o2 = rd16(ip + 24 + 4);
        ip[8 + 5] ^= x;
        ip[24 + 5] ^= x;
        ip[8 + 4] ^= y;
        ip[24 + 4] ^= y;
        uint16_t n1 = rd16(ip + 8 + 4), n2 = rd16(ip + 24 + 4);
        uint8_t *l4 = ip + 40;
        uint32_t l4len = rem - 40;
        int at = -1;
        if (ip[6] == 6 && l4len >= 18)
            at = 16;
        else if (ip[6] == 17 && l4len >= 8)
            at = 6;
        else if (ip[6] == 58 && l4len >= 4)
            at = 2;
        if (at >= 0) {
            uint16_t c = csum_adj(csum_adj(rd16(l4 + at), o1, n1), o2, n2);
            wr16(l4 + at, c);
        }
    }
}

/* Output time: the input's gaps between packets, clamped to [0, 10 s] so that bogus or
 * backwards timestamps in the inputs do not make the output jump. */
static uint64_t out_time(struct out *o, uint64_t *prev_in, uint64_t ts)
{
    uint64_t gap = 1000;
    if (*prev_in != UINT64_MAX && ts >= *prev_in)
        gap = ts - *prev_in <= 10000000 ? ts - *prev_in : 10000000;
    else if (*prev_in != UINT64_MAX)
        gap = 0;
    *prev_in = ts;
    return o->t_us + gap;
}

static int emit(struct out *o, uint64_t ts_us, uint8_t *pkt, uint32_t caplen, uint32_t origlen,
                unsigned k)
{
    if (o->pkts >= o->target)
        return 1;
    shift(pkt, caplen, k);
    uint32_t h[4] = {(uint32_t)(ts_us / 1000000), (uint32_t)(ts_us % 1000000), caplen, origlen};
    if (fwrite(h, 4, 4, o->f) != 4 || fwrite(pkt, 1, caplen, o->f) != caplen)
        return -1;
    o->pkts++;
    o->bytes += caplen + 16;
    o->t_us = ts_us;
    return 0;
}

static uint32_t get32(const uint8_t *p, int swap)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}

static uint16_t get16(const uint8_t *p, int swap)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return swap ? __builtin_bswap16(v) : v;
}

/* Copies one Ethernet capture (already read into d) as copy k. 0 ok, 1 target reached,
 * 2 skipped (not Ethernet / not understood). */
static int copy_file(struct out *o, uint8_t *d, size_t n, unsigned k)
{
    uint64_t prev = UINT64_MAX;
    if (n >= 24 && (get32(d, 0) == 0xa1b2c3d4 || get32(d, 0) == 0xd4c3b2a1 ||
                    get32(d, 0) == 0xa1b23c4d || get32(d, 0) == 0x4d3cb2a1)) {
        int swap = get32(d, 0) == 0xd4c3b2a1 || get32(d, 0) == 0x4d3cb2a1;
        int nano = get32(d, 0) == 0xa1b23c4d || get32(d, 0) == 0x4d3cb2a1;
        if (get32(d + 20, swap) != 1)
            return 2;
        size_t off = 24;
        while (off + 16 <= n) {
            uint32_t cl = get32(d + off + 8, swap), ol = get32(d + off + 12, swap);
            if (cl > 262144 || off + 16 + cl > n)
                break;
            uint64_t ts = (uint64_t)get32(d + off, swap) * 1000000 +
                          get32(d + off + 4, swap) / (nano ? 1000 : 1);
            int r = emit(o, out_time(o, &prev, ts), d + off + 16, cl, ol, k);
            if (r)
                return r;
            off += 16 + cl;
        }
        return 0;
    }
    if (n < 28 || get32(d, 0) != 0x0a0d0d0a)
        return 2;
    int swap = get32(d + 8, 0) != 0x1a2b3c4d;
    /* pcapng: interfaces must all be Ethernet; timestamps default to microseconds */
    uint64_t div[64];
    unsigned nif = 0;
    size_t off = 0;
    while (off + 12 <= n) {
        uint32_t type = get32(d + off, swap), blen = get32(d + off + 4, swap);
        if (blen < 12 || off + blen > n)
            break;
        const uint8_t *b = d + off;
        if (type == 1 && blen >= 20) { /* IDB */
            if (get16(b + 8, swap) != 1 || nif >= 64)
                return 2;
            uint64_t res = 1000000;
            size_t o2 = 16;
            while (o2 + 4 <= blen - 4) {
                uint16_t code = get16(b + o2, swap), ol = get16(b + o2 + 2, swap);
                if (code == 0)
                    break;
                if (code == 9 && ol >= 1) {
                    uint8_t v = b[o2 + 4];
                    res = 1;
                    for (unsigned i = 0; i < (v & 0x7f) && i < 18; i++)
                        res *= (v & 0x80) ? 2 : 10;
                }
                o2 += 4 + ((ol + 3u) & ~3u);
            }
            div[nif++] = res;
        } else if (type == 6 && blen >= 32) { /* EPB */
            uint32_t ifid = get32(b + 8, swap);
            uint32_t cl = get32(b + 20, swap), ol = get32(b + 24, swap);
            if (ifid >= nif || 28 + (size_t)cl > blen)
                break;
            uint64_t raw = (uint64_t)get32(b + 12, swap) << 32 | get32(b + 16, swap);
            uint64_t ts = div[ifid] == 1000000 ? raw : raw * 1000000 / div[ifid];
            int r = emit(o, out_time(o, &prev, ts), d + off + 28, cl, ol, k);
            if (r)
                return r;
        } else if (type == 3 && blen >= 16 && nif > 0) { /* SPB */
            uint32_t ol = get32(b + 8, swap);
            uint32_t cl = ol < blen - 16 ? ol : blen - 16;
            int r = emit(o, o->t_us + 1, d + off + 12, cl, ol, k);
            if (r)
                return r;
        }
        off += blen;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: pcapgen OUT.pcap PACKETS INPUT...\n");
        return 2;
    }
    struct out o = {.target = strtoull(argv[2], NULL, 10), .t_us = 1700000000ull * 1000000};
    o.f = fopen(argv[1], "wb");
    if (!o.f)
        return 1;
    uint32_t gh[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 262144, 1};
    fwrite(gh, 4, 6, o.f);
    /* read all inputs once */
    size_t nin = (size_t)argc - 3;
    uint8_t **data = calloc(nin, sizeof(*data));
    size_t *len = calloc(nin, sizeof(*len));
    for (size_t i = 0; i < nin; i++) {
        FILE *f = fopen(argv[3 + i], "rb");
        if (!f)
            continue;
        fseek(f, 0, SEEK_END);
        long sz = ftell(f);
        fseek(f, 0, SEEK_SET);
        if (sz > 0 && (data[i] = malloc((size_t)sz)) != NULL)
            len[i] = fread(data[i], 1, (size_t)sz, f);
        fclose(f);
    }
    uint8_t *work = NULL;
    size_t workcap = 0;
    unsigned used = 0;
    for (unsigned k = 0; o.pkts < o.target; k++) {
        uint64_t before = o.pkts;
        for (size_t i = 0; i < nin && o.pkts < o.target; i++) {
            if (!data[i])
                continue;
            if (len[i] > workcap) {
                workcap = len[i];
                work = realloc(work, workcap);
            }
            memcpy(work, data[i], len[i]); /* each copy shifts from the original bytes */
            int r = copy_file(&o, work, len[i], k);
            if (r == 2) {
                free(data[i]);
                data[i] = NULL;
            } else if (k == 0) {
                used++;
            }
        }
        if (o.pkts == before)
            break;
        if (k == 0)
            fprintf(stderr, "pcapgen: %u Ethernet captures, %llu packets per copy\n", used,
                    (unsigned long long)o.pkts);
    }
    fclose(o.f);
    fprintf(stderr, "pcapgen: wrote %llu packets, %llu bytes\n", (unsigned long long)o.pkts,
            (unsigned long long)o.bytes + 24);
    return 0;
}
