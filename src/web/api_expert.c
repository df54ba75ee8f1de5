/* api_expert.c - JSON API of the expert registry: the operator's list and decisions, the
 * expert's own profile. */
#include "expert_flow.h"
#include "mailer.h"
#include "expert_store.h"
#include "form.h"
#include "pages.h"
#include "str.h"

static void validation_error(struct req *rq, struct resp *rs, json_t *fields)
{
    resp_json_invalid(rq, rs,
                      N_("Some entries need to be corrected. Please see the messages below "
                         "each field."),
                      fields);
}

static void list(struct req *rq, struct resp *rs)
{
    struct expert_filters f;
    expert_filters_read(rq, &f);
    resp_json(rs, 200, json_pack("{s:o}", "experts", expert_list_json(rq, &f)));
}

static void me(struct req *rq, struct resp *rs)
{
    int64_t id = expert_id_of_user(rq->db, rq->user.id);
    json_t *e = id > 0 ? expert_json(rq, id) : NULL;
    if (!e) {
        resp_json_error(rq, rs, id < 0 ? 500 : 404, "not_found", "You have no expert profile yet.");
        return;
    }
    resp_json(rs, 200, e);
}

static void me_save(struct req *rq, struct resp *rs)
{
    json_t *j = req_json(rq, rs);
    if (!j)
        return;
    int64_t id = expert_id_of_user(rq->db, rq->user.id);
    struct expert_input in;
    struct expert_profile p;
    char scratch[66][4];
    json_t *errors = json_object();
    expert_input_from_json(j, &in, scratch);
    expert_validate(rq, &in, &p, errors);
    json_decref(j);
    if (json_object_size(errors) > 0) {
        validation_error(rq, rs, errors);
        return;
    }
    json_decref(errors);
    int rc = -1;
    if (id >= 0 && db_begin(rq->db) == 0) {
        rc = id > 0                                       ? expert_update(rq->db, id, &p)
             : expert_insert(rq->db, rq->user.id, &p) > 0 ? 0
                                                          : -1;
        if (rc == 0 && db_commit(rq->db) != 0)
            rc = -1;
        if (rc != 0)
            db_rollback(rq->db);
    }
    if (rc == -2) {
        json_t *f = json_object();
        form_error(rq, f, "capacity",
                   "You already support more SMEs than this. Please enter at least the number "
                   "you support now.");
        validation_error(rq, rs, f);
        return;
    }
    if (rc != 0) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    if (id == 0) {
        struct expert_mail m = {
            .subject = N_("A new expert has registered"),
            .lead = N_("A new expert has registered and waits for your approval."),
            .labels = {N_("Name"), N_("Qualification"), N_("Registration number")},
            .values = {p.name, expert_qualification_msgid(p.qualification), p.registration_no},
            .tr_value = {false, true, false},
            .link = "/operator/experts?status=pending",
        };
        expert_mail(rq, db_query(rq->db, EXPERT_MAIL_OPERATORS, "i", rq->user.id), &m);
    }
    json_t *e = expert_json(rq, expert_id_of_user(rq->db, rq->user.id));
    if (!e) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    resp_json(rs, id == 0 ? 201 : 200, e);
}

static void decision(struct req *rq, struct resp *rs)
{
    json_t *j = req_json(rq, rs);
    if (!j)
        return;
    const char *action = json_string_value(json_object_get(j, "action"));
    const char *reason = json_string_value(json_object_get(j, "reason"));
    int64_t id = req_param_id(rq, 0);
    enum flow_result r = flow_expert_decide(rq, id, action ? action : "", reason ? reason : "");
    json_decref(j);
    if (r != FLOW_OK) {
        flow_json_error(rq, rs, r);
        return;
    }
    json_t *e = expert_json(rq, id);
    resp_json(rs, 200, e ? e : json_object());
}

void api_expert_register(struct app *app)
{
    const unsigned ops = R_OPERATOR | R_ADMIN | R_API;
    route_add(app, "GET", "/api/v1/experts", ops, list);
    route_add(app, "GET", "/api/v1/experts/me", R_ADVISOR | R_API, me);
    route_add(app, "POST", "/api/v1/experts/me", R_ADVISOR | R_API, me_save);
    route_add(app, "POST", "/api/v1/experts/:id/decision", ops, decision);
}
