/* pages_expert_input.c - an expert's profile input and its validation, without HTTP or SQL
 * (expert_input.h); fuzzed by tests/fuzz/fuzz_expert_input.c. */
#include "content.h"
#include "expert_input.h"
#include "fileutil.h"
#include "log.h"
#include "str.h"

#include <pthread.h>
#include <string.h>

#ifndef N_
#define N_(s) (s) /* a msgid, translated by the caller */
#endif

/* ---- data/expert_specialities.json, loaded once ---- */

#define SPEC_MAX 32
static struct {
    size_t n;
    const char *key[SPEC_MAX];
    const char *ja[SPEC_MAX], *en[SPEC_MAX];
    json_t *root;
} specs;
static pthread_once_t specs_once = PTHREAD_ONCE_INIT;

static void specs_load(void)
{
    char path[1024];
    json_error_t jerr;
    if (!share_path(path, sizeof path, "data/expert_specialities.json"))
        return;
    specs.root = json_load_file(path, 0, &jerr);
    json_t *list = json_object_get(specs.root, "specialities");
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *k = json_string_value(json_object_get(v, "key"));
        json_t *l = json_object_get(v, "label");
        const char *ja = json_string_value(json_object_get(l, "ja"));
        const char *en = json_string_value(json_object_get(l, "en"));
        if (!k || !ja || !en || specs.n >= SPEC_MAX) {
            log_error("%s: specialities[%zu] needs key and label.ja/en", path, i);
            continue;
        }
        specs.key[specs.n] = k;
        specs.ja[specs.n] = ja;
        specs.en[specs.n++] = en;
    }
    if (specs.n == 0)
        log_error("%s: no specialities (%s)", path, jerr.text);
}

size_t expert_speciality_count(void)
{
    pthread_once(&specs_once, specs_load);
    return specs.n;
}

const char *expert_speciality_key(size_t i)
{
    return i < expert_speciality_count() ? specs.key[i] : NULL;
}

const char *expert_speciality_label(const char *key, const char *lang)
{
    for (size_t i = 0; i < expert_speciality_count(); i++)
        if (str_eq(specs.key[i], key))
            return lang_is_en(lang) ? specs.en[i] : specs.ja[i];
    return NULL;
}

const char *expert_industry_label(const char *key, const char *lang)
{
    const content_t *c = content_get();
    for (size_t i = 0; c && i < c->n_jsic; i++)
        if (str_eq(c->jsic[i].code, key))
            return dtext_get(&c->jsic[i].label, lang);
    return NULL;
}

const char *expert_qualification_msgid(const char *key)
{
    if (str_eq(key, "riss"))
        return N_("Registered Information Security Specialist (RISS)");
    if (str_eq(key, "itc"))
        return N_("IT Coordinator");
    return N_("Other qualification");
}

/* ---- input ---- */

static void add_item(const char **list, size_t *n, size_t cap, const char *v, bool *too_many)
{
    if (*n < cap)
        list[(*n)++] = v;
    else
        *too_many = true;
}

/* A JSON string, or a number formatted into slot; "" otherwise. */
static const char *jstr(json_t *v, char *slot, size_t slotsz)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (slot && json_is_integer(v) &&
        str_fmt(slot, slotsz, "%lld", (long long)json_integer_value(v)))
        return slot;
    return "";
}

void expert_input_from_json(json_t *j, struct expert_input *in, char scratch[66][4])
{
    memset(in, 0, sizeof *in);
    in->name = jstr(json_object_get(j, "name"), NULL, 0);
    in->qualification = jstr(json_object_get(j, "qualification"), NULL, 0);
    in->registration_no = jstr(json_object_get(j, "registration_no"), NULL, 0);
    in->profile = jstr(json_object_get(j, "profile"), NULL, 0);
    /* Numbers that do not fit 3 digits become "" and fail validation. */
    in->capacity = jstr(json_object_get(j, "capacity"), scratch[64], 4);
    in->prefecture = jstr(json_object_get(j, "prefecture"), scratch[65], 4);
    in->onsite = json_is_true(json_object_get(j, "onsite"));
    in->online = json_is_true(json_object_get(j, "online"));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(j, "areas"), i, v)
    {
        if (in->nareas >= 64) {
            in->too_many = true;
            break;
        }
        in->areas[in->nareas] = jstr(v, scratch[in->nareas], 4);
        in->nareas++;
    }
    json_array_foreach(json_object_get(j, "specialities"), i, v) add_item(
        in->specialities, &in->nspecialities, EXPERT_MAX_KEYS, jstr(v, NULL, 0), &in->too_many);
    json_array_foreach(json_object_get(j, "industries"), i, v) add_item(
        in->industries, &in->nindustries, EXPERT_MAX_KEYS, jstr(v, NULL, 0), &in->too_many);
}

/* ---- validation ---- */

static bool all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Appends key to the comma list out unless already there; false when it does not fit. */
static bool keys_add(char *out, size_t outsz, const char *key)
{
    size_t kl = strlen(key), ol = strlen(out);
    for (const char *p = out; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == kl && memcmp(p, key, kl) == 0)
            return true;
        p += l + (e ? 1 : 0);
    }
    if (ol + kl + 2 > outsz)
        return false;
    if (ol)
        out[ol++] = ',';
    memcpy(out + ol, key, kl + 1);
    return true;
}

/* The checks of form.c's check_text, kept here so that this file needs no web core. */
static const char *text_problem(const char *s, size_t min_chars, size_t max_chars)
{
    if (!str_valid_utf8(s, strlen(s)))
        return N_("This contains characters that cannot be used.");
    size_t n = str_utf8_len(s);
    if (n < min_chars)
        return N_("This field is required.");
    if (n > max_chars)
        return N_("This is too long.");
    for (const char *c = s; *c; c++)
        if ((unsigned char)*c < 0x20 && *c != '\n' && *c != '\r' && *c != '\t')
            return N_("This contains characters that cannot be used.");
    return "";
}

void expert_check(const struct expert_input *in, struct expert_profile *out, expert_err_fn err,
                  void *ctx)
{
    memset(out, 0, sizeof *out);
    const char *m;
    char tmp[EXPERT_PROFILE_MAX * 4 + 1];
    str_copy(tmp, sizeof tmp, in->name);
    str_trim(tmp);
    if (*(m = text_problem(tmp, 1, EXPERT_NAME_MAX)))
        err(ctx, "name", m);
    else
        str_copy(out->name, sizeof out->name, tmp);

    const char *q = in->qualification;
    if (!str_eq(q, "riss") && !str_eq(q, "itc") && !str_eq(q, "other"))
        err(ctx, "qualification", N_("Please choose your qualification."));
    else
        str_copy(out->qualification, sizeof out->qualification, q);

    str_copy(tmp, sizeof tmp, in->registration_no);
    str_trim(tmp);
    bool regno_bad = true;
    if (str_eq(q, "riss")) {
        if (!*tmp)
            err(ctx, "registration_no",
                N_("Please enter your RISS registration number (6 digits)."));
        else if (!all_digits(tmp, 6))
            err(ctx, "registration_no",
                N_("A RISS registration number has 6 digits, for example 012345."));
    } else if (*tmp && *(m = text_problem(tmp, 0, EXPERT_REGNO_MAX))) {
        err(ctx, "registration_no", m);
    } else {
        regno_bad = false;
    }
    if (str_eq(q, "riss") && all_digits(tmp, 6))
        regno_bad = false;
    if (!regno_bad)
        str_copy(out->registration_no, sizeof out->registration_no, tmp);

    int64_t v;
    if (*in->prefecture && !str_eq(in->prefecture, "0")) {
        if (!str_to_i64(in->prefecture, 1, 47, &v))
            err(ctx, "prefecture", N_("Please choose a prefecture from the list."));
        else
            out->prefecture = (int)v;
    }
    for (size_t i = 0; i < in->nareas; i++) {
        if (!*in->areas[i])
            continue;
        if (!str_to_i64(in->areas[i], 1, 47, &v)) {
            err(ctx, "areas", N_("Please choose prefectures from the list."));
            break;
        }
        bool dup = false;
        for (size_t k = 0; k < out->nareas; k++)
            dup = dup || out->areas[k] == (int)v;
        if (!dup && out->nareas < 47)
            out->areas[out->nareas++] = (int)v;
    }
    if (!in->onsite && !in->online)
        err(ctx, "mode", N_("Please choose how you can support: on site, online or both."));
    out->onsite = in->onsite;
    out->online = in->online;

    if (in->too_many)
        err(ctx, "specialities", N_("Please choose from the list."));
    for (size_t i = 0; i < in->nspecialities; i++)
        if (!expert_speciality_label(in->specialities[i], "ja") ||
            !keys_add(out->specialities, sizeof out->specialities, in->specialities[i])) {
            err(ctx, "specialities", N_("Please choose from the list."));
            break;
        }
    if (!*out->specialities)
        err(ctx, "specialities", N_("Please choose at least one speciality."));
    for (size_t i = 0; i < in->nindustries; i++)
        if (!expert_industry_label(in->industries[i], "ja") ||
            !keys_add(out->industries, sizeof out->industries, in->industries[i])) {
            err(ctx, "industries", N_("Please choose from the list."));
            break;
        }

    if (!str_to_i64(in->capacity, 1, 100, &v))
        err(ctx, "capacity",
            N_("Please enter how many SMEs you can support at the same time: a number from "
               "1 to 100."));
    else
        out->capacity = (int)v;

    str_copy(tmp, sizeof tmp, in->profile);
    str_trim(tmp);
    if (strlen(in->profile) >= sizeof tmp || *(m = text_problem(tmp, 1, EXPERT_PROFILE_MAX)))
        err(ctx, "profile",
            N_("Please introduce yourself in 1 to 2000 characters: your experience and what "
               "you can help with."));
    else
        str_copy(out->profile, sizeof out->profile, tmp);
}
