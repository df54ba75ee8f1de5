/* pages_expert_ops.c - the operator's expert registry: list with filters and counts, and the
 * decisions approve / reject / suspend / reinstate. */
#include "expert_flow.h"
#include "expert_store.h"
#include "form.h"
#include "pages.h"
#include "pref_options.h"
#include "str.h"

#include <string.h>

#define LIST_MAX 500

const char *expert_status_msgid_short(const char *s)
{
    if (str_eq(s, "approved"))
        return N_("Approved");
    if (str_eq(s, "rejected"))
        return N_("Not approved");
    if (str_eq(s, "suspended"))
        return N_("Suspended");
    return N_("Waiting for approval");
}

void expert_filters_read(const struct req *rq, struct expert_filters *f)
{
    const char *s = req_query(rq, "status"), *q = req_query(rq, "qualification");
    f->status = s && (str_eq(s, "pending") || str_eq(s, "approved") || str_eq(s, "rejected") ||
                      str_eq(s, "suspended"))
                    ? s
                    : "";
    f->qualification = q && (str_eq(q, "riss") || str_eq(q, "itc") || str_eq(q, "other")) ? q : "";
    int64_t p = 0;
    const char *ps = req_query(rq, "pref");
    f->pref = ps && str_eq(ps, "none") ? -1 : ps && str_to_i64(ps, 1, 47, &p) ? (int)p : 0;
}

json_t *expert_list_json(struct req *rq, const struct expert_filters *f)
{
    /* Conditions only for the filters given; the values are bound, never pasted. */
    char sql[512] = "SELECT id FROM experts WHERE 1 = 1";
    const char *sv[2] = {"", ""};
    int nsv = 0;
    size_t l = strlen(sql);
    if (*f->status) {
        sv[nsv++] = f->status;
        str_copy(sql + l, sizeof sql - l, " AND status = ?");
        l = strlen(sql);
    }
    if (*f->qualification) {
        sv[nsv++] = f->qualification;
        str_copy(sql + l, sizeof sql - l, " AND qualification = ?");
        l = strlen(sql);
    }
    if (f->pref == -1)
        str_copy(sql + l, sizeof sql - l, " AND prefecture IS NULL");
    else if (f->pref > 0)
        str_fmt(sql + l, sizeof sql - l, " AND prefecture = %d", f->pref);
    l = strlen(sql);
    str_copy(sql + l, sizeof sql - l,
             " ORDER BY CASE status WHEN 'pending' THEN 0 ELSE 1 END, id LIMIT 500");
    db_res_t *r = db_query(rq->db, sql, nsv == 2 ? "ss" : nsv == 1 ? "s" : NULL, sv[0], sv[1]);
    json_t *list = json_array();
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        json_t *e = expert_json(rq, db_res_int(r, i, 0));
        if (!e)
            continue;
        const char *st = json_string_value(json_object_get(e, "status"));
        json_object_set_new(e, "status_text", json_string(tr(rq, expert_status_msgid_short(st))));
        json_object_set_new(e, "can_approve", json_boolean(str_eq(st, "pending")));
        json_object_set_new(e, "can_suspend", json_boolean(str_eq(st, "approved")));
        json_object_set_new(e, "can_reinstate", json_boolean(str_eq(st, "suspended")));
        json_array_append_new(list, e);
    }
    db_res_free(r);
    return list;
}

static void list_render(struct req *rq, struct resp *rs, int64_t err_id, json_t *errors, int status)
{
    struct expert_filters f;
    expert_filters_read(rq, &f);
    json_t *list = expert_list_json(rq, &f);
    if (err_id && errors) {
        size_t i;
        json_t *e;
        json_array_foreach(list, i, e) if (json_integer_value(json_object_get(e, "id")) == err_id)
            json_object_set(e, "errors", errors);
    }
    json_decref(errors);
    db_res_t *r = db_query(rq->db, "SELECT status, COUNT(*) FROM experts GROUP BY status", NULL);
    json_t *counts =
        json_pack("{s:i,s:i,s:i,s:i}", "pending", 0, "approved", 0, "rejected", 0, "suspended", 0);
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_object_set_new(counts, db_res_text(r, i, 0), json_integer(db_res_int(r, i, 1)));
    db_res_free(r);
    buf_t b;
    buf_init(&b);
    pref_options_html(&b, rq->lang, f.pref > 0 ? f.pref : 0);
    json_t *d = json_pack("{s:s,s:o,s:o,s:s,s:s,s:s,s:b,s:I,s:b}", "title", N_("Expert registry"),
                          "experts", list, "counts", counts, "status", f.status, "qualification",
                          f.qualification, "html_pref_options", buf_cstr(&b), "pref_none",
                          f.pref == -1, "shown", (json_int_t)json_array_size(list), "filtered",
                          *f.status || *f.qualification || f.pref != 0);
    buf_free(&b);
    page_render(rq, rs, "expert/registry", d);
    rs->status = status;
}

static void list(struct req *rq, struct resp *rs)
{
    list_render(rq, rs, 0, NULL, 200);
}

static void decide(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 0);
    enum flow_result r = flow_expert_decide(rq, id, req_form(rq, "action"), req_form(rq, "reason"));
    if (r == FLOW_OK) {
        flash_set(rq, rs, "The decision was saved and mailed to the expert.");
        resp_redirect(rs, "/operator/experts");
        return;
    }
    if (r == FLOW_NOT_FOUND || r == FLOW_ERROR) {
        page_error(rq, rs, flow_status(r));
        return;
    }
    json_t *errors = json_object();
    form_error(rq, errors, "reason",
               r == FLOW_INVALID ? "Please enter the reason. The expert will read it in the mail."
                                 : flow_message(r));
    list_render(rq, rs, id, errors, flow_status(r));
}

void pages_expert_ops_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN;
    route_add(app, "GET", "/operator/experts", ops, list);
    route_add(app, "POST", "/operator/experts/:id/decision", ops, decide);
}
