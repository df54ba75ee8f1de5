/* main_sensor.c - otasuke-sensor: read a capture file or watch an interface, write EVE JSON,
 * run detections, ship events to a collector; `otasuke-sensor intel update` refreshes feeds. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "capture.h"
#include "decode.h"
#include "detect.h"
#include "engine.h"
#include "eve.h"
#include "intel.h"
#include "intel_update.h"
#include "log.h"
#include "ship.h"

static volatile sig_atomic_t g_stop;
static volatile sig_atomic_t g_reopen;
static struct capture *g_cap;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
    capture_break(g_cap);
}

static void on_hup(int sig)
{
    (void)sig;
    g_reopen = 1;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: otasuke-sensor --read FILE | --iface IF [--bpf FILTER] [--user USER]\n"
            "                      [--eve OUT] [--intel DIR] [--home-net CIDR,...]\n"
            "                      [--mail-servers IP,...] [--state DIR] [--learn SECONDS]\n"
            "                      [--ship URL --token T [--spool DIR] [--ca FILE]]\n"
            "                      [--max-flows N] [--sensor-name NAME] [--no-detect]\n"
            "       otasuke-sensor intel update --config FILE --dir DIR [--ca FILE]\n"
            "\n"
            "Reads pcap/pcapng (--read) or a live interface (--iface; privileges are dropped to\n"
            "--user, default nobody, after the capture is open) and writes EVE JSON lines\n"
            "(--eve, default stdout) with alerts for the owner and the analyst.\n"
            "SIGHUP reopens the EVE file (log rotation); SIGINT/SIGTERM end flows and stop.\n");
}

struct run {
    struct engine *eng;
    ship_t *ship;
    eve_t *eve;
};

static void on_frame(void *ctx, int64_t ts_us, const uint8_t *data, size_t caplen,
                     uint32_t wire_len)
{
    struct run *r = ctx;
    engine_packet(r->eng, data, caplen, wire_len, ts_us);
}

static void on_idle(void *ctx, int64_t now_us)
{
    struct run *r = ctx;
    if (g_reopen) { /* SIGHUP: logrotate moved the EVE file */
        g_reopen = 0;
        if (eve_reopen(r->eve) != 0)
            log_warn("cannot reopen the EVE file; still writing to the old one");
    }
    engine_idle(r->eng, now_us);
    if (r->ship)
        ship_poll(r->ship, time(NULL));
}

static void ship_tap(void *ctx, const char *line, size_t len)
{
    ship_event(ctx, line, len);
}

static int mkdir_p(const char *dir)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp)
        return -1;
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0750) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, 0750) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "intel") == 0) {
#ifdef OTASUKE_HAVE_INTEL_UPDATE
        if (argc >= 3 && strcmp(argv[2], "update") == 0)
            return intel_update_main(argc - 2, argv + 2);
#endif
        usage(stderr);
        return 2;
    }
    const char *read_path = NULL, *iface = NULL, *bpf = NULL, *user = NULL;
    const char *eve_path = "-", *intel_dir = NULL, *ship_url = NULL, *token = NULL;
    const char *spool = NULL, *ca = NULL, *sensor_name = NULL;
    long max_flows = 65536;
    bool no_detect = false;
    struct detect_config dc;
    detect_config_defaults(&dc);
    char err[512] = "";

    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(o, "--no-detect") == 0) {
            no_detect = true;
            continue;
        }
        if (!v) {
            fprintf(stderr, "otasuke-sensor: %s needs a value\n", o);
            usage(stderr);
            return 2;
        }
        i++;
        if (strcmp(o, "--read") == 0 || strcmp(o, "-r") == 0)
            read_path = v;
        else if (strcmp(o, "--iface") == 0 || strcmp(o, "-i") == 0)
            iface = v;
        else if (strcmp(o, "--bpf") == 0)
            bpf = v;
        else if (strcmp(o, "--user") == 0)
            user = v;
        else if (strcmp(o, "--eve") == 0)
            eve_path = v;
        else if (strcmp(o, "--intel") == 0)
            intel_dir = v;
        else if (strcmp(o, "--ship") == 0)
            ship_url = v;
        else if (strcmp(o, "--token") == 0)
            token = v;
        else if (strcmp(o, "--spool") == 0)
            spool = v;
        else if (strcmp(o, "--ca") == 0)
            ca = v;
        else if (strcmp(o, "--sensor-name") == 0)
            sensor_name = v;
        else if (strcmp(o, "--max-flows") == 0) {
            char *end;
            max_flows = strtol(v, &end, 10);
            if (*end || max_flows < 16 || max_flows > 10000000) {
                fprintf(stderr, "otasuke-sensor: bad --max-flows %s\n", v);
                return 2;
            }
        } else {
            int rc = detect_config_option(&dc, o, v, err, sizeof err);
            if (rc < 0) {
                fprintf(stderr, "otasuke-sensor: %s\n", err);
                return 2;
            }
            if (rc == 0) {
                fprintf(stderr, "otasuke-sensor: unknown option %s\n", o);
                usage(stderr);
                return 2;
            }
        }
    }
    if ((read_path == NULL) == (iface == NULL)) {
        fprintf(stderr, "otasuke-sensor: give exactly one of --read FILE or --iface IF\n");
        usage(stderr);
        return 2;
    }

    int rc = 1;
    eve_t *eve = NULL;
    intel_t *intel = NULL;
    detect_t *det = NULL;
    ship_t *ship = NULL;
    struct engine *eng = NULL;
    struct capture *cap = NULL;

    cap = read_path ? capture_open_file(read_path, err, sizeof err)
                    : capture_open_live(iface, bpf, err, sizeof err);
    if (!cap) {
        fprintf(stderr, "otasuke-sensor: %s\n", err);
        goto out;
    }
    eve = eve_open(eve_path, err, sizeof err);
    if (!eve) {
        fprintf(stderr, "otasuke-sensor: %s\n", err);
        goto out;
    }
    if (sensor_name)
        eve_set_sensor_name(eve, sensor_name);
    char spool_buf[4096];
    if (ship_url) {
        if (!spool) {
            const char *base = dc.state_dir ? dc.state_dir : ".";
            snprintf(spool_buf, sizeof spool_buf, "%s/spool", base);
            spool = spool_buf;
        }
        if (mkdir_p(spool) != 0) {
            fprintf(stderr, "otasuke-sensor: cannot create spool %s\n", spool);
            goto out;
        }
    }
    if (dc.state_dir && mkdir_p(dc.state_dir) != 0) {
        fprintf(stderr, "otasuke-sensor: cannot create state directory %s\n", dc.state_dir);
        goto out;
    }
    if (iface) {
        /* the capture is open: from here on nothing needs root */
        const char *keep[3] = {NULL, NULL, NULL};
        size_t nk = 0;
        if (dc.state_dir)
            keep[nk++] = dc.state_dir;
        if (spool)
            keep[nk++] = spool;
        if (!capture_drop_privileges(user, keep, err, sizeof err)) {
            fprintf(stderr, "otasuke-sensor: %s\n", err);
            goto out;
        }
    }
    if (ship_url) {
        ship = ship_open(ship_url, token, spool, err, sizeof err);
        if (!ship) {
            fprintf(stderr, "otasuke-sensor: shipping: %s\n", err);
            goto out;
        }
        if (ca && ship_set_ca(ship, ca) != 0) {
            fprintf(stderr, "otasuke-sensor: cannot use CA bundle %s\n", ca);
            goto out;
        }
        eve_set_tap(eve, ship_tap, ship);
    }
    if (intel_dir) {
        intel = intel_load_dir(intel_dir, err, sizeof err);
        if (!intel) {
            fprintf(stderr, "otasuke-sensor: intel: %s\n", err);
            goto out;
        }
        log_info("intel: %zu indicators from %s", intel_count(intel), intel_dir);
    }
    struct sensor_sink sink;
    memset(&sink, 0, sizeof sink);
    if (!no_detect) {
        dc.intel = intel;
        dc.eve = eve;
        det = detect_new(&dc, err, sizeof err);
        if (!det) {
            fprintf(stderr, "otasuke-sensor: detection: %s\n", err);
            goto out;
        }
        detect_sink(det, &sink);
    }
    if (!decode_dlt_supported(capture_dlt(cap)))
        log_warn("link type %d is not decoded: only capture statistics will be written",
                 capture_dlt(cap));
    struct engine_config ec = {
        .dlt = capture_dlt(cap),
        .max_flows = (size_t)max_flows,
        .sink = no_detect ? NULL : &sink,
        .eve = eve,
        .stats_interval_s = iface ? 60 : 0,
    };
    eng = engine_new(&ec);
    if (!eng) {
        fprintf(stderr, "otasuke-sensor: out of memory\n");
        goto out;
    }
    g_cap = cap;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    struct sigaction sh;
    memset(&sh, 0, sizeof sh);
    sh.sa_handler = on_hup;
    sigaction(SIGHUP, &sh, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct run r = {eng, ship, eve};
    int crc = capture_run(cap, on_frame, on_idle, &r, &g_stop, err, sizeof err);
    if (crc == 1) {
        /* truncated or damaged file: keep what was read */
        engine_count_truncated(eng);
        fprintf(stderr, "otasuke-sensor: warning: %s: %s (events up to here were written)\n",
                read_path, err);
    } else if (crc < 0) {
        fprintf(stderr, "otasuke-sensor: capture: %s\n", err);
    }
    engine_finish(eng);
    rc = crc < 0 ? 1 : 0;
out:
    engine_free(eng);
    detect_free(det);
    if (ship)
        ship_close(ship);
    eve_close(eve);
    intel_free(intel);
    capture_close(cap);
    g_cap = NULL;
    return rc;
}
