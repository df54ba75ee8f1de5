/* pages_diagnosis_pdf.c - PDF report of a completed self-diagnosis (total, band, parts,
 * わからない items, advice for every item below full points). */
#include "content.h"
#include "diagnosis.h"
#include "download.h"
#include "org_basic.h"
#include "pages.h"
#include "str.h"

#include <string.h>

static json_t *report_doc(struct req *rq, const content_t *c, const diag_answers_t *ans,
                          const diag_result_t *res, const char *org_name, const char *date)
{
    const char *L = rq->lang;
    json_t *blocks = json_array();
    char line[1024];
    str_fmt(line, sizeof line, "%s: %d / 100", tr(rq, "Total score"), res->total);
    json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "h2", "text", line));
    if (res->band) {
        str_fmt(line, sizeof line, "%s - %s", dtext_get(&res->band->label, L),
                dtext_get(&res->band->meaning, L));
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "p", "text", line));
        str_fmt(line, sizeof line, "%s: %s", tr(rq, "Next step"),
                dtext_get(&res->band->next_step, L));
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "p", "text", line));
    }
    json_t *rows = json_array();
    for (int p = 0; p < PART_COUNT; p++)
        json_array_append_new(rows, json_pack("[s,i,i]", dtext_get(&c->parts[p].label, L),
                                              res->parts[p], res->part_max[p]));
    json_array_append_new(blocks,
                          json_pack("{s:s,s:s}", "type", "h2", "text", tr(rq, "Scores by part")));
    json_array_append_new(blocks, json_pack("{s:s,s:[s,s,s],s:[i,i,i],s:o}", "type", "table",
                                            "columns", tr(rq, "Part"), tr(rq, "Score"),
                                            tr(rq, "Maximum"), "widths", 4, 1, 1, "rows", rows));
    json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "h2", "text",
                                            tr(rq, "Items answered \"don't know\"")));
    if (res->n_unknown == 0) {
        json_array_append_new(
            blocks, json_pack("{s:s,s:s}", "type", "p", "text", tr(rq, "There are none.")));
    } else {
        json_t *ul = json_array();
        for (size_t i = 0; i < res->n_unknown; i++) {
            const diag_item_t *it = content_item(c, res->unknown_items[i]);
            str_fmt(line, sizeof line, "No.%d %s", it->no, dtext_get(&it->question, L));
            json_array_append_new(ul, json_string(line));
        }
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "p", "text",
                                                tr(rq, "Please check these items with the "
                                                       "person who knows, and answer again.")));
        json_array_append_new(blocks, json_pack("{s:s,s:o}", "type", "ul", "items", ul));
    }
    json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "h2", "text",
                                            tr(rq, "Advice for the items to improve")));
    if (res->n_advice == 0)
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "p", "text",
                                                tr(rq, "Every item is done. Keep it up.")));
    for (size_t i = 0; i < res->n_advice; i++) {
        const diag_item_t *it = content_item(c, res->advice_items[i]);
        str_fmt(line, sizeof line, "No.%d %s", it->no, dtext_get(&it->question, L));
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "h3", "text", line));
        str_fmt(line, sizeof line, "%s: %s (%d)", tr(rq, "Your answer"),
                dtext_get(&c->answers[ans->a[it->no]].label, L), res->points[it->no]);
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "p", "text", line));
        str_fmt(line, sizeof line, "%s: %s", tr(rq, "What can happen"), dtext_get(&it->risk, L));
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "type", "p", "text", line));
        json_t *ul = json_array();
        for (size_t m = 0; m < it->n_measures; m++)
            json_array_append_new(ul, json_string(dtext_get(&it->measures[m], L)));
        json_array_append_new(blocks, json_pack("{s:s,s:o}", "type", "ul", "items", ul));
    }
    char when[128];
    str_fmt(when, sizeof when, "%s: %s", tr(rq, "Completed on"), date);
    return json_pack("{s:s,s:s,s:[s,s],s:o}", "title", tr(rq, "Self-diagnosis result"), "subtitle",
                     org_name, "meta", org_name, when, "blocks", blocks);
}

static void report_pdf(struct req *rq, struct resp *rs)
{
    const content_t *c = content_get();
    int64_t id = req_param_id(rq, 1);
    db_res_t *r = db_query(rq->db,
                           "SELECT completed_at FROM diagnoses WHERE id = ? AND org_id = ? AND "
                           "status = 'completed'",
                           "ii", id, rq->org_id);
    if (!c || !r || db_res_rows(r) != 1) {
        db_res_free(r);
        page_error(rq, rs, c && r ? 404 : 500);
        return;
    }
    char date[16];
    str_copy(date, sizeof date, db_res_text(r, 0, 0));
    if (strlen(date) > 10)
        date[10] = '\0';
    db_res_free(r);
    diag_answers_t ans;
    memset(&ans, 0, sizeof ans);
    r = db_query(rq->db, "SELECT item, answer FROM diagnosis_answers WHERE diagnosis_id = ?", "i",
                 id);
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        int64_t no = db_res_int(r, i, 0);
        if (no >= 1 && no <= DIAG_ITEMS)
            ans.a[no] = diag_answer_parse(db_res_text(r, i, 1));
    }
    db_res_free(r);
    diag_result_t res;
    if (diag_score(c, &ans, &res, NULL) != DIAG_OK) {
        page_error(rq, rs, 500);
        return;
    }
    char name[512] = "", rep[256], ascii[64], utf8[700];
    org_basic(rq->db, rq->org_id, name, sizeof name, rep, sizeof rep);
    str_fmt(ascii, sizeof ascii, "self-diagnosis-%s.pdf", date);
    if (!str_fmt(utf8, sizeof utf8, "%s_%s_%s.pdf", tr(rq, "Self-diagnosis result"), name, date))
        utf8[0] = '\0';
    resp_pdf(rq, rs, report_doc(rq, c, &ans, &res, name, date), ascii, utf8);
}

void pages_diagnosis_pdf_register(struct app *app)
{
    route_add(app, "GET", "/w/:org/diagnosis/:id/report.pdf", R_ORG, report_pdf);
}
