/* pages_visit_core.h - matches and visits of the guidance program: loading a match the
 * current user may see, the visit state machine, termination and the mails they send.
 *
 * Visit state machine (visits.status, docs/program.md): a row is created when the expert
 * proposes the next visit (proposed); the expert may propose again (back to proposed, the
 * SME's request note cleared); the SME confirms (confirmed) or asks for another date (stays
 * proposed with request_note); the expert reports it (done). Visit n can only be proposed
 * or reported when visits 1..n-1 are done, so "the next visit" is always done_count + 1.
 * Everything happens only while the match is 'confirmed'.
 */
#ifndef OTASUKE_PAGES_VISIT_CORE_H
#define OTASUKE_PAGES_VISIT_CORE_H

#include "mailer.h"
#include "web.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Who may load a match: its expert, the SME's own members, operators/admins. */
enum { VM_EXPERT = 1, VM_SME = 2, VM_OPERATOR = 4 };

struct vmatch {
    int64_t id, application_id, expert_id, expert_user_id, org_id, program_id;
    char status[16];
    char org_name[512], expert_name[256], expert_email[256], expert_lang[4];
    char program_name[512], visits_from[11], visits_until[11];
    int visit_count;
    int64_t fee_per_visit;
    int done;    /* visits reported done */
    unsigned as; /* the VM_ role the current user has on it */
};

/* Loads match id when the current user is one of `who`; false (answer 404) otherwise. */
bool vmatch_load(struct req *rq, int64_t id, unsigned who, struct vmatch *m);
/* Loads match id without a user check (background jobs such as reminders). */
bool vmatch_load_system(struct req *rq, int64_t id, struct vmatch *m);
/* The match a visit belongs to, with the same check. */
bool vmatch_load_by_visit(struct req *rq, int64_t visit_id, unsigned who, struct vmatch *m,
                          int *visit_no);
/* The newest confirmed/completed/terminated match of an organization (for the SME pages). */
bool vmatch_load_for_org(struct req *rq, int64_t org_id, struct vmatch *m);

/* [{no, title}] in the request's language. */
json_t *vmatch_curriculum(struct req *rq, const struct vmatch *m);
/* One entry per visit 1..visit_count: {no, id, status, planned_at, planned_date,
 * planned_time, mode, done_on, minutes, summary, items:[no...], item_titles, next_steps,
 * request_note, is_next}. status "none" when nothing is proposed yet. */
json_t *vmatch_visits(struct req *rq, const struct vmatch *m);

/* Inputs as strings, so that the form and the JSON API share the checks. */
struct visit_propose_in {
    const char *date, *time, *mode;
};
struct visit_report_in {
    const char *date, *mode, *minutes, *summary, *next_steps;
    int items[13]; /* curriculum numbers covered */
    int nitems;
};

/* Each returns the number of problems, written into errors (field -> translated text);
 * on 0 the change is stored and mailed. *status_out is 404 when visit no is not the next
 * one for proposals of a match that is not confirmed, else 422 on input errors. */
int visit_propose(struct req *rq, const struct vmatch *m, int no, const struct visit_propose_in *in,
                  json_t *errors);
int visit_report(struct req *rq, const struct vmatch *m, int no, const struct visit_report_in *in,
                 json_t *errors);
/* SME side. 0, or -1 when the visit is not a proposal (404). */
int visit_confirm(struct req *rq, const struct vmatch *m, int no);
int visit_request_other(struct req *rq, const struct vmatch *m, int no, const char *note,
                        json_t *errors);
/* Early end by the expert or an operator: match and application 'terminated', the
 * expert's load lowered, its advisor membership removed, mails. 0, >0 input problems,
 * -1 not possible (match not confirmed). */
int match_terminate(struct req *rq, const struct vmatch *m, const char *reason, json_t *errors);

/* ---- mail in each recipient's language ---- */
#define VMAIL_LINES MAIL_NOTICE_LINES
struct vmail {
    const char *subject, *intro; /* msgids */
    const char *label[VMAIL_LINES];
    char value[VMAIL_LINES][700];
    bool value_is_msgid[VMAIL_LINES];
    int n;
    char link[300]; /* path, base URL prepended */
};
void vmail_line(struct vmail *v, const char *label, const char *value, bool is_msgid);
void vmail_send(struct req *rq, const char *email, const char *lang, const struct vmail *v);
/* To every member (not advisors) of the organization. */
void vmail_send_org(struct req *rq, int64_t org_id, const struct vmail *v);
void vmail_send_expert(struct req *rq, const struct vmatch *m, const struct vmail *v);
/* To every operator account. */
void vmail_send_operators(struct req *rq, const struct vmail *v);

/* Mode msgid for 'onsite' / 'online'. */
const char *visit_mode_label(const char *mode);

#endif
