/* eve.c - EVE JSON lines: one object per line, Suricata's field names where the meaning is the
 * same, plus "id" (unique per event: run id + sequence) for de-duplication downstream. */
#include "eve.h"

#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"

struct eve {
    FILE *fp;
    bool own;
    char path[4096];
    eve_tap_fn tap;
    void *tap_ctx;
    char sensor[128];
    char run_id[17];
    uint64_t seq;
    uint64_t lines;
    uint64_t alerts;
    uint64_t pcap_cnt;
    buf_t b;
};

eve_t *eve_open(const char *path, char *err, size_t errsz)
{
    eve_t *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        e->fp = stdout;
    } else {
        e->fp = fopen(path, "a");
        e->own = true;
        snprintf(e->path, sizeof e->path, "%s", path);
        if (!e->fp) {
            snprintf(err, errsz, "cannot open %s", path);
            free(e);
            return NULL;
        }
    }
    setvbuf(e->fp, NULL, _IOFBF, 1 << 16);
    uint64_t r = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (read(fd, &r, sizeof r) != (ssize_t)sizeof r)
            r = 0;
        close(fd);
    }
    if (r == 0)
        r = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
    snprintf(e->run_id, sizeof e->run_id, "%016" PRIx64, r);
    buf_init(&e->b);
    return e;
}

int eve_reopen(eve_t *e)
{
    if (!e || !e->own)
        return 0;
    FILE *fp = fopen(e->path, "a");
    if (!fp)
        return -1;
    fflush(e->fp);
    fclose(e->fp);
    e->fp = fp;
    setvbuf(e->fp, NULL, _IOFBF, 1 << 16);
    return 0;
}

void eve_close(eve_t *e)
{
    if (!e)
        return;
    fflush(e->fp);
    if (e->own)
        fclose(e->fp);
    buf_free(&e->b);
    free(e);
}

void eve_set_tap(eve_t *e, eve_tap_fn fn, void *ctx)
{
    if (!e)
        return;
    e->tap = fn;
    e->tap_ctx = ctx;
}

void eve_set_sensor_name(eve_t *e, const char *name)
{
    if (!e)
        return;
    snprintf(e->sensor, sizeof e->sensor, "%s", name ? name : "");
}

void eve_set_pcap_cnt(eve_t *e, uint64_t n)
{
    if (e)
        e->pcap_cnt = n;
}

uint64_t eve_lines(const eve_t *e)
{
    return e ? e->lines : 0;
}

/* --- JSON building --- */

/* JSON string; runs of characters needing no escape are appended in one go (this is the
 * sensor's hottest formatting path). */
static void jstr(buf_t *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const unsigned char *run = p;
        while (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f)
            p++;
        if (p > run)
            buf_append(b, run, (size_t)(p - run));
        if (!*p)
            break;
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)c);
        } else if (c == '\n') {
            buf_puts(b, "\\n");
        } else if (c == '\r') {
            buf_puts(b, "\\r");
        } else if (c == '\t') {
            buf_puts(b, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            buf_puts(b, u);
        } else {
            buf_putc(b, (char)c);
        }
    }
    buf_putc(b, '"');
}

/* ,"key": */
static void key(buf_t *b, const char *k)
{
    size_t l = strlen(k);
    buf_reserve(b, l + 4);
    buf_append(b, ",\"", 2);
    buf_append(b, k, l);
    buf_append(b, "\":", 2);
}

static void put_u64(buf_t *b, uint64_t v)
{
    char t[24];
    size_t i = sizeof t;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    buf_append(b, t + i, sizeof t - i);
}

static void kstr(buf_t *b, const char *k, const char *v)
{
    key(b, k);
    jstr(b, v);
}

static void kstr_opt(buf_t *b, const char *k, const char *v)
{
    if (v && v[0])
        kstr(b, k, v);
}

static void kint(buf_t *b, const char *k, int64_t v)
{
    key(b, k);
    if (v < 0) {
        buf_putc(b, '-');
        put_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        put_u64(b, (uint64_t)v);
    }
}

static void kuint(buf_t *b, const char *k, uint64_t v)
{
    key(b, k);
    put_u64(b, v);
}

static void kbool(buf_t *b, const char *k, bool v)
{
    key(b, k);
    buf_puts(b, v ? "true" : "false");
}

/* Suricata prints IPv6 fully expanded ("2001:0db8:0000:...") */
static void addr_text(const struct sensor_addr *a, char *out, size_t outsz)
{
    if (a->family == 6) {
        snprintf(out, outsz,
                 "%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x", a->a[0],
                 a->a[1], a->a[2], a->a[3], a->a[4], a->a[5], a->a[6], a->a[7], a->a[8], a->a[9],
                 a->a[10], a->a[11], a->a[12], a->a[13], a->a[14], a->a[15]);
    } else if (a->family == 4 && outsz >= 16) {
        char *o = out;
        for (int i = 0; i < 4; i++) {
            unsigned v = a->a[i];
            if (v >= 100)
                *o++ = (char)('0' + v / 100);
            if (v >= 10)
                *o++ = (char)('0' + v / 10 % 10);
            *o++ = (char)('0' + v % 10);
            if (i < 3)
                *o++ = '.';
        }
        *o = '\0';
    } else {
        sensor_addr_str(a, out, outsz);
    }
}

static void kaddr(buf_t *b, const char *k, const struct sensor_addr *a)
{
    char t[64];
    addr_text(a, t, sizeof t);
    kstr(b, k, t);
}

/* "2024-01-02T03:04:05.123456+0000"; the date part is cached per second. */
static void time_text(int64_t us, char *out, size_t outsz)
{
    static _Thread_local time_t cached_s = -1;
    static _Thread_local char cached[32];
    time_t s = (time_t)(us / 1000000);
    long frac = (long)(us % 1000000);
    if (frac < 0) {
        frac += 1000000;
        s--;
    }
    if (s != cached_s) {
        struct tm tm;
        gmtime_r(&s, &tm);
        strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
        cached_s = s;
    }
    if (outsz < 32) { /* every caller passes 48 bytes */
        if (outsz)
            out[0] = '\0';
        return;
    }
    size_t l = strlen(cached);
    memcpy(out, cached, l);
    out[l] = '.';
    for (int i = 6; i >= 1; i--) {
        out[l + (size_t)i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    memcpy(out + l + 7, "+0000", 6);
}

static const char *proto_name(uint8_t p, char *tmp, size_t n)
{
    switch (p) {
    case 6:
        return "TCP";
    case 17:
        return "UDP";
    case 1:
        return "ICMP";
    case 58:
        return "IPv6-ICMP";
    case 132:
        return "SCTP";
    default:
        snprintf(tmp, n, "%03u", p);
        return tmp;
    }
}

/* Starts an event: timestamp, flow_id, pcap_cnt, event_type, 5-tuple (reversed if asked). */
static void head(eve_t *e, const char *type, int64_t ts_us, const struct flow *f, bool reverse,
                 bool with_pcap_cnt)
{
    buf_t *b = &e->b;
    buf_reset(b);
    char ts[48];
    time_text(ts_us, ts, sizeof ts);
    buf_puts(b, "{\"timestamp\":");
    jstr(b, ts);
    if (f)
        kuint(b, "flow_id", f->id);
    if (with_pcap_cnt && e->pcap_cnt)
        kuint(b, "pcap_cnt", e->pcap_cnt);
    kstr(b, "event_type", type);
    if (f) {
        const struct flow_key *k = &f->key;
        kaddr(b, "src_ip", reverse ? &k->dst : &k->src);
        if (k->proto == 6 || k->proto == 17 || k->proto == 132)
            kuint(b, "src_port", reverse ? k->dport : k->sport);
        kaddr(b, "dest_ip", reverse ? &k->src : &k->dst);
        if (k->proto == 6 || k->proto == 17 || k->proto == 132)
            kuint(b, "dest_port", reverse ? k->sport : k->dport);
        char tmp[8];
        kstr(b, "proto", proto_name(k->proto, tmp, sizeof tmp));
        if (k->proto == 1 || k->proto == 58) {
            kuint(b, "icmp_type", k->sport);
            kuint(b, "icmp_code", k->dport);
        }
        if (k->vlan)
            buf_printf(b, ",\"vlan\":[%u]", k->vlan);
    }
    if (e->sensor[0])
        kstr(b, "host", e->sensor);
    key(b, "id");
    buf_putc(b, '"');
    buf_append(b, e->run_id, 16);
    buf_putc(b, '-');
    put_u64(b, ++e->seq);
    buf_putc(b, '"');
}

static int finish(eve_t *e)
{
    buf_t *b = &e->b;
    buf_putc(b, '}');
    if (b->oom)
        return -1;
    if (e->tap)
        e->tap(e->tap_ctx, b->data, b->len);
    buf_putc(b, '\n');
    if (fwrite(b->data, 1, b->len, e->fp) != b->len)
        return -1;
    e->lines++;
    return 0;
}

int eve_flow(eve_t *e, const struct flow *f)
{
    if (!e)
        return 0;
    head(e, "flow", f->ts_last_us, f, false, false);
    buf_t *b = &e->b;
    if (f->app_proto != APP_UNKNOWN)
        kstr(b, "app_proto", app_proto_name(f->app_proto));
    buf_puts(b, ",\"flow\":{");
    buf_puts(b, "\"pkts_toserver\":");
    put_u64(b, f->pkts_toserver);
    kuint(b, "pkts_toclient", f->pkts_toclient);
    kuint(b, "bytes_toserver", f->bytes_toserver);
    kuint(b, "bytes_toclient", f->bytes_toclient);
    char ts[48];
    time_text(f->ts_first_us, ts, sizeof ts);
    kstr(b, "start", ts);
    time_text(f->ts_last_us, ts, sizeof ts);
    kstr(b, "end", ts);
    kint(b, "age", (f->ts_last_us / 1000000) - (f->ts_first_us / 1000000));
    const char *state = "new";
    if (f->state == FLOW_STATE_ESTABLISHED)
        state = "established";
    else if (f->state == FLOW_STATE_CLOSED)
        state = "closed";
    kstr(b, "state", state);
    const char *reason = "shutdown";
    if (f->end_reason == FLOW_END_TIMEOUT || f->end_reason == FLOW_END_CLOSED)
        reason = "timeout";
    else if (f->end_reason == FLOW_END_EVICTED)
        reason = "forced";
    kstr(b, "reason", reason);
    kbool(b, "alerted", false);
    buf_putc(b, '}');
    if (f->key.proto == 6) {
        uint8_t all = f->tcp_flags_ts | f->tcp_flags_tc;
        static const char hx[] = "0123456789abcdef";
        char fl[3][3] = {{hx[all >> 4], hx[all & 15], 0},
                         {hx[f->tcp_flags_ts >> 4], hx[f->tcp_flags_ts & 15], 0},
                         {hx[f->tcp_flags_tc >> 4], hx[f->tcp_flags_tc & 15], 0}};
        buf_puts(b, ",\"tcp\":{\"tcp_flags\":");
        jstr(b, fl[0]);
        kstr(b, "tcp_flags_ts", fl[1]);
        kstr(b, "tcp_flags_tc", fl[2]);
        static const char *const names[] = {"fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr"};
        for (int i = 0; i < 8; i++)
            if (all & (1u << i))
                kbool(b, names[i], true);
        buf_putc(b, '}');
    }
    return finish(e);
}

static void dns_answer_json(buf_t *b, const struct dns_answer *a, bool first)
{
    if (!first)
        buf_putc(b, ',');
    buf_puts(b, "{\"rrname\":");
    jstr(b, a->rrname);
    const char *tn = dns_rrtype_name(a->rrtype);
    if (tn)
        kstr(b, "rrtype", tn);
    else
        kuint(b, "rrtype", a->rrtype);
    kuint(b, "ttl", a->ttl);
    if (a->addr.family) {
        kaddr(b, "rdata", &a->addr);
    } else if (a->rdata[0]) {
        kstr(b, "rdata", a->rdata);
    }
    buf_putc(b, '}');
}

int eve_dns(eve_t *e, const struct flow *f, const struct dns_event *ev)
{
    if (!e)
        return 0;
    /* queries and answers are both logged client -> server, as Suricata 7 does */
    head(e, "dns", ev->ts_us, f, false, true);
    buf_t *b = &e->b;
    const char *tn = dns_rrtype_name(ev->rrtype);
    char tbuf[8];
    if (!tn) {
        snprintf(tbuf, sizeof tbuf, "%u", ev->rrtype);
        tn = tbuf;
    }
    if (!ev->is_response) {
        buf_puts(b, ",\"dns\":{\"type\":\"query\"");
        kuint(b, "id", ev->txid);
        kstr(b, "rrname", ev->rrname);
        kstr(b, "rrtype", tn);
        kuint(b, "tx_id", ev->tx_id);
        if (ev->opcode)
            kuint(b, "opcode", ev->opcode);
        buf_putc(b, '}');
        return finish(e);
    }
    buf_puts(b, ",\"dns\":{\"version\":2,\"type\":\"answer\"");
    kuint(b, "id", ev->txid);
    buf_printf(b, ",\"flags\":\"%x\"", ev->flags);
    kbool(b, "qr", true);
    if (ev->flags & 0x0400)
        kbool(b, "aa", true);
    if (ev->flags & 0x0200)
        kbool(b, "tc", true);
    if (ev->flags & 0x0100)
        kbool(b, "rd", true);
    if (ev->flags & 0x0080)
        kbool(b, "ra", true);
    if (ev->flags & 0x0040)
        kbool(b, "z", true);
    if (ev->opcode)
        kuint(b, "opcode", ev->opcode);
    if (ev->rrname[0]) {
        kstr(b, "rrname", ev->rrname);
        kstr(b, "rrtype", tn);
    }
    kstr(b, "rcode", dns_rcode_name(ev->rcode));
    if (ev->n_answers) {
        buf_puts(b, ",\"answers\":[");
        for (size_t i = 0; i < ev->n_answers; i++)
            dns_answer_json(b, &ev->answers[i], i == 0);
        buf_puts(b, "],\"grouped\":{");
        /* grouped: rdata per type, in first-seen type order */
        bool first_type = true;
        for (size_t i = 0; i < ev->n_answers; i++) {
            uint16_t t = ev->answers[i].rrtype;
            bool seen = false;
            for (size_t j = 0; j < i; j++)
                if (ev->answers[j].rrtype == t)
                    seen = true;
            const char *nm = dns_rrtype_name(t);
            if (seen || !nm)
                continue;
            buf_printf(b, "%s\"%s\":[", first_type ? "" : ",", nm);
            first_type = false;
            bool first = true;
            for (size_t j = i; j < ev->n_answers; j++) {
                if (ev->answers[j].rrtype != t)
                    continue;
                char at[256];
                if (ev->answers[j].addr.family)
                    addr_text(&ev->answers[j].addr, at, sizeof at);
                else
                    snprintf(at, sizeof at, "%s", ev->answers[j].rdata);
                if (!first)
                    buf_putc(b, ',');
                first = false;
                jstr(b, at);
            }
            buf_putc(b, ']');
        }
        buf_putc(b, '}');
    }
    if (ev->n_authorities) {
        buf_puts(b, ",\"authorities\":[");
        for (size_t i = 0; i < ev->n_authorities; i++) {
            dns_answer_json(b, &ev->authorities[i], i == 0);
            if ((int)i == ev->soa_index) {
                /* reopen the object just closed to add the SOA fields */
                b->len--;
                buf_puts(b, ",\"soa\":{\"mname\":");
                jstr(b, ev->soa.mname);
                kstr(b, "rname", ev->soa.rname);
                kuint(b, "serial", ev->soa.serial);
                kuint(b, "refresh", ev->soa.refresh);
                kuint(b, "retry", ev->soa.retry);
                kuint(b, "expire", ev->soa.expire);
                kuint(b, "minimum", ev->soa.minimum);
                buf_puts(b, "}}");
            }
        }
        buf_putc(b, ']');
    }
    buf_putc(b, '}');
    return finish(e);
}

static const char *tls_version_name(uint16_t v)
{
    switch (v) {
    case 0x0200:
        return "SSLv2";
    case 0x0300:
        return "SSLv3";
    case 0x0301:
        return "TLSv1";
    case 0x0302:
        return "TLS 1.1";
    case 0x0303:
        return "TLS 1.2";
    case 0x0304:
        return "TLS 1.3";
    default:
        return "UNDETERMINED";
    }
}

int eve_tls(eve_t *e, const struct flow *f, const struct tls_event *ev)
{
    if (!e)
        return 0;
    head(e, "tls", ev->ts_us, f, false, true);
    buf_t *b = &e->b;
    buf_puts(b, ",\"tls\":{");
    buf_puts(b, "\"version\":");
    jstr(b, tls_version_name(ev->version ? ev->version : ev->client_version));
    kstr_opt(b, "subject", ev->subject);
    kstr_opt(b, "issuerdn", ev->issuerdn);
    kstr_opt(b, "serial", ev->serial);
    if (ev->cert_sha1[0]) {
        char fp[64];
        size_t o = 0;
        for (size_t i = 0; i < 40 && o + 3 < sizeof fp; i += 2) {
            if (i)
                fp[o++] = ':';
            fp[o++] = ev->cert_sha1[i];
            fp[o++] = ev->cert_sha1[i + 1];
        }
        fp[o] = '\0';
        kstr(b, "fingerprint", fp);
    }
    kstr_opt(b, "sni", ev->sni);
    if (ev->notbefore || ev->notafter) {
        char t[32];
        struct tm tm;
        time_t s = (time_t)ev->notbefore;
        gmtime_r(&s, &tm);
        strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S", &tm);
        kstr(b, "notbefore", t);
        s = (time_t)ev->notafter;
        gmtime_r(&s, &tm);
        strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S", &tm);
        kstr(b, "notafter", t);
    }
    if (ev->ja3_hash[0]) {
        buf_puts(b, ",\"ja3\":{\"hash\":");
        jstr(b, ev->ja3_hash);
        kstr(b, "string", ev->ja3);
        buf_putc(b, '}');
    }
    if (ev->ja3s_hash[0]) {
        buf_puts(b, ",\"ja3s\":{\"hash\":");
        jstr(b, ev->ja3s_hash);
        kstr(b, "string", ev->ja3s);
        buf_putc(b, '}');
    }
    kstr_opt(b, "ja4", ev->ja4);
    buf_putc(b, '}');
    return finish(e);
}

int eve_quic(eve_t *e, const struct flow *f, const struct tls_event *ev)
{
    if (!e)
        return 0;
    head(e, "quic", ev->ts_us, f, false, true);
    buf_t *b = &e->b;
    buf_puts(b, ",\"quic\":{\"version\":");
    jstr(b, ev->quic_version);
    kstr_opt(b, "sni", ev->sni);
    kstr_opt(b, "ua", ev->quic_ua);
    if (ev->ja3_hash[0]) {
        buf_puts(b, ",\"ja3\":{\"hash\":");
        jstr(b, ev->ja3_hash);
        kstr(b, "string", ev->ja3);
        buf_putc(b, '}');
    }
    kstr_opt(b, "ja4", ev->ja4);
    buf_putc(b, '}');
    return finish(e);
}

int eve_http(eve_t *e, const struct flow *f, const struct http_event *ev)
{
    if (!e)
        return 0;
    head(e, "http", ev->ts_us, f, false, true);
    buf_t *b = &e->b;
    buf_puts(b, ",\"http\":{");
    buf_puts(b, "\"hostname\":");
    jstr(b, ev->host);
    kstr(b, "url", ev->uri);
    kstr_opt(b, "http_user_agent", ev->user_agent);
    if (ev->content_type[0]) {
        char ct[sizeof ev->content_type];
        snprintf(ct, sizeof ct, "%s", ev->content_type);
        char *semi = strchr(ct, ';');
        if (semi)
            *semi = '\0';
        kstr(b, "http_content_type", ct);
    }
    kstr_opt(b, "http_refer", ev->referer);
    kstr_opt(b, "http_method", ev->method);
    kstr_opt(b, "protocol", ev->protocol);
    if (ev->status)
        kint(b, "status", ev->status);
    kstr_opt(b, "redirect", ev->location);
    if (ev->content_length >= 0)
        kint(b, "content_length", ev->content_length);
    kstr_opt(b, "file_magic", ev->file_magic);
    buf_putc(b, '}');
    return finish(e);
}

static const char *dhcp_param_name(uint8_t p)
{
    switch (p) {
    case 1:
        return "subnet_mask";
    case 3:
        return "router";
    case 6:
        return "dns_server";
    case 15:
        return "domain";
    case 35:
        return "arp_timeout";
    case 42:
        return "ntp_server";
    case 66:
        return "tftp_server_name";
    case 150:
        return "tftp_server_ip";
    default:
        return NULL;
    }
}

int eve_dhcp(eve_t *e, const struct flow *f, const struct dhcp_event *ev)
{
    if (!e)
        return 0;
    /* logged in the packet's direction: requests from the client port, replies from 67 */
    bool from_server_port = ev->op == 2;
    bool reverse = from_server_port ? f->key.sport != 67 : f->key.sport == 67;
    head(e, "dhcp", ev->ts_us, f, reverse, true);
    buf_t *b = &e->b;
    buf_puts(b, ",\"dhcp\":{\"type\":");
    jstr(b, ev->op == 1 ? "request" : "reply");
    kuint(b, "id", ev->xid);
    char mac[SENSOR_MAC_STRLEN];
    kstr(b, "client_mac", sensor_mac_str(ev->client_mac, mac, sizeof mac));
    kaddr(b, "assigned_ip", &ev->assigned_ip);
    kaddr(b, "client_ip", &ev->client_ip);
    if (ev->op == 2) {
        kaddr(b, "relay_ip", &ev->relay_ip);
        kaddr(b, "next_server_ip", &ev->next_server_ip);
    }
    if (ev->msg_type)
        kstr(b, "dhcp_type", dhcp_type_name(ev->msg_type));
    kstr_opt(b, "client_id", ev->client_id);
    if (ev->hostname_len) {
        /* Suricata keeps trailing NUL bytes of the option */
        buf_t h;
        buf_init(&h);
        buf_puts(&h, ev->hostname);
        for (size_t i = strlen(ev->hostname); i < ev->hostname_len && i < 255; i++)
            buf_putc(&h, '\0');
        buf_puts(b, ",\"hostname\":\"");
        for (size_t i = 0; i < h.len; i++) {
            char c = h.data[i];
            if (c == '\0')
                buf_puts(b, "\\u0000");
            else if (c == '"' || c == '\\') {
                buf_putc(b, '\\');
                buf_putc(b, c);
            } else
                buf_putc(b, c);
        }
        buf_putc(b, '"');
        buf_free(&h);
    }
    kstr_opt(b, "vendor_class_identifier", ev->vendor_class);
    if (ev->requested_ip.family)
        kaddr(b, "requested_ip", &ev->requested_ip);
    if (ev->lease_time)
        kuint(b, "lease_time", ev->lease_time);
    if (ev->renewal_time)
        kuint(b, "renewal_time", ev->renewal_time);
    if (ev->rebinding_time)
        kuint(b, "rebinding_time", ev->rebinding_time);
    if (ev->subnet_mask.family)
        kaddr(b, "subnet_mask", &ev->subnet_mask);
    if (ev->n_routers) {
        buf_puts(b, ",\"routers\":[");
        for (size_t i = 0; i < ev->n_routers; i++) {
            char t[64];
            addr_text(&ev->routers[i], t, sizeof t);
            if (i)
                buf_putc(b, ',');
            jstr(b, t);
        }
        buf_putc(b, ']');
    }
    if (ev->n_dns_servers) {
        buf_puts(b, ",\"dns_servers\":[");
        for (size_t i = 0; i < ev->n_dns_servers; i++) {
            char t[64];
            addr_text(&ev->dns_servers[i], t, sizeof t);
            if (i)
                buf_putc(b, ',');
            jstr(b, t);
        }
        buf_putc(b, ']');
    }
    if (ev->n_params) {
        /* Suricata names the options it knows and leaves the others out */
        buf_puts(b, ",\"params\":[");
        bool first = true;
        for (size_t i = 0; i < ev->n_params; i++) {
            const char *pn = dhcp_param_name(ev->params[i]);
            if (!pn)
                continue;
            if (!first)
                buf_putc(b, ',');
            first = false;
            jstr(b, pn);
        }
        buf_puts(b, "],\"param_codes\":[");
        for (size_t i = 0; i < ev->n_params; i++)
            buf_printf(b, "%s%u", i ? "," : "", ev->params[i]);
        buf_putc(b, ']');
    }
    buf_putc(b, '}');
    return finish(e);
}

int eve_smtp(eve_t *e, const struct flow *f, const struct smtp_event *ev)
{
    if (!e)
        return 0;
    head(e, "smtp", ev->ts_us, f, false, true);
    buf_t *b = &e->b;
    buf_puts(b, ",\"smtp\":{\"helo\":");
    jstr(b, ev->helo);
    kstr_opt(b, "mail_from", ev->mail_from);
    size_t stored = ev->n_rcpt < SMTP_MAX_RCPT ? ev->n_rcpt : SMTP_MAX_RCPT;
    if (stored) {
        buf_puts(b, ",\"rcpt_to\":[");
        for (size_t i = 0; i < stored; i++) {
            if (i)
                buf_putc(b, ',');
            jstr(b, ev->rcpt_to[i]);
        }
        buf_putc(b, ']');
    }
    kuint(b, "rcpt_count", ev->n_rcpt);
    kuint(b, "msg_index", ev->msg_index);
    kbool(b, "data_complete", ev->data_complete);
    if (ev->starttls)
        kbool(b, "starttls", true);
    buf_putc(b, '}');
    return finish(e);
}

int eve_alert(eve_t *e, const struct alert *a)
{
    if (!e || !a)
        return -1;
    const struct flow *f = a->flow;
    struct flow tmp;
    if (!f) {
        memset(&tmp, 0, sizeof tmp);
        tmp.key.src = a->src;
        tmp.key.dst = a->dst;
        tmp.key.sport = a->sport;
        tmp.key.dport = a->dport;
        tmp.key.proto = a->proto;
    }
    head(e, "alert", a->ts_us, f ? f : &tmp, false, true);
    buf_t *b = &e->b;
    if (f && f->app_proto != APP_UNKNOWN)
        kstr(b, "app_proto", app_proto_name(f->app_proto));
    buf_puts(b, ",\"alert\":{\"action\":\"allowed\",\"gid\":1");
    kuint(b, "signature_id", a->signature_id);
    kuint(b, "rev", 1);
    kstr(b, "signature", a->signature ? a->signature : (a->category ? a->category : ""));
    kstr(b, "category", a->category ? a->category : "");
    kint(b, "severity", a->severity ? a->severity : ALERT_SEV_MEDIUM);
    buf_puts(b, "},\"otasuke\":{\"host\":{");
    char ip[64] = "";
    if (a->host.family)
        addr_text(&a->host, ip, sizeof ip);
    buf_puts(b, "\"ip\":");
    jstr(b, ip);
    static const uint8_t zero[6] = {0};
    if (memcmp(a->host_mac, zero, 6) != 0) {
        char mac[SENSOR_MAC_STRLEN];
        kstr(b, "mac", sensor_mac_str(a->host_mac, mac, sizeof mac));
    }
    kstr_opt(b, "hostname", a->hostname);
    buf_puts(b, "},\"explanation\":{\"owner\":{\"ja\":");
    jstr(b, a->owner_ja ? a->owner_ja : "");
    kstr(b, "en", a->owner_en ? a->owner_en : "");
    buf_puts(b, "},\"analyst\":{\"ja\":");
    jstr(b, a->analyst_ja ? a->analyst_ja : "");
    kstr(b, "en", a->analyst_en ? a->analyst_en : "");
    buf_puts(b, "}}}");
    if (a->evidence_json) {
        json_error_t jerr;
        json_t *j = json_loads(a->evidence_json, 0, &jerr);
        char *txt = j && json_is_object(j) ? json_dumps(j, JSON_COMPACT) : NULL;
        if (txt) {
            buf_puts(b, ",\"evidence\":");
            buf_puts(b, txt);
            free(txt);
        } else {
            kstr(b, "evidence_text", a->evidence_json);
        }
        json_decref(j);
    }
    e->alerts++;
    int rc = finish(e);
    fflush(e->fp); /* alerts must not wait in a buffer */
    return rc;
}

int eve_stats(eve_t *e, const struct sensor_stats *s)
{
    if (!e)
        return 0;
    head(e, "stats", s->ts_us, NULL, false, false);
    buf_t *b = &e->b;
    buf_puts(b, ",\"stats\":{\"decoder\":{");
    buf_printf(b, "\"pkts\":%" PRIu64, s->packets);
    kuint(b, "bytes", s->bytes);
    kuint(b, "invalid", s->decode_errors);
    kuint(b, "truncated", s->truncated);
    kuint(b, "ipv4", s->ipv4);
    kuint(b, "ipv6", s->ipv6);
    kuint(b, "tcp", s->tcp);
    kuint(b, "udp", s->udp);
    kuint(b, "icmp", s->icmp);
    kuint(b, "arp", s->arp);
    kuint(b, "other", s->other);
    kuint(b, "frag_reassembled", s->frag_reassembled);
    kuint(b, "frag_dropped", s->frag_dropped);
    buf_puts(b, "},\"flow\":{");
    buf_printf(b, "\"active\":%" PRIu64, s->flows_active);
    kuint(b, "total", s->flows_total);
    kuint(b, "evicted", s->flows_evicted);
    kuint(b, "timeout", s->flows_timeout);
    kuint(b, "tcp_reassembly_gaps", s->tcp_reassembly_gaps);
    kuint(b, "parsers_skipped", s->parsers_skipped);
    buf_puts(b, "},\"app_layer\":{");
    buf_printf(b, "\"dns\":%" PRIu64, s->dns);
    kuint(b, "tls", s->tls);
    kuint(b, "http", s->http);
    kuint(b, "dhcp", s->dhcp);
    kuint(b, "smtp", s->smtp);
    kuint(b, "smb", s->smb);
    buf_puts(b, "},\"detect\":{");
    buf_printf(b, "\"alerts\":%" PRIu64, e->alerts);
    buf_puts(b, "},\"eve\":{");
    buf_printf(b, "\"lines\":%" PRIu64, e->lines + 1);
    buf_puts(b, "}}");
    int rc = finish(e);
    fflush(e->fp);
    return rc;
}
