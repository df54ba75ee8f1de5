/* expert_flow.h - the state changes of the registry and of matching, shared by the pages and
 * the JSON API. Each runs in one transaction and mails whom it concerns after committing.
 *
 * Expert (experts.status): pending -> approved | rejected; approved -> suspended ->
 * approved (reinstate). Proposal (match_proposals.status): draft -> sent -> chosen |
 * not_chosen. Match (matches.status): chosen -> confirmed | declined.
 * Choosing raises experts.active only with "WHERE active < capacity" and a unique index
 * allows one chosen/confirmed match per application, so parallel choices can neither
 * over-fill an expert nor match one application twice. Declining lowers active, closes
 * the decliner's proposal and puts the application's other proposals back to draft, so
 * the operator proposes again.
 */
#ifndef OTASUKE_EXPERT_FLOW_H
#define OTASUKE_EXPERT_FLOW_H

#include "web.h"

enum flow_result {
    FLOW_OK = 0,
    FLOW_NOT_FOUND, /* no such object for this user (404) */
    FLOW_STATE,     /* not allowed in the current state (409) */
    FLOW_FULL,      /* the expert has no capacity left (409) */
    FLOW_INVALID,   /* bad input, e.g. a missing reason (422) */
    FLOW_ERROR,     /* database error (500) */
};

/* HTTP status and a msgid describing r. */
int flow_status(enum flow_result r);
const char *flow_message(enum flow_result r);
/* The JSON API's error answer for r: {"error":{"code","message"}}. */
void flow_json_error(struct req *rq, struct resp *rs, enum flow_result r);

/* Operator decision on an expert: action approve | reject | suspend | reinstate; reason
 * required for reject and suspend. Mails the expert. */
enum flow_result flow_expert_decide(struct req *rq, int64_t expert_id, const char *action,
                                    const char *reason);

/* Operator sends proposals for an accepted application without an active match: experts
 * (approved) in rank order with their scores and reasons (a JSON array text each, may be
 * NULL). Other proposals of the application still 'sent' go back to 'draft'. Mails the
 * SME's members. */
enum flow_result flow_send_proposals(struct req *rq, int64_t app_id, const int64_t *experts,
                                     const int *scores, const char *const *reasons, size_t n);

/* The SME (rq->org_id) chooses expert_id among the sent proposals of app_id. FLOW_FULL when
 * the expert has no capacity left. Mails the expert and the operators. *match_id set. */
enum flow_result flow_choose(struct req *rq, int64_t app_id, int64_t expert_id, int64_t *match_id);

/* The logged-in expert confirms / declines its chosen match. Confirming makes the
 * application 'matched' and the expert an advisor of the SME's workspace; declining needs a
 * reason. Mails the SME (and, on decline, the operators). */
enum flow_result flow_confirm(struct req *rq, int64_t match_id);
enum flow_result flow_decline(struct req *rq, int64_t match_id, const char *reason);

/* Validates a free-text reason (1-1000 characters); "" or a msgid. */
const char *flow_check_reason(const char *reason);

#endif
