/* session.c - sessions, API tokens, CSRF, passwords, login throttling. */
#include "session.h"
#include "log.h"
#include "str.h"
#include "timeutil.h"

#include <sodium.h>
#include <string.h>

#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u << 20)

void token_new(char *hex, size_t nbytes)
{
    unsigned char raw[64];
    if (nbytes > sizeof raw)
        nbytes = sizeof raw;
    randombytes_buf(raw, nbytes);
    str_hex(hex, raw, nbytes);
}

void token_hash(const char *token, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    str_hex(out, h, sizeof h);
}

static bool valid_token(const char *t)
{
    if (!t || strlen(t) != 64)
        return false;
    for (const char *c = t; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
            return false;
    return true;
}

static enum user_role role_from(const char *s)
{
    if (str_eq(s, "advisor"))
        return ROLE_ADVISOR;
    if (str_eq(s, "operator"))
        return ROLE_OPERATOR;
    if (str_eq(s, "admin"))
        return ROLE_ADMIN;
    return ROLE_SME;
}

static bool load_user(struct req *rq, const char *sql, const char *hash)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    db_res_t *r = db_query(rq->db, sql, "ss", hash, now);
    bool ok = r && db_res_rows(r) == 1;
    if (ok) {
        rq->user.id = db_res_int(r, 0, 0);
        str_copy(rq->user.email, sizeof rq->user.email, db_res_text(r, 0, 1));
        str_copy(rq->user.name, sizeof rq->user.name, db_res_text(r, 0, 2));
        rq->user.role = role_from(db_res_text(r, 0, 3));
        rq->logged_in = true;
    }
    db_res_free(r);
    return ok;
}

void session_load(struct req *rq, struct resp *rs)
{
    (void)rs;
    const char *auth = req_header(rq, "Authorization");
    if (auth && str_starts(auth, "Bearer ")) {
        const char *tok = auth + 7;
        char h[65];
        if (valid_token(tok)) {
            token_hash(tok, h);
            if (load_user(rq,
                          "SELECT u.id, u.email, u.name, u.role FROM api_tokens t JOIN users u "
                          "ON u.id = t.user_id WHERE t.token_hash = ? AND t.expires_at > ? AND "
                          "u.disabled = 0",
                          h))
                rq->via_token = true;
        }
    } else {
        const char *tok = kv_get(&rq->cookies, "otasuke_session");
        if (valid_token(tok)) {
            token_hash(tok, rq->session_hash);
            if (!load_user(rq,
                           "SELECT u.id, u.email, u.name, u.role FROM sessions s JOIN users u "
                           "ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? "
                           "AND u.disabled = 0",
                           rq->session_hash))
                rq->session_hash[0] = '\0';
        }
    }
    const char *c = kv_get(&rq->cookies, "otasuke_csrf");
    if (valid_token(c)) {
        str_copy(rq->csrf, sizeof rq->csrf, c);
    } else if (!str_starts(rq->path, "/api/")) {
        /* Pages carry forms and need a token; API answers carry none. */
        token_new(rq->csrf, 32);
        rq->csrf_new = true;
    }
}

bool csrf_ok(const struct req *rq)
{
    const char *cookie = kv_get(&rq->cookies, "otasuke_csrf");
    const char *sent = kv_get(&rq->form, "_csrf");
    if (!sent)
        sent = req_header(rq, "X-CSRF-Token");
    if (!valid_token(cookie) || !sent || strlen(sent) != 64)
        return false;
    return sodium_memcmp(cookie, sent, 64) == 0;
}

int session_start(struct req *rq, struct resp *rs, int64_t user_id)
{
    char tok[65], hash[65], now[TIME_ISO_LEN], exp[TIME_ISO_LEN];
    token_new(tok, 32);
    token_hash(tok, hash);
    time_t t = time(NULL);
    time_iso(now, t);
    time_iso(exp, t + SESSION_DAYS * 86400);
    if (rq->session_hash[0])
        db_exec(rq->db, "DELETE FROM sessions WHERE token_hash = ?", "s", rq->session_hash);
    if (db_exec(rq->db,
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
                "VALUES (?, ?, ?, ?)",
                "siss", hash, user_id, now, exp) < 0) {
        log_error("session insert: %s", db_errmsg(rq->db));
        return -1;
    }
    db_exec(rq->db, "DELETE FROM sessions WHERE expires_at < ?", "s", now);
    str_copy(rq->session_hash, sizeof rq->session_hash, hash);
    resp_cookie(rq, rs, "otasuke_session", tok, SESSION_DAYS * 86400, true);
    /* A new CSRF token at login so that one planted before login is useless after it. */
    token_new(rq->csrf, 32);
    rq->csrf_new = true;
    return 0;
}

void session_end(struct req *rq, struct resp *rs)
{
    if (rq->session_hash[0])
        db_exec(rq->db, "DELETE FROM sessions WHERE token_hash = ?", "s", rq->session_hash);
    resp_cookie(rq, rs, "otasuke_session", "", -1, true);
    rq->logged_in = false;
    rq->session_hash[0] = '\0';
}

int password_hash(const char *password, char out[128])
{
    _Static_assert(crypto_pwhash_STRBYTES <= 128, "hash buffer");
    return crypto_pwhash_str(out, password, strlen(password), PW_OPSLIMIT, PW_MEMLIMIT);
}

bool password_verify(const char *hash, const char *password)
{
    return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool login_throttled(struct req *rq, const char *email)
{
    char since[TIME_ISO_LEN];
    time_iso(since, time(NULL) - LOGIN_WINDOW_MIN * 60);
    db_res_t *r = db_query(rq->db,
                           "SELECT (SELECT COUNT(*) FROM login_attempts WHERE email = ? AND ok = 0 "
                           "AND at > ?), (SELECT COUNT(*) FROM login_attempts WHERE ip = ? AND "
                           "ok = 0 AND at > ?)",
                           "ssss", email, since, rq->remote_ip, since);
    bool t = r && (db_res_int(r, 0, 0) >= LOGIN_MAX_FAILURES ||
                   db_res_int(r, 0, 1) >= LOGIN_MAX_FAILURES * 4);
    db_res_free(r);
    return t;
}

void login_record(struct req *rq, const char *email, bool ok)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    db_exec(rq->db, "INSERT INTO login_attempts (email, ip, ok, at) VALUES (?, ?, ?, ?)", "ssbs",
            email, rq->remote_ip, ok, now);
    if (ok)
        db_exec(rq->db, "DELETE FROM login_attempts WHERE email = ? AND ok = 0", "s", email);
}

int api_token_create(struct req *rq, int64_t user_id, const char *name, char out[65])
{
    char hash[65], now[TIME_ISO_LEN], exp[TIME_ISO_LEN];
    token_new(out, 32);
    token_hash(out, hash);
    time_t t = time(NULL);
    time_iso(now, t);
    time_iso(exp, t + API_TOKEN_DAYS * 86400);
    return db_exec(rq->db,
                   "INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) "
                   "VALUES (?, ?, ?, ?, ?)",
                   "sisss", hash, user_id, name, now, exp) == 1
               ? 0
               : -1;
}
