/* pages_fees.h - expert fees (謝金) of the guidance program, shared by the pages and the API.
 *
 * Amount due per expert and program = programs.fee_per_visit x visits reported done in
 * that program (any match status: visits of a terminated match were still done). Paid is
 * the sum of fee_payments; a payment is recorded in a transaction that recomputes what is
 * outstanding first, so it can never exceed it.
 */
#ifndef OTASUKE_PAGES_FEES_H
#define OTASUKE_PAGES_FEES_H

#include "web.h"

/* The program {id, name, year, fee_per_visit} or NULL when there is none. */
json_t *fees_program(struct req *rq, int64_t program_id);
/* [{expert_id, name, email, visits_done, due, paid, outstanding, payments: [...]}]. */
json_t *fees_by_expert(struct req *rq, int64_t program_id);
/* Records a payment; 0, or the number of problems written into errors (field -> text);
 * -1 when the expert has no visits in the program (404). Mails the expert. */
int fees_pay(struct req *rq, int64_t program_id, int64_t expert_id, const char *paid_on,
             const char *amount, const char *reference, json_t *errors);
/* The current user's fees per program (for /expert/fees): [{program_id, program_name,
 * visits_done, due, paid, outstanding, payments: [{paid_on, amount, reference}]}]. */
json_t *fees_mine(struct req *rq);

#endif
