/* expert_input.h - an expert's profile as typed (form or JSON) and its validation, without
 * HTTP or SQL (so that it can be fuzzed): the speciality list of
 * data/expert_specialities.json and the JSIC divisions of data/industries.json. */
#ifndef OTASUKE_EXPERT_INPUT_H
#define OTASUKE_EXPERT_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define EXPERT_NAME_MAX 100     /* characters */
#define EXPERT_PROFILE_MAX 2000 /* characters */
#define EXPERT_REGNO_MAX 30     /* characters, other qualifications */
#define EXPERT_MAX_KEYS 32      /* specialities, industries */

/* A profile as typed (strings) before validation. Lists point into the request or JSON. */
struct expert_input {
    const char *name, *qualification, *registration_no, *prefecture, *capacity, *profile;
    bool onsite, online;
    const char *areas[64];
    size_t nareas;
    const char *specialities[EXPERT_MAX_KEYS];
    size_t nspecialities;
    const char *industries[EXPERT_MAX_KEYS];
    size_t nindustries;
    bool too_many; /* a list had more entries than fit */
};

/* A validated profile. */
struct expert_profile {
    char name[EXPERT_NAME_MAX * 4 + 1];
    char qualification[8];
    char registration_no[EXPERT_REGNO_MAX * 4 + 1];
    int prefecture; /* 0: not stated */
    int areas[47];
    size_t nareas;
    bool onsite, online;
    char specialities[512]; /* comma-separated keys */
    char industries[512];   /* comma-separated JSIC division letters */
    int capacity;
    char profile[EXPERT_PROFILE_MAX * 4 + 1];
};

/* Reads the profile fields of a JSON object; numbers are formatted into scratch (kept alive
 * by the caller). */
void expert_input_from_json(json_t *j, struct expert_input *in, char scratch[66][4]);

/* Called once per problem with the field name and an English msgid. */
typedef void (*expert_err_fn)(void *ctx, const char *field, const char *msgid);
/* Validates in into out (only fields without a problem are filled). */
void expert_check(const struct expert_input *in, struct expert_profile *out, expert_err_fn err,
                  void *ctx);

/* Specialities of data/expert_specialities.json. */
size_t expert_speciality_count(void);
const char *expert_speciality_key(size_t i);
/* Label of key in lang, or NULL for an unknown key. */
const char *expert_speciality_label(const char *key, const char *lang);
/* Label of a JSIC division letter (data/industries.json jsic_divisions) in lang, or NULL.
 * Experts' industries are stored as these letters (020_program.sql), which is what the
 * matcher compares with the JSIC letters of the SME's industry. */
const char *expert_industry_label(const char *key, const char *lang);
/* msgid of a qualification key. */
const char *expert_qualification_msgid(const char *key);

#endif
