/* pages_expert_flow.c - state changes of the expert registry and of matching (expert_flow.h). */
#include "expert_flow.h"
#include "mailer.h"
#include "expert_store.h"
#include "log.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

#define REASON_MAX 1000

int flow_status(enum flow_result r)
{
    switch (r) {
    case FLOW_OK:
        return 200;
    case FLOW_NOT_FOUND:
        return 404;
    case FLOW_STATE:
    case FLOW_FULL:
        return 409;
    case FLOW_INVALID:
        return 422;
    case FLOW_ERROR:
        break;
    }
    return 500;
}

const char *flow_message(enum flow_result r)
{
    switch (r) {
    case FLOW_OK:
        return N_("Saved.");
    case FLOW_NOT_FOUND:
        return N_("The page you are looking for does not exist or has moved.");
    case FLOW_STATE:
        return N_("This has already been decided or changed. Please reload the page.");
    case FLOW_FULL:
        return N_("This expert has just reached the number of SMEs they can support. Please "
                  "choose another expert.");
    case FLOW_INVALID:
        return N_("Please enter the reason in 1 to 1000 characters.");
    case FLOW_ERROR:
        break;
    }
    return N_("Something went wrong. Please try again.");
}

void flow_json_error(struct req *rq, struct resp *rs, enum flow_result r)
{
    static const char *codes[] = {"ok", "not_found", "conflict", "expert_full", "invalid", "error"};
    resp_json_error(rq, rs, flow_status(r), codes[r], flow_message(r));
}

const char *flow_check_reason(const char *reason)
{
    char tmp[REASON_MAX * 4 + 1];
    if (strlen(reason) >= sizeof tmp)
        return N_("Please enter the reason in 1 to 1000 characters.");
    str_copy(tmp, sizeof tmp, reason);
    str_trim(tmp);
    if (!*tmp || !str_valid_utf8(tmp, strlen(tmp)) || str_utf8_len(tmp) > REASON_MAX)
        return N_("Please enter the reason in 1 to 1000 characters.");
    return "";
}

/* Ends a failed transaction and maps the outcome. */
static enum flow_result fail(struct req *rq, enum flow_result r, const char *what)
{
    if (r == FLOW_ERROR)
        log_error("%s: %s", what, db_errmsg(rq->db));
    db_rollback(rq->db);
    return r;
}

/* ---- registry decisions ---- */

enum flow_result flow_expert_decide(struct req *rq, int64_t expert_id, const char *action,
                                    const char *reason)
{
    const char *from, *to, *subject, *lead;
    bool needs_reason = false;
    if (str_eq(action, "approve")) {
        from = "pending", to = "approved";
        subject = N_("Your expert registration was approved");
        lead = N_("The secretariat has approved your registration as an expert. You can now be "
                  "proposed to SMEs of the guidance program.");
    } else if (str_eq(action, "reject")) {
        from = "pending", to = "rejected", needs_reason = true;
        subject = N_("Your expert registration was not approved");
        lead = N_("The secretariat could not approve your registration as an expert.");
    } else if (str_eq(action, "suspend")) {
        from = "approved", to = "suspended", needs_reason = true;
        subject = N_("Your expert registration was suspended");
        lead = N_("The secretariat has suspended your registration as an expert. You will not "
                  "be proposed to SMEs until it is reinstated.");
    } else if (str_eq(action, "reinstate")) {
        from = "suspended", to = "approved";
        subject = N_("Your expert registration was reinstated");
        lead = N_("The secretariat has reinstated your registration as an expert. You can be "
                  "proposed to SMEs again.");
    } else {
        return FLOW_INVALID;
    }
    if (needs_reason && *flow_check_reason(reason))
        return FLOW_INVALID;
    char now[TIME_ISO_LEN], why[REASON_MAX * 4 + 1];
    str_copy(why, sizeof why, needs_reason ? reason : "");
    str_trim(why);
    time_now_iso(now);
    db_res_t *r = db_query(rq->db, "SELECT status FROM experts WHERE id = ?", "i", expert_id);
    bool found = r && db_res_rows(r) == 1;
    db_res_free(r);
    if (!found)
        return FLOW_NOT_FOUND;
    int64_t n = db_exec(rq->db,
                        "UPDATE experts SET status = ?, decision_reason = ?, decided_at = ?, "
                        "decided_by = ? WHERE id = ? AND status = ?",
                        "sssiis", to, why, now, rq->user.id, expert_id, from);
    if (n < 0)
        return FLOW_ERROR;
    if (n == 0)
        return FLOW_STATE;
    char detail[64];
    str_fmt(detail, sizeof detail, "expert %lld %s", (long long)expert_id, to);
    audit(rq, "expert_decision", 0, detail);
    struct expert_mail m = {.subject = subject, .lead = lead, .link = "/expert"};
    if (needs_reason) {
        m.labels[0] = N_("Reason");
        m.values[0] = why;
        m.tail = N_("If you have questions, please reply to the secretariat.");
    }
    expert_mail(rq, db_query(rq->db, EXPERT_MAIL_EXPERT, "i", expert_id), &m);
    return FLOW_OK;
}

/* ---- proposals ---- */

/* Application app_id: its org, program, status, org name and whether it has an active match. */
struct app_info {
    int64_t org_id, program_id;
    char status[16];
    char org_name[512], program_name[512];
    bool has_match;
};

static int app_load(struct req *rq, int64_t app_id, struct app_info *a)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT a.org_id, a.program_id, a.status, o.name, p.name, (SELECT "
                           "COUNT(*) FROM matches m WHERE m.application_id = a.id AND m.status IN "
                           "('chosen', 'confirmed')) FROM program_applications a JOIN "
                           "organizations o ON o.id = a.org_id JOIN programs p ON p.id = "
                           "a.program_id WHERE a.id = ?",
                           "i", app_id);
    int rc = !r ? -1 : db_res_rows(r) == 1 ? 1 : 0;
    if (rc == 1) {
        a->org_id = db_res_int(r, 0, 0);
        a->program_id = db_res_int(r, 0, 1);
        str_copy(a->status, sizeof a->status, db_res_text(r, 0, 2));
        str_copy(a->org_name, sizeof a->org_name, db_res_text(r, 0, 3));
        str_copy(a->program_name, sizeof a->program_name, db_res_text(r, 0, 4));
        a->has_match = db_res_int(r, 0, 5) > 0;
    }
    db_res_free(r);
    return rc;
}

enum flow_result flow_send_proposals(struct req *rq, int64_t app_id, const int64_t *experts,
                                     const int *scores, const char *const *reasons, size_t n)
{
    struct app_info a;
    int found = app_load(rq, app_id, &a);
    if (found <= 0)
        return found < 0 ? FLOW_ERROR : FLOW_NOT_FOUND;
    if (!str_eq(a.status, "accepted") || a.has_match)
        return FLOW_STATE;
    if (n == 0)
        return FLOW_INVALID;
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (db_begin(rq->db) != 0)
        return FLOW_ERROR;
    /* Checked again inside the transaction: the SME may have chosen meanwhile. */
    db_res_t *cur = db_query(rq->db,
                             "SELECT COUNT(*) FROM matches WHERE application_id = ? AND status "
                             "IN ('chosen', 'confirmed')",
                             "i", app_id);
    int64_t active = cur && db_res_rows(cur) == 1 ? db_res_int(cur, 0, 0) : -1;
    db_res_free(cur);
    if (active != 0)
        return fail(rq, active < 0 ? FLOW_ERROR : FLOW_STATE, "proposals");
    if (db_exec(rq->db,
                "UPDATE match_proposals SET status = 'draft' WHERE application_id = ? AND status "
                "= 'sent'",
                "i", app_id) < 0)
        return fail(rq, FLOW_ERROR, "proposals reset");
    for (size_t i = 0; i < n; i++) {
        db_res_t *r = db_query(rq->db, "SELECT status FROM experts WHERE id = ?", "i", experts[i]);
        bool ok = r && db_res_rows(r) == 1 && str_eq(db_res_text(r, 0, 0), "approved");
        db_res_free(r);
        if (!ok)
            return fail(rq, FLOW_INVALID, "proposal");
        const char *why = reasons && reasons[i] ? reasons[i] : "[]";
        int64_t k =
            db_exec(rq->db,
                    "UPDATE match_proposals SET rank = ?, score = ?, reasons = ?, status "
                    "= 'sent', sent_at = ? WHERE application_id = ? AND expert_id = ?",
                    "iissii", (int64_t)(i + 1), (int64_t)scores[i], why, now, app_id, experts[i]);
        if (k == 0)
            k = db_exec(rq->db,
                        "INSERT INTO match_proposals (application_id, expert_id, rank, score, "
                        "reasons, status, created_at, sent_at) VALUES (?, ?, ?, ?, ?, 'sent', ?, "
                        "?)",
                        "iiiisss", app_id, experts[i], (int64_t)(i + 1), (int64_t)scores[i], why,
                        now, now);
        if (k != 1)
            return fail(rq, FLOW_ERROR, "proposal");
    }
    if (db_commit(rq->db) != 0)
        return fail(rq, FLOW_ERROR, "proposals commit");
    char link[64], detail[64];
    str_fmt(link, sizeof link, "/w/%lld/program/experts", (long long)a.org_id);
    str_fmt(detail, sizeof detail, "application %lld: %zu experts", (long long)app_id, n);
    audit(rq, "proposals_sent", a.org_id, detail);
    struct expert_mail m = {
        .subject = N_("Experts are proposed to you: please choose one"),
        .lead = N_("The secretariat proposes experts for your organization in the guidance "
                   "program. Please read their profiles and choose one on this page:"),
        .labels = {N_("Organization"), N_("Program")},
        .values = {a.org_name, a.program_name},
        .link = link,
    };
    expert_mail(rq, mail_org_members(rq, a.org_id), &m);
    return FLOW_OK;
}

/* ---- the SME's choice ---- */

enum flow_result flow_choose(struct req *rq, int64_t app_id, int64_t expert_id, int64_t *match_id)
{
    struct app_info a;
    int found = app_load(rq, app_id, &a);
    if (found <= 0 || a.org_id != rq->org_id)
        return found < 0 ? FLOW_ERROR : FLOW_NOT_FOUND;
    if (!str_eq(a.status, "accepted") || a.has_match)
        return FLOW_STATE;
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (db_begin(rq->db) != 0)
        return FLOW_ERROR;
    db_res_t *r = db_query(rq->db,
                           "SELECT p.status, e.name FROM match_proposals p JOIN experts e ON e.id "
                           "= p.expert_id WHERE p.application_id = ? AND p.expert_id = ?",
                           "ii", app_id, expert_id);
    if (!r) {
        return fail(rq, FLOW_ERROR, "choose");
    }
    /* Never proposed: not found; proposed but no longer open (another member chose, the
     * operator withdrew it): changed. */
    bool exists = db_res_rows(r) == 1;
    bool proposed = exists && str_eq(db_res_text(r, 0, 0), "sent");
    char expert_name[512] = "";
    if (proposed)
        str_copy(expert_name, sizeof expert_name, db_res_text(r, 0, 1));
    db_res_free(r);
    if (!proposed)
        return fail(rq, exists ? FLOW_STATE : FLOW_NOT_FOUND, "choose");
    /* The guard: no row changes when the expert is full (or no longer approved). */
    int64_t n = db_exec(rq->db,
                        "UPDATE experts SET active = active + 1 WHERE id = ? AND status = "
                        "'approved' AND active < capacity",
                        "i", expert_id);
    if (n < 0)
        return fail(rq, FLOW_ERROR, "choose: active");
    if (n == 0) {
        /* Full, or suspended since the proposal was sent. */
        r = db_query(rq->db, "SELECT status FROM experts WHERE id = ?", "i", expert_id);
        bool approved = r && db_res_rows(r) == 1 && str_eq(db_res_text(r, 0, 0), "approved");
        db_res_free(r);
        return fail(rq, approved ? FLOW_FULL : FLOW_STATE, "choose");
    }
    int64_t id = db_insert_id(rq->db,
                              "INSERT INTO matches (application_id, expert_id, status, chosen_at) "
                              "VALUES (?, ?, 'chosen', ?) RETURNING id",
                              "iis", app_id, expert_id, now);
    if (id < 0)
        /* Another member of the organization chose at the same moment. */
        return fail(rq, db_err_unique(rq->db) ? FLOW_STATE : FLOW_ERROR, "choose: match");
    if (db_exec(rq->db,
                "UPDATE match_proposals SET status = CASE WHEN expert_id = ? THEN 'chosen' ELSE "
                "'not_chosen' END WHERE application_id = ? AND status = 'sent'",
                "ii", expert_id, app_id) < 1)
        return fail(rq, FLOW_ERROR, "choose: proposals");
    if (db_commit(rq->db) != 0)
        return fail(rq, FLOW_ERROR, "choose: commit");
    *match_id = id;
    char detail[64];
    str_fmt(detail, sizeof detail, "match %lld expert %lld", (long long)id, (long long)expert_id);
    audit(rq, "expert_chosen", a.org_id, detail);
    struct expert_mail m = {
        .subject = N_("An SME has chosen you as its expert"),
        .lead = N_("An SME of the guidance program has chosen you as its expert. Please "
                   "confirm or decline on your expert page:"),
        .labels = {N_("Organization"), N_("Program")},
        .values = {a.org_name, a.program_name},
        .link = "/expert",
    };
    expert_mail(rq, db_query(rq->db, EXPERT_MAIL_EXPERT, "i", expert_id), &m);
    char link[64];
    str_fmt(link, sizeof link, "/operator/programs/%lld/matching", (long long)a.program_id);
    struct expert_mail mo = {
        .subject = N_("An SME has chosen its expert"),
        .lead = N_("An SME has chosen its expert. The expert is asked to confirm."),
        .labels = {N_("Organization"), N_("Expert"), N_("Program")},
        .values = {a.org_name, expert_name, a.program_name},
        .link = link,
    };
    expert_mail(rq, db_query(rq->db, EXPERT_MAIL_OPERATORS, "i", rq->user.id), &mo);
    return FLOW_OK;
}

/* ---- the expert's answer ---- */

struct match_info {
    int64_t app_id, expert_id, org_id, program_id;
    char status[16];
    char org_name[512], expert_name[512];
};

/* Match match_id of the logged-in expert (another expert's match is not found). */
static int match_load(struct req *rq, int64_t match_id, struct match_info *m)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT m.application_id, m.expert_id, a.org_id, a.program_id, "
                           "m.status, o.name, e.name FROM matches m JOIN experts e ON e.id = "
                           "m.expert_id JOIN program_applications a ON a.id = m.application_id "
                           "JOIN organizations o ON o.id = a.org_id WHERE m.id = ? AND e.user_id "
                           "= ?",
                           "ii", match_id, rq->user.id);
    int rc = !r ? -1 : db_res_rows(r) == 1 ? 1 : 0;
    if (rc == 1) {
        m->app_id = db_res_int(r, 0, 0);
        m->expert_id = db_res_int(r, 0, 1);
        m->org_id = db_res_int(r, 0, 2);
        m->program_id = db_res_int(r, 0, 3);
        str_copy(m->status, sizeof m->status, db_res_text(r, 0, 4));
        str_copy(m->org_name, sizeof m->org_name, db_res_text(r, 0, 5));
        str_copy(m->expert_name, sizeof m->expert_name, db_res_text(r, 0, 6));
    }
    db_res_free(r);
    return rc;
}

enum flow_result flow_confirm(struct req *rq, int64_t match_id)
{
    struct match_info m;
    int found = match_load(rq, match_id, &m);
    if (found <= 0)
        return found < 0 ? FLOW_ERROR : FLOW_NOT_FOUND;
    if (!str_eq(m.status, "chosen"))
        return FLOW_STATE;
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (db_begin(rq->db) != 0)
        return FLOW_ERROR;
    int64_t n = db_exec(rq->db,
                        "UPDATE matches SET status = 'confirmed', confirmed_at = ? WHERE id = ? "
                        "AND status = 'chosen'",
                        "si", now, match_id);
    if (n != 1)
        return fail(rq, n == 0 ? FLOW_STATE : FLOW_ERROR, "confirm");
    if (db_exec(rq->db,
                "UPDATE program_applications SET status = 'matched' WHERE id = ? AND status = "
                "'accepted'",
                "i", m.app_id) < 0)
        return fail(rq, FLOW_ERROR, "confirm: application");
    /* The expert works inside the SME's workspace as its advisor (unless it already is). */
    db_res_t *r = db_query(rq->db, "SELECT kind FROM memberships WHERE user_id = ? AND org_id = ?",
                           "ii", rq->user.id, m.org_id);
    bool member = r && db_res_rows(r) == 1;
    db_res_free(r);
    if (!r)
        return fail(rq, FLOW_ERROR, "confirm: membership");
    if (!member && db_exec(rq->db,
                           "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
                           "(?, ?, 'advisor', ?)",
                           "iis", rq->user.id, m.org_id, now) != 1)
        return fail(rq, FLOW_ERROR, "confirm: membership");
    if (db_commit(rq->db) != 0)
        return fail(rq, FLOW_ERROR, "confirm: commit");
    char detail[64], link[64];
    str_fmt(detail, sizeof detail, "match %lld confirmed", (long long)match_id);
    audit(rq, "match_confirmed", m.org_id, detail);
    str_fmt(link, sizeof link, "/w/%lld/program", (long long)m.org_id);
    struct expert_mail mail = {
        .subject = N_("Your expert has confirmed"),
        .lead = N_("The expert you chose has confirmed. The expert can now work with you in "
                   "your workspace (self-diagnosis, basic policy, action plan) and will propose "
                   "dates for the visits."),
        .labels = {N_("Organization"), N_("Expert")},
        .values = {m.org_name, m.expert_name},
        .link = link,
    };
    expert_mail(rq, mail_org_members(rq, m.org_id), &mail);
    return FLOW_OK;
}

enum flow_result flow_decline(struct req *rq, int64_t match_id, const char *reason)
{
    struct match_info m;
    int found = match_load(rq, match_id, &m);
    if (found <= 0)
        return found < 0 ? FLOW_ERROR : FLOW_NOT_FOUND;
    if (*flow_check_reason(reason))
        return FLOW_INVALID;
    if (!str_eq(m.status, "chosen"))
        return FLOW_STATE;
    char now[TIME_ISO_LEN], why[REASON_MAX * 4 + 1];
    str_copy(why, sizeof why, reason);
    str_trim(why);
    time_now_iso(now);
    if (db_begin(rq->db) != 0)
        return FLOW_ERROR;
    int64_t n = db_exec(rq->db,
                        "UPDATE matches SET status = 'declined', ended_at = ?, end_reason = ? "
                        "WHERE id = ? AND status = 'chosen'",
                        "ssi", now, why, match_id);
    if (n != 1)
        return fail(rq, n == 0 ? FLOW_STATE : FLOW_ERROR, "decline");
    if (db_exec(rq->db, "UPDATE experts SET active = active - 1 WHERE id = ? AND active > 0", "i",
                m.expert_id) != 1 ||
        db_exec(rq->db,
                "UPDATE match_proposals SET status = CASE WHEN expert_id = ? THEN 'not_chosen' "
                "ELSE 'draft' END WHERE application_id = ? AND status IN ('chosen', "
                "'not_chosen', 'sent')",
                "ii", m.expert_id, m.app_id) < 0)
        return fail(rq, FLOW_ERROR, "decline: release");
    if (db_commit(rq->db) != 0)
        return fail(rq, FLOW_ERROR, "decline: commit");
    char detail[64], link[64];
    str_fmt(detail, sizeof detail, "match %lld declined", (long long)match_id);
    audit(rq, "match_declined", m.org_id, detail);
    str_fmt(link, sizeof link, "/operator/programs/%lld/matching", (long long)m.program_id);
    struct expert_mail mo = {
        .subject = N_("An expert declined a match"),
        .lead = N_("An expert declined the SME that chose them. Please propose experts to the "
                   "SME again."),
        .labels = {N_("Organization"), N_("Expert"), N_("Reason")},
        .values = {m.org_name, m.expert_name, why},
        .link = link,
    };
    expert_mail(rq, db_query(rq->db, EXPERT_MAIL_OPERATORS, "i", rq->user.id), &mo);
    str_fmt(link, sizeof link, "/w/%lld/program", (long long)m.org_id);
    struct expert_mail ms = {
        .subject = N_("The expert you chose cannot support you"),
        .lead = N_("We are sorry: the expert you chose cannot support your organization. The "
                   "secretariat will propose experts to you again soon."),
        .labels = {N_("Organization"), N_("Expert")},
        .values = {m.org_name, m.expert_name},
        .link = link,
    };
    expert_mail(rq, mail_org_members(rq, m.org_id), &ms);
    return FLOW_OK;
}
