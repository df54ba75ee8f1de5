/* pages_briefing_store.c - briefing sessions in the database: registration with automatic
 * wait-list and refusal, promotion, cancellation, attendance, table 1, and their mails.
 * The state machine and the locking rule are described in pages_briefing.h. */
#include "log.h"
#include "mailer.h"
#include "pages_briefing.h"
#include "pref_options.h"
#include "session.h"
#include "str.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>

/* Locks the session row for the rest of the transaction (PostgreSQL row lock; SQLite's
 * BEGIN IMMEDIATE already serializes writers). 1 when the open session exists. */
static int64_t lock_session(struct req *rq, int64_t sid)
{
    return db_exec(rq->db,
                   "UPDATE briefing_sessions SET accepted = accepted WHERE id = ? AND status = "
                   "'open'",
                   "i", sid);
}

#define SESSION_COLS                                                                               \
    "SELECT id, program_id, venue, prefecture, address, starts_at, ends_at, capacity, "            \
    "waitlist_size, accepted, waitlisted, register_from, register_until, online_url, "             \
    "recording_url, status, cancel_reason FROM briefing_sessions "

static json_t *session_row(struct req *rq, const db_res_t *r, size_t i)
{
    const char *st = db_res_text(r, i, 5), *en = db_res_text(r, i, 6);
    char date[11] = "", start[6] = "", end[6] = "", when[64];
    if (strlen(st) == 16 && strlen(en) == 16) {
        memcpy(date, st, 10);
        memcpy(start, st + 11, 5);
        memcpy(end, en + 11, 5);
    }
    str_fmt(when, sizeof when, "%s %s–%s", date, start, end);
    int64_t cap = db_res_int(r, i, 7), wl = db_res_int(r, i, 8);
    int64_t acc = db_res_int(r, i, 9), wtd = db_res_int(r, i, 10);
    const char *from = db_res_text(r, i, 11), *until = db_res_text(r, i, 12);
    char today[11];
    time_jst_date(today, time(NULL), 0);
    bool cancelled = str_eq(db_res_text(r, i, 15), "cancelled");
    const char *window = strcmp(today, from) < 0    ? "not_yet"
                         : strcmp(today, until) > 0 ? "closed"
                                                    : "open";
    int pref = (int)db_res_int(r, i, 3);
    json_t *j = json_pack(
        "{s:I,s:I,s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:b,"
        "s:s}",
        "id", (json_int_t)db_res_int(r, i, 0), "program_id", (json_int_t)db_res_int(r, i, 1),
        "venue", db_res_text(r, i, 2), "prefecture", pref, "prefecture_name",
        pref > 0 ? pref_name_lang(rq->lang, pref) : "", "address", db_res_text(r, i, 4), "date",
        date, "start", start, "end", end, "when", when, "capacity", (json_int_t)cap,
        "waitlist_size", (json_int_t)wl, "accepted", (json_int_t)acc, "waitlisted", (json_int_t)wtd,
        "seats_left", (json_int_t)(cap - acc), "waitlist_left", (json_int_t)(wl - wtd),
        "register_from", from, "register_until", until, "window", window, "online_url",
        db_res_text(r, i, 13), "recording_url", db_res_text(r, i, 14), "cancelled", cancelled,
        "cancel_reason", db_res_text(r, i, 16));
    json_object_set_new(j, "registering", json_boolean(!cancelled && str_eq(window, "open")));
    return j;
}

json_t *briefing_session_json(struct req *rq, int64_t session_id, int64_t program_id)
{
    db_res_t *r = program_id > 0 ? db_query(rq->db, SESSION_COLS "WHERE id = ? AND program_id = ?",
                                            "ii", session_id, program_id)
                                 : db_query(rq->db, SESSION_COLS "WHERE id = ?", "i", session_id);
    json_t *j = r && db_res_rows(r) == 1 ? session_row(rq, r, 0) : NULL;
    db_res_free(r);
    return j;
}

json_t *briefing_sessions_json(struct req *rq, int64_t program_id)
{
    db_res_t *r = db_query(rq->db, SESSION_COLS "WHERE program_id = ? ORDER BY starts_at, id", "i",
                           program_id);
    json_t *a = json_array();
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_array_append_new(a, session_row(rq, r, i));
    db_res_free(r);
    return a;
}

char *briefing_program_name(struct req *rq, int64_t program_id)
{
    if (program_id <= 0)
        return NULL;
    db_res_t *r = db_query(rq->db, "SELECT name FROM programs WHERE id = ?", "i", program_id);
    char *s = r && db_res_rows(r) == 1 ? strdup(db_res_text(r, 0, 0)) : NULL;
    db_res_free(r);
    return s;
}

const char *briefing_outcome_msgid(enum briefing_outcome o)
{
    switch (o) {
    case BO_ACCEPTED:
        return N_("Your seat is confirmed. We have sent you a mail with the date, the venue and "
                  "the online link.");
    case BO_WAITLISTED:
        return N_("The session is full, so you are on the wait-list. We have sent you a mail "
                  "with your position. If a seat becomes free, it is given to you automatically.");
    case BO_REFUSED:
        return N_("We are sorry: the session and its wait-list are full. We have sent you a "
                  "mail with a link to the recording.");
    case BO_DUPLICATE:
        return N_("This e-mail address is already registered for this session. Please check "
                  "the mail we sent you.");
    case BO_NOT_YET:
        return N_("Registration for this session has not opened yet.");
    case BO_CLOSED:
        return N_("Registration for this session has closed.");
    case BO_CANCELLED:
        return N_("This session has been cancelled, so registration is not possible.");
    case BO_NOT_FOUND:
        return N_("Not found.");
    case BO_ERROR:
        break;
    }
    return N_("Something went wrong. Please try again.");
}

const char *briefing_status_msgid(const char *status)
{
    if (str_eq(status, "accepted"))
        return N_("Seat confirmed");
    if (str_eq(status, "waitlisted"))
        return N_("On the wait-list");
    if (str_eq(status, "refused"))
        return N_("Refused (full)");
    return N_("Cancelled by the registrant");
}

const char *briefing_qualification_msgid(const char *q)
{
    if (str_eq(q, "riss"))
        return N_("Registered Information Security Specialist (RISS)");
    if (str_eq(q, "itc"))
        return N_("IT coordinator");
    return N_("Other");
}

/* ---- mail ---- */

/* Appends tr(msgid) with "{key}" replaced by value. */
static void put_tr1(buf_t *b, struct req *rq, const char *msgid, const char *key, const char *value)
{
    const char *t = tr(rq, msgid), *at = strstr(t, key);
    if (!at) {
        buf_puts(b, t);
        return;
    }
    buf_append(b, t, (size_t)(at - t));
    buf_puts(b, value);
    buf_puts(b, at + strlen(key));
}

enum mail_kind {
    MK_ACCEPTED,
    MK_WAITLISTED,
    MK_REFUSED,
    MK_PROMOTED,
    MK_SESSION_CANCELLED,
    MK_WAITLIST_CLOSED,
};

/* Mails one registrant about its registration, in the registrant's language; token (or
 * NULL) is the raw cancel token whose hash was just stored. */
static void mail_registrant(struct req *rq, int64_t reg_id, enum mail_kind kind, const char *token)
{
    db_res_t *r = db_query(
        rq->db,
        "SELECT r.email, r.name, r.lang, r.user_id, s.venue, s.prefecture, s.address, "
        "s.starts_at, s.ends_at, s.online_url, s.recording_url, s.cancel_reason, p.name, "
        "(SELECT COUNT(*) FROM briefing_registrations w WHERE w.session_id = r.session_id AND "
        "w.status = 'waitlisted' AND w.id <= r.id) FROM briefing_registrations r JOIN "
        "briefing_sessions s ON s.id = r.session_id JOIN programs p ON p.id = s.program_id "
        "WHERE r.id = ?",
        "i", reg_id);
    if (!r || db_res_rows(r) != 1) {
        log_error("briefing mail %lld: %s", (long long)reg_id, db_errmsg(rq->db));
        db_res_free(r);
        return;
    }
    const char *saved = rq->lang;
    rq->lang = str_eq(db_res_text(r, 0, 2), "en") ? "en" : "ja";
    const char *online = db_res_text(r, 0, 9), *recording = db_res_text(r, 0, 10);
    const char *subject = "";
    buf_t b;
    buf_init(&b);
    put_tr1(&b, rq, N_("Dear {name},"), "{name}", db_res_text(r, 0, 1));
    buf_puts(&b, "\n\n");
    switch (kind) {
    case MK_ACCEPTED:
        subject = N_("Your seat at the briefing session is confirmed");
        buf_puts(&b, tr(rq, "Thank you for registering. Your seat at the briefing session below "
                            "is confirmed."));
        break;
    case MK_PROMOTED:
        subject = N_("A seat became free: your seat is confirmed");
        buf_puts(&b, tr(rq, "A seat at the briefing session below became free, and it is now "
                            "yours. Your seat is confirmed."));
        break;
    case MK_WAITLISTED: {
        char pos[24];
        str_fmt(pos, sizeof pos, "%lld", (long long)db_res_int(r, 0, 13));
        subject = N_("You are on the wait-list for the briefing session");
        put_tr1(&b, rq,
                N_("The briefing session below is full, so you are on the wait-list: you are "
                   "number {position}. If a seat becomes free, it is given to you automatically "
                   "and we will mail you."),
                "{position}", pos);
        break;
    }
    case MK_REFUSED:
        subject = N_("We are sorry: the briefing session is full");
        buf_puts(&b, tr(rq, "We are sorry, but the briefing session below and its wait-list are "
                            "full, so we cannot accept your registration."));
        break;
    case MK_WAITLIST_CLOSED:
        subject = N_("We are sorry: no seat became free at the briefing session");
        buf_puts(&b, tr(rq, "We are sorry, but no seat became free at the briefing session below, "
                            "and the wait-list is now closed, so we cannot offer you a seat."));
        break;
    case MK_SESSION_CANCELLED:
        subject = N_("The briefing session has been cancelled");
        buf_puts(&b, tr(rq, "We are sorry to tell you that the briefing session below has been "
                            "cancelled."));
        break;
    }
    const char *st = db_res_text(r, 0, 7), *en = db_res_text(r, 0, 8);
    int pref = (int)db_res_int(r, 0, 5);
    buf_printf(&b, "\n\n%s: %s\n%s: %.10s %.5s–%.5s\n%s: %s%s%s\n", tr(rq, "Program"),
               db_res_text(r, 0, 12), tr(rq, "Date and time"), st, strlen(st) == 16 ? st + 11 : "",
               strlen(en) == 16 ? en + 11 : "", tr(rq, "Venue"), db_res_text(r, 0, 4),
               pref > 0 ? " / " : "", pref > 0 ? pref_name_lang(rq->lang, pref) : "");
    if (*db_res_text(r, 0, 6))
        buf_printf(&b, "%s: %s\n", tr(rq, "Venue address"), db_res_text(r, 0, 6));
    if (kind == MK_SESSION_CANCELLED && *db_res_text(r, 0, 11))
        buf_printf(&b, "%s: %s\n", tr(rq, "Reason"), db_res_text(r, 0, 11));
    buf_puts(&b, "\n");
    if ((kind == MK_ACCEPTED || kind == MK_PROMOTED) && *online)
        buf_printf(&b, "%s\n%s\n\n",
                   tr(rq, "You can also take part online with this link (please do not pass it "
                          "on):"),
                   online);
    if (kind == MK_REFUSED || kind == MK_SESSION_CANCELLED || kind == MK_WAITLIST_CLOSED) {
        if (*recording)
            buf_printf(&b, "%s\n%s\n\n",
                       tr(rq, "You can watch the recording of the briefing here:"), recording);
        else if (*online && kind != MK_SESSION_CANCELLED)
            buf_printf(&b, "%s\n%s\n\n", tr(rq, "You can follow the session online here:"), online);
    }
    if (kind == MK_ACCEPTED || kind == MK_PROMOTED || kind == MK_WAITLISTED) {
        buf_puts(&b, tr(rq, "If you cannot come, please cancel your registration so that the "
                            "next person on the wait-list gets your seat."));
        buf_puts(&b, "\n");
        if (token)
            buf_printf(&b, "%s/briefings/cancel?token=%s\n", rq->app->cfg.base_url, token);
        else if (!db_res_isnull(r, 0, 3))
            buf_printf(&b, "%s/expert/briefings\n", rq->app->cfg.base_url);
        else
            buf_printf(&b, "%s\n", tr(rq, "To cancel, please reply to this mail."));
    }
    web_send_mail(rq, db_res_text(r, 0, 0), tr(rq, subject), buf_cstr(&b));
    buf_free(&b);
    rq->lang = saved;
    db_res_free(r);
}

/* ---- state changes ---- */

/* Promotions of one request, mailed after commit with a new cancel link each. */
struct promos {
    struct promo {
        int64_t id;
        char token[65];
    } * v;
    size_t n, cap;
};

static void promos_mail(struct req *rq, struct promos *p)
{
    for (size_t i = 0; i < p->n; i++)
        mail_registrant(rq, p->v[i].id, MK_PROMOTED, p->v[i].token);
    free(p->v);
    *p = (struct promos){0};
}

/* Gives free seats to the first waitlisted registrations (id order), inside the caller's
 * transaction; each gets a new cancel token and is added to p (for the mails after
 * commit). */
static int promote_fill(struct req *rq, int64_t sid, struct promos *p)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    for (;;) {
        int64_t ch = db_exec(rq->db,
                             "UPDATE briefing_sessions SET accepted = accepted + 1, waitlisted = "
                             "waitlisted - 1 WHERE id = ? AND accepted < capacity AND "
                             "waitlisted > 0",
                             "i", sid);
        if (ch < 0)
            return -1;
        if (ch == 0)
            return 0;
        db_res_t *r = db_query(rq->db,
                               "SELECT id FROM briefing_registrations WHERE session_id = ? AND "
                               "status = 'waitlisted' ORDER BY id LIMIT 1",
                               "i", sid);
        int64_t id = r && db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : -1;
        db_res_free(r);
        if (p->n == p->cap) {
            size_t cap = p->cap ? p->cap * 2 : 8;
            struct promo *v = realloc(p->v, cap * sizeof *v);
            if (!v)
                return -1;
            p->v = v;
            p->cap = cap;
        }
        struct promo *pr = &p->v[p->n];
        char hash[65];
        token_new(pr->token, 32);
        token_hash(pr->token, hash);
        if (id < 0 || db_exec(rq->db,
                              "UPDATE briefing_registrations SET status = 'accepted', "
                              "promoted_at = ?, cancel_token = ? WHERE id = ? AND status = "
                              "'waitlisted'",
                              "ssi", now, hash, id) != 1)
            return -1; /* counter and rows disagree: roll back */
        pr->id = id;
        p->n++;
    }
}

enum briefing_outcome briefing_register(struct req *rq, int64_t session_id,
                                        const struct briefing_reg *in, int64_t *reg_id,
                                        int64_t *position)
{
    char email[256], now[TIME_ISO_LEN], today[11];
    str_copy(email, sizeof email, in->email);
    for (char *c = email; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    time_now_iso(now);
    time_jst_date(today, time(NULL), 0);
    *reg_id = -1;
    *position = 0;
    if (db_begin(rq->db) != 0)
        return BO_ERROR;
    enum briefing_outcome o = BO_ERROR;
    db_res_t *r = NULL;
    if (lock_session(rq, session_id) < 0)
        goto fail;
    r = db_query(rq->db,
                 "SELECT status, register_from, register_until, (SELECT COUNT(*) FROM "
                 "briefing_registrations WHERE session_id = ? AND email = ?) FROM "
                 "briefing_sessions WHERE id = ?",
                 "isi", session_id, email, session_id);
    if (!r)
        goto fail;
    if (db_res_rows(r) != 1)
        o = BO_NOT_FOUND;
    else if (str_eq(db_res_text(r, 0, 0), "cancelled"))
        o = BO_CANCELLED;
    else if (strcmp(today, db_res_text(r, 0, 1)) < 0)
        o = BO_NOT_YET;
    else if (strcmp(today, db_res_text(r, 0, 2)) > 0)
        o = BO_CLOSED;
    else if (db_res_int(r, 0, 3) > 0)
        o = BO_DUPLICATE;
    if (o != BO_ERROR)
        goto fail;
    /* Guarded counters decide the outcome: a seat, else a wait-list place, else refusal. */
    int64_t ch = db_exec(rq->db,
                         "UPDATE briefing_sessions SET accepted = accepted + 1 WHERE id = ? AND "
                         "accepted < capacity",
                         "i", session_id);
    if (ch == 1) {
        o = BO_ACCEPTED;
    } else if (ch == 0) {
        ch = db_exec(rq->db,
                     "UPDATE briefing_sessions SET waitlisted = waitlisted + 1 WHERE id = ? AND "
                     "waitlisted < waitlist_size",
                     "i", session_id);
        o = ch == 1 ? BO_WAITLISTED : BO_REFUSED;
    }
    if (ch < 0)
        goto fail;
    static const char *names[] = {
        [BO_ACCEPTED] = "accepted", [BO_WAITLISTED] = "waitlisted", [BO_REFUSED] = "refused"};
    char uid[24], tok[65], hash[65];
    str_fmt(uid, sizeof uid, "%lld", (long long)in->user_id);
    token_new(tok, 32);
    token_hash(tok, hash);
    *reg_id = db_insert_id(
        rq->db,
        "INSERT INTO briefing_registrations (session_id, email, name, qualification, user_id, "
        "lang, status, cancel_token, ip, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        "isssssssss", session_id, email, in->name, in->qualification, in->user_id > 0 ? uid : NULL,
        in->lang, names[o], o == BO_REFUSED ? NULL : hash, in->user_id > 0 ? "" : rq->remote_ip,
        now);
    if (*reg_id < 0) {
        o = db_err_unique(rq->db) ? BO_DUPLICATE : BO_ERROR;
        goto fail;
    }
    if (db_commit(rq->db) != 0) {
        *reg_id = -1;
        o = BO_ERROR;
        goto fail;
    }
    db_res_free(r);
    if (o == BO_WAITLISTED) {
        r = db_query(rq->db,
                     "SELECT COUNT(*) FROM briefing_registrations WHERE session_id = ? AND "
                     "status = 'waitlisted' AND id <= ?",
                     "ii", session_id, *reg_id);
        *position = r ? db_res_int(r, 0, 0) : 0;
        db_res_free(r);
    }
    mail_registrant(rq, *reg_id,
                    o == BO_ACCEPTED     ? MK_ACCEPTED
                    : o == BO_WAITLISTED ? MK_WAITLISTED
                                         : MK_REFUSED,
                    o == BO_REFUSED ? NULL : tok);
    return o;
fail:
    if (o == BO_ERROR)
        log_error("briefing register %lld: %s", (long long)session_id, db_errmsg(rq->db));
    db_res_free(r);
    db_rollback(rq->db);
    *reg_id = -1;
    return o;
}

int briefing_cancel_registration(struct req *rq, int64_t reg_id)
{
    struct promos p = {0};
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    db_res_t *r =
        db_query(rq->db, "SELECT session_id FROM briefing_registrations WHERE id = ?", "i", reg_id);
    int64_t sid = r && db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : -1;
    db_res_free(r);
    if (sid < 0 || db_begin(rq->db) != 0)
        return -1;
    if (lock_session(rq, sid) != 1)
        goto fail;
    r = db_query(rq->db, "SELECT status FROM briefing_registrations WHERE id = ?", "i", reg_id);
    bool was_accepted = r && db_res_rows(r) == 1 && str_eq(db_res_text(r, 0, 0), "accepted");
    db_res_free(r);
    if (db_exec(rq->db,
                "UPDATE briefing_registrations SET status = 'cancelled', cancelled_at = ?, "
                "cancel_token = NULL WHERE id = ? AND status IN ('accepted', 'waitlisted')",
                "si", now, reg_id) != 1)
        goto fail;
    if (db_exec(rq->db,
                was_accepted
                    ? "UPDATE briefing_sessions SET accepted = accepted - 1 WHERE id = ?"
                    : "UPDATE briefing_sessions SET waitlisted = waitlisted - 1 WHERE id = ?",
                "i", sid) != 1)
        goto fail;
    if (promote_fill(rq, sid, &p) < 0 || db_commit(rq->db) != 0)
        goto fail;
    promos_mail(rq, &p);
    return 0;
fail:
    db_rollback(rq->db);
    free(p.v);
    return -1;
}

int briefing_cancel_session(struct req *rq, int64_t session_id, const char *reason)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (db_exec(rq->db,
                "UPDATE briefing_sessions SET status = 'cancelled', cancel_reason = ?, "
                "cancelled_at = ?, updated_at = ? WHERE id = ? AND status = 'open'",
                "sssi", reason, now, now, session_id) != 1)
        return -1;
    /* Registrants keep the status they had (table 1 counts them like 新潟 (中止)). */
    db_res_t *r = db_query(rq->db,
                           "SELECT id FROM briefing_registrations WHERE session_id = ? AND "
                           "status <> 'cancelled' ORDER BY id",
                           "i", session_id);
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        mail_registrant(rq, db_res_int(r, i, 0), MK_SESSION_CANCELLED, NULL);
    db_res_free(r);
    return 0;
}

int64_t briefing_save_session(struct req *rq, int64_t program_id, int64_t session_id,
                              const struct briefing_values *v, const char **problem)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    *problem = NULL;
    char pref[8];
    str_fmt(pref, sizeof pref, "%d", v->prefecture);
    const char *pref_or_null = v->prefecture > 0 ? pref : NULL; /* NULL: online only */
    if (session_id <= 0) {
        int64_t id = db_insert_id(
            rq->db,
            "INSERT INTO briefing_sessions (program_id, venue, prefecture, address, starts_at, "
            "ends_at, capacity, waitlist_size, register_from, register_until, online_url, "
            "recording_url, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?) RETURNING id",
            "isssssiissssiss", program_id, v->venue, pref_or_null, v->address, v->starts_at,
            v->ends_at, v->capacity, v->waitlist, v->reg_from, v->reg_until, v->online_url,
            v->recording_url, rq->user.id, now, now);
        if (id < 0)
            log_error("briefing create: %s", db_errmsg(rq->db));
        return id;
    }
    struct promos p = {0};
    if (db_begin(rq->db) != 0)
        return -1;
    if (lock_session(rq, session_id) != 1) {
        *problem = N_("A cancelled session cannot be changed.");
        goto fail;
    }
    db_res_t *r = db_query(rq->db,
                           "SELECT accepted, waitlisted FROM briefing_sessions WHERE id = ? AND "
                           "program_id = ?",
                           "ii", session_id, program_id);
    bool found = r && db_res_rows(r) == 1;
    int64_t acc = found ? db_res_int(r, 0, 0) : 0, wtd = found ? db_res_int(r, 0, 1) : 0;
    db_res_free(r);
    if (!found)
        goto fail;
    /* Seats already given stay given: the capacity may not drop below them. Waitlisted
     * registrants that now fit are promoted below, so compare with both together. */
    if (v->capacity < acc) {
        *problem = N_("The capacity cannot be lower than the number of seats already given.");
        goto fail;
    }
    if (v->capacity + v->waitlist < acc + wtd) {
        *problem = N_("The wait-list cannot be shorter than the number of people already on it.");
        goto fail;
    }
    /* The wait-list shrinks by the promotions first, so it is checked after them. */
    if (db_exec(rq->db,
                "UPDATE briefing_sessions SET venue = ?, prefecture = ?, address = ?, starts_at "
                "= ?, ends_at = ?, capacity = ?, waitlist_size = ?, register_from = ?, "
                "register_until = ?, online_url = ?, recording_url = ?, updated_at = ? WHERE id "
                "= ?",
                "sssssiisssssi", v->venue, pref_or_null, v->address, v->starts_at, v->ends_at,
                v->capacity, v->waitlist + wtd, v->reg_from, v->reg_until, v->online_url,
                v->recording_url, now, session_id) != 1 ||
        promote_fill(rq, session_id, &p) < 0 ||
        db_exec(rq->db,
                "UPDATE briefing_sessions SET waitlist_size = ? WHERE id = ? AND waitlisted <= ?",
                "iii", v->waitlist, session_id, v->waitlist) != 1) {
        if (!*problem)
            *problem = N_("The wait-list cannot be shorter than the number of people already "
                          "on it.");
        goto fail;
    }
    if (db_commit(rq->db) != 0)
        goto fail;
    promos_mail(rq, &p);
    return session_id;
fail:
    db_rollback(rq->db);
    free(p.v);
    return -1;
}

int briefing_set_attendance(struct req *rq, int64_t session_id, const int64_t *ids, size_t n)
{
    if (db_begin(rq->db) != 0)
        return -1;
    if (lock_session(rq, session_id) != 1 ||
        db_exec(rq->db, "UPDATE briefing_registrations SET attended = 0 WHERE session_id = ?", "i",
                session_id) < 0)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (db_exec(rq->db,
                    "UPDATE briefing_registrations SET attended = 1 WHERE id = ? AND session_id "
                    "= ? AND status = 'accepted'",
                    "ii", ids[i], session_id) < 0)
            goto fail;
    if (db_commit(rq->db) != 0)
        goto fail;
    return 0;
fail:
    db_rollback(rq->db);
    return -1;
}

json_t *briefing_registrants_json(struct req *rq, int64_t session_id)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT id, name, email, qualification, status, attended, created_at, "
                           "user_id FROM briefing_registrations WHERE session_id = ? ORDER BY id",
                           "i", session_id);
    json_t *a = json_array();
    int64_t pos = 0;
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        const char *st = db_res_text(r, i, 4);
        char date[11] = "";
        memcpy(date, db_res_text(r, i, 6), strlen(db_res_text(r, i, 6)) >= 10 ? 10 : 0);
        bool w = str_eq(st, "waitlisted");
        if (w)
            pos++;
        json_array_append_new(
            a, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:s,s:I,s:b}", "id",
                         (json_int_t)db_res_int(r, i, 0), "name", db_res_text(r, i, 1), "email",
                         db_res_text(r, i, 2), "qualification", db_res_text(r, i, 3),
                         "qualification_label",
                         tr(rq, briefing_qualification_msgid(db_res_text(r, i, 3))), "status", st,
                         "status_label", tr(rq, briefing_status_msgid(st)), "attended",
                         db_res_int(r, i, 5) != 0, "accepted", str_eq(st, "accepted"),
                         "registered_on", date, "position", (json_int_t)(w ? pos : 0), "member",
                         !db_res_isnull(r, i, 7)));
    }
    db_res_free(r);
    return a;
}

json_t *briefing_table1_json(struct req *rq, int64_t program_id)
{
    db_res_t *r = db_query(
        rq->db,
        "SELECT s.id, s.starts_at, s.venue, s.prefecture, s.status, s.capacity, COUNT(r.id), "
        "COALESCE(SUM(CASE WHEN r.status = 'accepted' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.status = 'waitlisted' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.status = 'refused' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.status = 'cancelled' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.status = 'accepted' AND r.attended = 1 THEN 1 ELSE 0 END), 0) "
        "FROM briefing_sessions s LEFT JOIN briefing_registrations r ON r.session_id = s.id "
        "WHERE s.program_id = ? GROUP BY s.id, s.starts_at, s.venue, s.prefecture, s.status, "
        "s.capacity ORDER BY s.starts_at, s.id",
        "i", program_id);
    json_t *rows = json_array();
    int64_t t[7] = {0};
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        bool cancelled = str_eq(db_res_text(r, i, 4), "cancelled");
        int64_t v[7];
        for (size_t k = 0; k < 7; k++)
            v[k] = db_res_int(r, i, 5 + k);
        /* v: capacity, applications, accepted, waitlisted, refused, withdrawn, attended.
         * A cancelled session refuses everyone it had mailed and nobody attended. */
        if (cancelled) {
            v[4] = v[1] - v[5];
            v[6] = 0;
        }
        for (size_t k = 0; k < 7; k++)
            t[k] += v[k];
        char date[11] = "";
        memcpy(date, db_res_text(r, i, 1), strlen(db_res_text(r, i, 1)) >= 10 ? 10 : 0);
        int pref = (int)db_res_int(r, i, 3);
        json_array_append_new(rows, json_pack("{s:I,s:s,s:s,s:s,s:b,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
                                              "id", (json_int_t)db_res_int(r, i, 0), "date", date,
                                              "venue", db_res_text(r, i, 2), "prefecture_name",
                                              pref > 0 ? pref_name_lang(rq->lang, pref) : "",
                                              "cancelled", cancelled, "capacity", (json_int_t)v[0],
                                              "applications", (json_int_t)v[1], "accepted",
                                              (json_int_t)v[2], "waitlisted", (json_int_t)v[3],
                                              "refused", (json_int_t)v[4], "withdrawn",
                                              (json_int_t)v[5], "attended", (json_int_t)v[6]));
    }
    db_res_free(r);
    return json_pack("{s:o,s:{s:I,s:I,s:I,s:I,s:I,s:I,s:I}}", "rows", rows, "totals", "capacity",
                     (json_int_t)t[0], "applications", (json_int_t)t[1], "accepted",
                     (json_int_t)t[2], "waitlisted", (json_int_t)t[3], "refused", (json_int_t)t[4],
                     "withdrawn", (json_int_t)t[5], "attended", (json_int_t)t[6]);
}

bool briefing_throttled(struct req *rq)
{
    char now[TIME_ISO_LEN], since[TIME_ISO_LEN];
    time_t t = time(NULL);
    time_iso(now, t);
    time_iso(since, t - BRIEFING_IP_WINDOW_MIN * 60);
    db_exec(rq->db, "DELETE FROM briefing_attempts WHERE ip = ? AND at <= ?", "ss", rq->remote_ip,
            since);
    db_res_t *r =
        db_query(rq->db, "SELECT COUNT(*) FROM briefing_attempts WHERE ip = ?", "s", rq->remote_ip);
    int64_t n = r ? db_res_int(r, 0, 0) : 0;
    db_res_free(r);
    db_exec(rq->db, "INSERT INTO briefing_attempts (ip, at) VALUES (?, ?)", "ss", rq->remote_ip,
            now);
    return n >= BRIEFING_IP_MAX;
}

int64_t briefing_registration_by_token(struct req *rq, const char *token)
{
    if (strlen(token) != 64)
        return -1;
    for (const char *c = token; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
            return -1;
    char hash[65];
    token_hash(token, hash);
    db_res_t *r = db_query(rq->db,
                           "SELECT id FROM briefing_registrations WHERE cancel_token = ? AND "
                           "status IN ('accepted', 'waitlisted')",
                           "s", hash);
    int64_t id = r && db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : -1;
    db_res_free(r);
    return id;
}

int64_t briefing_close_waitlist(struct req *rq, int64_t session_id)
{
    if (db_begin(rq->db) != 0)
        return -1;
    db_res_t *r = NULL;
    if (lock_session(rq, session_id) != 1)
        goto fail;
    r = db_query(rq->db,
                 "SELECT id FROM briefing_registrations WHERE session_id = ? AND status = "
                 "'waitlisted' ORDER BY id",
                 "i", session_id);
    if (!r ||
        db_exec(rq->db,
                "UPDATE briefing_registrations SET status = 'refused', cancel_token = NULL WHERE "
                "session_id = ? AND status = 'waitlisted'",
                "i", session_id) != (int64_t)db_res_rows(r) ||
        db_exec(rq->db,
                "UPDATE briefing_sessions SET waitlisted = 0, waitlist_size = 0 WHERE id = ? AND "
                "waitlisted = ?",
                "ii", session_id, (int64_t)db_res_rows(r)) != 1 ||
        db_commit(rq->db) != 0)
        goto fail;
    int64_t n = (int64_t)db_res_rows(r);
    for (size_t i = 0; i < db_res_rows(r); i++)
        mail_registrant(rq, db_res_int(r, i, 0), MK_WAITLIST_CLOSED, NULL);
    db_res_free(r);
    return n;
fail:
    db_res_free(r);
    db_rollback(rq->db);
    return -1;
}
