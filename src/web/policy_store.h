/* policy_store.h - basic policy versions in the database, shared by pages and the API.
 *
 * State machine of one row: draft --publish--> published (final). A draft is editable; a
 * published version never changes again. At most one draft per organization exists; its
 * version number is the next one, so publishing it makes it the newest published version.
 * Every function is scoped to rq->org_id (ids of other organizations are "not found"). */
#ifndef OTASUKE_POLICY_STORE_H
#define OTASUKE_POLICY_STORE_H

#include "policy_blocks.h"
#include "web.h"

enum pol_result { POL_OK, POL_NOT_FOUND, POL_PUBLISHED, POL_ERROR };

#define POLICY_TITLE_MAX 100
#define POLICY_BODY_MAX 20000

/* Adds translated errors for "title" and "body" to errors; true when both are fine. */
bool policy_validate(const struct req *rq, const char *title, const char *body, json_t *errors);

/* Returns the id of the organization's draft: the existing one, or a new one copied from the
 * newest published version (or filled from the template when there is none, or when
 * from_template). *created tells which. -1 on a database error. */
int64_t policy_create_draft(struct req *rq, bool from_template, bool *created);

enum pol_result policy_update_draft(struct req *rq, int64_t id, const char *title,
                                    const char *body);
/* Publishes a draft; *version gets its version number. Writes the audit log. */
enum pol_result policy_publish(struct req *rq, int64_t id, int *version);
/* Deletes a draft (never a published version). */
enum pol_result policy_discard(struct req *rq, int64_t id);

/* {id, version, status, lang, title, body, created_at, updated_at, published_at|null}. */
json_t *policy_get(struct req *rq, int64_t id);
/* Every version, newest first, without body. */
json_t *policy_list(struct req *rq);
/* A published version of any organization (version 0: the newest), with "org_name" and
 * "versions" (every published version number, newest first); NULL when there is none. */
json_t *policy_public(db_conn_t *db, int64_t org_id, int64_t version);

/* PDF document model of a version (policy_get/policy_public shape). */
json_t *policy_pdf_doc(const struct req *rq, const json_t *pol, const char *org_name);

#endif
