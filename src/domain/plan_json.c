/* plan_json.c - serialize a generated plan (entries in plan order). */
#include "plan_json.h"

#include <jansson.h>

static json_t *text(const dtext_t *t)
{
    return json_pack("{s:s, s:s}", "ja", t->ja ? t->ja : "", "en", t->en ? t->en : "");
}

char *plan_to_json(const plan_t *p)
{
    json_t *arr = json_array();
    if (!arr)
        return NULL;
    for (size_t i = 0; i < p->n; i++) {
        const plan_entry_t *e = &p->e[i];
        json_t *o =
            json_pack("{s:s, s:i, s:o, s:s, s:i, s:s, s:o, s:s}", "id", e->measure->id, "item",
                      e->item, "title", text(&e->measure->title), "priority",
                      plan_priority_key(e->priority), "month", e->month, "owner", e->owner->key,
                      "owner_label", text(&e->owner->label), "status", e->status);
        if (!o || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    json_t *root = json_pack("{s:o}", "measures", arr);
    if (!root)
        return NULL;
    char *s = json_dumps(root, JSON_PRESERVE_ORDER);
    json_decref(root);
    return s;
}
