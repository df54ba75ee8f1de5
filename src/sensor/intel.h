/* intel.h - threat intelligence: indicators loaded from provider files, matched without allocation.
 */
#ifndef OTASUKE_INTEL_H
#define OTASUKE_INTEL_H

#include <stddef.h>
#include <stdint.h>

/* What an indicator was listed for. Both strings live as long as the intel_t. */
struct intel_hit {
    const char *source; /* provider ("Feodo Tracker", "URLhaus", ...) or the list's file name */
    const char *reason; /* short reason, usually the malware name ("Emotet", "SBL123456") */
};

/* Per-kind indicator counts. For an intel_t (intel_get_counts, after intel_finish): distinct
 * indicators, the first listing of a duplicate kept. For one file (intel_add_buffer/file):
 * indicators recognized in it. Domains, URLs and digests are stored as 64-bit keyed
 * fingerprints (SipHash with a random key per load), so memory does not grow with their
 * length; a false match would need a 64-bit collision under a key an attacker cannot know. */
struct intel_counts {
    size_t ip4;     /* single IPv4 addresses */
    size_t ip4_net; /* IPv4 networks (prefix < 32), before merging nested ones */
    size_t ip6;     /* IPv6 addresses and networks */
    size_t domain;
    size_t url;
    size_t sha1; /* certificate SHA-1 */
    size_t md5;  /* JA3 fingerprints (and other 32-hex indicators) */
    size_t total;
    size_t rejected; /* data lines that were not understood (skipped) */
    size_t skipped;  /* understood but not usable here (file hashes, ...) */
    size_t files;
    size_t unreadable; /* files skipped because they could not be read */
};

typedef struct intel intel_t;

/* Loads every regular, non-hidden file in dir; each file's format is recognized by its content
 * (Feodo Tracker, URLhaus, ThreatFox, SSLBL SHA-1, JA3 and botnet C2 IP CSV, Spamhaus DROP
 * text and JSON, plain one-indicator-per-line lists; CSV columns found by header name). Unreadable
 * directory or out of memory: NULL and a message in err. A file that cannot be read is skipped
 * (counted as unreadable) and its error left in err, which is "" when every file loaded. Malformed
 * lines are skipped and counted. The result is immutable and may be shared. */
intel_t *intel_load_dir(const char *dir, char *err, size_t errlen);
void intel_free(intel_t *in);
/* Total number of distinct indicators (NULL: 0). */
size_t intel_count(const intel_t *in);
void intel_get_counts(const intel_t *in, struct intel_counts *out);

/* Lookups: NULL when not listed (or in == NULL, or before intel_finish). O(1) hash probes for
 * addresses, domains (one probe per label), URLs and digests; O(log n) binary search over
 * disjoint sorted ranges for networks. No allocation; safe from several threads. */
const struct intel_hit *intel_match_ip4(const intel_t *in, uint32_t host_order);
const struct intel_hit *intel_match_ip6(const intel_t *in, const uint8_t addr[16]);
/* Exact name or any parent domain; case-insensitive; a trailing dot is ignored. */
const struct intel_hit *intel_match_domain(const intel_t *in, const char *name);
/* Scheme and host compared case-insensitively, default port and fragment ignored;
 * a URL without scheme is taken as http://. */
const struct intel_hit *intel_match_url(const intel_t *in, const char *url);
/* 32 hex digits (any case). */
const struct intel_hit *intel_match_ja3(const intel_t *in, const char *md5hex);
/* 40 hex digits (any case), optionally with ':' separators. */
const struct intel_hit *intel_match_sha1(const intel_t *in, const char *hex);

/* Building blocks for tests, fuzzing and `intel update` validation:
 * intel_new, then intel_add_buffer for each file, then intel_finish before matching. */
intel_t *intel_new(void);
/* Parses one file's content (need not be NUL-terminated). name is the file's base name,
 * used as the source of plain lists. Returns 0, or -1 when out of memory. Per-file counts
 * are added to *file (may be NULL). */
int intel_add_buffer(intel_t *in, const char *name, const char *data, size_t len,
                     struct intel_counts *file);
/* Reads and parses one file: 0, -1 when unreadable, -2 out of memory (err set). */
int intel_add_file(intel_t *in, const char *path, struct intel_counts *file, char *err,
                   size_t errlen);
/* Sorts and merges networks; must be called once after the last add. Returns 0 or -1 (OOM). */
int intel_finish(intel_t *in);
/* The recognized format of a file's content, e.g. "feodo", "urlhaus", "threatfox", "sslbl",
 * "sslbl-ja3", "sslbl-ip", "spamhaus-drop", "spamhaus-drop-json", "plain". */
const char *intel_detect_format(const char *data, size_t len);

#endif
