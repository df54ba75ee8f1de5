/* pages_report_core.c - submitting and reading final reports (see pages_report_core.h). */
#include "pages_report_core.h"
#include "form.h"
#include "pages_report_build.h"
#include "survey_invite.h"
#include "str.h"
#include "timeutil.h"

#include <stdlib.h>
#include <string.h>

static struct report_ctx ctx_for(struct req *rq, const struct vmatch *m)
{
    struct report_ctx c = {.db = rq->db,
                           .cat = rq->app->cat,
                           .base_url = rq->app->cfg.base_url,
                           .org_id = m->org_id,
                           .match_id = m->id,
                           .program_id = m->program_id};
    return c;
}

json_t *report_preview(struct req *rq, const struct vmatch *m)
{
    struct report_ctx c = ctx_for(rq, m);
    return report_assemble(&c);
}

int report_submit(struct req *rq, const struct vmatch *m, const char *overall,
                  const char *recommendations, json_t *errors)
{
    const char *e = check_text(overall, 1, 8000);
    if (*e)
        form_error(rq, errors, "overall", e);
    e = check_text(recommendations, 1, 8000);
    if (*e)
        form_error(rq, errors, "recommendations", e);
    if (json_object_size(errors))
        return (int)json_object_size(errors);
    if (!str_eq(m->status, "confirmed") || m->done < m->visit_count)
        return -1;
    json_t *snap = report_preview(rq, m);
    char *snap_s = json_dumps(snap, JSON_COMPACT);
    json_decref(snap);
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    int rc = -1;
    if (!snap_s || db_begin(rq->db) < 0)
        goto out;
    /* matches.status = 'confirmed' in the UPDATE makes a second submission touch no row;
     * final_reports.match_id is UNIQUE as well. */
    if (db_exec(rq->db,
                "UPDATE matches SET status = 'completed', ended_at = ? WHERE id = ? AND status = "
                "'confirmed'",
                "si", now, m->id) != 1 ||
        db_insert_id(rq->db,
                     "INSERT INTO final_reports (match_id, org_id, program_id, expert_id, overall, "
                     "recommendations, snapshot, submitted_by, submitted_at) VALUES (?, ?, ?, ?, "
                     "?, ?, ?, ?, ?) RETURNING id",
                     "iiiisssis", m->id, m->org_id, m->program_id, m->expert_id, overall,
                     recommendations, snap_s, rq->user.id, now) <= 0 ||
        db_exec(rq->db, "UPDATE program_applications SET status = 'completed' WHERE id = ?", "i",
                m->application_id) < 0 ||
        db_exec(rq->db, "UPDATE experts SET active = active - 1 WHERE id = ? AND active > 0", "i",
                m->expert_id) < 0 ||
        db_commit(rq->db) < 0) {
        db_rollback(rq->db);
        goto out;
    }
    rc = 0;
    struct vmail v = {.subject = N_("The final report of the expert guidance is ready"),
                      .intro = N_("The expert submitted the final report. You can read it and "
                                  "download it as a PDF.")};
    vmail_line(&v, N_("Program"), m->program_name, false);
    vmail_line(&v, N_("Company"), m->org_name, false);
    vmail_line(&v, N_("Expert"), m->expert_name, false);
    str_fmt(v.link, sizeof v.link, "/w/%lld/program/report", (long long)m->org_id);
    vmail_send_org(rq, m->org_id, &v);
    vmail_send_operators(rq, &v);
    /* The guidance is over: both sides get their questionnaire (once per match). */
    survey_invite_match(rq, m->id);
out:
    free(snap_s);
    return rc;
}

json_t *report_load(struct req *rq, int64_t match_id)
{
    db_res_t *r = db_query(rq->db,
                           "SELECT overall, recommendations, submitted_at, snapshot FROM "
                           "final_reports WHERE match_id = ?",
                           "i", match_id);
    json_t *out = NULL;
    if (r && db_res_rows(r) == 1) {
        json_t *snap = json_loads(db_res_text(r, 0, 3), 0, NULL);
        char day[11] = "";
        const char *at = db_res_text(r, 0, 2);
        if (strlen(at) >= 10)
            memcpy(day, at, 10);
        out = json_pack("{s:s,s:s,s:s,s:s,s:o}", "overall", db_res_text(r, 0, 0), "recommendations",
                        db_res_text(r, 0, 1), "submitted_at", at, "submitted_on", day, "snapshot",
                        snap ? snap : json_object());
    }
    db_res_free(r);
    return out;
}
