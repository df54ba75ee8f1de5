/* plan_json.h - the action plan as JSON for the API and exports. */
#ifndef OTASUKE_PLAN_JSON_H
#define OTASUKE_PLAN_JSON_H

#include "plan.h"

/* {"measures": [{"id", "item", "title": {"ja","en"}, "priority", "month", "owner",
 *  "owner_label": {"ja","en"}, "status"}, ...]}; malloc'd, NULL on out of memory. */
char *plan_to_json(const plan_t *p);

#endif
