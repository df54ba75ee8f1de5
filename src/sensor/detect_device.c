/* detect_device.c - device learning (MAC, addresses, names, vendor, OS), new-device after the
 * learning period, and legacy-os from DHCP, User-Agent, SMB negotiation and SYN fingerprints. */
#include "detect_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileutil.h"
#include "log.h"
#include "str.h"

#define OS_RULES_MAX 512

int detect_os_load(detect_t *d, const char *path, char *err, size_t errsz)
{
    char def[1024];
    if (!path) {
        if (!share_path(def, sizeof def, "data/sensor/os-fingerprints.tsv")) {
            str_fmt(err, errsz, "os fingerprints: path too long");
            return -1;
        }
        path = def;
    }
    FILE *fp = fopen(path, "r");
    if (!fp) {
        str_fmt(err, errsz, "cannot read OS fingerprints %s", path);
        return -1;
    }
    d->os_rules = calloc(OS_RULES_MAX, sizeof *d->os_rules);
    if (!d->os_rules) {
        fclose(fp);
        str_fmt(err, errsz, "out of memory");
        return -1;
    }
    char line[512];
    int lineno = 0;
    while (fgets(line, sizeof line, fp) && d->n_os_rules < OS_RULES_MAX) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *f[4];
        size_t nf = 0;
        for (char *p = line; nf < 4;) {
            f[nf++] = p;
            char *t = strchr(p, '\t');
            if (!t)
                break;
            *t = '\0';
            p = t + 1;
        }
        struct os_rule *r = &d->os_rules[d->n_os_rules];
        if (nf != 4) {
            log_warn("os fingerprints %s:%d: want 4 tab-separated columns", path, lineno);
            continue;
        }
        if (strcmp(f[0], "ua") == 0)
            r->kind = OS_UA;
        else if (strcmp(f[0], "dhcp") == 0)
            r->kind = OS_DHCP;
        else if (strcmp(f[0], "dhcp-vc") == 0)
            r->kind = OS_DHCP_VC;
        else if (strcmp(f[0], "syn") == 0)
            r->kind = OS_SYN;
        else {
            log_warn("os fingerprints %s:%d: unknown kind %s", path, lineno, f[0]);
            continue;
        }
        str_copy(r->pattern, sizeof r->pattern, f[1]);
        str_copy(r->os, sizeof r->os, f[2]);
        str_copy(r->eol, sizeof r->eol, strcmp(f[3], "-") == 0 ? "" : f[3]);
        d->n_os_rules++;
    }
    fclose(fp);
    return 0;
}

static const struct os_rule *os_match_ua(const detect_t *d, const char *ua)
{
    for (size_t i = 0; i < d->n_os_rules; i++)
        if (d->os_rules[i].kind == OS_UA && strstr(ua, d->os_rules[i].pattern))
            return &d->os_rules[i];
    return NULL;
}

static const struct os_rule *os_match_dhcp(const detect_t *d, const char *vc, const char *params)
{
    for (size_t i = 0; i < d->n_os_rules; i++) {
        const struct os_rule *r = &d->os_rules[i];
        if (r->kind != OS_DHCP)
            continue;
        const char *bar = strchr(r->pattern, '|');
        if (!bar)
            continue;
        size_t pl = (size_t)(bar - r->pattern);
        if (strncmp(vc, r->pattern, pl) == 0 && strcmp(params, bar + 1) == 0)
            return r;
    }
    for (size_t i = 0; i < d->n_os_rules; i++) {
        const struct os_rule *r = &d->os_rules[i];
        if (r->kind == OS_DHCP_VC && vc[0] && str_starts(vc, r->pattern))
            return r;
    }
    return NULL;
}

/* "ttl|options|window|wscale" with "*" wildcards. */
static const struct os_rule *os_match_syn(const detect_t *d, const struct syn_fingerprint *e)
{
    char win[8], ws[8], ttl[8];
    str_fmt(ttl, sizeof ttl, "%u", e->initial_ttl);
    str_fmt(win, sizeof win, "%u", e->window);
    if (e->wscale == 0xff)
        str_copy(ws, sizeof ws, "-");
    else
        str_fmt(ws, sizeof ws, "%u", e->wscale);
    const char *have[4] = {ttl, e->options, win, ws};
    for (size_t i = 0; i < d->n_os_rules; i++) {
        const struct os_rule *r = &d->os_rules[i];
        if (r->kind != OS_SYN)
            continue;
        char pat[160];
        str_copy(pat, sizeof pat, r->pattern);
        char *parts[4];
        size_t np = 0;
        for (char *p = pat; np < 4;) {
            parts[np++] = p;
            char *b = strchr(p, '|');
            if (!b)
                break;
            *b = '\0';
            p = b + 1;
        }
        if (np != 4)
            continue;
        bool ok = true;
        for (size_t k = 0; k < 4 && ok; k++)
            ok = strcmp(parts[k], "*") == 0 || strcmp(parts[k], have[k]) == 0;
        if (ok)
            return r;
    }
    return NULL;
}

/* Learns (mac, ip) at ts; returns the device or NULL for non-unicast MACs. */
static device *learn(detect_t *d, const uint8_t mac[6], const struct sensor_addr *ip, int64_t ts_us)
{
    if (!mac_is_unicast(mac))
        return NULL;
    bool created;
    device *dev = device_touch(d->devices, mac, ts_us / 1000000, &created);
    if (!dev)
        return NULL;
    if (created) {
        const char *v = oui_lookup(d->oui, mac);
        if (v)
            str_copy(dev->vendor, sizeof dev->vendor, v);
        if (ts_us / 1000000 < d->learn_until_s) {
            dev->alerted = true; /* part of the office during the learning period */
        } else {
            dev->alerted = false;
            d->pending_devices++;
        }
    }
    if (ip && ip->family && detect_is_home(d, ip)) {
        char s[SENSOR_ADDR_STRLEN];
        device_add_ip(dev, sensor_addr_str(ip, s, sizeof s));
    }
    return dev;
}

void detect_device_flow(detect_t *d, struct flow *f)
{
    if (detect_is_home(d, &f->key.src))
        learn(d, f->src_mac, &f->key.src, f->ts_first_us);
}

void detect_device_arp(detect_t *d, const struct arp_event *e)
{
    static const uint8_t zero4[4];
    const struct sensor_addr *ip = &e->sender_ip;
    if (ip->family == 4 && memcmp(ip->a, zero4, 4) == 0)
        ip = NULL; /* ARP probe: the device has no address yet */
    learn(d, e->sender_mac, ip, e->ts_us);
}

static enum raise_result raise_new_device(detect_t *d, device *dev, int64_t ts_us, bool final)
{
    struct alert_facts a;
    memset(&a, 0, sizeof a);
    buf_t ev;
    buf_init(&ev);
    char macs[18], first[32];
    device_mac_str(dev->mac, macs);
    bool random = (dev->mac[0] & 0x02) != 0;
    a.key = "new-device";
    a.category = "new-device";
    a.uncapped = final; /* at the end of input nothing may stay unannounced */
    a.ts_us = ts_us;
    if (dev->ips[0][0])
        sensor_addr_parse(dev->ips[0], &a.host);
    a.mac = dev->mac;
    a.subject = macs;
    str_fmt(first, sizeof first, "%lld", (long long)dev->first_seen);
    detect_var(&a, "hostname", dev->hostname[0] ? dev->hostname : "-");
    detect_var(&a, "vendor_ja",
               dev->vendor[0] ? dev->vendor
               : random ? "不明（スマートフォンなどのランダムなアドレス）"
                        : "不明");
    detect_var(&a, "vendor_en",
               dev->vendor[0] ? dev->vendor
               : random       ? "unknown (randomized address, e.g. a phone)"
                              : "unknown");
    detect_var(&a, "os", dev->os[0] ? dev->os : "-");
    ev_str(&ev, "mac", macs);
    ev_str(&ev, "vendor", dev->vendor);
    ev_str(&ev, "hostname", dev->hostname);
    ev_str(&ev, "os_guess", dev->os);
    ev_str(&ev, "ip", dev->ips[0]);
    ev_int(&ev, "first_seen", dev->first_seen);
    if (random)
        ev_str(&ev, "mac_randomized", "true");
    a.evidence = &ev;
    enum raise_result r = detect_raise(d, &a);
    buf_free(&ev);
    return r;
}

struct tick_arg {
    detect_t *d;
    bool final;
    size_t still_pending;
};

static void tick_one(device *dev, void *arg)
{
    struct tick_arg *t = arg;
    if (dev->alerted)
        return;
    int64_t age = t->d->now_us / 1000000 - dev->first_seen;
    if (t->final || age >= t->d->cfg.new_device_delay_s || (dev->hostname[0] && dev->ips[0][0])) {
        /* A device held back by the alert rate cap stays pending: announced later. */
        dev->alerted = raise_new_device(t->d, dev, t->d->now_us, t->final) != RAISE_RATE_LIMITED;
        if (!dev->alerted)
            t->still_pending++;
    } else {
        t->still_pending++;
    }
}

void detect_device_tick(detect_t *d, bool final)
{
    if (d->pending_devices == 0)
        return;
    struct tick_arg t = {d, final, 0};
    device_each(d->devices, tick_one, &t);
    d->pending_devices = t.still_pending;
}

/* legacy-os for host: source names how we know ("DHCP", "User-Agent", ...). */
static void raise_legacy(detect_t *d, const char *key, const struct flow *f,
                         const struct sensor_addr *host, const uint8_t *mac, int64_t ts_us,
                         const char *os, const char *eol, const char *source, const char *detail,
                         int severity)
{
    struct alert_facts a;
    memset(&a, 0, sizeof a);
    buf_t ev;
    buf_init(&ev);
    a.key = key;
    a.category = "legacy-os";
    a.severity = severity;
    a.ts_us = ts_us;
    a.flow = f;
    a.host = *host;
    a.mac = mac;
    a.subject = "legacy-os"; /* one alert per host, whichever fingerprint tells first */
    detect_var(&a, "os", os);
    detect_var(&a, "eol", eol && eol[0] ? eol : "-");
    detect_var(&a, "source", source);
    detect_var(&a, "detail", detail);
    ev_str(&ev, "os", os);
    if (eol && eol[0])
        ev_str(&ev, "end_of_support", eol);
    ev_str(&ev, "fingerprint_source", source);
    ev_str(&ev, "fingerprint", detail);
    a.evidence = &ev;
    detect_raise(d, &a);
    buf_free(&ev);
}

static void set_os(device *dev, const struct os_rule *r, bool weak)
{
    if (dev && r && (!weak || !dev->os[0]))
        str_copy(dev->os, sizeof dev->os, r->os);
}

void detect_device_dhcp(detect_t *d, struct flow *f, const struct dhcp_event *e)
{
    struct sensor_addr ip;
    memset(&ip, 0, sizeof ip);
    if (e->op == 2 && e->assigned_ip.family)
        ip = e->assigned_ip; /* ACK/OFFER: the address the client gets */
    else if (e->client_ip.family && e->client_ip.a[0])
        ip = e->client_ip;
    else if (e->requested_ip.family)
        ip = e->requested_ip;
    device *dev = learn(d, e->client_mac, ip.family ? &ip : NULL, e->ts_us);
    if (!dev || e->op != 1)
        return;
    if (e->hostname[0])
        str_copy(dev->hostname, sizeof dev->hostname, e->hostname);
    char params[DHCP_MAX_PARAMS * 4 + 1] = "";
    size_t pos = 0;
    for (size_t i = 0; i < e->n_params && i < DHCP_MAX_PARAMS; i++) {
        int n = snprintf(params + pos, sizeof params - pos, "%s%u", i ? "," : "", e->params[i]);
        if (n < 0 || (size_t)n >= sizeof params - pos)
            break;
        pos += (size_t)n;
    }
    const struct os_rule *r = os_match_dhcp(d, e->vendor_class, params);
    set_os(dev, r, false);
    if (r && r->eol[0]) {
        char detail[600];
        str_fmt(detail, sizeof detail, "vendor class \"%s\", options %s", e->vendor_class, params);
        struct sensor_addr host = ip.family ? ip : f->key.src;
        raise_legacy(d, "legacy-os", f, &host, e->client_mac, e->ts_us, r->os, r->eol, "DHCP",
                     detail, ALERT_SEV_MEDIUM);
    }
}

void detect_device_http(detect_t *d, struct flow *f, const struct http_event *e)
{
    if (!e->has_request || !e->user_agent[0] || !detect_is_home(d, &f->key.src))
        return;
    const struct os_rule *r = os_match_ua(d, e->user_agent);
    if (!r)
        return;
    device *dev = mac_is_unicast(f->src_mac) ? device_find(d->devices, f->src_mac) : NULL;
    set_os(dev, r, false);
    if (r->eol[0])
        raise_legacy(d, "legacy-os", f, &f->key.src, f->src_mac, e->ts_us, r->os, r->eol,
                     "User-Agent", e->user_agent, ALERT_SEV_MEDIUM);
}

static void raise_smbv1(detect_t *d, struct flow *f, const struct smb_event *e, bool client)
{
    struct alert_facts a;
    memset(&a, 0, sizeof a);
    buf_t ev;
    buf_init(&ev);
    char peer[SENSOR_ADDR_STRLEN], dialects[SMB_MAX_DIALECTS * 34] = "";
    size_t pos = 0;
    for (size_t i = 0; i < e->n_dialects && i < SMB_MAX_DIALECTS; i++) {
        int n =
            snprintf(dialects + pos, sizeof dialects - pos, "%s%s", i ? ", " : "", e->dialects[i]);
        if (n < 0 || (size_t)n >= sizeof dialects - pos)
            break;
        pos += (size_t)n;
    }
    a.key = client ? "lateral-movement.smbv1-client" : "lateral-movement.smbv1-server";
    a.category = "lateral-movement";
    a.ts_us = e->ts_us;
    a.flow = f;
    a.host = client ? f->key.src : f->key.dst;
    a.mac = client ? f->src_mac : f->dst_mac;
    a.subject = "smbv1";
    sensor_addr_str(client ? &f->key.dst : &f->key.src, peer, sizeof peer);
    detect_var(&a, "peer", peer);
    detect_var(&a, "detail", client ? dialects : e->selected);
    ev_str(&ev, "smb_version", "1");
    ev_str(&ev, "role", client ? "client offers only SMB1" : "server selected SMB1");
    ev_str(&ev, "peer", peer);
    if (client)
        ev_str(&ev, "dialects", dialects);
    else
        ev_str(&ev, "selected", e->selected);
    a.evidence = &ev;
    detect_raise(d, &a);
    buf_free(&ev);
}

void detect_device_smb(detect_t *d, struct flow *f, const struct smb_event *e)
{
    if (!e->is_response && e->smb_version == 1 && !e->offers_smb2 && e->n_dialects > 0) {
        raise_smbv1(d, f, e, true);
        if (detect_is_home(d, &f->key.src))
            raise_legacy(d, "legacy-os.smb1", f, &f->key.src, f->src_mac, e->ts_us,
                         "SMB1-only client (Windows XP / Server 2003 or an old device)", "", "SMB",
                         "negotiate offers only SMB1 dialects", ALERT_SEV_MEDIUM);
    } else if (e->is_response && e->smb1_selected) {
        raise_smbv1(d, f, e, false);
    }
}

void detect_device_syn(detect_t *d, struct flow *f, const struct syn_fingerprint *e)
{
    if (e->is_synack || !detect_is_home(d, &f->key.src))
        return;
    const struct os_rule *r = os_match_syn(d, e);
    if (!r)
        return;
    device *dev = mac_is_unicast(f->src_mac) ? device_find(d->devices, f->src_mac) : NULL;
    /* A SYN is the weakest evidence: DHCP or User-Agent knowledge of the device wins. */
    if (dev && dev->os[0] && strcmp(dev->os, r->os) != 0)
        return;
    set_os(dev, r, true);
    if (r->eol[0]) {
        char detail[128];
        str_fmt(detail, sizeof detail, "ttl %u (initial %u), window %u, options %s", e->ttl,
                e->initial_ttl, e->window, e->options);
        raise_legacy(d, "legacy-os", f, &f->key.src, f->src_mac, e->ts_us, r->os, r->eol, "TCP SYN",
                     detail, ALERT_SEV_LOW);
    }
}
