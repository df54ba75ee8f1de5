/* survey_store.h - the questionnaires in the web layer: which match a user answers for,
 * saving one response per match, forms and errors in the user's language, and results. */
#ifndef OTASUKE_SURVEY_STORE_H
#define OTASUKE_SURVEY_STORE_H

#include "survey.h"
#include "web.h"

/* A match as the survey sees it. ready: the match is completed, or confirmed with all of
 * its program's visits done (the survey opens after the last visit). */
struct survey_match {
    int64_t match_id, program_id, org_id;
    char status[16];
    int visits_done, visit_count;
    bool ready;
    int64_t response_id; /* of this kind; 0 = not answered yet */
    char org_name[256], expert_name[128], program_name[256];
};

/* The organization's latest confirmed or completed match: 0 found, 1 none, -1 error. */
int survey_match_for_org(struct req *rq, int64_t org_id, struct survey_match *m);
/* Match id of the current user as its expert: 0 found, 1 not this expert's match, -1 error. */
int survey_match_for_expert(struct req *rq, int64_t match_id, struct survey_match *m);

/* Stores clean answers (taken over): 1 stored, 0 already answered, -1 error. */
int survey_save(struct req *rq, const struct survey_match *m, const char *kind, json_t *clean);

/* The answers of a posted form: a value per question, repeated keys for multiple choice. */
json_t *survey_answers_from_form(const struct req *rq, const survey_t *s);
/* Validates answers; on problems fills errors (question key -> translated msgid) and
 * returns false; on success *clean holds the answers to store. */
bool survey_check(const struct req *rq, const survey_t *s, const json_t *answers, json_t *errors,
                  json_t **clean);

/* The definition in one language, for the API: {kind,title,intro,questions:[...]}. */
json_t *survey_def_json(const survey_t *s, const char *lang);
/* The questions for the form template, with the given answers checked/filled and errors:
 * [{key,type,required,text,max_chars,value,error,first_error,options:[{key,label,checked}]}] */
json_t *survey_form_questions(const survey_t *s, const char *lang, const json_t *answers,
                              const json_t *errors);

/* Aggregated results of one questionnaire of a program: {kind,title,responses,invited,
 * rate,questions:[{key,text,type,answered,options:[{key,label,count,pct}],texts:[...]}]}.
 * pct: share of those who answered the question, one decimal. NULL on error. */
json_t *survey_results(struct req *rq, int64_t program_id, const survey_t *s);
/* Every response of a program and kind as rows for export: columns and rows (xlsx.h). */
int survey_rows(struct req *rq, int64_t program_id, const survey_t *s, json_t **columns,
                json_t **rows);
/* true if the program exists */
bool survey_program_exists(struct req *rq, int64_t program_id, char *name, size_t namesz);

#endif
