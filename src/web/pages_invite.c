/* pages_invite.c - the owner's advisor list with invitations, and the invitee's side:
 * opening the mailed link, logging in or signing up as an advisor, accepting. */
#include "form.h"
#include "new_account.h"
#include "invite.h"
#include "pages.h"
#include "session.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

/* Each element's ISO timestamp `key` also as the date alone (YYYY-MM-DD) under `date_key`:
 * people read a date, not "2026-11-22T08:15:02Z". */
static json_t *with_dates(json_t *a, const char *key, const char *date_key)
{
    size_t i;
    json_t *o;
    json_array_foreach(a, i, o)
    {
        const char *iso = json_string_value(json_object_get(o, key));
        char date[11] = "";
        if (iso && strlen(iso) >= 10)
            memcpy(date, iso, 10);
        json_object_set_new(o, date_key, json_string(date));
    }
    return a;
}

static void render_advisors(struct req *rq, struct resp *rs, json_t *values, json_t *errors,
                            int status)
{
    db_res_t *r = db_query(rq->db, "SELECT name FROM organizations WHERE id = ?", "i", rq->org_id);
    json_t *d = json_pack("{s:s,s:I,s:s,s:o,s:o,s:o,s:o,s:i}", "title", N_("Advisors"), "org_id",
                          (json_int_t)rq->org_id, "org_name",
                          r && db_res_rows(r) == 1 ? db_res_text(r, 0, 0) : "", "advisors",
                          with_dates(invite_advisors(rq), "since", "since_date"), "pending",
                          with_dates(invite_pending(rq), "created_at", "sent_date"), "values",
                          values, "errors", errors, "days", INVITE_DAYS);
    db_res_free(r);
    page_render(rq, rs, "invite/advisors", d);
    rs->status = status;
}

static void advisors(struct req *rq, struct resp *rs)
{
    render_advisors(rq, rs, json_object(), json_object(), 200);
}

static void invite(struct req *rq, struct resp *rs)
{
    const char *email = req_form(rq, "email");
    json_t *errors = json_object();
    const char *m = check_email(email);
    if (*m) {
        form_error(rq, errors, "email", m);
    } else {
        enum invite_status st;
        if (invite_create(rq, email, &st) > 0) {
            json_decref(errors);
            flash_set(rq, rs, "The invitation was sent by e-mail.");
            resp_redirectf(rs, "/w/%lld/advisors", (long long)rq->org_id);
            return;
        }
        form_error(rq, errors, "email",
                   st == INV_HAS_ACCESS ? N_("This person already has access to the workspace.")
                                        : N_("Something went wrong. Please try again."));
    }
    render_advisors(rq, rs, form_values(rq), errors, 422);
}

static void revoke(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    if (id < 0 || invite_revoke(rq, id) < 0) {
        page_error(rq, rs, 404);
        return;
    }
    flash_set(rq, rs, "The invitation was revoked. The link no longer works.");
    resp_redirectf(rs, "/w/%lld/advisors", (long long)rq->org_id);
}

static void remove_advisor(struct req *rq, struct resp *rs)
{
    int64_t id = req_param_id(rq, 1);
    if (id < 0 || invite_remove_advisor(rq, id) < 0) {
        page_error(rq, rs, 404);
        return;
    }
    flash_set(rq, rs, "The advisor was removed and can no longer see the workspace.");
    resp_redirectf(rs, "/w/%lld/advisors", (long long)rq->org_id);
}

/* ---- the invitee ---- */

static void render_accept(struct req *rq, struct resp *rs, const char *token,
                          const struct invite_info *inv, json_t *values, json_t *errors,
                          const char *problem, int status)
{
    json_t *d = json_pack("{s:s,s:s,s:b,s:o,s:o}", "title", N_("Invitation to a workspace"),
                          "token", token, "valid", inv != NULL, "values", values, "errors", errors);
    if (inv) {
        json_object_set_new(d, "org_name", json_string(inv->org_name));
        json_object_set_new(d, "invited_email", json_string(inv->email));
        if (!json_object_get(values, "email"))
            json_object_set_new(values, "email", json_string(inv->email));
    }
    if (problem)
        json_object_set_new(d, "problem", json_string(tr(rq, problem)));
    /* /login?next= must carry the whole path with its query, percent-encoded. */
    buf_t next;
    buf_init(&next);
    buf_printf(&next, "/login?next=%%2Finvite%%2Faccept%%3Ftoken%%3D%s", token);
    json_object_set_new(d, "login_url", json_string(buf_cstr(&next)));
    buf_free(&next);
    page_render(rq, rs, "invite/accept", d);
    rs->status = status;
}

static const char *token_param(const struct req *rq, bool form)
{
    const char *t = form ? req_form(rq, "token") : req_query(rq, "token");
    /* Only a well-formed token is echoed into the page and links. */
    return strlen(t) == 64 && strspn(t, "0123456789abcdef") == 64 ? t : "";
}

static void accept_form(struct req *rq, struct resp *rs)
{
    const char *tok = token_param(rq, false);
    struct invite_info inv;
    bool ok = invite_find(rq, tok, &inv);
    render_accept(rq, rs, tok, ok ? &inv : NULL, json_object(), json_object(), NULL,
                  ok ? 200 : 404);
}

static const char *accept_problem(enum invite_status st)
{
    switch (st) {
    case INV_HAS_ACCESS:
        return N_("You already have access to this workspace.");
    case INV_ROLE:
        return N_("Operator accounts cannot join a workspace as an advisor. Please log in with "
                  "another account.");
    case INV_INVALID:
        return N_("This invitation link is no longer valid. Please ask for a new invitation.");
    case INV_OK:
    case INV_ERROR:
        break;
    }
    return N_("Something went wrong. Please try again.");
}

static void accept_submit(struct req *rq, struct resp *rs)
{
    const char *tok = token_param(rq, true);
    struct invite_info inv;
    if (!invite_find(rq, tok, &inv)) {
        render_accept(rq, rs, tok, NULL, json_object(), json_object(), NULL, 404);
        return;
    }
    enum invite_status st = invite_accept(rq, &inv, rq->user.id, false);
    if (st == INV_OK) {
        flash_set(rq, rs, "You have joined the workspace as an advisor.");
        resp_redirectf(rs, "/w/%lld", (long long)inv.org_id);
        return;
    }
    render_accept(rq, rs, tok, &inv, json_object(), json_object(), accept_problem(st), 409);
}

/* Sign-up from an invitation: the account gets the role 'advisor' and joins at once, in one
 * transaction, so a failure leaves neither the account nor the membership behind. */
static void accept_signup(struct req *rq, struct resp *rs)
{
    const char *tok = token_param(rq, true);
    struct invite_info inv;
    if (!invite_find(rq, tok, &inv)) {
        render_accept(rq, rs, tok, NULL, json_object(), json_object(), NULL, 404);
        return;
    }
    json_t *errors = json_object();
    new_account_check(rq, errors);
    if (json_object_size(errors) == 0) {
        if (db_begin(rq->db) == 0) {
            int64_t uid = new_account_insert(rq, "advisor", errors);
            if (uid > 0) {
                rq->user.id = uid;
                rq->logged_in = true;
                if (invite_accept(rq, &inv, uid, true) == INV_OK && db_commit(rq->db) == 0) {
                    json_decref(errors);
                    session_start(rq, rs, uid);
                    audit(rq, "signup", inv.org_id, req_form(rq, "email"));
                    flash_set(rq, rs,
                              "Your account was created and you have joined the "
                              "workspace as an advisor.");
                    resp_redirectf(rs, "/w/%lld", (long long)inv.org_id);
                    return;
                }
                rq->logged_in = false;
                rq->user.id = 0;
                form_error(rq, errors, "email", "Something went wrong. Please try again.");
            }
            db_rollback(rq->db);
        } else {
            form_error(rq, errors, "email", "Something went wrong. Please try again.");
        }
    }
    render_accept(rq, rs, tok, &inv, form_values(rq), errors, NULL, 422);
}

void pages_invite_register(struct app *app)
{
    route_add(app, "GET", "/w/:org/advisors", R_ORG | R_ORG_OWNER, advisors);
    route_add(app, "POST", "/w/:org/advisors/invite", R_ORG | R_ORG_OWNER, invite);
    route_add(app, "POST", "/w/:org/invitations/:id/revoke", R_ORG | R_ORG_OWNER, revoke);
    route_add(app, "POST", "/w/:org/advisors/:user/remove", R_ORG | R_ORG_OWNER, remove_advisor);
    route_add(app, "GET", "/invite/accept", R_PUBLIC, accept_form);
    route_add(app, "POST", "/invite/accept", 0, accept_submit);
    route_add(app, "POST", "/invite/signup", R_PUBLIC, accept_signup);
}
