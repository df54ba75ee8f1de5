/* pages_visit.c - the visit pages: the expert's match page (propose, report, end early),
 * the operator's view of a match, and the SME's visit schedule (confirm, ask for another
 * date). The rules live in pages_visit_core.c. */
#include "form.h"
#include "pages.h"
#include "pages_visit_core.h"
#include "str.h"

#include <string.h>

/* Curriculum entries with "checked" for the report form's checkboxes. */
static json_t *curriculum_checked(struct req *rq, const struct vmatch *m, bool from_form)
{
    json_t *cur = vmatch_curriculum(rq, m);
    size_t i;
    json_t *o;
    json_array_foreach(cur, i, o)
    {
        bool on = false;
        char no[8];
        str_fmt(no, sizeof no, "%lld", (long long)json_integer_value(json_object_get(o, "no")));
        for (size_t k = 0; from_form && k < rq->form.n; k++)
            if (str_eq(rq->form.items[k].key, "items") && str_eq(rq->form.items[k].val, no))
                on = true;
        /* A fresh report form suggests the curriculum item of this visit. */
        if (!from_form && json_integer_value(json_object_get(o, "no")) == m->done + 1)
            on = true;
        json_object_set_new(o, "checked", json_boolean(on));
    }
    return cur;
}

static json_t *first_error(json_t *errors, const char *const *order)
{
    for (size_t i = 0; order[i]; i++)
        if (json_object_get(errors, order[i]))
            return json_string(order[i]);
    return json_string("");
}

/* Renders the match page for the expert (or an operator: read-only plus termination). */
static void render_match(struct req *rq, struct resp *rs, const struct vmatch *m, int status,
                         const char *form, json_t *values, json_t *errors)
{
    json_t *visits = vmatch_visits(rq, m);
    json_t *next = NULL;
    if (m->done < m->visit_count && str_eq(m->status, "confirmed"))
        next = json_incref(json_array_get(visits, (size_t)m->done));
    /* A fresh page suggests the mode of the current proposal in both forms. */
    if (next && !*form && json_object_get(next, "mode"))
        json_object_set(values, "mode", json_object_get(next, "mode"));
    static const char *const order[] = {"date",  "time",       "mode",   "minutes", "summary",
                                        "items", "next_steps", "reason", NULL};
    json_t *d = json_pack(
        "{s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:o,s:o,s:o,s:b,s:b,s:b,s:b,s:s,s:o,s:o,s:o}",
        "title", N_("Guidance visits"), "id", (json_int_t)m->id, "org_name", m->org_name,
        "expert_name", m->expert_name, "program_name", m->program_name, "visits_from",
        m->visits_from, "visits_until", m->visits_until, "status", m->status, "org_id",
        (json_int_t)m->org_id, "curriculum", curriculum_checked(rq, m, str_eq(form, "report")),
        "visits", visits, "next", next ? next : json_null(), "is_expert", m->as == VM_EXPERT,
        "all_done", m->done >= m->visit_count, "confirmed", str_eq(m->status, "confirmed"),
        "can_terminate", str_eq(m->status, "confirmed"), "form", form, "values", values, "errors",
        errors, "first_error", first_error(errors, order));
    db_res_t *r = db_query(rq->db, "SELECT end_reason FROM matches WHERE id = ?", "i", m->id);
    if (r && db_res_rows(r) == 1)
        json_object_set_new(d, "end_reason", json_string(db_res_text(r, 0, 0)));
    db_res_free(r);
    r = db_query(rq->db, "SELECT id FROM final_reports WHERE match_id = ?", "i", m->id);
    json_object_set_new(d, "has_report", json_boolean(r && db_res_rows(r) == 1));
    db_res_free(r);
    page_render(rq, rs, "visit/match", d);
    rs->status = status;
}

static bool load_or_404(struct req *rq, struct resp *rs, unsigned who, struct vmatch *m)
{
    if (vmatch_load(rq, req_param_id(rq, 0), who, m))
        return true;
    page_error(rq, rs, 404);
    return false;
}

static void match_page(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (load_or_404(rq, rs, VM_EXPERT, &m))
        render_match(rq, rs, &m, 200, "", json_object(), json_object());
}

static void operator_match_page(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (load_or_404(rq, rs, VM_OPERATOR, &m))
        render_match(rq, rs, &m, 200, "", json_object(), json_object());
}

/* :no in the path is a visit number of the program; the core refuses (422, with the
 * reason) one that is not the next visit. */
static int visit_no_or_404(struct req *rq, struct resp *rs, const struct vmatch *m)
{
    int64_t no = req_param_id(rq, 1);
    if (no < 1 || no > m->visit_count) {
        page_error(rq, rs, 404);
        return -1;
    }
    return (int)no;
}

static void propose(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (!load_or_404(rq, rs, VM_EXPERT, &m))
        return;
    int no = visit_no_or_404(rq, rs, &m);
    if (no < 0)
        return;
    struct visit_propose_in in = {req_form(rq, "date"), req_form(rq, "time"), req_form(rq, "mode")};
    json_t *errors = json_object();
    if (visit_propose(rq, &m, no, &in, errors) > 0) {
        render_match(rq, rs, &m, 422, "propose", form_values(rq), errors);
        return;
    }
    json_decref(errors);
    flash_set(rq, rs, "The date was proposed. The company was told by e-mail.");
    resp_redirectf(rs, "/expert/matches/%lld", (long long)m.id);
}

static void report(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (!load_or_404(rq, rs, VM_EXPERT, &m))
        return;
    int no = visit_no_or_404(rq, rs, &m);
    if (no < 0)
        return;
    struct visit_report_in in = {.date = req_form(rq, "date"),
                                 .mode = req_form(rq, "mode"),
                                 .minutes = req_form(rq, "minutes"),
                                 .summary = req_form(rq, "summary"),
                                 .next_steps = req_form(rq, "next_steps")};
    for (size_t k = 0; k < rq->form.n && in.nitems < 13; k++) {
        int64_t v;
        if (str_eq(rq->form.items[k].key, "items"))
            in.items[in.nitems++] = str_to_i64(rq->form.items[k].val, 1, 12, &v) ? (int)v : 0;
    }
    json_t *errors = json_object();
    if (visit_report(rq, &m, no, &in, errors) > 0) {
        render_match(rq, rs, &m, 422, "report", form_values(rq), errors);
        return;
    }
    json_decref(errors);
    flash_set(rq, rs, "The visit was recorded. The company was told by e-mail.");
    resp_redirectf(rs, "/expert/matches/%lld", (long long)m.id);
}

static void terminate_as(struct req *rq, struct resp *rs, unsigned who, const char *back)
{
    struct vmatch m;
    if (!load_or_404(rq, rs, who, &m))
        return;
    json_t *errors = json_object();
    int rc = match_terminate(rq, &m, req_form(rq, "reason"), errors);
    if (rc > 0) {
        render_match(rq, rs, &m, 422, "terminate", form_values(rq), errors);
        return;
    }
    json_decref(errors);
    if (rc < 0) {
        page_error(rq, rs, 404);
        return;
    }
    flash_set(rq, rs, "The guidance was ended early. Everyone concerned was told by e-mail.");
    resp_redirectf(rs, "%s/%lld", back, (long long)m.id);
}

static void terminate_expert(struct req *rq, struct resp *rs)
{
    terminate_as(rq, rs, VM_EXPERT, "/expert/matches");
}

static void terminate_operator(struct req *rq, struct resp *rs)
{
    terminate_as(rq, rs, VM_OPERATOR, "/operator/matches");
}

/* ---- the SME's schedule ---- */

static void render_schedule(struct req *rq, struct resp *rs, int status, int64_t form_visit,
                            json_t *values, json_t *errors)
{
    struct vmatch m;
    bool has = vmatch_load_for_org(rq, rq->org_id, &m);
    json_t *d =
        json_pack("{s:s,s:I,s:b,s:b,s:I,s:o,s:o}", "title", N_("Visit schedule"), "org_id",
                  (json_int_t)rq->org_id, "has_match", has, "is_owner", rq->access == ACCESS_OWNER,
                  "form_visit", (json_int_t)form_visit, "values", values, "errors", errors);
    if (has) {
        json_object_set_new(d, "expert_name", json_string(m.expert_name));
        json_object_set_new(d, "program_name", json_string(m.program_name));
        json_object_set_new(d, "status", json_string(m.status));
        json_object_set_new(d, "visits_from", json_string(m.visits_from));
        json_object_set_new(d, "visits_until", json_string(m.visits_until));
        json_object_set_new(d, "visits", vmatch_visits(rq, &m));
        json_object_set_new(d, "done", json_integer(m.done));
        json_object_set_new(d, "visit_count", json_integer(m.visit_count));
    }
    page_render(rq, rs, "visit/schedule", d);
    rs->status = status;
}

static void schedule(struct req *rq, struct resp *rs)
{
    render_schedule(rq, rs, 200, 0, json_object(), json_object());
}

/* The visit :id (params[1]) of this organization's match, else 404. */
static bool org_visit(struct req *rq, struct resp *rs, struct vmatch *m, int *no)
{
    if (vmatch_load_by_visit(rq, req_param_id(rq, 1), VM_SME | VM_OPERATOR | VM_EXPERT, m, no) &&
        m->org_id == rq->org_id)
        return true;
    page_error(rq, rs, 404);
    return false;
}

static void confirm(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    int no;
    if (!org_visit(rq, rs, &m, &no))
        return;
    if (visit_confirm(rq, &m, no) < 0) {
        page_error(rq, rs, 404);
        return;
    }
    flash_set(rq, rs, "The visit was confirmed. The expert was told by e-mail.");
    resp_redirectf(rs, "/w/%lld/program/visits", (long long)rq->org_id);
}

static void other_date(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    int no;
    if (!org_visit(rq, rs, &m, &no))
        return;
    json_t *errors = json_object();
    int rc = visit_request_other(rq, &m, no, req_form(rq, "note"), errors);
    if (rc > 0) {
        render_schedule(rq, rs, 422, req_param_id(rq, 1), form_values(rq), errors);
        return;
    }
    json_decref(errors);
    if (rc < 0) {
        page_error(rq, rs, 404);
        return;
    }
    flash_set(rq, rs, "Your request was sent to the expert by e-mail.");
    resp_redirectf(rs, "/w/%lld/program/visits", (long long)rq->org_id);
}

void pages_visit_register(struct app *app)
{
    route_add(app, "GET", "/expert/matches/:id", R_ADVISOR, match_page);
    route_add(app, "POST", "/expert/matches/:id/visits/:no/propose", R_ADVISOR, propose);
    route_add(app, "POST", "/expert/matches/:id/visits/:no/report", R_ADVISOR, report);
    route_add(app, "POST", "/expert/matches/:id/terminate", R_ADVISOR, terminate_expert);
    route_add(app, "GET", "/operator/matches/:id", R_OPERATOR | R_ADMIN, operator_match_page);
    route_add(app, "POST", "/operator/matches/:id/terminate", R_OPERATOR | R_ADMIN,
              terminate_operator);
    route_add(app, "GET", "/w/:org/program/visits", R_ORG, schedule);
    route_add(app, "POST", "/w/:org/program/visits/:id/confirm", R_ORG | R_ORG_OWNER, confirm);
    route_add(app, "POST", "/w/:org/program/visits/:id/other", R_ORG | R_ORG_OWNER, other_date);
}
