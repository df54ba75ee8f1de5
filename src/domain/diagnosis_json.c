/* diagnosis_json.c - strict parsing of diagnosis answers from JSON and the result as JSON. */
#include "diagnosis_json.h"

#include "buf.h"
#include "str.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* Item keys are "1".."25" exactly: no sign, no leading zero, no spaces. */
static int item_from_key(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > 2 || k[0] == '0')
        return 0;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (k[i] < '0' || k[i] > '9')
            return 0;
        v = v * 10 + (k[i] - '0');
    }
    return v >= 1 && v <= DIAG_ITEMS ? v : 0;
}

/* Quotes an outside string for an error message: printable ASCII only, at most 40 bytes. */
static void quote_for_msg(char *out, size_t outsz, const char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i] && o + 5 < outsz; i++) {
        if (i >= 40) {
            out[o++] = '.';
            out[o++] = '.';
            out[o++] = '.';
            break;
        }
        unsigned char ch = (unsigned char)s[i];
        out[o++] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
    }
    out[o] = '\0';
}

bool diag_answers_from_json(const content_t *c, const char *text, size_t len, diag_answers_t *ans,
                            char *err, size_t errsz)
{
    memset(ans, 0, sizeof *ans);
    bool ok = false;
    json_t *root = NULL;
    char q[64];
    if (len > DIAG_JSON_MAX_BYTES) {
        str_fmt(err, errsz, "input too large (more than %u bytes)", DIAG_JSON_MAX_BYTES);
        goto out;
    }
    json_error_t je;
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        str_fmt(err, errsz, "malformed JSON at line %d, column %d: %s", je.line, je.column,
                je.text);
        goto out;
    }
    if (!json_is_object(root)) {
        str_copy(err, errsz, "expected a JSON object {\"answers\": {...}}");
        goto out;
    }
    const char *key;
    json_t *val;
    json_object_foreach(root, key, val)
    {
        if (strcmp(key, "answers") != 0) {
            quote_for_msg(q, sizeof q, key);
            str_fmt(err, errsz, "unknown field \"%s\" (only \"answers\" is allowed)", q);
            goto out;
        }
    }
    json_t *answers = json_object_get(root, "answers");
    if (!json_is_object(answers)) {
        str_copy(err, errsz, "\"answers\" is missing or not an object");
        goto out;
    }
    json_object_foreach(answers, key, val)
    {
        int no = item_from_key(key);
        if (!no) {
            quote_for_msg(q, sizeof q, key);
            str_fmt(err, errsz, "unknown item \"%s\" (items are \"1\" to \"%d\")", q, DIAG_ITEMS);
            goto out;
        }
        const char *v = json_string_value(val);
        enum diag_answer a = v ? diag_answer_parse(v) : ANS_NONE;
        if (a == ANS_NONE) {
            if (v) {
                quote_for_msg(q, sizeof q, v);
                str_fmt(err, errsz,
                        "item %d: unknown answer \"%s\" (expected done, partly, not_done, "
                        "unknown or not_used)",
                        no, q);
            } else {
                str_fmt(err, errsz,
                        "item %d: the answer must be a string (done, partly, not_done, unknown "
                        "or not_used)",
                        no);
            }
            goto out;
        }
        diag_err_t e = diag_check_answer(c, no, a);
        if (e != DIAG_OK) {
            diag_err_text(e, no, "en", err, errsz);
            goto out;
        }
        ans->a[no] = a;
    }
    for (int no = 1; no <= DIAG_ITEMS; no++)
        if (ans->a[no] == ANS_NONE) {
            diag_err_text(DIAG_E_MISSING, no, "en", err, errsz);
            goto out;
        }
    ok = true;
out:
    json_decref(root);
    if (!ok) {
        memset(ans, 0, sizeof *ans);
        /* jansson quotes the offending input: keep the message on one printable line */
        for (char *p = err; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                *p = ' ';
    }
    return ok;
}

char *diag_result_to_json(const diag_result_t *r)
{
    buf_t b;
    buf_init(&b);
    buf_printf(&b,
               "{\"total\": %d, \"parts\": {\"basic\": %d, \"employee\": %d, \"organization\": "
               "%d}, \"band\": \"%s\", \"unknown_items\": [",
               r->total, r->parts[PART_BASIC], r->parts[PART_EMPLOYEE], r->parts[PART_ORGANIZATION],
               r->band ? r->band->key : "");
    for (size_t i = 0; i < r->n_unknown; i++)
        buf_printf(&b, "%s%d", i ? ", " : "", r->unknown_items[i]);
    buf_puts(&b, "]}");
    if (b.oom) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b);
}
