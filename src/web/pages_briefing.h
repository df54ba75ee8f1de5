/* pages_briefing.h - briefing sessions for experts: input checks, registration with
 * automatic wait-list and refusal, promotion, cancellation, attendance, table-1 counts.
 *
 * Registration state machine (briefing_registrations.status):
 *   register: seats left -> accepted; full and wait-list room -> waitlisted; else refused
 *   waitlisted -> accepted   (first in id order, when an accepted one cancels or the
 *                             operator raises the capacity)
 *   accepted | waitlisted -> cancelled (by the registrant)
 * The session row's accepted/waitlisted counters are changed only inside one transaction
 * that first locks the session row, with guarded UPDATEs, so counters and rows agree and
 * parallel requests cannot over-fill capacity or wait-list (SQLite: BEGIN IMMEDIATE).
 */
#ifndef OTASUKE_PAGES_BRIEFING_H
#define OTASUKE_PAGES_BRIEFING_H

#include "web.h"

#include <stdbool.h>
#include <stdint.h>

#define BRIEFING_NAME_MAX 100     /* characters */
#define BRIEFING_VENUE_MAX 100    /* characters */
#define BRIEFING_ADDRESS_MAX 200  /* characters */
#define BRIEFING_URL_MAX 500      /* bytes */
#define BRIEFING_REASON_MAX 1000  /* characters */
#define BRIEFING_IP_MAX 30        /* anonymous registration attempts per address ... */
#define BRIEFING_IP_WINDOW_MIN 10 /* ... within this many minutes */

/* ---- pages_briefing_input.c: pure checks of the session form (fuzzed) ---- */

struct briefing_form {
    const char *venue, *prefecture, *address, *date, *start, *end, *capacity, *waitlist, *reg_from,
        *reg_until, *online_url, *recording_url;
};

struct briefing_values {
    char venue[512];
    int prefecture; /* 0: online only */
    char address[1024];
    char starts_at[17], ends_at[17]; /* "YYYY-MM-DDTHH:MM" local time */
    int64_t capacity, waitlist;
    char reg_from[11], reg_until[11];
    char online_url[BRIEFING_URL_MAX + 1], recording_url[BRIEFING_URL_MAX + 1];
};

/* One problem: the form field and a msgid. */
struct briefing_problem {
    const char *field, *msgid;
};

/* Checks every field; fills out (valid only when 0 is returned) and up to max problems.
 * Returns the number of problems found (may exceed max; only max are stored). */
size_t briefing_form_check(const struct briefing_form *f, struct briefing_values *out,
                           struct briefing_problem *problems, size_t max);
/* "" or a msgid: an http(s) URL without spaces or control characters, or empty. */
const char *briefing_check_url(const char *s);
/* true for "HH:MM", 00:00-23:59. */
bool briefing_valid_time(const char *s);
/* 'riss', 'itc' or 'other'. */
bool briefing_valid_qualification(const char *s);

/* ---- pages_briefing_store.c ---- */

enum briefing_outcome {
    BO_ACCEPTED,
    BO_WAITLISTED,
    BO_REFUSED,
    BO_DUPLICATE, /* this e-mail already registered for the session */
    BO_NOT_YET,   /* before the registration window */
    BO_CLOSED,    /* after the registration window */
    BO_CANCELLED, /* the session was cancelled */
    BO_NOT_FOUND,
    BO_ERROR,
};

struct briefing_reg {
    const char *name, *email, *qualification; /* checked by the caller */
    int64_t user_id;                          /* 0: anonymous */
    const char *lang;
};

/* The session as JSON for pages and the API (dates formatted, seats left, window state), or
 * NULL when it does not exist (or not in program_id, when program_id > 0). */
json_t *briefing_session_json(struct req *rq, int64_t session_id, int64_t program_id);
/* Sessions of a program, oldest first (same objects). */
json_t *briefing_sessions_json(struct req *rq, int64_t program_id);
/* The program's name, or NULL (404) when it does not exist; free with free(). */
char *briefing_program_name(struct req *rq, int64_t program_id);

/* Registers and mails the outcome; *reg_id and *position (wait-list, 1-based) set when
 * created. The msgid explaining a refusal of the request itself: briefing_outcome_msgid. */
enum briefing_outcome briefing_register(struct req *rq, int64_t session_id,
                                        const struct briefing_reg *in, int64_t *reg_id,
                                        int64_t *position);
const char *briefing_outcome_msgid(enum briefing_outcome o);
const char *briefing_status_msgid(const char *status);
const char *briefing_qualification_msgid(const char *q);

/* Cancels an accepted or waitlisted registration (the caller checked it is the user's own);
 * promotes the first waitlisted one when a seat frees up and mails it. 0, or -1 when it was
 * not cancellable. */
int briefing_cancel_registration(struct req *rq, int64_t reg_id);
/* The accepted or waitlisted registration whose mailed cancel link carries token, or -1. */
int64_t briefing_registration_by_token(struct req *rq, const char *token);
/* Closes the wait-list (after the event, or when no seat will free up): every waitlisted
 * registration becomes refused and is mailed the apology with the recording link; later
 * registrations of a full session are refused. Returns how many were refused, or -1. */
int64_t briefing_close_waitlist(struct req *rq, int64_t session_id);
/* Cancels the session and mails every registrant (not those who cancelled). 0 or -1. */
int briefing_cancel_session(struct req *rq, int64_t session_id, const char *reason);
/* Creates (session_id 0) or updates a session. Raising the capacity or the wait-list
 * promotes waitlisted registrants (mailed). Returns the id, or -1 with *problem set to a
 * msgid when capacity/wait-list would drop below what is already taken. */
int64_t briefing_save_session(struct req *rq, int64_t program_id, int64_t session_id,
                              const struct briefing_values *v, const char **problem);
/* Sets attended=1 exactly for the accepted registrations in ids (others 0), in one
 * transaction. 0 or -1. */
int briefing_set_attendance(struct req *rq, int64_t session_id, const int64_t *ids, size_t n);
/* Registrants of a session (id order): [{id,name,email,qualification,status,attended,...}]. */
json_t *briefing_registrants_json(struct req *rq, int64_t session_id);
/* Table 1: {"rows":[{date,venue,cancelled,capacity,applications,accepted,waitlisted,
 * refused,withdrawn,attended}], "totals":{...}}. */
json_t *briefing_table1_json(struct req *rq, int64_t program_id);
/* Per-address limit for anonymous registrations: records this attempt and returns true
 * when the address made too many. */
bool briefing_throttled(struct req *rq);

#endif
