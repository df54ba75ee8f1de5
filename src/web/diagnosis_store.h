/* diagnosis_store.h - diagnoses and their answers in the database, always scoped to one
 * organization (every lookup is WHERE id = ? AND org_id = ?).
 *
 * States: in_progress -> completed. Answers may change only while in progress; completing
 * scores the 25 answers and freezes the row forever. At most one diagnosis per organization
 * is in progress (a unique partial index, migration 013); starting again resumes it. */
#ifndef OTASUKE_DIAGNOSIS_STORE_H
#define OTASUKE_DIAGNOSIS_STORE_H

#include "diagnosis.h"
#include "store.h"

#include <stdbool.h>
#include <stdint.h>

struct diag_row {
    int64_t id;
    bool completed;
    char started_at[32];
    char completed_at[32];
    int total;
    int parts[PART_COUNT];
    char band[16];
};

enum diag_store_err {
    DS_OK = 0,
    DS_NOT_FOUND = -1,  /* no such diagnosis in this organization */
    DS_COMPLETED = -2,  /* read-only */
    DS_DB = -3,         /* database error (rolled back) */
    DS_INCOMPLETE = -4, /* not every item answered */
};

/* Loads diagnosis id of organization org with its answers (ANS_NONE where unanswered). */
enum diag_store_err diag_load(db_conn_t *db, int64_t org, int64_t id, struct diag_row *row,
                              diag_answers_t *ans);
/* The id of the organization's diagnosis in progress, 0 if none, -1 on error. */
int64_t diag_open_id(db_conn_t *db, int64_t org);
/* Returns the diagnosis in progress, creating it when there is none (*created then true).
 * -1 on error. */
int64_t diag_start(db_conn_t *db, int64_t org, int64_t user, bool *created);
/* Stores every answer that is not ANS_NONE, in one transaction. Answers must already be
 * checked with diag_check_answer. */
enum diag_store_err diag_save(db_conn_t *db, int64_t org, int64_t id, const diag_answers_t *ans);
/* Scores the stored answers and marks the diagnosis completed, in one transaction.
 * DS_INCOMPLETE if an item is unanswered. res (may be NULL) receives the result. */
enum diag_store_err diag_complete(db_conn_t *db, const content_t *c, int64_t org, int64_t id,
                                  diag_result_t *res);
/* The completed diagnosis before id in the same organization (0 if none). */
int64_t diag_previous(db_conn_t *db, int64_t org, int64_t id);
/* First unanswered item 1-25, or 0 when all are answered. */
int diag_first_missing(const diag_answers_t *ans);

#endif
