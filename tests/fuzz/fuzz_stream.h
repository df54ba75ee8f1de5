/* fuzz_stream.h - shared input format of the sensor's stream-parser fuzz targets: a sequence
 * of chunks, each one header byte (bit 7 = direction, low 7 bits = length) and that many
 * bytes (fewer at the end of the input). A zero-length chunk stands for a gap in the stream. */
#ifndef OTASUKE_FUZZ_STREAM_H
#define OTASUKE_FUZZ_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_chunk {
    int dir;
    const uint8_t *p;
    size_t n;
};

/* Takes the next chunk at *off; false at the end of the input. */
static inline bool fuzz_next_chunk(const uint8_t *data, size_t size, size_t *off,
                                   struct fuzz_chunk *c)
{
    if (*off >= size)
        return false;
    c->dir = data[*off] >> 7;
    c->n = data[*off] & 0x7f;
    (*off)++;
    if (c->n > size - *off)
        c->n = size - *off;
    c->p = data + *off;
    *off += c->n;
    return true;
}

/* Parsed events are dropped: the targets look for crashes and sanitizer reports. */
static inline void fuzz_drop_event(void *ctx, enum app_proto kind, const void *ev)
{
    (void)ctx;
    (void)kind;
    (void)ev;
}

#endif
