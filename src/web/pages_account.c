/* pages_account.c - sign-up, login, logout, password reset, language switch, health. */
#include "form.h"
#include "new_account.h"
#include "log.h"
#include "mailer.h"
#include "pages.h"
#include "session.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

#define RESET_HOURS 2

static void healthz(struct req *rq, struct resp *rs)
{
    db_res_t *r = db_query(rq->db, "SELECT 1", NULL);
    rs->status = r ? 200 : 503;
    rs->ctype = "text/plain; charset=utf-8";
    buf_puts(&rs->body, r ? "ok\n" : "database unavailable\n");
    db_res_free(r);
}

/* A local path to return to after login, or the default. */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\r') ||
        strchr(next, '\n'))
        return "/";
    return next;
}

static void home(struct req *rq, struct resp *rs)
{
    json_t *d = json_pack("{s:s}", "title", N_("SME security, step by step"));
    if (rq->logged_in) {
        db_res_t *r = db_query(rq->db,
                               "SELECT o.id, o.name, m.kind FROM memberships m JOIN organizations "
                               "o ON o.id = m.org_id WHERE m.user_id = ? ORDER BY o.name",
                               "i", rq->user.id);
        json_t *orgs = json_array();
        for (size_t i = 0; i < db_res_rows(r); i++)
            json_array_append_new(orgs,
                                  json_pack("{s:I,s:s,s:b}", "id", (json_int_t)db_res_int(r, i, 0),
                                            "name", db_res_text(r, i, 1), "advisor",
                                            str_eq(db_res_text(r, i, 2), "advisor")));
        db_res_free(r);
        json_object_set_new(d, "orgs", orgs);
    }
    page_render(rq, rs, "home", d);
}

static void signup_form(struct req *rq, struct resp *rs)
{
    if (rq->logged_in) {
        resp_redirect(rs, "/");
        return;
    }
    page_render(rq, rs, "account/signup",
                json_pack("{s:s,s:{},s:{}}", "title", N_("Create an account"), "values", "errors"));
}

static void signup_submit(struct req *rq, struct resp *rs)
{
    json_t *errors = json_object();
    new_account_check(rq, errors);
    int64_t uid = -1;
    if (json_object_size(errors) == 0)
        uid = new_account_insert(rq, "sme", errors);
    if (json_object_size(errors) > 0) {
        rs->status = 422;
        page_render(rq, rs, "account/signup",
                    json_pack("{s:s,s:o,s:o}", "title", N_("Create an account"), "values",
                              form_values(rq), "errors", errors));
        rs->status = 422;
        return;
    }
    json_decref(errors);
    session_start(rq, rs, uid);
    rq->user.id = uid;
    rq->logged_in = true;
    audit(rq, "signup", 0, req_form(rq, "email"));
    flash_set(rq, rs, "Your account was created.");
    resp_redirect(rs, "/orgs/new");
}

static void login_form(struct req *rq, struct resp *rs)
{
    page_render(rq, rs, "account/login",
                json_pack("{s:s,s:s,s:{}}", "title", N_("Log in"), "next",
                          safe_next(req_query(rq, "next")), "values"));
}

static void login_submit(struct req *rq, struct resp *rs)
{
    char email[256];
    str_copy(email, sizeof email, req_form(rq, "email"));
    for (char *c = email; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    const char *pw = req_form(rq, "password");
    const char *next = safe_next(req_form(rq, "next"));
    const char *problem = NULL;
    int64_t uid = -1;
    if (login_throttled(rq, email)) {
        problem = N_("Too many failed attempts. Please wait 15 minutes and try again.");
    } else {
        db_res_t *r =
            db_query(rq->db, "SELECT id, password_hash FROM users WHERE email = ? AND disabled = 0",
                     "s", email);
        bool ok = r && db_res_rows(r) == 1 && password_verify(db_res_str(r, 0, 1), pw);
        if (ok)
            uid = db_res_int(r, 0, 0);
        db_res_free(r);
        login_record(rq, email, ok);
        if (!ok) {
            problem = N_("The e-mail address or password is not correct.");
            audit(rq, "login_failed", 0, email);
        }
    }
    if (problem) {
        rs->status = 401;
        page_render(rq, rs, "account/login",
                    json_pack("{s:s,s:s,s:s,s:o}", "title", N_("Log in"), "next", next, "error",
                              tr(rq, problem), "values", form_values(rq)));
        rs->status = 401;
        return;
    }
    session_start(rq, rs, uid);
    rq->user.id = uid;
    rq->logged_in = true;
    audit(rq, "login", 0, email);
    resp_redirect(rs, next);
}

static void logout(struct req *rq, struct resp *rs)
{
    audit(rq, "logout", 0, rq->user.email);
    session_end(rq, rs);
    flash_set(rq, rs, "You have logged out.");
    resp_redirect(rs, "/");
}

static void set_lang(struct req *rq, struct resp *rs)
{
    const char *lang = req_form(rq, "lang");
    if (str_eq(lang, "ja") || str_eq(lang, "en"))
        resp_cookie(rq, rs, "lang", lang, 365 * 86400, false);
    resp_redirect(rs, safe_next(req_form(rq, "next")));
}

static void forgot_form(struct req *rq, struct resp *rs)
{
    page_render(
        rq, rs, "account/forgot",
        json_pack("{s:s,s:{},s:{}}", "title", N_("Reset your password"), "values", "errors"));
}

static void forgot_submit(struct req *rq, struct resp *rs)
{
    const char *email = req_form(rq, "email");
    const char *m = check_email(email);
    if (*m) {
        json_t *errors = json_object();
        form_error(rq, errors, "email", m);
        page_render(rq, rs, "account/forgot",
                    json_pack("{s:s,s:o,s:o}", "title", N_("Reset your password"), "values",
                              form_values(rq), "errors", errors));
        rs->status = 422;
        return;
    }
    db_res_t *r = db_query(rq->db, "SELECT id FROM users WHERE email = lower(?) AND disabled = 0",
                           "s", email);
    if (r && db_res_rows(r) == 1) {
        char tok[65], hash[65], exp[TIME_ISO_LEN];
        token_new(tok, 32);
        token_hash(tok, hash);
        time_iso(exp, time(NULL) + RESET_HOURS * 3600);
        if (db_exec(
                rq->db,
                "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                "sis", hash, db_res_int(r, 0, 0), exp) == 1) {
            buf_t body;
            buf_init(&body);
            buf_printf(&body, "%s\n\n%s/password/reset?token=%s\n\n%s\n",
                       tr(rq, "Please open this link to set a new password:"),
                       rq->app->cfg.base_url, tok,
                       tr(rq, "The link is valid for 2 hours. If you did not ask for this, you "
                              "can ignore this mail."));
            web_send_mail(rq, email, tr(rq, "Resetting your otasuke password"), buf_cstr(&body));
            buf_free(&body);
        }
    }
    db_res_free(r);
    /* The same answer whether or not the address is registered. */
    flash_set(rq, rs, "If the address is registered, we have sent a mail with a link.");
    resp_redirect(rs, "/login");
}

static bool reset_user(struct req *rq, const char *tok, int64_t *uid)
{
    char hash[65], now[TIME_ISO_LEN];
    if (strlen(tok) != 64)
        return false;
    token_hash(tok, hash);
    time_now_iso(now);
    db_res_t *r = db_query(rq->db,
                           "SELECT user_id FROM password_resets WHERE token_hash = ? AND used = 0 "
                           "AND expires_at > ?",
                           "ss", hash, now);
    bool ok = r && db_res_rows(r) == 1;
    if (ok)
        *uid = db_res_int(r, 0, 0);
    db_res_free(r);
    return ok;
}

static void reset_form(struct req *rq, struct resp *rs)
{
    int64_t uid;
    const char *tok = req_query(rq, "token");
    bool valid = reset_user(rq, tok, &uid);
    page_render(rq, rs, "account/reset",
                json_pack("{s:s,s:s,s:b,s:{}}", "title", N_("Set a new password"), "token", tok,
                          "valid", valid, "errors"));
}

static void reset_submit(struct req *rq, struct resp *rs)
{
    int64_t uid;
    const char *tok = req_form(rq, "token"), *pw = req_form(rq, "password");
    bool valid = reset_user(rq, tok, &uid);
    json_t *errors = json_object();
    const char *m = check_password(pw);
    if (valid && *m)
        form_error(rq, errors, "password", m);
    else if (valid && !str_eq(pw, req_form(rq, "password_confirm")))
        form_error(rq, errors, "password_confirm", "The two passwords do not match.");
    char hash[128], th[65];
    if (valid && json_object_size(errors) == 0 && password_hash(pw, hash) == 0) {
        token_hash(tok, th);
        if (db_begin(rq->db) == 0 &&
            db_exec(rq->db, "UPDATE users SET password_hash = ? WHERE id = ?", "si", hash, uid) ==
                1 &&
            db_exec(rq->db, "UPDATE password_resets SET used = 1 WHERE token_hash = ?", "s", th) ==
                1 &&
            db_exec(rq->db, "DELETE FROM sessions WHERE user_id = ?", "i", uid) >= 0 &&
            /* Whoever can read the mailbox may log in again at once. */
            db_exec(rq->db,
                    "DELETE FROM login_attempts WHERE email = (SELECT email FROM users WHERE id "
                    "= ?)",
                    "i", uid) >= 0 &&
            db_commit(rq->db) == 0) {
            json_decref(errors);
            audit(rq, "password_reset", 0, "");
            flash_set(rq, rs, "Your password was changed. Please log in.");
            resp_redirect(rs, "/login");
            return;
        }
        db_rollback(rq->db);
        form_error(rq, errors, "password", "Something went wrong. Please try again.");
    }
    rs->status = valid ? 422 : 400;
    int st = rs->status;
    page_render(rq, rs, "account/reset",
                json_pack("{s:s,s:s,s:b,s:o}", "title", N_("Set a new password"), "token", tok,
                          "valid", valid, "errors", errors));
    rs->status = st;
}

/* POST /api/v1/tokens {"email","password","name"} -> {"token"}: token auth for scripts. */
static void api_token(struct req *rq, struct resp *rs)
{
    json_t *j = req_json(rq, rs);
    if (!j)
        return;
    const char *email = json_string_value(json_object_get(j, "email"));
    const char *pw = json_string_value(json_object_get(j, "password"));
    const char *name = json_string_value(json_object_get(j, "name"));
    if (!email || !pw) {
        json_decref(j);
        resp_json_error(rq, rs, 400, "missing_field", "Please enter your e-mail address.");
        return;
    }
    char lower[256];
    str_copy(lower, sizeof lower, email);
    for (char *c = lower; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    if (login_throttled(rq, lower)) {
        json_decref(j);
        resp_json_error(rq, rs, 429, "throttled",
                        "Too many failed attempts. Please wait 15 minutes and try again.");
        return;
    }
    db_res_t *r = db_query(
        rq->db, "SELECT id, password_hash FROM users WHERE email = ? AND disabled = 0", "s", lower);
    bool ok = r && db_res_rows(r) == 1 && password_verify(db_res_str(r, 0, 1), pw);
    int64_t uid = ok ? db_res_int(r, 0, 0) : -1;
    db_res_free(r);
    login_record(rq, lower, ok);
    char tok[65];
    if (!ok || api_token_create(rq, uid, name ? name : "api", tok) < 0) {
        json_decref(j);
        resp_json_error(rq, rs, 401, "bad_credentials",
                        "The e-mail address or password is not correct.");
        return;
    }
    json_decref(j);
    resp_json(rs, 201, json_pack("{s:s}", "token", tok));
}

static void api_me(struct req *rq, struct resp *rs)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT o.id, o.name, m.kind FROM memberships m JOIN organizations o "
                           "ON o.id = m.org_id WHERE m.user_id = ? ORDER BY o.id",
                           "i", rq->user.id);
    json_t *orgs = json_array();
    for (size_t i = 0; i < db_res_rows(r); i++)
        json_array_append_new(
            orgs, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_res_int(r, i, 0), "name",
                            db_res_text(r, i, 1), "access", db_res_text(r, i, 2)));
    db_res_free(r);
    static const char *roles[] = {"", "sme", "advisor", "", "operator", "", "", "", "admin"};
    resp_json(rs, 200,
              json_pack("{s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)rq->user.id, "email",
                        rq->user.email, "name", rq->user.name, "role", roles[rq->user.role & 15],
                        "organizations", orgs));
}

void pages_account_register(struct app *app)
{
    route_add(app, "GET", "/healthz", R_PUBLIC, healthz);
    route_add(app, "GET", "/", R_PUBLIC, home);
    route_add(app, "GET", "/signup", R_PUBLIC, signup_form);
    route_add(app, "POST", "/signup", R_PUBLIC, signup_submit);
    route_add(app, "GET", "/login", R_PUBLIC, login_form);
    route_add(app, "POST", "/login", R_PUBLIC, login_submit);
    route_add(app, "POST", "/logout", 0, logout);
    route_add(app, "POST", "/lang", R_PUBLIC, set_lang);
    route_add(app, "GET", "/password/forgot", R_PUBLIC, forgot_form);
    route_add(app, "POST", "/password/forgot", R_PUBLIC, forgot_submit);
    route_add(app, "GET", "/password/reset", R_PUBLIC, reset_form);
    route_add(app, "POST", "/password/reset", R_PUBLIC, reset_submit);
    route_add(app, "POST", "/api/v1/tokens", R_PUBLIC | R_API, api_token);
    route_add(app, "GET", "/api/v1/me", R_API, api_me);
}
