/* assets_store.h - the asset inventory (情報資産管理台帳, domain.md §4) of one organization,
 * with importance, likelihood and risk computed by src/domain/risk.c. Shared by the page,
 * the JSON API, the XLSX export and the summaries. Every asset id is checked against the
 * organization in SQL (WHERE id = ? AND org_id = ?). */
#ifndef OTASUKE_ASSETS_STORE_H
#define OTASUKE_ASSETS_STORE_H

#include "web.h"

#define ASSET_NAME_MAX 100
#define ASSET_TEXT_MAX 200
#define ASSET_NOTES_MAX 1000

/* Submitted values: text fields and levels "1".."3" as strings. */
typedef struct {
    const char *business_area, *name, *notes, *users, *department, *medium, *owner;
    const char *c, *i, *a, *threat, *weakness;
    bool personal_data, existential;
} asset_in_t;

/* One asset as JSON: {id, business_area, name, notes, users, department, medium, owner,
 * confidentiality, integrity, availability, personal_data, existential, threat, weakness,
 * importance, likelihood, risk, band, updated_at}. */

/* Every asset of org_id, highest risk first (then name, id). NULL on error. */
json_t *asset_list(db_conn_t *db, int64_t org_id);
/* One asset of org_id, or NULL (not found, another organization's, or error). */
json_t *asset_get(db_conn_t *db, int64_t org_id, int64_t id);

/* Checks in; adds translated errors per field ("name", "business_area", "notes", "users",
 * "department", "medium", "owner", "c", "i", "a", "threat", "weakness"). */
bool asset_validate(const struct req *rq, const asset_in_t *in, json_t *errors);
/* Writes a validated asset of rq->org_id (audited). New id, or -1. */
int64_t asset_insert(struct req *rq, const asset_in_t *in);
/* 1 done, 0 not found in rq->org_id, -1 error. */
int asset_update(struct req *rq, int64_t id, const asset_in_t *in);
int asset_delete(struct req *rq, int64_t id);

/* The ledger as an XLSX table (xlsx.h columns/rows) in rq->lang. */
void asset_xlsx_table(const struct req *rq, const json_t *list, json_t **columns, json_t **rows);

#endif
