/* diagnosis_input.c - checks partial diagnosis answers sent as JSON. */
#include "diagnosis_input.h"
#include "str.h"

#include <jansson.h>
#include <string.h>

enum diag_input_err diag_input_json(const content_t *c, const char *body, size_t len,
                                    diag_answers_t *out, int *item)
{
    memset(out, 0, sizeof *out);
    if (item)
        *item = 0;
    json_error_t je;
    json_t *root = body ? json_loadb(body, len, JSON_REJECT_DUPLICATES, &je) : NULL;
    json_t *in = json_is_object(root) ? json_object_get(root, "answers") : NULL;
    enum diag_input_err e = json_is_object(in) ? DI_OK : DI_BAD_JSON;
    const char *key;
    json_t *val;
    if (e == DI_OK) {
        json_object_foreach(in, key, val)
        {
            int64_t no;
            char canon[8];
            /* Exactly "1".."25": no signs, no leading zeros. */
            if (!str_to_i64(key, 1, DIAG_ITEMS, &no) ||
                !str_fmt(canon, sizeof canon, "%d", (int)no) || strcmp(canon, key) != 0) {
                e = DI_UNKNOWN_ITEM;
                break;
            }
            if (item)
                *item = (int)no;
            enum diag_answer a = diag_answer_parse(json_string_value(val));
            if (a == ANS_NONE) {
                e = DI_INVALID_ANSWER;
                break;
            }
            if (diag_check_answer(c, (int)no, a) != DIAG_OK) {
                e = DI_NOT_USED;
                break;
            }
            out->a[no] = a;
        }
    }
    json_decref(root);
    if (e != DI_OK) {
        memset(out, 0, sizeof *out);
        if (item && e != DI_INVALID_ANSWER && e != DI_NOT_USED)
            *item = 0;
    }
    return e;
}
