/* spool.c - on-disk queue of event segments for shipping (append, seal, read, remove). */
#include "spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int seg_path(const struct spool *sp, uint64_t seq, const char *ext, char *out, size_t n)
{
    int w = snprintf(out, n, "%s/seg-%016" PRIu64 ".%s", sp->dir, seq, ext);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

static void fsync_dir(const struct spool *sp)
{
    int fd = open(sp->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int q_push(struct spool *sp, uint64_t seq, uint64_t bytes, uint64_t events)
{
    if (sp->nq == sp->capq) {
        size_t ncap = sp->capq ? sp->capq * 2 : 64;
        struct spool_seg *nq = realloc(sp->q, ncap * sizeof(*nq));
        if (!nq)
            return -1;
        sp->q = nq;
        sp->capq = ncap;
    }
    sp->q[sp->nq++] = (struct spool_seg){.seq = seq, .bytes = bytes, .events = events};
    sp->queued_bytes += bytes;
    return 0;
}

static int cmp_seg(const void *a, const void *b)
{
    const struct spool_seg *x = a, *y = b;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Counts lines of a segment and, for a crashed .open one, cuts a partial last line. */
static int scan_segment(const char *path, bool repair, uint64_t *bytes, uint64_t *events)
{
    int fd = open(path, (repair ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[65536];
    uint64_t total = 0, last_nl = 0, lines = 0;
    ssize_t r;
    for (;;) {
        r = read(fd, buf, sizeof(buf));
        if (r <= 0)
            break;
        for (ssize_t i = 0; i < r; i++) {
            if (buf[i] == '\n') {
                lines++;
                last_nl = total + (uint64_t)i + 1;
            }
        }
        total += (uint64_t)r;
    }
    int rc = r < 0 ? -1 : 0;
    if (rc == 0 && repair && last_nl != total) {
        if (ftruncate(fd, (off_t)last_nl) < 0 || fsync(fd) < 0)
            rc = -1;
        total = last_nl;
    }
    close(fd);
    *bytes = total;
    *events = lines;
    return rc;
}

int spool_open(struct spool *sp, const char *dir, uint64_t max_bytes, char *err, size_t errlen)
{
    memset(sp, 0, sizeof(*sp));
    sp->cur_fd = -1;
    sp->max_bytes = max_bytes;
    size_t dl = strlen(dir);
    if (dl == 0 || dl >= sizeof(sp->dir) - 64) {
        snprintf(err, errlen, "spool directory name too long");
        return -1;
    }
    memcpy(sp->dir, dir, dl + 1);
    if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (;;) {
        struct dirent *e = readdir(d);
        if (!e)
            break;
        uint64_t seq;
        char ext[16];
        if (sscanf(e->d_name, "seg-%16" SCNu64 ".%15s", &seq, ext) != 2)
            continue;
        bool open_seg = strcmp(ext, "open") == 0;
        if (seq >= sp->next_seq) /* set-aside .rejected segments keep their numbers too */
            sp->next_seq = seq + 1;
        if (!open_seg && strcmp(ext, "ndjson") != 0)
            continue;
        char path[1200], sealed[1200];
        if (seg_path(sp, seq, ext, path, sizeof(path)) < 0 ||
            seg_path(sp, seq, "ndjson", sealed, sizeof(sealed)) < 0)
            continue;
        uint64_t bytes, events;
        if (scan_segment(path, open_seg, &bytes, &events) < 0)
            continue;
        if (open_seg && rename(path, sealed) < 0)
            continue;
        if (seq >= sp->next_seq)
            sp->next_seq = seq + 1;
        if (events == 0) { /* nothing to send */
            unlink(sealed);
            continue;
        }
        if (q_push(sp, seq, bytes, events) < 0) {
            rc = -1;
            break;
        }
    }
    closedir(d);
    if (rc < 0) {
        snprintf(err, errlen, "out of memory");
        free(sp->q);
        sp->q = NULL;
        return -1;
    }
    if (sp->nq)
        qsort(sp->q, sp->nq, sizeof(*sp->q), cmp_seg);
    fsync_dir(sp);
    return 0;
}

int spool_append(struct spool *sp, const char *line, size_t len, time_t now)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    if (sp->cur_fd < 0) {
        char path[1200];
        if (seg_path(sp, sp->next_seq, "open", path, sizeof(path)) < 0)
            return -1;
        sp->cur_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
        if (sp->cur_fd < 0)
            return -1;
        sp->cur_seq = sp->next_seq++;
        sp->cur_events = 0;
        sp->cur_bytes = 0;
        sp->cur_opened = now;
    }
    /* one write per line, so that a crash leaves whole lines or a cut last line */
    char small[4096];
    const char *p;
    char *big = NULL;
    if (len + 1 <= sizeof(small)) {
        memcpy(small, line, len);
        small[len] = '\n';
        p = small;
    } else {
        big = malloc(len + 1);
        if (!big)
            return -1;
        memcpy(big, line, len);
        big[len] = '\n';
        p = big;
    }
    size_t off = 0;
    int rc = 0;
    while (off < len + 1) {
        ssize_t w = write(sp->cur_fd, p + off, len + 1 - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            rc = -1;
            break;
        }
        off += (size_t)w;
    }
    free(big);
    if (rc == 0) {
        sp->cur_events++;
        sp->cur_bytes += len + 1;
    }
    return rc;
}

static void drop_oldest(struct spool *sp, uint64_t keep)
{
    while (sp->queued_bytes > sp->max_bytes && sp->nq > 0) {
        size_t i = 0;
        if (sp->q[0].seq == keep) {
            if (sp->nq < 2)
                return;
            i = 1;
        }
        char path[1200];
        if (seg_path(sp, sp->q[i].seq, "ndjson", path, sizeof(path)) == 0)
            unlink(path);
        sp->dropped_events += sp->q[i].events;
        sp->queued_bytes -= sp->q[i].bytes;
        memmove(&sp->q[i], &sp->q[i + 1], (sp->nq - i - 1) * sizeof(*sp->q));
        sp->nq--;
    }
}

int spool_seal(struct spool *sp, uint64_t keep)
{
    int rc = 0;
    if (sp->cur_fd >= 0) {
        bool empty = sp->cur_events == 0;
        char path[1200], sealed[1200];
        if (seg_path(sp, sp->cur_seq, "open", path, sizeof(path)) < 0 ||
            seg_path(sp, sp->cur_seq, "ndjson", sealed, sizeof(sealed)) < 0)
            return -1;
        if (!empty && fsync(sp->cur_fd) < 0)
            rc = -1;
        close(sp->cur_fd);
        sp->cur_fd = -1;
        if (empty) {
            unlink(path);
        } else if (rc == 0 && rename(path, sealed) == 0) {
            fsync_dir(sp);
            if (q_push(sp, sp->cur_seq, sp->cur_bytes, sp->cur_events) < 0)
                rc = -1; /* stays on disk; queued again at the next start */
        } else {
            rc = -1; /* the .open file stays; it is repaired and queued at the next start */
        }
        sp->cur_events = 0;
        sp->cur_bytes = 0;
    }
    drop_oldest(sp, keep);
    return rc;
}

const struct spool_seg *spool_head(const struct spool *sp)
{
    return sp->nq ? &sp->q[0] : NULL;
}

int spool_read(const struct spool *sp, uint64_t seq, char **data, size_t *len)
{
    char path[1200];
    if (seg_path(sp, seq, "ndjson", path, sizeof(path)) < 0)
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size < 0) {
        close(fd);
        return -1;
    }
    size_t n = (size_t)st.st_size;
    char *buf = malloc(n + 1);
    size_t off = 0;
    while (buf && off < n) {
        ssize_t r = read(fd, buf + off, n - off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        off += (size_t)r;
    }
    close(fd);
    if (!buf || off != n) {
        free(buf);
        errno = buf ? EIO : ENOMEM;
        return -1;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

int spool_remove(struct spool *sp, uint64_t seq)
{
    for (size_t i = 0; i < sp->nq; i++) {
        if (sp->q[i].seq != seq)
            continue;
        char path[1200];
        if (seg_path(sp, seq, "ndjson", path, sizeof(path)) == 0)
            unlink(path);
        sp->queued_bytes -= sp->q[i].bytes;
        memmove(&sp->q[i], &sp->q[i + 1], (sp->nq - i - 1) * sizeof(*sp->q));
        sp->nq--;
        return 0;
    }
    return -1;
}

int spool_set_aside(struct spool *sp, uint64_t seq)
{
    for (size_t i = 0; i < sp->nq; i++) {
        if (sp->q[i].seq != seq)
            continue;
        char path[1200], aside[1200];
        if (seg_path(sp, seq, "ndjson", path, sizeof(path)) < 0 ||
            seg_path(sp, seq, "rejected", aside, sizeof(aside)) < 0 || rename(path, aside) < 0)
            return -1;
        fsync_dir(sp);
        sp->queued_bytes -= sp->q[i].bytes;
        memmove(&sp->q[i], &sp->q[i + 1], (sp->nq - i - 1) * sizeof(*sp->q));
        sp->nq--;
        return 0;
    }
    return -1;
}

void spool_close(struct spool *sp)
{
    spool_seal(sp, UINT64_MAX);
    free(sp->q);
    sp->q = NULL;
    sp->nq = sp->capq = 0;
}
