/* oui.h - MAC vendor lookup from the IEEE OUI registry (MA-L, 24-bit prefixes). */
#ifndef OTASUKE_SENSOR_OUI_H
#define OTASUKE_SENSOR_OUI_H

#include <stddef.h>
#include <stdint.h>

typedef struct oui_table oui_table;

/* Loads the IEEE CSV (Registry,Assignment,Organization Name,...). NULL path tries, in order,
 * $OTASUKE_OUI, /usr/share/ieee-data/oui.csv (Debian ieee-data) and the bundled subset
 * data/sensor/oui-subset.csv. Never returns NULL except on allocation failure: a table that
 * could not be loaded is empty and every lookup answers NULL. */
oui_table *oui_load(const char *path);
void oui_free(oui_table *t);
size_t oui_count(const oui_table *t);
/* Vendor name for a MAC address (6 bytes), or NULL when unknown or locally administered. */
const char *oui_lookup(const oui_table *t, const uint8_t mac[6]);

#endif
