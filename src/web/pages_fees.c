/* pages_fees.c - fees (謝金): the operator's per-expert table of a program with payments and
 * an XLSX export for accounting, and the expert's own fee status (/expert/fees). */
#include "pages_fees.h"
#include "download.h"
#include "form.h"
#include "pages.h"
#include "pages_visit_core.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

json_t *fees_program(struct req *rq, int64_t program_id)
{
    db_res_t *r = db_query(rq->db, "SELECT name, year, fee_per_visit FROM programs WHERE id = ?",
                           "i", program_id);
    json_t *p = NULL;
    if (r && db_res_rows(r) == 1)
        p = json_pack("{s:I,s:s,s:I,s:I}", "id", (json_int_t)program_id, "name",
                      db_res_text(r, 0, 0), "year", (json_int_t)db_res_int(r, 0, 1),
                      "fee_per_visit", (json_int_t)db_res_int(r, 0, 2));
    db_res_free(r);
    return p;
}

static json_t *payments(struct req *rq, int64_t program_id, int64_t expert_id, int64_t *sum)
{
    json_t *a = json_array();
    *sum = 0;
    db_res_t *r = db_query(rq->db,
                           "SELECT paid_on, amount, reference FROM fee_payments WHERE program_id = "
                           "? AND expert_id = ? ORDER BY paid_on, id",
                           "ii", program_id, expert_id);
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        *sum += db_res_int(r, i, 1);
        json_array_append_new(a, json_pack("{s:s,s:I,s:s}", "paid_on", db_res_text(r, i, 0),
                                           "amount", (json_int_t)db_res_int(r, i, 1), "reference",
                                           db_res_text(r, i, 2)));
    }
    db_res_free(r);
    return a;
}

/* Visits done per expert in a program (experts with any match in it). */
#define VISITS_DONE_SQL                                                                            \
    "SELECT e.id, e.name, u.email, (SELECT COUNT(*) FROM visits v JOIN matches m2 ON m2.id = "     \
    "v.match_id JOIN program_applications a2 ON a2.id = m2.application_id WHERE m2.expert_id = "   \
    "e.id AND a2.program_id = ? AND v.status = 'done') FROM experts e JOIN users u ON u.id = "     \
    "e.user_id WHERE EXISTS (SELECT 1 FROM matches m JOIN program_applications a ON a.id = "       \
    "m.application_id WHERE m.expert_id = e.id AND a.program_id = ? AND m.status IN "              \
    "('confirmed', 'completed', 'terminated')) "

static json_t *expert_row(struct req *rq, int64_t program_id, int64_t fee, const db_res_t *r,
                          size_t i)
{
    int64_t paid, done = db_res_int(r, i, 3), id = db_res_int(r, i, 0);
    json_t *pay = payments(rq, program_id, id, &paid);
    return json_pack("{s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:o}", "expert_id", (json_int_t)id, "name",
                     db_res_text(r, i, 1), "email", db_res_text(r, i, 2), "visits_done",
                     (json_int_t)done, "due", (json_int_t)(done * fee), "paid", (json_int_t)paid,
                     "outstanding", (json_int_t)(done * fee - paid), "payments", pay);
}

json_t *fees_by_expert(struct req *rq, int64_t program_id)
{
    json_t *p = fees_program(rq, program_id);
    json_t *a = json_array();
    if (!p)
        return a;
    int64_t fee = json_integer_value(json_object_get(p, "fee_per_visit"));
    json_decref(p);
    db_res_t *r =
        db_query(rq->db, VISITS_DONE_SQL "ORDER BY e.name, e.id", "ii", program_id, program_id);
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_array_append_new(a, expert_row(rq, program_id, fee, r, i));
    db_res_free(r);
    return a;
}

int fees_pay(struct req *rq, int64_t program_id, int64_t expert_id, const char *paid_on,
             const char *amount, const char *reference, json_t *errors)
{
    char today[11];
    time_jst_date(today, time(NULL), 0);
    int64_t amt = 0;
    if (!time_valid_date(paid_on))
        form_error(rq, errors, "paid_on", N_("Please enter a date such as 2026-11-30."));
    else if (strcmp(paid_on, today) > 0)
        form_error(rq, errors, "paid_on", N_("The payment date must not be in the future."));
    if (!str_to_i64(amount, 1, 100000000, &amt))
        form_error(rq, errors, "amount", N_("Please enter the amount in yen, such as 40000."));
    const char *e = check_text(reference, 0, 200);
    if (*e)
        form_error(rq, errors, "reference", e);
    if (json_object_size(errors))
        return (int)json_object_size(errors);
    json_t *p = fees_program(rq, program_id);
    if (!p)
        return -1;
    int64_t fee = json_integer_value(json_object_get(p, "fee_per_visit"));
    char pname[512];
    str_copy(pname, sizeof pname, json_string_value(json_object_get(p, "name")));
    json_decref(p);
    if (db_begin(rq->db) < 0)
        return -1;
    /* Outstanding is computed inside the transaction that inserts the payment, so two
     * payments at once cannot both pass the check (SQLite: write lock from BEGIN IMMEDIATE;
     * PostgreSQL: the expert row is locked first). */
    if (db_kind(rq->app->db) == DB_PG) {
        db_res_t *l =
            db_query(rq->db, "SELECT id FROM experts WHERE id = ? FOR UPDATE", "i", expert_id);
        db_res_free(l);
    }
    db_res_t *r =
        db_query(rq->db, VISITS_DONE_SQL "AND e.id = ?", "iii", program_id, program_id, expert_id);
    if (!r || db_res_rows(r) != 1) {
        db_res_free(r);
        db_rollback(rq->db);
        return -1;
    }
    json_t *row = expert_row(rq, program_id, fee, r, 0);
    char email[256], lang[4] = "ja";
    str_copy(email, sizeof email, db_res_text(r, 0, 2));
    db_res_free(r);
    int64_t outstanding = json_integer_value(json_object_get(row, "outstanding"));
    json_decref(row);
    if (amt > outstanding) {
        db_rollback(rq->db);
        form_error(rq, errors, "amount",
                   N_("The amount is more than what is outstanding for this expert."));
        return 1;
    }
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (db_insert_id(rq->db,
                     "INSERT INTO fee_payments (program_id, expert_id, paid_on, amount, reference, "
                     "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     "iisisis", program_id, expert_id, paid_on, amt, reference, rq->user.id,
                     now) <= 0 ||
        db_commit(rq->db) < 0) {
        db_rollback(rq->db);
        form_error(rq, errors, "amount", N_("Something went wrong. Please try again."));
        return 1;
    }
    db_res_t *u = db_query(rq->db,
                           "SELECT u.lang FROM experts e JOIN users u ON u.id = e.user_id WHERE "
                           "e.id = ?",
                           "i", expert_id);
    if (u && db_res_rows(u) == 1 && str_eq(db_res_text(u, 0, 0), "en"))
        str_copy(lang, sizeof lang, "en");
    db_res_free(u);
    struct vmail v = {.subject = N_("Your fee was paid"),
                      .intro = N_("The secretariat paid a fee for your guidance visits.")};
    char amt_s[32];
    str_fmt(amt_s, sizeof amt_s, "%lld", (long long)amt);
    vmail_line(&v, N_("Program"), pname, false);
    vmail_line(&v, N_("Payment date"), paid_on, false);
    vmail_line(&v, N_("Amount (yen)"), amt_s, false);
    vmail_line(&v, N_("Reference"), reference, false);
    str_copy(v.link, sizeof v.link, "/expert/fees");
    vmail_send(rq, email, lang, &v);
    return 0;
}

json_t *fees_mine(struct req *rq)
{
    json_t *a = json_array();
    db_res_t *r = db_query(rq->db,
                           "SELECT DISTINCT p.id, p.name, p.fee_per_visit, p.year FROM programs p "
                           "JOIN program_applications a ON a.program_id = p.id JOIN matches m ON "
                           "m.application_id = a.id JOIN experts e ON e.id = m.expert_id WHERE "
                           "e.user_id = ? AND m.status IN ('confirmed', 'completed', "
                           "'terminated') ORDER BY p.year DESC, p.id DESC",
                           "i", rq->user.id);
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        int64_t pid = db_res_int(r, i, 0);
        db_res_t *e =
            db_query(rq->db, VISITS_DONE_SQL "AND e.user_id = ?", "iii", pid, pid, rq->user.id);
        if (e && db_res_rows(e) == 1) {
            json_t *row = expert_row(rq, pid, db_res_int(r, i, 2), e, 0);
            json_object_set_new(row, "program_id", json_integer(pid));
            json_object_set_new(row, "program_name", json_string(db_res_text(r, i, 1)));
            json_object_set_new(row, "fee_per_visit", json_integer(db_res_int(r, i, 2)));
            json_array_append_new(a, row);
        }
        db_res_free(e);
    }
    db_res_free(r);
    return a;
}

/* ---- pages ---- */

/* Pages show amounts grouped by thousands ("120,000"); the API and the workbook keep the
 * numbers. Adds key_text next to each key of o that holds an integer. */
static void yen_text(json_t *o, const char *const *keys, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        json_t *v = json_object_get(o, keys[k]);
        if (!json_is_integer(v))
            continue;
        json_int_t x = json_integer_value(v);
        char d[24], out[40], name[64];
        str_fmt(d, sizeof d, "%llu", x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x);
        size_t len = strlen(d), o_len = 0;
        if (x < 0)
            out[o_len++] = '-';
        for (size_t i = 0; i < len; i++) {
            if (i && (len - i) % 3 == 0)
                out[o_len++] = ',';
            out[o_len++] = d[i];
        }
        out[o_len] = '\0';
        str_fmt(name, sizeof name, "%s_text", keys[k]);
        json_object_set_new(o, name, json_string(out));
    }
}

/* The amounts of one expert's row and of its payments. */
static void row_yen_text(json_t *row)
{
    static const char *const keys[] = {"due", "paid", "outstanding", "fee_per_visit"};
    yen_text(row, keys, sizeof keys / sizeof keys[0]);
    static const char *const amount[] = {"amount"};
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(row, "payments"), i, p) yen_text(p, amount, 1);
}

/* row_yen_text for every element of a. */
static json_t *rows_yen_text(json_t *a)
{
    size_t i;
    json_t *row;
    json_array_foreach(a, i, row) row_yen_text(row);
    return a;
}

static void render_fees(struct req *rq, struct resp *rs, json_t *prog, int status,
                        int64_t form_expert, json_t *values, json_t *errors)
{
    int64_t pid = json_integer_value(json_object_get(prog, "id"));
    char today[11];
    time_jst_date(today, time(NULL), 0);
    row_yen_text(prog);
    json_t *d =
        json_pack("{s:s,s:o,s:o,s:I,s:o,s:o,s:s}", "title", N_("Expert fees"), "program", prog,
                  "experts", rows_yen_text(fees_by_expert(rq, pid)), "form_expert",
                  (json_int_t)form_expert, "values", values, "errors", errors, "today", today);
    page_render(rq, rs, "fees/program", d);
    rs->status = status;
}

static void program_fees(struct req *rq, struct resp *rs)
{
    json_t *p = fees_program(rq, req_param_id(rq, 0));
    if (!p) {
        page_error(rq, rs, 404);
        return;
    }
    render_fees(rq, rs, p, 200, 0, json_object(), json_object());
}

static void pay(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0), eid = req_param_id(rq, 1);
    json_t *p = fees_program(rq, pid);
    if (!p) {
        page_error(rq, rs, 404);
        return;
    }
    json_t *errors = json_object();
    int rc = fees_pay(rq, pid, eid, req_form(rq, "paid_on"), req_form(rq, "amount"),
                      req_form(rq, "reference"), errors);
    if (rc < 0) {
        json_decref(errors);
        json_decref(p);
        page_error(rq, rs, 404);
        return;
    }
    if (rc > 0) {
        render_fees(rq, rs, p, 422, eid, form_values(rq), errors);
        return;
    }
    json_decref(errors);
    json_decref(p);
    flash_set(rq, rs, "The payment was recorded. The expert was told by e-mail.");
    resp_redirectf(rs, "/operator/programs/%lld/fees", (long long)pid);
}

static void fees_xlsx(struct req *rq, struct resp *rs)
{
    int64_t pid = req_param_id(rq, 0);
    json_t *p = fees_program(rq, pid);
    if (!p) {
        page_error(rq, rs, 404);
        return;
    }
    json_t *ex = fees_by_expert(rq, pid), *erows = json_array(), *vrows = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(ex, i, e)
    {
        json_array_append_new(
            erows, json_pack("[O,O,O,O,O,O,O]", json_object_get(e, "expert_id"),
                             json_object_get(e, "name"), json_object_get(e, "email"),
                             json_object_get(e, "visits_done"), json_object_get(e, "due"),
                             json_object_get(e, "paid"), json_object_get(e, "outstanding")));
    }
    db_res_t *r = db_query(rq->db,
                           "SELECT e.id, e.name, o.name, v.visit_no, v.done_on, v.mode, v.minutes "
                           "FROM visits v JOIN matches m ON m.id = v.match_id JOIN "
                           "program_applications a ON a.id = m.application_id JOIN experts e ON "
                           "e.id = m.expert_id JOIN organizations o ON o.id = a.org_id WHERE "
                           "a.program_id = ? AND v.status = 'done' ORDER BY e.name, e.id, o.name, "
                           "v.visit_no",
                           "i", pid);
    for (size_t k = 0; r && k < db_res_rows(r); k++)
        json_array_append_new(
            vrows,
            json_pack("[I,s,s,I,s,s,I,I]", (json_int_t)db_res_int(r, k, 0), db_res_text(r, k, 1),
                      db_res_text(r, k, 2), (json_int_t)db_res_int(r, k, 3), db_res_text(r, k, 4),
                      tr(rq, visit_mode_label(db_res_text(r, k, 5))),
                      (json_int_t)db_res_int(r, k, 6),
                      (json_int_t)json_integer_value(json_object_get(p, "fee_per_visit"))));
    db_res_free(r);
    json_t *ecols =
        json_pack("[s,s,s,s,s,s,s]", tr(rq, "Expert ID"), tr(rq, "Name"), tr(rq, "E-mail address"),
                  tr(rq, "Visits done"), tr(rq, "Amount due (yen)"), tr(rq, "Paid (yen)"),
                  tr(rq, "Outstanding (yen)"));
    json_t *vcols = json_pack("[s,s,s,s,s,s,s,s]", tr(rq, "Expert ID"), tr(rq, "Name"),
                              tr(rq, "Company"), tr(rq, "Visit"), tr(rq, "Date"), tr(rq, "Mode"),
                              tr(rq, "Minutes"), tr(rq, "Fee (yen)"));
    json_decref(ex);
    json_decref(p);
    char ascii[64];
    str_fmt(ascii, sizeof ascii, "fees-program-%lld.xlsx", (long long)pid);
    resp_xlsx_book(rq, rs,
                   json_pack("[{s:s,s:o,s:o},{s:s,s:o,s:o}]", "name", tr(rq, "Fees"), "columns",
                             ecols, "rows", erows, "name", tr(rq, "Visits"), "columns", vcols,
                             "rows", vrows),
                   ascii, NULL);
}

static void my_fees(struct req *rq, struct resp *rs)
{
    page_render(
        rq, rs, "fees/mine",
        json_pack("{s:s,s:o}", "title", N_("My fees"), "programs", rows_yen_text(fees_mine(rq))));
}

void pages_fees_register(struct app *app)
{
    unsigned ops = R_OPERATOR | R_ADMIN;
    route_add(app, "GET", "/operator/programs/:id/fees", ops, program_fees);
    route_add(app, "GET", "/operator/programs/:id/fees.xlsx", ops, fees_xlsx);
    route_add(app, "POST", "/operator/programs/:id/fees/:expert/payments", ops, pay);
    route_add(app, "GET", "/expert/fees", R_ADVISOR, my_fees);
}
