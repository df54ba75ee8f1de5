/* new_account.c - checks and creation of a new account (see new_account.h). */
#include "new_account.h"
#include "form.h"
#include "session.h"
#include "str.h"
#include "timeutil.h"

#include <stdbool.h>

void new_account_check(const struct req *rq, json_t *errors)
{
    const char *pw = req_form(rq, "password"), *m;
    if (*(m = check_text(req_form(rq, "name"), 1, 100)))
        form_error(rq, errors, "name", m);
    if (*(m = check_email(req_form(rq, "email"))))
        form_error(rq, errors, "email", m);
    if (*(m = check_password(pw)))
        form_error(rq, errors, "password", m);
    else if (!str_eq(pw, req_form(rq, "password_confirm")))
        form_error(rq, errors, "password_confirm", "The two passwords do not match.");
    if (!str_eq(req_form(rq, "agree"), "yes"))
        form_error(rq, errors, "agree", "Please agree to the terms of use to continue.");
}

int64_t new_account_insert(struct req *rq, const char *role, json_t *errors)
{
    char hash[128], now[TIME_ISO_LEN];
    int64_t uid = -1;
    bool tried = password_hash(req_form(rq, "password"), hash) == 0;
    if (tried) {
        time_now_iso(now);
        uid = db_insert_id(rq->db,
                           "INSERT INTO users (email, password_hash, name, role, lang, created_at) "
                           "VALUES (lower(?), ?, ?, ?, ?, ?) RETURNING id",
                           "ssssss", req_form(rq, "email"), hash, req_form(rq, "name"), role,
                           rq->lang, now);
    }
    if (uid < 0)
        form_error(rq, errors, "email",
                   tried && db_err_unique(rq->db)
                       ? "This e-mail address is already registered. Please log in."
                       : "Something went wrong. Please try again.");
    return uid;
}
