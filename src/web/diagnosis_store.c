/* diagnosis_store.c - diagnoses and their answers in the database, scoped to one organization. */
#include "diagnosis_store.h"
#include "log.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

static void copy_col(char *out, size_t outsz, const db_res_t *r, size_t col)
{
    str_copy(out, outsz, db_res_text(r, 0, col));
}

enum diag_store_err diag_load(db_conn_t *db, int64_t org, int64_t id, struct diag_row *row,
                              diag_answers_t *ans)
{
    memset(row, 0, sizeof *row);
    memset(ans, 0, sizeof *ans);
    if (id <= 0)
        return DS_NOT_FOUND;
    db_res_t *r = db_query(db,
                           "SELECT id, status, started_at, completed_at, total, score_basic, "
                           "score_employee, score_organization, band FROM diagnoses "
                           "WHERE id = ? AND org_id = ?",
                           "ii", id, org);
    if (!r)
        return DS_DB;
    if (db_res_rows(r) != 1) {
        db_res_free(r);
        return DS_NOT_FOUND;
    }
    row->id = db_res_int(r, 0, 0);
    row->completed = str_eq(db_res_text(r, 0, 1), "completed");
    copy_col(row->started_at, sizeof row->started_at, r, 2);
    copy_col(row->completed_at, sizeof row->completed_at, r, 3);
    row->total = (int)db_res_int(r, 0, 4);
    for (int p = 0; p < PART_COUNT; p++)
        row->parts[p] = (int)db_res_int(r, 0, (size_t)(5 + p));
    copy_col(row->band, sizeof row->band, r, 8);
    db_res_free(r);
    r = db_query(db, "SELECT item, answer FROM diagnosis_answers WHERE diagnosis_id = ?", "i", id);
    if (!r)
        return DS_DB;
    for (size_t i = 0; i < db_res_rows(r); i++) {
        int64_t item = db_res_int(r, i, 0);
        if (item >= 1 && item <= DIAG_ITEMS)
            ans->a[item] = diag_answer_parse(db_res_text(r, i, 1));
    }
    db_res_free(r);
    return DS_OK;
}

int64_t diag_open_id(db_conn_t *db, int64_t org)
{
    db_res_t *r = db_query(db,
                           "SELECT id FROM diagnoses WHERE org_id = ? AND status = 'in_progress' "
                           "ORDER BY id LIMIT 1",
                           "i", org);
    if (!r)
        return -1;
    int64_t id = db_res_rows(r) ? db_res_int(r, 0, 0) : 0;
    db_res_free(r);
    return id;
}

int64_t diag_start(db_conn_t *db, int64_t org, int64_t user, bool *created)
{
    *created = false;
    int64_t id = diag_open_id(db, org);
    if (id != 0)
        return id;
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    id = db_insert_id(db,
                      "INSERT INTO diagnoses (org_id, status, started_at, created_by) "
                      "VALUES (?, 'in_progress', ?, ?) RETURNING id",
                      "isi", org, now, user);
    if (id > 0) {
        *created = true;
        return id;
    }
    /* Lost a race with another start: the unique index kept it to one; resume that one. */
    id = diag_open_id(db, org);
    return id > 0 ? id : -1;
}

/* Locks the row for the transaction and tells whether it may still change. */
static enum diag_store_err lock_open(db_conn_t *db, int64_t org, int64_t id)
{
    int64_t n = db_exec(db,
                        "UPDATE diagnoses SET status = status WHERE id = ? AND org_id = ? AND "
                        "status = 'in_progress'",
                        "ii", id, org);
    if (n < 0)
        return DS_DB;
    if (n == 1)
        return DS_OK;
    db_res_t *r =
        db_query(db, "SELECT 1 FROM diagnoses WHERE id = ? AND org_id = ?", "ii", id, org);
    enum diag_store_err e = !r ? DS_DB : db_res_rows(r) ? DS_COMPLETED : DS_NOT_FOUND;
    db_res_free(r);
    return e;
}

static enum diag_store_err save_locked(db_conn_t *db, int64_t id, const diag_answers_t *ans)
{
    for (int i = 1; i <= DIAG_ITEMS; i++) {
        if (ans->a[i] == ANS_NONE)
            continue;
        if (db_exec(db,
                    "INSERT INTO diagnosis_answers (diagnosis_id, item, answer) VALUES (?, ?, ?) "
                    "ON CONFLICT (diagnosis_id, item) DO UPDATE SET answer = excluded.answer",
                    "iis", id, (int64_t)i, diag_answer_key(ans->a[i])) != 1)
            return DS_DB;
    }
    return DS_OK;
}

enum diag_store_err diag_save(db_conn_t *db, int64_t org, int64_t id, const diag_answers_t *ans)
{
    if (db_begin(db) != 0)
        return DS_DB;
    enum diag_store_err e = lock_open(db, org, id);
    if (e == DS_OK)
        e = save_locked(db, id, ans);
    if (e == DS_OK && db_commit(db) != 0)
        e = DS_DB;
    if (e != DS_OK) {
        if (e == DS_DB)
            log_error("diagnosis %lld save: %s", (long long)id, db_errmsg(db));
        db_rollback(db);
    }
    return e;
}

enum diag_store_err diag_complete(db_conn_t *db, const content_t *c, int64_t org, int64_t id,
                                  diag_result_t *res)
{
    diag_result_t local;
    if (!res)
        res = &local;
    if (db_begin(db) != 0)
        return DS_DB;
    struct diag_row row;
    diag_answers_t ans;
    enum diag_store_err e = lock_open(db, org, id);
    if (e == DS_OK)
        e = diag_load(db, org, id, &row, &ans);
    if (e == DS_OK && diag_first_missing(&ans) != 0)
        e = DS_INCOMPLETE;
    if (e == DS_OK && diag_score(c, &ans, res, NULL) != DIAG_OK)
        e = DS_INCOMPLETE; /* stored answers are checked on the way in; cannot happen */
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (e == DS_OK &&
        db_exec(db,
                "UPDATE diagnoses SET status = 'completed', completed_at = ?, total = ?, "
                "score_basic = ?, score_employee = ?, score_organization = ?, band = ? "
                "WHERE id = ? AND org_id = ? AND status = 'in_progress'",
                "siiiisii", now, (int64_t)res->total, (int64_t)res->parts[PART_BASIC],
                (int64_t)res->parts[PART_EMPLOYEE], (int64_t)res->parts[PART_ORGANIZATION],
                res->band ? res->band->key : "", id, org) != 1)
        e = DS_DB;
    if (e == DS_OK && db_commit(db) != 0)
        e = DS_DB;
    if (e != DS_OK) {
        if (e == DS_DB)
            log_error("diagnosis %lld complete: %s", (long long)id, db_errmsg(db));
        db_rollback(db);
    }
    return e;
}

int64_t diag_previous(db_conn_t *db, int64_t org, int64_t id)
{
    /* Only one diagnosis is open at a time, so ids are in order of completion too. */
    db_res_t *r = db_query(db,
                           "SELECT id FROM diagnoses WHERE org_id = ? AND status = 'completed' "
                           "AND id < ? ORDER BY id DESC LIMIT 1",
                           "ii", org, id);
    int64_t prev = r && db_res_rows(r) ? db_res_int(r, 0, 0) : 0;
    db_res_free(r);
    return prev;
}

int diag_first_missing(const diag_answers_t *ans)
{
    for (int i = 1; i <= DIAG_ITEMS; i++)
        if (ans->a[i] == ANS_NONE)
            return i;
    return 0;
}
