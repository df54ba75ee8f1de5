/* api_visit.c - JSON API of visits, final reports and fees (docs/api.md "Visits, final
 * reports and fees"). Same rules and checks as the pages (pages_visit_core.c,
 * pages_report_core.c, pages_fees.c); ids not visible to the caller give 404. */
#include "pages.h"
#include "pages_fees.h"
#include "pages_report_build.h"
#include "pages_report_core.h"
#include "pages_visit_core.h"
#include "str.h"

#include <stdio.h>

static void not_found(struct req *rq, struct resp *rs)
{
    resp_json_error(rq, rs, 404, "not_found", "Not found.");
}

/* A string field, or an integer field as text; "" for anything else. */
static const char *field(const json_t *in, const char *key, char *buf, size_t n)
{
    json_t *v = json_object_get(in, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v) && n > 0) {
        snprintf(buf, n, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    return "";
}

static json_t *match_json(struct req *rq, const struct vmatch *m)
{
    return json_pack("{s:I,s:s,s:I,s:s,s:I,s:s,s:I,s:s,s:s,s:i,s:i,s:I,s:o,s:o}", "id",
                     (json_int_t)m->id, "status", m->status, "org_id", (json_int_t)m->org_id,
                     "org_name", m->org_name, "expert_id", (json_int_t)m->expert_id, "expert_name",
                     m->expert_name, "program_id", (json_int_t)m->program_id, "visits_from",
                     m->visits_from, "visits_until", m->visits_until, "visit_count", m->visit_count,
                     "visits_done", m->done, "fee_per_visit", (json_int_t)m->fee_per_visit,
                     "curriculum", vmatch_curriculum(rq, m), "visits", vmatch_visits(rq, m));
}

static void visits_get(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (!vmatch_load(rq, req_param_id(rq, 0), VM_EXPERT | VM_SME | VM_OPERATOR, &m)) {
        not_found(rq, rs);
        return;
    }
    resp_json(rs, 200, match_json(rq, &m));
}

static void visits_propose(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (!vmatch_load(rq, req_param_id(rq, 0), VM_EXPERT, &m)) {
        not_found(rq, rs);
        return;
    }
    json_t *in = req_json(rq, rs);
    if (!in)
        return;
    char b1[32];
    struct visit_propose_in p = {field(in, "date", b1, sizeof b1), field(in, "time", b1, 0),
                                 field(in, "mode", b1, 0)};
    json_t *errors = json_object();
    int rc = visit_propose(rq, &m, m.done + 1, &p, errors);
    json_decref(in);
    if (rc > 0) {
        resp_json_invalid(rq, rs, NULL, errors);
        return;
    }
    json_decref(errors);
    vmatch_load(rq, m.id, VM_EXPERT, &m);
    resp_json(rs, 201, match_json(rq, &m));
}

static void visit_confirm_api(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    int no;
    if (!vmatch_load_by_visit(rq, req_param_id(rq, 0), VM_SME, &m, &no)) {
        not_found(rq, rs);
        return;
    }
    if (visit_confirm(rq, &m, no) < 0) {
        resp_json_error(rq, rs, 409, "not_proposed", "This visit is not waiting for confirmation.");
        return;
    }
    resp_json(rs, 200, match_json(rq, &m));
}

static void visit_report_api(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    int no;
    if (!vmatch_load_by_visit(rq, req_param_id(rq, 0), VM_EXPERT, &m, &no)) {
        not_found(rq, rs);
        return;
    }
    json_t *in = req_json(rq, rs);
    if (!in)
        return;
    char mb[32];
    struct visit_report_in r = {.date = field(in, "date", mb, 0),
                                .mode = field(in, "mode", mb, 0),
                                .minutes = field(in, "minutes", mb, sizeof mb),
                                .summary = field(in, "summary", mb, 0),
                                .next_steps = field(in, "next_steps", mb, 0)};
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(in, "items"), i, it) if (r.nitems < 13) r.items[r.nitems++] =
        json_is_integer(it) ? (int)json_integer_value(it) : 0;
    json_t *errors = json_object();
    int rc = visit_report(rq, &m, no, &r, errors);
    json_decref(in);
    if (rc > 0) {
        resp_json_invalid(rq, rs, NULL, errors);
        return;
    }
    json_decref(errors);
    vmatch_load(rq, m.id, VM_EXPERT, &m);
    resp_json(rs, 200, match_json(rq, &m));
}

static void terminate_api(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (!vmatch_load(rq, req_param_id(rq, 0), VM_EXPERT | VM_OPERATOR, &m)) {
        not_found(rq, rs);
        return;
    }
    json_t *in = req_json(rq, rs);
    if (!in)
        return;
    char b[8];
    json_t *errors = json_object();
    int rc = match_terminate(rq, &m, field(in, "reason", b, 0), errors);
    json_decref(in);
    if (rc > 0) {
        resp_json_invalid(rq, rs, NULL, errors);
        return;
    }
    json_decref(errors);
    if (rc < 0) {
        resp_json_error(rq, rs, 409, "not_active", "This guidance is not running any more.");
        return;
    }
    vmatch_load(rq, m.id, VM_EXPERT | VM_OPERATOR, &m);
    resp_json(rs, 200, match_json(rq, &m));
}

static void report_get(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (!vmatch_load(rq, req_param_id(rq, 0), VM_EXPERT | VM_SME | VM_OPERATOR, &m)) {
        not_found(rq, rs);
        return;
    }
    json_t *rep = report_load(rq, m.id);
    if (rep) {
        json_object_set_new(rep, "submitted", json_true());
        resp_json(rs, 200, rep);
        return;
    }
    json_t *out = json_pack("{s:b,s:i,s:i}", "submitted", 0, "visits_done", m.done, "visit_count",
                            m.visit_count);
    if (m.as == VM_EXPERT)
        json_object_set_new(out, "preview", report_preview(rq, &m));
    resp_json(rs, 200, out);
}

static void report_post(struct req *rq, struct resp *rs)
{
    struct vmatch m;
    if (!vmatch_load(rq, req_param_id(rq, 0), VM_EXPERT, &m)) {
        not_found(rq, rs);
        return;
    }
    json_t *in = req_json(rq, rs);
    if (!in)
        return;
    char b[8];
    json_t *errors = json_object();
    int rc = report_submit(rq, &m, field(in, "overall", b, 0), field(in, "recommendations", b, 0),
                           errors);
    json_decref(in);
    if (rc > 0) {
        resp_json_invalid(rq, rs, NULL, errors);
        return;
    }
    json_decref(errors);
    if (rc < 0) {
        resp_json_error(rq, rs, 409, "not_ready",
                        "The final report can be submitted once, after all visits are done.");
        return;
    }
    json_t *rep = report_load(rq, m.id);
    json_object_set_new(rep, "submitted", json_true());
    resp_json(rs, 201, rep);
}

static void fees_get(struct req *rq, struct resp *rs)
{
    json_t *p = fees_program(rq, req_param_id(rq, 0));
    if (!p) {
        not_found(rq, rs);
        return;
    }
    json_object_set_new(p, "experts",
                        fees_by_expert(rq, json_integer_value(json_object_get(p, "id"))));
    resp_json(rs, 200, p);
}

static void fees_pay_api(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    json_t *p = fees_program(rq, pid);
    if (!p) {
        not_found(rq, rs);
        return;
    }
    json_decref(p);
    json_t *in = req_json(rq, rs);
    if (!in)
        return;
    char ab[32], b[8];
    json_t *eid = json_object_get(in, "expert_id");
    json_t *errors = json_object();
    int rc = fees_pay(rq, pid, json_is_integer(eid) ? json_integer_value(eid) : -1,
                      field(in, "paid_on", b, 0), field(in, "amount", ab, sizeof ab),
                      field(in, "reference", b, 0), errors);
    json_decref(in);
    if (rc > 0) {
        resp_json_invalid(rq, rs, NULL, errors);
        return;
    }
    json_decref(errors);
    if (rc < 0) {
        not_found(rq, rs);
        return;
    }
    p = fees_program(rq, pid);
    json_object_set_new(p, "experts", fees_by_expert(rq, pid));
    resp_json(rs, 201, p);
}

static void my_fees(struct req *rq, struct resp *rs)
{
    resp_json(rs, 200, json_pack("{s:o}", "programs", fees_mine(rq)));
}

void api_visit_register(struct app *app)
{
    unsigned any = R_API, ops = R_API | R_OPERATOR | R_ADMIN;
    route_add(app, "GET", "/api/v1/matches/:id/visits", any, visits_get);
    route_add(app, "POST", "/api/v1/matches/:id/visits", R_API | R_ADVISOR, visits_propose);
    route_add(app, "POST", "/api/v1/visits/:id/confirm", R_API | R_SME, visit_confirm_api);
    route_add(app, "POST", "/api/v1/visits/:id/report", R_API | R_ADVISOR, visit_report_api);
    route_add(app, "POST", "/api/v1/matches/:id/terminate", any, terminate_api);
    route_add(app, "GET", "/api/v1/matches/:id/report", any, report_get);
    route_add(app, "POST", "/api/v1/matches/:id/report", R_API | R_ADVISOR, report_post);
    route_add(app, "GET", "/api/v1/programs/:id/fees", ops, fees_get);
    route_add(app, "POST", "/api/v1/programs/:id/fees/payments", ops, fees_pay_api);
    route_add(app, "GET", "/api/v1/experts/me/fees", R_API | R_ADVISOR, my_fees);
}
