/* pages_diagnosis.c - the 25-item self-diagnosis: history with trend, answering (all items on
 * one page, or one item per screen), completing, and the result with advice.
 *
 * URLs (all under /w/:org/diagnosis, ids checked against the organization in SQL):
 *   GET  ""              history + start/resume      POST ""            start or resume
 *   GET  /:id            in progress: the one-page form; completed: the result
 *   POST /:id            one-page form: save as draft or complete
 *   GET  /:id/resume     redirect to the first unanswered item (or /finish)
 *   GET  /:id/item/:n    one item per screen          POST /:id/item/:n  save it, go back/next
 *   GET  /:id/finish     review before completing     POST /:id/complete complete */
#include "diagnosis_store.h"
#include "diagnosis_view.h"
#include "form.h"
#include "pages.h"
#include "str.h"

#include <string.h>

#define MAX_TREND 200

static const content_t *content_or_500(struct req *rq, struct resp *rs)
{
    const content_t *c = content_get();
    if (!c)
        page_error(rq, rs, 500);
    return c;
}

/* Loads the diagnosis of the path (params[1]) in this organization; 404 page if absent. */
static bool load_or_404(struct req *rq, struct resp *rs, struct diag_row *row, diag_answers_t *ans)
{
    enum diag_store_err e = diag_load(rq->db, rq->org_id, req_param_id(rq, 1), row, ans);
    if (e == DS_OK)
        return true;
    page_error(rq, rs, e == DS_NOT_FOUND ? 404 : 500);
    return false;
}

static void go_result(struct req *rq, struct resp *rs, int64_t id)
{
    resp_redirectf(rs, "/w/%lld/diagnosis/%lld", (long long)rq->org_id, (long long)id);
}

/* A save refused by the store: completed meanwhile (read-only), gone, or a DB error. */
static void save_failed(struct req *rq, struct resp *rs, enum diag_store_err e, int64_t id)
{
    if (e == DS_COMPLETED) {
        flash_set(rq, rs, "This diagnosis is completed and can no longer be changed.");
        go_result(rq, rs, id);
    } else {
        page_error(rq, rs, e == DS_NOT_FOUND ? 404 : 500);
    }
}

static int count_answered(const diag_answers_t *ans)
{
    int n = 0;
    for (int i = 1; i <= DIAG_ITEMS; i++)
        n += ans->a[i] != ANS_NONE;
    return n;
}

static json_t *missing_list(const diag_answers_t *ans)
{
    json_t *m = json_array();
    for (int i = 1; i <= DIAG_ITEMS; i++)
        if (ans->a[i] == ANS_NONE)
            json_array_append_new(m, json_integer(i));
    return m;
}

/* ---- history ---- */

static void history(struct req *rq, struct resp *rs)
{
    const content_t *c = content_or_500(rq, rs);
    if (!c)
        return;
    db_res_t *r = db_query(rq->db,
                           "SELECT id, status, started_at, completed_at, total, band FROM "
                           "diagnoses WHERE org_id = ? ORDER BY id DESC",
                           "i", rq->org_id);
    if (!r) {
        page_error(rq, rs, 500);
        return;
    }
    json_t *done = json_array();
    const char *dates[MAX_TREND];
    double totals[MAX_TREND];
    size_t n = db_res_rows(r), nt = 0;
    int64_t open_id = 0;
    /* Rows are newest first; the chart wants the newest MAX_TREND, oldest first. */
    for (size_t i = 0; i < n; i++) {
        if (!str_eq(db_res_text(r, i, 1), "completed")) {
            open_id = db_res_int(r, i, 0);
            continue;
        }
        int total = (int)db_res_int(r, i, 4);
        const band_def_t *b = content_band(c, total);
        json_array_append_new(done, json_pack("{s:I,s:o,s:i,s:s,s:s}", "id",
                                              (json_int_t)db_res_int(r, i, 0), "date",
                                              diag_view_date(db_res_text(r, i, 3)), "total", total,
                                              "band_key", b ? b->key : "", "band_label",
                                              b ? dtext_get(&b->label, rq->lang) : ""));
        if (nt < MAX_TREND)
            nt++;
    }
    size_t k = nt;
    for (size_t i = 0; i < n && k > 0; i++) {
        if (!str_eq(db_res_text(r, i, 1), "completed"))
            continue;
        k--;
        dates[k] = db_res_text(r, i, 3);
        totals[k] = (double)db_res_int(r, i, 4);
    }
    buf_t svg;
    buf_init(&svg);
    diag_view_trend(rq, &svg, dates, totals, nt);
    json_t *d = json_pack("{s:s,s:I,s:o,s:s,s:b}", "title", N_("Self-diagnosis"), "org_id",
                          (json_int_t)rq->org_id, "done", done, "html_trend", buf_cstr(&svg),
                          "can_write", rq->access >= ACCESS_WRITE);
    buf_free(&svg);
    if (open_id > 0) {
        struct diag_row row;
        diag_answers_t ans;
        if (diag_load(rq->db, rq->org_id, open_id, &row, &ans) == DS_OK)
            json_object_set_new(d, "open",
                                json_pack("{s:I,s:o,s:i}", "id", (json_int_t)open_id, "started",
                                          diag_view_date(row.started_at), "answered",
                                          count_answered(&ans)));
    }
    db_res_free(r);
    page_render(rq, rs, "diagnosis/index", d);
}

static void start(struct req *rq, struct resp *rs)
{
    bool created;
    int64_t id = diag_start(rq->db, rq->org_id, rq->user.id, &created);
    if (id <= 0) {
        page_error(rq, rs, 500);
        return;
    }
    if (created)
        audit(rq, "diagnosis_start", rq->org_id, "");
    else
        flash_set(rq, rs, "You have a diagnosis in progress. You can continue where you left off.");
    if (str_eq(req_form(rq, "mode"), "one"))
        resp_redirectf(rs, "/w/%lld/diagnosis/%lld/resume", (long long)rq->org_id, (long long)id);
    else
        go_result(rq, rs, id);
}

/* ---- all items on one page ---- */

static void render_form(struct req *rq, struct resp *rs, const content_t *c, int64_t id,
                        const diag_answers_t *ans, json_t *item_errors, json_t *missing,
                        const char *summary)
{
    json_t *d =
        json_pack("{s:s,s:I,s:I,s:o,s:i,s:b}", "title", N_("Self-diagnosis: answer the 25 items"),
                  "org_id", (json_int_t)rq->org_id, "id", (json_int_t)id, "parts",
                  diag_view_parts(rq, c, ans, item_errors), "answered", count_answered(ans),
                  "can_write", rq->access >= ACCESS_WRITE);
    if (missing)
        json_object_set_new(d, "missing", missing);
    if (summary)
        json_object_set_new(d, "summary", json_string(tr(rq, summary)));
    page_render(rq, rs, "diagnosis/form", d);
}

static void show(struct req *rq, struct resp *rs)
{
    const content_t *c = content_or_500(rq, rs);
    struct diag_row row;
    diag_answers_t ans;
    if (!c || !load_or_404(rq, rs, &row, &ans))
        return;
    if (!row.completed) {
        render_form(rq, rs, c, row.id, &ans, NULL, NULL, NULL);
        return;
    }
    json_t *d = diag_view_result(rq, c, &row, &ans);
    if (!d) {
        page_error(rq, rs, 500);
        return;
    }
    json_object_set_new(d, "title", json_string(N_("Self-diagnosis result")));
    json_object_set_new(d, "org_id", json_integer(rq->org_id));
    page_render(rq, rs, "diagnosis/result", d);
}

/* Reads a1..a25 from the form into ans. A value that is not an answer, or "not used" where
 * it does not apply, is recorded in item_errors; returns the first such item or 0. */
static int answers_from_form(struct req *rq, const content_t *c, diag_answers_t *ans,
                             json_t *item_errors)
{
    int first_bad = 0;
    for (int i = 1; i <= DIAG_ITEMS; i++) {
        char key[8];
        str_fmt(key, sizeof key, "a%d", i);
        const char *v = req_form(rq, key);
        if (!*v)
            continue;
        enum diag_answer a = diag_answer_parse(v);
        const char *msg = NULL;
        if (a == ANS_NONE)
            msg = N_("Please choose one of the answers.");
        else if (diag_check_answer(c, i, a) != DIAG_OK)
            msg = N_("\"Not used\" can only be chosen for No. 9 (wireless LAN) and No. 23 "
                     "(external services). Please choose another answer.");
        if (msg) {
            str_fmt(key, sizeof key, "%d", i);
            form_error(rq, item_errors, key, msg);
            if (!first_bad)
                first_bad = i;
            continue;
        }
        ans->a[i] = a;
    }
    return first_bad;
}

static void form_submit(struct req *rq, struct resp *rs)
{
    const content_t *c = content_or_500(rq, rs);
    struct diag_row row;
    diag_answers_t stored;
    if (!c || !load_or_404(rq, rs, &row, &stored))
        return;
    if (row.completed) {
        flash_set(rq, rs, "This diagnosis is completed and can no longer be changed.");
        go_result(rq, rs, row.id);
        return;
    }
    diag_answers_t ans;
    memset(&ans, 0, sizeof ans);
    json_t *item_errors = json_object();
    if (answers_from_form(rq, c, &ans, item_errors)) {
        /* Nothing saved: show the form as submitted, with the reasons. */
        rs->status = 422;
        render_form(rq, rs, c, row.id, &ans, item_errors, NULL,
                    N_("Some answers could not be accepted. Please check the items marked "
                       "below."));
        rs->status = 422;
        json_decref(item_errors);
        return;
    }
    json_decref(item_errors);
    enum diag_store_err e = diag_save(rq->db, rq->org_id, row.id, &ans);
    if (e != DS_OK) {
        save_failed(rq, rs, e, row.id);
        return;
    }
    /* What is stored now: earlier answers plus these. */
    for (int i = 1; i <= DIAG_ITEMS; i++)
        if (ans.a[i] == ANS_NONE)
            ans.a[i] = stored.a[i];
    if (!str_eq(req_form(rq, "action"), "complete")) {
        flash_set(rq, rs, "Your answers were saved. You can continue later.");
        resp_redirectf(rs, "/w/%lld/diagnosis", (long long)rq->org_id);
        return;
    }
    if (diag_first_missing(&ans)) {
        rs->status = 422;
        render_form(rq, rs, c, row.id, &ans, NULL, missing_list(&ans),
                    N_("Your answers so far were saved. To complete the diagnosis, please "
                       "answer these items too:"));
        rs->status = 422;
        return;
    }
    e = diag_complete(rq->db, c, rq->org_id, row.id, NULL);
    if (e != DS_OK) {
        page_error(rq, rs, e == DS_NOT_FOUND ? 404 : 500);
        return;
    }
    audit(rq, "diagnosis_complete", rq->org_id, "");
    flash_set(rq, rs, "The diagnosis is complete. Here is your result.");
    go_result(rq, rs, row.id);
}

/* ---- one item per screen ---- */

static void resume(struct req *rq, struct resp *rs)
{
    struct diag_row row;
    diag_answers_t ans;
    if (!load_or_404(rq, rs, &row, &ans))
        return;
    if (row.completed) {
        go_result(rq, rs, row.id);
        return;
    }
    int n = diag_first_missing(&ans);
    if (n)
        resp_redirectf(rs, "/w/%lld/diagnosis/%lld/item/%d", (long long)rq->org_id,
                       (long long)row.id, n);
    else
        resp_redirectf(rs, "/w/%lld/diagnosis/%lld/finish", (long long)rq->org_id,
                       (long long)row.id);
}

/* The diagnosis and the item number (params[2]) of .../item/:n; 0 after a 404 page. */
static int load_item_or_404(struct req *rq, struct resp *rs, struct diag_row *row,
                            diag_answers_t *ans)
{
    if (!load_or_404(rq, rs, row, ans))
        return 0;
    int64_t n = req_param_id(rq, 2);
    if (n < 1 || n > DIAG_ITEMS) {
        page_error(rq, rs, 404);
        return 0;
    }
    return (int)n;
}

static void render_item(struct req *rq, struct resp *rs, const content_t *c, int64_t id, int n,
                        const diag_answers_t *ans, json_t *item_errors)
{
    const diag_item_t *it = content_item(c, n);
    json_t *d = json_pack("{s:s,s:I,s:I,s:i,s:i,s:o,s:s,s:b,s:b}", "title",
                          N_("Self-diagnosis: one item at a time"), "org_id",
                          (json_int_t)rq->org_id, "id", (json_int_t)id, "n", n, "total_items",
                          DIAG_ITEMS, "item", diag_view_item(rq, c, n, ans, item_errors), "part",
                          dtext_get(&c->parts[it->part].label, rq->lang), "first", n == 1,
                          "can_write", rq->access >= ACCESS_WRITE);
    json_object_set_new(d, "answered", json_integer(count_answered(ans)));
    json_object_set_new(d, "percent", json_integer(count_answered(ans) * 100 / DIAG_ITEMS));
    page_render(rq, rs, "diagnosis/item", d);
}

static void item_show(struct req *rq, struct resp *rs)
{
    const content_t *c = content_or_500(rq, rs);
    struct diag_row row;
    diag_answers_t ans;
    int n = c ? load_item_or_404(rq, rs, &row, &ans) : 0;
    if (!n)
        return;
    if (row.completed) {
        go_result(rq, rs, row.id);
        return;
    }
    render_item(rq, rs, c, row.id, n, &ans, NULL);
}

static void item_submit(struct req *rq, struct resp *rs)
{
    const content_t *c = content_or_500(rq, rs);
    struct diag_row row;
    diag_answers_t ans;
    int n = c ? load_item_or_404(rq, rs, &row, &ans) : 0;
    if (!n)
        return;
    if (row.completed) {
        flash_set(rq, rs, "This diagnosis is completed and can no longer be changed.");
        go_result(rq, rs, row.id);
        return;
    }
    bool back = str_eq(req_form(rq, "nav"), "back");
    const char *v = req_form(rq, "answer");
    if (*v) {
        enum diag_answer a = diag_answer_parse(v);
        const char *msg = NULL;
        if (a == ANS_NONE)
            msg = N_("Please choose one of the answers.");
        else if (diag_check_answer(c, n, a) != DIAG_OK)
            msg = N_("\"Not used\" can only be chosen for No. 9 (wireless LAN) and No. 23 "
                     "(external services). Please choose another answer.");
        if (msg) {
            json_t *errs = json_object();
            char key[8];
            str_fmt(key, sizeof key, "%d", n);
            form_error(rq, errs, key, msg);
            rs->status = 422;
            render_item(rq, rs, c, row.id, n, &ans, errs);
            rs->status = 422;
            json_decref(errs);
            return;
        }
        diag_answers_t one;
        memset(&one, 0, sizeof one);
        one.a[n] = a;
        enum diag_store_err e = diag_save(rq->db, rq->org_id, row.id, &one);
        if (e != DS_OK) {
            save_failed(rq, rs, e, row.id);
            return;
        }
        ans.a[n] = a;
    } else if (!back) {
        /* Next without an answer: ask for one rather than skipping silently. */
        json_t *errs = json_object();
        char key[8];
        str_fmt(key, sizeof key, "%d", n);
        form_error(rq, errs, key, "Please choose one of the answers.");
        rs->status = 422;
        render_item(rq, rs, c, row.id, n, &ans, errs);
        rs->status = 422;
        json_decref(errs);
        return;
    }
    if (back && n > 1)
        resp_redirectf(rs, "/w/%lld/diagnosis/%lld/item/%d", (long long)rq->org_id,
                       (long long)row.id, n - 1);
    else if (back)
        resp_redirectf(rs, "/w/%lld/diagnosis", (long long)rq->org_id);
    else if (n < DIAG_ITEMS)
        resp_redirectf(rs, "/w/%lld/diagnosis/%lld/item/%d", (long long)rq->org_id,
                       (long long)row.id, n + 1);
    else
        resume(rq, rs);
}

static void render_finish(struct req *rq, struct resp *rs, int64_t id, const diag_answers_t *ans,
                          bool refused)
{
    json_t *d =
        json_pack("{s:s,s:I,s:I,s:i,s:o,s:b}", "title", N_("Complete the self-diagnosis"), "org_id",
                  (json_int_t)rq->org_id, "id", (json_int_t)id, "answered", count_answered(ans),
                  "missing", missing_list(ans), "can_write", rq->access >= ACCESS_WRITE);
    json_object_set_new(d, "refused", json_boolean(refused));
    page_render(rq, rs, "diagnosis/finish", d);
}

static void finish(struct req *rq, struct resp *rs)
{
    struct diag_row row;
    diag_answers_t ans;
    if (!load_or_404(rq, rs, &row, &ans))
        return;
    if (row.completed) {
        go_result(rq, rs, row.id);
        return;
    }
    render_finish(rq, rs, row.id, &ans, false);
}

static void complete(struct req *rq, struct resp *rs)
{
    const content_t *c = content_or_500(rq, rs);
    struct diag_row row;
    diag_answers_t ans;
    if (!c || !load_or_404(rq, rs, &row, &ans))
        return;
    if (row.completed) {
        go_result(rq, rs, row.id);
        return;
    }
    enum diag_store_err e = diag_complete(rq->db, c, rq->org_id, row.id, NULL);
    if (e == DS_INCOMPLETE) {
        rs->status = 422;
        render_finish(rq, rs, row.id, &ans, true);
        rs->status = 422;
        return;
    }
    if (e != DS_OK) {
        page_error(rq, rs, e == DS_NOT_FOUND ? 404 : 500);
        return;
    }
    audit(rq, "diagnosis_complete", rq->org_id, "");
    flash_set(rq, rs, "The diagnosis is complete. Here is your result.");
    go_result(rq, rs, row.id);
}

void pages_diagnosis_register(struct app *app)
{
    const unsigned rd = R_ORG, wr = R_ORG | R_ORG_WRITE;
    route_add(app, "GET", "/w/:org/diagnosis", rd, history);
    route_add(app, "POST", "/w/:org/diagnosis", wr, start);
    route_add(app, "GET", "/w/:org/diagnosis/:id", rd, show);
    route_add(app, "POST", "/w/:org/diagnosis/:id", wr, form_submit);
    route_add(app, "GET", "/w/:org/diagnosis/:id/resume", rd, resume);
    route_add(app, "GET", "/w/:org/diagnosis/:id/item/:n", rd, item_show);
    route_add(app, "POST", "/w/:org/diagnosis/:id/item/:n", wr, item_submit);
    route_add(app, "GET", "/w/:org/diagnosis/:id/finish", rd, finish);
    route_add(app, "POST", "/w/:org/diagnosis/:id/complete", wr, complete);
}
