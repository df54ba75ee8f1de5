/* pages_expert_choose.c - the SME's choice among the experts the secretariat proposed
 * (/w/:org/program/experts), and the proposals as JSON for the API. */
#include "expert_flow.h"
#include "expert_store.h"
#include "form.h"
#include "pages.h"
#include "str.h"

/* The organization's applications in the program (accepted or matched), each with its
 * active match or its sent proposals (experts as expert_json). */
json_t *expert_choice_json(struct req *rq)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT a.id, p.name, a.status, (SELECT m.id FROM matches m WHERE "
                           "m.application_id = a.id AND m.status IN ('chosen', 'confirmed', "
                           "'completed') ORDER BY m.id DESC LIMIT 1) FROM program_applications a "
                           "JOIN programs p ON p.id = a.program_id WHERE a.org_id = ? AND "
                           "a.status IN ('accepted', 'matched', 'completed') ORDER BY a.id DESC",
                           "i", rq->org_id);
    json_t *apps = json_array();
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        int64_t app = db_res_int(r, i, 0);
        json_t *a = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)app, "program",
                              db_res_text(r, i, 1), "status", db_res_text(r, i, 2));
        if (!db_res_isnull(r, i, 3)) {
            db_res_t *m = db_query(rq->db, "SELECT expert_id, status FROM matches WHERE id = ?",
                                   "i", db_res_int(r, i, 3));
            json_t *e = m && db_res_rows(m) == 1 ? expert_json(rq, db_res_int(m, 0, 0)) : NULL;
            if (e) {
                const char *st = db_res_text(m, 0, 1);
                json_object_set_new(a, "match",
                                    json_pack("{s:I,s:s,s:o,s:b}", "id",
                                              (json_int_t)db_res_int(r, i, 3), "status", st,
                                              "expert", e, "confirmed", !str_eq(st, "chosen")));
            }
            db_res_free(m);
        }
        json_t *props = json_array();
        db_res_t *p = db_query(rq->db,
                               "SELECT expert_id, rank FROM match_proposals WHERE application_id "
                               "= ? AND status = 'sent' ORDER BY rank",
                               "i", app);
        for (size_t k = 0; p && k < db_res_rows(p); k++) {
            json_t *e = expert_json(rq, db_res_int(p, k, 0));
            if (!e)
                continue;
            json_object_set_new(e, "rank", json_integer(db_res_int(p, k, 1)));
            json_object_set_new(e, "application_id", json_integer(app));
            /* Full, or no longer approved: shown, but it cannot be chosen. */
            bool unavailable = json_integer_value(json_object_get(e, "active")) >=
                                   json_integer_value(json_object_get(e, "capacity")) ||
                               !str_eq(json_string_value(json_object_get(e, "status")), "approved");
            json_object_set_new(e, "full", json_boolean(unavailable));
            /* What an SME needs, not the registry's internals. */
            json_object_del(e, "registration_no");
            json_object_del(e, "decision_reason");
            json_object_del(e, "user_id");
            json_object_del(e, "status");
            json_array_append_new(props, e);
        }
        db_res_free(p);
        json_object_set_new(a, "proposals", props);
        json_array_append_new(apps, a);
    }
    db_res_free(r);
    return apps;
}

static void render(struct req *rq, struct resp *rs, const char *problem, int status)
{
    json_t *d = json_pack("{s:s,s:o,s:b,s:I}", "title", N_("Choose your expert"), "apps",
                          expert_choice_json(rq), "owner", rq->access == ACCESS_OWNER, "org",
                          (json_int_t)rq->org_id);
    if (problem)
        json_object_set_new(d, "problem", json_string(tr(rq, problem)));
    page_render(rq, rs, "expert/choose", d);
    rs->status = status;
}

static void choose_page(struct req *rq, struct resp *rs)
{
    render(rq, rs, NULL, 200);
}

static void choose(struct req *rq, struct resp *rs)
{
    int64_t app = -1, expert = -1, mid = 0;
    str_to_i64(req_form(rq, "application"), 1, INT64_MAX, &app);
    str_to_i64(req_form(rq, "expert"), 1, INT64_MAX, &expert);
    enum flow_result r = flow_choose(rq, app, expert, &mid);
    if (r == FLOW_OK) {
        flash_set(rq, rs,
                  "You have chosen your expert. We have asked the expert to confirm and will "
                  "tell you by mail.");
        resp_redirectf(rs, "/w/%lld/program/experts", (long long)rq->org_id);
        return;
    }
    if (r == FLOW_NOT_FOUND || r == FLOW_ERROR) {
        page_error(rq, rs, flow_status(r));
        return;
    }
    render(rq, rs, flow_message(r), flow_status(r));
}

void pages_expert_choose_register(struct app *app)
{
    route_add(app, "GET", "/w/:org/program/experts", R_ORG, choose_page);
    route_add(app, "POST", "/w/:org/program/experts/choose", R_ORG | R_ORG_OWNER, choose);
}
