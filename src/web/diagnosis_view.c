/* diagnosis_view.c - page data of a diagnosis (items, result, advice, charts) for templates. */
#include "diagnosis_view.h"
#include "str.h"
#include "svgchart.h"

#include <string.h>

json_t *diag_view_date(const char *iso)
{
    return json_stringn(iso ? iso : "", iso ? strnlen(iso, 10) : 0);
}

const char *diag_not_used_help(int item)
{
    switch (item) {
    case 9:
        return N_("If your business does not use wireless LAN (Wi-Fi) at all, choose \"Not "
                  "used\". It counts as done (4 points).");
    case 23:
        return N_("If your business does not use cloud services or other external services at "
                  "all (for example web mail, online storage or a rented web server), choose "
                  "\"Not used\". It counts as done (4 points).");
    default:
        return NULL;
    }
}

json_t *diag_view_item(const struct req *rq, const content_t *c, int no, const diag_answers_t *ans,
                       json_t *item_errors)
{
    const diag_item_t *it = content_item(c, no);
    json_t *o = json_pack("{s:i,s:s}", "no", no, "question", dtext_get(&it->question, rq->lang));
    if (it->note.ja && it->note.en)
        json_object_set_new(o, "note", json_string(dtext_get(&it->note, rq->lang)));
    const char *nu = diag_not_used_help(no);
    if (it->not_used_allowed && nu)
        json_object_set_new(o, "not_used_help", json_string(tr(rq, nu)));
    json_t *opts = json_array();
    for (int a = ANS_DONE; a < ANS_COUNT; a++) {
        if (a == ANS_NOT_USED && !it->not_used_allowed)
            continue;
        json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "key", c->answers[a].key, "label",
                                              dtext_get(&c->answers[a].label, rq->lang), "checked",
                                              ans && ans->a[no] == (enum diag_answer)a));
    }
    json_object_set_new(o, "options", opts);
    char key[8];
    str_fmt(key, sizeof key, "%d", no);
    json_t *err = item_errors ? json_object_get(item_errors, key) : NULL;
    if (err)
        json_object_set(o, "error", err);
    return o;
}

json_t *diag_view_parts(const struct req *rq, const content_t *c, const diag_answers_t *ans,
                        json_t *item_errors)
{
    json_t *parts = json_array();
    for (int p = 0; p < PART_COUNT; p++) {
        const part_def_t *pd = &c->parts[p];
        json_t *items = json_array();
        for (int no = pd->first; no <= pd->last; no++)
            json_array_append_new(items, diag_view_item(rq, c, no, ans, item_errors));
        json_array_append_new(parts, json_pack("{s:s,s:i,s:i,s:o}", "label",
                                               dtext_get(&pd->label, rq->lang), "first", pd->first,
                                               "last", pd->last, "items", items));
    }
    return parts;
}

static void parts_chart(struct req *rq, const diag_result_t *res, buf_t *out)
{
    /* Short labels fit a phone screen; the table under the chart names the parts. */
    static const char *const labels[PART_COUNT] = {"Part 1", "Part 2", "Part 3"};
    double values[PART_COUNT];
    for (int p = 0; p < PART_COUNT; p++) {
        int v = res->parts[p] < 0 ? 0 : res->parts[p];
        values[p] = res->part_max[p] > 0 ? (double)(v * 100 / res->part_max[p]) : 0;
    }
    struct svgchart_bars ch = {
        .id = "parts-chart",
        .title = tr(rq, "Score by part (share of the points of each part)"),
        .desc = tr(rq, "Each bar shows how much of the part's full points you have."),
        .labels = labels,
        .values = values,
        .n = PART_COUNT,
        .max = 100,
        .suffix = "%",
        .width = 400,
    };
    if (svgchart_bar(out, &ch) != 0)
        buf_reset(out);
}

static void put_diff(json_t *o, const char *key, int diff)
{
    char s[16];
    str_fmt(s, sizeof s, "%+d", diff);
    json_object_set_new(o, key, json_string(s));
}

json_t *diag_view_result(struct req *rq, const content_t *c, const struct diag_row *row,
                         const diag_answers_t *ans)
{
    diag_result_t res;
    if (diag_score(c, ans, &res, NULL) != DIAG_OK)
        return NULL;
    const band_def_t *b = res.band;
    json_t *d = json_pack(
        "{s:I,s:i,s:s,s:s,s:s,s:s}", "id", (json_int_t)row->id, "total", res.total, "band_key",
        b->key, "band_label", dtext_get(&b->label, rq->lang), "band_meaning",
        dtext_get(&b->meaning, rq->lang), "band_next", dtext_get(&b->next_step, rq->lang));
    json_object_set_new(d, "date", diag_view_date(row->completed_at));
    json_t *parts = json_array();
    for (int p = 0; p < PART_COUNT; p++)
        json_array_append_new(parts, json_pack("{s:s,s:i,s:i}", "label",
                                               dtext_get(&c->parts[p].label, rq->lang), "score",
                                               res.parts[p], "max", res.part_max[p]));
    json_object_set_new(d, "parts", parts);
    buf_t svg;
    buf_init(&svg);
    parts_chart(rq, &res, &svg);
    json_object_set_new(d, "html_parts_chart", json_string(buf_cstr(&svg)));
    buf_free(&svg);

    json_t *unknown = json_array();
    for (size_t i = 0; i < res.n_unknown; i++) {
        const diag_item_t *it = content_item(c, res.unknown_items[i]);
        json_array_append_new(unknown, json_pack("{s:i,s:s}", "no", it->no, "question",
                                                 dtext_get(&it->question, rq->lang)));
    }
    json_object_set_new(d, "unknown", unknown);

    json_t *advice = json_array();
    for (size_t i = 0; i < res.n_advice; i++) {
        int no = res.advice_items[i];
        const diag_item_t *it = content_item(c, no);
        json_t *measures = json_array();
        for (size_t m = 0; m < it->n_measures; m++)
            json_array_append_new(measures, json_string(dtext_get(&it->measures[m], rq->lang)));
        json_array_append_new(advice,
                              json_pack("{s:i,s:s,s:s,s:i,s:s,s:o}", "no", no, "question",
                                        dtext_get(&it->question, rq->lang), "answer",
                                        dtext_get(&c->answers[ans->a[no]].label, rq->lang),
                                        "points", res.points[no], "risk",
                                        dtext_get(&it->risk, rq->lang), "measures", measures));
    }
    json_object_set_new(d, "advice", advice);

    /* Every answer, for the record. */
    json_t *all = json_array();
    for (int no = 1; no <= DIAG_ITEMS; no++)
        json_array_append_new(all, json_pack("{s:i,s:s,s:s,s:i}", "no", no, "question",
                                             dtext_get(&content_item(c, no)->question, rq->lang),
                                             "answer",
                                             dtext_get(&c->answers[ans->a[no]].label, rq->lang),
                                             "points", res.points[no]));
    json_object_set_new(d, "answers", all);

    int64_t prev_id = diag_previous(rq->db, rq->org_id, row->id);
    struct diag_row prev;
    diag_answers_t prev_ans;
    if (prev_id > 0 && diag_load(rq->db, rq->org_id, prev_id, &prev, &prev_ans) == DS_OK) {
        json_t *po = json_pack("{s:I,s:o,s:i}", "id", (json_int_t)prev.id, "date",
                               diag_view_date(prev.completed_at), "total", prev.total);
        put_diff(po, "diff", res.total - prev.total);
        json_object_set_new(po, "up", json_boolean(res.total > prev.total));
        json_object_set_new(po, "down", json_boolean(res.total < prev.total));
        for (int p = 0; p < PART_COUNT; p++)
            put_diff(json_array_get(parts, (size_t)p), "diff", res.parts[p] - prev.parts[p]);
        json_object_set_new(d, "prev", po);
    }
    return d;
}

void diag_view_trend(struct req *rq, buf_t *out, const char *const *dates, const double *totals,
                     size_t n)
{
    if (n == 0)
        return;
    double ymin = 0;
    for (size_t i = 0; i < n; i++)
        if (totals[i] < ymin)
            ymin = -25;
    struct svgchart_line ch = {
        .id = "trend-chart",
        .title = tr(rq, "Total score of each completed diagnosis"),
        .desc = tr(rq, "The line shows how your total score out of 100 changed over time."),
        .dates = dates,
        .values = totals,
        .n = n,
        .ymin = ymin,
        .ymax = 100,
        .width = 400,
        .height = 220,
    };
    if (svgchart_trend(out, &ch) != 0)
        buf_reset(out);
}
