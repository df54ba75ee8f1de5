/* fuzz_briefing_form.c - libFuzzer target: the briefing session form (a urlencoded body)
 * through briefing_form_check() never crashes, and what it accepts is well-formed: times
 * "YYYY-MM-DDTHH:MM" with start < end, counts in range, window from <= until <= the day,
 * URLs empty or http(s) without spaces, texts valid UTF-8 without control characters. */
#include "kv.h"
#include "pages_briefing.h"
#include "str.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *get(const struct kvlist *l, const char *k)
{
    const char *v = kv_get(l, k);
    return v ? v : "";
}

static void url_ok(const char *u)
{
    if (*u && !str_starts(u, "http://") && !str_starts(u, "https://"))
        abort();
    for (const char *c = u; *c; c++)
        if ((unsigned char)*c <= ' ')
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kvlist l;
    kv_init(&l);
    if (kv_parse_urlencoded(&l, (const char *)data, size, 512) == 0) {
        struct briefing_form f = {
            get(&l, "venue"),     get(&l, "prefecture"), get(&l, "address"),
            get(&l, "date"),      get(&l, "start"),      get(&l, "end"),
            get(&l, "capacity"),  get(&l, "waitlist"),   get(&l, "reg_from"),
            get(&l, "reg_until"), get(&l, "online_url"), get(&l, "recording_url"),
        };
        struct briefing_values v;
        struct briefing_problem p[4];
        size_t n = briefing_form_check(&f, &v, p, 4);
        for (size_t i = 0; i < n && i < 4; i++)
            if (!p[i].field || !p[i].msgid || !*p[i].msgid)
                abort();
        if (n == 0) {
            if (strlen(v.starts_at) != 16 || strlen(v.ends_at) != 16 ||
                strcmp(v.starts_at, v.ends_at) >= 0 || v.capacity < 1 || v.capacity > 100000 ||
                v.waitlist < 0 || v.waitlist > 100000 || v.prefecture < 0 || v.prefecture > 47 ||
                strcmp(v.reg_from, v.reg_until) > 0 || strncmp(v.reg_until, v.starts_at, 10) > 0 ||
                !*v.venue || !str_valid_utf8(v.venue, strlen(v.venue)) ||
                !str_valid_utf8(v.address, strlen(v.address)))
                abort();
            for (const char *c = v.venue; *c; c++)
                if ((unsigned char)*c < 0x20)
                    abort();
            url_ok(v.online_url);
            url_ok(v.recording_url);
        }
    }
    kv_free(&l);
    return 0;
}
