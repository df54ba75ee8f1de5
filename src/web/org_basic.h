/* org_basic.h - the few organization fields documents print (name, representative). */
#ifndef OTASUKE_ORG_BASIC_H
#define OTASUKE_ORG_BASIC_H

#include "store.h"

#include <stdbool.h>
#include <stddef.h>

/* False when the organization does not exist (or on a database error). */
bool org_basic(db_conn_t *db, int64_t org_id, char *name, size_t namesz, char *rep, size_t repsz);

#endif
