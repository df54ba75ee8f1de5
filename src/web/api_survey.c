/* api_survey.c - the questionnaires in the JSON API: definitions, answering (SME, expert)
 * and the operator's aggregated results. Same checks as the pages. */
#include "pages.h"
#include "survey_store.h"

static void definition(struct req *rq, struct resp *rs)
{
    const survey_t *s = survey_kind_valid(rq->params[0]) ? survey_get(rq->params[0]) : NULL;
    if (!s) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    resp_json(rs, 200, survey_def_json(s, rq->lang));
}

/* Validates the body {"answers": {...}} and stores it for m. */
static void answer(struct req *rq, struct resp *rs, const survey_t *s, const struct survey_match *m)
{
    if (!m->ready) {
        resp_json_error(rq, rs, 409, "not_available",
                        "The questionnaire opens after your last visit.");
        return;
    }
    if (m->response_id) {
        resp_json_error(rq, rs, 409, "already_answered",
                        "This questionnaire was already answered. Thank you.");
        return;
    }
    json_t *body = req_json(rq, rs);
    if (!body)
        return;
    json_t *errors = json_object(), *clean = NULL;
    if (!survey_check(rq, s, json_object_get(body, "answers"), errors, &clean)) {
        json_decref(body);
        resp_json_invalid(rq, rs, NULL, errors);
        return;
    }
    json_decref(body);
    json_decref(errors);
    json_t *copy = json_incref(clean);
    int r = survey_save(rq, m, s->kind, clean);
    if (r == 1)
        resp_json(rs, 201,
                  json_pack("{s:s,s:I,s:o}", "kind", s->kind, "match_id", (json_int_t)m->match_id,
                            "answers", copy));
    else {
        json_decref(copy);
        if (r == 0)
            resp_json_error(rq, rs, 409, "already_answered",
                            "This questionnaire was already answered. Thank you.");
        else
            resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    }
}

static void org_answer(struct req *rq, struct resp *rs)
{
    const survey_t *s = survey_get("sme");
    struct survey_match m;
    int f = s ? survey_match_for_org(rq, rq->org_id, &m) : -1;
    if (f < 0)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else if (f > 0)
        resp_json_error(rq, rs, 409, "not_available",
                        "The questionnaire opens after your last visit.");
    else
        answer(rq, rs, s, &m);
}

static void expert_answer(struct req *rq, struct resp *rs)
{
    const survey_t *s = survey_get("expert");
    struct survey_match m;
    int f = s ? survey_match_for_expert(rq, req_param_id(rq, 0), &m) : -1;
    if (f < 0)
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
    else if (f > 0)
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
    else
        answer(rq, rs, s, &m);
}

static void results(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    if (!survey_program_exists(rq, pid, NULL, 0)) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    json_t *out = json_pack("{s:I}", "program_id", (json_int_t)pid);
    static const char *const kinds[] = {"sme", "expert"};
    for (size_t k = 0; k < 2; k++) {
        const survey_t *s = survey_get(kinds[k]);
        json_t *r = s ? survey_results(rq, pid, s) : NULL;
        if (!r) {
            json_decref(out);
            resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
            return;
        }
        json_object_set_new(out, kinds[k], r);
    }
    resp_json(rs, 200, out);
}

void api_survey_register(struct app *app)
{
    route_add(app, "GET", "/api/v1/surveys/:kind", R_API, definition);
    route_add(app, "POST", "/api/v1/organizations/:org/survey", R_API | R_ORG | R_ORG_OWNER,
              org_answer);
    route_add(app, "POST", "/api/v1/matches/:id/survey", R_API | R_ADVISOR, expert_answer);
    route_add(app, "GET", "/api/v1/programs/:id/surveys/results", R_API | R_OPERATOR | R_ADMIN,
              results);
}
