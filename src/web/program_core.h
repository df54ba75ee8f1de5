/* program_core.h - guidance programs shared by the pages and the JSON API: loading,
 * validating and saving a program, the eligibility facts of an organization, applying,
 * the operator's decisions and the SME's withdrawal (docs/program.md state machine). */
#ifndef OTASUKE_PROGRAM_CORE_H
#define OTASUKE_PROGRAM_CORE_H

#include "program_elig.h"
#include "web.h"

#define PROG_MAX_VISITS 12

/* The Japanese calendar date of a stored UTC timestamp ("" when it does not parse). */
void prog_jst_date(const char *iso, char out[11]);

/* A program as JSON, texts in lang: {"id","year","name","description","capacity",
 * "accepted","places_left","apply_from","apply_until","visits_from","visits_until",
 * "visit_count","fee_per_visit","require_sme","min_stars","require_no_policy",
 * "excluded_program_id" (int|null),"excluded_program_name","phase" (upcoming|open|closed),
 * "curriculum":[{"no","title_ja","title_en","title"}]}. NULL when absent or on error. */
json_t *prog_get(db_conn_t *db, int64_t id, const char *lang);
void prog_rules_from(const json_t *prog, prog_rules_t *out);

/* Raw values of the program form (or JSON fields as text); "" when absent. */
typedef struct {
    const char *year, *name, *description, *capacity, *apply_from, *apply_until, *visits_from,
        *visits_until, *visit_count, *fee_per_visit, *require_sme, *min_stars, *require_no_policy,
        *excluded_program_id;
    const char *title_ja[PROG_MAX_VISITS], *title_en[PROG_MAX_VISITS];
} prog_form_t;

typedef struct {
    int64_t year, capacity, visit_count, fee, min_stars, excluded;
    bool require_sme, require_no_policy;
} prog_checked_t;

/* Field names in form order (for the first error's focus). */
extern const char *const PROG_FIELDS[];
/* Validates; one translated message per bad field in errors. self_id is the program being
 * edited (0 for a new one). */
bool prog_check(struct req *rq, const prog_form_t *f, int64_t self_id, json_t *errors,
                prog_checked_t *out);
/* Creates (id 0) or updates a program with its curriculum in one transaction. Returns the
 * id, -1 on error, -2 when the new capacity is below the accepted count. */
int64_t prog_save(struct req *rq, int64_t id, const prog_form_t *f, const prog_checked_t *c);
/* The default curriculum of data/program_curriculum.json: [{"no","ja","en"}]. */
json_t *prog_default_curriculum(void);

/* The decision for org_id applying to prog now, as JSON:
 * {"eligible","open","can_apply","reasons":[{"rule","code","ok","text":{"ja","en"}}]}.
 * NULL on a database error. */
json_t *prog_eligibility(struct req *rq, const json_t *prog, int64_t org_id);
/* Adds "message" (text in the request's language) to each reason of a decision. */
void prog_decision_localize(const struct req *rq, json_t *decision);

enum prog_result {
    PROG_OK = 0,
    PROG_NOT_FOUND,
    PROG_REFUSED,   /* eligibility refused: see the decision */
    PROG_BAD_STATE, /* the application is not in a state that allows it */
    PROG_FULL,      /* accept refused: accepted == capacity */
    PROG_NEED_REASON,
    PROG_ERROR,
};

/* Applies for org_id. On PROG_REFUSED *decision tells why; on PROG_OK *app_id is set.
 * *decision is always set (caller frees) unless PROG_ERROR/PROG_NOT_FOUND. */
enum prog_result prog_apply(struct req *rq, int64_t prog_id, int64_t org_id, const char *message,
                            json_t **decision, int64_t *app_id);
/* The operator's decision: "accept", "reject" (reason required) or "waitlist". program_id
 * 0 accepts any program; otherwise the application must belong to it. Mails the members. */
enum prog_result prog_decide_app(struct req *rq, int64_t app_id, int64_t program_id,
                                 const char *decision, const char *reason);
/* The SME withdraws a submitted or wait-listed application of its own organization. */
enum prog_result prog_withdraw(struct req *rq, int64_t app_id, int64_t org_id);

/* SQL: 1 when organization o passes program p's organization rules today, else 0 (the
 * same rules as prog_decide, for filtering lists). */
#define PROG_ELIGIBLE_NOW_SQL                                                                      \
    "(CASE WHEN (p.require_sme = 0 OR o.sme_eligible = 1) AND (p.min_stars = 0 OR "                \
    "COALESCE((SELECT MAX(d.level) FROM declarations d WHERE d.org_id = o.id AND d.status = "      \
    "'active'), 0) >= p.min_stars) AND (p.require_no_policy = 0 OR NOT EXISTS (SELECT 1 FROM "     \
    "policies pl WHERE pl.org_id = o.id AND pl.status = 'published')) AND "                        \
    "(p.excluded_program_id IS NULL OR NOT EXISTS (SELECT 1 FROM program_applications x WHERE "    \
    "x.org_id = o.id AND x.program_id = p.excluded_program_id AND x.status IN ('accepted', "       \
    "'matched', 'completed', 'terminated'))) THEN 1 ELSE 0 END)"

/* One application as JSON (with the program's name and the organization), or NULL:
 * org_id > 0 restricts to that organization. */
json_t *prog_application_get(struct req *rq, int64_t app_id, int64_t org_id);
/* Text of a status in the request's language. */
const char *prog_status_text(const struct req *rq, const char *status);

/* The program group's other route files, registered by pages_program_register. */
void pages_program_apps_register(struct app *app);   /* operator decisions */
void pages_program_sme_register(struct app *app);    /* /w/:org/program, apply, withdraw */
void pages_program_public_register(struct app *app); /* /programs, FAQ */
void api_program_register(struct app *app);          /* /api/v1/programs, applications */

#endif
