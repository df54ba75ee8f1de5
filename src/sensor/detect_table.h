/* detect_table.h - fixed-capacity hash table with LRU eviction for per-host detection state. */
#ifndef OTASUKE_SENSOR_DETECT_TABLE_H
#define OTASUKE_SENSOR_DETECT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DTABLE_KEY_MAX 40

typedef struct dtable dtable;

/* All memory is allocated here: cap entries of val_size bytes each. */
dtable *dtable_new(size_t cap, size_t val_size);
void dtable_free(dtable *t);
/* The value for key (klen <= DTABLE_KEY_MAX). When absent and create is true, a zeroed value
 * is added, evicting the least recently used entry if the table is full; *created says so.
 * A found entry becomes the most recently used. NULL when absent and !create. */
void *dtable_get(dtable *t, const void *key, size_t klen, bool create, bool *created);
void dtable_remove(dtable *t, const void *key, size_t klen);
size_t dtable_count(const dtable *t);
uint64_t dtable_evicted(const dtable *t);
/* Visits entries from least to most recently used; fn returns false to remove the entry. */
void dtable_each(dtable *t, bool (*fn)(void *val, void *arg), void *arg);

#endif
