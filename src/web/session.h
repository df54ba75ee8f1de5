/* session.h - sessions (cookie), API tokens, CSRF tokens, password hashing, login throttle. */
#ifndef OTASUKE_SESSION_H
#define OTASUKE_SESSION_H

#include "web.h"

#define SESSION_DAYS 14
#define API_TOKEN_DAYS 90
#define LOGIN_MAX_FAILURES 5 /* per e-mail within LOGIN_WINDOW_MIN */
#define LOGIN_WINDOW_MIN 15

/* Reads the session cookie or bearer token and fills rq->user; ensures a CSRF token. */
void session_load(struct req *rq, struct resp *rs);
/* Starts a session for user_id: new cookie, new CSRF token. 0 or -1. */
int session_start(struct req *rq, struct resp *rs, int64_t user_id);
void session_end(struct req *rq, struct resp *rs);
bool csrf_ok(const struct req *rq);

/* argon2id (libsodium crypto_pwhash_str, t=2, m=19 MiB). 0 or -1. */
int password_hash(const char *password, char out[128]);
bool password_verify(const char *hash, const char *password);

/* true if this e-mail or address had too many failures recently. */
bool login_throttled(struct req *rq, const char *email);
void login_record(struct req *rq, const char *email, bool ok);

/* Random token as hex (2*nbytes+1) and its SHA-256 hex (65) for storage. */
void token_new(char *hex, size_t nbytes);
void token_hash(const char *token, char out[65]);

/* Creates an API token for user_id; writes it (hex) to out[65]. 0 or -1. */
int api_token_create(struct req *rq, int64_t user_id, const char *name, char out[65]);

#endif
