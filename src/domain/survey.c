/* survey.c - questionnaire definitions from data/surveys/ and answer validation. */
#include "survey.h"

#include "fileutil.h"
#include "str.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SURVEY_FILE_MAX (256 * 1024)

static const char *const KINDS[] = {"sme", "expert"};
#define N_KINDS (sizeof KINDS / sizeof KINDS[0])

bool survey_kind_valid(const char *kind)
{
    for (size_t i = 0; i < N_KINDS; i++)
        if (str_eq(kind, KINDS[i]))
            return true;
    return false;
}

static bool key_ok(const char *k)
{
    size_t n = k ? strlen(k) : 0;
    if (n == 0 || n > 40)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = k[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '+'))
            return false;
    }
    return true;
}

static bool text_of(json_t *o, dtext_t *t)
{
    const char *ja = json_string_value(json_object_get(o, "ja"));
    const char *en = json_string_value(json_object_get(o, "en"));
    if (!ja || !en || !*ja || !*en)
        return false;
    t->ja = ja;
    t->en = en;
    return true;
}

static bool parse_question(json_t *jq, survey_question_t *q, char *err, size_t errsz, size_t qi)
{
    q->key = json_string_value(json_object_get(jq, "key"));
    if (!key_ok(q->key)) {
        str_fmt(err, errsz, "questions[%zu].key: expected a short key [A-Za-z0-9_+-]", qi);
        return false;
    }
    const char *type = json_string_value(json_object_get(jq, "type"));
    if (str_eq(type, "single"))
        q->type = SQ_SINGLE;
    else if (str_eq(type, "multi"))
        q->type = SQ_MULTI;
    else if (str_eq(type, "text"))
        q->type = SQ_TEXT;
    else {
        str_fmt(err, errsz, "questions[%zu].type: expected single, multi or text", qi);
        return false;
    }
    json_t *req = json_object_get(jq, "required");
    if (!json_is_boolean(req)) {
        str_fmt(err, errsz, "questions[%zu].required: expected true or false", qi);
        return false;
    }
    q->required = json_is_true(req);
    if (!text_of(json_object_get(jq, "text"), &q->text)) {
        str_fmt(err, errsz, "questions[%zu].text: expected ja and en", qi);
        return false;
    }
    json_t *opts = json_object_get(jq, "options");
    if (q->type == SQ_TEXT) {
        json_int_t mc = json_integer_value(json_object_get(jq, "max_chars"));
        if (opts || mc < 1 || mc > SURVEY_TEXT_MAX) {
            str_fmt(err, errsz, "questions[%zu]: a text question has max_chars 1-%d and no options",
                    qi, SURVEY_TEXT_MAX);
            return false;
        }
        q->max_chars = (size_t)mc;
        return true;
    }
    size_t n = json_array_size(opts);
    if (!json_is_array(opts) || n < 2 || n > SURVEY_MAX_OPTIONS) {
        str_fmt(err, errsz, "questions[%zu].options: expected 2-%d options", qi,
                SURVEY_MAX_OPTIONS);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(opts, i);
        survey_option_t *op = &q->options[i];
        op->key = json_string_value(json_object_get(o, "key"));
        if (!key_ok(op->key) || !text_of(json_object_get(o, "label"), &op->label)) {
            str_fmt(err, errsz, "questions[%zu].options[%zu]: expected a key and a ja/en label", qi,
                    i);
            return false;
        }
        for (size_t j = 0; j < i; j++)
            if (str_eq(q->options[j].key, op->key)) {
                str_fmt(err, errsz, "questions[%zu].options[%zu].key: duplicate", qi, i);
                return false;
            }
    }
    q->n_options = n;
    return true;
}

survey_t *survey_parse(const char *json_text, size_t len, char *err, size_t errsz)
{
    json_error_t je;
    json_t *root = json_loadb(json_text, len, 0, &je);
    if (!root) {
        str_fmt(err, errsz, "line %d: %s", je.line, je.text);
        return NULL;
    }
    survey_t *s = calloc(1, sizeof *s);
    if (!s) {
        json_decref(root);
        str_copy(err, errsz, "out of memory");
        return NULL;
    }
    s->root = root;
    s->kind = json_string_value(json_object_get(root, "kind"));
    if (!survey_kind_valid(s->kind)) {
        str_copy(err, errsz, "kind: expected sme or expert");
        goto fail;
    }
    if (!text_of(json_object_get(root, "title"), &s->title) ||
        !text_of(json_object_get(root, "intro"), &s->intro)) {
        str_copy(err, errsz, "title/intro: expected ja and en");
        goto fail;
    }
    json_t *qs = json_object_get(root, "questions");
    size_t n = json_array_size(qs);
    if (!json_is_array(qs) || n < 1 || n > SURVEY_MAX_QUESTIONS) {
        str_fmt(err, errsz, "questions: expected 1-%d questions", SURVEY_MAX_QUESTIONS);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        if (!parse_question(json_array_get(qs, i), &s->q[i], err, errsz, i))
            goto fail;
        for (size_t j = 0; j < i; j++)
            if (str_eq(s->q[j].key, s->q[i].key)) {
                str_fmt(err, errsz, "questions[%zu].key: duplicate", i);
                goto fail;
            }
    }
    s->n = n;
    return s;
fail:
    survey_free(s);
    return NULL;
}

survey_t *survey_load(const char *path, char *err, size_t errsz)
{
    size_t len = 0;
    char *text = file_read_all(path, SURVEY_FILE_MAX, &len);
    if (!text) {
        str_fmt(err, errsz, "%s: cannot read", path);
        return NULL;
    }
    char e[256];
    survey_t *s = survey_parse(text, len, e, sizeof e);
    free(text);
    if (!s)
        str_fmt(err, errsz, "%s: %s", path, e);
    return s;
}

void survey_free(survey_t *s)
{
    if (!s)
        return;
    json_decref(s->root);
    free(s);
}

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static survey_t *cache[N_KINDS];
static bool cache_tried[N_KINDS];

const survey_t *survey_get(const char *kind)
{
    size_t k = N_KINDS;
    for (size_t i = 0; i < N_KINDS; i++)
        if (str_eq(kind, KINDS[i]))
            k = i;
    if (k == N_KINDS)
        return NULL;
    pthread_mutex_lock(&cache_mu);
    if (!cache_tried[k]) {
        cache_tried[k] = true;
        char rel[64], path[4096], err[512];
        str_fmt(rel, sizeof rel, "data/surveys/%s.json", KINDS[k]);
        if (share_path(path, sizeof path, rel)) {
            cache[k] = survey_load(path, err, sizeof err);
            if (cache[k] && !str_eq(cache[k]->kind, KINDS[k])) {
                survey_free(cache[k]);
                cache[k] = NULL;
            }
            if (!cache[k])
                fprintf(stderr, "survey: %s\n", err);
        }
    }
    const survey_t *s = cache[k];
    pthread_mutex_unlock(&cache_mu);
    return s;
}

const survey_question_t *survey_question(const survey_t *s, const char *key)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (str_eq(s->q[i].key, key))
            return &s->q[i];
    return NULL;
}

const survey_option_t *survey_option(const survey_question_t *q, const char *key)
{
    for (size_t i = 0; q && key && i < q->n_options; i++)
        if (str_eq(q->options[i].key, key))
            return &q->options[i];
    return NULL;
}

/* Free text: valid UTF-8 without control characters other than tab and line breaks. */
static bool text_clean(const char *s, size_t len)
{
    if (!str_valid_utf8(s, len))
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return false;
    }
    return true;
}

/* Checks one question's answer v (may be NULL); on success *out is the cleaned answer or
 * NULL when unanswered. */
static enum survey_err check_one(const survey_question_t *q, json_t *v, json_t **out)
{
    *out = NULL;
    if (q->type == SQ_TEXT || q->type == SQ_SINGLE) {
        if (v && !json_is_string(v))
            return SE_TYPE;
        const char *s = v ? json_string_value(v) : "";
        size_t len = v ? json_string_length(v) : 0;
        if (!text_clean(s, len))
            return SE_TYPE;
        if (q->type == SQ_SINGLE) {
            if (len == 0)
                return q->required ? SE_REQUIRED : SE_OK;
            if (!survey_option(q, s))
                return SE_NOT_OPTION;
            *out = json_string(s);
            return SE_OK;
        }
        /* trim ASCII white space and U+3000 at both ends */
        size_t a = 0, b = len;
        for (;;) {
            if (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r'))
                a++;
            else if (b - a >= 3 && memcmp(s + a, "\xe3\x80\x80", 3) == 0)
                a += 3;
            else
                break;
        }
        for (;;) {
            if (b > a &&
                (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' || s[b - 1] == '\r'))
                b--;
            else if (b - a >= 3 && memcmp(s + b - 3, "\xe3\x80\x80", 3) == 0)
                b -= 3;
            else
                break;
        }
        if (a == b)
            return q->required ? SE_REQUIRED : SE_OK;
        json_t *t = json_stringn(s + a, b - a);
        if (!t)
            return SE_TYPE;
        if (str_utf8_len(json_string_value(t)) > q->max_chars) {
            json_decref(t);
            return SE_TOO_LONG;
        }
        *out = t;
        return SE_OK;
    }
    /* multiple choice */
    if (v && !json_is_array(v))
        return SE_TYPE;
    size_t n = v ? json_array_size(v) : 0;
    if (n == 0)
        return q->required ? SE_REQUIRED : SE_OK;
    if (n > q->n_options)
        return SE_TYPE;
    bool seen[SURVEY_MAX_OPTIONS] = {false};
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_string(e))
            return SE_TYPE;
        const survey_option_t *op = survey_option(q, json_string_value(e));
        if (!op)
            return SE_NOT_OPTION;
        size_t idx = (size_t)(op - q->options);
        if (seen[idx])
            return SE_TYPE;
        seen[idx] = true;
    }
    /* stored in the definition's order */
    json_t *arr = json_array();
    for (size_t i = 0; i < q->n_options; i++)
        if (seen[i])
            json_array_append_new(arr, json_string(q->options[i].key));
    *out = arr;
    return SE_OK;
}

size_t survey_validate(const survey_t *s, const json_t *answers, survey_problem_t *problems,
                       size_t max, json_t **clean)
{
    size_t np = 0;
    if (clean)
        *clean = NULL;
    if (!json_is_object(answers)) {
        if (max > 0)
            problems[0] = (survey_problem_t){.question = NULL, .err = SE_TYPE};
        return 1;
    }
    json_t *out = json_object();
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)answers, k, v)
    {
        if (!survey_question(s, k)) {
            if (np < max)
                problems[np] = (survey_problem_t){.question = NULL, .err = SE_UNKNOWN};
            np++;
        }
    }
    for (size_t i = 0; i < s->n; i++) {
        json_t *a = NULL;
        enum survey_err e = check_one(&s->q[i], json_object_get(answers, s->q[i].key), &a);
        if (e != SE_OK) {
            if (np < max)
                problems[np] = (survey_problem_t){.question = s->q[i].key, .err = e};
            np++;
        } else if (a) {
            json_object_set_new(out, s->q[i].key, a);
        }
    }
    if (np == 0 && clean)
        *clean = out;
    else
        json_decref(out);
    return np;
}
