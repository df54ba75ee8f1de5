/* engine.c - the packet path. Per packet: decode, find the flow, update counters and TCP state,
 * then (for flows whose protocol has a parser) put TCP payload in sequence order and feed the
 * parser of that direction. Parsers report events through emit(), which calls the sink
 * (detection) and writes EVE. Time comes from packets; expiry runs once per second of it. */
#include "engine.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "decode.h"
#include "flow.h"
#include "frag.h"
#include "log.h"

#define OOO_MAX_SEGS 32
#define OOO_MAX_BYTES (64 * 1024)
#define OOO_GLOBAL_MAX (32u * 1024 * 1024)
/* Flows with a parser at work at the same time (a TLS state holds ~4 KB until the server's
 * certificate; a flood of unanswered handshakes must not grow memory without bound). */
#define PARSERS_MAX 4096

struct app_state {
    enum app_proto proto;
    bool done[2];
    bool counted; /* holds one of the engine's PARSERS_MAX slots */
    struct tls_state *tls;
    struct http_state *http;
    struct smtp_state *smtp;
    struct smb_state *smb;
    struct dnstcp_state *dns;
    struct quic_state *quic;
};

struct engine {
    struct engine_config cfg;
    struct decoder dec;
    struct flow_table *flows;
    struct sensor_sink sink;
    struct sensor_stats st;
    int64_t now_us;
    int64_t last_tick_us;
    int64_t last_stats_us;
    size_t ooo_total;
    size_t parsers_live;
    bool finished;
};

struct emit_ctx {
    struct engine *e;
    struct flow_entry *fe;
};

/* Parsers' events: the sink first (detection may alert), then EVE. ev is writable: the engine
 * fills per-flow facts the parsers cannot know (DNS tx_id). */
static void on_emit(void *ctx, enum app_proto kind, const void *cev)
{
    struct emit_ctx *c = ctx;
    struct engine *e = c->e;
    struct flow *f = &c->fe->f;
    const struct sensor_sink *s = &e->sink;
    void *ev = (void *)(uintptr_t)cev;
    if (f->app_proto == APP_UNKNOWN && !(kind == APP_TLS && ((const struct tls_event *)cev)->quic))
        f->app_proto = kind;
    switch (kind) {
    case APP_DNS:
        e->st.dns++;
        ((struct dns_event *)ev)->tx_id = c->fe->dns_msgs++;
        if (s->on_dns)
            s->on_dns(s->ctx, f, ev);
        eve_dns(e->cfg.eve, f, ev);
        break;
    case APP_TLS: {
        const struct tls_event *t = ev;
        if (s->on_tls)
            s->on_tls(s->ctx, f, t);
        if (t->complete) {
            e->st.tls++;
            if (t->quic)
                eve_quic(e->cfg.eve, f, t);
            else
                eve_tls(e->cfg.eve, f, t);
        }
        break;
    }
    case APP_HTTP:
        e->st.http++;
        if (s->on_http)
            s->on_http(s->ctx, f, ev);
        eve_http(e->cfg.eve, f, ev);
        break;
    case APP_DHCP:
        e->st.dhcp++;
        if (s->on_dhcp)
            s->on_dhcp(s->ctx, f, ev);
        eve_dhcp(e->cfg.eve, f, ev);
        break;
    case APP_SMTP:
        e->st.smtp++;
        if (s->on_smtp)
            s->on_smtp(s->ctx, f, ev);
        eve_smtp(e->cfg.eve, f, ev);
        break;
    case APP_SMB:
        e->st.smb++;
        if (s->on_smb)
            s->on_smb(s->ctx, f, ev);
        break;
    case APP_UNKNOWN:
        break;
    }
}

static void app_free(struct app_state *a)
{
    if (!a)
        return;
    tls_free(a->tls);
    http_free(a->http);
    smtp_free(a->smtp);
    smb_free(a->smb);
    dnstcp_free(a->dns);
    quic_free(a->quic);
    free(a);
}

/* Once neither direction needs its parser, flush and free the parser state (a TLS state holds
 * a few KB, a QUIC one 18 KB): memory then stays with the flows still being parsed. */
static void app_release(struct engine *e, struct flow_entry *fe)
{
    struct app_state *a = fe->app;
    if (!a || !a->done[0] || !a->done[1])
        return;
    struct emit_ctx ec = {e, fe};
    struct app_emit em = {&ec, on_emit};
    if (a->tls) {
        tls_end(a->tls, &em);
        tls_free(a->tls);
        a->tls = NULL;
    }
    if (a->http) {
        http_end(a->http, &em);
        http_free(a->http);
        a->http = NULL;
    }
    if (a->smtp) {
        smtp_end(a->smtp, &em);
        smtp_free(a->smtp);
        a->smtp = NULL;
    }
    smb_free(a->smb);
    a->smb = NULL;
    dnstcp_free(a->dns);
    a->dns = NULL;
    quic_free(a->quic);
    a->quic = NULL;
    if (a->counted) {
        a->counted = false;
        e->parsers_live--;
    }
}

static void free_ooo(struct engine *e, struct tcp_dir *td)
{
    struct tcp_seg *s = td->ooo;
    while (s) {
        struct tcp_seg *n = s->next;
        e->ooo_total -= s->len;
        free(s);
        s = n;
    }
    td->ooo = NULL;
    td->ooo_bytes = 0;
    td->ooo_count = 0;
}

static void drain_ooo(struct engine *e, struct flow_entry *fe, int dir, bool force, int64_t ts);

/* Flow end: flush parsers, tell the sink, write the flow event. */
static void on_flow_end(void *ctx, struct flow_entry *fe)
{
    struct engine *e = ctx;
    struct emit_ctx ec = {e, fe};
    struct app_emit em = {&ec, on_emit};
    if (fe->f.end_reason == FLOW_END_EVICTED)
        e->st.flows_evicted++;
    else if (fe->f.end_reason == FLOW_END_TIMEOUT || fe->f.end_reason == FLOW_END_CLOSED)
        e->st.flows_timeout++;
    if (fe->app) {
        /* bytes still waiting behind a hole are delivered with the hole skipped */
        for (int d = 0; d < 2; d++)
            if (fe->tcp[d].ooo && !fe->app->done[d])
                drain_ooo(e, fe, d, true, fe->f.ts_last_us);
        if (fe->app->tls)
            tls_end(fe->app->tls, &em);
        if (fe->app->http)
            http_end(fe->app->http, &em);
        if (fe->app->smtp)
            smtp_end(fe->app->smtp, &em);
        if (fe->app->counted)
            e->parsers_live--;
        app_free(fe->app);
        fe->app = NULL;
    }
    for (int d = 0; d < 2; d++)
        free_ooo(e, &fe->tcp[d]);
    if (e->sink.on_flow_end)
        e->sink.on_flow_end(e->sink.ctx, &fe->f);
    eve_flow(e->cfg.eve, &fe->f);
}

struct engine *engine_new(const struct engine_config *cfg)
{
    struct engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->cfg = *cfg;
    if (cfg->sink)
        e->sink = *cfg->sink;
    e->dec.dlt = cfg->dlt;
    e->dec.frags = frag_new(cfg->max_frag_datagrams ? cfg->max_frag_datagrams : 64, 30);
    struct flow_table_config fc = {
        .max_flows = cfg->max_flows ? cfg->max_flows : 65536,
        /* Suricata's defaults: tcp new 60, established 600, closed 60; others 30/300 */
        .tcp_timeout = {60, 600, 60},
        .other_timeout = {30, 300, 30},
        .on_end = on_flow_end,
        .ctx = e,
    };
    e->flows = flow_table_new(&fc);
    if (!e->dec.frags || !e->flows) {
        engine_free(e);
        return NULL;
    }
    return e;
}

void engine_free(struct engine *e)
{
    if (!e)
        return;
    flow_table_free(e->flows);
    frag_free(e->dec.frags);
    free(e);
}

void engine_set_dlt(struct engine *e, int dlt)
{
    e->dec.dlt = dlt;
}

void engine_count_truncated(struct engine *e)
{
    e->st.truncated++;
}

void engine_get_stats(const struct engine *e, struct sensor_stats *s)
{
    *s = e->st;
    s->ts_us = e->now_us;
    s->flows_active = flow_active(e->flows);
    s->flows_total = flow_total(e->flows);
    struct frag_stats fs;
    frag_get_stats(e->dec.frags, &fs);
    s->frag_reassembled = fs.reassembled;
    s->frag_dropped = fs.dropped + fs.timeouts;
    s->eve_lines = eve_lines(e->cfg.eve);
}

static void write_stats(struct engine *e)
{
    struct sensor_stats s;
    engine_get_stats(e, &s);
    eve_stats(e->cfg.eve, &s);
}

static void tick(struct engine *e, int64_t now_us)
{
    if (now_us - e->last_tick_us < 1000000)
        return;
    e->last_tick_us = now_us;
    flow_expire(e->flows, now_us);
    if (e->sink.on_tick)
        e->sink.on_tick(e->sink.ctx, now_us);
    if (e->cfg.stats_interval_s > 0) {
        if (e->last_stats_us == 0)
            e->last_stats_us = now_us;
        else if (now_us - e->last_stats_us >= (int64_t)e->cfg.stats_interval_s * 1000000) {
            e->last_stats_us = now_us;
            write_stats(e);
        }
    }
}

void engine_idle(struct engine *e, int64_t now_us)
{
    if (now_us > e->now_us)
        e->now_us = now_us;
    tick(e, e->now_us);
}

static bool is_http_request(const uint8_t *p, size_t n)
{
    static const char *const m[] = {"GET ",     "POST ",    "HEAD ",  "PUT ",      "DELETE ",
                                    "OPTIONS ", "CONNECT ", "PATCH ", "PROPFIND ", NULL};
    for (int i = 0; m[i]; i++) {
        size_t l = strlen(m[i]);
        if (n >= l && memcmp(p, m[i], l) == 0)
            return true;
    }
    return false;
}

static bool is_port(const struct flow_entry *fe, uint16_t port)
{
    return fe->f.key.sport == port || fe->f.key.dport == port;
}

/* Chooses the parser from the first payload bytes (and ports). */
static void app_decide(struct engine *e, struct flow_entry *fe, int dir, const uint8_t *p, size_t n)
{
    enum app_proto proto = APP_UNKNOWN;
    if (is_port(fe, 53)) {
        proto = APP_DNS;
    } else if (n >= 3 && p[0] == 0x16 && p[1] == 3) {
        proto = APP_TLS;
    } else if ((dir == 0 && is_http_request(p, n)) ||
               (dir == 1 && n >= 7 && memcmp(p, "HTTP/1.", 7) == 0)) {
        proto = APP_HTTP;
    } else if (n >= 8 && p[0] == 0 && (p[4] == 0xff || p[4] == 0xfe || p[4] == 0xfd) &&
               memcmp(p + 5, "SMB", 3) == 0) { /* SMB1, SMB2/3, SMB3 encrypted */
        proto = APP_SMB;
    } else if ((is_port(fe, 25) || is_port(fe, 587) || is_port(fe, 2525)) &&
               ((dir == 1 && n >= 3 && memcmp(p, "220", 3) == 0) ||
                (dir == 0 && (text_istarts(p, n, "EHLO") || text_istarts(p, n, "HELO"))))) {
        proto = APP_SMTP;
    } else if (n < 4 && ++fe->app_tries < 4) {
        return; /* too little to tell yet */
    }
    fe->app_decided = true;
    if (proto == APP_UNKNOWN)
        return;
    fe->f.app_proto = proto;
    if (e->parsers_live >= PARSERS_MAX) {
        e->st.parsers_skipped++;
        return;
    }
    struct app_state *a = calloc(1, sizeof *a);
    if (!a)
        return;
    a->proto = proto;
    switch (proto) {
    case APP_DNS:
        a->dns = dnstcp_new();
        break;
    case APP_TLS:
        a->tls = tls_new();
        break;
    case APP_HTTP:
        a->http = http_new();
        break;
    case APP_SMB:
        a->smb = smb_new();
        break;
    case APP_SMTP:
        a->smtp = smtp_new();
        break;
    default:
        break;
    }
    if (!a->dns && !a->tls && !a->http && !a->smb && !a->smtp) {
        free(a);
        return;
    }
    a->counted = true;
    e->parsers_live++;
    fe->app = a;
}

/* Feeds in-order bytes of direction dir to the flow's parser. */
static void app_feed(struct engine *e, struct flow_entry *fe, int dir, const uint8_t *p, size_t n,
                     int64_t ts_us)
{
    struct app_state *a = fe->app;
    if (!a || a->done[dir] || n == 0)
        return;
    struct emit_ctx ec = {e, fe};
    struct app_emit em = {&ec, on_emit};
    bool more = false;
    if (a->tls) {
        more = tls_feed(a->tls, dir, p, n, ts_us, &em);
    } else if (a->http) {
        more = http_feed(a->http, dir, p, n, ts_us, &em);
    } else if (a->smtp) {
        bool starttls = false;
        more = smtp_feed(a->smtp, dir, p, n, ts_us, &em, &starttls);
        if (starttls) {
            /* hand the rest of the session to the TLS parser, starting with this data */
            smtp_end(a->smtp, &em);
            smtp_free(a->smtp);
            a->smtp = NULL;
            a->tls = tls_new();
            a->done[0] = a->done[1] = false;
            if (a->tls)
                more = tls_feed(a->tls, dir, p, n, ts_us, &em);
            else
                a->done[0] = a->done[1] = true;
        }
    } else if (a->smb) {
        more = smb_feed(a->smb, dir, p, n, ts_us, &em);
    } else if (a->dns) {
        more = dnstcp_feed(a->dns, dir, p, n, ts_us, &em);
    }
    if (!more) {
        a->done[dir] = true;
        app_release(e, fe);
    }
}

static void app_gap(struct engine *e, struct flow_entry *fe, int dir, uint32_t gap_len)
{
    struct app_state *a = fe->app;
    if (!a)
        return;
    if (a->http) {
        struct emit_ctx ec = {e, fe};
        struct app_emit em = {&ec, on_emit};
        http_gap(a->http, dir, gap_len, &em); /* HTTP resynchronizes at the next message */
        return;
    }
    a->done[dir] = true;
}

/* Delivers queued out-of-order segments that are now in sequence. With force, skips gaps. */
static void drain_ooo(struct engine *e, struct flow_entry *fe, int dir, bool force, int64_t ts)
{
    struct tcp_dir *td = &fe->tcp[dir];
    while (td->ooo) {
        struct tcp_seg *s = td->ooo;
        int32_t diff = (int32_t)(s->seq - td->next_seq);
        if (diff > 0 && !force)
            break;
        td->ooo = s->next;
        td->ooo_count--;
        td->ooo_bytes -= s->len;
        e->ooo_total -= s->len;
        if (diff > 0) {
            e->st.tcp_reassembly_gaps++;
            app_gap(e, fe, dir, (uint32_t)diff);
            td->next_seq = s->seq;
            diff = 0;
        }
        uint32_t skip = (uint32_t)(-diff);
        if (skip < s->len) {
            app_feed(e, fe, dir, s->data + skip, s->len - skip, ts);
            td->next_seq = s->seq + s->len;
        }
        free(s);
    }
}

static void tcp_payload(struct engine *e, struct flow_entry *fe, int dir, const struct packet *pkt)
{
    struct tcp_dir *td = &fe->tcp[dir];
    uint32_t seq = pkt->seq + ((pkt->tcp_flags & TCP_SYN) ? 1 : 0);
    const uint8_t *p = pkt->payload;
    uint32_t n = (uint32_t)pkt->payload_len;
    if (!td->seq_init) {
        td->seq_init = true;
        td->next_seq = seq;
    }
    int32_t diff = (int32_t)(seq - td->next_seq);
    if (diff <= 0) {
        uint32_t overlap = td->next_seq - seq; /* == -diff, without signed overflow */
        if (overlap >= n)
            return; /* retransmission of data already delivered */
        app_feed(e, fe, dir, p + overlap, n - overlap, pkt->ts_us);
        td->next_seq = seq + n;
        if (td->ooo)
            drain_ooo(e, fe, dir, false, pkt->ts_us);
        return;
    }
    /* ahead of the expected byte: keep it for later, bounded */
    if (td->ooo_count >= OOO_MAX_SEGS || td->ooo_bytes + n > OOO_MAX_BYTES ||
        e->ooo_total + n > OOO_GLOBAL_MAX) {
        drain_ooo(e, fe, dir, true, pkt->ts_us);
        diff = (int32_t)(seq - td->next_seq);
        if (diff > 0) {
            e->st.tcp_reassembly_gaps++;
            app_gap(e, fe, dir, (uint32_t)diff);
            td->next_seq = seq;
        }
        if ((int32_t)(seq + n - td->next_seq) > 0) {
            uint32_t skip = (uint32_t)(td->next_seq - seq);
            app_feed(e, fe, dir, p + skip, n - skip, pkt->ts_us);
            td->next_seq = seq + n;
        }
        return;
    }
    struct tcp_seg *s = malloc(sizeof *s + n);
    if (!s)
        return;
    s->seq = seq;
    s->len = n;
    memcpy(s->data, p, n);
    struct tcp_seg **pp = &td->ooo;
    while (*pp && (int32_t)((*pp)->seq - seq) <= 0)
        pp = &(*pp)->next;
    s->next = *pp;
    *pp = s;
    td->ooo_count++;
    td->ooo_bytes += n;
    e->ooo_total += n;
}

static void tcp_track(struct engine *e, struct flow_entry *fe, int dir, const struct packet *pkt)
{
    struct flow *f = &fe->f;
    uint8_t fl = pkt->tcp_flags;
    if (dir == 0)
        f->tcp_flags_ts |= fl;
    else
        f->tcp_flags_tc |= fl;
    if (fl & TCP_SYN) {
        struct tcp_dir *td = &fe->tcp[dir];
        if (!td->seq_init || !fe->syn_seen[dir]) {
            td->seq_init = true;
            td->next_seq = pkt->seq + 1;
        }
        if (!fe->syn_seen[dir]) {
            fe->syn_seen[dir] = true;
            bool synack = (fl & TCP_ACK) != 0;
            if (!synack && dir == 0 && f->state == FLOW_STATE_NEW)
                f->state = FLOW_STATE_SYN_SENT;
            else if (synack && dir == 1 && f->state <= FLOW_STATE_SYN_SENT)
                f->state = FLOW_STATE_SYN_ACKED;
            if (e->sink.on_syn) {
                struct syn_fingerprint fp;
                synfp_build(pkt, &fp);
                e->sink.on_syn(e->sink.ctx, f, &fp);
            }
        }
    } else if ((fl & TCP_ACK) && dir == 0 && f->state == FLOW_STATE_SYN_ACKED && !(fl & TCP_RST)) {
        f->state = FLOW_STATE_ESTABLISHED;
        if (!fe->established_reported) {
            fe->established_reported = true;
            if (e->sink.on_flow_established)
                e->sink.on_flow_established(e->sink.ctx, f);
        }
    } else if (f->state < FLOW_STATE_ESTABLISHED && pkt->payload_len > 0 && f->pkts_toserver &&
               f->pkts_toclient) {
        f->state = FLOW_STATE_ESTABLISHED; /* picked up mid-stream */
    }
    /* the other side acknowledged bytes the capture never showed: skip the hole now rather
     * than wait for a retransmission that will not come */
    struct tcp_dir *od = &fe->tcp[dir ^ 1];
    if ((fl & TCP_ACK) && od->ooo && (int32_t)(pkt->ack - od->next_seq) > 0 &&
        (int32_t)(od->ooo->seq - pkt->ack) <= 0 && fe->app && !fe->app->done[dir ^ 1])
        drain_ooo(e, fe, dir ^ 1, true, pkt->ts_us);
    if (fl & TCP_RST) {
        f->rst_seen = true;
        f->state = FLOW_STATE_CLOSED;
    }
    if (fl & TCP_FIN) {
        fe->tcp[dir].fin = true;
        if (fe->tcp[0].fin && fe->tcp[1].fin)
            f->state = FLOW_STATE_CLOSED;
    }
}

static void udp_app(struct engine *e, struct flow_entry *fe, int dir, const struct packet *pkt)
{
    struct emit_ctx ec = {e, fe};
    if (pkt->payload_len == 0)
        return;
    /* DNS, and the same message format as multicast DNS and LLMNR (device names on the LAN) */
    if (pkt->sport == 53 || pkt->dport == 53 || pkt->sport == 5353 || pkt->dport == 5353 ||
        pkt->dport == 5355 || pkt->sport == 5355) {
        struct dns_event *ev = malloc(sizeof *ev);
        if (!ev)
            return;
        if (dns_parse(pkt->payload, pkt->payload_len, pkt->ts_us, ev))
            on_emit(&ec, APP_DNS, ev);
        free(ev);
    } else if (fe->app && fe->app->quic) {
        if (!fe->app->done[dir])
            fe->app->done[dir] = !quic_feed(fe->app->quic, dir, pkt->payload, pkt->payload_len,
                                            pkt->ts_us, &(struct app_emit){&ec, on_emit});
        app_release(e, fe);
    } else if (!fe->app_decided && dir == 0 && quic_is_initial(pkt->payload, pkt->payload_len)) {
        fe->app_decided = true;
        if (e->parsers_live >= PARSERS_MAX) {
            e->st.parsers_skipped++;
            return;
        }
        struct app_state *a = calloc(1, sizeof *a);
        if (a) {
            a->counted = true;
            e->parsers_live++;
            a->quic = quic_new();
            if (!a->quic) {
                e->parsers_live--;
                free(a);
                return;
            }
            a->done[1] = true;
            fe->app = a;
            a->done[0] = !quic_feed(a->quic, 0, pkt->payload, pkt->payload_len, pkt->ts_us,
                                    &(struct app_emit){&ec, on_emit});
            app_release(e, fe);
        }
    } else if (!fe->app_decided && dir == 0 && pkt->payload_len > 13 &&
               (pkt->payload[0] & 0x81) != 0 &&
               (pkt->payload[9] == 'Q' || pkt->payload[1] == 'Q')) {
        /* Google QUIC: the first client hello with a name settles the flow */
        struct tls_event ev;
        if (gquic_parse(pkt->payload, pkt->payload_len, pkt->ts_us, &ev)) {
            fe->app_decided = true;
            on_emit(&ec, APP_TLS, &ev);
        } else if (++fe->app_tries >= 4) {
            fe->app_decided = true;
        }
    } else if ((pkt->sport == 67 || pkt->sport == 68) && (pkt->dport == 67 || pkt->dport == 68)) {
        struct dhcp_event ev;
        if (dhcp_parse(pkt->payload, pkt->payload_len, pkt->ts_us, &ev))
            on_emit(&ec, APP_DHCP, &ev);
    }
}

void engine_packet(struct engine *e, const uint8_t *data, size_t caplen, uint32_t wire_len,
                   int64_t ts_us)
{
    struct packet pkt;
    struct arp_event arp;
    e->st.packets++;
    e->st.bytes += wire_len;
    if (ts_us > e->now_us)
        e->now_us = ts_us;
    if (e->last_tick_us == 0)
        e->last_tick_us = ts_us;
    eve_set_pcap_cnt(e->cfg.eve, e->st.packets);
    enum decode_result r = decode_packet(&e->dec, data, caplen, wire_len, ts_us, &pkt, &arp);
    switch (r) {
    case DECODE_ERROR:
        e->st.decode_errors++;
        goto out;
    case DECODE_SKIP:
        e->st.other++;
        goto out;
    case DECODE_HELD:
        goto out;
    case DECODE_ARP:
        e->st.arp++;
        if (e->sink.on_arp)
            e->sink.on_arp(e->sink.ctx, &arp);
        goto out;
    case DECODE_IP:
        break;
    }
    if (pkt.ip_version == 4)
        e->st.ipv4++;
    else
        e->st.ipv6++;
    if (pkt.proto == 6)
        e->st.tcp++;
    else if (pkt.proto == 17)
        e->st.udp++;
    else if (pkt.proto == 1 || pkt.proto == 58)
        e->st.icmp++;
    int dir;
    bool created;
    struct flow_entry *fe = flow_get(e->flows, &pkt, &dir, &created);
    if (!fe)
        goto out;
    struct flow *f = &fe->f;
    if (dir == 0) {
        f->pkts_toserver++;
        f->bytes_toserver += wire_len;
    } else {
        f->pkts_toclient++;
        f->bytes_toclient += wire_len;
    }
    if (pkt.has_mac && !created) {
        /* the first frame in the other direction gives the responder's MAC */
        static const uint8_t zero[6] = {0};
        uint8_t *m = dir == 0 ? f->src_mac : f->dst_mac;
        if (memcmp(m, zero, 6) == 0)
            memcpy(m, pkt.src_mac, 6);
    }
    if (created && e->sink.on_flow_start)
        e->sink.on_flow_start(e->sink.ctx, f);
    if (pkt.proto == 6) {
        tcp_track(e, fe, dir, &pkt);
        if (pkt.payload_len > 0) {
            if (!fe->app_decided)
                app_decide(e, fe, dir, pkt.payload, pkt.payload_len);
            if (fe->app && !fe->app->done[dir])
                tcp_payload(e, fe, dir, &pkt);
        }
    } else if (pkt.proto == 17) {
        if (f->pkts_toserver && f->pkts_toclient)
            f->state = FLOW_STATE_ESTABLISHED;
        udp_app(e, fe, dir, &pkt);
    } else if (f->pkts_toserver && f->pkts_toclient) {
        f->state = FLOW_STATE_ESTABLISHED;
    }
    f->ts_last_us = ts_us;
    flow_touch(e->flows, fe, ts_us);
out:
    tick(e, e->now_us);
}

void engine_finish(struct engine *e)
{
    if (e->finished)
        return;
    e->finished = true;
    flow_table_flush(e->flows);
    if (e->sink.on_finish)
        e->sink.on_finish(e->sink.ctx, e->now_us);
    write_stats(e);
}
