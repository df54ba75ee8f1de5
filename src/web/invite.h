/* invite.h - advisors invited by e-mail to help with an organization's workspace.
 *
 * An invitation is 'pending' until the invitee accepts it ('accepted': a membership of kind
 * 'advisor' exists) or the owner revokes it ('revoked'). Only the SHA-256 of the token is
 * stored; the token itself is only in the mail. A pending invitation expires after
 * INVITE_DAYS. Removing an advisor deletes the membership, so access ends at once.
 */
#ifndef OTASUKE_INVITE_H
#define OTASUKE_INVITE_H

#include "web.h"

#define INVITE_DAYS 14

enum invite_status {
    INV_OK = 0,
    INV_HAS_ACCESS, /* create: the address already belongs to someone in the workspace;
                       accept: the user already is a member or advisor */
    INV_ROLE,       /* accept: operator and admin accounts cannot become advisors */
    INV_INVALID,    /* accept: token unknown, used, revoked or expired */
    INV_ERROR,
};

struct invite_info {
    int64_t id, org_id;
    char email[256];
    char org_name[512];
};

/* Invites email to rq->org_id and mails the link. Returns the invitation id or -1 (*st). */
int64_t invite_create(struct req *rq, const char *email, enum invite_status *st);
/* Revokes a pending invitation of rq->org_id. 0, or -1 when there is none with that id. */
int invite_revoke(struct req *rq, int64_t id);
/* Removes an advisor of rq->org_id. 0, or -1 when user_id is not its advisor. */
int invite_remove_advisor(struct req *rq, int64_t user_id);
/* Pending invitations and advisors of rq->org_id as JSON arrays. */
json_t *invite_pending(struct req *rq);
json_t *invite_advisors(struct req *rq);
/* Finds a pending, unexpired invitation by its token. */
bool invite_find(struct req *rq, const char *token, struct invite_info *out);
/* Makes user_id an advisor of the invitation's organization and marks it accepted. When
 * in_tx, the caller holds the transaction (and commits it); otherwise one is opened. */
enum invite_status invite_accept(struct req *rq, const struct invite_info *inv, int64_t user_id,
                                 bool in_tx);

#endif
