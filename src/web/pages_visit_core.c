/* pages_visit_core.c - matches and visits: access, the visit state machine, termination,
 * mails (see pages_visit_core.h). */
#include "pages_visit_core.h"
#include "form.h"
#include "mailer.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

#define MATCH_COLS                                                                                 \
    "SELECT m.id, m.application_id, m.expert_id, e.user_id, a.org_id, a.program_id, m.status, "    \
    "o.name, e.name, u.email, u.lang, p.name, p.visits_from, p.visits_until, p.visit_count, "      \
    "p.fee_per_visit, (SELECT COUNT(*) FROM visits v WHERE v.match_id = m.id AND v.status = "      \
    "'done') FROM matches m JOIN experts e ON e.id = m.expert_id JOIN users u ON u.id = "          \
    "e.user_id JOIN program_applications a ON a.id = m.application_id JOIN programs p ON p.id "    \
    "= a.program_id JOIN organizations o ON o.id = a.org_id "

static void fill(const db_res_t *r, size_t i, struct vmatch *m)
{
    memset(m, 0, sizeof *m);
    m->id = db_res_int(r, i, 0);
    m->application_id = db_res_int(r, i, 1);
    m->expert_id = db_res_int(r, i, 2);
    m->expert_user_id = db_res_int(r, i, 3);
    m->org_id = db_res_int(r, i, 4);
    m->program_id = db_res_int(r, i, 5);
    str_copy(m->status, sizeof m->status, db_res_text(r, i, 6));
    str_copy(m->org_name, sizeof m->org_name, db_res_text(r, i, 7));
    str_copy(m->expert_name, sizeof m->expert_name, db_res_text(r, i, 8));
    str_copy(m->expert_email, sizeof m->expert_email, db_res_text(r, i, 9));
    str_copy(m->expert_lang, sizeof m->expert_lang,
             str_eq(db_res_text(r, i, 10), "en") ? "en" : "ja");
    str_copy(m->program_name, sizeof m->program_name, db_res_text(r, i, 11));
    str_copy(m->visits_from, sizeof m->visits_from, db_res_text(r, i, 12));
    str_copy(m->visits_until, sizeof m->visits_until, db_res_text(r, i, 13));
    m->visit_count = (int)db_res_int(r, i, 14);
    m->fee_per_visit = db_res_int(r, i, 15);
    m->done = (int)db_res_int(r, i, 16);
}

/* Which of `who` the current user is for m (0: none). */
static unsigned role_on(struct req *rq, const struct vmatch *m, unsigned who)
{
    if ((who & VM_EXPERT) && m->expert_user_id == rq->user.id)
        return VM_EXPERT;
    if ((who & VM_OPERATOR) && (rq->user.role == ROLE_OPERATOR || rq->user.role == ROLE_ADMIN))
        return VM_OPERATOR;
    if (who & VM_SME) {
        db_res_t *r = db_query(rq->db,
                               "SELECT 1 FROM memberships WHERE user_id = ? AND org_id = ? AND "
                               "kind = 'member'",
                               "ii", rq->user.id, m->org_id);
        bool ok = r && db_res_rows(r) == 1;
        db_res_free(r);
        if (ok)
            return VM_SME;
    }
    return 0;
}

bool vmatch_load(struct req *rq, int64_t id, unsigned who, struct vmatch *m)
{
    if (id <= 0 || !rq->logged_in)
        return false;
    /* 'chosen' and 'declined' matches have no visits: only confirmed or ended ones. */
    db_res_t *r = db_query(rq->db,
                           MATCH_COLS "WHERE m.id = ? AND m.status IN ('confirmed', 'completed', "
                                      "'terminated')",
                           "i", id);
    bool ok = r && db_res_rows(r) == 1;
    if (ok)
        fill(r, 0, m);
    db_res_free(r);
    if (!ok)
        return false;
    m->as = role_on(rq, m, who);
    return m->as != 0;
}

bool vmatch_load_system(struct req *rq, int64_t id, struct vmatch *m)
{
    db_res_t *r = db_query(rq->db, MATCH_COLS "WHERE m.id = ?", "i", id);
    bool ok = r && db_res_rows(r) == 1;
    if (ok)
        fill(r, 0, m);
    db_res_free(r);
    return ok;
}

bool vmatch_load_by_visit(struct req *rq, int64_t visit_id, unsigned who, struct vmatch *m,
                          int *visit_no)
{
    if (visit_id <= 0)
        return false;
    db_res_t *r =
        db_query(rq->db, "SELECT match_id, visit_no FROM visits WHERE id = ?", "i", visit_id);
    bool ok = r && db_res_rows(r) == 1;
    int64_t mid = ok ? db_res_int(r, 0, 0) : 0;
    if (ok)
        *visit_no = (int)db_res_int(r, 0, 1);
    db_res_free(r);
    return ok && vmatch_load(rq, mid, who, m);
}

bool vmatch_load_for_org(struct req *rq, int64_t org_id, struct vmatch *m)
{
    db_res_t *r = db_query(rq->db,
                           MATCH_COLS "WHERE a.org_id = ? AND m.status IN ('confirmed', "
                                      "'completed', 'terminated') ORDER BY m.id DESC",
                           "i", org_id);
    bool ok = r && db_res_rows(r) >= 1;
    if (ok)
        fill(r, 0, m);
    db_res_free(r);
    return ok;
}

json_t *vmatch_curriculum(struct req *rq, const struct vmatch *m)
{
    json_t *a = json_array();
    db_res_t *r = db_query(rq->db,
                           "SELECT visit_no, title_ja, title_en FROM program_curriculum WHERE "
                           "program_id = ? ORDER BY visit_no",
                           "i", m->program_id);
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_array_append_new(a,
                              json_pack("{s:I,s:s}", "no", (json_int_t)db_res_int(r, i, 0), "title",
                                        db_res_text(r, i, str_eq(rq->lang, "en") ? 2 : 1)));
    db_res_free(r);
    return a;
}

static const char *curriculum_title(json_t *cur, int no)
{
    size_t i;
    json_t *o;
    json_array_foreach(cur, i, o) if (json_integer_value(json_object_get(o, "no")) ==
                                      no) return json_string_value(json_object_get(o, "title"));
    return NULL;
}

json_t *vmatch_visits(struct req *rq, const struct vmatch *m)
{
    json_t *cur = vmatch_curriculum(rq, m);
    json_t *a = json_array();
    for (int n = 1; n <= m->visit_count; n++)
        json_array_append_new(a, json_pack("{s:i,s:s,s:b}", "no", n, "status", "none", "is_next",
                                           n == m->done + 1 && str_eq(m->status, "confirmed")));
    db_res_t *r = db_query(rq->db,
                           "SELECT id, visit_no, status, planned_at, mode, done_on, minutes, "
                           "summary, items, next_steps, request_note FROM visits WHERE match_id = "
                           "? ORDER BY visit_no",
                           "i", m->id);
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        int no = (int)db_res_int(r, i, 1);
        json_t *v = json_array_get(a, (size_t)(no - 1));
        if (no < 1 || !v)
            continue;
        const char *pa = db_res_text(r, i, 3);
        char date[11] = "", time[6] = "";
        if (strlen(pa) >= 16) {
            memcpy(date, pa, 10);
            memcpy(time, pa + 11, 5);
        }
        json_object_set_new(v, "id", json_integer(db_res_int(r, i, 0)));
        json_object_set_new(v, "status", json_string(db_res_text(r, i, 2)));
        json_object_set_new(v, "planned_at", json_string(pa));
        json_object_set_new(v, "planned_date", json_string(date));
        json_object_set_new(v, "planned_time", json_string(time));
        json_object_set_new(v, "mode", json_string(db_res_text(r, i, 4)));
        json_object_set_new(v, "mode_label",
                            json_string(tr(rq, visit_mode_label(db_res_text(r, i, 4)))));
        json_object_set_new(v, "done_on", json_string(db_res_text(r, i, 5)));
        if (!db_res_isnull(r, i, 6))
            json_object_set_new(v, "minutes", json_integer(db_res_int(r, i, 6)));
        json_object_set_new(v, "summary", json_string(db_res_text(r, i, 7)));
        json_object_set_new(v, "next_steps", json_string(db_res_text(r, i, 9)));
        json_object_set_new(v, "request_note", json_string(db_res_text(r, i, 10)));
        json_t *items = json_array(), *titles = json_array();
        const char *s = db_res_text(r, i, 8);
        while (*s) {
            int64_t k = 0;
            char tok[8] = "";
            size_t len = strcspn(s, ",");
            if (len < sizeof tok) {
                memcpy(tok, s, len);
                tok[len] = '\0';
                if (str_to_i64(tok, 1, 12, &k)) {
                    json_array_append_new(items, json_integer(k));
                    const char *t = curriculum_title(cur, (int)k);
                    if (t)
                        json_array_append_new(titles, json_string(t));
                }
            }
            s += len;
            if (*s == ',')
                s++;
        }
        json_object_set_new(v, "items", items);
        json_object_set_new(v, "item_titles", titles);
    }
    db_res_free(r);
    json_decref(cur);
    return a;
}

const char *visit_mode_label(const char *mode)
{
    return str_eq(mode, "online") ? N_("Online") : N_("On site");
}

static bool valid_time(const char *s)
{
    return strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
           s[2] == ':' && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
           (s[0] < '2' || s[1] <= '3');
}

/* Status of visit no of m ("" when there is no row). */
static void visit_status(struct req *rq, const struct vmatch *m, int no, char *out, size_t n)
{
    db_res_t *r = db_query(rq->db, "SELECT status FROM visits WHERE match_id = ? AND visit_no = ?",
                           "ii", m->id, (int64_t)no);
    str_copy(out, n, r && db_res_rows(r) == 1 ? db_res_text(r, 0, 0) : "");
    db_res_free(r);
}

static void link_for_sme(struct vmail *v, const struct vmatch *m)
{
    str_fmt(v->link, sizeof v->link, "/w/%lld/program/visits", (long long)m->org_id);
}

static void link_for_expert(struct vmail *v, const struct vmatch *m)
{
    str_fmt(v->link, sizeof v->link, "/expert/matches/%lld", (long long)m->id);
}

int visit_propose(struct req *rq, const struct vmatch *m, int no, const struct visit_propose_in *in,
                  json_t *errors)
{
    char today[11];
    time_jst_date(today, time(NULL), 0);
    if (!str_eq(m->status, "confirmed") || no != m->done + 1 || no > m->visit_count) {
        form_error(rq, errors, "date",
                   N_("This visit cannot be planned now: the visits before it must be reported "
                      "first."));
        return 1;
    }
    if (!time_valid_date(in->date))
        form_error(rq, errors, "date", N_("Please enter a date such as 2026-11-30."));
    else if (strcmp(in->date, m->visits_from) < 0 || strcmp(in->date, m->visits_until) > 0)
        form_error(rq, errors, "date", N_("The date must be within the program's visit period."));
    else if (strcmp(in->date, today) < 0)
        form_error(rq, errors, "date", N_("The date must not be in the past."));
    if (!valid_time(in->time))
        form_error(rq, errors, "time", N_("Please enter a time such as 10:00."));
    if (!str_eq(in->mode, "onsite") && !str_eq(in->mode, "online"))
        form_error(rq, errors, "mode", N_("Please choose on site or online."));
    if (json_object_size(errors))
        return (int)json_object_size(errors);
    char planned[20], now[TIME_ISO_LEN], st[16];
    str_fmt(planned, sizeof planned, "%sT%s", in->date, in->time);
    time_now_iso(now);
    visit_status(rq, m, no, st, sizeof st);
    int64_t rc;
    if (*st)
        rc = db_exec(rq->db,
                     "UPDATE visits SET status = 'proposed', planned_at = ?, mode = ?, "
                     "proposed_at = ?, confirmed_at = NULL, request_note = '', pending_reminded_at "
                     "= NULL, reminded_at = NULL WHERE match_id = ? AND visit_no = ? AND status IN "
                     "('proposed', 'confirmed')",
                     "sssii", planned, in->mode, now, m->id, (int64_t)no);
    else
        rc = db_exec(rq->db,
                     "INSERT INTO visits (match_id, visit_no, status, planned_at, mode, "
                     "proposed_at) VALUES (?, ?, 'proposed', ?, ?, ?)",
                     "iisss", m->id, (int64_t)no, planned, in->mode, now);
    if (rc != 1) {
        form_error(rq, errors, "date", N_("Something went wrong. Please try again."));
        return 1;
    }
    struct vmail v = {.subject = N_("A date was proposed for a guidance visit"),
                      .intro = N_("Your expert proposed a date for the next visit. Please "
                                  "confirm it, or ask for another date, on the visit schedule.")};
    char no_s[8];
    str_fmt(no_s, sizeof no_s, "%d", no);
    vmail_line(&v, N_("Visit"), no_s, false);
    vmail_line(&v, N_("Date and time"), planned, false);
    vmail_line(&v, N_("Mode"), visit_mode_label(in->mode), true);
    vmail_line(&v, N_("Expert"), m->expert_name, false);
    link_for_sme(&v, m);
    vmail_send_org(rq, m->org_id, &v);
    return 0;
}

static const char *prev_done_on(struct req *rq, const struct vmatch *m, int no, char out[11])
{
    out[0] = '\0';
    db_res_t *r = db_query(rq->db,
                           "SELECT done_on FROM visits WHERE match_id = ? AND visit_no = ? AND "
                           "status = 'done'",
                           "ii", m->id, (int64_t)(no - 1));
    if (r && db_res_rows(r) == 1)
        str_copy(out, 11, db_res_text(r, 0, 0));
    db_res_free(r);
    return out;
}

int visit_report(struct req *rq, const struct vmatch *m, int no, const struct visit_report_in *in,
                 json_t *errors)
{
    char today[11], prev[11];
    time_jst_date(today, time(NULL), 0);
    if (!str_eq(m->status, "confirmed") || no != m->done + 1 || no > m->visit_count) {
        form_error(rq, errors, "date",
                   N_("Visits are reported in order: please report the visits before this one "
                      "first."));
        return 1;
    }
    prev_done_on(rq, m, no, prev);
    if (!time_valid_date(in->date))
        form_error(rq, errors, "date", N_("Please enter a date such as 2026-11-30."));
    else if (strcmp(in->date, m->visits_from) < 0 || strcmp(in->date, m->visits_until) > 0)
        form_error(rq, errors, "date", N_("The date must be within the program's visit period."));
    else if (strcmp(in->date, today) > 0)
        form_error(rq, errors, "date",
                   N_("A visit can only be reported once it has taken place: the date is in the "
                      "future."));
    else if (*prev && strcmp(in->date, prev) < 0)
        form_error(rq, errors, "date", N_("The date must not be before the previous visit."));
    if (!str_eq(in->mode, "onsite") && !str_eq(in->mode, "online"))
        form_error(rq, errors, "mode", N_("Please choose on site or online."));
    int64_t minutes = 0;
    if (!str_to_i64(in->minutes, 30, 480, &minutes))
        form_error(rq, errors, "minutes",
                   N_("Please enter the duration in minutes, between 30 and 480."));
    const char *e = check_text(in->summary, 1, 4000);
    if (*e)
        form_error(rq, errors, "summary", e);
    e = check_text(in->next_steps, 0, 4000);
    if (*e)
        form_error(rq, errors, "next_steps", e);
    char items[64] = "";
    unsigned seen = 0;
    for (int i = 0; i < in->nitems; i++) {
        int k = in->items[i];
        if (k < 1 || k > m->visit_count) {
            form_error(rq, errors, "items", N_("Please choose items of the curriculum."));
            break;
        }
        seen |= 1u << k;
    }
    for (int k = 1; k <= 12; k++)
        if (seen & (1u << k)) {
            size_t l = strlen(items);
            str_fmt(items + l, sizeof items - l, "%s%d", l ? "," : "", k);
        }
    if (json_object_size(errors))
        return (int)json_object_size(errors);

    char now[TIME_ISO_LEN], st[16];
    time_now_iso(now);
    int64_t rc = -1;
    if (db_begin(rq->db) < 0)
        goto fail;
    visit_status(rq, m, no, st, sizeof st);
    if (*st)
        rc = db_exec(rq->db,
                     "UPDATE visits SET status = 'done', done_on = ?, mode = ?, minutes = ?, "
                     "summary = ?, items = ?, next_steps = ?, reported_at = ? WHERE match_id = ? "
                     "AND visit_no = ? AND status IN ('proposed', 'confirmed')",
                     "ssissssii", in->date, in->mode, minutes, in->summary, items, in->next_steps,
                     now, m->id, (int64_t)no);
    else
        rc = db_exec(rq->db,
                     "INSERT INTO visits (match_id, visit_no, status, mode, done_on, minutes, "
                     "summary, items, next_steps, reported_at) VALUES (?, ?, 'done', ?, ?, ?, ?, "
                     "?, ?, ?)",
                     "iississss", m->id, (int64_t)no, in->mode, in->date, minutes, in->summary,
                     items, in->next_steps, now);
    if (rc != 1 || db_commit(rq->db) < 0) {
        db_rollback(rq->db);
        goto fail;
    }
    struct vmail v = {.subject = N_("A guidance visit was reported"),
                      .intro = N_("Your expert reported a visit. You can read the report on the "
                                  "visit schedule.")};
    char no_s[8], min_s[16];
    str_fmt(no_s, sizeof no_s, "%d", no);
    str_fmt(min_s, sizeof min_s, "%lld", (long long)minutes);
    vmail_line(&v, N_("Visit"), no_s, false);
    vmail_line(&v, N_("Date"), in->date, false);
    vmail_line(&v, N_("Mode"), visit_mode_label(in->mode), true);
    vmail_line(&v, N_("Minutes"), min_s, false);
    vmail_line(&v, N_("What was done"), in->summary, false);
    link_for_sme(&v, m);
    vmail_send_org(rq, m->org_id, &v);
    return 0;
fail:
    form_error(rq, errors, "date", N_("Something went wrong. Please try again."));
    return 1;
}

int visit_confirm(struct req *rq, const struct vmatch *m, int no)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (!str_eq(m->status, "confirmed"))
        return -1;
    int64_t rc = db_exec(rq->db,
                         "UPDATE visits SET status = 'confirmed', confirmed_at = ?, request_note = "
                         "'' WHERE match_id = ? AND visit_no = ? AND status = 'proposed'",
                         "sii", now, m->id, (int64_t)no);
    if (rc != 1)
        return -1;
    db_res_t *r =
        db_query(rq->db, "SELECT planned_at, mode FROM visits WHERE match_id = ? AND visit_no = ?",
                 "ii", m->id, (int64_t)no);
    struct vmail v = {.subject = N_("A guidance visit was confirmed"),
                      .intro = N_("The company confirmed the date of the visit.")};
    char no_s[8];
    str_fmt(no_s, sizeof no_s, "%d", no);
    vmail_line(&v, N_("Company"), m->org_name, false);
    vmail_line(&v, N_("Visit"), no_s, false);
    if (r && db_res_rows(r) == 1) {
        vmail_line(&v, N_("Date and time"), db_res_text(r, 0, 0), false);
        vmail_line(&v, N_("Mode"), visit_mode_label(db_res_text(r, 0, 1)), true);
    }
    db_res_free(r);
    link_for_expert(&v, m);
    vmail_send_expert(rq, m, &v);
    return 0;
}

int visit_request_other(struct req *rq, const struct vmatch *m, int no, const char *note,
                        json_t *errors)
{
    const char *e = check_text(note, 1, 1000);
    if (*e) {
        form_error(rq, errors, "note",
                   *note ? e : N_("Please tell the expert which dates suit you."));
        return 1;
    }
    if (!str_eq(m->status, "confirmed"))
        return -1;
    int64_t rc = db_exec(rq->db,
                         "UPDATE visits SET status = 'proposed', request_note = ?, confirmed_at = "
                         "NULL WHERE match_id = ? AND visit_no = ? AND status IN ('proposed', "
                         "'confirmed')",
                         "sii", note, m->id, (int64_t)no);
    if (rc != 1)
        return -1;
    struct vmail v = {.subject = N_("The company asks for another visit date"),
                      .intro = N_("The company cannot make the proposed date. Please propose "
                                  "another one.")};
    char no_s[8];
    str_fmt(no_s, sizeof no_s, "%d", no);
    vmail_line(&v, N_("Company"), m->org_name, false);
    vmail_line(&v, N_("Visit"), no_s, false);
    vmail_line(&v, N_("Note from the company"), note, false);
    link_for_expert(&v, m);
    vmail_send_expert(rq, m, &v);
    return 0;
}

int match_terminate(struct req *rq, const struct vmatch *m, const char *reason, json_t *errors)
{
    const char *e = check_text(reason, 1, 2000);
    if (*e) {
        form_error(rq, errors, "reason",
                   *reason ? e : N_("Please write the reason for ending the guidance early."));
        return 1;
    }
    if (!str_eq(m->status, "confirmed"))
        return -1;
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (db_begin(rq->db) < 0)
        return -1;
    /* The guarded UPDATE makes a second, concurrent termination touch no row. */
    if (db_exec(rq->db,
                "UPDATE matches SET status = 'terminated', ended_at = ?, end_reason = ? WHERE id "
                "= ? AND status = 'confirmed'",
                "ssi", now, reason, m->id) != 1 ||
        db_exec(rq->db,
                "UPDATE program_applications SET status = 'terminated' WHERE id = ? AND status = "
                "'matched'",
                "i", m->application_id) < 0 ||
        db_exec(rq->db, "UPDATE experts SET active = active - 1 WHERE id = ? AND active > 0", "i",
                m->expert_id) < 0 ||
        db_exec(rq->db,
                "UPDATE visits SET status = 'cancelled' WHERE match_id = ? AND status IN "
                "('proposed', 'confirmed')",
                "i", m->id) < 0 ||
        db_exec(rq->db,
                "DELETE FROM memberships WHERE user_id = ? AND org_id = ? AND kind = 'advisor'",
                "ii", m->expert_user_id, m->org_id) < 0 ||
        db_commit(rq->db) < 0) {
        db_rollback(rq->db);
        return -1;
    }
    audit(rq, "program.match.terminate", m->org_id, reason);
    struct vmail v = {.subject = N_("The guidance ended early"),
                      .intro = N_("The expert guidance of this company ended before all visits "
                                  "were done.")};
    vmail_line(&v, N_("Program"), m->program_name, false);
    vmail_line(&v, N_("Company"), m->org_name, false);
    vmail_line(&v, N_("Expert"), m->expert_name, false);
    vmail_line(&v, N_("Reason"), reason, false);
    vmail_send_org(rq, m->org_id, &v);
    vmail_send_expert(rq, m, &v);
    vmail_send_operators(rq, &v);
    return 0;
}

/* ---- mail ---- */

void vmail_line(struct vmail *v, const char *label, const char *value, bool is_msgid)
{
    if (v->n >= VMAIL_LINES)
        return;
    v->label[v->n] = label;
    if (!str_copy(v->value[v->n], sizeof v->value[v->n], value)) {
        /* Cut long text at a UTF-8 character boundary. */
        size_t l = sizeof v->value[v->n] - 4;
        while (l > 0 && ((unsigned char)value[l] & 0xC0) == 0x80)
            l--;
        memcpy(v->value[v->n], value, l);
        memcpy(v->value[v->n] + l, "...", 4);
    }
    v->value_is_msgid[v->n] = is_msgid;
    v->n++;
}

/* The vmail as the shared notification (its values stay in v). */
static struct mail_notice notice_of(const struct vmail *v)
{
    struct mail_notice m = {.subject = v->subject, .intro = v->intro, .link = v->link};
    for (int i = 0; i < v->n && i < VMAIL_LINES; i++) {
        m.label[m.n] = v->label[i];
        m.value[m.n] = v->value[i];
        m.value_msgid[m.n++] = v->value_is_msgid[i];
    }
    return m;
}

void vmail_send(struct req *rq, const char *email, const char *lang, const struct vmail *v)
{
    struct mail_notice m = notice_of(v);
    mail_notice_send(rq, email, lang, &m);
}

static void send_rows(struct req *rq, db_res_t *r, const struct vmail *v)
{
    struct mail_notice m = notice_of(v);
    mail_notice_rows(rq, r, &m);
}

void vmail_send_org(struct req *rq, int64_t org_id, const struct vmail *v)
{
    send_rows(rq, mail_org_members(rq, org_id), v);
}

void vmail_send_expert(struct req *rq, const struct vmatch *m, const struct vmail *v)
{
    vmail_send(rq, m->expert_email, m->expert_lang, v);
}

void vmail_send_operators(struct req *rq, const struct vmail *v)
{
    send_rows(rq, mail_operators(rq), v);
}
