/* api_match.c - JSON API of matching: candidates and proposals (operator), the SME's
 * proposals and choice, matches (expert: its own; operator: a program's) and the expert's
 * confirm / decline. */
#include "expert_match.h"
#include "expert_store.h"
#include "pages.h"
#include "str.h"

/* Program of application id, its open index in in (-1 when it has an active match or is
 * not accepted). 1 found, 0 not found (404 written), -1 error (500 written). */
static int load_app(struct req *rq, struct resp *rs, int64_t app, struct match_input *in, long *i)
{
    db_res_t *r =
        db_query(rq->db, "SELECT program_id FROM program_applications WHERE id = ?", "i", app);
    int64_t pid = r && db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : 0;
    int found = !r ? -1 : pid ? 1 : 0;
    db_res_free(r);
    if (found == 1)
        found = xm_load(rq, pid, in);
    if (found <= 0) {
        flow_json_error(rq, rs, found < 0 ? FLOW_ERROR : FLOW_NOT_FOUND);
        return found;
    }
    *i = xm_sme_index(in, app);
    return 1;
}

static void candidates(struct req *rq, struct resp *rs)
{
    struct match_input in = {0};
    long i;
    int64_t app = req_param_id(rq, 0);
    if (load_app(rq, rs, app, &in, &i) <= 0)
        return;
    json_t *c = i >= 0 ? xm_candidates(rq, &in, (size_t)i, XM_MAX_CANDIDATES) : json_array();
    resp_json(rs, 200,
              json_pack("{s:I,s:b,s:o}", "application_id", (json_int_t)app, "open", i >= 0,
                        "candidates", c));
    match_input_free(&in);
}

static void proposals_send(struct req *rq, struct resp *rs)
{
    json_t *j = req_json(rq, rs);
    if (!j)
        return;
    struct match_input in = {0};
    long i;
    int64_t app = req_param_id(rq, 0);
    int64_t ids[XM_MAX_CANDIDATES];
    size_t n = 0, k;
    bool bad = false;
    json_t *v;
    json_array_foreach(json_object_get(j, "experts"), k, v)
    {
        if (n >= XM_MAX_CANDIDATES || !json_is_integer(v)) {
            bad = true;
            break;
        }
        ids[n++] = json_integer_value(v);
    }
    json_decref(j);
    if (load_app(rq, rs, app, &in, &i) <= 0)
        return;
    enum flow_result r = i < 0       ? FLOW_STATE
                         : bad || !n ? FLOW_INVALID
                                     : xm_propose(rq, &in, (size_t)i, ids, n);
    match_input_free(&in);
    if (r != FLOW_OK) {
        flow_json_error(rq, rs, r);
        return;
    }
    resp_json(rs, 201,
              json_pack("{s:I,s:I}", "application_id", (json_int_t)app, "sent", (json_int_t)n));
}

static void org_proposals(struct req *rq, struct resp *rs)
{
    resp_json(rs, 200, json_pack("{s:o}", "applications", expert_choice_json(rq)));
}

static void org_choice(struct req *rq, struct resp *rs)
{
    json_t *j = req_json(rq, rs);
    if (!j)
        return;
    json_t *a = json_object_get(j, "application_id"), *e = json_object_get(j, "expert_id");
    int64_t app = json_is_integer(a) ? json_integer_value(a) : -1;
    int64_t ex = json_is_integer(e) ? json_integer_value(e) : -1;
    json_decref(j);
    int64_t mid = 0;
    enum flow_result r = flow_choose(rq, app, ex, &mid);
    if (r != FLOW_OK) {
        flow_json_error(rq, rs, r);
        return;
    }
    resp_json(rs, 201, json_pack("{s:I,s:s}", "match_id", (json_int_t)mid, "status", "chosen"));
}

static void matches(struct req *rq, struct resp *rs)
{
    db_res_t *r;
    const char *sql = "SELECT m.id, m.status, m.application_id, a.program_id, a.org_id, o.name, "
                      "m.expert_id, e.name, m.chosen_at, m.confirmed_at, m.end_reason FROM "
                      "matches m JOIN program_applications a ON a.id = m.application_id JOIN "
                      "organizations o ON o.id = a.org_id JOIN experts e ON e.id = m.expert_id ";
    char q[1024];
    if (rq->user.role == ROLE_ADVISOR) {
        str_fmt(q, sizeof q, "%sWHERE e.user_id = ? ORDER BY m.id", sql);
        r = db_query(rq->db, q, "i", rq->user.id);
    } else {
        int64_t pid;
        if (!str_to_i64(req_query(rq, "program") ? req_query(rq, "program") : "", 1, INT64_MAX,
                        &pid)) {
            resp_json_error(rq, rs, 400, "missing_program",
                            "Please give the program: ?program=ID.");
            return;
        }
        str_fmt(q, sizeof q, "%sWHERE a.program_id = ? ORDER BY m.id", sql);
        r = db_query(rq->db, q, "i", pid);
    }
    if (!r) {
        flow_json_error(rq, rs, FLOW_ERROR);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++)
        json_array_append_new(
            list, json_pack("{s:I,s:s,s:I,s:I,s:I,s:s,s:I,s:s,s:s,s:s?,s:s}", "id",
                            (json_int_t)db_res_int(r, i, 0), "status", db_res_text(r, i, 1),
                            "application_id", (json_int_t)db_res_int(r, i, 2), "program_id",
                            (json_int_t)db_res_int(r, i, 3), "org_id",
                            (json_int_t)db_res_int(r, i, 4), "org_name", db_res_text(r, i, 5),
                            "expert_id", (json_int_t)db_res_int(r, i, 6), "expert_name",
                            db_res_text(r, i, 7), "chosen_at", db_res_text(r, i, 8), "confirmed_at",
                            db_res_str(r, i, 9), "end_reason", db_res_text(r, i, 10)));
    db_res_free(r);
    resp_json(rs, 200, json_pack("{s:o}", "matches", list));
}

static void answer(struct req *rq, struct resp *rs, bool confirm)
{
    const char *reason = "";
    json_t *j = NULL;
    if (!confirm) {
        j = req_json(rq, rs);
        if (!j)
            return;
        reason = json_string_value(json_object_get(j, "reason"));
        if (!reason)
            reason = "";
    }
    int64_t id = req_param_id(rq, 0);
    enum flow_result r = confirm ? flow_confirm(rq, id) : flow_decline(rq, id, reason);
    json_decref(j);
    if (r != FLOW_OK) {
        flow_json_error(rq, rs, r);
        return;
    }
    resp_json(
        rs, 200,
        json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", confirm ? "confirmed" : "declined"));
}

static void confirm(struct req *rq, struct resp *rs)
{
    answer(rq, rs, true);
}

static void decline(struct req *rq, struct resp *rs)
{
    answer(rq, rs, false);
}

void api_match_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN | R_API;
    route_add(app, "GET", "/api/v1/applications/:id/candidates", ops, candidates);
    route_add(app, "POST", "/api/v1/applications/:id/proposals", ops, proposals_send);
    route_add(app, "GET", "/api/v1/organizations/:org/proposals", R_ORG | R_API, org_proposals);
    route_add(app, "POST", "/api/v1/organizations/:org/choice", R_ORG | R_ORG_OWNER | R_API,
              org_choice);
    route_add(app, "GET", "/api/v1/matches", R_ADVISOR | R_OPERATOR | R_ADMIN | R_API, matches);
    route_add(app, "POST", "/api/v1/matches/:id/confirm", R_ADVISOR | R_API, confirm);
    route_add(app, "POST", "/api/v1/matches/:id/decline", R_ADVISOR | R_API, decline);
}
