/* pages_org_basic.c - reads an organization's name and representative for documents. */
#include "org_basic.h"
#include "str.h"

bool org_basic(db_conn_t *db, int64_t org_id, char *name, size_t namesz, char *rep, size_t repsz)
{
    db_res_t *r =
        db_query(db, "SELECT name, representative FROM organizations WHERE id = ?", "i", org_id);
    bool ok = r && db_res_rows(r) == 1;
    if (ok) {
        str_copy(name, namesz, db_res_text(r, 0, 0));
        str_copy(rep, repsz, db_res_text(r, 0, 1));
    }
    db_res_free(r);
    return ok;
}
