/* detect.c - detection dispatcher: configuration, the sink callbacks, and alert raising with
 * explanations, de-duplication and a rate cap. The families live in detect_*.c. */
#include "detect_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "str.h"

#define SAVE_EVERY_US (600LL * 1000000) /* device state is saved every 10 capture minutes */

struct dedup_val {
    int64_t last_us;
    uint32_t suppressed;
};

void detect_config_defaults(struct detect_config *c)
{
    memset(c, 0, sizeof *c);
    c->learn_s = 86400; /* a day: devices that appear in the first day are the office's own */
    c->dedup_s = 3600;
    c->max_alerts_per_min = 120;
    c->scan_ports = 25;
    c->scan_hosts = 50;
    c->scan_window_s = 120;
    c->lateral_hosts = 10;
    c->lateral_window_s = 300;
    c->mail_servers_max = 10;
    c->mail_rcpts_max = 50;
    c->mail_window_s = 600;
    c->brute_attempts = 10;
    c->brute_window_s = 300;
    c->beacon_intervals = 8;
    c->beacon_jitter = 0.10;
    c->beacon_min_interval_s = 10;
    c->new_device_delay_s = 30;
    c->max_devices = 4096;
    c->max_hosts = 4096;
    c->max_pairs = 16384;
}

bool detect_parse_nets(const char *list, struct detect_net *out, size_t max, size_t *n, char *err,
                       size_t errsz)
{
    *n = 0;
    const char *p = list;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[96];
        if (len == 0 || len >= sizeof item) {
            str_fmt(err, errsz, "bad network list entry near \"%.20s\"", p);
            return false;
        }
        memcpy(item, p, len);
        item[len] = '\0';
        str_trim(item);
        char *slash = strchr(item, '/');
        int64_t prefix = -1;
        if (slash) {
            *slash = '\0';
            if (!str_to_i64(slash + 1, 0, 128, &prefix)) {
                str_fmt(err, errsz, "bad prefix length in \"%s\"", item);
                return false;
            }
        }
        if (*n >= max) {
            str_fmt(err, errsz, "too many networks (at most %zu)", max);
            return false;
        }
        struct detect_net *net = &out[*n];
        if (!sensor_addr_parse(item, &net->net)) {
            str_fmt(err, errsz, "bad address \"%s\"", item);
            return false;
        }
        unsigned maxp = net->net.family == 4 ? 32 : 128;
        if (prefix > (int64_t)maxp) {
            str_fmt(err, errsz, "prefix too long for \"%s\"", item);
            return false;
        }
        net->prefix = prefix < 0 ? maxp : (unsigned)prefix;
        (*n)++;
        if (!comma)
            break;
        p = comma + 1;
    }
    return true;
}

int detect_config_option(struct detect_config *c, const char *opt, const char *val, char *err,
                         size_t errsz)
{
    int64_t v;
    if (strcmp(opt, "--home-net") == 0)
        return detect_parse_nets(val, c->home, DETECT_MAX_NETS, &c->n_home, err, errsz) ? 1 : -1;
    if (strcmp(opt, "--mail-servers") == 0)
        return detect_parse_nets(val, c->mail, DETECT_MAX_NETS, &c->n_mail, err, errsz) ? 1 : -1;
    if (strcmp(opt, "--learn") == 0 || strcmp(opt, "--dedup") == 0) {
        if (!str_to_i64(val, 0, 10LL * 365 * 86400, &v)) {
            str_fmt(err, errsz, "%s wants a number of seconds", opt);
            return -1;
        }
        if (opt[2] == 'l')
            c->learn_s = v;
        else
            c->dedup_s = v;
        return 1;
    }
    if (strcmp(opt, "--state") == 0) {
        c->state_dir = val;
        return 1;
    }
    return 0;
}

static const char *const default_home[] = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                           "fc00::/7"};

bool detect_is_home(const detect_t *d, const struct sensor_addr *a)
{
    for (size_t i = 0; i < d->cfg.n_home; i++)
        if (sensor_addr_in_net(a, &d->cfg.home[i].net, d->cfg.home[i].prefix))
            return true;
    return false;
}

bool mac_is_unicast(const uint8_t mac[6])
{
    static const uint8_t zero[6];
    return !(mac[0] & 1) && memcmp(mac, zero, 6) != 0;
}

size_t addr_key(uint8_t *k, const struct sensor_addr *a)
{
    k[0] = a->family;
    memcpy(k + 1, a->a, 16);
    return 17;
}

uint32_t addr_hash32(const struct sensor_addr *a)
{
    uint32_t h = 2166136261u ^ a->family;
    for (int i = 0; i < 16; i++) {
        h ^= a->a[i];
        h *= 16777619u;
    }
    return h;
}

static void json_escape(buf_t *b, const char *s)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)c);
        } else if (c < 0x20) {
            buf_printf(b, "\\u%04x", c);
        } else {
            buf_putc(b, (char)c);
        }
    }
    buf_putc(b, '"');
}

void ev_str(buf_t *b, const char *key, const char *val)
{
    buf_putc(b, ',');
    json_escape(b, key);
    buf_putc(b, ':');
    json_escape(b, val ? val : "");
}

void ev_int(buf_t *b, const char *key, int64_t v)
{
    buf_putc(b, ',');
    json_escape(b, key);
    buf_printf(b, ":%lld", (long long)v);
}

void ev_num(buf_t *b, const char *key, double v)
{
    buf_putc(b, ',');
    json_escape(b, key);
    buf_printf(b, ":%.3f", v);
}

void detect_var(struct alert_facts *a, const char *name, const char *value)
{
    if (a->nvars < DETECT_VARS_MAX) {
        a->vars[a->nvars].name = name;
        a->vars[a->nvars].value = value ? value : "";
        a->nvars++;
    }
}

static uint64_t text_hash(uint64_t h, const char *s)
{
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* True when this (category, host, subject) alerted within dedup_s; counts the suppression.
 * *suppressed_before gets the number of duplicates dropped since the last alert. */
static bool is_duplicate(detect_t *d, const struct alert_facts *a, uint32_t *suppressed_before)
{
    uint8_t k[DTABLE_KEY_MAX] = {0};
    size_t kl = addr_key(k, &a->host);
    uint64_t h = text_hash(text_hash(1469598103934665603ULL, a->category), "|");
    h = text_hash(h, a->subject);
    memcpy(k + kl, &h, sizeof h);
    kl += sizeof h;
    bool created;
    struct dedup_val *v = dtable_get(d->dedup, k, kl, true, &created);
    *suppressed_before = 0;
    if (!v)
        return false;
    /* Events reach detection slightly out of order (flows end late), so "within the
     * period" is measured either way. */
    int64_t gap = a->ts_us >= v->last_us ? a->ts_us - v->last_us : v->last_us - a->ts_us;
    if (!created && gap < d->cfg.dedup_s * 1000000) {
        v->suppressed++;
        return true;
    }
    *suppressed_before = v->suppressed;
    v->suppressed = 0;
    if (created || a->ts_us > v->last_us)
        v->last_us = a->ts_us;
    return false;
}

enum raise_result detect_raise(detect_t *d, struct alert_facts *a)
{
    /* The rate cap is checked before de-duplication records anything, so an alert held back
     * by the cap is not mistaken for a duplicate when it is raised again later. */
    int64_t minute = a->ts_us / 60000000;
    if (minute != d->rate_minute) {
        d->rate_minute = minute;
        d->rate_count = 0;
    }
    if (d->rate_count >= d->cfg.max_alerts_per_min && !a->uncapped) {
        d->st.rate_limited++;
        return RAISE_RATE_LIMITED;
    }
    uint32_t suppressed_before;
    if (is_duplicate(d, a, &suppressed_before)) {
        d->st.suppressed++;
        return RAISE_DUPLICATE;
    }
    d->rate_count++;

    char hostip[SENSOR_ADDR_STRLEN], macs[SENSOR_MAC_STRLEN] = "", devname[160];
    sensor_addr_str(&a->host, hostip, sizeof hostip);
    device *dev = NULL;
    const uint8_t *mac = a->mac && mac_is_unicast(a->mac) ? a->mac : NULL;
    if (mac)
        dev = device_find(d->devices, mac);
    /* A MAC that does not hold the host's address is a router in front of it (a routed
     * subnet): name the host by its address instead, never by the router. */
    if (dev && hostip[0] && !device_has_ip(dev, hostip)) {
        dev = NULL;
        mac = NULL;
    }
    if (!dev && hostip[0])
        dev = device_find_ip(d->devices, hostip);
    if (dev)
        mac = dev->mac;
    if (mac)
        device_mac_str(mac, macs);
    const char *hostname = dev && dev->hostname[0] ? dev->hostname : NULL;
    const char *vendor = dev && dev->vendor[0] ? dev->vendor : "";
    if (hostname && hostip[0])
        str_fmt(devname, sizeof devname, "%s (%s)", hostname, hostip);
    else if (hostname)
        str_copy(devname, sizeof devname, hostname);
    else
        str_copy(devname, sizeof devname, hostip[0] ? hostip : macs);
    detect_var(a, "host", hostip);
    detect_var(a, "device", devname);
    detect_var(a, "mac", macs);
    detect_var(a, "vendor", vendor);

    if (!explain_render(d->explain, a->key, a->vars, a->nvars, &d->text)) {
        log_error("detect: no explanation for %s", a->key);
        return RAISE_DUPLICATE;
    }
    buf_t *ev = &d->scratch;
    buf_reset(ev);
    buf_putc(ev, '{');
    size_t mark = ev->len;
    if (a->evidence)
        buf_append(ev, a->evidence->data, a->evidence->len);
    if (suppressed_before)
        ev_int(ev, "suppressed_before", suppressed_before);
    if (ev->len > mark && !ev->oom) { /* drop the first member's leading comma */
        memmove(ev->data + mark, ev->data + mark + 1, ev->len - mark);
        ev->len--;
    }
    buf_putc(ev, '}');

    struct alert al;
    memset(&al, 0, sizeof al);
    al.ts_us = a->ts_us;
    al.category = a->category;
    al.severity = a->severity ? a->severity : d->text.severity ? d->text.severity : 2;
    al.signature = d->text.title;
    al.signature_id = d->text.signature_id;
    al.flow = a->flow;
    if (a->flow) {
        al.src = a->flow->key.src;
        al.dst = a->flow->key.dst;
        al.sport = a->flow->key.sport;
        al.dport = a->flow->key.dport;
        al.proto = a->flow->key.proto;
    } else {
        al.src = a->host;
    }
    al.host = a->host;
    if (mac)
        memcpy(al.host_mac, mac, 6);
    al.hostname = hostname;
    al.evidence_json = ev->oom ? NULL : ev->data;
    al.owner_ja = d->text.owner_ja;
    al.owner_en = d->text.owner_en;
    al.analyst_ja = d->text.analyst_ja;
    al.analyst_en = d->text.analyst_en;
    d->st.alerts++;
    if (d->cfg.eve)
        eve_alert(d->cfg.eve, &al);
    if (d->cfg.on_alert)
        d->cfg.on_alert(d->cfg.alert_ctx, &al);
    return RAISE_WRITTEN;
}

/* ---- sink callbacks ---- */

static void advance(detect_t *d, int64_t ts_us)
{
    if (ts_us > d->now_us)
        d->now_us = ts_us;
    if (d->first_us == 0 && ts_us > 0) {
        d->first_us = ts_us;
        if (d->learn_until_s == 0)
            d->learn_until_s = ts_us / 1000000 + d->cfg.learn_s;
    }
}

static void cb_flow_start(void *ctx, struct flow *f)
{
    detect_t *d = ctx;
    advance(d, f->ts_first_us);
    detect_device_flow(d, f);
    detect_intel_flow(d, f);
    detect_conn_start(d, f);
}

static void cb_flow_established(void *ctx, struct flow *f)
{
    detect_t *d = ctx;
    advance(d, f->ts_last_us);
    detect_conn_established(d, f);
}

static void cb_flow_end(void *ctx, struct flow *f)
{
    detect_t *d = ctx;
    detect_conn_end(d, f);
    f->detect_data = NULL; /* detection keeps no per-flow allocation */
}

static void cb_dns(void *ctx, struct flow *f, const struct dns_event *e)
{
    detect_t *d = ctx;
    advance(d, e->ts_us);
    detect_intel_dns(d, f, e);
}

static void cb_tls(void *ctx, struct flow *f, const struct tls_event *e)
{
    detect_t *d = ctx;
    advance(d, e->ts_us);
    detect_intel_tls(d, f, e);
}

static void cb_http(void *ctx, struct flow *f, const struct http_event *e)
{
    detect_t *d = ctx;
    advance(d, e->ts_us);
    detect_intel_http(d, f, e);
    detect_device_http(d, f, e);
    detect_conn_http(d, f, e);
}

static void cb_dhcp(void *ctx, struct flow *f, const struct dhcp_event *e)
{
    detect_t *d = ctx;
    advance(d, e->ts_us);
    detect_device_dhcp(d, f, e);
}

static void cb_smtp(void *ctx, struct flow *f, const struct smtp_event *e)
{
    detect_t *d = ctx;
    advance(d, e->ts_us);
    detect_conn_smtp(d, f, e);
}

static void cb_smb(void *ctx, struct flow *f, const struct smb_event *e)
{
    detect_t *d = ctx;
    advance(d, e->ts_us);
    detect_device_smb(d, f, e);
}

static void cb_syn(void *ctx, struct flow *f, const struct syn_fingerprint *e)
{
    detect_t *d = ctx;
    advance(d, e->ts_us);
    detect_device_syn(d, f, e);
}

static void cb_arp(void *ctx, const struct arp_event *e)
{
    detect_t *d = ctx;
    advance(d, e->ts_us);
    detect_device_arp(d, e);
}

static void cb_tick(void *ctx, int64_t now_us)
{
    detect_t *d = ctx;
    advance(d, now_us);
    detect_device_tick(d, false);
    if (d->cfg.state_dir && now_us - d->last_save_us >= SAVE_EVERY_US) {
        if (d->last_save_us != 0)
            detect_save(d);
        d->last_save_us = now_us;
    }
}

static void cb_finish(void *ctx, int64_t now_us)
{
    detect_t *d = ctx;
    advance(d, now_us);
    detect_device_tick(d, true);
    detect_save(d);
}

void detect_sink(detect_t *d, struct sensor_sink *s)
{
    memset(s, 0, sizeof *s);
    s->ctx = d;
    s->on_flow_start = cb_flow_start;
    s->on_flow_established = cb_flow_established;
    s->on_flow_end = cb_flow_end;
    s->on_dns = cb_dns;
    s->on_tls = cb_tls;
    s->on_http = cb_http;
    s->on_dhcp = cb_dhcp;
    s->on_smtp = cb_smtp;
    s->on_smb = cb_smb;
    s->on_syn = cb_syn;
    s->on_arp = cb_arp;
    s->on_tick = cb_tick;
    s->on_finish = cb_finish;
}

/* ---- life cycle ---- */

/* Devices saved before their new-device alert could be written are announced after a
 * restart. */
static void count_pending(device *dev, void *arg)
{
    if (!dev->alerted)
        (*(size_t *)arg)++;
}

detect_t *detect_new(const struct detect_config *c, char *err, size_t errsz)
{
    detect_t *d = calloc(1, sizeof *d);
    if (!d) {
        str_fmt(err, errsz, "out of memory");
        return NULL;
    }
    d->cfg = *c;
    if (d->cfg.n_home == 0) {
        for (size_t i = 0; i < sizeof default_home / sizeof *default_home; i++) {
            size_t n = 0;
            detect_parse_nets(default_home[i], &d->cfg.home[i], 1, &n, err, errsz);
        }
        d->cfg.n_home = sizeof default_home / sizeof *default_home;
    }
    if (d->cfg.beacon_intervals > BEACON_MAX_IV)
        d->cfg.beacon_intervals = BEACON_MAX_IV;
    if (d->cfg.scan_ports > FANOUT_MAX)
        d->cfg.scan_ports = FANOUT_MAX;
    if (d->cfg.scan_hosts > FANOUT_MAX)
        d->cfg.scan_hosts = FANOUT_MAX;
    if (d->cfg.lateral_hosts > FANOUT_MAX)
        d->cfg.lateral_hosts = FANOUT_MAX;
    if (d->cfg.mail_servers_max > FANOUT_MAX)
        d->cfg.mail_servers_max = FANOUT_MAX;
    buf_init(&d->scratch);
    d->explain = explain_load(c->explain_path, err, errsz);
    if (!d->explain)
        goto fail;
    if (detect_os_load(d, c->os_path, err, errsz) != 0 ||
        detect_services_load(d, c->services_path, err, errsz) != 0)
        goto fail;
    d->oui = oui_load(c->oui_path);
    size_t hosts = c->max_hosts ? c->max_hosts : 4096, pairs = c->max_pairs ? c->max_pairs : 16384;
    d->devices = device_store_new(c->max_devices ? c->max_devices : 4096);
    d->dedup = dtable_new(pairs, sizeof(struct dedup_val));
    d->beacon = dtable_new(pairs, sizeof(struct beacon));
    d->scan = dtable_new(hosts, 2 * sizeof(struct fanout));
    d->lateral = dtable_new(hosts, sizeof(struct fanout));
    d->mail = dtable_new(hosts, sizeof(struct fanout) + sizeof(struct wsum));
    d->brute = dtable_new(hosts, sizeof(struct wsum));
    if (!d->oui || !d->devices || !d->dedup || !d->beacon || !d->scan || !d->lateral || !d->mail ||
        !d->brute) {
        str_fmt(err, errsz, "out of memory");
        goto fail;
    }
    if (c->state_dir) {
        if (device_store_load(d->devices, c->state_dir) != 0) {
            str_fmt(err, errsz, "cannot read device state in %s", c->state_dir);
            goto fail;
        }
        d->learn_until_s = device_learn_until(d->devices);
        device_each(d->devices, count_pending, &d->pending_devices);
    }
    return d;
fail:
    d->cfg.state_dir = NULL; /* never overwrite state we could not load */
    detect_free(d);
    return NULL;
}

int detect_save(detect_t *d)
{
    if (!d || !d->cfg.state_dir || !d->devices)
        return 0;
    device_set_learn_until(d->devices, d->learn_until_s);
    return device_store_save(d->devices, d->cfg.state_dir);
}

void detect_free(detect_t *d)
{
    if (!d)
        return;
    detect_save(d);
    explain_free(d->explain);
    oui_free(d->oui);
    device_store_free(d->devices);
    free(d->os_rules);
    free(d->services);
    dtable_free(d->dedup);
    dtable_free(d->beacon);
    dtable_free(d->scan);
    dtable_free(d->lateral);
    dtable_free(d->mail);
    dtable_free(d->brute);
    buf_free(&d->scratch);
    free(d);
}

void detect_get_stats(const detect_t *d, struct detect_stats *out)
{
    *out = d->st;
    out->devices = device_count(d->devices);
    out->oui_prefixes = oui_count(d->oui);
    out->evicted = dtable_evicted(d->dedup) + dtable_evicted(d->beacon) + dtable_evicted(d->scan) +
                   dtable_evicted(d->lateral) + dtable_evicted(d->mail) + dtable_evicted(d->brute) +
                   device_evicted(d->devices);
}
