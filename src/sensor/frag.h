/* frag.h - bounded IPv4/IPv6 fragment reassembly (few datagrams at once, 64 KB each). */
#ifndef OTASUKE_SENSOR_FRAG_H
#define OTASUKE_SENSOR_FRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events.h"

struct frag_table;

struct frag_stats {
    uint64_t reassembled, dropped, timeouts;
};

/* max_datagrams in progress at once (oldest dropped when full); timeout in seconds. */
struct frag_table *frag_new(size_t max_datagrams, int timeout_s);
void frag_free(struct frag_table *t);
/*
 * Adds the payload of one fragment (bytes after the IP header / fragment header) at byte
 * offset off; more = more fragments follow. Returns true when the datagram is complete:
 * out and out_len then hold the whole transport payload, valid until the next call.
 */
bool frag_add(struct frag_table *t, int64_t ts_us, const struct sensor_addr *src,
              const struct sensor_addr *dst, uint32_t id, uint8_t proto, uint32_t off, bool more,
              const uint8_t *data, size_t len, const uint8_t **out, size_t *out_len);
void frag_get_stats(const struct frag_table *t, struct frag_stats *s);

#endif
