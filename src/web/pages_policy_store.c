/* pages_policy_store.c - basic policy versions: drafts from the template, edits, publication. */
#include "content.h"
#include "form.h"
#include "log.h"
#include "org_basic.h"
#include "policy.h"
#include "policy_blocks.h"
#include "policy_store.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

bool policy_validate(const struct req *rq, const char *title, const char *body, json_t *errors)
{
    const char *m;
    bool ok = true;
    char t[POLICY_TITLE_MAX * 4 + 8];
    str_copy(t, sizeof t, title);
    if (strlen(title) < sizeof t && *str_trim(t) == '\0') {
        form_error(rq, errors, "title", N_("Please enter a title."));
        ok = false;
    } else if (*(m = check_text(title, 1, POLICY_TITLE_MAX))) {
        form_error(rq, errors, "title",
                   str_eq(m, "This is too long.")
                       ? N_("Please keep the title within 100 characters.")
                       : m);
        ok = false;
    }
    bool blank = true;
    for (const char *p = body; *p && blank; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
            blank = false;
    if (blank) {
        form_error(rq, errors, "body", N_("Please enter the text of the policy."));
        ok = false;
    } else if (*(m = check_text(body, 1, POLICY_BODY_MAX))) {
        form_error(rq, errors, "body",
                   str_eq(m, "This is too long.")
                       ? N_("Please keep the policy within 20,000 characters.")
                       : m);
        ok = false;
    }
    return ok;
}

static json_t *row_json(db_res_t *r, size_t i, bool with_body)
{
    json_t *o =
        json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_res_int(r, i, 0), "version",
                  (json_int_t)db_res_int(r, i, 1), "status", db_res_text(r, i, 2), "lang",
                  db_res_text(r, i, 3), "title", db_res_text(r, i, 4), "created_at",
                  db_res_text(r, i, 6), "updated_at", db_res_text(r, i, 7));
    if (with_body)
        json_object_set_new(o, "body", json_string(db_res_text(r, i, 5)));
    const char *pub = db_res_str(r, i, 8);
    json_object_set_new(o, "published_at", pub ? json_string(pub) : json_null());
    json_object_set_new(o, "published_date", pub ? json_stringn(pub, 10) : json_null());
    const char *upd = db_res_text(r, i, 7);
    json_object_set_new(o, "updated_date", json_stringn(upd, strnlen(upd, 10)));
    json_object_set_new(o, "draft", json_boolean(str_eq(db_res_text(r, i, 2), "draft")));
    return o;
}

#define POLICY_COLS "id, version, status, lang, title, body, created_at, updated_at, published_at"

json_t *policy_get(struct req *rq, int64_t id)
{
    db_res_t *r =
        db_query(rq->db, "SELECT " POLICY_COLS " FROM policies WHERE id = ? AND org_id = ?", "ii",
                 id, rq->org_id);
    json_t *o = r && db_res_rows(r) == 1 ? row_json(r, 0, true) : NULL;
    db_res_free(r);
    return o;
}

json_t *policy_list(struct req *rq)
{
    db_res_t *r = db_query(
        rq->db, "SELECT " POLICY_COLS " FROM policies WHERE org_id = ? ORDER BY version DESC", "i",
        rq->org_id);
    json_t *a = json_array();
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_array_append_new(a, row_json(r, i, false));
    db_res_free(r);
    return a;
}

json_t *policy_public(db_conn_t *db, int64_t org_id, int64_t version)
{
    db_res_t *r = db_query(
        db,
        "SELECT " POLICY_COLS ", (SELECT name FROM organizations WHERE id = ?) "
        "FROM policies WHERE org_id = ? AND status = 'published' AND "
        "(version = CAST(? AS INTEGER) OR CAST(? AS INTEGER) = 0) ORDER BY version DESC LIMIT 1",
        "iiii", org_id, org_id, version, version);
    json_t *o = NULL;
    if (r && db_res_rows(r) == 1) {
        o = row_json(r, 0, true);
        json_object_set_new(o, "org_name", json_string(db_res_text(r, 0, 9)));
    }
    db_res_free(r);
    if (!o)
        return NULL;
    r = db_query(db,
                 "SELECT version FROM policies WHERE org_id = ? AND status = 'published' ORDER "
                 "BY version DESC",
                 "i", org_id);
    json_t *v = json_array();
    for (size_t i = 0; r && i < db_res_rows(r); i++)
        json_array_append_new(v, json_integer(db_res_int(r, i, 0)));
    db_res_free(r);
    json_object_set_new(o, "versions", v);
    return o;
}

/* The draft text from the template, filled from the profile. */
static void from_template(struct req *rq, buf_t *title, buf_t *body)
{
    const content_t *c = content_get();
    char name[512] = "", rep[256] = "", now[TIME_ISO_LEN], date[11];
    org_basic(rq->db, rq->org_id, name, sizeof name, rep, sizeof rep);
    time_now_iso(now);
    str_copy(date, sizeof date, now);
    policy_vars_t v = {.org_name = name, .representative = rep, .date = date};
    buf_t all;
    buf_init(&all);
    policy_render_text(c, &v, rq->lang, &all);
    const char *t = dtext_get(&c->policy_title, rq->lang);
    buf_puts(title, t);
    /* policy_render_text starts with the title and a blank line: the body is the rest. */
    const char *rest = buf_cstr(&all);
    size_t tl = strlen(t);
    if (strncmp(rest, t, tl) == 0 && strncmp(rest + tl, "\n\n", 2) == 0)
        rest += tl + 2;
    buf_puts(body, rest);
    buf_free(&all);
}

static int64_t existing_draft(struct req *rq)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT id FROM policies WHERE org_id = ? AND status = 'draft' ORDER BY "
                           "version DESC LIMIT 1",
                           "i", rq->org_id);
    int64_t id = r && db_res_rows(r) == 1 ? db_res_int(r, 0, 0) : 0;
    if (!r)
        id = -1;
    db_res_free(r);
    return id;
}

int64_t policy_create_draft(struct req *rq, bool from_tmpl, bool *created)
{
    *created = false;
    if (!content_get())
        return -1;
    if (db_begin(rq->db) < 0)
        return -1;
    int64_t id = existing_draft(rq);
    if (id != 0) {
        db_rollback(rq->db);
        return id;
    }
    buf_t title, body;
    buf_init(&title);
    buf_init(&body);
    char lang[8];
    str_copy(lang, sizeof lang, rq->lang);
    db_res_t *r = db_query(rq->db,
                           "SELECT title, body, lang, (SELECT COALESCE(MAX(version), 0) FROM "
                           "policies WHERE org_id = ?) FROM policies WHERE org_id = ? AND status "
                           "= 'published' ORDER BY version DESC LIMIT 1",
                           "ii", rq->org_id, rq->org_id);
    int64_t next = 1;
    if (!r)
        goto fail;
    if (db_res_rows(r) == 1) {
        next = db_res_int(r, 0, 3) + 1;
        if (!from_tmpl) {
            buf_puts(&title, db_res_text(r, 0, 0));
            buf_puts(&body, db_res_text(r, 0, 1));
            str_copy(lang, sizeof lang, db_res_text(r, 0, 2));
        }
    }
    db_res_free(r);
    if (title.len == 0)
        from_template(rq, &title, &body);
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    id = db_insert_id(rq->db,
                      "INSERT INTO policies (org_id, version, status, lang, title, body, "
                      "created_at, updated_at, created_by) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, "
                      "?) RETURNING id",
                      "iisssssi", rq->org_id, next, lang, buf_cstr(&title), buf_cstr(&body), now,
                      now, rq->user.id);
    if (id < 0 || db_commit(rq->db) < 0)
        goto fail;
    buf_free(&title);
    buf_free(&body);
    *created = true;
    return id;
fail:
    log_error("policy draft: %s", db_errmsg(rq->db));
    db_rollback(rq->db);
    buf_free(&title);
    buf_free(&body);
    /* A draft made at the same moment by someone else wins; use it. */
    id = existing_draft(rq);
    return id > 0 ? id : -1;
}

/* After an UPDATE guarded by status = 'draft' changed nothing: why? */
static enum pol_result why_unchanged(struct req *rq, int64_t id)
{
    db_res_t *r = db_query(rq->db, "SELECT status FROM policies WHERE id = ? AND org_id = ?", "ii",
                           id, rq->org_id);
    enum pol_result res = !r                                          ? POL_ERROR
                          : db_res_rows(r) == 0                       ? POL_NOT_FOUND
                          : str_eq(db_res_text(r, 0, 0), "published") ? POL_PUBLISHED
                                                                      : POL_ERROR;
    db_res_free(r);
    return res;
}

enum pol_result policy_update_draft(struct req *rq, int64_t id, const char *title, const char *body)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    int64_t n = db_exec(rq->db,
                        "UPDATE policies SET title = ?, body = ?, updated_at = ? WHERE id = ? AND "
                        "org_id = ? AND status = 'draft'",
                        "sssii", title, body, now, id, rq->org_id);
    if (n < 0)
        return POL_ERROR;
    return n == 1 ? POL_OK : why_unchanged(rq, id);
}

enum pol_result policy_publish(struct req *rq, int64_t id, int *version)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (db_begin(rq->db) < 0)
        return POL_ERROR;
    int64_t n = db_exec(rq->db,
                        "UPDATE policies SET status = 'published', published_at = ?, updated_at = "
                        "? WHERE id = ? AND org_id = ? AND status = 'draft'",
                        "ssii", now, now, id, rq->org_id);
    if (n != 1) {
        db_rollback(rq->db);
        return n < 0 ? POL_ERROR : why_unchanged(rq, id);
    }
    db_res_t *r = db_query(rq->db, "SELECT version FROM policies WHERE id = ?", "i", id);
    *version = r && db_res_rows(r) == 1 ? (int)db_res_int(r, 0, 0) : 0;
    db_res_free(r);
    char detail[64];
    str_fmt(detail, sizeof detail, "policy %lld version %d", (long long)id, *version);
    audit(rq, "publish_policy", rq->org_id, detail);
    if (db_commit(rq->db) < 0) {
        db_rollback(rq->db);
        return POL_ERROR;
    }
    return POL_OK;
}

enum pol_result policy_discard(struct req *rq, int64_t id)
{
    int64_t n =
        db_exec(rq->db, "DELETE FROM policies WHERE id = ? AND org_id = ? AND status = 'draft'",
                "ii", id, rq->org_id);
    if (n < 0)
        return POL_ERROR;
    return n == 1 ? POL_OK : why_unchanged(rq, id);
}

json_t *policy_pdf_doc(const struct req *rq, const json_t *pol, const char *org_name)
{
    const char *status = json_string_value(json_object_get(pol, "status"));
    bool published = status && str_eq(status, "published");
    char line[256];
    json_t *meta = json_array();
    json_array_append_new(meta, json_string(org_name));
    str_fmt(line, sizeof line, "%s %lld", tr(rq, "Version"),
            (long long)json_integer_value(json_object_get(pol, "version")));
    json_array_append_new(meta, json_string(line));
    if (published)
        str_fmt(line, sizeof line, "%s %s", tr(rq, "Published on"),
                json_string_value(json_object_get(pol, "published_date")));
    else
        str_copy(line, sizeof line, tr(rq, "Draft (not published)"));
    json_array_append_new(meta, json_string(line));
    return json_pack("{s:s,s:s,s:o,s:o}", "title", json_string_value(json_object_get(pol, "title")),
                     "subtitle", org_name, "meta", meta, "blocks",
                     policy_blocks(json_string_value(json_object_get(pol, "body"))));
}
