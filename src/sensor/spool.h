/* spool.h - on-disk queue of event segments for shipping (append, seal, read, remove). */
#ifndef OTASUKE_SPOOL_H
#define OTASUKE_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Segment life: events are appended to DIR/seg-N.open; sealing fsyncs it and renames it to
 * DIR/seg-N.ndjson, which is queued until spool_remove (after the collector accepted it).
 * A .open file found at start (crash) is cut after its last complete line and sealed. */
struct spool_seg {
    uint64_t seq;
    uint64_t bytes;
    uint64_t events;
};

struct spool {
    char dir[1024];
    int cur_fd; /* -1 when no open segment */
    uint64_t cur_seq;
    uint64_t cur_events;
    uint64_t cur_bytes;
    time_t cur_opened;
    uint64_t next_seq;
    struct spool_seg *q; /* sealed segments, oldest first */
    size_t nq, capq;
    uint64_t queued_bytes;
    uint64_t max_bytes;      /* bound on sealed bytes; oldest segments dropped beyond it */
    uint64_t dropped_events; /* events in segments dropped to respect max_bytes */
};

int spool_open(struct spool *sp, const char *dir, uint64_t max_bytes, char *err, size_t errlen);
/* Appends line (a '\n' is added when missing) to the open segment, opening one at now. */
int spool_append(struct spool *sp, const char *line, size_t len, time_t now);
/* Seals the open segment if it holds events, then drops the oldest sealed segments (except
 * the one numbered keep, being sent) while over max_bytes. 0 or -1 on I/O error. */
int spool_seal(struct spool *sp, uint64_t keep);
/* Oldest sealed segment, or NULL. */
const struct spool_seg *spool_head(const struct spool *sp);
/* Reads a sealed segment into a malloc'd buffer. */
int spool_read(const struct spool *sp, uint64_t seq, char **data, size_t *len);
/* Deletes a sealed segment (sent). */
int spool_remove(struct spool *sp, uint64_t seq);
/* Renames a sealed segment to DIR/seg-N.rejected (kept for inspection, never sent again) and
 * takes it out of the queue. */
int spool_set_aside(struct spool *sp, uint64_t seq);
/* Seals and releases; sealed segments stay on disk. */
void spool_close(struct spool *sp);

#endif
