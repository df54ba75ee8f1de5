/* workspace.h - one organization's progress on the SECURITY ACTION path, for every page
 * group that needs it (workspace home, verification, exports, API). */
#ifndef OTASUKE_WORKSPACE_H
#define OTASUKE_WORKSPACE_H

#include "store.h"

#include <jansson.h>
#include <stdint.h>

/* A new JSON object describing org_id, or NULL when the organization does not exist:
 *   {"org": {"id", "name", "org_type", "industry", "prefecture", "sme_eligible",
 *            "sme_rule"},
 *    "stars": 0 | 1 | 2,                 (level of the active declaration, 0 if none)
 *    "declaration": {"id", "public_id", "level", "step_up", "status", "declared_at",
 *                    "withdrawn_at", "withdrawn_reason"} | null   (newest row, any status)
 *    "diagnosis": {"id", "completed_at", "total", "band"} | null  (newest completed)
 *    "policy": {"id", "version", "published_at"} | null           (newest published)
 *    "plan": {"id", "created_at"} | null}                          (newest plan)
 * The caller must already have checked that the user may see org_id. */
json_t *workspace_summary(db_conn_t *db, int64_t org_id);

#endif
