/* detect_int.h - state and helpers shared by the detection families (detect_*.c). */
#ifndef OTASUKE_SENSOR_DETECT_INT_H
#define OTASUKE_SENSOR_DETECT_INT_H

#include "buf.h"
#include "detect.h"
#include "detect_table.h"
#include "detect_window.h"
#include "device.h"
#include "explain.h"
#include "oui.h"

/* Bits in flow->detect_flags: what was already decided for this flow. */
enum {
    DF_BAD_IP = 1u << 0,
    DF_TLS_HELLO = 1u << 1,
    DF_TLS_CERT = 1u << 2,
    DF_EXPOSED = 1u << 3,
    DF_HTTP_HOST = 1u << 4,
};

/* One OS fingerprint rule from os-fingerprints.tsv. */
enum os_kind { OS_UA, OS_DHCP_VC, OS_DHCP, OS_SYN };
struct os_rule {
    enum os_kind kind;
    char pattern[160];
    char os[48];
    char eol[16]; /* end-of-support date, "" when still supported */
};

/* A port from services.tsv. */
enum svc_role { SVC_EXPOSED, SVC_LATERAL, SVC_MAIL, SVC_QUIET, SVC_ROLES };
struct service {
    uint8_t role;
    uint8_t proto; /* IPPROTO_TCP, IPPROTO_UDP, or 0 = any */
    uint16_t port;
    int severity; /* 0 = none */
    char name[64];
    char name_ja[96];
};

#define DETECT_VARS_MAX 16

/* What a family hands to detect_raise(). */
struct alert_facts {
    const char *key;      /* explanation key: "category" or "category.variant" */
    const char *category; /* alert.category */
    int severity;         /* 0 = the explanation data's default */
    int64_t ts_us;
    const struct flow *flow; /* may be NULL */
    struct sensor_addr host; /* the internal host involved */
    const uint8_t *mac;      /* host's MAC if known, or NULL */
    const char *subject;     /* de-duplication subject besides category and host */
    struct explain_var vars[DETECT_VARS_MAX];
    size_t nvars;
    buf_t *evidence; /* a JSON object's members without braces, or NULL */
    bool uncapped;   /* not subject to the alert rate cap (bounded by its own nature) */
};

struct detect {
    struct detect_config cfg;
    explain_t *explain;
    oui_table *oui;
    device_store *devices;
    struct os_rule *os_rules;
    size_t n_os_rules;
    struct service *services;
    size_t n_services;
    dtable *dedup, *beacon, *scan, *lateral, *mail, *brute;
    int64_t now_us, first_us;
    int64_t learn_until_s; /* devices first seen before this are learned silently */
    size_t pending_devices;
    int64_t last_save_us;
    int64_t rate_minute;
    uint32_t rate_count;
    struct detect_stats st;
    struct explain_text text; /* scratch for rendering */
    buf_t scratch;
};

void detect_var(struct alert_facts *a, const char *name, const char *value);
enum raise_result { RAISE_WRITTEN, RAISE_DUPLICATE, RAISE_RATE_LIMITED };
/* Explains, de-duplicates, rate-caps and writes an alert. */
enum raise_result detect_raise(detect_t *d, struct alert_facts *a);

/* Evidence JSON members: ,"key":"value" (escaped) and ,"key":number. */
void ev_str(buf_t *b, const char *key, const char *val);
void ev_int(buf_t *b, const char *key, int64_t v);
void ev_num(buf_t *b, const char *key, double v);

/* Key for a dtable: family + address (+ more bytes appended by the caller). */
size_t addr_key(uint8_t *k, const struct sensor_addr *a);
uint32_t addr_hash32(const struct sensor_addr *a);
bool mac_is_unicast(const uint8_t mac[6]);

/* Families. */
void detect_intel_flow(detect_t *d, struct flow *f);
void detect_intel_dns(detect_t *d, struct flow *f, const struct dns_event *e);
void detect_intel_tls(detect_t *d, struct flow *f, const struct tls_event *e);
void detect_intel_http(detect_t *d, struct flow *f, const struct http_event *e);

int detect_os_load(detect_t *d, const char *path, char *err, size_t errsz);
int detect_services_load(detect_t *d, const char *path, char *err, size_t errsz);
bool detect_port_role(const detect_t *d, enum svc_role role, uint16_t port, uint8_t proto);
const struct service *detect_find_exposed(const detect_t *d, uint16_t port, uint8_t proto);
void detect_device_flow(detect_t *d, struct flow *f);
void detect_device_dhcp(detect_t *d, struct flow *f, const struct dhcp_event *e);
void detect_device_arp(detect_t *d, const struct arp_event *e);
void detect_device_http(detect_t *d, struct flow *f, const struct http_event *e);
void detect_device_smb(detect_t *d, struct flow *f, const struct smb_event *e);
void detect_device_syn(detect_t *d, struct flow *f, const struct syn_fingerprint *e);
void detect_device_tick(detect_t *d, bool final);

void detect_conn_start(detect_t *d, struct flow *f);
void detect_conn_established(detect_t *d, struct flow *f);
void detect_conn_end(detect_t *d, struct flow *f);
void detect_conn_smtp(detect_t *d, struct flow *f, const struct smtp_event *e);
void detect_conn_http(detect_t *d, struct flow *f, const struct http_event *e);

#endif
