/* events.c - helpers over the packet path's records: addresses, MACs, protocol names. */
#include "events.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

const char *sensor_addr_str(const struct sensor_addr *a, char *out, size_t outsz)
{
    if (outsz == 0)
        return out;
    out[0] = '\0';
    if (a->family == 4) {
        if (!inet_ntop(AF_INET, a->a, out, (socklen_t)outsz))
            out[0] = '\0';
    } else if (a->family == 6) {
        if (!inet_ntop(AF_INET6, a->a, out, (socklen_t)outsz))
            out[0] = '\0';
    }
    return out;
}

bool sensor_addr_parse(const char *s, struct sensor_addr *out)
{
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, s, out->a) == 1) {
        out->family = 4;
        return true;
    }
    if (inet_pton(AF_INET6, s, out->a) == 1) {
        out->family = 6;
        return true;
    }
    memset(out, 0, sizeof *out);
    return false;
}

bool sensor_addr_eq(const struct sensor_addr *x, const struct sensor_addr *y)
{
    return x->family == y->family && memcmp(x->a, y->a, 16) == 0;
}

bool sensor_addr_in_net(const struct sensor_addr *a, const struct sensor_addr *net,
                        unsigned prefix_len)
{
    if (a->family != net->family || a->family == 0)
        return false;
    unsigned max = a->family == 4 ? 32 : 128;
    if (prefix_len > max)
        return false;
    unsigned full = prefix_len / 8, rest = prefix_len % 8;
    if (memcmp(a->a, net->a, full) != 0)
        return false;
    if (rest == 0)
        return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (a->a[full] & mask) == (net->a[full] & mask);
}

const char *sensor_mac_str(const uint8_t mac[6], char *out, size_t outsz)
{
    if (outsz < SENSOR_MAC_STRLEN) {
        if (outsz)
            out[0] = '\0';
        return out;
    }
    snprintf(out, outsz, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
    return out;
}

const char *app_proto_name(enum app_proto p)
{
    switch (p) {
    case APP_DNS:
        return "dns";
    case APP_TLS:
        return "tls";
    case APP_HTTP:
        return "http";
    case APP_DHCP:
        return "dhcp";
    case APP_SMTP:
        return "smtp";
    case APP_SMB:
        return "smb";
    case APP_UNKNOWN:
        break;
    }
    return "";
}

const char *dns_rrtype_name(uint16_t t)
{
    static const struct {
        uint16_t t;
        const char *n;
    } names[] = {{1, "A"},           {2, "NS"},     {5, "CNAME"},  {6, "SOA"},     {12, "PTR"},
                 {13, "HINFO"},      {15, "MX"},    {16, "TXT"},   {17, "RP"},     {18, "AFSDB"},
                 {24, "SIG"},        {25, "KEY"},   {28, "AAAA"},  {29, "LOC"},    {33, "SRV"},
                 {35, "NAPTR"},      {37, "CERT"},  {39, "DNAME"}, {41, "OPT"},    {43, "DS"},
                 {44, "SSHFP"},      {46, "RRSIG"}, {47, "NSEC"},  {48, "DNSKEY"}, {50, "NSEC3"},
                 {51, "NSEC3PARAM"}, {52, "TLSA"},  {64, "SVCB"},  {65, "HTTPS"},  {99, "SPF"},
                 {249, "TKEY"},      {250, "TSIG"}, {251, "IXFR"}, {252, "AXFR"},  {255, "ANY"},
                 {256, "URI"},       {257, "CAA"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].t == t)
            return names[i].n;
    return NULL;
}

const char *dns_rcode_name(uint8_t rc)
{
    static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
                                        "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
                                        "NXRRSET", "NOTAUTH", "NOTZONE"};
    if (rc < sizeof names / sizeof names[0])
        return names[rc];
    return "UNKNOWN";
}

const char *dhcp_type_name(uint8_t t)
{
    static const char *const names[] = {"unknown", "discover", "offer",   "request", "decline",
                                        "ack",     "nak",      "release", "inform"};
    if (t < sizeof names / sizeof names[0])
        return names[t];
    return "unknown";
}
