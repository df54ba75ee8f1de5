/* detect_intel.c - known-bad-destination: addresses, domains (DNS, SNI, HTTP host), URLs,
 * JA3 and certificate SHA-1 on the threat intelligence lists. */
#include "detect_int.h"

#include <string.h>

#include "str.h"

static const struct intel_hit *match_addr(const intel_t *in, const struct sensor_addr *a)
{
    if (a->family == 4) {
        uint32_t v =
            (uint32_t)a->a[0] << 24 | (uint32_t)a->a[1] << 16 | (uint32_t)a->a[2] << 8 | a->a[3];
        return intel_match_ip4(in, v);
    }
    if (a->family == 6)
        return intel_match_ip6(in, a->a);
    return NULL;
}

/* Raises known-bad-destination for host (the flow's client unless said otherwise). */
static void raise_bad(detect_t *d, const struct flow *f, int64_t ts_us, bool host_is_dst,
                      const char *kind, const char *indicator, const struct intel_hit *hit)
{
    char dest[SENSOR_ADDR_STRLEN], port[8];
    struct alert_facts a;
    memset(&a, 0, sizeof a);
    buf_t ev;
    buf_init(&ev);
    a.key = "known-bad-destination";
    a.category = "known-bad-destination";
    a.ts_us = ts_us;
    a.flow = f;
    a.host = host_is_dst ? f->key.dst : f->key.src;
    a.mac = host_is_dst ? f->dst_mac : f->src_mac;
    a.subject = indicator;
    sensor_addr_str(host_is_dst ? &f->key.src : &f->key.dst, dest, sizeof dest);
    str_fmt(port, sizeof port, "%u", host_is_dst ? f->key.sport : f->key.dport);
    detect_var(&a, "kind", kind);
    detect_var(&a, "indicator", indicator);
    detect_var(&a, "source", hit->source);
    detect_var(&a, "reason", hit->reason);
    detect_var(&a, "dest", dest);
    detect_var(&a, "port", port);
    ev_str(&ev, "indicator_type", kind);
    ev_str(&ev, "indicator", indicator);
    ev_str(&ev, "intel_source", hit->source);
    ev_str(&ev, "intel_reason", hit->reason);
    ev_str(&ev, "peer", dest);
    if (host_is_dst)
        ev_str(&ev, "direction", "inbound");
    a.evidence = &ev;
    detect_raise(d, &a);
    buf_free(&ev);
}

void detect_intel_flow(detect_t *d, struct flow *f)
{
    const intel_t *in = d->cfg.intel;
    if (!in)
        return;
    char ip[SENSOR_ADDR_STRLEN];
    const struct intel_hit *hit = match_addr(in, &f->key.dst);
    if (hit) {
        f->detect_flags |= DF_BAD_IP;
        raise_bad(d, f, f->ts_first_us, false, "ip", sensor_addr_str(&f->key.dst, ip, sizeof ip),
                  hit);
        return;
    }
    hit = match_addr(in, &f->key.src);
    if (hit) { /* a listed address reaching into the network */
        f->detect_flags |= DF_BAD_IP;
        raise_bad(d, f, f->ts_first_us, true, "ip", sensor_addr_str(&f->key.src, ip, sizeof ip),
                  hit);
    }
}

void detect_intel_dns(detect_t *d, struct flow *f, const struct dns_event *e)
{
    const intel_t *in = d->cfg.intel;
    if (!in || e->is_response || !e->rrname[0])
        return;
    const struct intel_hit *hit = intel_match_domain(in, e->rrname);
    if (hit)
        raise_bad(d, f, e->ts_us, false, "domain", e->rrname, hit);
}

void detect_intel_tls(detect_t *d, struct flow *f, const struct tls_event *e)
{
    const intel_t *in = d->cfg.intel;
    if (!in)
        return;
    const struct intel_hit *hit;
    if (e->has_client_hello && !(f->detect_flags & DF_TLS_HELLO)) {
        f->detect_flags |= DF_TLS_HELLO;
        hit = e->sni[0] ? intel_match_domain(in, e->sni) : NULL;
        if (hit)
            raise_bad(d, f, e->ts_us, false, "tls.sni", e->sni, hit);
        hit = e->ja3_hash[0] ? intel_match_ja3(in, e->ja3_hash) : NULL;
        if (hit)
            raise_bad(d, f, e->ts_us, false, "tls.ja3", e->ja3_hash, hit);
    }
    if (e->has_cert && !(f->detect_flags & DF_TLS_CERT)) {
        f->detect_flags |= DF_TLS_CERT;
        hit = e->cert_sha1[0] ? intel_match_sha1(in, e->cert_sha1) : NULL;
        if (hit)
            raise_bad(d, f, e->ts_us, false, "tls.cert_sha1", e->cert_sha1, hit);
    }
}

void detect_intel_http(detect_t *d, struct flow *f, const struct http_event *e)
{
    const intel_t *in = d->cfg.intel;
    if (!in || !e->has_request)
        return;
    const struct intel_hit *hit;
    if (e->host[0] && !(f->detect_flags & DF_HTTP_HOST)) {
        f->detect_flags |= DF_HTTP_HOST; /* keep-alive requests reuse the host */
        hit = intel_match_domain(in, e->host);
        if (hit)
            raise_bad(d, f, e->ts_us, false, "http.host", e->host, hit);
    }
    if (e->uri[0]) {
        char url[1400];
        char ip[SENSOR_ADDR_STRLEN];
        const char *host = e->host[0] ? e->host : sensor_addr_str(&f->key.dst, ip, sizeof ip);
        bool ok;
        if (f->key.dport != 80)
            ok = str_fmt(url, sizeof url, "http://%s:%u%s", host, f->key.dport, e->uri);
        else
            ok = str_fmt(url, sizeof url, "http://%s%s", host, e->uri);
        hit = ok ? intel_match_url(in, url) : NULL;
        if (hit)
            raise_bad(d, f, e->ts_us, false, "url", url, hit);
    }
}
