/* pages_survey.c - answering the questionnaires: the SME's after its last visit
 * (/w/:org/program/survey) and the expert's per guided company
 * (/expert/matches/:id/survey). One response per match and kind; a thank-you afterwards. */
#include "form.h"
#include "pages.h"
#include "str.h"
#include "survey_store.h"

/* Page states: "none" (no guidance), "waiting" (visits left), "done" (answered), "form". */
static void render(struct req *rq, struct resp *rs, const survey_t *s, const struct survey_match *m,
                   bool found, const char *action, const json_t *answers, json_t *errors)
{
    const char *state = !found ? "none" : m->response_id ? "done" : !m->ready ? "waiting" : "form";
    json_t *d = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "title",
                          N_("Questionnaire after the guidance"), "state", state, "survey_title",
                          dtext_get(&s->title, rq->lang), "intro", dtext_get(&s->intro, rq->lang),
                          "action", action, "is_expert", str_eq(s->kind, "expert"));
    if (found) {
        json_object_set_new(d, "org_name", json_string(m->org_name));
        json_object_set_new(d, "expert_name", json_string(m->expert_name));
        json_object_set_new(d, "program_name", json_string(m->program_name));
        json_object_set_new(d, "visits_done", json_integer(m->visits_done));
        json_object_set_new(d, "visit_count", json_integer(m->visit_count));
        json_object_set_new(d, "match_id", json_integer((json_int_t)m->match_id));
    }
    json_object_set_new(d, "org_id", json_integer((json_int_t)rq->org_id));
    if (str_eq(state, "form"))
        json_object_set_new(d, "questions", survey_form_questions(s, rq->lang, answers, errors));
    json_object_set_new(d, "has_errors", json_boolean(json_object_size(errors) > 0));
    json_decref(errors);
    page_render(rq, rs, "survey/answer", d);
}

/* Shared by both questionnaires: validate, store once, thank. */
static void submit(struct req *rq, struct resp *rs, const survey_t *s, const struct survey_match *m,
                   const char *action)
{
    if (!m->ready || m->response_id) {
        flash_set(rq, rs,
                  m->response_id ? N_("This questionnaire was already answered. Thank you.")
                                 : N_("The questionnaire opens after your last visit."));
        resp_redirect(rs, action);
        return;
    }
    json_t *answers = survey_answers_from_form(rq, s), *errors = json_object(), *clean = NULL;
    if (!survey_check(rq, s, answers, errors, &clean)) {
        rs->status = 422;
        render(rq, rs, s, m, true, action, answers, errors);
        rs->status = 422;
        json_decref(answers);
        return;
    }
    json_decref(answers);
    json_decref(errors);
    int r = survey_save(rq, m, s->kind, clean);
    if (r < 0) {
        page_error(rq, rs, 500);
        return;
    }
    flash_set(rq, rs,
              r ? N_("Thank you for answering the questionnaire.")
                : N_("This questionnaire was already answered. Thank you."));
    resp_redirect(rs, action);
}

static void sme_path(struct req *rq, char *out, size_t n)
{
    str_fmt(out, n, "/w/%lld/program/survey", (long long)rq->org_id);
}

static void sme_page(struct req *rq, struct resp *rs)
{
    const survey_t *s = survey_get("sme");
    struct survey_match m;
    int f = survey_match_for_org(rq, rq->org_id, &m);
    if (!s || f < 0) {
        page_error(rq, rs, 500);
        return;
    }
    char action[64];
    sme_path(rq, action, sizeof action);
    render(rq, rs, s, &m, f == 0, action, NULL, json_object());
}

static void sme_post(struct req *rq, struct resp *rs)
{
    const survey_t *s = survey_get("sme");
    struct survey_match m;
    int f = survey_match_for_org(rq, rq->org_id, &m);
    if (!s || f < 0) {
        page_error(rq, rs, 500);
        return;
    }
    char action[64];
    sme_path(rq, action, sizeof action);
    if (f != 0) {
        resp_redirect(rs, action);
        return;
    }
    submit(rq, rs, s, &m, action);
}

/* 0 and m filled when the match in the path is the current expert's, else a 404 page. */
static int expert_match(struct req *rq, struct resp *rs, struct survey_match *m, char *action,
                        size_t n)
{
    int f = survey_match_for_expert(rq, req_param_id(rq, 0), m);
    if (f != 0) {
        page_error(rq, rs, f < 0 ? 500 : 404);
        return -1;
    }
    str_fmt(action, n, "/expert/matches/%lld/survey", (long long)m->match_id);
    return 0;
}

static void expert_page(struct req *rq, struct resp *rs)
{
    const survey_t *s = survey_get("expert");
    struct survey_match m;
    char action[64];
    if (!s) {
        page_error(rq, rs, 500);
        return;
    }
    if (expert_match(rq, rs, &m, action, sizeof action) == 0)
        render(rq, rs, s, &m, true, action, NULL, json_object());
}

static void expert_post(struct req *rq, struct resp *rs)
{
    const survey_t *s = survey_get("expert");
    struct survey_match m;
    char action[64];
    if (!s) {
        page_error(rq, rs, 500);
        return;
    }
    if (expert_match(rq, rs, &m, action, sizeof action) == 0)
        submit(rq, rs, s, &m, action);
}

void pages_survey_register(struct app *app)
{
    const unsigned own = R_ORG | R_ORG_OWNER;
    route_add(app, "GET", "/w/:org/program/survey", own, sme_page);
    route_add(app, "POST", "/w/:org/program/survey", own, sme_post);
    route_add(app, "GET", "/expert/matches/:id/survey", R_ADVISOR, expert_page);
    route_add(app, "POST", "/expert/matches/:id/survey", R_ADVISOR, expert_post);
}
