/* api_diagnosis.c - the self-diagnosis as JSON under /api/v1/organizations/:org/diagnoses.
 * Result fields are those of `otasuke diagnose --json` (diag_result_to_json), plus the id,
 * status, answers, advice and the difference to the previous completed diagnosis. */
#include "diagnosis_input.h"
#include "diagnosis_json.h"
#include "diagnosis_store.h"
#include "pages.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>

/* {"error": {"code", "message", "item"?, "missing_items"?}} */
static void api_err(struct req *rq, struct resp *rs, int status, const char *code,
                    const char *msgid, int item, json_t *missing)
{
    json_t *e = json_pack("{s:s,s:s}", "code", code, "message", tr(rq, msgid));
    if (item > 0)
        json_object_set_new(e, "item", json_integer(item));
    if (missing)
        json_object_set_new(e, "missing_items", missing);
    resp_json(rs, status, json_pack("{s:o}", "error", e));
}

static const content_t *content_or_500(struct req *rq, struct resp *rs)
{
    const content_t *c = content_get();
    if (!c)
        api_err(rq, rs, 500, "internal", N_("Something went wrong. Please try again."), 0, NULL);
    return c;
}

static bool load(struct req *rq, struct resp *rs, struct diag_row *row, diag_answers_t *ans)
{
    enum diag_store_err e = diag_load(rq->db, rq->org_id, req_param_id(rq, 1), row, ans);
    if (e == DS_OK)
        return true;
    if (e == DS_NOT_FOUND)
        api_err(rq, rs, 404, "not_found", N_("Not found."), 0, NULL);
    else
        api_err(rq, rs, 500, "internal", N_("Something went wrong. Please try again."), 0, NULL);
    return false;
}

static json_t *missing_items(const diag_answers_t *ans)
{
    json_t *m = json_array();
    for (int i = 1; i <= DIAG_ITEMS; i++)
        if (ans->a[i] == ANS_NONE)
            json_array_append_new(m, json_integer(i));
    return m;
}

static json_t *dtext_json(const dtext_t *t)
{
    return json_pack("{s:s,s:s}", "ja", t->ja, "en", t->en);
}

/* The full JSON of one diagnosis. NULL on out of memory or bad stored data. */
static json_t *diagnosis_json(struct req *rq, const content_t *c, const struct diag_row *row,
                              const diag_answers_t *ans)
{
    json_t *answers = json_object();
    for (int i = 1; i <= DIAG_ITEMS; i++) {
        if (ans->a[i] == ANS_NONE)
            continue;
        char key[8];
        str_fmt(key, sizeof key, "%d", i);
        json_object_set_new(answers, key, json_string(diag_answer_key(ans->a[i])));
    }
    json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)row->id, "status",
                          row->completed ? "completed" : "in_progress", "started_at",
                          row->started_at, "answers", answers, "missing_items", missing_items(ans));
    json_object_set_new(o, "completed_at",
                        row->completed ? json_string(row->completed_at) : json_null());
    if (!row->completed)
        return o;
    diag_result_t res;
    if (diag_score(c, ans, &res, NULL) != DIAG_OK) {
        json_decref(o);
        return NULL;
    }
    /* The same fields as the CLI, made by the same code. */
    char *cli = diag_result_to_json(&res);
    json_t *r = cli ? json_loads(cli, 0, NULL) : NULL;
    free(cli);
    if (!r) {
        json_decref(o);
        return NULL;
    }
    json_object_update(o, r);
    json_decref(r);
    json_t *advice = json_array();
    for (size_t i = 0; i < res.n_advice; i++) {
        int no = res.advice_items[i];
        const diag_item_t *it = content_item(c, no);
        json_t *measures = json_array();
        for (size_t m = 0; m < it->n_measures; m++)
            json_array_append_new(measures, dtext_json(&it->measures[m]));
        json_array_append_new(advice,
                              json_pack("{s:i,s:s,s:i,s:o,s:o,s:o}", "item", no, "answer",
                                        diag_answer_key(ans->a[no]), "points", res.points[no],
                                        "question", dtext_json(&it->question), "risk",
                                        dtext_json(&it->risk), "measures", measures));
    }
    json_object_set_new(o, "advice", advice);
    int64_t prev_id = diag_previous(rq->db, rq->org_id, row->id);
    struct diag_row prev;
    diag_answers_t prev_ans;
    if (prev_id > 0 && diag_load(rq->db, rq->org_id, prev_id, &prev, &prev_ans) == DS_OK)
        json_object_set_new(o, "previous",
                            json_pack("{s:I,s:i,s:i}", "id", (json_int_t)prev.id, "total",
                                      prev.total, "difference", res.total - prev.total));
    else
        json_object_set_new(o, "previous", json_null());
    return o;
}

static void reply(struct req *rq, struct resp *rs, int status, const content_t *c,
                  const struct diag_row *row, const diag_answers_t *ans)
{
    json_t *o = diagnosis_json(rq, c, row, ans);
    if (!o) {
        api_err(rq, rs, 500, "internal", N_("Something went wrong. Please try again."), 0, NULL);
        return;
    }
    resp_json(rs, status, o);
}

static void list(struct req *rq, struct resp *rs)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT id, status, started_at, completed_at, total, band FROM "
                           "diagnoses WHERE org_id = ? ORDER BY id",
                           "i", rq->org_id);
    if (!r) {
        api_err(rq, rs, 500, "internal", N_("Something went wrong. Please try again."), 0, NULL);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        bool done = str_eq(db_res_text(r, i, 1), "completed");
        json_t *o = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_res_int(r, i, 0), "status",
                              db_res_text(r, i, 1), "started_at", db_res_text(r, i, 2));
        json_object_set_new(o, "completed_at",
                            done ? json_string(db_res_text(r, i, 3)) : json_null());
        json_object_set_new(o, "total", done ? json_integer(db_res_int(r, i, 4)) : json_null());
        json_object_set_new(o, "band", done ? json_string(db_res_text(r, i, 5)) : json_null());
        json_array_append_new(a, o);
    }
    db_res_free(r);
    resp_json(rs, 200, json_pack("{s:o}", "diagnoses", a));
}

static void start(struct req *rq, struct resp *rs)
{
    const content_t *c = content_or_500(rq, rs);
    if (!c)
        return;
    bool created;
    int64_t id = diag_start(rq->db, rq->org_id, rq->user.id, &created);
    struct diag_row row;
    diag_answers_t ans;
    if (id <= 0 || diag_load(rq->db, rq->org_id, id, &row, &ans) != DS_OK) {
        api_err(rq, rs, 500, "internal", N_("Something went wrong. Please try again."), 0, NULL);
        return;
    }
    if (created)
        audit(rq, "diagnosis_start", rq->org_id, "");
    reply(rq, rs, created ? 201 : 200, c, &row, &ans);
}

static void get_one(struct req *rq, struct resp *rs)
{
    const content_t *c = content_or_500(rq, rs);
    struct diag_row row;
    diag_answers_t ans;
    if (c && load(rq, rs, &row, &ans))
        reply(rq, rs, 200, c, &row, &ans);
}

static void put_answers(struct req *rq, struct resp *rs)
{
    const content_t *c = content_or_500(rq, rs);
    struct diag_row row;
    diag_answers_t ans;
    if (!c || !load(rq, rs, &row, &ans))
        return;
    diag_answers_t upd;
    int item = 0;
    switch (diag_input_json(c, rq->body, rq->body_len, &upd, &item)) {
    case DI_OK:
        break;
    case DI_BAD_JSON:
        api_err(rq, rs, 400, "bad_json",
                N_("The request body must have \"answers\", an object of item numbers and "
                   "answers."),
                0, NULL);
        return;
    case DI_UNKNOWN_ITEM:
        api_err(rq, rs, 422, "unknown_item", N_("The items are numbered 1 to 25."), 0, NULL);
        return;
    case DI_INVALID_ANSWER:
        api_err(rq, rs, 422, "invalid_answer",
                N_("An answer must be one of done, partly, not_done, unknown or not_used."), item,
                NULL);
        return;
    case DI_NOT_USED:
        api_err(rq, rs, 422, "not_used_not_allowed",
                N_("\"Not used\" can only be chosen for No. 9 (wireless LAN) and No. 23 "
                   "(external services). Please choose another answer."),
                item, NULL);
        return;
    }
    enum diag_store_err e = diag_save(rq->db, rq->org_id, row.id, &upd);
    if (e == DS_COMPLETED)
        api_err(rq, rs, 409, "completed",
                N_("This diagnosis is completed and can no longer be changed."), 0, NULL);
    else if (e == DS_NOT_FOUND)
        api_err(rq, rs, 404, "not_found", N_("Not found."), 0, NULL);
    else if (e != DS_OK)
        api_err(rq, rs, 500, "internal", N_("Something went wrong. Please try again."), 0, NULL);
    else if (diag_load(rq->db, rq->org_id, row.id, &row, &ans) == DS_OK)
        reply(rq, rs, 200, c, &row, &ans);
    else
        api_err(rq, rs, 500, "internal", N_("Something went wrong. Please try again."), 0, NULL);
}

static void complete(struct req *rq, struct resp *rs)
{
    const content_t *c = content_or_500(rq, rs);
    struct diag_row row;
    diag_answers_t ans;
    if (!c || !load(rq, rs, &row, &ans))
        return;
    enum diag_store_err e = diag_complete(rq->db, c, rq->org_id, row.id, NULL);
    if (e == DS_INCOMPLETE) {
        api_err(rq, rs, 422, "incomplete",
                N_("Please answer every item before completing the diagnosis."), 0,
                missing_items(&ans));
        return;
    }
    if (e == DS_COMPLETED) {
        api_err(rq, rs, 409, "completed",
                N_("This diagnosis is completed and can no longer be changed."), 0, NULL);
        return;
    }
    if (e != DS_OK || diag_load(rq->db, rq->org_id, row.id, &row, &ans) != DS_OK) {
        api_err(rq, rs, e == DS_NOT_FOUND ? 404 : 500, e == DS_NOT_FOUND ? "not_found" : "internal",
                e == DS_NOT_FOUND ? N_("Not found.")
                                  : N_("Something went wrong. Please try again."),
                0, NULL);
        return;
    }
    audit(rq, "diagnosis_complete", rq->org_id, "");
    reply(rq, rs, 200, c, &row, &ans);
}

void api_diagnosis_register(struct app *app)
{
    const unsigned rd = R_API | R_ORG, wr = R_API | R_ORG | R_ORG_WRITE;
    route_add(app, "GET", "/api/v1/organizations/:org/diagnoses", rd, list);
    route_add(app, "POST", "/api/v1/organizations/:org/diagnoses", wr, start);
    route_add(app, "GET", "/api/v1/organizations/:org/diagnoses/:id", rd, get_one);
    route_add(app, "PUT", "/api/v1/organizations/:org/diagnoses/:id/answers", wr, put_answers);
    route_add(app, "POST", "/api/v1/organizations/:org/diagnoses/:id/complete", wr, complete);
}
