/* rules_store.c - rows of rules_checks merged with the chapters of data/rules_chapters.json. */
#include "rules_store.h"

#include "fileutil.h"
#include "form.h"
#include "log.h"
#include "rules_points.h"
#include "str.h"
#include "timeutil.h"

#include <pthread.h>
#include <string.h>

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static json_t *g_chapters;

/* Keeps the file only when every chapter has a key, ja/en title and explanation, and 1 to
 * RULES_POINTS_MAX check points: pages then never meet a half-described chapter. */
static void load_chapters(void)
{
    char path[1024];
    json_error_t je;
    if (!share_path(path, sizeof path, "data/rules_chapters.json"))
        return;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    json_t *ch = json_object_get(root, "chapters");
    size_t i;
    json_t *c;
    bool ok = json_is_array(ch) && json_array_size(ch) > 0;
    json_array_foreach(ch, i, c)
    {
        json_t *p = json_object_get(c, "points");
        if (!json_is_string(json_object_get(c, "key")) ||
            !json_is_string(json_object_get(json_object_get(c, "title"), "ja")) ||
            !json_is_string(json_object_get(json_object_get(c, "title"), "en")) ||
            !json_is_string(json_object_get(json_object_get(c, "explain"), "ja")) ||
            !json_is_string(json_object_get(json_object_get(c, "explain"), "en")) ||
            !json_is_array(p) || json_array_size(p) < 1 || json_array_size(p) > RULES_POINTS_MAX)
            ok = false;
    }
    if (ok)
        g_chapters = json_incref(ch);
    else
        log_error("rules: %s is missing or malformed (%s)", path, root ? "fields" : je.text);
    json_decref(root);
}

const json_t *rules_chapters(void)
{
    pthread_once(&g_once, load_chapters);
    return g_chapters;
}

const json_t *rules_chapter(const char *key)
{
    const json_t *ch = rules_chapters();
    size_t i;
    json_t *c;
    json_array_foreach(ch, i, c)
    {
        if (str_eq(json_string_value(json_object_get(c, "key")), key))
            return c;
    }
    return NULL;
}

static const char *lang_text(const json_t *o, const char *lang)
{
    const char *s = json_string_value(json_object_get(o, str_eq(lang, "en") ? "en" : "ja"));
    return s ? s : "";
}

static const char *status_label(const struct req *rq, const char *s)
{
    if (str_eq(s, "in_place"))
        return tr(rq, "In place");
    if (str_eq(s, "drafting"))
        return tr(rq, "Being drafted");
    if (str_eq(s, "not_needed"))
        return tr(rq, "Not needed for us");
    return tr(rq, "Not started yet");
}

json_t *rules_load(struct req *rq)
{
    const json_t *chapters = rules_chapters();
    if (!chapters)
        return NULL;
    db_res_t *r = db_query(rq->db,
                           "SELECT c.chapter, c.status, c.points, c.notes, c.updated_at, "
                           "COALESCE(u.name, '') FROM rules_checks c LEFT JOIN users u ON u.id "
                           "= c.updated_by WHERE c.org_id = ?",
                           "i", rq->org_id);
    if (!r)
        return NULL;
    json_t *list = json_array();
    int counts[4] = {0, 0, 0, 0}; /* in_place, drafting, not_yet, not_needed */
    size_t i;
    json_t *c;
    json_array_foreach(chapters, i, c)
    {
        const char *key = json_string_value(json_object_get(c, "key"));
        const char *status = "not_yet", *points = "", *notes = "", *at = "", *by = "";
        for (size_t k = 0; k < db_res_rows(r); k++)
            if (str_eq(db_res_text(r, k, 0), key)) {
                status = db_res_text(r, k, 1);
                points = db_res_text(r, k, 2);
                notes = db_res_text(r, k, 3);
                at = db_res_text(r, k, 4);
                by = db_res_text(r, k, 5);
            }
        json_t *pts = json_array();
        size_t j, n_checked = 0;
        long mask = rules_points_parse(points, RULES_POINTS_MAX);
        json_t *p;
        json_array_foreach(json_object_get(c, "points"), j, p)
        {
            bool on = mask > 0 && (mask & (1L << j));
            n_checked += on;
            json_array_append_new(pts, json_pack("{s:i,s:s,s:b}", "n", (int)j + 1, "text",
                                                 lang_text(p, rq->lang), "checked", on));
        }
        counts[str_eq(status, "in_place")     ? 0
               : str_eq(status, "drafting")   ? 1
               : str_eq(status, "not_needed") ? 3
                                              : 2]++;
        char date[11];
        str_copy(date, sizeof date, at); /* "YYYY-MM-DD" for people; updated_at stays exact */
        json_array_append_new(
            list,
            json_pack("{s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:o,s:i,s:i,s:s,s:s,s:s}", "key", key, "no",
                      (int)i + 1, "title", lang_text(json_object_get(c, "title"), rq->lang),
                      "explain", lang_text(json_object_get(c, "explain"), rq->lang), "status",
                      status, "status_label", status_label(rq, status), "notes", notes, "points",
                      pts, "n_points", (int)json_array_size(pts), "n_checked", (int)n_checked,
                      "updated_at", at, "updated_date", date, "updated_by", by));
    }
    db_res_free(r);
    size_t total = json_array_size(chapters);
    json_t *out =
        json_pack("{s:o,s:{s:i,s:i,s:i,s:i,s:i,s:i}}", "chapters", list, "summary", "in_place",
                  counts[0], "drafting", counts[1], "not_yet", counts[2], "not_needed", counts[3],
                  "applicable", (int)total - counts[3], "total", (int)total);
    return out;
}

static void field_name(char *out, size_t outsz, const char *prefix, const char *key)
{
    if (!str_fmt(out, outsz, "%s_%s", prefix, key))
        out[0] = '\0';
}

bool rules_validate(const struct req *rq, const rules_in_t *in, json_t *errors)
{
    const json_t *c = rules_chapter(in->chapter);
    char f[96];
    if (!c)
        return false;
    bool ok = true;
    if (!str_eq(in->status, "not_needed") && !str_eq(in->status, "not_yet") &&
        !str_eq(in->status, "drafting") && !str_eq(in->status, "in_place")) {
        field_name(f, sizeof f, "status", in->chapter);
        form_error(rq, errors, f, N_("Please choose how far this chapter is."));
        ok = false;
    }
    if (in->points &&
        rules_points_parse(in->points, (int)json_array_size(json_object_get(c, "points"))) < 0) {
        field_name(f, sizeof f, "points", in->chapter);
        form_error(rq, errors, f, N_("Please tick only the check points listed."));
        ok = false;
    }
    const char *notes = in->notes ? in->notes : in->cur_notes ? in->cur_notes : "";
    const char *bad = check_text(notes, 0, RULES_NOTES_MAX);
    field_name(f, sizeof f, "notes", in->chapter);
    if (*bad) {
        form_error(rq, errors, f,
                   str_eq(bad, "This is too long.") ? N_("Please keep the notes within 2,000 "
                                                         "characters.")
                                                    : bad);
        ok = false;
    } else if (str_eq(in->status, "not_needed") && str_utf8_len(notes) == 0) {
        form_error(rq, errors, f,
                   N_("Please write in the notes why this chapter is not needed (for example, "
                      "that you do not develop any systems yourselves)."));
        ok = false;
    }
    return ok;
}

int rules_save(struct req *rq, const rules_in_t *in, size_t n)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    buf_t changed;
    buf_init(&changed);
    int count = 0;
    if (db_begin(rq->db) < 0)
        goto fail;
    for (size_t k = 0; k < n; k++) {
        db_res_t *r = db_query(rq->db,
                               "SELECT status, points, notes FROM rules_checks WHERE org_id = ? "
                               "AND chapter = ?",
                               "is", rq->org_id, in[k].chapter);
        if (!r)
            goto fail;
        bool exists = db_res_rows(r) == 1;
        /* stored as ascending "1,3,4" whatever order was submitted */
        char points[64] = "";
        const char *src = in[k].points ? in[k].points : exists ? db_res_text(r, 0, 1) : "";
        rules_points_format(rules_points_parse(src, RULES_POINTS_MAX), points, sizeof points);
        const char *notes = in[k].notes ? in[k].notes : exists ? db_res_text(r, 0, 2) : "";
        bool same = exists ? str_eq(db_res_text(r, 0, 0), in[k].status) &&
                                 str_eq(db_res_text(r, 0, 1), points) &&
                                 str_eq(db_res_text(r, 0, 2), notes)
                           : str_eq(in[k].status, "not_yet") && !*points && !*notes;
        int64_t w = 0;
        if (!same)
            w = db_exec(rq->db,
                        "INSERT INTO rules_checks (org_id, chapter, status, points, notes, "
                        "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                        "(org_id, chapter) DO UPDATE SET status = excluded.status, points = "
                        "excluded.points, notes = excluded.notes, updated_by = "
                        "excluded.updated_by, updated_at = excluded.updated_at",
                        "issssis", rq->org_id, in[k].chapter, in[k].status, points, notes,
                        rq->user.id, now);
        db_res_free(r);
        if (w < 0)
            goto fail;
        if (!same) {
            if (count++)
                buf_append(&changed, ",", 1);
            buf_append(&changed, in[k].chapter, strlen(in[k].chapter));
        }
    }
    if (count)
        audit(rq, "rules.update", rq->org_id, buf_cstr(&changed));
    if (db_commit(rq->db) < 0)
        goto fail;
    buf_free(&changed);
    return count;
fail:
    log_error("rules: %s", db_errmsg(rq->db));
    db_rollback(rq->db);
    buf_free(&changed);
    return -1;
}
