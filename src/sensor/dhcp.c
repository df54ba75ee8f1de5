/* dhcp.c - DHCP/BOOTP message parser (RFC 2131/2132): fixed header, magic cookie, options. */
#include <string.h>

#include "app.h"

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void ip4(struct sensor_addr *a, const uint8_t *p)
{
    a->family = 4;
    memset(a->a, 0, sizeof a->a);
    memcpy(a->a, p, 4);
}

bool dhcp_parse(const uint8_t *p, size_t n, int64_t ts_us, struct dhcp_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->ts_us = ts_us;
    if (n < 240 || (p[0] != 1 && p[0] != 2) || p[1] != 1 || p[2] != 6)
        return false;
    if (rd32(p + 236) != 0x63825363)
        return false;
    ev->op = p[0];
    ev->xid = rd32(p + 4);
    ip4(&ev->client_ip, p + 12);
    ip4(&ev->assigned_ip, p + 16);
    ip4(&ev->next_server_ip, p + 20);
    ip4(&ev->relay_ip, p + 24);
    memcpy(ev->client_mac, p + 28, 6);
    size_t off = 240;
    while (off < n) {
        uint8_t code = p[off++];
        if (code == 0)
            continue;
        if (code == 255)
            break;
        if (off >= n)
            break;
        size_t len = p[off++];
        if (off + len > n)
            break;
        const uint8_t *v = p + off;
        switch (code) {
        case 53:
            if (len >= 1)
                ev->msg_type = v[0];
            break;
        case 1:
            if (len == 4)
                ip4(&ev->subnet_mask, v);
            break;
        case 3:
            for (size_t i = 0; i + 4 <= len && ev->n_routers < DHCP_MAX_ADDRS; i += 4)
                ip4(&ev->routers[ev->n_routers++], v + i);
            break;
        case 6:
            for (size_t i = 0; i + 4 <= len && ev->n_dns_servers < DHCP_MAX_ADDRS; i += 4)
                ip4(&ev->dns_servers[ev->n_dns_servers++], v + i);
            break;
        case 12:
            text_copy(ev->hostname, sizeof ev->hostname, v, len);
            ev->hostname_len = len;
            break;
        case 50:
            if (len == 4)
                ip4(&ev->requested_ip, v);
            break;
        case 51:
            if (len == 4)
                ev->lease_time = rd32(v);
            break;
        case 58:
            if (len == 4)
                ev->renewal_time = rd32(v);
            break;
        case 59:
            if (len == 4)
                ev->rebinding_time = rd32(v);
            break;
        case 55:
            for (size_t i = 0; i < len && ev->n_params < DHCP_MAX_PARAMS; i++)
                ev->params[ev->n_params++] = v[i];
            break;
        case 60:
            text_copy(ev->vendor_class, sizeof ev->vendor_class, v, len);
            break;
        case 61:
            /* Suricata shows the client id without its type byte when it is a MAC (type 1) */
            if (len >= 2 && v[0] == 1)
                text_hex_colon(ev->client_id, sizeof ev->client_id, v + 1, len - 1, false);
            else
                text_hex_colon(ev->client_id, sizeof ev->client_id, v, len, false);
            break;
        default:
            break;
        }
        off += len;
    }
    return true;
}
