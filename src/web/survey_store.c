/* survey_store.c - questionnaire matches, responses, forms and aggregated results. */
#include "survey_store.h"

#include "form.h"
#include "str.h"
#include "timeutil.h"

#include <math.h>
#include <string.h>

/* Columns: match id, status, program id, org id, org name, expert name, program name,
 * visits done, visit count, response id. */
#define MATCH_SELECT                                                                               \
    "SELECT m.id, m.status, p.id, a.org_id, o.name, e.name, p.name, "                              \
    "(SELECT COUNT(*) FROM visits v WHERE v.match_id = m.id AND v.status = 'done'), "              \
    "p.visit_count, COALESCE((SELECT r.id FROM survey_responses r WHERE r.match_id = m.id AND "    \
    "r.kind = ?), 0) "                                                                             \
    "FROM matches m JOIN program_applications a ON a.id = m.application_id "                       \
    "JOIN programs p ON p.id = a.program_id JOIN organizations o ON o.id = a.org_id "              \
    "JOIN experts e ON e.id = m.expert_id "

static int fill_match(db_res_t *r, struct survey_match *m)
{
    if (!r)
        return -1;
    if (db_res_rows(r) == 0) {
        db_res_free(r);
        return 1;
    }
    memset(m, 0, sizeof *m);
    m->match_id = db_res_int(r, 0, 0);
    str_copy(m->status, sizeof m->status, db_res_text(r, 0, 1));
    m->program_id = db_res_int(r, 0, 2);
    m->org_id = db_res_int(r, 0, 3);
    str_copy(m->org_name, sizeof m->org_name, db_res_text(r, 0, 4));
    str_copy(m->expert_name, sizeof m->expert_name, db_res_text(r, 0, 5));
    str_copy(m->program_name, sizeof m->program_name, db_res_text(r, 0, 6));
    m->visits_done = (int)db_res_int(r, 0, 7);
    m->visit_count = (int)db_res_int(r, 0, 8);
    m->response_id = db_res_int(r, 0, 9);
    m->ready = str_eq(m->status, "completed") ||
               (str_eq(m->status, "confirmed") && m->visits_done >= m->visit_count);
    db_res_free(r);
    return 0;
}

int survey_match_for_org(struct req *rq, int64_t org_id, struct survey_match *m)
{
    return fill_match(db_query(rq->db,
                               MATCH_SELECT "WHERE a.org_id = ? AND m.status IN ('confirmed', "
                                            "'completed') ORDER BY m.id DESC LIMIT 1",
                               "si", "sme", org_id),
                      m);
}

int survey_match_for_expert(struct req *rq, int64_t match_id, struct survey_match *m)
{
    if (match_id <= 0)
        return 1;
    return fill_match(db_query(rq->db,
                               MATCH_SELECT "WHERE m.id = ? AND e.user_id = ? AND m.status IN "
                                            "('confirmed', 'completed', 'terminated')",
                               "sii", "expert", match_id, rq->user.id),
                      m);
}

int survey_save(struct req *rq, const struct survey_match *m, const char *kind, json_t *clean)
{
    char *text = json_dumps(clean, JSON_COMPACT);
    json_decref(clean);
    if (!text)
        return -1;
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    /* One response per match and kind: the UNIQUE constraint decides between two
     * concurrent submissions; the loser is told it was already answered. */
    int64_t id =
        db_insert_id(rq->db,
                     "INSERT INTO survey_responses (match_id, program_id, kind, answers, "
                     "lang, answered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                     "RETURNING id",
                     "iisssis", m->match_id, m->program_id, kind, text, rq->lang, rq->user.id, now);
    free(text);
    if (id > 0)
        return 1;
    return db_err_unique(rq->db) ? 0 : -1;
}

json_t *survey_answers_from_form(const struct req *rq, const survey_t *s)
{
    json_t *a = json_object();
    for (size_t i = 0; i < s->n; i++) {
        const survey_question_t *q = &s->q[i];
        if (q->type != SQ_MULTI) {
            const char *v = kv_get(&rq->form, q->key);
            if (v)
                json_object_set_new(a, q->key, json_string(v));
            continue;
        }
        json_t *arr = json_array();
        for (size_t k = 0; k < rq->form.n; k++)
            if (str_eq(rq->form.items[k].key, q->key))
                json_array_append_new(arr, json_string(rq->form.items[k].val));
        json_object_set_new(a, q->key, arr);
    }
    return a;
}

static const char *err_msgid(enum survey_err e)
{
    switch (e) {
    case SE_REQUIRED:
        return N_("Please answer this question.");
    case SE_NOT_OPTION:
        return N_("Please choose one of the listed answers.");
    case SE_TOO_LONG:
        return N_("This answer is too long. Please shorten it.");
    case SE_UNKNOWN:
        return N_("This questionnaire has no such question.");
    case SE_TYPE:
    case SE_OK:
        break;
    }
    return N_("This answer could not be read. Please answer it again.");
}

bool survey_check(const struct req *rq, const survey_t *s, const json_t *answers, json_t *errors,
                  json_t **clean)
{
    survey_problem_t p[SURVEY_MAX_QUESTIONS + 1];
    size_t n = survey_validate(s, answers, p, sizeof p / sizeof p[0], clean);
    if (n > sizeof p / sizeof p[0])
        n = sizeof p / sizeof p[0];
    for (size_t i = 0; i < n; i++)
        form_error(rq, errors, p[i].question ? p[i].question : "_answers", err_msgid(p[i].err));
    return n == 0;
}

static const char *type_name(enum survey_qtype t)
{
    return t == SQ_SINGLE ? "single" : t == SQ_MULTI ? "multi" : "text";
}

json_t *survey_def_json(const survey_t *s, const char *lang)
{
    json_t *qs = json_array();
    for (size_t i = 0; i < s->n; i++) {
        const survey_question_t *q = &s->q[i];
        json_t *jq = json_pack("{s:s,s:s,s:b,s:s}", "key", q->key, "type", type_name(q->type),
                               "required", q->required, "text", dtext_get(&q->text, lang));
        if (q->type == SQ_TEXT) {
            json_object_set_new(jq, "max_chars", json_integer((json_int_t)q->max_chars));
        } else {
            json_t *os = json_array();
            for (size_t k = 0; k < q->n_options; k++)
                json_array_append_new(os, json_pack("{s:s,s:s}", "key", q->options[k].key, "label",
                                                    dtext_get(&q->options[k].label, lang)));
            json_object_set_new(jq, "options", os);
        }
        json_array_append_new(qs, jq);
    }
    return json_pack("{s:s,s:s,s:s,s:o}", "kind", s->kind, "title", dtext_get(&s->title, lang),
                     "intro", dtext_get(&s->intro, lang), "questions", qs);
}

static bool chosen(const json_t *v, const char *key)
{
    if (json_is_string(v))
        return str_eq(json_string_value(v), key);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) if (str_eq(json_string_value(e), key)) return true;
    return false;
}

json_t *survey_form_questions(const survey_t *s, const char *lang, const json_t *answers,
                              const json_t *errors)
{
    json_t *qs = survey_def_json(s, lang);
    json_t *list = json_incref(json_object_get(qs, "questions"));
    json_decref(qs);
    bool first = true;
    size_t i;
    json_t *jq;
    json_array_foreach(list, i, jq)
    {
        const char *key = json_string_value(json_object_get(jq, "key"));
        json_t *v = json_object_get(answers, key);
        json_object_set_new(jq, "no", json_integer((json_int_t)i + 1));
        json_object_set_new(jq, "is_text", json_boolean(s->q[i].type == SQ_TEXT));
        json_object_set_new(jq, "is_multi", json_boolean(s->q[i].type == SQ_MULTI));
        if (s->q[i].type == SQ_TEXT)
            json_object_set_new(jq, "value",
                                json_string(json_is_string(v) ? json_string_value(v) : ""));
        const char *e = json_string_value(json_object_get(errors, key));
        bool focus = e && first;
        if (e) {
            json_object_set_new(jq, "error", json_string(e));
            json_object_set_new(jq, "first_error", json_boolean(focus));
            first = false;
        }
        /* Options carry what their input needs: the template's lookup would find the
         * option's own "key" before the question's. */
        size_t k;
        json_t *o;
        json_array_foreach(json_object_get(jq, "options"), k, o)
        {
            const char *ok = json_string_value(json_object_get(o, "key"));
            json_object_set_new(o, "checked", json_boolean(chosen(v, ok)));
            json_object_set_new(o, "name", json_string(key));
            json_object_set_new(o, "input_type",
                                json_string(s->q[i].type == SQ_MULTI ? "checkbox" : "radio"));
            json_object_set_new(o, "invalid", json_boolean(e != NULL));
            json_object_set_new(o, "focus", json_boolean(focus && k == 0));
        }
    }
    return list;
}

bool survey_program_exists(struct req *rq, int64_t program_id, char *name, size_t namesz)
{
    db_res_t *r = db_query(rq->db, "SELECT name FROM programs WHERE id = ?", "i", program_id);
    bool ok = r && db_res_rows(r) == 1;
    if (ok && name)
        str_copy(name, namesz, db_res_text(r, 0, 0));
    db_res_free(r);
    return ok;
}

static int64_t count_invited(struct req *rq, int64_t program_id, const char *kind)
{
    /* Invited: every match with an invitation, plus any that answered without one. */
    db_res_t *r = db_query(rq->db,
                           "SELECT COUNT(*) FROM (SELECT i.match_id FROM survey_invitations i "
                           "JOIN matches m ON m.id = i.match_id JOIN program_applications a ON "
                           "a.id = m.application_id WHERE a.program_id = ? AND i.kind = ? UNION "
                           "SELECT match_id FROM survey_responses WHERE program_id = ? AND kind = "
                           "?) t",
                           "isis", program_id, kind, program_id, kind);
    int64_t n = r && db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : -1;
    db_res_free(r);
    return n;
}

static double pct(int64_t part, int64_t whole)
{
    return whole > 0 ? round((double)part * 1000.0 / (double)whole) / 10.0 : 0.0;
}

json_t *survey_results(struct req *rq, int64_t program_id, const survey_t *s)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT answers FROM survey_responses WHERE program_id = ? AND kind = ? "
                           "ORDER BY id",
                           "is", program_id, s->kind);
    int64_t invited = count_invited(rq, program_id, s->kind);
    if (!r || invited < 0) {
        db_res_free(r);
        return NULL;
    }
    size_t nresp = db_res_rows(r);
    json_t **ans = calloc(nresp ? nresp : 1, sizeof *ans);
    if (!ans) {
        db_res_free(r);
        return NULL;
    }
    for (size_t i = 0; i < nresp; i++)
        ans[i] = json_loads(db_res_text(r, i, 0), 0, NULL);
    db_res_free(r);

    json_t *qs = json_array();
    for (size_t qi = 0; qi < s->n; qi++) {
        const survey_question_t *q = &s->q[qi];
        int64_t counts[SURVEY_MAX_OPTIONS] = {0}, answered = 0;
        json_t *texts = json_array();
        for (size_t i = 0; i < nresp; i++) {
            json_t *v = json_object_get(ans[i], q->key);
            if (!v)
                continue;
            answered++;
            if (q->type == SQ_TEXT) {
                if (json_is_string(v))
                    json_array_append(texts, v);
                continue;
            }
            for (size_t k = 0; k < q->n_options; k++)
                counts[k] += chosen(v, q->options[k].key);
        }
        json_t *jq = json_pack("{s:s,s:s,s:s,s:I,s:b}", "key", q->key, "type", type_name(q->type),
                               "text", dtext_get(&q->text, rq->lang), "answered",
                               (json_int_t)answered, "is_text", q->type == SQ_TEXT);
        if (q->type == SQ_TEXT) {
            json_object_set_new(jq, "texts", texts);
        } else {
            json_decref(texts);
            json_t *os = json_array();
            for (size_t k = 0; k < q->n_options; k++)
                json_array_append_new(
                    os, json_pack("{s:s,s:s,s:I,s:f}", "key", q->options[k].key, "label",
                                  dtext_get(&q->options[k].label, rq->lang), "count",
                                  (json_int_t)counts[k], "pct", pct(counts[k], answered)));
            json_object_set_new(jq, "options", os);
        }
        json_array_append_new(qs, jq);
    }
    for (size_t i = 0; i < nresp; i++)
        json_decref(ans[i]);
    free(ans);
    return json_pack("{s:s,s:s,s:I,s:I,s:f,s:o}", "kind", s->kind, "title",
                     dtext_get(&s->title, rq->lang), "responses", (json_int_t)nresp, "invited",
                     (json_int_t)invited, "rate", pct((int64_t)nresp, invited), "questions", qs);
}

/* The answer of q in v as the labels the operator reads. */
static json_t *answer_cell(const survey_question_t *q, json_t *v, const char *lang)
{
    if (!v)
        return json_null();
    if (q->type == SQ_TEXT)
        return json_incref(v);
    buf_t b;
    buf_init(&b);
    for (size_t k = 0; k < q->n_options; k++)
        if (chosen(v, q->options[k].key)) {
            if (b.len)
                buf_append(&b, " / ", 3);
            const char *l = dtext_get(&q->options[k].label, lang);
            buf_append(&b, l, strlen(l));
        }
    json_t *s = json_string(buf_cstr(&b));
    buf_free(&b);
    return s;
}

int survey_rows(struct req *rq, int64_t program_id, const survey_t *s, json_t **columns,
                json_t **rows)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT r.id, r.created_at, o.name, e.name, r.answers FROM "
                           "survey_responses r JOIN matches m ON m.id = r.match_id JOIN "
                           "program_applications a ON a.id = m.application_id JOIN organizations "
                           "o ON o.id = a.org_id JOIN experts e ON e.id = m.expert_id WHERE "
                           "r.program_id = ? AND r.kind = ? ORDER BY r.id",
                           "is", program_id, s->kind);
    if (!r)
        return -1;
    *columns = json_pack("[s,s,s,s]", tr(rq, "Response No."), tr(rq, "Date of the answer"),
                         tr(rq, "Guided company"), tr(rq, "Expert in charge"));
    for (size_t i = 0; i < s->n; i++)
        json_array_append_new(*columns, json_string(dtext_get(&s->q[i].text, rq->lang)));
    *rows = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++) {
        char day[11];
        str_copy(day, sizeof day, db_res_text(r, i, 1));
        json_t *row = json_pack("[I,s,s,s]", (json_int_t)db_res_int(r, i, 0), day,
                                db_res_text(r, i, 2), db_res_text(r, i, 3));
        json_t *a = json_loads(db_res_text(r, i, 4), 0, NULL);
        for (size_t k = 0; k < s->n; k++)
            json_array_append_new(row,
                                  answer_cell(&s->q[k], json_object_get(a, s->q[k].key), rq->lang));
        json_decref(a);
        json_array_append_new(*rows, row);
    }
    db_res_free(r);
    return 0;
}
