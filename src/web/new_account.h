/* new_account.h - the account part of every sign-up form (templates/account/
 * new_account_fields.html): the SME sign-up, an expert's registration, an invited advisor. */
#ifndef OTASUKE_NEW_ACCOUNT_H
#define OTASUKE_NEW_ACCOUNT_H

#include "web.h"

/* Checks name, email, password (twice) and the agreement to the terms; one translated error
 * per bad field in errors. */
void new_account_check(const struct req *rq, json_t *errors);
/* Inserts the account with role ("sme" or "advisor") and the page's language, inside the
 * caller's transaction if one is open. Returns its id, or -1 with an error on "email" (the
 * address is already registered, or something went wrong). */
int64_t new_account_insert(struct req *rq, const char *role, json_t *errors);

#endif
