/* ship.c - ship spooled event batches to the collector: gzip, HTTPS POST, retry with backoff. */
#include "ship.h"
#include "spool.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Sending state: idle (easy handle not in multi) or busy with exactly one segment in flight.
 * A segment leaves the spool only after a 2xx answer, so every event is sent at least once. */
struct ship {
    struct spool sp;
    char *url;
    char *ca;
    CURLM *multi;
    CURL *easy;
    struct curl_slist *hdrs;
    bool busy;
    uint64_t busy_seq;
    uint64_t busy_events;
    unsigned char *body;
    size_t body_len;
    long backoff; /* seconds; 0 after a success */
    long backoff_min, backoff_max;
    int refused; /* consecutive "malformed batch" answers for the segment at the head */
    bool opened; /* fully set up: ship_close may try to send */
    time_t next_try;
    time_t last_perform;
    struct timespec last_tick; /* coarse monotonic time of the last curl_multi_perform */
    size_t max_events, max_bytes;
    int max_age;
    struct ship_stats st;
    char errbuf[CURL_ERROR_SIZE];
};

static size_t discard_body(char *p, size_t size, size_t n, void *u)
{
    (void)p;
    (void)u;
    return size * n;
}

ship_t *ship_open(const char *url, const char *token, const char *spool_dir, char *err, size_t n)
{
    if (!url || strncmp(url, "https://", 8) != 0) {
        snprintf(err, n, "ship URL must start with https://");
        return NULL;
    }
    if (token && (strpbrk(token, "\r\n") || strlen(token) > 900)) {
        snprintf(err, n, "ship token must be one line of at most 900 characters");
        return NULL;
    }
    ship_t *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    s->max_events = 1000;
    s->max_bytes = 1u << 20;
    s->max_age = 5;
    s->backoff_min = 1;
    s->backoff_max = 300;
    if (spool_open(&s->sp, spool_dir, 64ull << 20, err, n) < 0) {
        free(s);
        return NULL;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    s->url = strdup(url);
    s->multi = curl_multi_init();
    s->easy = curl_easy_init();
    if (!s->url || !s->multi || !s->easy)
        goto oom;
    char auth[1024] = "";
    if (token && *token)
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
    const char *hdrs[] = {auth, "Content-Type: application/x-ndjson", "Content-Encoding: gzip",
                          "Expect:"};
    for (size_t i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
        if (!hdrs[i][0])
            continue;
        struct curl_slist *l = curl_slist_append(s->hdrs, hdrs[i]);
        if (!l)
            goto oom;
        s->hdrs = l;
    }
    const char *ca = getenv("OTASUKE_SHIP_CA");
    if (ca && *ca && ship_set_ca(s, ca) < 0)
        goto oom;
    s->st.segments_queued = s->sp.nq;
    s->st.spool_bytes = s->sp.queued_bytes;
    s->opened = true;
    return s;
oom:
    snprintf(err, n, "out of memory");
    ship_close(s);
    return NULL;
}

int ship_set_ca(ship_t *s, const char *path)
{
    char *c = strdup(path);
    if (!c)
        return -1;
    free(s->ca);
    s->ca = c;
    return 0;
}

void ship_set_backoff(ship_t *s, int min_s, int max_s)
{
    if (min_s > 0)
        s->backoff_min = min_s;
    if (max_s >= s->backoff_min)
        s->backoff_max = max_s;
}

void ship_set_limits(ship_t *s, size_t max_events, size_t max_bytes, int max_age_s,
                     uint64_t spool_max)
{
    if (max_events)
        s->max_events = max_events;
    if (max_bytes)
        s->max_bytes = max_bytes;
    if (max_age_s > 0)
        s->max_age = max_age_s;
    if (spool_max)
        s->sp.max_bytes = spool_max;
}

static void update_stats(ship_t *s)
{
    s->st.segments_queued = s->sp.nq;
    s->st.spool_bytes = s->sp.queued_bytes;
    s->st.events_dropped = s->sp.dropped_events;
}

static void seal(ship_t *s)
{
    spool_seal(&s->sp, s->busy ? s->busy_seq : UINT64_MAX);
    update_stats(s);
}

int ship_event(ship_t *s, const char *json_line, size_t len)
{
    if (!s)
        return -1;
    time_t now = s->sp.cur_fd >= 0 ? s->sp.cur_opened : s->last_perform;
    if (spool_append(&s->sp, json_line, len, now) < 0) {
        s->st.spool_errors++;
        return -1;
    }
    s->st.events_spooled++;
    if (s->sp.cur_events >= s->max_events || s->sp.cur_bytes >= s->max_bytes)
        seal(s);
    return 0;
}

/* gzip (RFC 1952) of the whole segment. */
static int gzip_buf(const char *in, size_t len, unsigned char **out, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    size_t cap = deflateBound(&z, (uLong)len) + 64;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        deflateEnd(&z);
        return -1;
    }
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)len;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    int r = deflate(&z, Z_FINISH);
    deflateEnd(&z);
    if (r != Z_STREAM_END) {
        free(buf);
        return -1;
    }
    *out = buf;
    *outlen = cap - z.avail_out;
    return 0;
}

static void fail_attempt(ship_t *s, time_t now)
{
    s->st.post_failures++;
    s->backoff = s->backoff ? s->backoff * 2 : s->backoff_min;
    if (s->backoff > s->backoff_max)
        s->backoff = s->backoff_max;
    s->next_try = now + s->backoff;
}

static void start_send(ship_t *s, time_t now)
{
    const struct spool_seg *h = spool_head(&s->sp);
    if (!h)
        return;
    char *data;
    size_t len;
    if (spool_read(&s->sp, h->seq, &data, &len) < 0) {
        if (errno == ENOENT) { /* removed behind our back: nothing left to send */
            s->sp.dropped_events += h->events;
            spool_remove(&s->sp, h->seq);
            update_stats(s);
            return;
        }
        fail_attempt(s, now);
        return;
    }
    int rc = gzip_buf(data, len, &s->body, &s->body_len);
    free(data);
    if (rc < 0) {
        fail_attempt(s, now);
        return;
    }
    s->busy_seq = h->seq;
    s->busy_events = h->events;
    CURL *e = s->easy;
    curl_easy_reset(e);
    curl_easy_setopt(e, CURLOPT_URL, s->url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, s->hdrs);
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, (const char *)s->body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)s->body_len);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard_body);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->errbuf);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "otasuke-sensor/" OTASUKE_VERSION);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https,http");
    if (s->ca)
        curl_easy_setopt(e, CURLOPT_CAINFO, s->ca);
    s->errbuf[0] = '\0';
    if (curl_multi_add_handle(s->multi, e) != CURLM_OK) {
        free(s->body);
        s->body = NULL;
        fail_attempt(s, now);
        return;
    }
    s->busy = true;
}

/* Collects a finished transfer, if any. */
static void finish_send(ship_t *s, time_t now)
{
    int left;
    for (;;) {
        CURLMsg *m = curl_multi_info_read(s->multi, &left);
        if (!m)
            break;
        if (m->msg != CURLMSG_DONE || m->easy_handle != s->easy)
            continue;
        long code = 0;
        CURLcode res = m->data.result;
        curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &code);
        curl_multi_remove_handle(s->multi, s->easy);
        s->busy = false;
        free(s->body);
        s->body = NULL;
        bool refused =
            res == CURLE_OK && (code == 400 || code == 413 || code == 415 || code == 422);
        if (res == CURLE_OK && code >= 200 && code < 300) {
            spool_remove(&s->sp, s->busy_seq);
            s->st.events_sent += s->busy_events;
            s->st.batches_sent++;
            s->backoff = 0;
            s->next_try = 0;
            s->refused = 0;
        } else if (refused && ++s->refused >= 3 && spool_set_aside(&s->sp, s->busy_seq) == 0) {
            /* a batch the collector keeps refusing must not block every later one; it stays
             * on disk for a person to look at */
            s->st.post_failures++;
            s->st.events_rejected += s->busy_events;
            s->refused = 0;
        } else {
            if (!refused)
                s->refused = 0;
            fail_attempt(s, now);
        }
        update_stats(s);
    }
}

static void drive(ship_t *s, time_t now)
{
    int running;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &s->last_tick);
    if (s->busy) {
        curl_multi_perform(s->multi, &running);
        finish_send(s, now);
    }
    if (!s->busy && spool_head(&s->sp) && now >= s->next_try) {
        start_send(s, now);
        if (s->busy)
            curl_multi_perform(s->multi, &running);
    }
}

void ship_poll(ship_t *s, time_t now)
{
    if (!s)
        return;
    s->last_perform = now;
    if (s->sp.cur_fd >= 0 && s->sp.cur_events > 0 && now - s->sp.cur_opened >= s->max_age)
        seal(s);
    /* cheap when called for every packet: the network is driven at most once per tick of the
     * coarse monotonic clock (a few milliseconds) */
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
    if (t.tv_sec == s->last_tick.tv_sec && t.tv_nsec == s->last_tick.tv_nsec)
        return;
    if (!s->busy && (!spool_head(&s->sp) || now < s->next_try))
        return;
    drive(s, now);
}

void ship_get_stats(const ship_t *s, struct ship_stats *out)
{
    if (s) {
        *out = s->st;
        out->events_queued = s->sp.cur_events;
        for (size_t i = 0; i < s->sp.nq; i++)
            out->events_queued += s->sp.q[i].events;
    } else
        memset(out, 0, sizeof(*out));
}

void ship_close(ship_t *s)
{
    if (!s)
        return;
    if (s->opened) {
        seal(s);
        const char *w = getenv("OTASUKE_SHIP_CLOSE_WAIT");
        long wait = w && *w ? strtol(w, NULL, 10) : 10;
        time_t deadline = time(NULL) + wait;
        /* retries during the wait use wall-clock backoff from the start */
        s->backoff = 0;
        s->next_try = 0;
        while ((s->busy || spool_head(&s->sp)) && time(NULL) < deadline) {
            drive(s, time(NULL));
            if (s->busy)
                curl_multi_poll(s->multi, NULL, 0, 100, NULL);
            else if (spool_head(&s->sp))
                curl_multi_poll(s->multi, NULL, 0, 200, NULL); /* waiting out a backoff */
        }
        if (s->busy) {
            curl_multi_remove_handle(s->multi, s->easy);
            s->busy = false;
        }
    }
    spool_close(&s->sp);
    free(s->body);
    if (s->easy)
        curl_easy_cleanup(s->easy);
    if (s->multi)
        curl_multi_cleanup(s->multi);
    curl_slist_free_all(s->hdrs);
    free(s->url);
    free(s->ca);
    free(s);
}
