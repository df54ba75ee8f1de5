/* synfp.c - passive OS fingerprint facts from a TCP SYN or SYN-ACK (TTL, window, options). */
#include <string.h>

#include "app.h"
#include "decode.h"

void synfp_build(const struct packet *pkt, struct syn_fingerprint *fp)
{
    memset(fp, 0, sizeof *fp);
    fp->ts_us = pkt->ts_us;
    fp->is_synack = (pkt->tcp_flags & TCP_ACK) != 0;
    fp->ip_version = pkt->ip_version;
    fp->ttl = pkt->ttl;
    fp->initial_ttl = pkt->ttl <= 32 ? 32 : pkt->ttl <= 64 ? 64 : pkt->ttl <= 128 ? 128 : 255;
    fp->df = pkt->df;
    fp->window = pkt->window;
    fp->wscale = 0xff;
    fp->ip_total_len = pkt->ip_total_len;
    const uint8_t *o = pkt->tcp_opts;
    size_t n = pkt->tcp_opts_len, i = 0, k = 0;
    while (i < n && k + 1 < sizeof fp->options) {
        uint8_t kind = o[i];
        if (kind == 0) {
            fp->options[k++] = 'E';
            break;
        }
        if (kind == 1) {
            fp->options[k++] = 'N';
            i++;
            continue;
        }
        if (i + 1 >= n)
            break;
        size_t len = o[i + 1];
        if (len < 2 || i + len > n)
            break;
        switch (kind) {
        case 2:
            fp->options[k++] = 'M';
            if (len == 4)
                fp->mss = (uint16_t)(o[i + 2] << 8 | o[i + 3]);
            break;
        case 3:
            fp->options[k++] = 'W';
            if (len == 3)
                fp->wscale = o[i + 2];
            break;
        case 4:
            fp->options[k++] = 'S';
            fp->sack_ok = true;
            break;
        case 8:
            fp->options[k++] = 'T';
            fp->timestamps = true;
            break;
        default:
            fp->options[k++] = '?';
            break;
        }
        i += len;
    }
    fp->options[k] = '\0';
}
