/* explain.h - alert explanations for owners and analysts, loaded as data
 * (data/sensor/explanations.json) and filled in with the alert's facts. */
#ifndef OTASUKE_SENSOR_EXPLAIN_H
#define OTASUKE_SENSOR_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct explain explain_t;

#define EXPLAIN_TEXT_MAX 3072
#define EXPLAIN_VALUE_MAX 200 /* a placeholder value longer than this is cut (with "...") */

/* A placeholder "{name}" in a template is replaced by value. */
struct explain_var {
    const char *name;
    const char *value;
};

struct explain_text {
    int severity;          /* from the data; 0 when the entry gives none */
    uint32_t signature_id; /* from the data; 0 when the entry gives none */
    char title[256];       /* short English signature */
    char owner_ja[EXPLAIN_TEXT_MAX], owner_en[EXPLAIN_TEXT_MAX];
    char analyst_ja[EXPLAIN_TEXT_MAX], analyst_en[EXPLAIN_TEXT_MAX];
};

/* NULL path = share_dir()/data/sensor/explanations.json. NULL with err set on failure. */
explain_t *explain_load(const char *path, char *err, size_t errsz);
/* Parses explanations from a JSON text (for tests and fuzzing). */
explain_t *explain_parse(const char *json, size_t len, char *err, size_t errsz);
void explain_free(explain_t *e);
/* True if the data has an entry for key. */
bool explain_has(const explain_t *e, const char *key);
/* Renders entry key ("category" or "category.variant"; a missing variant falls back to its
 * category). Unknown placeholders are left as they are. False if neither entry exists. */
bool explain_render(const explain_t *e, const char *key, const struct explain_var *vars,
                    size_t nvars, struct explain_text *out);
/* Renders one template into out (always NUL-terminated, cut on a UTF-8 boundary). */
void explain_fill(const char *tmpl, const struct explain_var *vars, size_t nvars, char *out,
                  size_t outsz);

#endif
