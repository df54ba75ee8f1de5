/* device.c - bounded device inventory (hash index over a fixed array) and its TSV file. */
#include "device.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "str.h"

#define DEVICE_FILE "devices.tsv"
#define DEVICE_HEADER "# otasuke-sensor devices v1"

/* Invariant: dev[0..n) are live; idx is an open-addressing (linear probe) table of
 * idx_cap slots holding dev index + 1 (0 = empty), idx_cap a power of two >= 2 * max. */
struct device_store {
    device *dev;
    size_t n, max;
    uint32_t *idx;
    size_t idx_cap;
    uint64_t evicted;
    int64_t learn_until;
};

static uint64_t mac_hash(const uint8_t m[6])
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < 6; i++) {
        h ^= m[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void index_insert(device_store *s, size_t i)
{
    size_t mask = s->idx_cap - 1, p = (size_t)mac_hash(s->dev[i].mac) & mask;
    while (s->idx[p])
        p = (p + 1) & mask;
    s->idx[p] = (uint32_t)(i + 1);
}

static void index_rebuild(device_store *s)
{
    memset(s->idx, 0, s->idx_cap * sizeof *s->idx);
    for (size_t i = 0; i < s->n; i++)
        index_insert(s, i);
}

device_store *device_store_new(size_t max_devices)
{
    if (max_devices == 0)
        max_devices = 1;
    device_store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->max = max_devices;
    s->idx_cap = 16;
    while (s->idx_cap < 2 * max_devices)
        s->idx_cap *= 2;
    s->dev = calloc(max_devices, sizeof *s->dev);
    s->idx = calloc(s->idx_cap, sizeof *s->idx);
    if (!s->dev || !s->idx) {
        device_store_free(s);
        return NULL;
    }
    return s;
}

void device_store_free(device_store *s)
{
    if (!s)
        return;
    free(s->dev);
    free(s->idx);
    free(s);
}

size_t device_count(const device_store *s)
{
    return s->n;
}

uint64_t device_evicted(const device_store *s)
{
    return s->evicted;
}

int64_t device_learn_until(const device_store *s)
{
    return s->learn_until;
}

void device_set_learn_until(device_store *s, int64_t ts)
{
    s->learn_until = ts;
}

device *device_find(device_store *s, const uint8_t mac[6])
{
    size_t mask = s->idx_cap - 1, p = (size_t)mac_hash(mac) & mask;
    while (s->idx[p]) {
        device *d = &s->dev[s->idx[p] - 1];
        if (memcmp(d->mac, mac, 6) == 0)
            return d;
        p = (p + 1) & mask;
    }
    return NULL;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Forgets the least recently seen eighth of the devices to make room. Done in a batch so that
 * a flood of fake MACs costs O(log n) per device, not a scan of the store each. */
static void evict_batch(device_store *s)
{
    size_t k = s->n / 8 ? s->n / 8 : 1;
    int64_t *ts = malloc(s->n * sizeof *ts);
    int64_t cut;
    if (ts) {
        for (size_t i = 0; i < s->n; i++)
            ts[i] = s->dev[i].last_seen;
        qsort(ts, s->n, sizeof *ts, cmp_i64);
        cut = ts[k - 1];
        free(ts);
    } else {
        cut = INT64_MAX; /* out of memory: forget everything rather than fail */
    }
    size_t w = 0, removed = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (removed < k && s->dev[i].last_seen <= cut) {
            removed++;
            continue;
        }
        if (w != i)
            s->dev[w] = s->dev[i];
        w++;
    }
    s->n = w;
    s->evicted += removed;
    index_rebuild(s);
}

device *device_touch(device_store *s, const uint8_t mac[6], int64_t ts, bool *created)
{
    device *d = device_find(s, mac);
    if (created)
        *created = (d == NULL);
    if (d) {
        if (ts > d->last_seen)
            d->last_seen = ts;
        return d;
    }
    if (s->n == s->max)
        evict_batch(s);
    d = &s->dev[s->n];
    memset(d, 0, sizeof *d);
    memcpy(d->mac, mac, 6);
    d->first_seen = d->last_seen = ts;
    index_insert(s, s->n);
    s->n++;
    return d;
}

void device_add_ip(device *d, const char *ip)
{
    if (!ip || !*ip || strcmp(d->ips[0], ip) == 0)
        return;
    size_t keep = DEVICE_MAX_IPS - 1; /* slot the address held, or the oldest */
    for (size_t i = 1; i < DEVICE_MAX_IPS; i++) {
        if (strcmp(d->ips[i], ip) == 0) {
            keep = i;
            break;
        }
    }
    memmove(d->ips[1], d->ips[0], keep * sizeof d->ips[0]);
    str_copy(d->ips[0], sizeof d->ips[0], ip);
}

bool device_has_ip(const device *d, const char *ip)
{
    for (size_t k = 0; k < DEVICE_MAX_IPS && d->ips[k][0]; k++)
        if (strcmp(d->ips[k], ip) == 0)
            return true;
    return false;
}

device *device_find_ip(device_store *s, const char *ip)
{
    device *best = NULL;
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < DEVICE_MAX_IPS && s->dev[i].ips[k][0]; k++)
            if (strcmp(s->dev[i].ips[k], ip) == 0 &&
                (!best || s->dev[i].last_seen > best->last_seen))
                best = &s->dev[i];
    return best;
}

void device_each(device_store *s, void (*fn)(device *d, void *arg), void *arg)
{
    for (size_t i = 0; i < s->n; i++)
        fn(&s->dev[i], arg);
}

void device_mac_str(const uint8_t m[6], char out[18])
{
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 6; i++) {
        out[i * 3] = hx[m[i] >> 4];
        out[i * 3 + 1] = hx[m[i] & 15];
        out[i * 3 + 2] = i < 5 ? ':' : '\0';
    }
}

static int hexv(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool device_mac_parse(const char *s, uint8_t mac[6])
{
    if (strlen(s) != 17)
        return false;
    for (int i = 0; i < 6; i++) {
        int hi = hexv(s[i * 3]), lo = hexv(s[i * 3 + 1]);
        if (hi < 0 || lo < 0 || (i < 5 && s[i * 3 + 2] != ':' && s[i * 3 + 2] != '-'))
            return false;
        mac[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* Writes a field with tabs, newlines and control bytes replaced so the line stays parseable. */
static void put_field(FILE *fp, const char *s)
{
    for (; *s; s++)
        fputc(((unsigned char)*s < 0x20 || *s == 0x7f) ? ' ' : *s, fp);
}

int device_store_save(const device_store *s, const char *dir)
{
    char path[1024], tmp[1040];
    if (!str_fmt(path, sizeof path, "%s/%s", dir, DEVICE_FILE) ||
        !str_fmt(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()))
        return -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) {
        log_error("devices: cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        close(fd);
        unlink(tmp);
        return -1;
    }
    fprintf(fp, "%s\n#learn_until\t%" PRId64 "\n", DEVICE_HEADER, s->learn_until);
    for (size_t i = 0; i < s->n; i++) {
        const device *d = &s->dev[i];
        char mac[18];
        device_mac_str(d->mac, mac);
        fprintf(fp, "%s\t%" PRId64 "\t%" PRId64 "\t%d\t", mac, d->first_seen, d->last_seen,
                d->alerted ? 1 : 0);
        put_field(fp, d->vendor);
        fputc('\t', fp);
        put_field(fp, d->hostname);
        fputc('\t', fp);
        put_field(fp, d->os);
        fputc('\t', fp);
        for (size_t k = 0; k < DEVICE_MAX_IPS && d->ips[k][0]; k++) {
            if (k)
                fputc(',', fp);
            put_field(fp, d->ips[k]);
        }
        fputc('\n', fp);
    }
    int rc = 0;
    if (fflush(fp) != 0 || fsync(fd) != 0)
        rc = -1;
    if (fclose(fp) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc != 0) {
        log_error("devices: cannot save %s: %s", path, strerror(errno));
        unlink(tmp);
    }
    return rc;
}

/* Splits on tabs in place; returns the number of fields (at most nf). */
static size_t split_tabs(char *line, char **f, size_t nf)
{
    size_t k = 0;
    while (k < nf) {
        f[k++] = line;
        char *t = strchr(line, '\t');
        if (!t)
            break;
        *t = '\0';
        line = t + 1;
    }
    return k;
}

int device_store_load(device_store *s, const char *dir)
{
    char path[1024];
    if (!str_fmt(path, sizeof path, "%s/%s", dir, DEVICE_FILE))
        return -1;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return errno == ENOENT ? 0 : -1;
    char line[1024];
    size_t bad = 0;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (str_starts(line, "#learn_until\t")) {
            int64_t lu;
            if (str_to_i64(line + 13, 0, INT64_MAX, &lu))
                s->learn_until = lu;
            continue;
        }
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *f[8];
        uint8_t mac[6];
        int64_t first, last, alerted;
        if (split_tabs(line, f, 8) != 8 || !device_mac_parse(f[0], mac) ||
            !str_to_i64(f[1], 0, INT64_MAX, &first) || !str_to_i64(f[2], 0, INT64_MAX, &last) ||
            !str_to_i64(f[3], 0, 1, &alerted)) {
            bad++;
            continue;
        }
        device *d = device_touch(s, mac, last, NULL);
        if (!d)
            break;
        d->first_seen = first;
        d->last_seen = last;
        d->alerted = alerted != 0;
        str_copy(d->vendor, sizeof d->vendor, f[4]);
        str_copy(d->hostname, sizeof d->hostname, f[5]);
        str_copy(d->os, sizeof d->os, f[6]);
        /* Addresses were written most recent first; add oldest first to keep that order. */
        char *ips[DEVICE_MAX_IPS];
        size_t nip = 0;
        for (char *p = f[7]; *p && nip < DEVICE_MAX_IPS;) {
            ips[nip++] = p;
            char *c = strchr(p, ',');
            if (!c)
                break;
            *c = '\0';
            p = c + 1;
        }
        memset(d->ips, 0, sizeof d->ips);
        while (nip > 0)
            device_add_ip(d, ips[--nip]);
    }
    fclose(fp);
    if (bad)
        log_warn("devices: skipped %zu malformed lines in %s", bad, path);
    return 0;
}
