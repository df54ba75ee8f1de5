/* engine.h - the packet path: decode -> flow table -> TCP ordering -> parsers -> sink + EVE. */
#ifndef OTASUKE_SENSOR_ENGINE_H
#define OTASUKE_SENSOR_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "eve.h"
#include "events.h"

struct engine;

struct engine_config {
    int dlt;                        /* pcap link type of the frames */
    size_t max_flows;               /* flow table bound (0 = 65536) */
    size_t max_frag_datagrams;      /* fragment reassembly slots (0 = 64) */
    const struct sensor_sink *sink; /* detection; NULL = none */
    eve_t *eve;                     /* EVE output; NULL = none */
    int stats_interval_s;           /* stats event every N seconds of packet time (0 = end only) */
};

struct engine *engine_new(const struct engine_config *cfg);
/* Frees everything; call engine_finish first to end flows and write the final events. */
void engine_free(struct engine *e);
void engine_set_dlt(struct engine *e, int dlt);
/* One captured frame. ts_us: capture time. */
void engine_packet(struct engine *e, const uint8_t *data, size_t caplen, uint32_t wire_len,
                   int64_t ts_us);
/* Housekeeping without a packet (live capture idle): expiry and ticks at time now_us. */
void engine_idle(struct engine *e, int64_t now_us);
/* End of input: ends all flows (reason shutdown), calls the sink's on_finish, writes stats. */
void engine_finish(struct engine *e);
void engine_get_stats(const struct engine *e, struct sensor_stats *s);
/* Counts a frame the capture layer could not read (truncated file). */
void engine_count_truncated(struct engine *e);

#endif
