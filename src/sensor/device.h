/* device.h - the LAN's device inventory: MAC, addresses, names, vendor, OS guess, kept
 * bounded in memory and persisted across restarts in the state directory. */
#ifndef OTASUKE_SENSOR_DEVICE_H
#define OTASUKE_SENSOR_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEVICE_MAX_IPS 4
#define DEVICE_NAME_LEN 64
#define DEVICE_VENDOR_LEN 64
#define DEVICE_OS_LEN 48
#define DEVICE_IP_LEN 46 /* INET6_ADDRSTRLEN */

typedef struct device {
    uint8_t mac[6];
    int64_t first_seen; /* capture time, seconds since the epoch */
    int64_t last_seen;
    char ips[DEVICE_MAX_IPS][DEVICE_IP_LEN]; /* most recent first; "" = unused */
    char hostname[DEVICE_NAME_LEN];
    char vendor[DEVICE_VENDOR_LEN];
    char os[DEVICE_OS_LEN];
    bool alerted; /* a new-device alert was already raised for it */
} device;

typedef struct device_store device_store;

/* max_devices bounds memory; when full the least recently seen eighth of the devices is
 * forgotten (counted in device_evicted()). */
device_store *device_store_new(size_t max_devices);
void device_store_free(device_store *s);
size_t device_count(const device_store *s);
uint64_t device_evicted(const device_store *s);

device *device_find(device_store *s, const uint8_t mac[6]);
/* Finds or creates the device; *created tells which. NULL only on allocation failure. */
device *device_touch(device_store *s, const uint8_t mac[6], int64_t ts, bool *created);
/* Records an address (text form) for the device, most recent first, deduplicated. */
void device_add_ip(device *d, const char *ip);
/* True if the device has used the address (text form). */
bool device_has_ip(const device *d, const char *ip);
/* Finds the device currently holding an address, or NULL. */
device *device_find_ip(device_store *s, const char *ip);
/* Visits every device (order unspecified). */
void device_each(device_store *s, void (*fn)(device *d, void *arg), void *arg);

/* End of the new-device learning period (Unix seconds; 0 = not started), kept in the file. */
int64_t device_learn_until(const device_store *s);
void device_set_learn_until(device_store *s, int64_t ts);

/* Loads devices.tsv from dir (missing file = empty store, not an error). -1 on a read error. */
int device_store_load(device_store *s, const char *dir);
/* Writes dir/devices.tsv atomically (temporary file, fsync, rename). -1 on error. */
int device_store_save(const device_store *s, const char *dir);

/* "aa:bb:cc:dd:ee:ff" */
void device_mac_str(const uint8_t mac[6], char out[18]);
bool device_mac_parse(const char *s, uint8_t mac[6]);

#endif
