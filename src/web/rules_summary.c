/* rules_summary.c - summaries of the rules check and the risk analysis for reports. */
#include "rules_summary.h"

#include "assets_store.h"
#include "rules_points.h"
#include "rules_store.h"
#include "str.h"

#include <string.h>

json_t *rules_check_summary(db_conn_t *db, int64_t org_id, const char *lang)
{
    const json_t *chapters = rules_chapters();
    if (!chapters)
        return NULL;
    db_res_t *r = db_query(db,
                           "SELECT chapter, status, points, updated_at FROM rules_checks WHERE "
                           "org_id = ?",
                           "i", org_id);
    if (!r)
        return NULL;
    const char *lk = str_eq(lang, "en") ? "en" : "ja";
    json_t *list = json_array();
    int in_place = 0, drafting = 0, not_yet = 0, not_needed = 0;
    size_t i;
    json_t *c;
    json_array_foreach(chapters, i, c)
    {
        const char *key = json_string_value(json_object_get(c, "key"));
        const char *status = "not_yet", *points = "", *at = "";
        for (size_t k = 0; k < db_res_rows(r); k++)
            if (str_eq(db_res_text(r, k, 0), key)) {
                status = db_res_text(r, k, 1);
                points = db_res_text(r, k, 2);
                at = db_res_text(r, k, 3);
            }
        if (str_eq(status, "in_place"))
            in_place++;
        else if (str_eq(status, "drafting"))
            drafting++;
        else if (str_eq(status, "not_needed"))
            not_needed++;
        else
            not_yet++;
        json_array_append_new(
            list, json_pack("{s:s,s:s,s:s,s:i,s:i,s:s}", "key", key, "title",
                            json_string_value(json_object_get(json_object_get(c, "title"), lk)),
                            "status", status, "points_checked",
                            rules_points_count(rules_points_parse(points, RULES_POINTS_MAX)),
                            "points_total", (int)json_array_size(json_object_get(c, "points")),
                            "updated_at", at));
    }
    db_res_free(r);
    return json_pack("{s:i,s:i,s:i,s:i,s:i,s:o}", "total", (int)json_array_size(chapters),
                     "in_place", in_place, "drafting", drafting, "not_yet", not_yet, "not_needed",
                     not_needed, "chapters", list);
}

json_t *risk_analysis_summary(db_conn_t *db, int64_t org_id, size_t top_n)
{
    json_t *list = asset_list(db, org_id);
    if (!list)
        return NULL;
    json_t *bands =
        json_pack("{s:i,s:i,s:i,s:i}", "urgent", 0, "this_term", 0, "desirable", 0, "low", 0);
    json_t *top = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        const char *b = json_string_value(json_object_get(a, "band"));
        json_t *n = json_object_get(bands, b);
        if (n)
            json_integer_set(n, json_integer_value(n) + 1);
        if (i < top_n) /* the list is ordered by risk already */
            json_array_append_new(
                top, json_pack("{s:O,s:O,s:O,s:O,s:O,s:O}", "id", json_object_get(a, "id"), "name",
                               json_object_get(a, "name"), "importance",
                               json_object_get(a, "importance"), "likelihood",
                               json_object_get(a, "likelihood"), "risk", json_object_get(a, "risk"),
                               "band", json_object_get(a, "band")));
    }
    json_t *out = json_pack("{s:i,s:o,s:o}", "assets", (int)json_array_size(list), "bands", bands,
                            "top", top);
    json_decref(list);
    return out;
}
