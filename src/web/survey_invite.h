/* survey_invite.h - invitations to the questionnaires after the guidance. */
#ifndef OTASUKE_SURVEY_INVITE_H
#define OTASUKE_SURVEY_INVITE_H

#include "web.h"

/* Invites the guided company's members (the SME questionnaire) and the match's expert (the
 * expert questionnaire) by mail, each in its own language, with the link to answer.
 * Records the invitation per match and kind; a kind that was invited or answered before is
 * skipped. Call it when the final report is submitted (the match is completed). Returns
 * the number of kinds newly invited (0-2), or -1 on a database error. */
int survey_invite_match(struct req *rq, int64_t match_id);

#endif
