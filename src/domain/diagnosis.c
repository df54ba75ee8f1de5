/* diagnosis.c - points per answer, part and total scores, band, review and advice lists.
 * Points come from data/diagnosis.json: done 4, partly 2, not_done 0, unknown -1; not_used
 * counts as done only on the items that allow it (No. 9 wireless LAN, No. 23 cloud). */
#include "diagnosis.h"

#include "str.h"

#include <string.h>

static const char *const keys[ANS_COUNT] = {NULL,       "done",    "partly",
                                            "not_done", "unknown", "not_used"};

enum diag_answer diag_answer_parse(const char *s)
{
    for (int i = 1; s && i < ANS_COUNT; i++)
        if (strcmp(s, keys[i]) == 0)
            return (enum diag_answer)i;
    return ANS_NONE;
}

const char *diag_answer_key(enum diag_answer a)
{
    return a > ANS_NONE && a < ANS_COUNT ? keys[a] : "";
}

diag_err_t diag_check_answer(const content_t *c, int item, enum diag_answer a)
{
    const diag_item_t *it = content_item(c, item);
    if (!it || a <= ANS_NONE || a >= ANS_COUNT)
        return DIAG_E_VALUE;
    if (a == ANS_NOT_USED && !it->not_used_allowed)
        return DIAG_E_NOT_USED;
    return DIAG_OK;
}

diag_err_t diag_score(const content_t *c, const diag_answers_t *ans, diag_result_t *out,
                      int *bad_item)
{
    memset(out, 0, sizeof *out);
    if (bad_item)
        *bad_item = 0;
    for (int no = 1; no <= DIAG_ITEMS; no++) {
        enum diag_answer a = ans->a[no];
        diag_err_t e = a == ANS_NONE ? DIAG_E_MISSING : diag_check_answer(c, no, a);
        if (e != DIAG_OK) {
            memset(out, 0, sizeof *out);
            if (bad_item)
                *bad_item = no;
            return e;
        }
        const diag_item_t *it = content_item(c, no);
        int p = c->answers[a].points;
        out->points[no] = p;
        out->total += p;
        out->parts[it->part] += p;
        out->part_max[it->part] += c->answers[ANS_DONE].points;
        if (a == ANS_UNKNOWN)
            out->unknown_items[out->n_unknown++] = no;
        if (p < c->answers[ANS_DONE].points)
            out->advice_items[out->n_advice++] = no;
    }
    out->band = content_band(c, out->total);
    /* Advice order: lowest points first, then item number (insertion sort, n <= 25). */
    for (size_t i = 1; i < out->n_advice; i++) {
        int v = out->advice_items[i];
        size_t j = i;
        while (j > 0 && (out->points[out->advice_items[j - 1]] > out->points[v] ||
                         (out->points[out->advice_items[j - 1]] == out->points[v] &&
                          out->advice_items[j - 1] > v))) {
            out->advice_items[j] = out->advice_items[j - 1];
            j--;
        }
        out->advice_items[j] = v;
    }
    return DIAG_OK;
}

void diag_err_text(diag_err_t e, int item, const char *lang, char *out, size_t outsz)
{
    bool en = lang_is_en(lang);
    const char *msg;
    switch (e) {
    case DIAG_OK:
        msg = en ? "ok" : "問題ありません。";
        break;
    case DIAG_E_MISSING:
        msg = en ? "missing answer (expected done, partly, not_done, unknown or not_used)"
                 : "回答がありません。いずれかを選んでください。";
        break;
    case DIAG_E_VALUE:
        msg = en ? "unknown answer (expected done, partly, not_done, unknown or not_used)"
                 : "回答の値が正しくありません。";
        break;
    case DIAG_E_NOT_USED:
        msg = en ? "not_used is allowed only for items 9 and 23"
                 : "「利用していない」を選べるのはNo.9とNo.23だけです。";
        break;
    default:
        msg = en ? "invalid answer" : "回答が正しくありません。";
        break;
    }
    if (item > 0)
        str_fmt(out, outsz, en ? "item %d: %s" : "No.%d：%s", item, msg);
    else
        str_copy(out, outsz, msg);
}
