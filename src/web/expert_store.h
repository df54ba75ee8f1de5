/* expert_store.h - the expert registry: profile input and validation (form and JSON), storage,
 * the speciality list of data/expert_specialities.json, and mail to the people concerned.
 *
 * An expert row belongs to one advisor account (experts.user_id). status: pending ->
 * approved | rejected; approved -> suspended -> approved (docs/program.md). Only approved
 * experts are proposed or chosen.
 */
#ifndef OTASUKE_EXPERT_STORE_H
#define OTASUKE_EXPERT_STORE_H

#include "expert_input.h"
#include "web.h"

/* Reads the profile fields of a form (lists as repeated keys). */
void expert_input_from_form(const struct req *rq, struct expert_input *in);
/* expert_check (expert_input.h) with the errors translated into errors (field -> message),
 * plus the registry check that a RISS number is not registered to another expert. */
void expert_validate(const struct req *rq, const struct expert_input *in,
                     struct expert_profile *out, json_t *errors);

/* Inserts a pending expert for user_id (inside the caller's transaction). id or -1. */
int64_t expert_insert(db_conn_t *db, int64_t user_id, const struct expert_profile *p);
/* Updates expert_id's profile (inside the caller's transaction). 0 or -1; -2 when the new
 * capacity is below the expert's current active matches. */
int expert_update(db_conn_t *db, int64_t expert_id, const struct expert_profile *p);
/* The expert id of user_id, 0 when it has none, -1 on error. */
int64_t expert_id_of_user(db_conn_t *db, int64_t user_id);

/* The profile of expert_id as JSON for pages and the API: id, name, qualification (key and
 * label), registration_no, prefecture (code, name), areas, onsite, online, specialities and
 * industries (keys and labels), capacity, active, profile, status, decision_reason. NULL
 * when there is no such expert. */
json_t *expert_json(struct req *rq, int64_t expert_id);
/* Form values (as the form posts them) of a stored profile, to fill the edit form. */
json_t *expert_form_values(json_t *expert);
/* Option lists for the profile form with the chosen ones marked from values. */
void expert_form_options(struct req *rq, json_t *data, json_t *values);

/* The proposals and matches of rq->org_id's applications (accepted or later), newest first:
 * [{id, program, status, match?: {id, status, expert, confirmed}, proposals: [expert]}]. */
json_t *expert_choice_json(struct req *rq);

/* Registry filters of the query (status, qualification, pref = 1-47 or "none"); "" and 0
 * mean all, pref -1 not stated. */
struct expert_filters {
    const char *status, *qualification;
    int pref;
};
void expert_filters_read(const struct req *rq, struct expert_filters *f);
/* Experts matching f (at most 500, pending first) as expert_json objects with status_text. */
json_t *expert_list_json(struct req *rq, const struct expert_filters *f);
/* Short msgid of an expert status (Approved, Waiting for approval ...). */
const char *expert_status_msgid_short(const char *status);

/* A mail (mailer.h's notification) to each (email, lang) row of to, which it frees:
 * lead, then "label: value" lines (values translated where tr_value), then the link
 * (base URL + path) and tail. */
struct expert_mail {
    const char *subject, *lead, *tail, *link;
    const char *labels[6], *values[6];
    bool tr_value[6];
};
void expert_mail(struct req *rq, db_res_t *to, const struct expert_mail *m);
/* Recipients for expert_mail (with mail_org_members of mailer.h): the operators other
 * than the acting user / an expert. */
#define EXPERT_MAIL_OPERATORS                                                                      \
    "SELECT email, lang FROM users WHERE role = 'operator' AND disabled = 0 AND id <> ?"
#define EXPERT_MAIL_EXPERT                                                                         \
    "SELECT u.email, u.lang FROM experts e JOIN users u ON u.id = e.user_id WHERE e.id = ?"

#endif
