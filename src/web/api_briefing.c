/* api_briefing.c - JSON API of briefing sessions: list and create sessions of a program,
 * register (public, rate-limited per address), registrants and attendance (operator). */
#include "form.h"
#include "pages.h"
#include "pages_briefing.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>

static bool is_operator(const struct req *rq)
{
    return rq->logged_in && (rq->user.role == ROLE_OPERATOR || rq->user.role == ROLE_ADMIN);
}

/* A string member, "" when absent; NULL when present but not a string (or null). */
static const char *jstr(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return "";
    return json_string_value(v);
}

static void list_sessions(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    char *name = briefing_program_name(rq, pid);
    if (!name) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    free(name);
    json_t *a = briefing_sessions_json(rq, pid);
    size_t i;
    json_t *s;
    /* The online link is for accepted registrants and the secretariat only. */
    if (!is_operator(rq))
        json_array_foreach(a, i, s) json_object_del(s, "online_url");
    resp_json(rs, 200, json_pack("{s:o}", "sessions", a));
}

static void create_session(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    char *name = briefing_program_name(rq, pid);
    if (!name) {
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    }
    free(name);
    json_t *j = req_json(rq, rs);
    if (!j)
        return;
    /* Numbers may come as JSON numbers or strings; the form checks take text. */
    char num[3][24];
    const char *keys[3] = {"prefecture", "capacity", "waitlist"};
    const char *vals[3];
    for (size_t k = 0; k < 3; k++) {
        json_t *v = json_object_get(j, keys[k]);
        if (json_is_integer(v)) {
            str_fmt(num[k], sizeof num[k], "%lld", (long long)json_integer_value(v));
            vals[k] = num[k];
        } else {
            vals[k] = jstr(j, keys[k]);
        }
    }
    struct briefing_form f = {jstr(j, "venue"),
                              vals[0],
                              jstr(j, "address"),
                              jstr(j, "date"),
                              jstr(j, "start"),
                              jstr(j, "end"),
                              vals[1],
                              vals[2],
                              jstr(j, "reg_from"),
                              jstr(j, "reg_until"),
                              jstr(j, "online_url"),
                              jstr(j, "recording_url")};
    const char *all[] = {f.venue,    f.prefecture, f.address,    f.date,
                         f.start,    f.end,        f.capacity,   f.waitlist,
                         f.reg_from, f.reg_until,  f.online_url, f.recording_url};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        if (!all[k]) {
            json_decref(j);
            resp_json_error(rq, rs, 422, "invalid",
                            "This contains characters that cannot be used.");
            return;
        }
    struct briefing_values v;
    struct briefing_problem pr[16];
    size_t n = briefing_form_check(&f, &v, pr, 16);
    json_decref(j);
    if (n > 0) {
        json_t *fe = json_object();
        for (size_t k = 0; k < n && k < 16; k++)
            if (!json_object_get(fe, pr[k].field))
                json_object_set_new(fe, pr[k].field, json_string(tr(rq, pr[k].msgid)));
        resp_json_invalid(rq, rs, pr[0].msgid, fe);
        return;
    }
    const char *problem = NULL;
    int64_t id = briefing_save_session(rq, pid, 0, &v, &problem);
    json_t *s = id > 0 ? briefing_session_json(rq, id, pid) : NULL;
    if (!s) {
        resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
        return;
    }
    resp_json(rs, 201, s);
}

/* The session of the path, or NULL with a 404 written. */
static json_t *session_or_404(struct req *rq, struct resp *rs)
{
    json_t *s = briefing_session_json(rq, req_param_id(rq, 0), 0);
    if (!s)
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
    return s;
}

static void list_registrations(struct req *rq, struct resp *rs)
{
    json_t *s = session_or_404(rq, rs);
    if (!s)
        return;
    json_decref(s);
    resp_json(
        rs, 200,
        json_pack("{s:o}", "registrations", briefing_registrants_json(rq, req_param_id(rq, 0))));
}

static void register_one(struct req *rq, struct resp *rs)
{
    if (!rq->logged_in && briefing_throttled(rq)) {
        resp_json_error(rq, rs, 429, "throttled",
                        "Too many registrations from your network. Please wait 10 minutes and "
                        "try again.");
        return;
    }
    json_t *s = session_or_404(rq, rs);
    if (!s)
        return;
    json_decref(s);
    json_t *j = req_json(rq, rs);
    if (!j)
        return;
    bool linked = rq->logged_in && rq->user.role == ROLE_ADVISOR;
    const char *name = jstr(j, "name"), *email = linked ? rq->user.email : jstr(j, "email");
    const char *qual = jstr(j, "qualification");
    const char *field = NULL, *msg = NULL;
    if (!name || *check_text(name, 1, BRIEFING_NAME_MAX) || strchr(name, '\n') ||
        strchr(name, '\r') || strchr(name, '\t')) {
        field = "name";
        msg = name && !*name ? N_("This field is required.") : N_("Please check your name.");
    } else if (!email || *check_email(email)) {
        field = "email";
        msg = email ? check_email(email) : N_("Please enter your e-mail address.");
    } else if (!qual || !briefing_valid_qualification(qual)) {
        field = "qualification";
        msg = N_("Please choose your qualification.");
    }
    if (field) {
        json_decref(j);
        resp_json_invalid(rq, rs, msg, json_pack("{s:s}", field, tr(rq, msg)));
        return;
    }
    struct briefing_reg in = {name, email, qual, linked ? rq->user.id : 0, rq->lang};
    int64_t reg, pos;
    enum briefing_outcome o = briefing_register(rq, req_param_id(rq, 0), &in, &reg, &pos);
    json_decref(j);
    switch (o) {
    case BO_ACCEPTED:
    case BO_WAITLISTED:
    case BO_REFUSED:
        resp_json(rs, 201,
                  json_pack("{s:I,s:s,s:I,s:s}", "id", (json_int_t)reg, "status",
                            o == BO_ACCEPTED     ? "accepted"
                            : o == BO_WAITLISTED ? "waitlisted"
                                                 : "refused",
                            "position", (json_int_t)pos, "message",
                            tr(rq, briefing_outcome_msgid(o))));
        return;
    case BO_DUPLICATE:
        resp_json_error(rq, rs, 409, "duplicate", briefing_outcome_msgid(o));
        return;
    case BO_NOT_YET:
    case BO_CLOSED:
        resp_json_error(rq, rs, 422, o == BO_NOT_YET ? "not_open_yet" : "closed",
                        briefing_outcome_msgid(o));
        return;
    case BO_CANCELLED:
        resp_json_error(rq, rs, 422, "cancelled", briefing_outcome_msgid(o));
        return;
    case BO_NOT_FOUND:
        resp_json_error(rq, rs, 404, "not_found", "Not found.");
        return;
    case BO_ERROR:
        break;
    }
    resp_json_error(rq, rs, 500, "error", "Something went wrong. Please try again.");
}

static void set_attendance(struct req *rq, struct resp *rs)
{
    json_t *s = session_or_404(rq, rs);
    if (!s)
        return;
    json_decref(s);
    json_t *j = req_json(rq, rs);
    if (!j)
        return;
    json_t *a = json_object_get(j, "attended");
    if (!json_is_array(a)) {
        json_decref(j);
        resp_json_error(rq, rs, 422, "invalid",
                        "Please send the attended registrations as a list.");
        return;
    }
    size_t n = json_array_size(a);
    int64_t *ids = calloc(n + 1, sizeof *ids);
    size_t m = 0;
    for (size_t i = 0; ids && i < n; i++)
        if (json_is_integer(json_array_get(a, i)))
            ids[m++] = json_integer_value(json_array_get(a, i));
    json_decref(j);
    int rc = ids ? briefing_set_attendance(rq, req_param_id(rq, 0), ids, m) : -1;
    free(ids);
    if (rc != 0) {
        resp_json_error(rq, rs, 409, "cancelled",
                        "Attendance cannot be recorded for a cancelled session.");
        return;
    }
    db_res_t *r = db_query(rq->db,
                           "SELECT COUNT(*) FROM briefing_registrations WHERE session_id = ? AND "
                           "attended = 1",
                           "i", req_param_id(rq, 0));
    int64_t cnt = r ? db_res_int(r, 0, 0) : 0;
    db_res_free(r);
    resp_json(rs, 200, json_pack("{s:I}", "attended", (json_int_t)cnt));
}

void api_briefing_register(struct app *app)
{
    const unsigned op = R_OPERATOR | R_ADMIN | R_API;
    route_add(app, "GET", "/api/v1/programs/:id/briefings", R_PUBLIC | R_API, list_sessions);
    route_add(app, "POST", "/api/v1/programs/:id/briefings", op, create_session);
    route_add(app, "GET", "/api/v1/briefings/:id/registrations", op, list_registrations);
    route_add(app, "POST", "/api/v1/briefings/:id/registrations", R_PUBLIC | R_API, register_one);
    route_add(app, "POST", "/api/v1/briefings/:id/attendance", op, set_attendance);
}
