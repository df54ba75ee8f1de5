/* survey.h - questionnaires defined in data/surveys/<kind>.json, and validation of a set
 * of answers against one (pure: no HTTP, no SQL).
 *
 * Answers are a JSON object keyed by question key: a single-choice question takes one
 * option key (string), a multiple-choice question an array of distinct option keys, a
 * free-text question a string. A question that is absent, "" or [] is unanswered.
 */
#ifndef OTASUKE_SURVEY_H
#define OTASUKE_SURVEY_H

#include "content.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define SURVEY_MAX_QUESTIONS 32
#define SURVEY_MAX_OPTIONS 32
#define SURVEY_TEXT_MAX 4000 /* upper bound for any question's max_chars */

enum survey_qtype { SQ_SINGLE, SQ_MULTI, SQ_TEXT };

typedef struct {
    const char *key;
    dtext_t label;
} survey_option_t;

typedef struct {
    const char *key;
    enum survey_qtype type;
    bool required;
    size_t max_chars; /* text questions: 1..SURVEY_TEXT_MAX */
    dtext_t text;
    size_t n_options; /* 2.. for choices, 0 for text */
    survey_option_t options[SURVEY_MAX_OPTIONS];
} survey_question_t;

typedef struct survey {
    const char *kind; /* "sme", "expert" */
    dtext_t title, intro;
    size_t n;
    survey_question_t q[SURVEY_MAX_QUESTIONS];
    json_t *root; /* owns the strings above */
} survey_t;

/* What is wrong with one answer. */
enum survey_err {
    SE_OK = 0,
    SE_REQUIRED,   /* a required question is unanswered */
    SE_NOT_OPTION, /* a choice that is not in the list */
    SE_TYPE,       /* wrong JSON type, duplicate choice, invalid UTF-8 or control chars */
    SE_TOO_LONG,   /* text over max_chars */
    SE_UNKNOWN,    /* a key that is no question of this survey */
};

typedef struct {
    const char *question; /* key of the question (for SE_UNKNOWN: NULL) */
    enum survey_err err;
} survey_problem_t;

/* Parses and checks a definition; NULL with a message naming the field in err. */
survey_t *survey_parse(const char *json_text, size_t len, char *err, size_t errsz);
survey_t *survey_load(const char *path, char *err, size_t errsz);
void survey_free(survey_t *s);
/* The process-wide definition of kind from share_path("data/surveys/<kind>.json"), loaded
 * on first use (thread-safe), never freed; NULL for an unknown kind or a broken file. */
const survey_t *survey_get(const char *kind);
bool survey_kind_valid(const char *kind);

const survey_question_t *survey_question(const survey_t *s, const char *key);
const survey_option_t *survey_option(const survey_question_t *q, const char *key);

/* Checks answers (any JSON value; not an object is one SE_TYPE problem). Writes up to max
 * problems (unknown keys first, then in question order) and returns how many there were (0 =
 * valid). When valid and clean is not NULL, *clean is a new object holding only the answered
 * questions, text trimmed of surrounding white space. */
size_t survey_validate(const survey_t *s, const json_t *answers, survey_problem_t *problems,
                       size_t max, json_t **clean);

#endif
