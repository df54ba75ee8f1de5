/* detect.h - the sensor's detections: a sensor_sink that learns devices and raises the issue's
 * alert categories, explained for owners and analysts, de-duplicated, with bounded state. */
#ifndef OTASUKE_SENSOR_DETECT_H
#define OTASUKE_SENSOR_DETECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eve.h"
#include "events.h"
#include "intel.h"

#define DETECT_MAX_NETS 64

struct detect_net {
    struct sensor_addr net;
    unsigned prefix;
};

struct detect_config {
    struct detect_net home[DETECT_MAX_NETS]; /* --home-net; none = RFC 1918 + fc00::/7 */
    size_t n_home;
    struct detect_net mail[DETECT_MAX_NETS]; /* --mail-servers: hosts allowed to send mail */
    size_t n_mail;
    int64_t learn_s;       /* --learn: new-device learning period, capture seconds */
    const char *state_dir; /* --state: devices.tsv lives here; NULL = not persisted */
    const intel_t *intel;  /* may be NULL */
    eve_t *eve;            /* alerts are written here (may be NULL) */
    /* Also called with every alert raised (tests, shipping); may be NULL. */
    void (*on_alert)(void *ctx, const struct alert *a);
    void *alert_ctx;
    const char *explain_path;  /* NULL = data/sensor/explanations.json */
    const char *os_path;       /* NULL = data/sensor/os-fingerprints.tsv */
    const char *oui_path;      /* NULL = ieee-data registry, then the bundled subset */
    const char *services_path; /* NULL = data/sensor/services.tsv */

    /* Thresholds (capture time). detect_config_defaults() documents the defaults. */
    int64_t dedup_s;             /* same alert (category, host, subject) at most once per */
    uint32_t max_alerts_per_min; /* beyond this, alerts are counted, not written */
    uint32_t scan_ports, scan_hosts;
    int64_t scan_window_s;
    uint32_t lateral_hosts;
    int64_t lateral_window_s;
    uint32_t mail_servers_max, mail_rcpts_max;
    int64_t mail_window_s;
    uint32_t brute_attempts;
    int64_t brute_window_s;
    uint32_t beacon_intervals;
    double beacon_jitter;
    int64_t beacon_min_interval_s;
    int64_t new_device_delay_s; /* wait this long for a DHCP hostname before alerting */
    /* Memory bounds: entries per table (each LRU-evicted and counted). */
    size_t max_devices, max_hosts, max_pairs;
};

void detect_config_defaults(struct detect_config *c);
/* Parses "CIDR,CIDR,..." (a bare address is a /32 or /128) into out; false with err. */
bool detect_parse_nets(const char *list, struct detect_net *out, size_t max, size_t *n, char *err,
                       size_t errsz);
/* Handles a command-line option that belongs to detection: --home-net, --mail-servers,
 * --learn SECONDS, --state DIR, --dedup SECONDS. Returns 1 when consumed, 0 when the option
 * is not detection's, -1 on a bad value (err set). val is kept by reference. */
int detect_config_option(struct detect_config *c, const char *opt, const char *val, char *err,
                         size_t errsz);

typedef struct detect detect_t;

/* Loads explanations, OS fingerprints, the OUI table and the device state. NULL with err. */
detect_t *detect_new(const struct detect_config *c, char *err, size_t errsz);
/* Fills sink with detection's callbacks (ctx = d). */
void detect_sink(detect_t *d, struct sensor_sink *sink);
/* Saves devices to the state directory (also done by on_finish and detect_free). */
int detect_save(detect_t *d);
/* Saves state and frees everything. */
void detect_free(detect_t *d);
bool detect_is_home(const detect_t *d, const struct sensor_addr *a);

struct detect_stats {
    uint64_t alerts;       /* written */
    uint64_t suppressed;   /* duplicates within dedup_s */
    uint64_t rate_limited; /* over max_alerts_per_min */
    uint64_t evicted;      /* detection state entries pushed out by the memory bounds */
    size_t devices;
    size_t oui_prefixes;
};
void detect_get_stats(const detect_t *d, struct detect_stats *out);

#endif
