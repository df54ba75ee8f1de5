/* capture.h - packet sources (capture file or live interface with BPF) and privilege drop. */
#ifndef OTASUKE_SENSOR_CAPTURE_H
#define OTASUKE_SENSOR_CAPTURE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct capture;

/* One frame: capture time in microseconds, captured bytes, length on the wire. */
typedef void (*capture_fn)(void *ctx, int64_t ts_us, const uint8_t *data, size_t caplen,
                           uint32_t wire_len);
/* Called every 4096 frames, and live after every batch or 500 ms without packets. */
typedef void (*capture_idle_fn)(void *ctx, int64_t now_us);

/* pcap or pcapng file ("-" = stdin). NULL with err on failure. */
struct capture *capture_open_file(const char *path, char *err, size_t errsz);
/* Live interface, promiscuous, with an optional BPF filter (NULL = everything). */
struct capture *capture_open_live(const char *iface, const char *bpf, char *err, size_t errsz);
void capture_close(struct capture *c);
int capture_dlt(const struct capture *c);
/* Reads until end of file, error or *stop. Returns 0 at a clean end, 1 if the file ended in
 * a truncated record or read error (message in err), -1 on a live capture error. */
int capture_run(struct capture *c, capture_fn fn, capture_idle_fn idle, void *ctx,
                volatile sig_atomic_t *stop, char *err, size_t errsz);
/* Interrupts capture_run from a signal handler. */
void capture_break(struct capture *c);

/* When running as root: switches to user (default "nobody"), its group and no supplementary
 * groups; afterwards regaining root must fail. Directories in keep (a NULL-terminated list, or
 * NULL) are first given to that user so state can still be written. No-op if not root. */
bool capture_drop_privileges(const char *user, const char *const *keep, char *err, size_t errsz);

#endif
