/* detect_conn.c - connection-pattern detections: exposed-service (and brute force),
 * lateral-movement fan-out, port-scan, beaconing, mail-burst and executable-download. */
#include "detect_int.h"

#include <netinet/in.h>
#include <string.h>

#include "str.h"

/* Broadcast, multicast and ICMP, and the "quiet" ports of services.tsv, are regular by
 * design and never a beacon worth reporting. */
static bool beacon_exempt(const detect_t *d, const struct flow *f)
{
    const struct sensor_addr *a = &f->key.dst;
    if (a->family == 4 && a->a[0] >= 224)
        return true; /* multicast 224/4, reserved 240/4, broadcast */
    if (a->family == 6 && a->a[0] == 0xff)
        return true;
    return f->key.proto == IPPROTO_ICMP || f->key.proto == IPPROTO_ICMPV6 ||
           detect_port_role(d, SVC_QUIET, f->key.dport, f->key.proto);
}

static bool is_mail_server(const detect_t *d, const struct sensor_addr *a)
{
    for (size_t i = 0; i < d->cfg.n_mail; i++)
        if (sensor_addr_in_net(a, &d->cfg.mail[i].net, d->cfg.mail[i].prefix))
            return true;
    return false;
}

static void fmt_u(char *out, size_t sz, uint64_t v)
{
    str_fmt(out, sz, "%llu", (unsigned long long)v);
}

/* ---- exposed-service ---- */

static void raise_exposed(detect_t *d, struct flow *f, const struct service *s, bool brute,
                          uint64_t attempts)
{
    struct alert_facts a;
    memset(&a, 0, sizeof a);
    buf_t ev;
    buf_init(&ev);
    char peer[SENSOR_ADDR_STRLEN], port[8], count[24], subject[80];
    sensor_addr_str(&f->key.src, peer, sizeof peer);
    str_fmt(port, sizeof port, "%u", f->key.dport);
    fmt_u(count, sizeof count, attempts);
    a.key = brute ? "exposed-service.brute-force" : "exposed-service";
    a.category = "exposed-service";
    a.severity = brute ? ALERT_SEV_HIGH : s->severity;
    a.ts_us = f->ts_last_us;
    a.flow = f;
    a.host = f->key.dst;
    a.mac = f->dst_mac;
    /* One alert per exposed service; brute force once per attacking address. */
    if (brute)
        str_fmt(subject, sizeof subject, "brute %s:%s", peer, port);
    else
        str_fmt(subject, sizeof subject, "exposed %s", port);
    a.subject = subject;
    detect_var(&a, "service", s->name);
    detect_var(&a, "service_ja", s->name_ja);
    detect_var(&a, "port", port);
    detect_var(&a, "peer", peer);
    detect_var(&a, "count", count);
    ev_str(&ev, "service", s->name);
    ev_int(&ev, "port", f->key.dport);
    ev_str(&ev, "remote", peer);
    if (brute) {
        ev_int(&ev, "connections", (int64_t)attempts);
        ev_int(&ev, "window_seconds", d->cfg.brute_window_s);
    }
    a.evidence = &ev;
    detect_raise(d, &a);
    buf_free(&ev);
}

void detect_conn_established(detect_t *d, struct flow *f)
{
    if (detect_is_home(d, &f->key.src) || !detect_is_home(d, &f->key.dst))
        return;
    const struct service *s = detect_find_exposed(d, f->key.dport, f->key.proto);
    if (!s || (f->detect_flags & DF_EXPOSED))
        return;
    f->detect_flags |= DF_EXPOSED;
    raise_exposed(d, f, s, false, 1);
    uint8_t k[DTABLE_KEY_MAX] = {0};
    size_t kl = addr_key(k, &f->key.src);
    kl += addr_key(k + kl, &f->key.dst);
    memcpy(k + kl, &f->key.dport, 2);
    kl += 2;
    struct wsum *w = dtable_get(d->brute, k, kl, true, NULL);
    if (!w)
        return;
    uint64_t n = wsum_add(w, f->ts_first_us, d->cfg.brute_window_s * 1000000, 1);
    if (n >= d->cfg.brute_attempts)
        raise_exposed(d, f, s, true, n);
}

/* UDP services have no handshake: a reply from the internal host counts as completed. */
static void exposed_udp(detect_t *d, struct flow *f)
{
    if (f->key.proto == IPPROTO_UDP && f->pkts_toclient > 0)
        detect_conn_established(d, f);
}

/* ---- lateral movement, mail burst, beaconing (on flow start) ---- */

static void raise_fanout(detect_t *d, struct flow *f, const char *key, const char *category,
                         const struct fanout *w, int64_t window_s, const char *what)
{
    struct alert_facts a;
    memset(&a, 0, sizeof a);
    buf_t ev;
    buf_init(&ev);
    char count[16], window[16], port[8];
    str_fmt(count, sizeof count, "%u", w->n);
    str_fmt(window, sizeof window, "%lld", (long long)window_s);
    str_fmt(port, sizeof port, "%u", f->key.dport);
    a.key = key;
    a.category = category;
    a.ts_us = f->ts_first_us;
    a.flow = f;
    a.host = f->key.src;
    a.mac = f->src_mac;
    a.subject = key;
    detect_var(&a, "count", count);
    detect_var(&a, "window", window);
    detect_var(&a, "port", port);
    ev_int(&ev, what, w->n);
    ev_int(&ev, "connections", (int64_t)w->events);
    ev_int(&ev, "window_seconds", window_s);
    ev_int(&ev, "last_port", f->key.dport);
    a.evidence = &ev;
    detect_raise(d, &a);
    buf_free(&ev);
}

static void lateral(detect_t *d, struct flow *f)
{
    uint8_t k[DTABLE_KEY_MAX] = {0};
    size_t kl = addr_key(k, &f->key.src);
    struct fanout *w = dtable_get(d->lateral, k, kl, true, NULL);
    if (!w)
        return;
    uint32_t n =
        fanout_add(w, f->ts_first_us, d->cfg.lateral_window_s * 1000000, addr_hash32(&f->key.dst));
    if (n >= d->cfg.lateral_hosts)
        raise_fanout(d, f, "lateral-movement", "lateral-movement", w, d->cfg.lateral_window_s,
                     "internal_hosts");
}

struct mail_state {
    struct fanout servers;
    struct wsum rcpts;
};

static struct mail_state *mail_state(detect_t *d, const struct sensor_addr *src)
{
    uint8_t k[DTABLE_KEY_MAX] = {0};
    size_t kl = addr_key(k, src);
    return dtable_get(d->mail, k, kl, true, NULL);
}

static void raise_mail(detect_t *d, struct flow *f, int64_t ts_us, uint32_t servers, uint64_t rcpts)
{
    struct alert_facts a;
    memset(&a, 0, sizeof a);
    buf_t ev;
    buf_init(&ev);
    char s_servers[16], s_rcpts[24], window[16];
    str_fmt(s_servers, sizeof s_servers, "%u", servers);
    fmt_u(s_rcpts, sizeof s_rcpts, rcpts);
    str_fmt(window, sizeof window, "%lld", (long long)(d->cfg.mail_window_s / 60));
    a.key = "mail-burst";
    a.category = "mail-burst";
    a.ts_us = ts_us;
    a.flow = f;
    a.host = f->key.src;
    a.mac = f->src_mac;
    a.subject = "mail-burst";
    detect_var(&a, "servers", s_servers);
    detect_var(&a, "recipients", s_rcpts);
    detect_var(&a, "minutes", window);
    ev_int(&ev, "mail_servers", servers);
    ev_int(&ev, "recipients", (int64_t)rcpts);
    ev_int(&ev, "window_seconds", d->cfg.mail_window_s);
    a.evidence = &ev;
    detect_raise(d, &a);
    buf_free(&ev);
}

static void mail_start(detect_t *d, struct flow *f)
{
    if (f->key.proto != IPPROTO_TCP || !detect_port_role(d, SVC_MAIL, f->key.dport, f->key.proto) ||
        is_mail_server(d, &f->key.src))
        return;
    struct mail_state *m = mail_state(d, &f->key.src);
    if (!m)
        return;
    uint32_t n = fanout_add(&m->servers, f->ts_first_us, d->cfg.mail_window_s * 1000000,
                            addr_hash32(&f->key.dst));
    if (n >= d->cfg.mail_servers_max)
        raise_mail(d, f, f->ts_first_us, n, m->rcpts.sum);
}

void detect_conn_smtp(detect_t *d, struct flow *f, const struct smtp_event *e)
{
    if (!detect_is_home(d, &f->key.src) || is_mail_server(d, &f->key.src) || e->n_rcpt == 0)
        return;
    struct mail_state *m = mail_state(d, &f->key.src);
    if (!m)
        return;
    uint64_t sum = wsum_add(&m->rcpts, e->ts_us, d->cfg.mail_window_s * 1000000, e->n_rcpt);
    if (sum >= d->cfg.mail_rcpts_max)
        raise_mail(d, f, e->ts_us, m->servers.n, sum);
}

static void beaconing(detect_t *d, struct flow *f)
{
    uint8_t k[DTABLE_KEY_MAX] = {0};
    size_t kl = addr_key(k, &f->key.src);
    kl += addr_key(k + kl, &f->key.dst);
    memcpy(k + kl, &f->key.dport, 2);
    kl += 2;
    k[kl++] = f->key.proto;
    struct beacon *b = dtable_get(d->beacon, k, kl, true, NULL);
    if (!b)
        return;
    struct beacon_params p = {
        .min_intervals = d->cfg.beacon_intervals,
        .min_interval_us = d->cfg.beacon_min_interval_s * 1000000,
        .max_interval_us = 6LL * 3600 * 1000000,
        .max_jitter = d->cfg.beacon_jitter,
    };
    double mean, jitter;
    if (!beacon_add(b, f->ts_first_us, &p, &mean, &jitter))
        return;
    struct alert_facts a;
    memset(&a, 0, sizeof a);
    buf_t ev;
    buf_init(&ev);
    char dest[SENSOR_ADDR_STRLEN], subject[80], interval[24], count[16], port[8];
    sensor_addr_str(&f->key.dst, dest, sizeof dest);
    str_fmt(subject, sizeof subject, "%s:%u", dest, f->key.dport);
    str_fmt(interval, sizeof interval, "%.0f", mean);
    str_fmt(count, sizeof count, "%u", b->conns);
    str_fmt(port, sizeof port, "%u", f->key.dport);
    a.key = "beaconing";
    a.category = "beaconing";
    a.ts_us = f->ts_first_us;
    a.flow = f;
    a.host = f->key.src;
    a.mac = f->src_mac;
    a.subject = subject;
    detect_var(&a, "dest", dest);
    detect_var(&a, "port", port);
    detect_var(&a, "interval", interval);
    detect_var(&a, "count", count);
    ev_str(&ev, "destination", dest);
    ev_int(&ev, "port", f->key.dport);
    ev_int(&ev, "connections", b->conns);
    ev_num(&ev, "mean_interval_seconds", mean);
    ev_num(&ev, "jitter", jitter);
    a.evidence = &ev;
    detect_raise(d, &a);
    buf_free(&ev);
}

void detect_conn_start(detect_t *d, struct flow *f)
{
    bool src_home = detect_is_home(d, &f->key.src), dst_home = detect_is_home(d, &f->key.dst);
    if (src_home && dst_home && f->key.proto == IPPROTO_TCP &&
        detect_port_role(d, SVC_LATERAL, f->key.dport, f->key.proto) &&
        !sensor_addr_eq(&f->key.src, &f->key.dst))
        lateral(d, f);
    if (src_home)
        mail_start(d, f);
    if (src_home && !dst_home && !beacon_exempt(d, f))
        beaconing(d, f);
}

/* ---- port scan (on flow end: only then is a failed attempt known) ---- */

#define TCP_SYN 0x02

/* A probe: a connection that began with the client's SYN (flows picked up mid-stream are
 * not probes) and either was never accepted (no SYN-ACK: refused or filtered, and no payload
 * back) or was reset by the client without sending any payload (connect scan). IP + TCP
 * headers with options stay within 60 bytes, so bytes <= 60 per packet means no payload. */
static bool failed_probe(const struct flow *f)
{
    if (f->key.proto != IPPROTO_TCP || !(f->tcp_flags_ts & TCP_SYN))
        return false;
    if (!(f->tcp_flags_tc & TCP_SYN))
        return f->bytes_toclient <= f->pkts_toclient * 60;
    return f->rst_seen && f->bytes_toserver <= f->pkts_toserver * 60;
}

void detect_conn_end(detect_t *d, struct flow *f)
{
    exposed_udp(d, f);
    if (!failed_probe(f))
        return;
    uint8_t k[DTABLE_KEY_MAX] = {0};
    size_t kl = addr_key(k, &f->key.src);
    struct fanout *w = dtable_get(d->scan, k, kl, true, NULL); /* [0] ports, [1] hosts */
    if (!w)
        return;
    int64_t win = d->cfg.scan_window_s * 1000000;
    uint32_t ports = fanout_add(&w[0], f->ts_first_us, win, f->key.dport);
    uint32_t hosts = fanout_add(&w[1], f->ts_first_us, win, addr_hash32(&f->key.dst));
    if (ports >= d->cfg.scan_ports)
        raise_fanout(d, f, "port-scan", "port-scan", &w[0], d->cfg.scan_window_s, "ports");
    else if (hosts >= d->cfg.scan_hosts)
        raise_fanout(d, f, "port-scan.hosts", "port-scan", &w[1], d->cfg.scan_window_s, "hosts");
}

/* ---- executable download ---- */

void detect_conn_http(detect_t *d, struct flow *f, const struct http_event *e)
{
    if (!e->has_response || !(e->is_pe || strcmp(e->file_magic, "MZ") == 0))
        return;
    struct alert_facts a;
    memset(&a, 0, sizeof a);
    buf_t ev;
    buf_init(&ev);
    char url[1400], ip[SENSOR_ADDR_STRLEN];
    const char *host = e->host[0] ? e->host : sensor_addr_str(&f->key.dst, ip, sizeof ip);
    if (!str_fmt(url, sizeof url, "http://%s%s", host, e->uri))
        str_copy(url + sizeof url - 4, 4, "...");
    a.key = "executable-download";
    a.category = "executable-download";
    a.ts_us = e->ts_us;
    a.flow = f;
    a.host = f->key.src;
    a.mac = f->src_mac;
    a.subject = url;
    detect_var(&a, "url", url);
    detect_var(&a, "dest", host);
    detect_var(&a, "content_type", e->content_type[0] ? e->content_type : "-");
    ev_str(&ev, "url", url);
    ev_str(&ev, "hostname", e->host);
    ev_str(&ev, "http_content_type", e->content_type);
    ev_str(&ev, "http_user_agent", e->user_agent);
    ev_int(&ev, "status", e->status);
    ev_str(&ev, "file_magic", e->file_magic[0] ? e->file_magic : "MZ");
    if (e->content_length >= 0)
        ev_int(&ev, "length", e->content_length);
    a.evidence = &ev;
    detect_raise(d, &a);
    buf_free(&ev);
}
