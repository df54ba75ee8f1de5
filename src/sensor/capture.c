/* capture.c - libpcap sources. Files are read with pcap_loop (pcap and pcapng alike); live
 * capture polls with a short timeout so housekeeping runs when the link is quiet. */
#include "capture.h"

#include <errno.h>
#include <grp.h>
#include <pcap/pcap.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

struct capture {
    pcap_t *p;
    bool live;
};

struct run_ctx {
    capture_fn fn;
    capture_idle_fn idle;
    void *ctx;
    uint64_t n;
    volatile sig_atomic_t *stop;
    pcap_t *p;
};

struct capture *capture_open_file(const char *path, char *err, size_t errsz)
{
    char eb[PCAP_ERRBUF_SIZE] = "";
    struct capture *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    c->p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_MICRO, eb);
    if (!c->p) {
        snprintf(err, errsz, "%s: %s", path, eb);
        free(c);
        return NULL;
    }
    return c;
}

struct capture *capture_open_live(const char *iface, const char *bpf, char *err, size_t errsz)
{
    char eb[PCAP_ERRBUF_SIZE] = "";
    struct capture *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    c->live = true;
    c->p = pcap_create(iface, eb);
    if (!c->p) {
        snprintf(err, errsz, "%s: %s", iface, eb);
        goto fail;
    }
    pcap_set_snaplen(c->p, 65535);
    pcap_set_promisc(c->p, 1);
    pcap_set_timeout(c->p, 500);
    pcap_set_buffer_size(c->p, 8 << 20);
    if (pcap_activate(c->p) < 0) {
        snprintf(err, errsz, "%s: %s", iface, pcap_geterr(c->p));
        goto fail;
    }
    if (bpf && bpf[0]) {
        struct bpf_program prog;
        if (pcap_compile(c->p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) < 0) {
            snprintf(err, errsz, "BPF filter \"%s\": %s", bpf, pcap_geterr(c->p));
            goto fail;
        }
        int rc = pcap_setfilter(c->p, &prog);
        pcap_freecode(&prog);
        if (rc < 0) {
            snprintf(err, errsz, "BPF filter: %s", pcap_geterr(c->p));
            goto fail;
        }
    }
    return c;
fail:
    if (c->p)
        pcap_close(c->p);
    free(c);
    return NULL;
}

void capture_close(struct capture *c)
{
    if (!c)
        return;
    pcap_close(c->p);
    free(c);
}

int capture_dlt(const struct capture *c)
{
    return pcap_datalink(c->p);
}

void capture_break(struct capture *c)
{
    if (c)
        pcap_breakloop(c->p);
}

static int64_t now_us(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

static void on_pkt(u_char *u, const struct pcap_pkthdr *h, const u_char *data)
{
    struct run_ctx *r = (struct run_ctx *)u;
    int64_t ts = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;
    r->fn(r->ctx, ts, data, h->caplen, h->len);
    if ((++r->n & 4095) == 0) {
        if (r->idle)
            r->idle(r->ctx, ts);
        if (r->stop && *r->stop)
            pcap_breakloop(r->p);
    }
}

int capture_run(struct capture *c, capture_fn fn, capture_idle_fn idle, void *ctx,
                volatile sig_atomic_t *stop, char *err, size_t errsz)
{
    struct run_ctx r = {fn, idle, ctx, 0, stop, c->p};
    err[0] = '\0';
    if (!c->live) {
        int rc = pcap_loop(c->p, -1, on_pkt, (u_char *)&r);
        if (rc == PCAP_ERROR) {
            snprintf(err, errsz, "%s", pcap_geterr(c->p));
            return 1;
        }
        return 0;
    }
    /* non-blocking reads plus our own poll: housekeeping (flow expiry, EVE reopen, shipping)
     * runs at least every 500 ms even when no packet arrives */
    char eb[PCAP_ERRBUF_SIZE];
    int fd = pcap_get_selectable_fd(c->p);
    if (fd >= 0 && pcap_setnonblock(c->p, 1, eb) != 0)
        fd = -1;
    while (!(stop && *stop)) {
        int rc = pcap_dispatch(c->p, -1, on_pkt, (u_char *)&r);
        if (rc == PCAP_ERROR) {
            snprintf(err, errsz, "%s", pcap_geterr(c->p));
            return -1;
        }
        if (rc == 0 && fd >= 0) {
            struct pollfd pfd = {.fd = fd, .events = POLLIN};
            poll(&pfd, 1, 500);
        }
        if (idle)
            idle(ctx, now_us());
    }
    return 0;
}

bool capture_drop_privileges(const char *user, const char *const *keep, char *err, size_t errsz)
{
    if (geteuid() != 0)
        return true;
    if (!user || !user[0])
        user = "nobody";
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        snprintf(err, errsz, "no such user: %s", user);
        return false;
    }
    for (size_t i = 0; keep && keep[i]; i++)
        if (chown(keep[i], pw->pw_uid, pw->pw_gid) != 0 && errno != ENOENT) {
            snprintf(err, errsz, "chown %s: %s", keep[i], strerror(errno));
            return false;
        }
    if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
        snprintf(err, errsz, "cannot switch to %s: %s", user, strerror(errno));
        return false;
    }
    if (pw->pw_uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
        snprintf(err, errsz, "could regain root after dropping privileges");
        return false;
    }
    return true;
}
