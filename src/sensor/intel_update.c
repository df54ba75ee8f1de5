/* intel_update.c - `otasuke-sensor intel update`: fetch configured threat lists over HTTPS. */
#include "intel_update.h"
#include "intel.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DOWNLOAD (512L * 1024 * 1024)

struct upd_opts {
    const char *config;
    const char *dir;
    const char *ca;
    long timeout;
};

static int usage(void)
{
    fprintf(stderr, "usage: otasuke-sensor intel update --config FILE --dir DIR [--ca FILE] "
                    "[--timeout SECONDS]\n"
                    "  FILE has one list per line: NAME https://URL   (# comments), e.g.\n"
                    "    feodo.csv     https://feodotracker.abuse.ch/downloads/ipblocklist.csv\n"
                    "    urlhaus.csv   https://urlhaus.abuse.ch/downloads/csv_recent/\n"
                    "    threatfox.csv https://threatfox.abuse.ch/export/csv/recent/\n"
                    "    sslbl.csv     https://sslbl.abuse.ch/blacklist/sslblacklist.csv\n"
                    "    ja3.csv       https://sslbl.abuse.ch/blacklist/ja3_fingerprints.csv\n"
                    "    drop.json     https://www.spamhaus.org/drop/drop_v4.json\n"
                    "  Each list is written to DIR/NAME only if the download parses as threat\n"
                    "  intelligence; otherwise the previous file is kept.\n");
    return 2;
}

static bool valid_name(const char *s)
{
    if (!*s || *s == '.' || strlen(s) > 100)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-')
            return false;
    return true;
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Checks that a downloaded file is threat intelligence: at least one indicator and more
 * recognized lines than rejected ones (an HTML error page or a truncated body fails). */
static int validate(const char *path, const char *name, char *msg, size_t n)
{
    intel_t *in = intel_new();
    if (!in) {
        snprintf(msg, n, "out of memory");
        return -1;
    }
    struct intel_counts c = {0};
    char err[256];
    int rc = intel_add_file(in, path, &c, err, sizeof(err));
    intel_free(in);
    if (rc < 0) {
        snprintf(msg, n, "%s", err);
        return -1;
    }
    if (c.total == 0) {
        snprintf(msg, n, "no indicators in the download (%zu lines not understood)", c.rejected);
        return -1;
    }
    if (c.rejected > c.total) {
        snprintf(msg, n, "download does not look like a list: %zu indicators, %zu bad lines",
                 c.total, c.rejected);
        return -1;
    }
    /* the format, for the log line */
    const char *fmt = "plain";
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        char head[65536];
        ssize_t r = read(fd, head, sizeof(head));
        if (r > 0)
            fmt = intel_detect_format(head, (size_t)r);
        close(fd);
    }
    snprintf(msg, n, "%s: %zu indicators (%s), %zu lines skipped", name, c.total, fmt,
             c.rejected + c.skipped);
    return 0;
}

struct sink {
    FILE *f;
    long long written;
};

static size_t write_cb(char *p, size_t size, size_t nm, void *u)
{
    struct sink *s = u;
    size_t n = size * nm;
    if (s->written + (long long)n > MAX_DOWNLOAD)
        return 0;
    if (fwrite(p, 1, n, s->f) != n)
        return 0;
    s->written += (long long)n;
    return n;
}

/* Downloads url into DIR/.NAME.XXXXXX, validates it, renames it over DIR/NAME. */
static int update_one(const struct upd_opts *o, const char *name, const char *url)
{
    char tmp[4096], dst[4096], msg[512];
    if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", o->dir, name) >= (int)sizeof(tmp) ||
        snprintf(dst, sizeof(dst), "%s/%s", o->dir, name) >= (int)sizeof(dst)) {
        fprintf(stderr, "%s: path too long\n", name);
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot create %s: %s\n", name, tmp, strerror(errno));
        return -1;
    }
    fchmod(fd, 0644);
    struct sink sk = {.f = fdopen(fd, "wb"), .written = 0};
    if (!sk.f) {
        close(fd);
        unlink(tmp);
        return -1;
    }
    CURL *c = curl_easy_init();
    char errbuf[CURL_ERROR_SIZE] = "";
    CURLcode res = CURLE_FAILED_INIT;
    long code = 0;
    if (c) {
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MAX_DOWNLOAD);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &sk);
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(c, CURLOPT_USERAGENT, "otasuke-sensor/" OTASUKE_VERSION);
        if (o->ca)
            curl_easy_setopt(c, CURLOPT_CAINFO, o->ca);
        res = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_cleanup(c);
    }
    bool ok = res == CURLE_OK && fflush(sk.f) == 0 && fsync(fileno(sk.f)) == 0;
    if (fclose(sk.f) != 0)
        ok = false;
    if (!ok) {
        char http[24] = "";
        if (code)
            snprintf(http, sizeof(http), ", HTTP %ld", code);
        fprintf(stderr, "%s: download failed (%s%s); kept the old file\n", name,
                errbuf[0] ? errbuf : curl_easy_strerror(res), http);
        unlink(tmp);
        return -1;
    }
    if (validate(tmp, name, msg, sizeof(msg)) < 0) {
        fprintf(stderr, "%s: %s; kept the old file\n", name, msg);
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, dst) < 0) {
        fprintf(stderr, "%s: rename to %s: %s\n", name, dst, strerror(errno));
        unlink(tmp);
        return -1;
    }
    fsync_dir(o->dir);
    printf("%s\n", msg);
    return 0;
}

int intel_update_main(int argc, char **argv)
{
    struct upd_opts o = {.timeout = 120};
    int i = 0;
    if (argc > 0 && strcmp(argv[0], "update") == 0)
        i = 1;
    for (; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        if (strcmp(argv[i], "--config") == 0)
            o.config = v;
        else if (strcmp(argv[i], "--dir") == 0)
            o.dir = v;
        else if (strcmp(argv[i], "--ca") == 0)
            o.ca = v;
        else if (strcmp(argv[i], "--timeout") == 0)
            o.timeout = strtol(v, NULL, 10);
        else
            return usage();
        i++;
    }
    if (!o.config || !o.dir || o.timeout <= 0)
        return usage();
    struct stat st;
    if (stat(o.dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: not a directory\n", o.dir);
        return 2;
    }
    FILE *f = fopen(o.config, "r");
    if (!f) {
        fprintf(stderr, "%s: %s\n", o.config, strerror(errno));
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    char line[4096];
    int lineno = 0, failed = 0, done = 0;
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0')
            continue;
        char *save = NULL;
        char *name = strtok_r(p, " \t\r\n", &save);
        char *url = strtok_r(NULL, " \t\r\n", &save);
        char *extra = strtok_r(NULL, " \t\r\n", &save);
        if (!name || !url || (extra && extra[0] != '#') || !valid_name(name) ||
            strncmp(url, "https://", 8) != 0) {
            fprintf(stderr,
                    "%s:%d: expected \"NAME https://URL\" (NAME of letters, digits, "
                    "'.', '_', '-')\n",
                    o.config, lineno);
            failed++;
            continue;
        }
        if (update_one(&o, name, url) < 0)
            failed++;
        else
            done++;
    }
    fclose(f);
    curl_global_cleanup();
    printf("intel update: %d updated, %d failed\n", done, failed);
    return failed ? 1 : 0;
}
