/* pages_plan_store.c - action plan rows: generation from a diagnosis, edits, exports' data.
 *
 * Plan month m (1-12) is the calendar month start_month + (m - 1). A measure is overdue when
 * it is not done and its calendar month has ended. */
#include "content.h"
#include "diagnosis.h"
#include "form.h"
#include "log.h"
#include "org_basic.h"
#include "plan.h"
#include "plan_store.h"
#include "str.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>

static const char *const PRIORITIES[] = {"high", "medium", "low"};
static const char *const STATUSES[] = {"todo", "doing", "done"};

static bool in_set(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (str_eq(s, set[i]))
            return true;
    return false;
}

static int now_month_index(void) /* year * 12 + month - 1 */
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    return atoi(now) * 12 + atoi(now + 5) - 1;
}

static int start_index(const char *start_month)
{
    if (!start_month || strlen(start_month) < 7)
        return now_month_index();
    return atoi(start_month) * 12 + atoi(start_month + 5) - 1;
}

static const char *plan_status_label(const struct req *rq, const char *status)
{
    if (str_eq(status, "done"))
        return tr(rq, "Done");
    if (str_eq(status, "doing"))
        return tr(rq, "In progress");
    return tr(rq, "To do");
}

static const char *priority_label(const struct req *rq, const char *p)
{
    if (str_eq(p, "high"))
        return tr(rq, "High");
    if (str_eq(p, "medium"))
        return tr(rq, "Medium");
    return tr(rq, "Low");
}

static const char *owner_display(const struct req *rq, const char *owner)
{
    const content_t *c = content_get();
    const role_t *r = c ? content_role(c, owner) : NULL;
    return r ? dtext_get(&r->label, rq->lang) : owner;
}

/* A typed owner that is a role's label in either language is stored as the role key, so
 * that it is shown in the reader's language. */
static const char *owner_key(const char *owner)
{
    const content_t *c = content_get();
    for (size_t i = 0; c && i < c->n_roles; i++)
        if (str_eq(owner, c->roles[i].label.ja) || str_eq(owner, c->roles[i].label.en) ||
            str_eq(owner, c->roles[i].key))
            return c->roles[i].key;
    return owner;
}

#define ITEM_COLS                                                                                  \
    "i.id, i.measure_key, i.item, i.title, i.priority, i.month, i.owner, i.status, i.telework, "   \
    "i.in_handbook, p.start_month"

static json_t *item_json(const struct req *rq, db_res_t *r, size_t row, int now_idx)
{
    const content_t *c = content_get();
    const char *key = db_res_text(r, row, 1);
    const measure_t *m = c ? content_measure(c, key) : NULL;
    const char *status = db_res_text(r, row, 7);
    int month = (int)db_res_int(r, row, 5);
    int cal = start_index(db_res_str(r, row, 10)) + month - 1;
    char cal_month[16];
    str_fmt(cal_month, sizeof cal_month, "%d/%02d", cal / 12, cal % 12 + 1);
    const char *owner = db_res_text(r, row, 6);
    return json_pack("{s:I,s:s,s:I,s:s,s:b,s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:b,s:b}",
                     "id", (json_int_t)db_res_int(r, row, 0), "measure_key", key, "item",
                     (json_int_t)db_res_int(r, row, 2), "title",
                     m ? dtext_get(&m->title, rq->lang) : db_res_text(r, row, 3), "custom",
                     m == NULL, "priority", db_res_text(r, row, 4), "priority_label",
                     priority_label(rq, db_res_text(r, row, 4)), "month", month, "cal_month",
                     cal_month, "owner", owner_display(rq, owner), "owner_raw", owner, "status",
                     status, "status_label", plan_status_label(rq, status), "telework",
                     db_res_int(r, row, 8) != 0, "in_handbook", db_res_int(r, row, 9) != 0,
                     "overdue", !str_eq(status, "done") && cal < now_idx, "this_month",
                     cal == now_idx, "done", str_eq(status, "done"));
}

int64_t plan_create(struct req *rq)
{
    const content_t *c = content_get();
    if (!c)
        return -1;
    db_res_t *r = db_query(rq->db,
                           "SELECT id FROM diagnoses WHERE org_id = ? AND status = 'completed' "
                           "ORDER BY completed_at DESC, id DESC LIMIT 1",
                           "i", rq->org_id);
    if (!r)
        return -1;
    int64_t diag = db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : 0;
    db_res_free(r);
    if (diag == 0)
        return 0;
    r = db_query(rq->db, "SELECT item, answer FROM diagnosis_answers WHERE diagnosis_id = ?", "i",
                 diag);
    if (!r)
        return -1;
    diag_answers_t ans;
    memset(&ans, 0, sizeof ans);
    for (size_t i = 0; i < db_res_rows(r); i++) {
        int64_t no = db_res_int(r, i, 0);
        if (no >= 1 && no <= DIAG_ITEMS)
            ans.a[no] = diag_answer_parse(db_res_text(r, i, 1));
    }
    db_res_free(r);
    static plan_t empty;
    plan_t *p = malloc(sizeof *p);
    if (!p)
        return -1;
    *p = empty;
    int64_t plan_id = -1;
    if (!plan_generate(c, &ans, p)) {
        log_error("plan: diagnosis %lld has incomplete answers", (long long)diag);
        goto out;
    }
    char now[TIME_ISO_LEN], start[8];
    time_now_iso(now);
    str_copy(start, sizeof start, now); /* "YYYY-MM" */
    if (db_begin(rq->db) < 0)
        goto out;
    plan_id = db_insert_id(rq->db,
                           "INSERT INTO plans (org_id, diagnosis_id, start_month, created_at, "
                           "updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                           "iisss", rq->org_id, diag, start, now, now);
    for (size_t i = 0; plan_id > 0 && i < p->n; i++) {
        const plan_entry_t *e = &p->e[i];
        if (db_exec(rq->db,
                    "INSERT INTO plan_items (plan_id, measure_key, item, title, priority, month, "
                    "owner, status, telework, in_handbook, sort) VALUES (?, ?, NULLIF(CAST(? AS "
                    "INTEGER), 0), ?, "
                    "?, ?, ?, 'todo', ?, 1, ?)",
                    "isissisbi", plan_id, e->measure->id, (int64_t)e->item,
                    dtext_get(&e->measure->title, rq->lang), plan_priority_key(e->priority),
                    (int64_t)e->month, e->owner ? e->owner->key : "", e->item == 0, (int64_t)i) < 0)
            plan_id = -1;
    }
    if (plan_id <= 0 || db_commit(rq->db) < 0) {
        log_error("plan: %s", db_errmsg(rq->db));
        db_rollback(rq->db);
        plan_id = -1;
    }
out:
    free(p);
    return plan_id;
}

json_t *plan_load(struct req *rq)
{
    db_res_t *r =
        db_query(rq->db,
                 "SELECT id, diagnosis_id, start_month, created_at, updated_at FROM plans "
                 "WHERE org_id = ? ORDER BY id DESC LIMIT 1",
                 "i", rq->org_id);
    if (!r || db_res_rows(r) != 1) {
        db_res_free(r);
        return NULL;
    }
    int64_t id = db_res_int(r, 0, 0);
    int now_idx = now_month_index(), st = start_index(db_res_str(r, 0, 2));
    int today = now_idx - st + 1;
    char end_month[16], start_label[16];
    str_fmt(start_label, sizeof start_label, "%d/%02d", st / 12, st % 12 + 1);
    str_fmt(end_month, sizeof end_month, "%d/%02d", (st + 11) / 12, (st + 11) % 12 + 1);
    json_t *plan =
        json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:i}", "id", (json_int_t)id, "diagnosis_id",
                  (json_int_t)db_res_int(r, 0, 1), "start_month", db_res_text(r, 0, 2),
                  "start_label", start_label, "end_month", end_month, "created_at",
                  db_res_text(r, 0, 3), "updated_at", db_res_text(r, 0, 4), "today_index", today);
    db_res_free(r);
    r = db_query(rq->db,
                 "SELECT " ITEM_COLS " FROM plan_items i JOIN plans p ON p.id = i.plan_id WHERE "
                 "i.plan_id = ? ORDER BY i.month, CASE i.priority WHEN 'high' THEN 1 WHEN "
                 "'medium' THEN 2 ELSE 3 END, i.sort, i.id",
                 "i", id);
    json_t *items = json_array();
    int done = 0, overdue = 0;
    for (size_t i = 0; r && i < db_res_rows(r); i++) {
        json_t *it = item_json(rq, r, i, now_idx);
        done += str_eq(json_string_value(json_object_get(it, "status")), "done");
        overdue += json_is_true(json_object_get(it, "overdue"));
        json_array_append_new(items, it);
    }
    db_res_free(r);
    json_object_set_new(plan, "n_items", json_integer((json_int_t)json_array_size(items)));
    json_object_set_new(plan, "n_done", json_integer(done));
    json_object_set_new(plan, "n_overdue", json_integer(overdue));
    json_object_set_new(plan, "items", items);
    return plan;
}

json_t *plan_item_get(struct req *rq, int64_t item_id)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT " ITEM_COLS " FROM plan_items i JOIN plans p ON p.id = "
                           "i.plan_id WHERE i.id = ? AND p.org_id = ?",
                           "ii", item_id, rq->org_id);
    json_t *it = r && db_res_rows(r) == 1 ? item_json(rq, r, 0, now_month_index()) : NULL;
    db_res_free(r);
    return it;
}

static const char *cur_str(const json_t *cur, const char *key)
{
    const char *s = cur ? json_string_value(json_object_get(cur, key)) : NULL;
    return s ? s : "";
}

bool plan_item_validate(const struct req *rq, const plan_item_in_t *in, const json_t *cur,
                        bool custom, json_t *errors)
{
    const char *m;
    size_t before = json_object_size(errors);
    if (custom) {
        const char *t = in->title ? in->title : cur_str(cur, "title");
        bool blank = true;
        for (const char *p = t; *p && blank; p++)
            blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (blank)
            form_error(rq, errors, "title", N_("Please enter the measure."));
        else if (*(m = check_text(t, 1, PLAN_TITLE_MAX)))
            form_error(rq, errors, "title",
                       str_eq(m, "This is too long.")
                           ? N_("Please keep the measure within 120 characters.")
                           : m);
    }
    const char *o = in->owner ? in->owner : cur_str(cur, "owner_raw");
    if (!*o)
        form_error(rq, errors, "owner", N_("Please enter who is in charge of this measure."));
    else if (*(m = check_text(o, 1, PLAN_OWNER_MAX)))
        form_error(rq, errors, "owner",
                   str_eq(m, "This is too long.") ? N_("Please keep this within 60 characters.")
                                                  : m);
    int64_t v;
    if ((in->month || !cur) && !str_to_i64(in->month ? in->month : "", 1, 12, &v))
        form_error(rq, errors, "month", N_("Please choose a month from 1 to 12."));
    if ((in->priority || !cur) && !in_set(in->priority, PRIORITIES, 3))
        form_error(rq, errors, "priority", N_("Please choose high, medium or low."));
    if ((in->status || !cur) && !in_set(in->status, STATUSES, 3))
        form_error(rq, errors, "status", N_("Please choose to do, in progress or done."));
    return json_object_size(errors) == before;
}

static void touch_plan_of_item(struct req *rq, int64_t item_id)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    db_exec(rq->db,
            "UPDATE plans SET updated_at = ? WHERE org_id = ? AND id = (SELECT plan_id FROM "
            "plan_items WHERE id = ?)",
            "sii", now, rq->org_id, item_id);
}

int plan_item_update(struct req *rq, int64_t item_id, const plan_item_in_t *in)
{
    int64_t month = 0;
    if (in->month)
        str_to_i64(in->month, 1, 12, &month);
    int64_t n = db_exec(rq->db,
                        "UPDATE plan_items SET title = COALESCE(?, title), owner = COALESCE(?, "
                        "owner), month = CASE WHEN CAST(? AS INTEGER) > 0 THEN CAST(? AS INTEGER) "
                        "ELSE month END, priority = "
                        "COALESCE(?, priority), status = COALESCE(?, status), in_handbook = CASE "
                        "WHEN CAST(? AS INTEGER) < 0 THEN in_handbook ELSE CAST(? AS INTEGER) END "
                        "WHERE id = ? AND plan_id IN "
                        "(SELECT id FROM plans WHERE org_id = ?)",
                        "ssiissiiii", in->title, in->owner ? owner_key(in->owner) : NULL, month,
                        month, in->priority, in->status, (int64_t)in->in_handbook,
                        (int64_t)in->in_handbook, item_id, rq->org_id);
    if (n == 1)
        touch_plan_of_item(rq, item_id);
    return n < 0 ? -1 : n == 1;
}

int64_t plan_item_add(struct req *rq, const plan_item_in_t *in)
{
    db_res_t *r = db_query(rq->db, "SELECT id FROM plans WHERE org_id = ? ORDER BY id DESC LIMIT 1",
                           "i", rq->org_id);
    if (!r)
        return -1;
    int64_t plan = db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : 0;
    db_res_free(r);
    if (!plan)
        return 0;
    int64_t month = 1;
    str_to_i64(in->month, 1, 12, &month);
    int64_t id = db_insert_id(
        rq->db,
        "INSERT INTO plan_items (plan_id, measure_key, item, title, priority, month, owner, "
        "status, "
        "telework, in_handbook, sort) VALUES (?, 'custom', NULL, ?, ?, ?, ?, ?, 0, ?, (SELECT "
        "COALESCE(MAX(sort), 0) + 1 FROM plan_items WHERE plan_id = ?)) RETURNING id",
        "ississii", plan, in->title, in->priority, month, owner_key(in->owner), in->status,
        (int64_t)(in->in_handbook != 0), plan);
    if (id > 0)
        touch_plan_of_item(rq, id);
    return id;
}

int plan_item_delete(struct req *rq, int64_t item_id)
{
    touch_plan_of_item(rq, item_id);
    int64_t n = db_exec(rq->db,
                        "DELETE FROM plan_items WHERE id = ? AND plan_id IN (SELECT id FROM plans "
                        "WHERE org_id = ?)",
                        "ii", item_id, rq->org_id);
    return n < 0 ? -1 : n == 1;
}

static const char *item_title_line(const struct req *rq, const json_t *it, char *buf, size_t n)
{
    const char *t = json_string_value(json_object_get(it, "title"));
    if (json_is_true(json_object_get(it, "telework")))
        str_fmt(buf, n, "%s (%s)", t, tr(rq, "Telework"));
    else if (json_integer_value(json_object_get(it, "item")) > 0)
        str_fmt(buf, n, "%s (No.%lld)", t,
                (long long)json_integer_value(json_object_get(it, "item")));
    else
        str_copy(buf, n, t);
    return buf;
}

static const char *status_line(const struct req *rq, const json_t *it, char *buf, size_t n)
{
    const char *s = json_string_value(json_object_get(it, "status_label"));
    if (json_is_true(json_object_get(it, "overdue")))
        str_fmt(buf, n, "%s (%s)", s, tr(rq, "Overdue"));
    else
        str_copy(buf, n, s);
    return buf;
}

json_t *plan_pdf_doc(const struct req *rq, const json_t *plan, const char *org_name)
{
    json_t *rows = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(plan, "items"), i, it)
    {
        char title[1024], status[256], month[64];
        str_fmt(month, sizeof month, "%s (%lld)",
                json_string_value(json_object_get(it, "cal_month")),
                (long long)json_integer_value(json_object_get(it, "month")));
        json_array_append_new(
            rows, json_pack("[s,s,s,s,s]", month, item_title_line(rq, it, title, sizeof title),
                            json_string_value(json_object_get(it, "priority_label")),
                            json_string_value(json_object_get(it, "owner")),
                            status_line(rq, it, status, sizeof status)));
    }
    char period[128], counts[256];
    str_fmt(period, sizeof period, "%s: %s - %s", tr(rq, "Period"),
            json_string_value(json_object_get(plan, "start_label")),
            json_string_value(json_object_get(plan, "end_month")));
    str_fmt(counts, sizeof counts, "%s: %lld / %s: %lld / %s: %lld", tr(rq, "Measures"),
            (long long)json_integer_value(json_object_get(plan, "n_items")), tr(rq, "Done"),
            (long long)json_integer_value(json_object_get(plan, "n_done")), tr(rq, "Overdue"),
            (long long)json_integer_value(json_object_get(plan, "n_overdue")));
    return json_pack("{s:s,s:s,s:[s,s],s:[{s:s,s:s},{s:s,s:[s,s,s,s,s],s:[f,f,f,f,f],s:o}]}",
                     "title", tr(rq, "Action plan"), "subtitle", org_name, "meta", period, counts,
                     "blocks", "type", "p", "text",
                     tr(rq,
                        "Measures to carry out over one year, made from the gaps found in the "
                        "self-diagnosis. The month in brackets is the month of the plan (1-12)."),
                     "type", "table", "columns", tr(rq, "Month"), tr(rq, "Measure"),
                     tr(rq, "Priority"), tr(rq, "Person in charge"), tr(rq, "Progress"), "widths",
                     1.4, 5.0, 1.0, 1.6, 1.6, "rows", rows);
}

void plan_xlsx_table(const struct req *rq, const json_t *plan, json_t **columns, json_t **rows)
{
    *columns =
        json_pack("[{s:s,s:i},{s:s,s:i},{s:s,s:i},{s:s,s:i},{s:s,s:i},{s:s,s:i},{s:s,s:i},"
                  "{s:s,s:i},{s:s,s:i}]",
                  "title", tr(rq, "Plan month"), "width", 8, "title", tr(rq, "Month"), "width", 10,
                  "title", tr(rq, "Diagnosis item"), "width", 8, "title", tr(rq, "Measure"),
                  "width", 70, "title", tr(rq, "Priority"), "width", 8, "title",
                  tr(rq, "Person in charge"), "width", 16, "title", tr(rq, "Progress"), "width", 10,
                  "title", tr(rq, "Telework"), "width", 10, "title", tr(rq, "Overdue"), "width", 8);
    *rows = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(plan, "items"), i, it)
    {
        json_int_t item = json_integer_value(json_object_get(it, "item"));
        json_array_append_new(
            *rows,
            json_pack("[I,s,o,s,s,s,s,s,s]", json_integer_value(json_object_get(it, "month")),
                      json_string_value(json_object_get(it, "cal_month")),
                      item > 0 ? json_integer(item) : json_null(),
                      json_string_value(json_object_get(it, "title")),
                      json_string_value(json_object_get(it, "priority_label")),
                      json_string_value(json_object_get(it, "owner")),
                      json_string_value(json_object_get(it, "status_label")),
                      json_is_true(json_object_get(it, "telework")) ? tr(rq, "Yes") : "",
                      json_is_true(json_object_get(it, "overdue")) ? tr(rq, "Yes") : ""));
    }
}

json_t *plan_load_for_download(struct req *rq, struct resp *rs, char *name, size_t namesz)
{
    json_t *plan = plan_load(rq);
    if (!plan) {
        page_error(rq, rs, 404);
        return NULL;
    }
    char rep[256];
    name[0] = '\0';
    org_basic(rq->db, rq->org_id, name, namesz, rep, sizeof rep);
    return plan;
}
