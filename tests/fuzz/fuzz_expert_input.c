/* fuzz_expert_input.c - libFuzzer target: an expert profile posted as JSON to
 * /api/v1/experts/me goes through expert_input_from_json() and expert_check() without
 * crashing, and what passes is what the registry may store: a name of 1-100 characters, a
 * known qualification, 6 digits for RISS, prefectures 1-47 without repeats, on site or
 * online, known specialities (at least one) and JSIC letters, capacity 1-100, a profile of
 * 1-2000 characters, all valid UTF-8. */
#include "expert_input.h"
#include "str.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int errors;

static void count(void *ctx, const char *field, const char *msgid)
{
    (void)ctx;
    if (!field || !*field || !msgid || !*msgid)
        abort();
    errors++;
}

static void check_keys(const char *list, const char *(*label)(const char *, const char *))
{
    char key[64];
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == 0 || l >= sizeof key)
            abort();
        memcpy(key, p, l);
        key[l] = 0;
        if (!label(key, "en") || !label(key, "ja"))
            abort();
        p += l + (e ? 1 : 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        return 0;
    }
    struct expert_input in;
    struct expert_profile p;
    char scratch[66][4];
    expert_input_from_json(j, &in, scratch);
    errors = 0;
    expert_check(&in, &p, count, NULL);
    if (errors == 0) {
        size_t n = str_utf8_len(p.name);
        if (n < 1 || n > EXPERT_NAME_MAX || !str_valid_utf8(p.name, strlen(p.name)))
            abort();
        bool riss = str_eq(p.qualification, "riss");
        if (!riss && !str_eq(p.qualification, "itc") && !str_eq(p.qualification, "other"))
            abort();
        if (riss && strlen(p.registration_no) != 6)
            abort();
        for (size_t i = 0; riss && i < 6; i++)
            if (p.registration_no[i] < '0' || p.registration_no[i] > '9')
                abort();
        if (p.prefecture < 0 || p.prefecture > 47 || p.nareas > 47)
            abort();
        for (size_t i = 0; i < p.nareas; i++) {
            if (p.areas[i] < 1 || p.areas[i] > 47)
                abort();
            for (size_t k = 0; k < i; k++)
                if (p.areas[k] == p.areas[i])
                    abort();
        }
        if (!p.onsite && !p.online)
            abort();
        if (!*p.specialities)
            abort();
        check_keys(p.specialities, expert_speciality_label);
        check_keys(p.industries, expert_industry_label);
        if (p.capacity < 1 || p.capacity > 100)
            abort();
        n = str_utf8_len(p.profile);
        if (n < 1 || n > EXPERT_PROFILE_MAX || !str_valid_utf8(p.profile, strlen(p.profile)))
            abort();
    }
    json_decref(j);
    return 0;
}
