/* plan_store.h - the action plan (対策実行計画書) in the database, shared by pages, API and
 * exports. An organization's current plan is its newest row in plans; generating again makes
 * a new plan (older ones stay in the database). Every function is scoped to rq->org_id. */
#ifndef OTASUKE_PLAN_STORE_H
#define OTASUKE_PLAN_STORE_H

#include "web.h"

#define PLAN_TITLE_MAX 120
#define PLAN_OWNER_MAX 60

/* Makes a new plan from the newest completed diagnosis. Returns the plan id, 0 when the
 * organization has no completed diagnosis, -1 on error. */
int64_t plan_create(struct req *rq);

/* The current plan: {id, diagnosis_id, start_month, created_at, updated_at, today_index,
 * n_items, n_done, n_overdue, items: [...]}, items ordered by month, then priority; each
 * {id, measure_key, item, title, custom, priority, month, cal_month, owner, owner_raw, status,
 * telework, in_handbook, overdue, this_month}. Titles and owners in rq->lang. NULL: none. */
json_t *plan_load(struct req *rq);

/* For the plan and handbook downloads: the current plan, with the organization's name in
 * name. NULL, after a 404 page, when the organization has no plan. */
json_t *plan_load_for_download(struct req *rq, struct resp *rs, char *name, size_t namesz);

/* One item of the organization's plans (same shape as above), or NULL. */
json_t *plan_item_get(struct req *rq, int64_t item_id);

/* Values of an item as submitted (strings; NULL = keep the current value). */
typedef struct {
    const char *title; /* custom measures only */
    const char *owner;
    const char *month; /* "1".."12" */
    const char *priority;
    const char *status;
    int in_handbook; /* -1 keep, 0, 1 */
} plan_item_in_t;

/* Checks in (merged over cur when cur is given) and adds translated errors per field
 * ("title", "owner", "month", "priority", "status"). true when fine. */
bool plan_item_validate(const struct req *rq, const plan_item_in_t *in, const json_t *cur,
                        bool custom, json_t *errors);

/* Writes validated values. Returns 1 done, 0 not found, -1 error. */
int plan_item_update(struct req *rq, int64_t item_id, const plan_item_in_t *in);
/* Adds a custom measure to the current plan; its id, 0 when there is no plan, -1 error. */
int64_t plan_item_add(struct req *rq, const plan_item_in_t *in);
/* Returns 1 deleted, 0 not found, -1 error. */
int plan_item_delete(struct req *rq, int64_t item_id);

/* Exports of the current plan (plan_load shape). */
json_t *plan_pdf_doc(const struct req *rq, const json_t *plan, const char *org_name);
void plan_xlsx_table(const struct req *rq, const json_t *plan, json_t **columns, json_t **rows);

#endif
