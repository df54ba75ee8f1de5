/* stats_cache.c - a short-lived cache of the progress and statistics numbers per program.
 *
 * Computing them costs a few milliseconds of SQL (joins over a program's applications,
 * matches and visits); an operator team refreshing the dashboard would otherwise queue up
 * behind one another. Entries live STATS_CACHE_SECONDS (environment
 * OTASUKE_STATS_CACHE_SECONDS overrides it; 0 turns the cache off), so the pages can show
 * numbers at most that old; the company-counts import drops every entry at once.
 * Entries are shared, read-only JSON: get hands out a new reference (jansson's reference
 * counts are atomic; reading and dumping do not modify a value), so nothing may be changed
 * in a value after it was put; pages make a shallow json_copy to add their own top-level
 * keys. One mutex guards the slots.
 */
#include "stats.h"
#include "str.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_SLOTS 64
#define STATS_CACHE_SECONDS 5

struct slot {
    char key[64];
    double at; /* monotonic seconds; 0 = empty */
    json_t *val;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[CACHE_SLOTS];
static int ttl = -1; /* seconds; -1 = not read from the environment yet */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int ttl_get(void)
{
    if (ttl < 0) {
        const char *s = getenv("OTASUKE_STATS_CACHE_SECONDS");
        int64_t v;
        ttl = s && str_to_i64(s, 0, 3600, &v) ? (int)v : STATS_CACHE_SECONDS;
    }
    return ttl;
}

json_t *stats_cache_get(const char *key)
{
    json_t *out = NULL;
    pthread_mutex_lock(&mu);
    int t = ttl_get();
    double now = now_s();
    for (int i = 0; i < CACHE_SLOTS && t > 0; i++)
        if (slots[i].at > 0 && now - slots[i].at < t && str_eq(slots[i].key, key)) {
            out = json_incref(slots[i].val);
            break;
        }
    pthread_mutex_unlock(&mu);
    return out;
}

void stats_cache_put(const char *key, const json_t *val)
{
    pthread_mutex_lock(&mu);
    if (ttl_get() > 0 && strlen(key) < sizeof slots[0].key) {
        int victim = 0;
        for (int i = 0; i < CACHE_SLOTS; i++) {
            if (str_eq(slots[i].key, key) || slots[i].at == 0) {
                victim = i;
                break;
            }
            if (slots[i].at < slots[victim].at)
                victim = i;
        }
        json_decref(slots[victim].val);
        slots[victim].val = json_incref((json_t *)val);
        str_copy(slots[victim].key, sizeof slots[victim].key, key);
        slots[victim].at = slots[victim].val ? now_s() : 0;
    }
    pthread_mutex_unlock(&mu);
}

void stats_cache_clear(void)
{
    pthread_mutex_lock(&mu);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        json_decref(slots[i].val);
        slots[i].val = NULL;
        slots[i].at = 0;
        slots[i].key[0] = '\0';
    }
    pthread_mutex_unlock(&mu);
}

json_t *stats_progress_cached(db_conn_t *db, int64_t pid, int64_t today, bool *found)
{
    char key[64];
    str_fmt(key, sizeof key, "p:%lld:%lld", (long long)pid, (long long)today);
    json_t *j = stats_cache_get(key);
    if (j) {
        *found = true;
        return j;
    }
    j = stats_progress(db, pid, today, found);
    if (j)
        stats_cache_put(key, j);
    return j;
}

json_t *stats_program_cached(db_conn_t *db, int64_t pid, const char *lang, bool *found)
{
    char key[64];
    str_fmt(key, sizeof key, "s:%lld:%s", (long long)pid, lang && str_eq(lang, "en") ? "en" : "ja");
    json_t *j = stats_cache_get(key);
    if (j) {
        *found = true;
        return j;
    }
    j = stats_program(db, pid, lang, found);
    if (j)
        stats_cache_put(key, j);
    return j;
}
