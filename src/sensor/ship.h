/* ship.h - ship events to a collector: on-disk spool, gzip batches, HTTPS POST, at-least-once. */
#ifndef OTASUKE_SHIP_H
#define OTASUKE_SHIP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct ship ship_t;

struct ship_stats {
    uint64_t events_spooled; /* accepted by ship_event */
    uint64_t events_sent;    /* in batches the collector answered 2xx */
    uint64_t events_dropped; /* oldest segments removed to keep the spool bounded */
    uint64_t batches_sent;
    uint64_t post_failures;   /* transport errors and non-2xx answers */
    uint64_t spool_errors;    /* events ship_event could not write to the spool (disk full) */
    uint64_t events_rejected; /* in batches the collector refused 3 times as malformed (400, 413,
                                 415, 422): set aside on disk as seg-N.rejected, not resent */
    uint64_t segments_queued; /* sealed segments waiting on disk */
    uint64_t events_queued;   /* events on disk not yet accepted (sealed and open segments) */
    uint64_t spool_bytes;     /* bytes of sealed segments on disk */
};

/* url: https://collector/path; token: bearer token (may be NULL); spool_dir is created if
 * missing and segments left by an earlier run are queued for sending. NULL + err on failure.
 * If the environment has OTASUKE_SHIP_CA, that CA bundle is trusted (like ship_set_ca). */
ship_t *ship_open(const char *url, const char *token, const char *spool_dir, char *err, size_t n);
/* Trusts the CA certificates in path (PEM) for the collector, e.g. a private collector CA. */
int ship_set_ca(ship_t *s, const char *path);
/* Batch: sealed after max_events events, max_bytes bytes or max_age_s seconds (defaults
 * 1000, 1 MiB, 5 s). Spool: at most spool_max bytes (default 64 MiB); oldest dropped first. */
void ship_set_limits(ship_t *s, size_t max_events, size_t max_bytes, int max_age_s,
                     uint64_t spool_max);
/* Retry delay after a failed POST doubles from min_s up to max_s (defaults 1 s, 300 s). */
void ship_set_backoff(ship_t *s, int min_s, int max_s);
/* Appends one JSON line (newline optional) to the current spool segment. 0 or -1 (I/O).
 * Durability: each event is one write() to the segment file, so it survives the sensor being
 * killed; the segment is fsync'ed when its batch is sealed (full or max_age old), so it
 * survives a power loss from then on. */
int ship_event(ship_t *s, const char *json_line, size_t len);
/* Seals old/full batches and drives sending; never blocks on the network. Call often. */
void ship_poll(ship_t *s, time_t now);
/* Seals the current batch and tries, for at most a few seconds (OTASUKE_SHIP_CLOSE_WAIT,
 * default 10), to send what is queued; what is left stays on disk for the next start. */
void ship_close(ship_t *s);
void ship_get_stats(const ship_t *s, struct ship_stats *out);

#endif
